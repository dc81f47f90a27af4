<?php
/**
 * Orders for tests, built through WooCommerce's public API on the running site.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Support;

/**
 * Builds orders from the store seeded by bin/wp-setup.php (products by SKU, coupon WELCOME10).
 */
final class Orders {

	/**
	 * A Californian customer's order: two taxed products (one at the reduced rate), flat-rate
	 * shipping, a taxable fee and the WELCOME10 coupon; status processing.
	 *
	 * @param array<string, int> $skus Quantities by SKU.
	 */
	public static function full( array $skus = array(
		'WS-TSHIRT' => 2,
		'WS-BOOK'   => 1,
	) ): \WC_Order {
		$order = wc_create_order();
		$order->set_address(
			array(
				'first_name' => 'Ada',
				'last_name'  => 'Lovelace',
				'company'    => 'Analytical <Engines> & Co',
				'email'      => 'ada@example.test',
				'phone'      => '+1 555 0100',
				'address_1'  => '1 Analytical Way',
				'city'       => 'Los Angeles',
				'state'      => 'CA',
				'postcode'   => '90001',
				'country'    => 'US',
			),
			'billing'
		);
		foreach ( $skus as $sku => $qty ) {
			$product = wc_get_product( wc_get_product_id_by_sku( $sku ) );
			if ( ! $product instanceof \WC_Product ) {
				throw new \RuntimeException( "Seeded product $sku is missing." );
			}
			$order->add_product( $product, $qty );
		}
		$shipping = new \WC_Order_Item_Shipping();
		$shipping->set_method_title( 'Flat rate' );
		$shipping->set_method_id( 'flat_rate' );
		$shipping->set_total( '5.00' );
		$order->add_item( $shipping );

		$fee = new \WC_Order_Item_Fee();
		$fee->set_name( 'Gift wrap' );
		$fee->set_tax_status( 'taxable' );
		$fee->set_tax_class( '' );
		$fee->set_amount( '2.50' );
		$fee->set_total( '2.50' );
		$order->add_item( $fee );

		$order->set_payment_method( 'bacs' );
		$order->set_payment_method_title( 'Direct bank transfer' );
		$order->calculate_totals();
		$applied = $order->apply_coupon( 'WELCOME10' );
		if ( true !== $applied ) {
			throw new \RuntimeException( 'Coupon WELCOME10 did not apply.' );
		}
		$order->set_status( 'processing' );
		$order->save();
		return wc_get_order( $order->get_id() );
	}
}
