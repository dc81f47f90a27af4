<?php
/**
 * The Action Scheduler callback of invoice jobs.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;

defined( 'ABSPATH' ) || exit;

/**
 * Runs a queued `woosync_sync_invoice` job ({order_id}) through InvoiceSync.
 */
final class SyncInvoiceJob implements Registerable {

	/**
	 * Constructor.
	 *
	 * @param InvoiceSync $sync The sync service.
	 */
	public function __construct( private InvoiceSync $sync ) {
	}

	/**
	 * Hooks the job.
	 */
	public function register(): void {
		add_action( JobQueue::SYNC_INVOICE, array( $this, 'run' ), 10, 1 );
	}

	/**
	 * Action Scheduler passes the args positionally: the order id.
	 *
	 * A "busy" answer leaves a follow-up run after the lock's expiry (InvoiceSync::sync), in
	 * case the run holding the lock died before recording anything.
	 *
	 * @param int|string $order_id The order.
	 */
	public function run( $order_id ): void {
		$this->sync->sync( (int) $order_id, InvoiceSync::SOURCE_QUEUE );
	}
}
