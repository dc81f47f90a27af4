<?php
/**
 * WooCommerce's own money test vectors (woocommerce-facts.md §1.9), through the public API.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

require_once __DIR__ . '/WooCommerceTestCase.php';

/**
 * Order totals, taxes and coupons reproduce WooCommerce's numbers.
 */
final class MoneyTest extends WooCommerceTestCase {

	/**
	 * Vector A: inclusive prices, round at subtotal, 7%: 2.00×1 + 2.50×4 → total 12, tax 0.79.
	 */
	public function test_vector_a_inclusive_round_at_subtotal_totals_12_with_tax_0_79(): void {
		$this->set_store(
			array(
				'woocommerce_prices_include_tax'    => 'yes',
				'woocommerce_tax_round_at_subtotal' => 'yes',
			)
		);
		$this->tax_rate( '7.0000' );
		$order = $this->order();
		$order->add_product( $this->product( '2.00' ), 1 );
		$order->add_product( $this->product( '2.50' ), 4 );
		$order->calculate_totals( true );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( '12.00', self::money( $order->get_total() ) );
		$this->assertSame( '0.79', self::money( $order->get_total_tax() ) );
	}

	/**
	 * Vector B: exclusive prices, round at subtotal, 21% on items and shipping: 23.85 + shipping 9.5.
	 */
	public function test_vector_b_exclusive_round_at_subtotal_with_taxed_shipping(): void {
		$this->set_store( array( 'woocommerce_tax_round_at_subtotal' => 'yes' ) );
		$this->tax_rate( '21.0000' );
		$order = $this->order();
		$order->add_product( $this->product( '23.85' ), 1 );
		$this->add_flat_rate_shipping( $order, '9.5' );
		$order->calculate_totals( true );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( '7.00', self::money( $order->get_total_tax() ) );
		$this->assertSame( '40.35', self::money( $order->get_total() ) );
	}

	/**
	 * Vector C (cart test, reproduced with an order holding the same lines): 7% + 2.25% on
	 * 22.99 and flat shipping 10, round at subtotal → tax 3.05, total 36.04.
	 */
	public function test_vector_c_two_rates_on_items_and_shipping(): void {
		$this->set_store( array( 'woocommerce_tax_round_at_subtotal' => 'yes' ) );
		$this->tax_rate( '7.0000', array( 'tax_rate_name' => 'State' ) );
		$this->tax_rate(
			'2.2500',
			array(
				'tax_rate_name'     => 'County',
				'tax_rate_priority' => '2',
			)
		);
		$order = $this->order();
		$order->add_product( $this->product( '22.99' ), 1 );
		$this->add_flat_rate_shipping( $order, '10' );
		$order->calculate_totals( true );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( '3.05', self::money( $order->get_total_tax() ) );
		$this->assertSame( '36.04', self::money( $order->get_total() ) );
		$this->assertCount( 2, $order->get_taxes(), 'One tax line per rate.' );
	}

	/**
	 * Vector D: inclusive 15%, 99.48×6 + 108.68×6; per-line rounding vs round at subtotal.
	 */
	public function test_vector_d_line_rounding_versus_subtotal_rounding(): void {
		$this->set_store( array( 'woocommerce_prices_include_tax' => 'yes' ) );
		$this->tax_rate( '15.0000' );
		$order = new \WC_Order();
		$order->add_product( $this->product( '99.48' ), 6 );
		$order->add_product( $this->product( '108.68' ), 6 );
		$order->save();
		$this->track( $order );

		update_option( 'woocommerce_tax_round_at_subtotal', 'no' );
		$order->calculate_totals( true );
		$this->assertSame( '1086.06', self::money( $order->get_subtotal() ) );
		$this->assertSame( '162.90', self::money( $order->get_total_tax() ) );
		$this->assertSame( '1248.96', self::money( $order->get_total() ) );

		update_option( 'woocommerce_tax_round_at_subtotal', 'yes' );
		$order->calculate_totals( true );
		$this->assertSame( '1086.05', self::money( $order->get_subtotal() ) );
		$this->assertSame( '162.91', self::money( $order->get_total_tax() ) );
		$this->assertSame( '1248.96', self::money( $order->get_total() ) );
	}

	/**
	 * Vector E: inclusive 25% in the order's country (also the store's), 100 then a 10% coupon.
	 */
	public function test_vector_e_percent_coupon_on_inclusive_order(): void {
		$this->set_store(
			array(
				'woocommerce_prices_include_tax'    => 'yes',
				'woocommerce_tax_round_at_subtotal' => 'yes',
				'woocommerce_default_country'       => 'IN:AP',
			)
		);
		$this->tax_rate( '25.0000', array( 'tax_rate_country' => 'IN' ) );
		$order = $this->order();
		$order->set_billing_country( 'IN' );
		$order->add_product( $this->product( '100' ), 1 );
		$order->save();
		$order->calculate_totals();

		$this->assertSame( '100.00', self::money( $order->get_total() ) );
		$this->assertSame( '80.00', self::money( $order->get_subtotal() ) );
		$this->assertSame( '20.00', self::money( $order->get_total_tax() ) );

		$this->assertTrue( $order->apply_coupon( $this->coupon( 'percent', '10' ) ) );
		$this->assertSame( '8.00', self::money( $order->get_discount_total() ) );
		$this->assertSame( '90.00', self::money( $order->get_total() ) );
		$this->assertSame( '18.00', self::money( $order->get_total_tax() ) );
		$this->assertSame( '2.00', self::money( $order->get_discount_tax() ) );
	}

	/**
	 * Vector G setup: a 1000 product with a stored fixed_cart 1 coupon and a virtual 200 coupon.
	 *
	 * @return array{0:\WC_Order,1:string,2:string} Order, fixed coupon code, virtual coupon code.
	 */
	private function vector_g_order(): array {
		$fixed   = $this->coupon( 'fixed_cart', '1.00' );
		$virtual = 'woosync-virtual-' . strtolower( wp_generate_password( 6, false, false ) );
		$product = $this->product( '1000' );
		$order   = $this->order(
			array(
				'status'      => 'pending',
				'customer_id' => 1,
			)
		);
		$line    = new \WC_Order_Item_Product();
		$coupon1 = new \WC_Order_Item_Coupon();
		$coupon2 = new \WC_Order_Item_Coupon();
		$taxes   = 'yes' === get_option( 'woocommerce_calc_taxes' );
		if ( $taxes && 'yes' === get_option( 'woocommerce_prices_include_tax' ) ) {
			$line->set_props(
				array(
					'product'  => $product,
					'quantity' => 1,
					'subtotal' => 909.09,
					'total'    => 726.36,
				)
			);
			$coupon1->set_props(
				array(
					'code'         => $fixed,
					'discount'     => 0.91,
					'discount_tax' => 0.09,
				)
			);
			$coupon2->set_props(
				array(
					'code'         => $virtual,
					'discount'     => 181.82,
					'discount_tax' => 18.18,
				)
			);
		} else {
			$line->set_props(
				array(
					'product'  => $product,
					'quantity' => 1,
					'subtotal' => 1000,
					'total'    => 799,
				)
			);
			$coupon1->set_props(
				array(
					'code'         => $fixed,
					'discount'     => 1,
					'discount_tax' => $taxes ? 0.1 : 0,
				)
			);
			$coupon2->set_props(
				array(
					'code'         => $virtual,
					'discount'     => 200,
					'discount_tax' => $taxes ? 20 : 0,
				)
			);
		}
		$line->save();
		$coupon1->save();
		$coupon2->save();
		$order->add_item( $line );
		$order->add_item( $coupon1 );
		$order->add_item( $coupon2 );
		$this->tax_rate( '10.0000' );
		$order->calculate_totals( true );
		$order->save();
		return array( $order, $fixed, $virtual );
	}

	/**
	 * Vector G: removing coupons recalculates from line subtotals, in both orders.
	 *
	 * @dataProvider vector_g_cases
	 *
	 * @param string $incl     prices include tax.
	 * @param string $calc     calc taxes.
	 * @param array  $forward  Totals: initial, without virtual, without both.
	 * @param array  $reverse  Totals: initial, without fixed, without both.
	 */
	public function test_vector_g_remove_coupons( string $incl, string $calc, array $forward, array $reverse ): void {
		$this->set_store(
			array(
				'woocommerce_prices_include_tax' => $incl,
				'woocommerce_calc_taxes'         => $calc,
			)
		);
		list( $order, $fixed, $virtual ) = $this->vector_g_order();
		$order                           = $this->reload( $order->get_id() );
		$this->assertSame( $forward[0], $order->get_total() );
		$order->remove_coupon( $virtual );
		$this->assertSame( $forward[1], $order->get_total() );
		$order->remove_coupon( $fixed );
		$this->assertSame( $forward[2], $order->get_total() );

		list( $order, $fixed, $virtual ) = $this->vector_g_order();
		$order                           = $this->reload( $order->get_id() );
		$this->assertSame( $reverse[0], $order->get_total() );
		$order->remove_coupon( $fixed );
		$this->assertSame( $reverse[1], $order->get_total() );
		$order->remove_coupon( $virtual );
		$this->assertSame( $reverse[2], $order->get_total() );
	}

	/**
	 * Vector G cases.
	 *
	 * @return array
	 */
	public function vector_g_cases(): array {
		return array(
			'inclusive'   => array( 'yes', 'yes', array( '799.00', '999.00', '1000.00' ), array( '799.00', '800.00', '1000.00' ) ),
			'exclusive'   => array( 'no', 'yes', array( '878.90', '1098.90', '1100.00' ), array( '878.90', '880.00', '1100.00' ) ),
			'no tax'      => array( 'no', 'no', array( '799.00', '999.00', '1000.00' ), array( '799.00', '800.00', '1000.00' ) ),
			'no tax incl' => array( 'yes', 'no', array( '799.00', '999.00', '1000.00' ), array( '799.00', '800.00', '1000.00' ) ),
		);
	}

	/**
	 * Vector H: applying a 20% coupon on top discounts from the subtotal (not sequentially).
	 */
	public function test_vector_h_add_percent_coupon_inclusive(): void {
		$this->set_store( array( 'woocommerce_prices_include_tax' => 'yes' ) );
		list( $order ) = $this->vector_g_order();
		$order         = $this->reload( $order->get_id() );
		$this->assertSame( '799.00', $order->get_total() );
		$this->assertTrue( $order->apply_coupon( $this->coupon( 'percent', '20' ) ) );
		$this->assertEquals( 401, round( $order->get_total_discount( false ), 2 ) );
		$this->assertSame( '598.99', $order->get_total() );
	}

	/**
	 * Vector H, exclusive prices.
	 */
	public function test_vector_h_add_percent_coupon_exclusive(): void {
		list( $order ) = $this->vector_g_order();
		$order         = $this->reload( $order->get_id() );
		$this->assertTrue( $order->apply_coupon( $this->coupon( 'percent', '20' ) ) );
		$this->assertEquals( 401, (float) $order->get_discount_total() );
		$this->assertEqualsWithDelta( ( 1000 - 401 ) * 1.1, (float) $order->get_total(), 0.01 );
	}

	/**
	 * Vector H, no taxes.
	 */
	public function test_vector_h_add_percent_coupon_without_taxes(): void {
		$this->set_store( array( 'woocommerce_calc_taxes' => 'no' ) );
		list( $order ) = $this->vector_g_order();
		$order         = $this->reload( $order->get_id() );
		$this->assertTrue( $order->apply_coupon( $this->coupon( 'percent', '20' ) ) );
		$this->assertSame( '599.00', $order->get_total() );
	}

	/**
	 * Vector I: inclusive, round at subtotal, 20% + 5% compound, a non-taxable line, 10% coupon.
	 */
	public function test_vector_i_compound_inclusive_rounding_with_coupon(): void {
		$this->set_store(
			array(
				'woocommerce_prices_include_tax'    => 'yes',
				'woocommerce_tax_round_at_subtotal' => 'yes',
			)
		);
		$this->tax_rate( '20.0000' );
		$this->tax_rate(
			'5.0000',
			array(
				'tax_rate_priority' => '2',
				'tax_rate_compound' => '1',
			)
		);
		$order = $this->order(
			array(
				'status'      => 'pending',
				'customer_id' => 1,
			)
		);
		$order->add_product( $this->product( '3.17' ) );
		$order->add_product( $this->product( '6.13' ) );
		$order->add_product( $this->product( '9.53', 'none' ) );
		$order->calculate_totals( true );
		$order->apply_coupon( $this->coupon( 'percent', '10' ) );

		$this->assertSame( '16.95', $order->get_total() );
		$this->assertSame( '1.73', self::money( $order->get_total_tax() ) );
		$this->assertSame( '1.69', self::money( $order->get_discount_total() ) );
		$tax_lines = array_values( $order->get_taxes() );
		$this->assertCount( 2, $tax_lines );
		$compound = array_filter(
			$tax_lines,
			function ( $tax ) {
				return $tax->is_compound();
			}
		);
		$this->assertCount( 1, $compound, 'Exactly one tax line is compound.' );
	}

	/**
	 * Vector J (cart test, reproduced with an order): 20% VAT, items 10×1 + 10×2 + 10×1,
	 * 10% coupon, fees 10 and 20 taxable + 10 not, shipping 10 → 101.20; VAT exempt → 86.00.
	 */
	public function test_vector_j_items_fees_shipping_and_coupon(): void {
		$this->tax_rate( '20.0000' );
		$order = $this->order();
		$order->add_product( $this->product( '10' ), 1 );
		$order->add_product( $this->product( '10' ), 2 );
		$order->add_product( $this->product( '10' ), 1 );
		foreach ( array( array( '10', 'taxable' ), array( '20', 'taxable' ), array( '10', 'none' ) ) as $fee_data ) {
			$this->add_fee( $order, 'Fee ' . $fee_data[0], $fee_data[0], $fee_data[1], $this->tax_class );
		}
		$this->add_flat_rate_shipping( $order, '10' );
		$order->calculate_totals( true );
		$order->apply_coupon( $this->coupon( 'percent', '10' ) );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( '40.00', self::money( $order->get_subtotal() ) );
		$this->assertSame( '4.00', self::money( $order->get_discount_total() ) );
		$this->assertSame( '0.80', self::money( $order->get_discount_tax() ) );
		$this->assertSame( '10.00', self::money( $order->get_shipping_total() ) );
		$this->assertSame( '2.00', self::money( $order->get_shipping_tax() ) );
		$this->assertSame( '13.20', self::money( $order->get_cart_tax() ), 'Items 7.20 + fees 6.00.' );
		$this->assertSame( '101.20', $order->get_total() );

		$order->update_meta_data( 'is_vat_exempt', 'yes' );
		$order->save();
		$order->calculate_totals( true );
		$this->assertSame( '86.00', $order->get_total() );
	}

	/**
	 * Vector K: WC_Tax::calc_tax inclusive/exclusive, compound with priorities, shipping.
	 */
	public function test_vector_k_calc_tax(): void {
		$vat   = $this->tax_rate( '20.0000', array( 'tax_rate_country' => 'GB' ) );
		$rates = \WC_Tax::find_rates(
			array(
				'country'   => 'GB',
				'state'     => 'Cambs',
				'postcode'  => 'PE14 1XX',
				'city'      => 'Somewhere',
				'tax_class' => $this->tax_class,
			)
		);
		$this->assertSame( array( $vat ), array_keys( $rates ) );
		$this->assertEqualsWithDelta( 1.665, \WC_Tax::calc_tax( '9.99', $rates, true )[ $vat ], 1e-9 );
		$this->assertEqualsWithDelta( 1.998, \WC_Tax::calc_tax( '9.99', $rates, false )[ $vat ], 1e-9 );
		$this->assertEqualsWithDelta( 2.0, \WC_Tax::calc_shipping_tax( '10', $rates )[ $vat ], 1e-9 );

		$gst   = $this->tax_rate(
			'5.0000',
			array(
				'tax_rate_country' => 'CA',
				'tax_rate_name'    => 'GST',
			)
		);
		$pst   = $this->tax_rate(
			'8.5000',
			array(
				'tax_rate_country'  => 'CA',
				'tax_rate_state'    => 'QC',
				'tax_rate_name'     => 'PST',
				'tax_rate_priority' => '2',
				'tax_rate_compound' => '1',
				'tax_rate_order'    => '2',
			)
		);
		$rates = \WC_Tax::find_rates(
			array(
				'country'   => 'CA',
				'state'     => 'QC',
				'postcode'  => '12345',
				'city'      => '',
				'tax_class' => $this->tax_class,
			)
		);
		$this->assertSame( array( $gst, $pst ), array_keys( $rates ) );
		$excl = \WC_Tax::calc_tax( '100', $rates, false );
		$this->assertEqualsWithDelta( 5.0, $excl[ $gst ], 1e-9 );
		$this->assertEqualsWithDelta( 8.925, $excl[ $pst ], 1e-9 );
		$incl = \WC_Tax::calc_tax( '100', $rates, true );
		$this->assertSame( 4.3889, round( $incl[ $gst ], 4 ) );
		$this->assertSame( 7.8341, round( $incl[ $pst ], 4 ) );

		$this->assertSame( 'CA-QC-PST-2', \WC_Tax::get_rate_code( $pst ) );
		$this->assertSame( 'PST', \WC_Tax::get_rate_label( $pst ) );
		$this->assertSame( '8.5%', \WC_Tax::get_rate_percent( $pst ) );
		$this->assertTrue( \WC_Tax::is_compound( $pst ) );
		$this->assertFalse( \WC_Tax::is_compound( $gst ) );
		$this->assertArrayHasKey( $pst, \WC_Tax::get_rates_for_tax_class( $this->tax_class ) );
	}

	/**
	 * Vector L: refund of 1 unit (1.00), fee 10 and shipping 20 through REST; refund lines are negative.
	 */
	public function test_vector_l_refund_line_totals_are_negative(): void {
		$order = $this->order();
		$order->add_product( $this->product( '10' ), 4 );
		$this->add_fee( $order, 'Testing fee', '100', 'none' );
		foreach ( array( '10', '25' ) as $cost ) {
			$this->add_flat_rate_shipping( $order, $cost, 'Flat rate shipping' );
		}
		$order->calculate_totals( true );
		$order->update_status( 'processing' );
		$this->assertSame( '175.00', $order->get_total() );

		$product_item          = current( $order->get_items() );
		$fee_item              = current( $order->get_fees() );
		$shipping_item         = current( $order->get_shipping_methods() );
		list( $status, $data ) = $this->rest(
			'POST',
			'/orders/' . $order->get_id() . '/refunds',
			array(
				'amount'     => '31',
				'reason'     => 'Vector L',
				'api_refund' => false,
				'line_items' => array(
					array(
						'id'           => $product_item->get_id(),
						'quantity'     => 1,
						'refund_total' => 1,
					),
					array(
						'id'           => $fee_item->get_id(),
						'refund_total' => 10,
					),
					array(
						'id'           => $shipping_item->get_id(),
						'refund_total' => 20,
					),
				),
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $data ) );
		$this->assertSame( '31.00', $data['amount'] );
		$this->assertSame( '-1.00', $data['line_items'][0]['total'] );
		$this->assertSame( -1, $data['line_items'][0]['quantity'] );
		$this->assertSame( '-10.00', $data['fee_lines'][0]['total'] );
		$this->assertSame( '-20.00', $data['shipping_lines'][0]['total'] );

		$refund = wc_get_order( $data['id'] );
		$this->track( $refund );
		$this->assertSame( '-31.00', $refund->get_total() );
		$this->assertSame( '31', $refund->get_amount() );
	}

	/**
	 * Vector M: the REST docs' order 727: 2 × 3.00 and 1 × 12.00 at 7.5%, shipping 10 untaxed.
	 */
	public function test_vector_m_rest_docs_order(): void {
		$this->tax_rate( '7.5000', array( 'tax_rate_shipping' => '0' ) );
		list( $status, $data ) = $this->rest(
			'POST',
			'/orders',
			array(
				'status'         => 'processing',
				'line_items'     => array(
					array(
						'product_id' => $this->product( '3.00' )->get_id(),
						'quantity'   => 2,
					),
					array(
						'product_id' => $this->product( '12.00' )->get_id(),
						'quantity'   => 1,
					),
				),
				'shipping_lines' => array(
					array(
						'method_id'    => 'flat_rate',
						'method_title' => 'Flat Rate',
						'total'        => '10.00',
					),
				),
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $data ) );
		$this->track( wc_get_order( $data['id'] ) );
		$this->assertSame( '1.35', $data['cart_tax'] );
		$this->assertSame( '0.00', $data['shipping_tax'] );
		$this->assertSame( '29.35', $data['total'] );
		$this->assertSame( '0.45', $data['line_items'][0]['total_tax'] );
		$this->assertSame( '0.9', $data['line_items'][1]['taxes'][0]['total'], 'Per-line taxes are raw strings.' );
		$this->assertSame( '1.35', $data['tax_lines'][0]['tax_total'] );
	}

	/**
	 * Negative fee: taxed like a discount over the taxable lines, even with tax status none.
	 */
	public function test_negative_fee_is_taxed_like_a_discount(): void {
		$this->tax_rate( '20.0000' );
		$order = $this->order();
		$order->add_product( $this->product( '100' ), 1 );
		$this->add_fee( $order, 'Discount', '-10', 'none' );
		$order->calculate_totals( true );

		$fee = current( $this->reload( $order->get_id() )->get_fees() );
		$this->assertSame( '-2.00', self::money( $fee->get_total_tax() ) );
		$this->assertSame( '108.00', $order->get_total() );
	}
}
