<?php
/**
 * REST wc/v3: order JSON shape against the documented example, writes, refunds, notes, taxes,
 * permissions.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

use WooSync\Tests\Support\Site;

require_once __DIR__ . '/WooCommerceTestCase.php';

/**
 * /wc/v3 orders, refunds, notes and taxes.
 */
final class RestOrdersTest extends WooCommerceTestCase {

	/**
	 * The documented reference (shared with the rest of the project).
	 */
	private const ORDERS_DOC = '/work/shared/reference/woocommerce-rest-api/orders.md';

	/**
	 * The "Retrieve an order" JSON example of orders.md.
	 *
	 * @return array
	 */
	private static function documented_order(): array {
		if ( ! is_readable( self::ORDERS_DOC ) ) {
			self::fail( 'The REST reference ' . self::ORDERS_DOC . ' is missing: the order JSON shape cannot be checked without it.' );
		}
		$doc   = (string) file_get_contents( self::ORDERS_DOC ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$start = strpos( $doc, '## Retrieve an order' );
		self::assertNotFalse( $start, 'orders.md has no "Retrieve an order" section.' );
		self::assertSame( 1, preg_match( '/```json\s*(\{.*?\})\s*```/s', substr( $doc, $start ), $m ), 'No JSON example under "Retrieve an order".' );
		$json = json_decode( $m[1], true );
		self::assertIsArray( $json, 'The documented example is not valid JSON.' );
		return $json;
	}

	/**
	 * JSON type name.
	 *
	 * @param mixed $value Value.
	 */
	private static function json_type( $value ): string {
		if ( is_null( $value ) ) {
			return 'null';
		}
		if ( is_bool( $value ) ) {
			return 'boolean';
		}
		if ( is_int( $value ) || is_float( $value ) ) {
			return 'number';
		}
		if ( is_string( $value ) ) {
			return 'string';
		}
		return ( array() === $value || array_keys( $value ) === range( 0, count( $value ) - 1 ) ) ? 'array' : 'object';
	}

	/**
	 * Every documented key exists with the documented type (null in the docs means string or null;
	 * list elements are compared with the first element found on both sides).
	 *
	 * @param array  $expected Documented.
	 * @param array  $actual   Actual.
	 * @param string $path     Path for messages.
	 */
	private function assert_same_shape( array $expected, array $actual, string $path ): void {
		foreach ( $expected as $key => $value ) {
			$where = $path . '.' . $key;
			$this->assertArrayHasKey( $key, $actual, "Missing field $where" );
			$type        = self::json_type( $value );
			$actual_type = self::json_type( $actual[ $key ] );
			if ( 'null' === $type ) {
				$this->assertContains( $actual_type, array( 'null', 'string' ), "Field $where should be null or a date string, is $actual_type" );
				continue;
			}
			if ( 'array' === $type && 'object' === $actual_type && array() === $actual[ $key ] ) {
				$actual_type = 'array';
			}
			$this->assertSame( $type, $actual_type, "Field $where has type $actual_type, documented $type" );
			if ( 'object' === $type ) {
				$this->assert_same_shape( $value, $actual[ $key ], $where );
			} elseif ( 'array' === $type && $value && $actual[ $key ] ) {
				$documented = null;
				foreach ( $value as $element ) {
					if ( is_array( $element ) && $element ) {
						$documented = $element;
						break;
					}
				}
				if ( $documented ) {
					$this->assert_same_shape( $documented, $actual[ $key ][0], $where . '[0]' );
				}
			}
		}
	}

	/**
	 * An order like the docs' example, created through REST (taxed lines, untaxed shipping, meta).
	 *
	 * @return array Order JSON from GET /orders/<id>.
	 */
	private function documented_like_order(): array {
		$this->tax_rate(
			'7.5000',
			array(
				'tax_rate_shipping' => '0',
				'tax_rate_name'     => 'State Tax',
				'tax_rate_country'  => 'US',
				'tax_rate_state'    => 'CA',
			)
		);
		list( $status, $created ) = $this->rest(
			'POST',
			'/orders',
			array(
				'payment_method'       => 'bacs',
				'payment_method_title' => 'Direct Bank Transfer',
				'set_paid'             => true,
				'billing'              => array(
					'first_name' => 'John',
					'last_name'  => 'Doe',
					'address_1'  => '969 Market',
					'city'       => 'San Francisco',
					'state'      => 'CA',
					'postcode'   => '94103',
					'country'    => 'US',
					'email'      => 'john.doe@example.com',
					'phone'      => '(555) 555-5555',
				),
				'shipping'             => array(
					'first_name' => 'John',
					'last_name'  => 'Doe',
					'address_1'  => '969 Market',
					'city'       => 'San Francisco',
					'state'      => 'CA',
					'postcode'   => '94103',
					'country'    => 'US',
				),
				'line_items'           => array(
					array(
						'product_id' => $this->product( '3' )->get_id(),
						'quantity'   => 2,
					),
					array(
						'product_id' => $this->product( '12' )->get_id(),
						'quantity'   => 1,
						'meta_data'  => array(
							array(
								'key'   => 'size',
								'value' => 'M Test',
							),
						),
					),
				),
				'shipping_lines'       => array(
					array(
						'method_id'    => 'flat_rate',
						'method_title' => 'Flat Rate',
						'total'        => '10.00',
					),
				),
				'meta_data'            => array(
					array(
						'key'   => 'woosync_probe',
						'value' => 'yes',
					),
				),
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $created ) );
		$this->track( wc_get_order( $created['id'] ) );
		list( $status, $data ) = $this->rest( 'GET', '/orders/' . $created['id'] );
		$this->assertSame( 200, $status );
		return $data;
	}

	/**
	 * GET /orders/<id> has every documented field with the documented type, and the values
	 * of the docs' example order 727.
	 */
	public function test_order_json_has_the_documented_shape(): void {
		$documented = self::documented_order();
		$data       = $this->documented_like_order();
		$this->assert_same_shape( $documented, $data, 'order' );

		$this->assertSame( 'processing', $data['status'] );
		$this->assertSame( '1.35', $data['cart_tax'] );
		$this->assertSame( '1.35', $data['total_tax'] );
		$this->assertSame( '10.00', $data['shipping_total'] );
		$this->assertSame( '29.35', $data['total'] );
		$this->assertFalse( $data['prices_include_tax'] );
		$this->assertSame( (string) $data['id'], $data['number'] );
		$this->assertSame( 'rest-api', $data['created_via'] );
		$this->assertSame( 'US-CA-STATE TAX-1', $data['tax_lines'][0]['rate_code'] );
		$this->assertSame( 'State Tax', $data['tax_lines'][0]['label'] );
		$this->assertSame( '0.45', $data['line_items'][0]['total_tax'] );
		$this->assertEquals( 3, $data['line_items'][0]['price'] );
		$this->assertSame( array( 'size' ), array_column( $data['line_items'][1]['meta_data'], 'key' ) );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/', $data['date_created'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/', $data['date_paid_gmt'] );
		$this->assertNull( $data['date_completed'] );
		$this->assertSame( 'yes', array_column( $data['meta_data'], 'value', 'key' )['woosync_probe'] ?? null, 'Custom meta is listed.' );
		$this->assertSame( array(), $data['refunds'] );
		foreach ( array( 'payment_url', 'is_editable', 'needs_payment', 'needs_processing', 'currency_symbol' ) as $field ) {
			$this->assertArrayHasKey( $field, $data, "woocommerce-facts §5.1 lists $field" );
		}
	}

	/**
	 * Refunds appear in the order JSON as {id, reason, total:"-x.xx"}; amount-only refunds via REST.
	 */
	public function test_refunds_in_order_json_and_refund_endpoint(): void {
		$data                    = $this->documented_like_order();
		list( $status, $refund ) = $this->rest(
			'POST',
			'/orders/' . $data['id'] . '/refunds',
			array(
				'amount'     => '5.50',
				'reason'     => 'Damaged',
				'api_refund' => false,
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $refund ) );
		$this->track( wc_get_order( $refund['id'] ) );
		$this->assertSame( '5.50', $refund['amount'] );
		$this->assertSame( 'Damaged', $refund['reason'] );
		$this->assertFalse( $refund['refunded_payment'] );
		$this->assertSame( array(), $refund['line_items'] );

		list( , $order ) = $this->rest( 'GET', '/orders/' . $data['id'] );
		$this->assertSame(
			array(
				array(
					'id'     => $refund['id'],
					'reason' => 'Damaged',
					'total'  => '-5.50',
				),
			),
			$order['refunds']
		);
		list( $status, $list ) = $this->rest( 'GET', '/orders/' . $data['id'] . '/refunds' );
		$this->assertSame( 200, $status );
		$this->assertSame( array( $refund['id'] ), array_column( $list, 'id' ) );

		list( $status, $error ) = $this->rest(
			'POST',
			'/orders/' . $data['id'] . '/refunds',
			array(
				'amount'     => '1000',
				'api_refund' => false,
			)
		);
		$this->assertSame( 500, $status );
		$this->assertSame( 'woocommerce_rest_cannot_create_order_refund', $error['code'] );
	}

	/**
	 * Notes endpoint lists notes newest first with author and customer_note.
	 */
	public function test_notes_endpoint(): void {
		$data                  = $this->documented_like_order();
		list( $status, $note ) = $this->rest(
			'POST',
			'/orders/' . $data['id'] . '/notes',
			array(
				'note'          => 'Invoice INV-001 created in Perfex.',
				'customer_note' => false,
			)
		);
		$this->assertSame( 201, $status );
		$this->assertSame( 'Invoice INV-001 created in Perfex.', $note['note'] );
		$this->assertFalse( $note['customer_note'] );

		list( $status, $notes ) = $this->rest( 'GET', '/orders/' . $data['id'] . '/notes' );
		$this->assertSame( 200, $status );
		$this->assertContains( $note['id'], array_column( $notes, 'id' ) );
		foreach ( array( 'id', 'author', 'date_created', 'date_created_gmt', 'note', 'customer_note' ) as $field ) {
			$this->assertArrayHasKey( $field, $notes[0] );
		}
		$this->assertContains( 'Order status changed from Pending payment to Processing.', array_column( $notes, 'note' ) );
	}

	/**
	 * PUT recalculates when lines change; status through REST fires transitions.
	 */
	public function test_update_order_lines_and_status(): void {
		$data   = $this->documented_like_order();
		$events = array();
		$this->listen(
			'woocommerce_order_status_changed',
			function ( $id, $from, $to ) use ( &$events ) {
				$events[] = array( $id, $from, $to );
			},
			10,
			3
		);
		list( $status, $updated ) = $this->rest(
			'PUT',
			'/orders/' . $data['id'],
			array(
				'status'    => 'completed',
				'fee_lines' => array(
					array(
						'name'       => 'Gift wrap',
						'total'      => '2.00',
						'tax_status' => 'none',
					),
				),
			)
		);
		$this->assertSame( 200, $status, wp_json_encode( $updated ) );
		$this->assertSame( 'completed', $updated['status'] );
		$this->assertSame( '31.35', $updated['total'] );
		$this->assertSame( 'Gift wrap', $updated['fee_lines'][0]['name'] );
		$this->assertSame( array( array( $data['id'], 'processing', 'completed' ) ), $events );
	}

	/**
	 * Line items need a product reference (WooCommerce 9.9 refuses name + total alone);
	 * coupons are applied by code.
	 */
	public function test_create_requires_product_reference_and_applies_coupons(): void {
		list( $status, $error ) = $this->rest(
			'POST',
			'/orders',
			array(
				'line_items' => array(
					array(
						'name'     => 'Consulting',
						'quantity' => 1,
						'total'    => '100.00',
					),
				),
			)
		);
		$this->assertSame( 400, $status );
		$this->assertSame( 'woocommerce_rest_required_product_reference', $error['code'] );

		$this->tax_rate( '10.0000' );
		$code                  = $this->coupon( 'percent', '10' );
		list( $status, $data ) = $this->rest(
			'POST',
			'/orders',
			array(
				'line_items'   => array(
					array(
						'product_id' => $this->product( '100' )->get_id(),
						'quantity'   => 1,
					),
					array(
						'product_id' => $this->product( '50' )->get_id(),
						'quantity'   => 1,
					),
				),
				'coupon_lines' => array( array( 'code' => $code ) ),
			)
		);
		$this->assertSame( 201, $status, wp_json_encode( $data ) );
		$this->track( wc_get_order( $data['id'] ) );
		$this->assertSame( $code, $data['coupon_lines'][0]['code'] );
		$this->assertSame( 'percent', $data['coupon_lines'][0]['discount_type'] );
		$this->assertSame( '15', $data['coupon_lines'][0]['discount'], 'Coupon line amounts are not dp-formatted.' );
		$this->assertSame( '1.5', $data['coupon_lines'][0]['discount_tax'] );
		$this->assertSame( '15.00', $data['discount_total'] );
		$this->assertSame( '13.50', $data['total_tax'] );
		$this->assertSame( '148.50', $data['total'], '(100 + 50) − 10% = 135, plus 10% tax.' );
	}

	/**
	 * Taxes endpoint.
	 */
	public function test_taxes_endpoint(): void {
		$id                     = $this->tax_rate(
			'20.0000',
			array(
				'tax_rate_country' => 'GB',
				'tax_rate_name'    => 'VAT',
			)
		);
		list( $status, $taxes ) = $this->rest(
			'GET',
			'/taxes',
			array( 'per_page' => 100 )
		);
		$this->assertSame( 200, $status );
		$taxes = array_values(
			array_filter(
				$taxes,
				function ( $tax ) use ( $id ) {
					return $id === $tax['id'];
				}
			)
		);
		$this->assertCount( 1, $taxes, 'The new rate is listed.' );
		$this->assertSame( '20.0000', $taxes[0]['rate'] );
		$this->assertSame( 'GB', $taxes[0]['country'] );
		$this->assertSame( 'VAT', $taxes[0]['name'] );
		$this->assertSame( $this->tax_class, $taxes[0]['class'] );
		$this->assertTrue( $taxes[0]['shipping'] );
		$this->assertFalse( $taxes[0]['compound'] );
	}

	/**
	 * Reading orders needs read_private_shop_orders: anonymous 401, subscriber 403, shop manager 200.
	 */
	public function test_permissions(): void {
		$order = $this->order();
		wp_set_current_user( 0 );
		list( $status, $error ) = $this->rest( 'GET', '/orders/' . $order->get_id() );
		$this->assertSame( 401, $status );
		$this->assertSame( 'woocommerce_rest_cannot_view', $error['code'] );

		$subscriber = $this->user_with_role( 'subscriber', 'The test site needs a subscriber.' );
		$manager    = $this->user_with_role( 'shop_manager', 'The test site needs a shop manager.' );
		wp_set_current_user( $subscriber );
		list( $status ) = $this->rest( 'GET', '/orders/' . $order->get_id() );
		$this->assertSame( 403, $status );
		list( $status ) = $this->rest( 'POST', '/orders', array( 'status' => 'pending' ) );
		$this->assertSame( 403, $status );

		wp_set_current_user( $manager );
		list( $status, $data ) = $this->rest( 'GET', '/orders/' . $order->get_id() );
		$this->assertSame( 200, $status );
		$this->assertSame( $order->get_id(), $data['id'] );

		list( $status, $error ) = $this->rest( 'GET', '/orders/999999999' );
		$this->assertSame( 404, $status );
		$this->assertSame( 'woocommerce_rest_shop_order_invalid_id', $error['code'] );
	}

	/**
	 * Over HTTP: application passwords authenticate; no credentials get 401.
	 */
	public function test_http_with_application_password(): void {
		$order = $this->order( array( 'status' => 'on-hold' ) );
		$user  = wp_get_current_user();
		$this->assertTrue( wp_is_application_passwords_available_for_user( $user ), 'Application passwords are available on the test site.' );
		list( $password, $item ) = \WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'woosync-contract-' . wp_generate_password( 6, false, false ) ) );
		try {
			$auth     = 'Authorization: Basic ' . base64_encode( $user->user_login . ':' . $password ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
			$response = Site::request( 'GET', '/wp-json/wc/v3/orders/' . $order->get_id(), null, null, array( $auth ) );
			$this->assertSame( 200, $response['status'], $response['body'] );
			$data = json_decode( $response['body'], true );
			$this->assertSame( $order->get_id(), $data['id'] );
			$this->assertSame( 'on-hold', $data['status'] );

			$anonymous = Site::request( 'GET', '/wp-json/wc/v3/orders/' . $order->get_id() );
			$this->assertSame( 401, $anonymous['status'] );
			$this->assertSame( 'woocommerce_rest_cannot_view', json_decode( $anonymous['body'], true )['code'] );
		} finally {
			\WP_Application_Passwords::delete_application_password( $user->ID, $item['uuid'] );
		}
	}
}
