<?php
/**
 * A refund as WooCommerce's REST API v3 shows it.
 *
 * @package WooSync
 */

namespace WooSync\Snapshot;

defined( 'ABSPATH' ) || exit;

/**
 * The refund in the field names and formats of `GET /wc/v3/orders/<id>/refunds/<refund id>`:
 * the core's `refundSchema`. Line values are negative, as WooCommerce stores them; an
 * amount-only refund has no lines.
 */
final class RefundSnapshot {

	/**
	 * The refund's snapshot.
	 *
	 * @param \WC_Order_Refund $refund The refund.
	 * @return array<string, mixed>
	 */
	public static function from_refund( \WC_Order_Refund $refund ): array {
		$dp      = wc_get_price_decimals();
		$created = $refund->get_date_created();
		return array(
			'id'               => $refund->get_id(),
			'date_created'     => OrderSnapshot::date( $created, false ),
			'date_created_gmt' => OrderSnapshot::date( $created, true ),
			'amount'           => wc_format_decimal( $refund->get_amount(), $dp ),
			'reason'           => (string) $refund->get_reason(),
			'refunded_by'      => (int) $refund->get_refunded_by(),
			'refunded_payment' => (bool) $refund->get_refunded_payment(),
		) + OrderSnapshot::lines( $refund );
	}
}
