<?php
/**
 * A completed order reaches WooSync's hook and becomes a queued job.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

use PHPUnit\Framework\TestCase;
use WooSync\Settings;
use WooSync\Sync\JobQueue;

/**
 * Builds real orders through WooCommerce's API on the running site and completes them.
 */
final class OrderCompletedQueuesJobTest extends TestCase {

	/**
	 * Settings as they were before the test.
	 *
	 * @var mixed
	 */
	private $saved_settings;

	protected function setUp(): void {
		$this->saved_settings = get_option( Settings::OPTION );
	}

	protected function tearDown(): void {
		update_option( Settings::OPTION, $this->saved_settings );
	}

	public function test_completing_an_order_with_taxes_shipping_fee_and_coupon_queues_one_invoice_job(): void {
		$this->set_auto_create( true );
		$order = $this->create_full_order();

		$this->assertGreaterThan( 0, (float) $order->get_total_tax(), 'the order is taxed' );
		$this->assertGreaterThan( 0, (float) $order->get_discount_total(), 'the coupon discounted it' );
		$this->assertCount( 1, $order->get_items( 'shipping' ) );
		$this->assertCount( 1, $order->get_items( 'fee' ) );
		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ), 'nothing is queued before completion' );

		$order->update_status( 'completed' );

		$this->assertCount( 1, $this->invoice_jobs( $order->get_id() ) );
	}

	public function test_completing_the_same_order_again_while_its_job_waits_queues_nothing_more(): void {
		$this->set_auto_create( true );
		$order = $this->create_full_order();
		$order->update_status( 'completed' );
		$jobs = $this->invoice_jobs( $order->get_id() );
		$this->assertCount( 1, $jobs );

		$order->update_status( 'processing' );
		$order->update_status( 'completed' );

		$pending = as_get_scheduled_actions(
			array(
				'hook'   => JobQueue::SYNC_INVOICE,
				'args'   => array( 'order_id' => $order->get_id() ),
				'group'  => JobQueue::GROUP,
				'status' => \ActionScheduler_Store::STATUS_PENDING,
			),
			'ids'
		);
		$this->assertLessThanOrEqual( 1, count( $pending ), 'at most one pending job per order and kind' );
	}

	public function test_with_auto_create_off_a_completed_order_queues_nothing(): void {
		$this->set_auto_create( false );
		$order = $this->create_full_order();

		$order->update_status( 'completed' );

		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ) );
	}

	public function test_jobs_of_other_orders_do_not_block_each_other(): void {
		$this->set_auto_create( true );
		$first  = $this->create_full_order();
		$second = $this->create_full_order();

		$first->update_status( 'completed' );
		$second->update_status( 'completed' );

		$this->assertCount( 1, $this->invoice_jobs( $first->get_id() ) );
		$this->assertCount( 1, $this->invoice_jobs( $second->get_id() ) );
	}

	/**
	 * Switches automatic invoicing on or off.
	 *
	 * @param bool $on On or off.
	 */
	private function set_auto_create( bool $on ): void {
		update_option( Settings::OPTION, array_merge( Settings::defaults(), array( 'auto_create_invoice' => $on ) ) );
	}

	/**
	 * Every invoice job ever queued for an order, whatever its status now.
	 *
	 * @param int $order_id Order.
	 * @return array<int>
	 */
	private function invoice_jobs( int $order_id ): array {
		return array_values(
			as_get_scheduled_actions(
				array(
					'hook'     => JobQueue::SYNC_INVOICE,
					'args'     => array( 'order_id' => $order_id ),
					'group'    => JobQueue::GROUP,
					'status'   => '',
					'per_page' => -1,
				),
				'ids'
			)
		);
	}

	/**
	 * An order for a Californian customer: two taxed products (one at the reduced rate),
	 * flat-rate shipping, a taxable fee and the WELCOME10 coupon, processing.
	 */
	private function create_full_order(): \WC_Order {
		$order = wc_create_order();
		$order->set_address(
			array(
				'first_name' => 'Ada',
				'last_name'  => 'Lovelace',
				'email'      => 'ada@example.test',
				'address_1'  => '1 Analytical Way',
				'city'       => 'Los Angeles',
				'state'      => 'CA',
				'postcode'   => '90001',
				'country'    => 'US',
			),
			'billing'
		);
		foreach ( array(
			'WS-TSHIRT' => 2,
			'WS-BOOK'   => 1,
		) as $sku => $qty ) {
			$product = wc_get_product( wc_get_product_id_by_sku( $sku ) );
			$this->assertInstanceOf( \WC_Product::class, $product, "seeded product $sku exists" );
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

		$order->calculate_totals();
		$applied = $order->apply_coupon( 'WELCOME10' );
		$this->assertTrue( true === $applied, 'coupon WELCOME10 applies' );
		$order->set_status( 'processing' );
		$order->save();
		return wc_get_order( $order->get_id() );
	}
}
