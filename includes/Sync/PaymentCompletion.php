<?php
/**
 * Perfex says an invoice is paid: the order may be completed.
 *
 * @package WooSync
 */

namespace WooSync\Sync;

use WooSync\Settings;
use WooSync\Storage\Links;

defined( 'ABSPATH' ) || exit;

/**
 * The one idempotent step the webhook and the reconcile job meet in.
 *
 * When the order's Perfex invoice is paid (status Paid, nothing left to pay) and
 * `complete_on_payment` is on: an order in processing or on-hold becomes completed with a note
 * naming the invoice; an order in any other status is left alone (noted once); an order never
 * goes backwards. Completing fires the status hooks, whose invoice listener finds the link, so
 * no second invoice is made.
 *
 * Only money received in Perfex completes an order: an invoice paid by the store's own payment
 * (order meta `_woosync_store_payment`, recorded by WooSync) never completes an order that is
 * merely paid and not yet fulfilled.
 */
final class PaymentCompletion {

	/** Order meta: the invoice id whose payment was already handled (completed or noted). */
	public const HANDLED_META = '_woosync_paid_invoice';

	/**
	 * Constructor.
	 *
	 * @param Settings $settings Settings.
	 * @param Links    $links    Links.
	 */
	public function __construct( private Settings $settings, private Links $links ) {
	}

	/**
	 * Whether WooSync should ask Perfex about this order's invoice at all.
	 *
	 * @param \WC_Order $order The order.
	 */
	public static function awaits_payment( \WC_Order $order ): bool {
		return in_array( $order->get_status(), array( 'processing', 'on-hold' ), true )
			&& '' === $order->get_meta( InvoiceSync::STORE_PAYMENT_META )
			&& '' === $order->get_meta( self::HANDLED_META );
	}

	/**
	 * Applies what Perfex says about the order's invoice.
	 *
	 * @param int                  $order_id The order.
	 * @param array<string, mixed> $status   The sidecar's status row: found, status_name, amount_due.
	 * @return string What happened: completed, left, not_paid, store_payment, off, no_link.
	 */
	public function apply( int $order_id, array $status ): string {
		$order = wc_get_order( $order_id );
		$link  = $this->links->get( $order_id );
		if ( ! $order instanceof \WC_Order || null === $link || (int) ( $status['id'] ?? 0 ) !== (int) $link['perfex_id'] ) {
			return 'no_link';
		}
		$paid = ! empty( $status['found'] ) && 'paid' === ( $status['status_name'] ?? '' )
			&& ( ! isset( $status['amount_due'] ) || (float) $status['amount_due'] <= 0.0 );
		if ( ! $paid ) {
			return 'not_paid';
		}
		if ( ! $this->settings->get( 'complete_on_payment' ) ) {
			return 'off';
		}
		if ( '' !== $order->get_meta( InvoiceSync::STORE_PAYMENT_META ) ) {
			return 'store_payment';
		}
		if ( '' !== $order->get_meta( self::HANDLED_META ) ) {
			return 'left';
		}
		$order->update_meta_data( self::HANDLED_META, (string) $link['perfex_id'] );
		if ( in_array( $order->get_status(), array( 'processing', 'on-hold' ), true ) ) {
			$order->update_status(
				'completed',
				/* translators: %s: Perfex invoice number. */
				sprintf( __( 'Perfex invoice %s was paid in Perfex: order completed by WooSync.', 'woosync' ), $link['perfex_number'] )
			);
			return 'completed';
		}
		$order->save();
		$order->add_order_note(
			sprintf(
				/* translators: 1: Perfex invoice number, 2: order status. */
				__( 'Perfex invoice %1$s was paid in Perfex; the order is %2$s, so WooSync left it as it is.', 'woosync' ),
				$link['perfex_number'],
				wc_get_order_status_name( $order->get_status() )
			)
		);
		return 'left';
	}
}
