<?php
/**
 * Turns one WooCommerce refund into one Perfex credit note (or expense).
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Sidecar\SidecarError;
use WooSync\Sidecar\SyncResult;
use WooSync\Snapshot\OrderSnapshot;
use WooSync\Snapshot\RefundSnapshot;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;

defined( 'ABSPATH' ) || exit;

/**
 * The refund's attempt: per-refund lock, the order's invoice first, snapshots, sidecar, link
 * (refund id ↔ document), history row (under the parent order, kind credit_note or expense),
 * order note, retry with backoff.
 *
 * A refund of an order without an invoice waits: a history row says so, and the refund is
 * queued again when the invoice is linked (`woosync_invoice_linked`). When the order is in one
 * of the trigger statuses, or fully refunded (it will never reach them), its invoice job is
 * queued first.
 *
 * Perfex's API cannot apply a credit note to an invoice: the note says the credit is open.
 */
final class RefundSync {

	public const LOCK_TTL = 300;

	/**
	 * Constructor.
	 *
	 * @param Settings           $settings Store settings.
	 * @param SidecarClient      $sidecar  The sidecar.
	 * @param Links              $links    Links.
	 * @param History            $history  History.
	 * @param Lock               $lock     Locks.
	 * @param JobQueue           $queue    Jobs.
	 * @param EndOfRequestRunner $runner   Runs the invoice job queued for a waiting refund.
	 */
	public function __construct(
		private Settings $settings,
		private SidecarClient $sidecar,
		private Links $links,
		private History $history,
		private Lock $lock,
		private JobQueue $queue,
		private EndOfRequestRunner $runner
	) {
	}

	/**
	 * The link of a refund, whichever document it became.
	 *
	 * @param int $refund_id Refund.
	 * @return array<string, mixed>|null The link, with its `kind`.
	 */
	public function link( int $refund_id ): ?array {
		foreach ( array( Links::CREDIT_NOTE, Links::EXPENSE ) as $kind ) {
			$link = $this->links->get( $refund_id, $kind );
			if ( null !== $link ) {
				return $link + array( 'kind' => $kind );
			}
		}
		return null;
	}

	/**
	 * Syncs one refund now.
	 *
	 * @param int    $refund_id Refund id.
	 * @param int    $order_id  Its order (the refund may be gone).
	 * @param string $source    One of InvoiceSync's SOURCE_* constants.
	 * @return string The outcome.
	 */
	public function sync( int $refund_id, int $order_id, string $source ): string {
		$lock_name = 'refund:' . $refund_id;
		$owner     = $this->lock->acquire( $lock_name, self::LOCK_TTL );
		if ( null === $owner ) {
			return SyncResult::BUSY;
		}
		try {
			return $this->sync_locked( $refund_id, $order_id, $source );
		} finally {
			$this->lock->release( $lock_name, $owner );
		}
	}

	/**
	 * A refund was deleted in WooCommerce: its jobs are cancelled and history says what became
	 * of its Perfex document (which stays: a person decides in Perfex).
	 *
	 * @param int $refund_id Refund.
	 * @param int $order_id  Order.
	 */
	public function deleted( int $refund_id, int $order_id ): void {
		as_unschedule_all_actions(
			JobQueue::SYNC_REFUND,
			array(
				'refund_id' => $refund_id,
				'order_id'  => $order_id,
			),
			JobQueue::GROUP
		);
		$link  = $this->link( $refund_id );
		$order = wc_get_order( $order_id );
		if ( null === $link ) {
			/* translators: %d: refund id. */
			$message = sprintf( __( 'Refund #%d was deleted in WooCommerce before it reached Perfex; nothing was created for it.', 'woosync' ), $refund_id );
		} else {
			$message = sprintf(
				/* translators: 1: refund id, 2: Perfex document number. */
				__( 'Refund #%1$d was deleted in WooCommerce; its Perfex document %2$s stays in Perfex: cancel or adjust it there.', 'woosync' ),
				$refund_id,
				$link['perfex_number']
			);
		}
		$this->history->add(
			array(
				'order_id'      => $order_id,
				'order_number'  => $order instanceof \WC_Order ? (string) $order->get_order_number() : '',
				'refund_id'     => $refund_id,
				'kind'          => null === $link ? $this->kind() : $link['kind'],
				'source'        => InvoiceSync::SOURCE_QUEUE,
				'outcome'       => 'deleted',
				'perfex_id'     => null === $link ? null : (int) $link['perfex_id'],
				'perfex_number' => null === $link ? '' : (string) $link['perfex_number'],
				'message'       => $message,
			)
		);
		if ( $order instanceof \WC_Order ) {
			$order->add_order_note( $message );
		}
	}

	/**
	 * What refunds become (setting refund_document).
	 */
	private function kind(): string {
		return 'expense' === $this->settings->get( 'refund_document' ) ? Links::EXPENSE : Links::CREDIT_NOTE;
	}

	/**
	 * The attempt, under the refund's lock.
	 *
	 * @param int    $refund_id Refund.
	 * @param int    $order_id  Order.
	 * @param string $source    Source.
	 */
	private function sync_locked( int $refund_id, int $order_id, string $source ): string {
		$started = microtime( true );
		$link    = $this->link( $refund_id );
		$kind    = null === $link ? $this->kind() : (string) $link['kind'];
		$row     = array(
			'order_id'   => $order_id,
			'refund_id'  => $refund_id,
			'kind'       => $kind,
			'source'     => $source,
			'attempt'    => $this->attempt( $refund_id, $source ),
			'started_at' => gmdate( 'Y-m-d H:i:s' ),
		);
		$refund  = wc_get_order( $refund_id );
		$order   = wc_get_order( $order_id );
		if ( $order instanceof \WC_Order ) {
			$row['order_number'] = (string) $order->get_order_number();
		}
		if ( ! $refund instanceof \WC_Order_Refund || ! $order instanceof \WC_Order || $refund->get_parent_id() !== $order_id ) {
			/* translators: %d: refund id. */
			$result = SyncResult::failure( 'invalid', 'refund_not_found', sprintf( __( 'Refund #%d no longer exists.', 'woosync' ), $refund_id ), false );
			$this->record( $row, $result, $started, $refund_id );
			return $result->outcome;
		}
		$row['currency']    = $order->get_currency();
		$row['order_total'] = wc_format_decimal( $refund->get_amount(), wc_get_price_decimals() );

		if ( null !== $link && InvoiceSync::SOURCE_QUEUE === $source ) {
			return 'linked';
		}

		$invoice = $this->links->get( $order_id );
		if ( null === $invoice ) {
			return $this->wait_for_invoice( $order, $refund_id, $row, $started );
		}

		try {
			$result = $this->sidecar->sync_refund(
				$kind,
				OrderSnapshot::from_order( $order ),
				RefundSnapshot::from_refund( $refund ),
				(int) $invoice['perfex_id'],
				null === $link ? null : (int) $link['perfex_id']
			);
		} catch ( SidecarError $error ) {
			$result = SyncResult::failure( 'failed', $error->error_code, $error->getMessage(), $error->transient );
		} catch ( \Throwable $error ) {
			if ( function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->error( sprintf( 'WooSync refund %d: %s', $refund_id, $error ), array( 'source' => 'woosync' ) );
			}
			$result = SyncResult::failure( 'failed', 'internal_error', __( 'WooSync hit an unexpected error; the site log has the details.', 'woosync' ), false );
		}

		if ( $result->has_invoice() && null !== $result->invoice ) {
			$this->links->save(
				$refund_id,
				$kind,
				$result->invoice['id'],
				$result->invoice['number'],
				null === $result->customer ? null : $result->customer['id'],
				$result->invoice['total']
			);
		}
		if ( 'failed' === $result->outcome && $result->transient ) {
			$result = $this->retry_or_give_up( $refund_id, $order_id, (int) $row['attempt'], $result );
		}
		$this->record( $row, $result, $started, $refund_id );
		if ( SyncResult::RETRYING !== $result->outcome ) {
			$order->add_order_note( self::note( $kind, $refund_id, $result, (string) $invoice['perfex_number'] ) );
		}
		return $result->outcome;
	}

	/**
	 * The order has no invoice yet: the refund waits for it (queued again once it is linked),
	 * and the invoice is queued when the order is in a trigger status or fully refunded.
	 *
	 * @param \WC_Order            $order     Order.
	 * @param int                  $refund_id Refund.
	 * @param array<string, mixed> $row       History row so far.
	 * @param float                $started   Start time.
	 */
	private function wait_for_invoice( \WC_Order $order, int $refund_id, array $row, float $started ): string {
		$statuses = array_merge( $this->settings->invoice_statuses(), array( 'refunded' ) );
		$trigger  = $this->settings->auto_create_invoice() && in_array( $order->get_status(), $statuses, true );
		if ( $trigger ) {
			$this->runner->add( $this->queue->enqueue( JobQueue::SYNC_INVOICE, $order->get_id() ) );
		}
		$message = $trigger
			/* translators: %d: refund id. */
			? __( 'Refund #%d waits for the order\'s Perfex invoice, which is being created; it follows once the invoice is linked.', 'woosync' )
			/* translators: %d: refund id. */
			: __( 'Refund #%d waits for the order\'s Perfex invoice; it follows once the order is invoiced.', 'woosync' );
		$result = SyncResult::failure( 'failed', 'waiting_for_invoice', sprintf( $message, $refund_id ), false )->with( 'waiting', sprintf( $message, $refund_id ) );
		$this->record( $row, $result, $started, $refund_id );
		return 'waiting';
	}

	/**
	 * Schedules the next attempt with backoff, or gives up at the limit.
	 *
	 * @param int        $refund_id Refund.
	 * @param int        $order_id  Order.
	 * @param int        $attempt   This attempt.
	 * @param SyncResult $result    The passing failure.
	 */
	private function retry_or_give_up( int $refund_id, int $order_id, int $attempt, SyncResult $result ): SyncResult {
		$limit = (int) $this->settings->get( 'max_attempts' );
		if ( $attempt >= $limit ) {
			/* translators: 1: number of attempts, 2: the last error. */
			return $result->with( 'failed', sprintf( __( 'Gave up after %1$d attempts. Last error: %2$s', 'woosync' ), $attempt, $result->message ) );
		}
		$delay = InvoiceSync::backoff( $attempt );
		$this->queue->schedule_retry_args(
			JobQueue::SYNC_REFUND,
			array(
				'refund_id' => $refund_id,
				'order_id'  => $order_id,
			),
			$delay
		);
		return $result->with(
			SyncResult::RETRYING,
			/* translators: 1: the error, 2: next attempt number, 3: attempt limit, 4: seconds. */
			sprintf( __( '%1$s Attempt %2$d of %3$d in %4$d seconds.', 'woosync' ), $result->message, $attempt + 1, $limit, $delay )
		);
	}

	/**
	 * This attempt's number: one more than the refund's last attempt when that one was "retrying".
	 *
	 * @param int    $refund_id Refund.
	 * @param string $source    Source.
	 */
	private function attempt( int $refund_id, string $source ): int {
		if ( InvoiceSync::SOURCE_QUEUE !== $source ) {
			return 1;
		}
		$last = $this->history->query(
			array(
				'refund_id' => $refund_id,
				'per_page'  => 1,
			)
		)['items'][0] ?? null;
		return null !== $last && SyncResult::RETRYING === $last['outcome'] ? (int) $last['attempt'] + 1 : 1;
	}

	/**
	 * How a refund's history messages start (rows are listed per order: people read which refund).
	 *
	 * @param int $refund_id Refund.
	 */
	private static function prefix( int $refund_id ): string {
		/* translators: %d: refund id. */
		return sprintf( __( 'Refund #%d:', 'woosync' ), $refund_id );
	}

	/**
	 * Records the attempt.
	 *
	 * @param array<string, mixed> $row       Row so far.
	 * @param SyncResult           $result    Result.
	 * @param float                $started   Start time.
	 * @param int                  $refund_id Refund.
	 */
	private function record( array $row, SyncResult $result, float $started, int $refund_id ): void {
		$message = '' !== $result->message ? $result->message : implode( ' ', $result->warnings );
		$this->history->add( $row + HistoryRow::finished( $result, trim( self::prefix( $refund_id ) . ' ' . $message ), $started ) );
	}

	/**
	 * The order note of an attempt.
	 *
	 * @param string     $kind           credit_note or expense.
	 * @param int        $refund_id      Refund.
	 * @param SyncResult $result         Result.
	 * @param string     $invoice_number The order's Perfex invoice.
	 */
	public static function note( string $kind, int $refund_id, SyncResult $result, string $invoice_number ): string {
		$number = (string) ( $result->invoice['number'] ?? '' );
		$total  = (string) ( $result->invoice['total'] ?? '' );
		if ( in_array( $result->outcome, array( 'created', 'linked' ), true ) ) {
			if ( Links::EXPENSE === $kind ) {
				/* translators: 1: Perfex expense number, 2: amount, 3: refund id. */
				return sprintf( __( 'Perfex expense %1$s (%2$s) booked for refund #%3$d.', 'woosync' ), $number, $total, $refund_id );
			}
			return sprintf(
				/* translators: 1: Perfex credit note number, 2: amount, 3: refund id, 4: Perfex invoice number. */
				__( 'Perfex credit note %1$s (%2$s) for refund #%3$d. The credit is open: apply it to invoice %4$s in Perfex (Perfex\'s API cannot apply credits).', 'woosync' ),
				$number,
				$total,
				$refund_id,
				$invoice_number
			);
		}
		if ( 'skipped' === $result->outcome ) {
			/* translators: 1: refund id, 2: the reason. */
			return sprintf( __( 'Refund #%1$d skipped for Perfex: %2$s', 'woosync' ), $refund_id, $result->message );
		}
		/* translators: 1: refund id, 2: the reason. */
		return sprintf( __( 'Refund #%1$d did not reach Perfex: %2$s', 'woosync' ), $refund_id, $result->message );
	}
}
