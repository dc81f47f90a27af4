<?php
/**
 * The order snapshot WooSync sends is the order as WooCommerce's REST API shows it.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

use PHPUnit\Framework\TestCase;
use WooSync\Snapshot\OrderSnapshot;
use WooSync\Tests\Support\Orders;

/**
 * Compares the snapshot field by field with `GET /wc/v3/orders/<id>`.
 */
final class OrderSnapshotTest extends TestCase {

	/** Fields the core relies on: the snapshot must have every one. */
	private const REQUIRED = array(
		'id',
		'number',
		'status',
		'currency',
		'prices_include_tax',
		'date_created',
		'date_paid',
		'date_completed',
		'billing',
		'shipping',
		'payment_method',
		'transaction_id',
		'discount_total',
		'discount_tax',
		'shipping_total',
		'shipping_tax',
		'cart_tax',
		'total',
		'total_tax',
		'line_items',
		'tax_lines',
		'shipping_lines',
		'fee_lines',
		'coupon_lines',
		'refunds',
	);

	public function test_a_full_order_matches_the_rest_api_field_by_field(): void {
		$order = Orders::full();
		$order->update_status( 'completed' );

		$this->assert_matches_rest( wc_get_order( $order->get_id() ) );
	}

	public function test_an_order_with_a_line_refund_and_an_amount_refund_matches_the_rest_api(): void {
		$order = Orders::full(
			array(
				'WS-HOODIE' => 1,
				'WS-MUG'    => 3,
			)
		);
		$items = $order->get_items( 'line_item' );
		$mug   = end( $items );
		$tax   = array();
		foreach ( $mug->get_taxes()['total'] as $rate_id => $amount ) {
			$tax[ $rate_id ] = (float) $amount / 3;
		}
		$refund = wc_create_refund(
			array(
				'order_id'   => $order->get_id(),
				'amount'     => round( (float) $mug->get_total() / 3 + array_sum( $tax ), 2 ),
				'reason'     => 'Chipped mug',
				'line_items' => array(
					$mug->get_id() => array(
						'qty'          => 1,
						'refund_total' => (float) $mug->get_total() / 3,
						'refund_tax'   => $tax,
					),
				),
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		$this->assertInstanceOf(
			\WC_Order_Refund::class,
			wc_create_refund(
				array(
					'order_id' => $order->get_id(),
					'amount'   => '1.00',
				)
			)
		);

		$snapshot = $this->assert_matches_rest( wc_get_order( $order->get_id() ) );
		$this->assertCount( 2, $snapshot['refunds'] );
	}

	public function test_money_fields_are_strings_and_taxes_carry_rate_ids(): void {
		$snapshot = OrderSnapshot::from_order( Orders::full() );

		$this->assertSame( $snapshot['total'], wc_format_decimal( $snapshot['total'], wc_get_price_decimals() ) );
		$this->assertIsString( $snapshot['line_items'][0]['subtotal'] );
		$rate_ids = array_column( $snapshot['tax_lines'], 'rate_id' );
		$this->assertNotEmpty( $rate_ids );
		foreach ( $snapshot['line_items'] as $line ) {
			foreach ( $line['taxes'] as $tax ) {
				$this->assertContains( $tax['id'], $rate_ids, 'every per-line tax names a tax line of the order' );
			}
		}
		$this->assertTrue( in_array( true, array_column( $snapshot['tax_lines'], 'compound' ), true ), 'the seeded compound City Levy applies' );
	}

	/**
	 * Asserts that every field of the order's snapshot equals the REST API's, and returns it.
	 *
	 * @param \WC_Order $order Order.
	 * @return array<string, mixed>
	 */
	private function assert_matches_rest( \WC_Order $order ): array {
		$snapshot = self::normalise( OrderSnapshot::from_order( $order ) );
		$rest     = self::normalise( $this->rest_order( $order->get_id() ) );

		foreach ( self::REQUIRED as $field ) {
			$this->assertArrayHasKey( $field, $snapshot, "the snapshot has $field" );
		}
		$differences = array();
		self::compare( $snapshot, $rest, '', $differences );
		$this->assertSame( array(), $differences, 'snapshot fields that differ from /wc/v3/orders/' . $order->get_id() );
		return $snapshot;
	}

	/**
	 * The order as the REST API answers an administrator.
	 *
	 * @param int $order_id Order.
	 * @return array<string, mixed>
	 */
	private function rest_order( int $order_id ): array {
		$previous = get_current_user_id();
		wp_set_current_user( (int) get_user_by( 'login', 'admin' )->ID );
		try {
			$response = rest_do_request( new \WP_REST_Request( 'GET', '/wc/v3/orders/' . $order_id ) );
		} finally {
			wp_set_current_user( $previous );
		}
		$this->assertSame( 200, $response->get_status(), 'REST answers' );
		return rest_get_server()->response_to_data( $response, false );
	}

	/**
	 * The value as JSON would carry it (what the sidecar receives).
	 *
	 * @param array<string, mixed> $value Value.
	 * @return array<string, mixed>
	 */
	private static function normalise( array $value ): array {
		return json_decode( (string) wp_json_encode( $value ), true );
	}

	/**
	 * Collects every path where the snapshot differs from REST (value or type).
	 *
	 * @param mixed         $mine        Snapshot value.
	 * @param mixed         $theirs      REST value.
	 * @param string        $path        Path so far.
	 * @param array<string> $differences Collected differences.
	 */
	private static function compare( $mine, $theirs, string $path, array &$differences ): void {
		if ( is_array( $mine ) && is_array( $theirs ) ) {
			foreach ( $mine as $key => $value ) {
				if ( ! array_key_exists( $key, $theirs ) ) {
					$differences[] = "$path/$key: missing in REST";
					continue;
				}
				self::compare( $value, $theirs[ $key ], "$path/$key", $differences );
			}
			return;
		}
		if ( $mine !== $theirs ) {
			$differences[] = sprintf( '%s: snapshot %s, REST %s', $path, wp_json_encode( $mine ), wp_json_encode( $theirs ) );
		}
	}
}
