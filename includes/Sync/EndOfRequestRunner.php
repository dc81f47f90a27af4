<?php
/**
 * Runs jobs queued during a request at its very end, after the response is sent.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Registerable;

defined( 'ABSPATH' ) || exit;

/**
 * The common case needs no cron tick: a job queued while completing an order is run on
 * `shutdown`, after fastcgi_finish_request() has sent the response when the server allows it.
 * The durable queue stays the fallback (the action is only run if it is still pending, and
 * the job's per-order lock keeps a concurrent queue runner from doubling it).
 */
final class EndOfRequestRunner implements Registerable {

	/**
	 * Action ids to run at shutdown.
	 *
	 * @var array<int, true>
	 */
	private array $actions = array();

	/**
	 * Nothing to hook until a job is queued.
	 */
	public function register(): void {
	}

	/**
	 * Runs an action at the end of this request.
	 *
	 * @param int $action_id Action Scheduler action id.
	 */
	public function add( int $action_id ): void {
		if ( $action_id <= 0 ) {
			return;
		}
		if ( ! $this->actions ) {
			add_action( 'shutdown', array( $this, 'run' ), 100 );
		}
		$this->actions[ $action_id ] = true;
	}

	/**
	 * The shutdown callback.
	 */
	public function run(): void {
		$actions       = array_keys( $this->actions );
		$this->actions = array();
		/**
		 * Whether WooSync runs the jobs it queued at the end of the same request.
		 *
		 * @since 0.1.0
		 * @param bool       $run     Default true.
		 * @param array<int> $actions Action Scheduler action ids.
		 */
		if ( ! $actions || ! apply_filters( 'woosync_run_at_end_of_request', true, $actions ) || ! class_exists( \ActionScheduler::class ) ) {
			return;
		}
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		} elseif ( function_exists( 'litespeed_finish_request' ) ) {
			litespeed_finish_request();
		}
		// An action may queue another one (an invoice linked → the refunds that waited for it).
		while ( $actions ) {
			foreach ( $actions as $action_id ) {
				\ActionScheduler::runner()->process_action( $action_id, 'WooSync end of request' );
			}
			$actions       = array_keys( $this->actions );
			$this->actions = array();
		}
	}
}
