<?php
/**
 * Builds an order from a scenario description through WooCommerce's public API and reads back
 * its totals. Shared by RecordedTotalsTest and fixtures/record-totals.php (which recorded the
 * expected numbers on a real WooCommerce 9.9.5).
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

/**
 * Scenario builder.
 */
final class TotalsScenario {

	/**
	 * Random scenarios (deterministic for a seed).
	 *
	 * @param int $seed  Seed.
	 * @param int $count Count.
	 * @return array
	 */
	public static function generate( int $seed, int $count ): array {
		mt_srand( $seed );
		$scenarios = array();
		for ( $k = 0; $k < $count; $k++ ) {
			$scenario = array(
				'prices_include_tax'    => mt_rand( 0, 1 ) ? 'yes' : 'no',
				'tax_round_at_subtotal' => mt_rand( 0, 1 ) ? 'yes' : 'no',
				'rates'                 => array(
					array(
						'rate'     => number_format( mt_rand( 0, 2500 ) / 100, 4, '.', '' ),
						'priority' => 1,
						'compound' => 0,
						'shipping' => mt_rand( 0, 1 ),
					),
				),
				'lines'                 => array(),
				'shipping'              => null,
				'fee'                   => null,
				'coupon'                => null,
			);
			if ( mt_rand( 0, 1 ) ) {
				$scenario['rates'][] = array(
					'rate'     => number_format( mt_rand( 0, 1000 ) / 100, 4, '.', '' ),
					'priority' => 2,
					'compound' => mt_rand( 0, 1 ),
					'shipping' => 1,
				);
			}
			$lines = mt_rand( 1, 4 );
			for ( $i = 0; $i < $lines; $i++ ) {
				$scenario['lines'][] = array(
					'price'      => number_format( mt_rand( 1, 20000 ) / 100, 2, '.', '' ),
					'qty'        => mt_rand( 1, 7 ),
					'tax_status' => mt_rand( 0, 4 ) ? 'taxable' : 'none',
				);
			}
			if ( mt_rand( 0, 1 ) ) {
				$scenario['shipping'] = number_format( mt_rand( 0, 3000 ) / 100, 2, '.', '' );
			}
			if ( 0 === mt_rand( 0, 2 ) ) {
				$scenario['fee'] = array(
					'total'      => number_format( mt_rand( -2000, 2000 ) / 100, 2, '.', '' ),
					'tax_status' => mt_rand( 0, 1 ) ? 'taxable' : 'none',
				);
			}
			if ( mt_rand( 0, 1 ) ) {
				$types              = array( 'percent', 'fixed_cart', 'fixed_product' );
				$type               = $types[ mt_rand( 0, 2 ) ];
				$scenario['coupon'] = array(
					'type'   => $type,
					'amount' => 'percent' === $type ? (string) mt_rand( 1, 50 ) : number_format( mt_rand( 1, 1500 ) / 100, 2, '.', '' ),
				);
			}
			$scenarios[] = $scenario;
		}
		return $scenarios;
	}

	/**
	 * Build the order (store options must already be set by the caller) and return its numbers.
	 * Everything created is deleted again.
	 *
	 * @param array  $scenario  Scenario.
	 * @param string $tax_class Tax class slug to use.
	 * @return array
	 */
	public static function run( array $scenario, string $tax_class ): array {
		update_option( 'woocommerce_prices_include_tax', $scenario['prices_include_tax'] );
		update_option( 'woocommerce_tax_round_at_subtotal', $scenario['tax_round_at_subtotal'] );
		$rate_ids = array();
		foreach ( $scenario['rates'] as $i => $rate ) {
			$rate_ids[] = \WC_Tax::_insert_tax_rate(
				array(
					'tax_rate_country'  => '',
					'tax_rate'          => $rate['rate'],
					'tax_rate_name'     => 'R' . ( $i + 1 ),
					'tax_rate_priority' => $rate['priority'],
					'tax_rate_compound' => $rate['compound'],
					'tax_rate_shipping' => $rate['shipping'],
					'tax_rate_order'    => $i + 1,
					'tax_rate_class'    => $tax_class,
				)
			);
		}
		$created = array();
		$order   = wc_create_order();
		foreach ( $scenario['lines'] as $line ) {
			$product = new \WC_Product_Simple();
			$product->set_name( 'Scenario product' );
			$product->set_regular_price( $line['price'] );
			$product->set_tax_class( $tax_class );
			$product->set_tax_status( $line['tax_status'] );
			$product->save();
			$created[] = $product;
			$order->add_product( wc_get_product( $product->get_id() ), $line['qty'] );
		}
		if ( null !== $scenario['shipping'] ) {
			$shipping = new \WC_Order_Item_Shipping();
			$shipping->set_method_title( 'Flat rate' );
			$shipping->set_method_id( 'flat_rate' );
			$shipping->set_total( $scenario['shipping'] );
			$order->add_item( $shipping );
		}
		if ( null !== $scenario['fee'] ) {
			$fee = new \WC_Order_Item_Fee();
			$fee->set_name( 'Fee' );
			$fee->set_total( $scenario['fee']['total'] );
			$fee->set_tax_class( $tax_class );
			$fee->set_tax_status( $scenario['fee']['tax_status'] );
			$order->add_item( $fee );
		}
		$order->calculate_totals( true );
		if ( null !== $scenario['coupon'] ) {
			$coupon = new \WC_Coupon();
			$coupon->set_code( strtolower( 'woosync-scenario-' . wp_generate_password( 8, false, false ) ) );
			$coupon->set_discount_type( $scenario['coupon']['type'] );
			$coupon->set_amount( $scenario['coupon']['amount'] );
			$coupon->save();
			$created[] = $coupon;
			$order->apply_coupon( $coupon->get_code() );
		}

		$order  = wc_get_order( $order->get_id() );
		$result = array(
			'total'        => $order->get_total(),
			'total_tax'    => $order->get_total_tax(),
			'cart_tax'     => self::num( $order->get_cart_tax() ),
			'shipping_tax' => self::num( $order->get_shipping_tax() ),
			'discount'     => self::num( $order->get_discount_total() ),
			'discount_tax' => self::num( $order->get_discount_tax() ),
			'subtotal'     => self::num( $order->get_subtotal() ),
			'items'        => array(),
			'tax_lines'    => array(),
		);
		foreach ( $order->get_items( array( 'line_item', 'shipping', 'fee', 'coupon' ) ) as $item ) {
			$row = array( $item->get_type() );
			if ( is_callable( array( $item, 'get_subtotal' ) ) ) {
				$row[] = self::num( $item->get_subtotal() );
			}
			if ( is_callable( array( $item, 'get_discount' ) ) ) {
				$row[] = self::num( $item->get_discount() );
				$row[] = self::num( $item->get_discount_tax() );
			} else {
				$row[] = self::num( $item->get_total() );
				$row[] = self::num( $item->get_total_tax() );
				foreach ( $item->get_taxes()['total'] as $rate_id => $tax ) {
					$row[] = 'R' . ( array_search( (int) $rate_id, $rate_ids, true ) + 1 ) . '=' . self::num( $tax );
				}
			}
			$result['items'][] = $row;
		}
		foreach ( $order->get_taxes() as $tax ) {
			$result['tax_lines'][] = array( 'R' . ( array_search( (int) $tax->get_rate_id(), $rate_ids, true ) + 1 ), self::num( $tax->get_tax_total() ), self::num( $tax->get_shipping_tax_total() ), $tax->is_compound() );
		}
		sort( $result['tax_lines'] );

		$order->delete( true );
		foreach ( $created as $object ) {
			$object->delete( true );
		}
		foreach ( $rate_ids as $rate_id ) {
			\WC_Tax::_delete_tax_rate( $rate_id );
		}
		return $result;
	}

	/**
	 * A number as a string rounded to 6 decimals (the stored precision).
	 *
	 * @param mixed $value Value.
	 */
	private static function num( $value ): string {
		return (string) round( (float) $value, 6 );
	}
}
