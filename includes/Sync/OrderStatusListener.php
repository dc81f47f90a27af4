<?php
/**
 * Listens to WooCommerce order status changes.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;
use WooSync\Settings;
use WooSync\Storage\Links;

defined( 'ABSPATH' ) || exit;

/**
 * Turns "order reached one of the invoice statuses" (setting `invoice_statuses`, default
 * completed) into a queued invoice job, run at the end of the same request. The hook does
 * nothing else: calling Perfex inside a status hook would slow down checkout and admin saves.
 *
 * An order gets one invoice whatever the setting: once it is linked, later transitions queue
 * nothing (and a job that runs anyway stops at the link).
 */
final class OrderStatusListener implements Registerable {

	/**
	 * Constructor.
	 *
	 * @param Settings           $settings The store's settings.
	 * @param JobQueue           $queue    Where jobs go.
	 * @param EndOfRequestRunner $runner   Runs the queued job once the response is sent.
	 * @param Links              $links    Order ↔ invoice links.
	 */
	public function __construct( private Settings $settings, private JobQueue $queue, private EndOfRequestRunner $runner, private Links $links ) {
	}

	/**
	 * Hooks into WooCommerce (the same hook fires for posts and custom order tables).
	 */
	public function register(): void {
		add_action( 'woocommerce_order_status_changed', array( $this, 'on_status_changed' ), 10, 3 );
	}

	/**
	 * An order changed status.
	 *
	 * @param int    $order_id The order.
	 * @param string $from     Previous status (without `wc-`).
	 * @param string $to       New status (without `wc-`).
	 */
	public function on_status_changed( $order_id, $from, $to ): void {
		unset( $from );
		if ( ! $this->settings->auto_create_invoice() ) {
			return;
		}
		if ( ! in_array( (string) $to, $this->settings->invoice_statuses(), true ) ) {
			return;
		}
		if ( null !== $this->links->get( (int) $order_id ) ) {
			return;
		}
		$this->runner->add( $this->queue->enqueue( JobQueue::SYNC_INVOICE, (int) $order_id ) );
	}
}
