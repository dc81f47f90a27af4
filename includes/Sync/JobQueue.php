<?php
/**
 * WooSync's jobs in Action Scheduler, WooCommerce's durable queue.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Queues one job per order and kind.
 *
 * Action Scheduler's own `$unique` flag compares hook and group only (not the arguments),
 * so it would let one order's pending job block every other order's. Uniqueness per order
 * is checked here instead, and the job itself is idempotent for the rare race.
 */
final class JobQueue {

	public const GROUP = 'woosync';

	/** Creates or re-links the Perfex invoice of one order. */
	public const SYNC_INVOICE = 'woosync_sync_invoice';

	/** Creates or re-links the Perfex credit note (or expense) of one refund; keyed by refund id. */
	public const SYNC_REFUND = 'woosync_sync_refund';

	/**
	 * Queues a job for an order unless one is already pending or running.
	 *
	 * @param string $hook     The job kind (one of this class's constants).
	 * @param int    $order_id The order it is about.
	 * @return int The action id, or 0 when a job was already waiting.
	 */
	public function enqueue( string $hook, int $order_id ): int {
		return $this->enqueue_args( $hook, array( 'order_id' => $order_id ) );
	}

	/**
	 * Queues a job unless one with the same arguments is already pending or running.
	 *
	 * @param string             $hook The job kind.
	 * @param array<string, int> $args Its key (`order_id`, or `refund_id` + `order_id`).
	 * @return int The action id, or 0 when a job was already waiting.
	 */
	public function enqueue_args( string $hook, array $args ): int {
		if ( as_has_scheduled_action( $hook, $args, self::GROUP ) ) {
			return 0;
		}
		return (int) as_enqueue_async_action( $hook, $args, self::GROUP );
	}

	/**
	 * Schedules a later run of a job (a retry), unless one is already pending for the order.
	 *
	 * Called from inside the running job, whose own action is still "in progress": that one
	 * does not count, only a pending one does.
	 *
	 * @param string $hook     The job kind.
	 * @param int    $order_id The order.
	 * @param int    $delay    Seconds from now.
	 * @return int The action id, or 0 when a run was already pending.
	 */
	public function schedule_retry( string $hook, int $order_id, int $delay ): int {
		return $this->schedule_retry_args( $hook, array( 'order_id' => $order_id ), $delay );
	}

	/**
	 * Schedules a later run of a job with these arguments, unless one is already pending.
	 *
	 * @param string             $hook  The job kind.
	 * @param array<string, int> $args  Its key.
	 * @param int                $delay Seconds from now.
	 * @return int The action id, or 0 when a run was already pending.
	 */
	public function schedule_retry_args( string $hook, array $args, int $delay ): int {
		if ( $this->pending_ids_args( $hook, $args ) ) {
			return 0;
		}
		return (int) as_schedule_single_action( time() + max( 0, $delay ), $hook, $args, self::GROUP );
	}

	/**
	 * Pending (not yet started) jobs of an order.
	 *
	 * @param string $hook     The job kind.
	 * @param int    $order_id The order.
	 * @return array<int>
	 */
	public function pending_ids( string $hook, int $order_id ): array {
		return $this->pending_ids_args( $hook, array( 'order_id' => $order_id ) );
	}

	/**
	 * Pending (not yet started) jobs with these arguments.
	 *
	 * @param string             $hook The job kind.
	 * @param array<string, int> $args Its key.
	 * @return array<int>
	 */
	public function pending_ids_args( string $hook, array $args ): array {
		return array_map(
			'intval',
			array_values(
				as_get_scheduled_actions(
					array(
						'hook'     => $hook,
						'args'     => $args,
						'group'    => self::GROUP,
						'status'   => \ActionScheduler_Store::STATUS_PENDING,
						'per_page' => 10,
					),
					'ids'
				)
			)
		);
	}

	/**
	 * How many WooSync jobs wait (pending), all orders and kinds.
	 */
	public function depth(): int {
		return count(
			as_get_scheduled_actions(
				array(
					'group'    => self::GROUP,
					'status'   => \ActionScheduler_Store::STATUS_PENDING,
					'per_page' => 1000,
				),
				'ids'
			)
		);
	}

	/**
	 * Whether a job for this order is pending or running.
	 *
	 * @param string $hook     The job kind.
	 * @param int    $order_id The order.
	 */
	public function is_queued( string $hook, int $order_id ): bool {
		return (bool) as_has_scheduled_action( $hook, array( 'order_id' => $order_id ), self::GROUP );
	}
}
