<?php
/**
 * Listens to WooCommerce refunds.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;
use WooSync\Settings;
use WooSync\Storage\Links;

defined( 'ABSPATH' ) || exit;

/**
 * Each refund becomes one `woosync_sync_refund` job ({refund_id, order_id}), run at the end of
 * the request. `woocommerce_refund_created` fires for every refund `wc_create_refund()` makes:
 * the order screen's and REST refunds, and the remainder refund WooCommerce creates when an
 * order is set to "Refunded" by hand (`wc_order_fully_refunded`). Refunds that waited for the
 * order's invoice are queued again when it is linked. A deleted refund is recorded.
 */
final class RefundListener implements Registerable {

	/**
	 * Constructor.
	 *
	 * @param Settings           $settings Settings.
	 * @param JobQueue           $queue    Jobs.
	 * @param EndOfRequestRunner $runner   End-of-request runner.
	 * @param Links              $links    Links.
	 * @param RefundSync         $sync     The refund sync (deletions).
	 */
	public function __construct(
		private Settings $settings,
		private JobQueue $queue,
		private EndOfRequestRunner $runner,
		private Links $links,
		private RefundSync $sync
	) {
	}

	/**
	 * Hooks into WooCommerce and WooSync.
	 */
	public function register(): void {
		add_action( 'woocommerce_refund_created', array( $this, 'on_refund_created' ), 10, 1 );
		add_action( 'woosync_invoice_linked', array( $this, 'on_invoice_linked' ), 10, 1 );
		add_action( 'woocommerce_refund_deleted', array( $this, 'on_refund_deleted' ), 10, 2 );
		add_action( 'woocommerce_rest_delete_shop_order_refund_object', array( $this, 'on_rest_refund_deleted' ), 10, 1 );
	}

	/**
	 * A refund was created.
	 *
	 * @param int $refund_id The refund.
	 */
	public function on_refund_created( $refund_id ): void {
		$refund = wc_get_order( (int) $refund_id );
		if ( ! $refund instanceof \WC_Order_Refund ) {
			return;
		}
		$order_id = (int) $refund->get_parent_id();
		if ( ! $this->settings->auto_create_invoice() && null === $this->links->get( $order_id ) ) {
			return;
		}
		$this->queue_refund( (int) $refund_id, $order_id );
	}

	/**
	 * The order's invoice was linked: its refunds without a document follow.
	 *
	 * @param int $order_id The order.
	 */
	public function on_invoice_linked( $order_id ): void {
		$order = wc_get_order( (int) $order_id );
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		foreach ( array_reverse( $order->get_refunds() ) as $refund ) {
			if ( null === $this->sync->link( $refund->get_id() ) ) {
				$this->queue_refund( $refund->get_id(), (int) $order_id );
			}
		}
	}

	/**
	 * A refund was deleted from the order screen.
	 *
	 * @param int $refund_id Refund.
	 * @param int $order_id  Order.
	 */
	public function on_refund_deleted( $refund_id, $order_id ): void {
		$this->sync->deleted( (int) $refund_id, (int) $order_id );
	}

	/**
	 * A refund was deleted through the REST API.
	 *
	 * @param \WC_Order_Refund|mixed $refund The refund (already deleted from the store).
	 */
	public function on_rest_refund_deleted( $refund ): void {
		if ( $refund instanceof \WC_Order_Refund ) {
			$this->sync->deleted( $refund->get_id(), (int) $refund->get_parent_id() );
		}
	}

	/**
	 * Queues a refund's job and runs it at the end of the request.
	 *
	 * @param int $refund_id Refund.
	 * @param int $order_id  Order.
	 */
	private function queue_refund( int $refund_id, int $order_id ): void {
		$this->runner->add(
			$this->queue->enqueue_args(
				JobQueue::SYNC_REFUND,
				array(
					'refund_id' => $refund_id,
					'order_id'  => $order_id,
				)
			)
		);
	}
}
