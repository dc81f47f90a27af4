<?php
/**
 * An order paid in the store becomes a payment on its Perfex invoice (env's running stack).
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/Stack.php';

use PHPUnit\Framework\TestCase;
use WooSync\Settings;
use WooSync\Storage\Links;
use WooSync\Sync\InvoiceSync;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Stack;

/**
 * With the trigger status `processing`: a card order's invoice is paid in Perfex, a bank
 * transfer's stays unpaid; the order stays processing either way.
 */
final class StorePaymentTest extends TestCase {

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
	}

	protected function tearDown(): void {
		update_option( Settings::OPTION, $this->saved_settings );
		remove_filter( 'woosync_run_at_end_of_request', '__return_false' );
	}

	public function test_trigger_processing_a_card_order_gets_a_paid_invoice_once_and_stays_processing(): void {
		$order = $this->processing_order( 'stripe', 'ch_' . wp_generate_password( 12, false ) );

		$invoice = $this->invoice_of( $order );
		$this->assertSame( 2, (int) $invoice['status'], 'Perfex shows the invoice paid' );
		$this->assertCount( 1, $invoice['payments'] );
		$payment = $invoice['payments'][0];
		$this->assertSame( self::money( $order->get_total() ), self::money( $payment['amount'] ) );
		$this->assertSame( $order->get_transaction_id(), $payment['transactionid'] );
		$order = wc_get_order( $order->get_id() );
		$this->assertSame( 'processing', $order->get_status(), 'paid is not fulfilled: the order stays processing' );
		$this->assertSame( $order->get_transaction_id(), $order->get_meta( InvoiceSync::STORE_PAYMENT_META )['transaction_id'] ?? null );
		$this->assertStringContainsString( 'Payment of', implode( "\n", $this->notes( $order->get_id() ) ) );

		$result = $this->invoice_sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );
		$this->assertSame( 'linked', $result->outcome );
		$this->assertSame( 'existing', $result->payment['status'] ?? null );
		$this->assertCount( 1, $this->invoice_of( $order )['payments'], 'one payment per order' );
	}

	public function test_a_payment_perfex_failed_to_take_is_retried_by_the_queue_and_recorded_once(): void {
		Stack::add_fault(
			array(
				'method' => 'POST',
				'path'   => '^/payments',
				'kind'   => 'error',
				'status' => 503,
				'times'  => 50,
			)
		);
		try {
			$order = $this->processing_order( 'stripe', 'ch_' . wp_generate_password( 12, false ), false );
		} finally {
			Stack::clear_faults();
		}
		$this->assertSame( array(), $this->invoice_of( $order )['payments'] ?? array(), 'the invoice stands without its payment' );
		$this->assertSame( '1', $order->get_meta( InvoiceSync::PAYMENT_RETRY_META ) );
		$this->assertStringContainsString( 'could not be recorded', implode( "\n", $this->notes( $order->get_id() ) ) );

		Stack::run_jobs( $order->get_id() );

		$invoice = $this->invoice_of( $order );
		$this->assertSame( 2, (int) $invoice['status'], 'paid after the retry' );
		$this->assertCount( 1, $invoice['payments'] );
		$order = wc_get_order( $order->get_id() );
		$this->assertSame( '', $order->get_meta( InvoiceSync::PAYMENT_RETRY_META ) );
		$this->assertNotSame( '', $order->get_meta( InvoiceSync::STORE_PAYMENT_META ) );
	}

	public function test_trigger_processing_a_bank_transfer_gets_an_unpaid_invoice(): void {
		$order = $this->processing_order( 'bacs', '' );

		$invoice = $this->invoice_of( $order );
		$this->assertNotSame( 2, (int) $invoice['status'] );
		$this->assertSame( array(), $invoice['payments'] ?? array() );
		$this->assertSame( '', wc_get_order( $order->get_id() )->get_meta( InvoiceSync::STORE_PAYMENT_META ) );
	}

	/**
	 * An order paid with this method, invoiced when it reaches processing.
	 *
	 * @param string $method      Payment method.
	 * @param string $transaction Transaction id.
	 * @param bool   $run_all     Run every job (retries too), or only the first invoice job.
	 */
	private function processing_order( string $method, string $transaction, bool $run_all = true ): \WC_Order {
		$order = Orders::full();
		$order->set_status( 'on-hold' );
		$order->set_payment_method( $method );
		$order->set_payment_method_title( 'stripe' === $method ? 'Credit card' : 'Direct bank transfer' );
		$order->set_transaction_id( $transaction );
		$order->save();
		( new Settings() )->update( array( 'invoice_statuses' => array( 'processing' ) ) );

		$order->update_status( 'processing' );
		if ( $run_all ) {
			Stack::run_jobs( $order->get_id() );
		} else {
			$pending = as_get_scheduled_actions(
				array(
					'hook'   => \WooSync\Sync\JobQueue::SYNC_INVOICE,
					'args'   => array( 'order_id' => $order->get_id() ),
					'group'  => 'woosync',
					'status' => \ActionScheduler_Store::STATUS_PENDING,
				),
				'ids'
			);
			\ActionScheduler::runner()->process_action( (int) reset( $pending ), 'StorePaymentTest' );
		}

		$this->assertNotNull( ( new Links() )->get( $order->get_id() ), 'invoiced at processing' );
		return wc_get_order( $order->get_id() );
	}

	/**
	 * The order's Perfex invoice as the sandbox has it.
	 *
	 * @param \WC_Order $order Order.
	 * @return array<string, mixed>
	 */
	private function invoice_of( \WC_Order $order ): array {
		$link = ( new Links() )->get( $order->get_id() );
		return (array) Stack::sandbox( 'GET', '/api/invoices/' . $link['perfex_id'] )['json'];
	}

	/**
	 * The site's invoice sync service.
	 */
	private function invoice_sync(): InvoiceSync {
		$settings = new Settings();
		$queue    = new \WooSync\Sync\JobQueue();
		return new InvoiceSync(
			$settings,
			new \WooSync\Sidecar\SidecarClient( $settings, new \WooSync\Mappings() ),
			new Links(),
			new \WooSync\Storage\History(),
			new \WooSync\Storage\Lock(),
			$queue
		);
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

	/**
	 * Two decimals.
	 *
	 * @param mixed $amount Amount.
	 */
	private static function money( $amount ): string {
		return number_format( (float) $amount, 2, '.', '' );
	}
}
