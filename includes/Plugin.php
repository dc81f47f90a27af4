<?php
/**
 * Bootstrap: the explicit list of WooSync's services.
 *
 * @package WooSync
 */

namespace WooSync;

use WooSync\Admin\MissingWooCommerceNotice;
use WooSync\Admin\OrderMetaBox;
use WooSync\Admin\OrdersList;
use WooSync\Admin\SettingsPage;
use WooSync\Admin\SiteHealth;
use WooSync\Cli\Command;
use WooSync\Rest\HealthController;
use WooSync\Rest\HistoryController;
use WooSync\Rest\MapController;
use WooSync\Rest\OrderInvoiceController;
use WooSync\Rest\PerfexCheckController;
use WooSync\Rest\SettingsController;
use WooSync\Rest\TaxRatesController;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;
use WooSync\Storage\Schema;
use WooSync\Sync\EndOfRequestRunner;
use WooSync\Sync\InvoiceSync;
use WooSync\Sync\SyncInvoiceJob;
use WooSync\Sync\JobQueue;
use WooSync\Sync\OrderStatusListener;
use WooSync\Rest\WebhookController;
use WooSync\Sync\PaymentCompletion;
use WooSync\Sync\Reconciler;
use WooSync\Sync\RefundListener;
use WooSync\Sync\RefundSync;
use WooSync\Sync\SyncRefundJob;

defined( 'ABSPATH' ) || exit;

/**
 * Wires WooSync into WordPress. Every service is listed here, in one place.
 */
final class Plugin {

	/**
	 * Registers the services, once WordPress has loaded every plugin.
	 *
	 * Without WooCommerce only the admin notice saying so is registered: nothing else can work.
	 */
	public static function boot(): void {
		add_action( 'init', array( self::class, 'load_textdomain' ) );
		// A plugin update without re-activation: bring the tables up to this code's version.
		Schema::maybe_upgrade();

		if ( ! self::woocommerce_is_active() ) {
			( new MissingWooCommerceNotice() )->register();
			return;
		}

		$settings  = new Settings();
		$mappings  = new Mappings();
		$queue     = new JobQueue();
		$runner    = new EndOfRequestRunner();
		$sidecar   = new SidecarClient( $settings, $mappings );
		$links     = new Links();
		$history   = new History();
		$lock      = new Lock();
		$sync      = new InvoiceSync( $settings, $sidecar, $links, $history, $lock, $queue );
		$health    = new Health( $settings, $sidecar, $history, $queue );
		$refunds   = new RefundSync( $settings, $sidecar, $links, $history, $lock, $queue, $runner );
		$reconcile = new Reconciler( $settings, $sidecar, $links, new PaymentCompletion( $settings, $links ), $runner );

		$services = array(
			$runner,
			new OrderStatusListener( $settings, $queue, $runner, $links ),
			new SyncInvoiceJob( $sync ),
			new RefundListener( $settings, $queue, $runner, $links, $refunds ),
			new SyncRefundJob( $refunds ),
			$reconcile,
			new WebhookController( $settings, $sidecar, $lock, $reconcile ),
			new SettingsController( $settings ),
			MapController::taxes( $mappings ),
			MapController::currencies( $mappings ),
			new HistoryController( $history, $settings ),
			new OrderInvoiceController( $sync, $links, $history, $queue, $lock, $refunds ),
			new HealthController( $health ),
			new PerfexCheckController( $sidecar ),
			new TaxRatesController(),
			new OrderMetaBox( $links, $history, $settings ),
			new OrdersList( $queue, $runner, $links, $settings ),
			new SiteHealth( $health ),
			new SettingsPage(),
		);
		foreach ( $services as $service ) {
			$service->register();
		}

		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			\WP_CLI::add_command( 'woosync', new Command( $sync, $health, $settings, $sidecar, $reconcile ) );
		}
	}

	/**
	 * Loads translations for the `woosync` text domain.
	 */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'woosync', false, dirname( plugin_basename( WOOSYNC_FILE ) ) . '/languages' );
	}

	/**
	 * Whether WooCommerce is loaded (checked on plugins_loaded, after every plugin file ran).
	 */
	public static function woocommerce_is_active(): bool {
		return class_exists( 'WooCommerce' ) && function_exists( 'wc_get_order' );
	}
}
