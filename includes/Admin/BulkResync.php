<?php
/**
 * The orders list's "Resync Perfex invoices" bulk action.
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Registerable;
use WooSync\Sync\EndOfRequestRunner;
use WooSync\Sync\JobQueue;

defined( 'ABSPATH' ) || exit;

/**
 * Queues the invoice job of every selected order (the same durable job as a completed order:
 * lock, retries, history, order note). The first RUN_NOW run at the end of the request, the
 * others from the queue. An order that already has its invoice keeps it: its job finds the link.
 * WooCommerce checks the list's nonce before the action is handed over; the capability is
 * checked here again.
 */
final class BulkResync implements Registerable {

	public const ACTION = 'woosync_resync_invoices';

	/** The query argument that tells the list how many orders were queued. */
	public const DONE = 'woosync_resynced';

	/** Jobs run in the request itself (after the response); the rest wait for the queue. */
	public const RUN_NOW = 20;

	/** The orders list: custom order tables, and the posts screen. */
	private const SCREENS = array( 'woocommerce_page_wc-orders', 'edit-shop_order' );

	/**
	 * Constructor.
	 *
	 * @param JobQueue           $queue  Jobs.
	 * @param EndOfRequestRunner $runner Runs the first jobs once the response is sent.
	 */
	public function __construct( private JobQueue $queue, private EndOfRequestRunner $runner ) {
	}

	/**
	 * Hooks the action into both order lists, and the notice that follows it.
	 */
	public function register(): void {
		foreach ( self::SCREENS as $screen ) {
			add_filter( "bulk_actions-$screen", array( $this, 'add' ) );
			add_filter( "handle_bulk_actions-$screen", array( $this, 'handle' ), 10, 3 );
		}
		add_action( 'admin_notices', array( $this, 'notice' ) );
		// WordPress takes it out of the address once shown: a reload does not say it again.
		add_filter( 'removable_query_args', array( $this, 'removable' ) );
	}

	/**
	 * The count argument is one WordPress removes from the address bar.
	 *
	 * @param array<string> $args Removable query arguments.
	 * @return array<string>
	 */
	public function removable( $args ): array {
		return array_merge( (array) $args, array( self::DONE ) );
	}

	/**
	 * Adds the action for whoever may edit orders.
	 *
	 * @param array<string, string> $actions Bulk actions.
	 * @return array<string, string>
	 */
	public function add( $actions ): array {
		$actions = (array) $actions;
		if ( current_user_can( 'edit_shop_orders' ) ) {
			$actions[ self::ACTION ] = __( 'Resync Perfex invoices', 'woosync' );
		}
		return $actions;
	}

	/**
	 * Queues the selected orders' invoice jobs.
	 *
	 * @param string     $redirect Where the list goes next.
	 * @param string     $action   The chosen action.
	 * @param array<int> $ids      Selected order ids.
	 * @return string
	 */
	public function handle( $redirect, $action, $ids ) {
		if ( self::ACTION !== $action || ! current_user_can( 'edit_shop_orders' ) ) {
			return $redirect;
		}
		$queued = 0;
		foreach ( array_map( 'absint', (array) $ids ) as $order_id ) {
			if ( ! wc_get_order( $order_id ) instanceof \WC_Order ) {
				continue;
			}
			$action_id = $this->queue->enqueue( JobQueue::SYNC_INVOICE, $order_id );
			if ( $queued < self::RUN_NOW ) {
				$this->runner->add( $action_id );
			}
			++$queued;
		}
		return add_query_arg( self::DONE, $queued, (string) $redirect );
	}

	/**
	 * After the action: how many orders were queued, and where to see what became of them.
	 */
	public function notice(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a count to show, nothing is changed.
		if ( ! isset( $_GET[ self::DONE ] ) || ! current_user_can( 'edit_shop_orders' ) ) {
			return;
		}
		$queued = absint( $_GET[ self::DONE ] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$text   = sprintf(
			/* translators: %d: number of orders. */
			_n( '%d order is being synced to Perfex.', '%d orders are being synced to Perfex.', $queued, 'woosync' ),
			$queued
		);
		$link = current_user_can( 'manage_woocommerce' )
			? sprintf( ' <a href="%s">%s</a>', esc_url( admin_url( 'admin.php?page=' . SettingsPage::SLUG ) ), esc_html__( 'See the sync history', 'woosync' ) )
			: '';
		printf( '<div class="notice notice-success is-dismissible woosync-bulk-notice"><p>%s%s</p></div>', esc_html( $text ), $link ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped above.
	}
}
