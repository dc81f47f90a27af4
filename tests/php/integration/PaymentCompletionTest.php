<?php
/**
 * Perfex → WooCommerce: a payment in Perfex completes the order (webhook and reconcile job), on
 * the env's running stack.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/Stack.php';

use PHPUnit\Framework\TestCase;
use WooSync\Mappings;
use WooSync\Rest\WebhookController;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\Links;
use WooSync\Sync\PaymentCompletion;
use WooSync\Sync\Reconciler;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Stack;

/**
 * Orders are bank transfers invoiced at processing (unpaid invoices); the tests pay them in the
 * sandbox as a person in Perfex would.
 */
final class PaymentCompletionTest extends TestCase {

	/**
	 * Settings as they were.
	 *
	 * @var mixed
	 */
	private $saved_settings;

	protected function setUp(): void {
		$this->assertTrue( Stack::sidecar_up(), 'the env\'s sidecar is not running: run `bash bin/env.sh up`.' );
		Stack::clear_faults();
		$this->saved_settings = get_option( Settings::OPTION );
		add_filter( 'woosync_run_at_end_of_request', '__return_false' );
		( new Settings() )->update( array( 'invoice_statuses' => array( 'processing' ) ) );
	}

	protected function tearDown(): void {
		Stack::clear_faults();
		update_option( Settings::OPTION, $this->saved_settings );
		remove_filter( 'woosync_run_at_end_of_request', '__return_false' );
	}

	public function test_a_payment_recorded_in_perfex_completes_the_order_within_seconds_through_the_webhook(): void {
		$previous = get_current_user_id();
		wp_set_current_user( (int) get_user_by( 'login', 'admin' )->ID );
		try {
			$response = rest_do_request( new \WP_REST_Request( 'POST', '/woosync/v1/webhook/register' ) );
		} finally {
			wp_set_current_user( $previous );
		}
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertGreaterThan( 0, $response->get_data()['id'] );
		$this->assertNotSame( '', ( new Settings() )->secret( 'webhook_secret' ), 'the secret is stored' );

		$order   = $this->invoiced_bank_transfer();
		$invoice = ( new Links() )->get( $order->get_id() );
		$this->pay( $order, $order->get_total() );

		$status = $this->wait_for_status( $order->get_id(), 'completed', 10.0 );
		$this->assertSame( 'completed', $status, 'the webhook completed the order' );
		$notes = implode( "\n", $this->notes( $order->get_id() ) );
		$this->assertStringContainsString( (string) $invoice['perfex_number'], $notes );
		$this->assertCount( 1, Stack::invoices_with( Stack::signature( $order ) ), 'completing it made no second invoice' );
	}

	public function test_without_webhooks_the_reconcile_job_completes_a_paid_order_and_leaves_a_partly_paid_one(): void {
		( new Settings() )->update( array( 'webhook_secret' => '' ) );
		$paid   = $this->invoiced_bank_transfer();
		$partly = $this->invoiced_bank_transfer();
		$this->pay( $paid, $paid->get_total() );
		$this->pay( $partly, '1.00' );

		$counts = $this->reconciler()->run();

		$this->assertGreaterThanOrEqual( 1, $counts['completed'] ?? 0 );
		$this->assertSame( 'completed', $this->fresh( $paid->get_id() )->get_status() );
		$this->assertSame( 'processing', $this->fresh( $partly->get_id() )->get_status(), 'a partial payment does not complete' );

		$this->reconciler()->run();
		$this->assertSame( 'completed', $this->fresh( $paid->get_id() )->get_status(), 'idempotent, never backwards' );
	}

	public function test_the_reconcile_job_recurs_at_the_interval_setting_default_five_minutes(): void {
		$this->assertSame( 5, Settings::defaults()['reconcile_interval'] );
		$this->assertTrue( Settings::defaults()['complete_on_payment'] );
		$pending = static fn (): array => as_get_scheduled_actions(
			array(
				'hook'   => Reconciler::RECURRING,
				'group'  => 'woosync',
				'status' => \ActionScheduler_Store::STATUS_PENDING,
			)
		);
		$this->reconciler()->schedule();
		$first   = $pending();
		$this->assertCount( 1, $first, 'scheduled once the site is connected' );
		$this->assertSame( 300, (int) reset( $first )->get_schedule()->get_recurrence() );

		$this->reconciler()->schedule();
		$this->assertSame( array_keys( $first ), array_keys( $pending() ), 'not rescheduled on every request' );

		( new Settings() )->update( array( 'reconcile_interval' => 10 ) );
		$this->reconciler()->schedule();
		$now = $pending();
		$this->assertCount( 1, $now );
		$this->assertSame( 600, (int) reset( $now )->get_schedule()->get_recurrence() );
		( new Settings() )->update( array( 'reconcile_interval' => 5 ) );
		$this->reconciler()->schedule();
	}

	public function test_wp_cli_registers_the_webhook_and_reconciles(): void {
		$cli = \WooSync\Tests\Support\Site::wp( array( 'woosync', 'webhook', 'register', '--format=json' ) );
		$this->assertSame( 0, $cli['code'], $cli['stderr'] );
		$answer = json_decode( $cli['stdout'], true );
		$this->assertGreaterThan( 0, $answer['id'] ?? 0, $cli['stdout'] );
		$this->assertSame( WebhookController::EVENTS, $answer['events'] );
		$this->assertStringEndsWith( '/woosync/v1/perfex-webhook', $answer['url'] );

		( new Settings() )->update( array( 'webhook_secret' => '' ) );
		$order = $this->invoiced_bank_transfer();
		$this->pay( $order, $order->get_total() );
		$cli = \WooSync\Tests\Support\Site::wp( array( 'woosync', 'reconcile' ) );
		$this->assertSame( 0, $cli['code'], $cli['stderr'] . $cli['stdout'] );
		$this->assertSame( 'completed', $this->fresh( $order->get_id() )->get_status() );
	}

	public function test_a_payment_woosync_recorded_from_the_store_never_completes_the_order(): void {
		( new Settings() )->update( array( 'webhook_secret' => '' ) );
		$order = Orders::full();
		$order->set_status( 'on-hold' );
		$order->set_payment_method( 'stripe' );
		$order->set_transaction_id( 'ch_' . wp_generate_password( 10, false ) );
		$order->save();
		$order->update_status( 'processing' );
		Stack::run_jobs( $order->get_id() );
		$this->assertNotSame( '', $this->fresh( $order->get_id() )->get_meta( '_woosync_store_payment' ), 'paid in the store' );

		$this->reconciler()->run();
		$status = ( new Links() )->get( $order->get_id() );
		$this->assertNotNull( $status );
		$this->assertSame(
			'store_payment',
			( new PaymentCompletion( new Settings(), new Links() ) )->apply(
				$order->get_id(),
				array(
					'id'          => $status['perfex_id'],
					'found'       => true,
					'status_name' => 'paid',
					'amount_due'  => '0.00',
				)
			)
		);
		$this->assertSame( 'processing', $this->fresh( $order->get_id() )->get_status() );
	}

	public function test_perfex_down_during_reconcile_touches_nothing_and_the_next_run_completes(): void {
		( new Settings() )->update( array( 'webhook_secret' => '' ) );
		$order = $this->invoiced_bank_transfer();
		$this->pay( $order, $order->get_total() );
		Stack::add_fault(
			array(
				'method' => 'GET',
				'path'   => '^/invoices/',
				'kind'   => 'error',
				'status' => 503,
			)
		);

		$counts = $this->reconciler()->run();

		$this->assertGreaterThanOrEqual( 1, $counts['failed'] ?? 0 );
		$this->assertSame( 'processing', $this->fresh( $order->get_id() )->get_status() );
		Stack::clear_faults();
		$this->reconciler()->run();
		$this->assertSame( 'completed', $this->fresh( $order->get_id() )->get_status() );
	}

	public function test_forged_stale_and_repeated_deliveries(): void {
		$secret = 'test-webhook-secret-0123456789abcdef';
		( new Settings() )->update( array( 'webhook_secret' => $secret ) );
		$body = (string) wp_json_encode(
			array(
				'event'     => 'payment_created',
				'timestamp' => time(),
				'data'      => array(
					'id'           => wp_rand( 1, PHP_INT_MAX ),
					'_source_hook' => 'after_payment_added',
				),
			)
		);
		$now  = time();
		$sign = static fn ( int $t, string $key ): string => 't=' . $t . ',v1=' . hash_hmac( 'sha256', $t . '.' . $body, $key );

		$this->assertSame( 401, $this->deliver( $body, $sign( $now, 'forged-secret-0123456789' ) )->get_status(), 'forged' );
		$this->assertSame( 401, $this->deliver( $body, '' )->get_status(), 'unsigned' );
		$this->assertSame( 401, $this->deliver( $body, $sign( $now - 301, $secret ) )->get_status(), 'stale' );
		$this->assertSame( 401, $this->deliver( $body . ' ', $sign( $now, $secret ) )->get_status(), 'another body' );

		as_unschedule_all_actions( Reconciler::NOW, array(), 'woosync' );
		$first  = $this->deliver( $body, $sign( $now, $secret ) );
		$second = $this->deliver( $body, $sign( $now + 1, $secret ) );
		$this->assertSame( 202, $first->get_status() );
		$this->assertSame( 200, $second->get_status() );
		$this->assertTrue( $second->get_data()['duplicate'] );
		$this->assertCount(
			1,
			as_get_scheduled_actions(
				array(
					'hook'   => Reconciler::NOW,
					'group'  => 'woosync',
					'status' => \ActionScheduler_Store::STATUS_PENDING,
				),
				'ids'
			),
			'one reconcile queued for two deliveries'
		);
		as_unschedule_all_actions( Reconciler::NOW, array(), 'woosync' );
		$this->assertSame( true, WebhookController::verify( $sign( $now, $secret ), $body, $secret, $now + 299 ) );
	}

	/**
	 * A delivery to the public route.
	 *
	 * @param string $body      Raw body.
	 * @param string $signature X-Perfex-Signature.
	 */
	private function deliver( string $body, string $signature ): \WP_REST_Response {
		$request = new \WP_REST_Request( 'POST', '/woosync/v1/perfex-webhook' );
		$request->set_body( $body );
		$request->set_header( 'content-type', 'application/json' );
		if ( '' !== $signature ) {
			$request->set_header( 'x-perfex-signature', $signature );
		}
		return rest_do_request( $request );
	}

	/**
	 * A bank-transfer order invoiced at processing: an unpaid invoice.
	 */
	private function invoiced_bank_transfer(): \WC_Order {
		$order = Orders::full();
		$order->set_status( 'on-hold' );
		$order->save();
		$order->update_status( 'processing' );
		Stack::run_jobs( $order->get_id() );
		$this->assertNotNull( ( new Links() )->get( $order->get_id() ), 'invoiced' );
		return $this->fresh( $order->get_id() );
	}

	/**
	 * Records a payment in the sandbox as a person in Perfex would.
	 *
	 * @param \WC_Order $order  Order.
	 * @param string    $amount Amount.
	 */
	private function pay( \WC_Order $order, string $amount ): void {
		$link   = ( new Links() )->get( $order->get_id() );
		$answer = Stack::sandbox(
			'POST',
			'/__sandbox/payments',
			array(
				'invoiceid'   => (int) $link['perfex_id'],
				'amount'      => $amount,
				'paymentmode' => '1',
			)
		);
		$this->assertSame( 200, $answer['status'], $answer['body'] );
	}

	/**
	 * The reconcile job's service.
	 */
	private function reconciler(): Reconciler {
		$settings = new Settings();
		return new Reconciler(
			$settings,
			new SidecarClient( $settings, new Mappings() ),
			new Links(),
			new PaymentCompletion( $settings, new Links() ),
			new \WooSync\Sync\EndOfRequestRunner()
		);
	}

	/**
	 * The order as stored now.
	 *
	 * @param int $order_id Order.
	 */
	private function fresh( int $order_id ): \WC_Order {
		wp_cache_flush();
		return wc_get_order( $order_id );
	}

	/**
	 * Waits for an order status.
	 *
	 * @param int    $order_id Order.
	 * @param string $status   Status.
	 * @param float  $seconds  Time limit.
	 */
	private function wait_for_status( int $order_id, string $status, float $seconds ): string {
		$deadline = microtime( true ) + $seconds;
		do {
			$now = $this->fresh( $order_id )->get_status();
			if ( $now === $status ) {
				return $now;
			}
			usleep( 100000 );
		} while ( microtime( true ) < $deadline );
		return $now;
	}

	/**
	 * The order's notes.
	 *
	 * @param int $order_id Order.
	 * @return array<int, string>
	 */
	private function notes( int $order_id ): array {
		return array_map( static fn ( $note ) => (string) $note->content, wc_get_order_notes( array( 'order_id' => $order_id ) ) );
	}
}
