<?php
/**
 * The Action Scheduler callback of refund jobs.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;

defined( 'ABSPATH' ) || exit;

/**
 * Runs a queued `woosync_sync_refund` job ({refund_id, order_id}) through RefundSync.
 */
final class SyncRefundJob implements Registerable {

	/**
	 * Constructor.
	 *
	 * @param RefundSync $sync The refund sync.
	 */
	public function __construct( private RefundSync $sync ) {
	}

	/**
	 * Hooks the job.
	 */
	public function register(): void {
		add_action( JobQueue::SYNC_REFUND, array( $this, 'run' ), 10, 2 );
	}

	/**
	 * Action Scheduler passes the args positionally.
	 *
	 * @param int|string $refund_id The refund.
	 * @param int|string $order_id  Its order.
	 */
	public function run( $refund_id, $order_id ): void {
		$this->sync->sync( (int) $refund_id, (int) $order_id, InvoiceSync::SOURCE_QUEUE );
	}
}
