<?php
/**
 * The history fields an invoice or refund sync attempt ends with.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Sidecar\SyncResult;

defined( 'ABSPATH' ) || exit;

/**
 * What InvoiceSync and RefundSync write alike when an attempt ends; each writes its own message.
 */
final class HistoryRow {

	/**
	 * The fields of a finished attempt: outcome, Perfex document and customer, message, duration.
	 *
	 * @param SyncResult $result  How it ended.
	 * @param string     $message The history message (the caller's words for this attempt).
	 * @param float      $started microtime() at the start.
	 * @return array<string, mixed>
	 */
	public static function finished( SyncResult $result, string $message, float $started ): array {
		return array(
			'outcome'            => $result->outcome,
			'error_code'         => $result->error_code,
			'perfex_id'          => $result->invoice['id'] ?? null,
			'perfex_number'      => $result->invoice['number'] ?? '',
			'perfex_customer_id' => $result->customer['id'] ?? null,
			'perfex_total'       => $result->invoice['total'] ?? '',
			'message'            => $message,
			'duration_ms'        => (int) round( ( microtime( true ) - $started ) * 1000 ),
			'finished_at'        => gmdate( 'Y-m-d H:i:s' ),
		);
	}
}
