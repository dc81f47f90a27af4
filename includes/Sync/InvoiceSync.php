<?php
/**
 * Creates or re-links the Perfex invoice of one order: the one service every entry point calls.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Sidecar\SidecarError;
use WooSync\Sidecar\SyncResult;
use WooSync\Snapshot\OrderSnapshot;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;

defined( 'ABSPATH' ) || exit;

/**
 * One attempt: lock the order, build its snapshot, ask the sidecar, store the link, the history
 * row and an order note, and schedule a retry when the failure is a passing one.
 *
 * The queue job, the order screen's button (REST resync) and WP-CLI all come here, so a button
 * pressed while the queue runs the same order waits for nobody and creates nothing twice: the
 * second run finds the lock taken and answers "busy".
 */
final class InvoiceSync {

	/** Seconds after which a lock left by a crashed run is ignored (longer than any sync). */
	public const LOCK_TTL = 300;

	/** Order meta: the payment WooSync recorded on the invoice from the store ({id, amount, transaction_id}). */
	public const STORE_PAYMENT_META = '_woosync_store_payment';

	/** Order meta: how many times recording the store's payment failed (the invoice job retries it). */
	public const PAYMENT_RETRY_META = '_woosync_store_payment_retry';

	/** Where an attempt came from (history `source`). */
	public const SOURCE_QUEUE  = 'queue';
	public const SOURCE_MANUAL = 'manual';
	public const SOURCE_CLI    = 'cli';

	/**
	 * Constructor.
	 *
	 * @param Settings      $settings Store settings (retry limit).
	 * @param SidecarClient $sidecar  The sidecar.
	 * @param Links         $links    Order ↔ invoice links.
	 * @param History       $history  Sync history.
	 * @param Lock          $lock     Per-order locks.
	 * @param JobQueue      $queue    For retries.
	 */
	public function __construct(
		private Settings $settings,
		private SidecarClient $sidecar,
		private Links $links,
		private History $history,
		private Lock $lock,
		private JobQueue $queue
	) {
	}

	/**
	 * Syncs one order's invoice now.
	 *
	 * @param int    $order_id Order id.
	 * @param string $source   One of the SOURCE_* constants.
	 */
	public function sync( int $order_id, string $source ): SyncResult {
		$lock_name = 'invoice:' . $order_id;
		$owner     = $this->lock->acquire( $lock_name, self::LOCK_TTL );
		if ( null === $owner ) {
			if ( self::SOURCE_QUEUE === $source ) {
				// The holder records its own outcome; this follow-up only matters when the holder
				// died without one (a killed worker keeps the lock until it expires). If the
				// holder succeeded, the follow-up finds the link and stops.
				$this->queue->schedule_retry( JobQueue::SYNC_INVOICE, $order_id, self::LOCK_TTL + 30 );
			}
			return SyncResult::failure( SyncResult::BUSY, 'busy', __( 'This order is being synced right now; its result will appear in a moment.', 'woosync' ), false );
		}
		try {
			return $this->sync_locked( $order_id, $source );
		} finally {
			$this->lock->release( $lock_name, $owner );
		}
	}

	/**
	 * The document the core would build for the order, without calling Perfex.
	 *
	 * @param \WC_Order $order The order.
	 * @return array<mixed> The core's result.
	 * @throws SidecarError When the sidecar cannot be asked.
	 */
	public function preview( \WC_Order $order ): array {
		return $this->sidecar->preview_invoice( OrderSnapshot::from_order( $order ) );
	}

	/**
	 * The attempt, under the order's lock.
	 *
	 * @param int    $order_id Order id.
	 * @param string $source   Source.
	 */
	private function sync_locked( int $order_id, string $source ): SyncResult {
		$started = microtime( true );
		$row     = array(
			'order_id'   => $order_id,
			'kind'       => Links::INVOICE,
			'source'     => $source,
			'attempt'    => $this->attempt( $order_id, $source ),
			'started_at' => gmdate( 'Y-m-d H:i:s' ),
		);

		$order = wc_get_order( $order_id );
		if ( ! $order instanceof \WC_Order ) {
			/* translators: %d: order id. */
			$result = SyncResult::failure( 'invalid', 'order_not_found', sprintf( __( 'Order %d does not exist.', 'woosync' ), $order_id ), false );
			$this->record( $row, $result, $started );
			return $result;
		}
		$row['order_number'] = (string) $order->get_order_number();
		$row['currency']     = $order->get_currency();
		$row['order_total']  = wc_format_decimal( $order->get_total(), wc_get_price_decimals() );

		$link = $this->links->get( $order_id );
		// A queue run with a link stops here, unless the store's payment still has to reach the invoice.
		if ( null !== $link && self::SOURCE_QUEUE === $source && '' === $order->get_meta( self::PAYMENT_RETRY_META ) ) {
			// Already done (the order was completed again): nothing to ask Perfex.
			$result = new SyncResult(
				'linked',
				array(
					'id'     => $link['perfex_id'],
					'number' => $link['perfex_number'],
					'total'  => $link['total'],
					'status' => 0,
				),
				null,
				array(),
				'',
				/* translators: %s: Perfex invoice number. */
				sprintf( __( 'Perfex invoice %s was already linked; nothing to do.', 'woosync' ), $link['perfex_number'] )
			);
			$this->record( $row, $result, $started );
			return $result;
		}

		try {
			$result = $this->sidecar->sync_invoice(
				OrderSnapshot::from_order( $order ),
				null === $link ? null : array( 'invoice_id' => $link['perfex_id'] )
			);
		} catch ( SidecarError $error ) {
			$result = SyncResult::failure( 'failed', $error->error_code, $error->getMessage(), $error->transient );
		} catch ( \Throwable $error ) {
			self::log( $order_id, $error );
			$result = SyncResult::failure( 'failed', 'internal_error', __( 'WooSync hit an unexpected error; the site log has the details.', 'woosync' ), false );
		}

		if ( $result->has_invoice() && null !== $result->invoice ) {
			$this->links->save(
				$order_id,
				Links::INVOICE,
				$result->invoice['id'],
				$result->invoice['number'],
				null === $result->customer ? null : $result->customer['id'],
				$result->invoice['total']
			);
		}
		if ( 'failed' === $result->outcome && $result->transient ) {
			$result = $this->retry_or_give_up( $order_id, (int) $row['attempt'], $result );
		}

		$this->record( $row, $result, $started );
		if ( SyncResult::RETRYING !== $result->outcome ) {
			$order->add_order_note( self::note( $result, (int) $row['attempt'] ) );
		}
		if ( $result->has_invoice() && null !== $result->payment ) {
			$this->store_payment( $order, $result->payment );
		}
		if ( $result->has_invoice() ) {
			/**
			 * The order has its Perfex invoice (created or found again): refunds that waited for it
			 * can follow.
			 *
			 * @param int $order_id The order.
			 */
			do_action( 'woosync_invoice_linked', $order_id );
		}
		return $result;
	}

	/**
	 * What became of the store's payment on the invoice: remembered on the order (order meta
	 * `_woosync_store_payment`: a payment WooSync recorded from the store never completes an
	 * order) and noted, except when it was already there.
	 *
	 * @param \WC_Order            $order   The order.
	 * @param array<string, mixed> $payment The result's payment.
	 */
	private function store_payment( \WC_Order $order, array $payment ): void {
		$tries = (int) $order->get_meta( self::PAYMENT_RETRY_META );
		if ( 'failed' === $payment['status'] && $tries + 1 < (int) $this->settings->get( 'max_attempts' ) ) {
			// The invoice stands; its payment is tried again by the queue (the run sees this meta).
			$order->update_meta_data( self::PAYMENT_RETRY_META, (string) ( $tries + 1 ) );
			$order->save_meta_data();
			$this->queue->schedule_retry( JobQueue::SYNC_INVOICE, $order->get_id(), self::backoff( $tries + 1 ) );
		} elseif ( '' !== $order->get_meta( self::PAYMENT_RETRY_META ) ) {
			$order->delete_meta_data( self::PAYMENT_RETRY_META );
			$order->save_meta_data();
		}
		if ( in_array( $payment['status'], array( 'recorded', 'existing' ), true ) ) {
			$order->update_meta_data(
				self::STORE_PAYMENT_META,
				array(
					'id'             => $payment['id'],
					'amount'         => $payment['amount'],
					'transaction_id' => $payment['transaction_id'],
				)
			);
			$order->save_meta_data();
		}
		if ( 'existing' === $payment['status'] || '' === $payment['message'] ) {
			return;
		}
		$order->add_order_note( (string) $payment['message'] );
	}

	/**
	 * Schedules the next attempt with backoff, or marks the sync failed once the limit is reached.
	 *
	 * @param int        $order_id Order.
	 * @param int        $attempt  This attempt's number (1-based).
	 * @param SyncResult $result   The passing failure.
	 */
	private function retry_or_give_up( int $order_id, int $attempt, SyncResult $result ): SyncResult {
		$limit = (int) $this->settings->get( 'max_attempts' );
		if ( $attempt >= $limit ) {
			return $result->with(
				'failed',
				/* translators: 1: number of attempts, 2: the last error. */
				sprintf( __( 'Gave up after %1$d attempts. Last error: %2$s', 'woosync' ), $attempt, $result->message )
			);
		}
		$delay = self::backoff( $attempt );
		$this->queue->schedule_retry( JobQueue::SYNC_INVOICE, $order_id, $delay );
		return $result->with(
			SyncResult::RETRYING,
			/* translators: 1: the error, 2: next attempt number, 3: attempt limit, 4: seconds. */
			sprintf( __( '%1$s Attempt %2$d of %3$d in %4$d seconds.', 'woosync' ), $result->message, $attempt + 1, $limit, $delay )
		);
	}

	/**
	 * Seconds before the next attempt: 1, 2, 4, 8… minutes, at most an hour.
	 *
	 * @param int $attempt The attempt that just failed (1-based).
	 */
	public static function backoff( int $attempt ): int {
		$delay = (int) min( 3600, 60 * ( 2 ** max( 0, $attempt - 1 ) ) );
		/**
		 * Seconds WooSync waits before retrying a sync that failed for a passing reason.
		 *
		 * @since 0.1.0
		 * @param int $delay   Seconds.
		 * @param int $attempt The attempt that failed (1-based).
		 */
		return (int) apply_filters( 'woosync_retry_delay', $delay, $attempt );
	}

	/**
	 * This attempt's number: queue runs continue a series of passing failures, others start one.
	 *
	 * @param int    $order_id Order.
	 * @param string $source   Source.
	 */
	private function attempt( int $order_id, string $source ): int {
		if ( self::SOURCE_QUEUE !== $source ) {
			return 1;
		}
		$latest = $this->history->latest( $order_id );
		return null !== $latest && SyncResult::RETRYING === $latest['outcome'] ? (int) $latest['attempt'] + 1 : 1;
	}

	/**
	 * Writes the history row of an attempt.
	 *
	 * @param array<string, mixed> $row     What is known about the attempt.
	 * @param SyncResult           $result  How it ended.
	 * @param float                $started microtime() at the start.
	 */
	private function record( array $row, SyncResult $result, float $started ): void {
		$message = '' !== $result->message ? $result->message : implode( ' ', $result->warnings );
		$this->history->add( $row + HistoryRow::finished( $result, $message, $started ) );
	}

	/**
	 * The order note for a final outcome.
	 *
	 * @param SyncResult $result  The result.
	 * @param int        $attempt Attempt number.
	 */
	public static function note( SyncResult $result, int $attempt ): string {
		$number = $result->invoice['number'] ?? '';
		switch ( $result->outcome ) {
			case 'created':
				/* translators: %s: Perfex invoice number. */
				return sprintf( __( 'Perfex invoice %s created.', 'woosync' ), $number );
			case 'linked':
				/* translators: %s: Perfex invoice number. */
				return sprintf( __( 'Perfex invoice %s already existed and is now linked to this order.', 'woosync' ), $number );
			case 'skipped':
				/* translators: %s: the reason. */
				return sprintf( __( 'Perfex invoice skipped: %s', 'woosync' ), $result->message );
			default:
				/* translators: %s: the reason. */
				return sprintf( __( 'Perfex invoice not created: %s', 'woosync' ), $result->message );
		}
	}

	/**
	 * Logs an unexpected error (its details stay in the log, never in a response or note).
	 *
	 * @param int        $order_id Order.
	 * @param \Throwable $error    Error.
	 */
	private static function log( int $order_id, \Throwable $error ): void {
		$message = sprintf( 'WooSync: invoice sync of order %d failed: %s', $order_id, $error );
		if ( function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->error( $message, array( 'source' => 'woosync' ) );
			return;
		}
		error_log( $message ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- no WooCommerce logger (stand-in).
	}
}
