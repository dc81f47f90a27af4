<?php
/**
 * Order status hooks, refunds, notes and meta: order and arguments of WooCommerce's hooks.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

require_once __DIR__ . '/WooCommerceTestCase.php';

/**
 * Lifecycle behaviour WooSync listens to.
 */
final class OrderLifecycleTest extends WooCommerceTestCase {

	/**
	 * The refund hooks both refund tests record.
	 */
	private const REFUND_HOOKS = array(
		'woocommerce_create_refund',
		'woocommerce_order_partially_refunded',
		'woocommerce_order_fully_refunded',
		'woocommerce_order_status_refunded',
		'woocommerce_refund_created',
		'woocommerce_order_refunded',
	);

	/**
	 * Hook calls recorded as [hook, args].
	 *
	 * @var array<int, array>
	 */
	private $calls = array();

	/**
	 * Record calls of these hooks.
	 *
	 * @param string[] $hooks Hooks.
	 */
	private function record( array $hooks ): void {
		foreach ( $hooks as $hook ) {
			$this->listen(
				$hook,
				function ( ...$args ) use ( $hook ) {
					$this->calls[] = array( $hook, $args );
					return $args[0] ?? null;
				},
				10,
				5
			);
		}
	}

	/**
	 * Names of the recorded hooks, in order.
	 *
	 * @return string[]
	 */
	private function recorded(): array {
		return array_column( $this->calls, 0 );
	}

	/**
	 * A refund made with wc_create_refund(), checked and tracked.
	 *
	 * @param array $args wc_create_refund args.
	 * @return \WC_Order_Refund
	 */
	private function refund( array $args ): \WC_Order_Refund {
		$refund = wc_create_refund( $args );
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$this->track( $refund );
		return $refund;
	}

	/**
	 * A simple paid-able order with one product line.
	 *
	 * @param string $price Price.
	 * @return \WC_Order
	 */
	private function simple_order( string $price = '50' ): \WC_Order {
		$order = $this->order();
		$order->set_billing_email( 'buyer@example.com' );
		$order->add_product( $this->product( $price ), 2 );
		$order->calculate_totals( true );
		return $this->reload( $order->get_id() );
	}

	/**
	 * Status hooks fire after save, in WooCommerce's order, with WooCommerce's arguments.
	 */
	public function test_status_change_fires_hooks_in_order_with_arguments(): void {
		$order = $this->simple_order();
		$this->record(
			array(
				'woocommerce_order_status_processing',
				'woocommerce_order_status_pending_to_processing',
				'woocommerce_order_status_changed',
				'woocommerce_order_payment_status_changed',
				'woocommerce_update_order',
			)
		);
		$order->update_status( 'processing', 'Paid by test.' );

		$this->assertSame(
			array(
				'woocommerce_update_order',
				'woocommerce_order_status_processing',
				'woocommerce_order_status_pending_to_processing',
				'woocommerce_order_status_changed',
				'woocommerce_order_payment_status_changed',
			),
			$this->recorded()
		);
		list( , $args ) = $this->calls[1];
		$this->assertSame( $order->get_id(), $args[0] );
		$this->assertInstanceOf( \WC_Order::class, $args[1] );
		$this->assertSame( 'pending', $args[2]['from'] );
		$this->assertSame( 'processing', $args[2]['to'] );
		$this->assertSame( 'Paid by test.', $args[2]['note'] );
		$this->assertFalse( $args[2]['manual'] );

		list( , $args ) = $this->calls[3];
		$this->assertSame( array( $order->get_id(), 'pending', 'processing' ), array_slice( $args, 0, 3 ) );
		$this->assertInstanceOf( \WC_Order::class, $args[3] );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertTrue( $order->is_paid() );
		$this->assertNotNull( $order->get_date_paid(), 'Moving to a paid status sets date_paid.' );
		$this->assertNull( $order->get_date_completed() );
	}

	/**
	 * Statuses are listed with wc- keys; an unknown status becomes pending.
	 */
	public function test_statuses_and_invalid_status(): void {
		$this->assertSame(
			array( 'wc-pending', 'wc-processing', 'wc-on-hold', 'wc-completed', 'wc-cancelled', 'wc-refunded', 'wc-failed' ),
			array_slice( array_keys( wc_get_order_statuses() ), 0, 7 )
		);
		$order = $this->simple_order();
		$order->set_status( 'wc-on-hold' );
		$order->save();
		$this->assertSame( 'on-hold', $this->reload( $order->get_id() )->get_status() );
		$order->set_status( 'no-such-status' );
		$this->assertSame( 'pending', $order->get_status() );
	}

	/**
	 * Completing sets date_completed and fires woocommerce_order_status_completed once per save.
	 */
	public function test_completed_sets_date_completed(): void {
		$order = $this->simple_order();
		$order->update_status( 'processing' );
		$this->record( array( 'woocommerce_order_status_completed', 'woocommerce_order_payment_status_changed' ) );
		$order->update_status( 'completed' );
		$order->save();

		$this->assertSame( array( 'woocommerce_order_status_completed' ), $this->recorded(), 'processing → completed is not a payment status change.' );
		$order = $this->reload( $order->get_id() );
		$this->assertInstanceOf( \WC_DateTime::class, $order->get_date_completed() );
		$this->assertInstanceOf( \WC_DateTime::class, $order->get_date_paid() );
	}

	/**
	 * Creating with wc_create_order() and a status: woocommerce_new_order fires on the first save, then the
	 * status hooks fire as a transition from pending (WooCommerce 9.9 does this too).
	 */
	public function test_order_created_with_a_status_fires_new_order_then_status_hooks(): void {
		$this->record( array( 'woocommerce_new_order', 'woocommerce_order_status_completed', 'woocommerce_order_status_changed' ) );
		$order = $this->order( array( 'status' => 'completed' ) );

		$this->assertSame( array( 'woocommerce_new_order', 'woocommerce_order_status_completed', 'woocommerce_order_status_changed' ), $this->recorded() );
		$this->assertSame( $order->get_id(), $this->calls[0][1][0] );
		$this->assertSame( array( $order->get_id(), 'pending', 'completed' ), array_slice( $this->calls[2][1], 0, 3 ) );
		$this->assertSame( 'completed', $this->reload( $order->get_id() )->get_status() );
	}

	/**
	 * Payment complete: pending → processing, transaction id, then woocommerce_payment_complete.
	 */
	public function test_payment_complete(): void {
		$order = $this->simple_order();
		$this->assertTrue( $order->needs_payment() );
		$this->record( array( 'woocommerce_order_status_processing', 'woocommerce_payment_complete' ) );
		$this->assertTrue( $order->payment_complete( 'txn-123' ) );

		$this->assertSame( array( 'woocommerce_order_status_processing', 'woocommerce_payment_complete' ), $this->recorded() );
		$this->assertSame( array( $order->get_id(), 'txn-123' ), $this->calls[1][1] );
		$order = $this->reload( $order->get_id() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( 'txn-123', $order->get_transaction_id() );
		$this->assertFalse( $order->needs_payment() );
	}

	/**
	 * Partial refund: hooks, signs and remaining amount.
	 */
	public function test_partial_refund_hooks_and_signs(): void {
		$order = $this->simple_order( '50' );
		$order->update_status( 'processing' );
		$item = current( $order->get_items() );
		$this->record( self::REFUND_HOOKS );
		$refund = $this->refund(
			array(
				'order_id'   => $order->get_id(),
				'amount'     => '25',
				'reason'     => 'One unit back',
				'line_items' => array(
					$item->get_id() => array(
						'qty'          => 1,
						'refund_total' => 25,
					),
				),
			)
		);
		$this->assertSame(
			array( 'woocommerce_create_refund', 'woocommerce_order_partially_refunded', 'woocommerce_refund_created', 'woocommerce_order_refunded' ),
			$this->recorded()
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $this->calls[0][1][0] );
		$this->assertSame( array( $order->get_id(), $refund->get_id() ), $this->calls[1][1] );
		$this->assertSame( $refund->get_id(), $this->calls[2][1][0] );
		$this->assertSame( array( $order->get_id(), $refund->get_id() ), $this->calls[3][1] );

		$refund = wc_get_order( $refund->get_id() );
		$this->assertSame( 'shop_order_refund', $refund->get_type() );
		$this->assertSame( $order->get_id(), $refund->get_parent_id() );
		$this->assertSame( '-25.00', $refund->get_total() );
		$this->assertSame( '25', $refund->get_amount() );
		$this->assertSame( 'One unit back', $refund->get_reason() );
		$refund_item = current( $refund->get_items() );
		$this->assertSame( -1, $refund_item->get_quantity() );
		$this->assertSame( '-25', $refund_item->get_total() );
		$this->assertEquals( $item->get_id(), $refund_item->get_meta( '_refunded_item_id' ) );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertEquals( 25, $order->get_total_refunded() );
		$this->assertSame( '75.00', $order->get_remaining_refund_amount() );
		$this->assertSame( -1, $order->get_qty_refunded_for_item( $item->get_id() ) );
		$this->assertSame( -1, $order->get_total_qty_refunded() );
		$this->assertEquals( 25, $order->get_total_refunded_for_item( $item->get_id() ) );
		$this->assertCount( 1, $order->get_refunds() );
	}

	/**
	 * Full refund: fully_refunded, status refunded (with status hooks), then created/refunded.
	 */
	public function test_full_refund_sets_status_refunded(): void {
		$order = $this->simple_order( '50' );
		$order->update_status( 'completed' );
		$this->record( array_merge( self::REFUND_HOOKS, array( 'woocommerce_order_status_changed' ) ) );
		$refund = $this->refund(
			array(
				'order_id' => $order->get_id(),
				'amount'   => $order->get_total(),
			)
		);
		$this->assertSame(
			array(
				'woocommerce_create_refund',
				'woocommerce_order_fully_refunded',
				'woocommerce_order_status_refunded',
				'woocommerce_order_status_changed',
				'woocommerce_refund_created',
				'woocommerce_order_refunded',
			),
			$this->recorded()
		);
		$this->assertSame( array( $order->get_id(), 'completed', 'refunded' ), array_slice( $this->calls[3][1], 0, 3 ) );
		$order = $this->reload( $order->get_id() );
		$this->assertSame( 'refunded', $order->get_status() );
		$this->assertCount( 1, $order->get_refunds(), 'No second refund for the remainder.' );
		$this->assertSame( '0.00', $order->get_remaining_refund_amount() );
	}

	/**
	 * Setting an order to refunded by hand creates an amount-only refund for the rest.
	 */
	public function test_manual_refunded_status_refunds_the_remainder(): void {
		$order = $this->simple_order( '40' );
		$order->update_status( 'processing' );
		$first = wc_create_refund(
			array(
				'order_id' => $order->get_id(),
				'amount'   => '30',
			)
		);
		$this->track( $first );
		$order = $this->reload( $order->get_id() );
		$order->update_status( 'refunded' );

		$order   = $this->reload( $order->get_id() );
		$refunds = $order->get_refunds();
		$this->assertCount( 2, $refunds );
		foreach ( $refunds as $refund ) {
			$this->track( $refund );
		}
		$remainder = current(
			array_filter(
				$refunds,
				function ( $r ) use ( $first ) {
					return $r->get_id() !== $first->get_id();
				}
			)
		);
		$this->assertSame( 'Order fully refunded.', $remainder->get_reason() );
		$this->assertEquals( 50, (float) $remainder->get_amount() );
		$this->assertCount( 0, $remainder->get_items(), 'Amount-only refunds have no lines.' );
		$this->assertEquals( 80, $order->get_total_refunded() );
	}

	/**
	 * A refund larger than what is left is refused.
	 */
	public function test_refund_above_remaining_amount_is_an_error(): void {
		$order  = $this->simple_order( '10' );
		$result = wc_create_refund(
			array(
				'order_id' => $order->get_id(),
				'amount'   => '20.01',
			)
		);
		$this->assertInstanceOf( \WP_Error::class, $result );
		$this->assertCount( 0, $this->reload( $order->get_id() )->get_refunds() );
	}

	/**
	 * Notes: comments of type order_note, internal vs customer, status notes.
	 */
	public function test_order_notes(): void {
		$order    = $this->simple_order();
		$internal = $order->add_order_note( 'Synced to Perfex.' );
		$customer = $order->add_order_note( 'Thanks for your order.', 1 );
		$this->assertGreaterThan( 0, $internal );
		$this->assertSame( 'order_note', get_comment( $internal )->comment_type );
		$this->assertSame( (string) $order->get_id(), (string) get_comment( $internal )->comment_post_ID );

		$all = wc_get_order_notes( array( 'order_id' => $order->get_id() ) );
		$this->assertSame( array( $customer, $internal ), array_map( 'intval', wp_list_pluck( $all, 'id' ) ), 'Newest first.' );
		$this->assertSame( 'system', $all[1]->added_by );
		$this->assertFalse( $all[1]->customer_note );
		$this->assertTrue( $all[0]->customer_note );
		$this->assertInstanceOf( \WC_DateTime::class, $all[0]->date_created );

		$only_customer = wc_get_order_notes(
			array(
				'order_id' => $order->get_id(),
				'type'     => 'customer',
			)
		);
		$this->assertSame( array( $customer ), array_map( 'intval', wp_list_pluck( $only_customer, 'id' ) ) );
		$only_internal = wc_get_order_notes(
			array(
				'order_id' => $order->get_id(),
				'type'     => 'internal',
			)
		);
		$this->assertSame( array( $internal ), array_map( 'intval', wp_list_pluck( $only_internal, 'id' ) ) );

		$order->update_status( 'on-hold' );
		$latest = wc_get_order_notes(
			array(
				'order_id' => $order->get_id(),
				'limit'    => 1,
			)
		);
		$this->assertSame( 'Order status changed from Pending payment to On hold.', $latest[0]->content );

		$this->assertTrue( wc_delete_order_note( $internal ) );
		$this->assertCount( 2, wc_get_order_notes( array( 'order_id' => $order->get_id() ) ) );
	}

	/**
	 * Meta: add/update/delete, persisted by save(), multiple values, save_meta_data().
	 */
	public function test_order_meta(): void {
		$order = $this->simple_order();
		$order->update_meta_data( '_woosync_invoice_id', '42' );
		$order->add_meta_data( '_woosync_attempt', 'a' );
		$order->add_meta_data( '_woosync_attempt', 'b' );
		$order->save();

		$order = $this->reload( $order->get_id() );
		$this->assertSame( '42', $order->get_meta( '_woosync_invoice_id' ) );
		$this->assertSame( 'a', $order->get_meta( '_woosync_attempt' ) );
		$this->assertSame( array( 'a', 'b' ), array_values( wp_list_pluck( $order->get_meta( '_woosync_attempt', false ), 'value' ) ) );
		$this->assertTrue( $order->meta_exists( '_woosync_invoice_id' ) );
		$this->assertSame( '', $order->get_meta( '_woosync_missing' ) );

		$order->update_meta_data( '_woosync_invoice_id', '43' );
		$order->delete_meta_data( '_woosync_attempt' );
		$order->save_meta_data();
		$order = $this->reload( $order->get_id() );
		$this->assertSame( '43', $order->get_meta( '_woosync_invoice_id' ) );
		$this->assertFalse( $order->meta_exists( '_woosync_attempt' ) );
		$keys = wp_list_pluck( $order->get_meta_data(), 'key' );
		$this->assertContains( '_woosync_invoice_id', $keys );

		$array_value = array(
			'a' => 1,
			'b' => array( 'c' ),
		);
		$order->update_meta_data( '_woosync_array', $array_value );
		$order->save();
		$this->assertSame( $array_value, $this->reload( $order->get_id() )->get_meta( '_woosync_array' ) );
	}

	/**
	 * Order identity helpers.
	 */
	public function test_order_number_key_and_urls(): void {
		$order = $this->simple_order();
		$this->assertSame( (string) $order->get_id(), $order->get_order_number() );
		$this->assertStringStartsWith( 'wc_order_', $order->get_order_key() );
		$this->assertStringContainsString( 'page=wc-orders&action=edit&id=' . $order->get_id(), $order->get_edit_order_url() );
		$this->assertSame( 'shop_order', $order->get_type() );
		$this->assertSame( get_woocommerce_currency(), $order->get_currency() );
		$this->assertInstanceOf( \WC_DateTime::class, $order->get_date_created() );
		$this->assertInstanceOf( \WC_DateTime::class, $order->get_date_modified() );
		$this->assertFalse( wc_get_order( 0 ) );
		$this->assertFalse( wc_get_order( $this->product( '1' )->get_id() ), 'A product id is not an order.' );
	}

	/**
	 * Items: getters of product, shipping, fee, coupon and tax lines.
	 */
	public function test_item_getters(): void {
		$rate  = $this->tax_rate( '10.0000', array( 'tax_rate_name' => 'TEN' ) );
		$order = $this->order();
		$order->set_address(
			array(
				'first_name' => 'Ada',
				'last_name'  => 'Lovelace',
				'email'      => 'ada@example.com',
				'country'    => 'GB',
			),
			'billing'
		);
		$product = $this->product( '20' );
		$order->add_product( $product, 3 );
		$shipping = new \WC_Order_Item_Shipping();
		$shipping->set_method_title( 'Flat rate' );
		$shipping->set_method_id( 'flat_rate' );
		$shipping->set_instance_id( '7' );
		$shipping->set_total( '5' );
		$order->add_item( $shipping );
		$fee = new \WC_Order_Item_Fee();
		$fee->set_name( 'Handling' );
		$fee->set_amount( '2' );
		$fee->set_total( '2' );
		$fee->set_tax_class( $this->tax_class );
		$order->add_item( $fee );
		$order->calculate_totals( true );
		$order->apply_coupon( $this->coupon( 'fixed_cart', '6' ) );

		$order = $this->reload( $order->get_id() );
		$this->assertSame( 'Ada', $order->get_billing_first_name() );
		$this->assertSame( 'ada@example.com', $order->get_billing_email() );
		$this->assertSame( 'GB', $order->get_address( 'billing' )['country'] );

		$line = current( $order->get_items() );
		$this->assertSame( $product->get_id(), $line->get_product_id() );
		$this->assertSame( 0, $line->get_variation_id() );
		$this->assertSame( 3, $line->get_quantity() );
		$this->assertSame( $this->tax_class, $line->get_tax_class() );
		$this->assertSame( '60.00', self::money( $line->get_subtotal() ) );
		$this->assertSame( '54.00', self::money( $line->get_total() ) );
		$this->assertSame( '6.00', self::money( $line->get_subtotal_tax() ) );
		$this->assertSame( '5.40', self::money( $line->get_total_tax() ) );
		$this->assertEqualsWithDelta( 5.4, (float) $line->get_taxes()['total'][ $rate ], 1e-9 );
		$this->assertSame( $product->get_id(), $line->get_product()->get_id() );

		$ship = current( $order->get_shipping_methods() );
		$this->assertSame( 'Flat rate', $ship->get_method_title() );
		$this->assertSame( 'flat_rate', $ship->get_method_id() );
		$this->assertSame( '7', (string) $ship->get_instance_id() );
		$this->assertSame( '0.50', self::money( $ship->get_total_tax() ) );

		$fee = current( $order->get_fees() );
		$this->assertSame( 'Handling', $fee->get_name() );
		$this->assertSame( 'taxable', $fee->get_tax_status() );
		$this->assertSame( '0.20', self::money( $fee->get_total_tax() ) );

		$this->assertCount( 1, $order->get_coupons() );
		$this->assertTrue( $order->has_shipping_method( 'flat_rate' ) );
		$this->assertFalse( $order->has_billing_address(), 'No street address was given.' );
		$this->assertTrue( $order->key_is_valid( $order->get_order_key() ) );
		$order->set_billing( array( 'address_1' => '1 Main St' ) );
		$this->assertTrue( $order->has_billing_address() );
		$this->assertSame( 'Ada', $order->get_billing_first_name(), 'set_billing() keeps other fields.' );
		$coupon = current( $order->get_items( 'coupon' ) );
		$this->assertSame( '6.00', self::money( $coupon->get_discount() ) );
		$this->assertSame( '0.60', self::money( $coupon->get_discount_tax() ) );

		$tax = current( $order->get_taxes() );
		$this->assertSame( $rate, $tax->get_rate_id() );
		$this->assertSame( 'TEN-1', $tax->get_rate_code() );
		$this->assertSame( 'TEN', $tax->get_label() );
		$this->assertFalse( $tax->is_compound() );
		$this->assertSame( '5.60', self::money( $tax->get_tax_total() ) );
		$this->assertSame( '0.50', self::money( $tax->get_shipping_tax_total() ) );
		$this->assertEquals( 10, $tax->get_rate_percent() );
		$this->assertSame( '67.10', $order->get_total(), '54 + 2 + 5 + 5.60 + 0.50' );
	}

	/**
	 * Deleting a refund from the order screen (admin-ajax woocommerce_delete_refund) fires
	 * woocommerce_refund_deleted( $refund_id, $order_id ) and the order is no longer refunded.
	 */
	public function test_refund_deleted_from_the_order_screen(): void {
		$order  = $this->simple_order( '30' );
		$refund = wc_create_refund(
			array(
				'order_id' => $order->get_id(),
				'amount'   => '12',
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$this->record( array( 'woocommerce_refund_deleted' ) );
		$this->listen( 'wp_doing_ajax', '__return_true' );
		$this->listen(
			'wp_die_ajax_handler',
			function () {
				return function () {
					throw new \RuntimeException( 'wp_die' );
				};
			}
		);
		$this->assertTrue( has_action( 'wp_ajax_woocommerce_delete_refund' ) !== false, 'The ajax action is registered.' );
		// phpcs:disable WordPress.Security.NonceVerification, WordPress.Security.ValidatedSanitizedInput -- the test plays the browser.
		$nonce                = wp_create_nonce( 'order-item' );
		$_POST['security']    = $nonce;
		$_REQUEST['security'] = $nonce;
		$_POST['refund_id']   = $refund->get_id();
		ob_start();
		try {
			do_action( 'wp_ajax_woocommerce_delete_refund' );
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'wp_die', $e->getMessage() );
		} finally {
			ob_end_clean();
			unset( $_POST['security'], $_REQUEST['security'], $_POST['refund_id'] );
		}
		// phpcs:enable
		$this->assertSame( array( array( 'woocommerce_refund_deleted', array( $refund->get_id(), $order->get_id() ) ) ), $this->calls );
		$this->assertFalse( wc_get_order( $refund->get_id() ) );
		$this->assertEquals( 0, $this->reload( $order->get_id() )->get_total_refunded() );
	}

	/**
	 * Every save() of a stored order fires woocommerce_update_order, even with nothing changed:
	 * a listener that saves the order it receives must guard against loops.
	 */
	public function test_update_order_fires_on_every_save(): void {
		$order = $this->simple_order();
		$this->record( array( 'woocommerce_update_order', 'woocommerce_new_order' ) );
		$order->save();
		$this->reload( $order->get_id() )->save();
		$this->assertSame( array( 'woocommerce_update_order', 'woocommerce_update_order' ), $this->recorded() );
		$this->assertSame( $order->get_id(), $this->calls[0][1][0] );
		$this->assertInstanceOf( \WC_Order::class, $this->calls[0][1][1] );
	}
}
