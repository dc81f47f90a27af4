<?php
/**
 * An order as JSON, in WooCommerce REST API v3 field names and formats.
 *
 * @package WooSync
 */

namespace WooSync\Snapshot;

defined( 'ABSPATH' ) || exit;

/**
 * Builds the snapshot the sidecar's core turns into a Perfex document.
 *
 * It is read from WooCommerce's CRUD getters rather than through the REST server, so it needs
 * no logged-in user (jobs run as nobody) and works on any storage. Every field it has carries
 * the same value and type as `GET /wc/v3/orders/<id>` (a test compares them field by field):
 * money as strings formatted to the store's price decimals, per-line `taxes[]` as stored
 * (unrounded), dates as `Y-m-d\TH:i:s` in site time and in GMT.
 */
final class OrderSnapshot {

	/**
	 * The order's snapshot.
	 *
	 * @param \WC_Order $order The order.
	 * @return array<string, mixed>
	 */
	public static function from_order( \WC_Order $order ): array {
		$dp = wc_get_price_decimals();

		$snapshot = array(
			'id'                   => $order->get_id(),
			'parent_id'            => $order->get_parent_id(),
			'number'               => (string) $order->get_order_number(),
			'order_key'            => $order->get_order_key(),
			'created_via'          => $order->get_created_via(),
			'version'              => $order->get_version(),
			'status'               => $order->get_status(),
			'currency'             => $order->get_currency(),
			'prices_include_tax'   => $order->get_prices_include_tax(),
			'customer_id'          => $order->get_customer_id(),
			'customer_note'        => $order->get_customer_note(),
			'billing'              => self::address( $order, 'billing' ),
			'shipping'             => self::address( $order, 'shipping' ),
			'payment_method'       => $order->get_payment_method(),
			'payment_method_title' => $order->get_payment_method_title(),
			'transaction_id'       => $order->get_transaction_id(),
		);
		foreach ( array( 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'cart_tax', 'total', 'total_tax' ) as $field ) {
			$snapshot[ $field ] = wc_format_decimal( $order->{"get_$field"}(), $dp );
		}
		foreach ( array( 'date_created', 'date_modified', 'date_paid', 'date_completed' ) as $field ) {
			$date                        = $order->{"get_$field"}();
			$snapshot[ $field ]          = self::date( $date, false );
			$snapshot[ $field . '_gmt' ] = self::date( $date, true );
		}

		$snapshot['line_items']     = array_values( array_map( array( self::class, 'line_item' ), $order->get_items( 'line_item' ) ) );
		$snapshot['tax_lines']      = array_values( array_map( array( self::class, 'tax_line' ), $order->get_items( 'tax' ) ) );
		$snapshot['shipping_lines'] = array_values( array_map( array( self::class, 'shipping_line' ), $order->get_items( 'shipping' ) ) );
		$snapshot['fee_lines']      = array_values( array_map( array( self::class, 'fee_line' ), $order->get_items( 'fee' ) ) );
		$snapshot['coupon_lines']   = array_values( array_map( array( self::class, 'coupon_line' ), $order->get_items( 'coupon' ) ) );
		$snapshot['refunds']        = array_values(
			array_map(
				static fn ( \WC_Order_Refund $refund ): array => array(
					'id'     => $refund->get_id(),
					'reason' => $refund->get_reason() ? $refund->get_reason() : '',
					'total'  => '-' . wc_format_decimal( $refund->get_amount(), $dp ),
				),
				$order->get_refunds()
			)
		);
		return $snapshot;
	}

	/**
	 * The product, tax, shipping and fee lines of an order or a refund, as REST shows them.
	 *
	 * @param \WC_Abstract_Order $order The order or refund.
	 * @return array{line_items: array<int, array<string, mixed>>, tax_lines: array<int, array<string, mixed>>, shipping_lines: array<int, array<string, mixed>>, fee_lines: array<int, array<string, mixed>>}
	 */
	public static function lines( \WC_Abstract_Order $order ): array {
		$lines = array(
			'line_items'     => array(),
			'tax_lines'      => array(),
			'shipping_lines' => array(),
			'fee_lines'      => array(),
		);
		foreach ( $order->get_items( array( 'line_item', 'tax', 'shipping', 'fee' ) ) as $item ) {
			if ( $item instanceof \WC_Order_Item_Product ) {
				$lines['line_items'][] = self::line_item( $item );
			} elseif ( $item instanceof \WC_Order_Item_Tax ) {
				$lines['tax_lines'][] = self::tax_line( $item );
			} elseif ( $item instanceof \WC_Order_Item_Shipping ) {
				$lines['shipping_lines'][] = self::shipping_line( $item );
			} elseif ( $item instanceof \WC_Order_Item_Fee ) {
				$lines['fee_lines'][] = self::fee_line( $item );
			}
		}
		return $lines;
	}

	/**
	 * A billing or shipping address.
	 *
	 * @param \WC_Order $order The order.
	 * @param string    $type  billing or shipping.
	 * @return array<string, string>
	 */
	private static function address( \WC_Order $order, string $type ): array {
		$fields = array( 'first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'phone' );
		if ( 'billing' === $type ) {
			$fields[] = 'email';
		}
		$address = array();
		foreach ( $fields as $field ) {
			$address[ $field ] = (string) $order->{"get_{$type}_{$field}"}();
		}
		return $address;
	}

	/**
	 * A date as the REST API shows it: site time, or GMT.
	 *
	 * @param \WC_DateTime|null $date The date.
	 * @param bool              $gmt  GMT instead of site time.
	 */
	public static function date( ?\WC_DateTime $date, bool $gmt ): ?string {
		if ( null === $date ) {
			return null;
		}
		return gmdate( 'Y-m-d\TH:i:s', $gmt ? $date->getTimestamp() : $date->getOffsetTimestamp() );
	}

	/**
	 * Per-rate taxes of an item, as stored (not rounded).
	 *
	 * @param \WC_Order_Item_Product|\WC_Order_Item_Shipping|\WC_Order_Item_Fee $item The item.
	 * @return array<int, array{id: int, total: string, subtotal: string}>
	 */
	private static function taxes( \WC_Order_Item_Product|\WC_Order_Item_Shipping|\WC_Order_Item_Fee $item ): array {
		$stored = $item->get_taxes();
		$taxes  = array();
		foreach ( $stored['total'] ?? array() as $rate_id => $total ) {
			$taxes[] = array(
				'id'       => (int) $rate_id,
				'total'    => (string) $total,
				'subtotal' => isset( $stored['subtotal'][ $rate_id ] ) ? (string) $stored['subtotal'][ $rate_id ] : '',
			);
		}
		return $taxes;
	}

	/**
	 * Visible meta of an item (what the REST API lists: no hidden `_` keys).
	 *
	 * @param \WC_Order_Item $item The item.
	 * @return array<int, array{id: int, key: string, value: mixed, display_key: string, display_value: string}>
	 */
	private static function meta( \WC_Order_Item $item ): array {
		$meta = array();
		// Keyed by meta id; WooCommerce's formatted entries carry no id of their own.
		foreach ( $item->get_all_formatted_meta_data( '' ) as $meta_id => $entry ) {
			$meta[] = array(
				'id'            => (int) $meta_id,
				'key'           => (string) $entry->key,
				'value'         => $entry->value,
				'display_key'   => wc_clean( $entry->display_key ),
				'display_value' => wc_clean( $entry->display_value ),
			);
		}
		return $meta;
	}

	/**
	 * A product line.
	 *
	 * @param \WC_Order_Item_Product $item The item.
	 * @return array<string, mixed>
	 */
	private static function line_item( \WC_Order_Item_Product $item ): array {
		$dp       = wc_get_price_decimals();
		$product  = $item->get_product();
		$quantity = $item->get_quantity();
		return array(
			'id'           => $item->get_id(),
			'name'         => $item->get_name(),
			'product_id'   => $item->get_product_id(),
			'variation_id' => $item->get_variation_id(),
			'quantity'     => $quantity,
			'tax_class'    => $item->get_tax_class(),
			'subtotal'     => wc_format_decimal( $item->get_subtotal(), $dp ),
			'subtotal_tax' => wc_format_decimal( $item->get_subtotal_tax(), $dp ),
			'total'        => wc_format_decimal( $item->get_total(), $dp ),
			'total_tax'    => wc_format_decimal( $item->get_total_tax(), $dp ),
			'taxes'        => self::taxes( $item ),
			'meta_data'    => self::meta( $item ),
			'sku'          => $product ? $product->get_sku() : null,
			'price'        => $quantity ? (float) $item->get_total() / $quantity : 0,
		);
	}

	/**
	 * A tax line (one per rate).
	 *
	 * @param \WC_Order_Item_Tax $item The item.
	 * @return array<string, mixed>
	 */
	private static function tax_line( \WC_Order_Item_Tax $item ): array {
		$dp = wc_get_price_decimals();
		return array(
			'id'                 => $item->get_id(),
			'rate_code'          => $item->get_rate_code(),
			'rate_id'            => $item->get_rate_id(),
			'label'              => $item->get_label(),
			'compound'           => $item->is_compound(),
			'tax_total'          => wc_format_decimal( $item->get_tax_total(), $dp ),
			'shipping_tax_total' => wc_format_decimal( $item->get_shipping_tax_total(), $dp ),
			'rate_percent'       => $item->get_rate_percent(),
		);
	}

	/**
	 * A shipping line.
	 *
	 * @param \WC_Order_Item_Shipping $item The item.
	 * @return array<string, mixed>
	 */
	private static function shipping_line( \WC_Order_Item_Shipping $item ): array {
		$dp = wc_get_price_decimals();
		return array(
			'id'           => $item->get_id(),
			'method_title' => $item->get_method_title(),
			'method_id'    => $item->get_method_id(),
			'instance_id'  => (string) $item->get_instance_id(),
			'total'        => wc_format_decimal( $item->get_total(), $dp ),
			'total_tax'    => wc_format_decimal( $item->get_total_tax(), $dp ),
			'taxes'        => self::taxes( $item ),
		);
	}

	/**
	 * A fee line (negative fees included).
	 *
	 * @param \WC_Order_Item_Fee $item The item.
	 * @return array<string, mixed>
	 */
	private static function fee_line( \WC_Order_Item_Fee $item ): array {
		$dp = wc_get_price_decimals();
		return array(
			'id'         => $item->get_id(),
			'name'       => $item->get_name(),
			'tax_class'  => $item->get_tax_class(),
			'tax_status' => $item->get_tax_status(),
			'amount'     => (string) $item->get_amount(),
			'total'      => wc_format_decimal( $item->get_total(), $dp ),
			'total_tax'  => wc_format_decimal( $item->get_total_tax(), $dp ),
			'taxes'      => self::taxes( $item ),
		);
	}

	/**
	 * A coupon line (informational: the discount is already inside the line totals). Like the
	 * REST API, its amounts are as stored, not formatted to the price decimals.
	 *
	 * @param \WC_Order_Item_Coupon $item The item.
	 * @return array<string, mixed>
	 */
	private static function coupon_line( \WC_Order_Item_Coupon $item ): array {
		return array(
			'id'           => $item->get_id(),
			'code'         => $item->get_code(),
			'discount'     => (string) $item->get_discount(),
			'discount_tax' => (string) $item->get_discount_tax(),
		);
	}
}
