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
use WooSync\Tests\Support\Orders;

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
		// These tests look at the queue: the jobs must not run at the end of the test process.
		add_filter( 'woosync_run_at_end_of_request', '__return_false' );
	}

	protected function tearDown(): void {
		update_option( Settings::OPTION, $this->saved_settings );
	}

	public function test_completing_an_order_with_taxes_shipping_fee_and_coupon_queues_one_invoice_job(): void {
		$this->set_auto_create( true );
		$order = Orders::full();

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
		$order = Orders::full();
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
		$order = Orders::full();

		$order->update_status( 'completed' );

		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ) );
	}

	public function test_jobs_of_other_orders_do_not_block_each_other(): void {
		$this->set_auto_create( true );
		$first  = Orders::full();
		$second = Orders::full();

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
}
