<?php
/**
 * Listens to WooCommerce order status changes.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;
use WooSync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Turns "order completed" into a queued invoice job, run at the end of the same request. The
 * hook does nothing else: calling Perfex inside a status hook would slow down checkout and
 * admin saves.
 */
final class OrderStatusListener implements Registerable {

	/**
	 * Constructor.
	 *
	 * @param Settings           $settings The store's settings.
	 * @param JobQueue           $queue    Where jobs go.
	 * @param EndOfRequestRunner $runner   Runs the queued job once the response is sent.
	 */
	public function __construct( private Settings $settings, private JobQueue $queue, private EndOfRequestRunner $runner ) {
	}

	/**
	 * Hooks into WooCommerce (the same hook fires for posts and custom order tables).
	 */
	public function register(): void {
		add_action( 'woocommerce_order_status_completed', array( $this, 'on_completed' ), 10, 1 );
	}

	/**
	 * An order reached "completed".
	 *
	 * @param int $order_id The order.
	 */
	public function on_completed( $order_id ): void {
		if ( ! $this->settings->auto_create_invoice() ) {
			return;
		}
		$this->runner->add( $this->queue->enqueue( JobQueue::SYNC_INVOICE, (int) $order_id ) );
	}
}
