<?php
/**
 * A completed order reaches WooSync's hook and becomes a queued job.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

use PHPUnit\Framework\TestCase;
use WooSync\Settings;
use WooSync\Storage\Links;
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

	public function test_by_default_processing_and_on_hold_queue_nothing_and_completed_queues_the_invoice(): void {
		$this->set_auto_create( true );
		$order = Orders::full();
		$this->assertSame( 'processing', $order->get_status(), 'Orders::full() reaches processing' );

		$order->update_status( 'on-hold' );
		$order->update_status( 'processing' );
		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ), 'the default trigger is completed only' );

		$order->update_status( 'completed' );
		$this->assertCount( 1, $this->invoice_jobs( $order->get_id() ) );
	}

	public function test_with_trigger_processing_the_invoice_is_queued_when_the_order_is_paid_and_not_again_when_it_completes(): void {
		$order = $this->on_hold_order();
		$this->set_auto_create( true, array( 'processing' ) );

		$order->update_status( 'processing' );
		$jobs = $this->invoice_jobs( $order->get_id() );
		$this->assertCount( 1, $jobs, 'processing triggers the invoice' );

		// The job ran and linked the invoice.
		( new Links() )->save( $order->get_id(), Links::INVOICE, 41, 'INV-000041', 7, $order->get_total() );
		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );

		$order->update_status( 'completed' );
		$order->update_status( 'on-hold' );
		$order->update_status( 'processing' );

		$this->assertSame( $jobs, $this->invoice_jobs( $order->get_id() ), 'a linked order queues no second invoice job' );
	}

	public function test_with_several_trigger_statuses_the_first_one_reached_queues_the_invoice_once(): void {
		$order = $this->on_hold_order();
		$this->set_auto_create( true, array( 'on-hold', 'processing', 'completed' ) );

		$order->update_status( 'pending' );
		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ), 'pending is not a trigger here' );
		$order->update_status( 'on-hold' );
		$order->update_status( 'processing' );
		$order->update_status( 'completed' );

		$this->assertCount( 1, $this->invoice_jobs( $order->get_id() ), 'one job while it waits' );
	}

	public function test_a_linked_order_reaching_completed_queues_nothing(): void {
		$this->set_auto_create( true );
		$order = Orders::full();
		( new Links() )->save( $order->get_id(), Links::INVOICE, 42, 'INV-000042', 7, $order->get_total() );

		$order->update_status( 'completed' );

		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ) );
	}

	public function test_the_trigger_statuses_setting_defaults_to_completed_and_refuses_unknown_or_empty_lists(): void {
		$this->assertSame( array( 'completed' ), Settings::defaults()['invoice_statuses'] );
		$settings = new Settings();

		$this->assertInstanceOf( \WP_Error::class, $settings->update( array( 'invoice_statuses' => array( 'refunded' ) ) ) );
		$this->assertInstanceOf( \WP_Error::class, $settings->update( array( 'invoice_statuses' => array() ) ) );
		$this->assertInstanceOf( \WP_Error::class, $settings->update( array( 'invoice_statuses' => array( 'completed', 'completed' ) ) ) );
		$this->assertTrue( $settings->update( array( 'invoice_statuses' => array( 'processing', 'on-hold' ) ) ) );
		$this->assertSame( array( 'processing', 'on-hold' ), $settings->invoice_statuses() );
	}

	/**
	 * A full order put on hold while automatic invoicing is off (nothing queued for it).
	 */
	private function on_hold_order(): \WC_Order {
		$this->set_auto_create( false );
		$order = Orders::full();
		$order->update_status( 'on-hold' );
		$this->assertSame( array(), $this->invoice_jobs( $order->get_id() ) );
		return $order;
	}

	/**
	 * Switches automatic invoicing on or off.
	 *
	 * @param bool          $on       On or off.
	 * @param array<string> $statuses The trigger statuses.
	 */
	private function set_auto_create( bool $on, array $statuses = array( 'completed' ) ): void {
		update_option(
			Settings::OPTION,
			array_merge(
				Settings::defaults(),
				array(
					'auto_create_invoice' => $on,
					'invoice_statuses'    => $statuses,
				)
			)
		);
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
