<?php
/**
 * WooCommerce → WooSync: the page the admin app (admin-src/, built into build/admin/) runs on.
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Registerable;

defined( 'ABSPATH' ) || exit;

/**
 * Adds the submenu page for store managers and loads the app's script with the WordPress
 * packages it was built against (build/admin/index.asset.php) and its translations.
 */
final class SettingsPage implements Registerable {

	public const SLUG = 'woosync';

	public const SCRIPT = 'woosync-admin';

	/**
	 * The page's hook suffix, once added.
	 *
	 * @var string|false
	 */
	private $hook = false;

	/**
	 * Hooks the menu entry and the assets.
	 */
	public function register(): void {
		// After WooCommerce adds its own menu (priority 9).
		add_action( 'admin_menu', array( $this, 'add' ), 60 );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Adds WooCommerce → WooSync.
	 */
	public function add(): void {
		$this->hook = add_submenu_page(
			'woocommerce',
			__( 'WooSync for Perfex CRM', 'woosync' ),
			__( 'WooSync', 'woosync' ),
			'manage_woocommerce',
			self::SLUG,
			array( $this, 'render' )
		);
	}

	/**
	 * The page: a heading, and the element the app mounts on (with a message until it does).
	 */
	public function render(): void {
		$currency = function_exists( 'get_woocommerce_currency' ) ? (string) get_woocommerce_currency() : '';
		echo '<div class="wrap">';
		echo '<h1>' . esc_html__( 'WooSync for Perfex CRM', 'woosync' ) . '</h1>';
		printf( '<div id="woosync-admin" data-store-currency="%s" data-order-url="%s">', esc_attr( $currency ), esc_attr( self::order_url() ) );
		if ( ! is_readable( self::asset_file() ) ) {
			echo '<div class="notice notice-error inline"><p>' . esc_html__( 'The WooSync admin app is missing from this copy of the plugin (build/admin). Reinstall the plugin from its release package.', 'woosync' ) . '</p></div>';
		} else {
			echo '<noscript>' . esc_html__( 'The WooSync settings need JavaScript.', 'woosync' ) . '</noscript>';
		}
		echo '</div></div>';
	}

	/**
	 * Loads the app on its own page only.
	 *
	 * @param string $hook_suffix The current admin page.
	 */
	public function enqueue( $hook_suffix ): void {
		if ( false === $this->hook || $hook_suffix !== $this->hook ) {
			return;
		}
		self::enqueue_app();
	}

	/**
	 * Enqueues the admin script (the app and the order box's Resync button), its styles and
	 * translations.
	 *
	 * @return bool False when the build is missing from this copy of the plugin.
	 */
	public static function enqueue_app(): bool {
		if ( ! is_readable( self::asset_file() ) ) {
			return false;
		}
		$asset = require self::asset_file();
		$asset = is_array( $asset ) ? $asset : array();
		$deps  = isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$ver   = isset( $asset['version'] ) ? (string) $asset['version'] : WOOSYNC_VERSION;
		$base  = plugins_url( 'build/admin/', WOOSYNC_FILE );

		wp_enqueue_script( self::SCRIPT, $base . 'index.js', $deps, $ver, true );
		wp_set_script_translations( self::SCRIPT, 'woosync', WOOSYNC_DIR . '/languages' );
		wp_enqueue_style( self::SCRIPT, $base . 'style-index.css', array( 'wp-components' ), $ver );
		wp_style_add_data( self::SCRIPT, 'rtl', 'replace' );
		return true;
	}

	/**
	 * The order screen's address with `%d` for the order id: custom order tables or posts.
	 */
	private static function order_url(): string {
		$screen = function_exists( 'wc_get_page_screen_id' ) ? (string) wc_get_page_screen_id( 'shop-order' ) : 'shop_order';
		if ( 'woocommerce_page_wc-orders' === $screen ) {
			return admin_url( 'admin.php?page=wc-orders&action=edit&id=%d' );
		}
		return admin_url( 'post.php?post=%d&action=edit' );
	}

	/**
	 * The build's list of script dependencies and version.
	 */
	private static function asset_file(): string {
		return WOOSYNC_DIR . '/build/admin/index.asset.php';
	}
}
