<?php
/**
 * Asks Perfex (through the sidecar) which linked invoices have been paid.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Sidecar\SidecarError;
use WooSync\Storage\Links;

defined( 'ABSPATH' ) || exit;

/**
 * The module's code does not reliably fire a "paid" webhook, so a recurring Action Scheduler
 * job (`woosync_reconcile`, every `reconcile_interval` minutes) asks the sidecar's
 * `/v1/invoices/status` about the linked invoices of orders still in processing or on-hold, in
 * batches of 200, and hands each answer to PaymentCompletion. A webhook queues the same work at
 * once (`woosync_reconcile_now`). When the sidecar or Perfex fails, nothing is touched: the next
 * run asks again.
 */
final class Reconciler implements Registerable {

	public const RECURRING = 'woosync_reconcile';
	public const NOW       = 'woosync_reconcile_now';
	public const BATCH     = 200;

	/**
	 * Constructor.
	 *
	 * @param Settings           $settings   Settings.
	 * @param SidecarClient      $sidecar    Sidecar.
	 * @param Links              $links      Links.
	 * @param PaymentCompletion  $completion The completion step.
	 * @param EndOfRequestRunner $runner     Runs a webhook's reconcile after the response.
	 */
	public function __construct(
		private Settings $settings,
		private SidecarClient $sidecar,
		private Links $links,
		private PaymentCompletion $completion,
		private EndOfRequestRunner $runner
	) {
	}

	/**
	 * Hooks the jobs and keeps the recurring one scheduled at the configured interval.
	 */
	public function register(): void {
		add_action( self::RECURRING, array( $this, 'run' ) );
		add_action( self::NOW, array( $this, 'run' ) );
		add_action( 'action_scheduler_init', array( $this, 'schedule' ) );
	}

	/**
	 * Schedules the recurring job (again when the interval changed); none while not connected.
	 */
	public function schedule(): void {
		$interval = 60 * max( 1, (int) $this->settings->get( 'reconcile_interval' ) );
		$next     = as_get_scheduled_actions(
			array(
				'hook'     => self::RECURRING,
				'group'    => JobQueue::GROUP,
				'status'   => \ActionScheduler_Store::STATUS_PENDING,
				'per_page' => 1,
			)
		);
		$action   = reset( $next );
		if ( ! $this->settings->auto_create_invoice() ) {
			if ( $action ) {
				as_unschedule_all_actions( self::RECURRING, array(), JobQueue::GROUP );
			}
			return;
		}
		if ( $action ) {
			$schedule = $action->get_schedule();
			if ( is_object( $schedule ) && method_exists( $schedule, 'get_recurrence' ) && (int) $schedule->get_recurrence() === $interval ) {
				return;
			}
			as_unschedule_all_actions( self::RECURRING, array(), JobQueue::GROUP );
		}
		as_schedule_recurring_action( time() + $interval, $interval, self::RECURRING, array(), JobQueue::GROUP );
	}

	/**
	 * Queues a reconcile now (a webhook arrived) and runs it at the end of the request.
	 */
	public function queue_now(): int {
		if ( as_has_scheduled_action( self::NOW, array(), JobQueue::GROUP ) ) {
			return 0;
		}
		$id = (int) as_enqueue_async_action( self::NOW, array(), JobQueue::GROUP );
		$this->runner->add( $id );
		return $id;
	}

	/**
	 * One reconcile: every order awaiting payment with a linked invoice, in batches.
	 *
	 * @return array<string, int> How many orders each outcome had.
	 */
	public function run(): array {
		$counts = array();
		if ( ! $this->settings->get( 'complete_on_payment' ) ) {
			return $counts;
		}
		$batch = array();
		foreach ( $this->candidates() as $order_id => $invoice_id ) {
			$batch[ $order_id ] = $invoice_id;
			if ( count( $batch ) >= self::BATCH ) {
				$counts = $this->reconcile( $batch, $counts );
				$batch  = array();
			}
		}
		return $batch ? $this->reconcile( $batch, $counts ) : $counts;
	}

	/**
	 * Orders in processing or on-hold, with a linked invoice and no store payment.
	 *
	 * @return array<int, int> Order id → Perfex invoice id.
	 */
	private function candidates(): array {
		$candidates = array();
		$page       = 1;
		$full       = false;
		do {
			$ids = wc_get_orders(
				array(
					'type'    => 'shop_order',
					'status'  => array( 'processing', 'on-hold' ),
					'limit'   => 500,
					'paged'   => $page++,
					'orderby' => 'id',
					'order'   => 'ASC',
					'return'  => 'ids',
				)
			);
			foreach ( (array) $ids as $order_id ) {
				$link = $this->links->get( (int) $order_id );
				if ( null === $link ) {
					continue;
				}
				$order = wc_get_order( (int) $order_id );
				if ( $order instanceof \WC_Order && PaymentCompletion::awaits_payment( $order ) ) {
					$candidates[ (int) $order_id ] = (int) $link['perfex_id'];
				}
			}
			$full = is_array( $ids ) && 500 === count( $ids );
		} while ( $full );
		return $candidates;
	}

	/**
	 * Asks about one batch and applies the answers.
	 *
	 * @param array<int, int>    $batch  Order id → invoice id.
	 * @param array<string, int> $counts Counts so far.
	 * @return array<string, int>
	 */
	private function reconcile( array $batch, array $counts ): array {
		try {
			$statuses = $this->sidecar->invoice_statuses( array_values( $batch ) );
		} catch ( SidecarError $error ) {
			if ( function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->warning( 'WooSync reconcile: ' . $error->getMessage(), array( 'source' => 'woosync' ) );
			}
			$counts['failed'] = ( $counts['failed'] ?? 0 ) + count( $batch );
			return $counts;
		}
		foreach ( $batch as $order_id => $invoice_id ) {
			$outcome            = isset( $statuses[ $invoice_id ] ) ? $this->completion->apply( $order_id, $statuses[ $invoice_id ] ) : 'no_answer';
			$counts[ $outcome ] = ( $counts[ $outcome ] ?? 0 ) + 1;
		}
		return $counts;
	}
}
