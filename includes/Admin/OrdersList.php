<?php
/**
 * The orders list: a Perfex column and the "Resync Perfex invoices" bulk action.
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Registerable;
use WooSync\Settings;
use WooSync\Storage\Links;
use WooSync\Sync\EndOfRequestRunner;
use WooSync\Sync\JobQueue;

defined( 'ABSPATH' ) || exit;

/**
 * The Perfex column shows each order's invoice (linked to its page in Perfex), so a bookkeeper
 * sees which orders have none yet. The bulk action queues the invoice job of every selected
 * order (the same durable job as a completed order: lock, retries, history, order note). The
 * first RUN_NOW run at the end of the request, the others from the queue. An order that already has its invoice keeps it: its job finds the link.
 * WooCommerce checks the list's nonce before the action is handed over; the capability is
 * checked here again.
 */
final class OrdersList implements Registerable {

	public const ACTION = 'woosync_resync_invoices';

	/** The query argument that tells the list how many orders were queued. */
	public const DONE = 'woosync_resynced';

	/** Jobs run in the request itself (after the response); the rest wait for the queue. */
	public const RUN_NOW = 20;

	public const COLUMN = 'woosync_perfex';

	/** The orders list: custom order tables, and the posts screen. */
	private const SCREENS = array( 'woocommerce_page_wc-orders', 'edit-shop_order' );

	/**
	 * Constructor.
	 *
	 * @param JobQueue           $queue    Jobs.
	 * @param EndOfRequestRunner $runner   Runs the first jobs once the response is sent.
	 * @param Links              $links    The orders' invoices.
	 * @param Settings           $settings Where the Perfex pages are.
	 */
	public function __construct( private JobQueue $queue, private EndOfRequestRunner $runner, private Links $links, private Settings $settings ) {
	}

	/**
	 * Hooks the column and the action into both order lists, and the notice after the action.
	 */
	public function register(): void {
		foreach ( self::SCREENS as $screen ) {
			add_filter( "bulk_actions-$screen", array( $this, 'add' ) );
			add_filter( "handle_bulk_actions-$screen", array( $this, 'handle' ), 10, 3 );
			add_filter( "manage_{$screen}_columns", array( $this, 'columns' ) );
		}
		add_action( 'manage_woocommerce_page_wc-orders_custom_column', array( $this, 'cell' ), 10, 2 );
		add_action( 'manage_shop_order_posts_custom_column', array( $this, 'cell' ), 10, 2 );
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
	 * Adds the Perfex column after the total.
	 *
	 * @param array<string, string> $columns Columns.
	 * @return array<string, string>
	 */
	public function columns( $columns ): array {
		$columns = (array) $columns;
		$at      = array_search( 'order_total', array_keys( $columns ), true );
		$at      = false === $at ? count( $columns ) : $at + 1;
		return array_slice( $columns, 0, $at, true ) + array( self::COLUMN => __( 'Perfex', 'woosync' ) ) + array_slice( $columns, $at, null, true );
	}

	/**
	 * An order's Perfex cell: its invoice number, linked to Perfex, or a dash.
	 *
	 * @param string              $column   Column.
	 * @param \WC_Order|int|mixed $order Order (custom order tables) or post id (posts screen).
	 */
	public function cell( $column, $order ): void {
		if ( self::COLUMN !== $column ) {
			return;
		}
		$order_id = $order instanceof \WC_Order ? $order->get_id() : absint( $order );
		$link     = $this->links->get( $order_id );
		if ( null === $link ) {
			printf( '<span aria-hidden="true">—</span><span class="screen-reader-text">%s</span>', esc_html__( 'No Perfex invoice yet', 'woosync' ) );
			return;
		}
		echo PerfexLink::html( $this->settings, Links::INVOICE, (int) $link['perfex_id'], (string) $link['perfex_number'] ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped there.
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
