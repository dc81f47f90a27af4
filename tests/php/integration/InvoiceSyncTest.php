<?php
/**
 * The WordPress side of one invoice sync: what is sent to the sidecar, and what each answer
 * leaves behind (link, history row, order note, retry).
 *
 * The sidecar's answers come from WordPress's `pre_http_request` filter (Support/FakeSidecar):
 * unit-level tests of the WordPress side. End-to-end: SidecarEndToEndTest.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/FakeSidecar.php';
require_once dirname( __DIR__ ) . '/Support/Configured.php';

use PHPUnit\Framework\TestCase;
use WooSync\Mappings;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;
use WooSync\Sync\EndOfRequestRunner;
use WooSync\Sync\InvoiceSync;
use WooSync\Sync\JobQueue;
use WooSync\Tests\Support\Configured;
use WooSync\Tests\Support\FakeSidecar;
use WooSync\Tests\Support\Orders;

/**
 * Runs InvoiceSync and the queued job against real orders on the running site.
 */
final class InvoiceSyncTest extends TestCase {

	/** The core's settingsSchema keys (core/schemas.ts), expense_category_id being optional. */
	private const CORE_SETTINGS = array( 'signature_prefix', 'timezone', 'price_decimals', 'perfex_decimals', 'invoice_date_source', 'due_days', 'offline_payment_methods', 'zero_total', 'refund_document', 'payment_modes', 'default_payment_modes', 'country_ids', 'client_note', 'unit' );

	private Configured $config;

	private ?FakeSidecar $sidecar = null;

	protected function setUp(): void {
		$this->config = new Configured();
	}

	protected function tearDown(): void {
		$this->sidecar?->stop();
		$this->config->restore();
	}

	public function test_a_created_invoice_is_linked_recorded_and_noted(): void {
		$this->sidecar = new FakeSidecar( FakeSidecar::created() );
		$order         = $this->completed_order();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );

		$this->assertSame( 'created', $result->outcome );
		$link = ( new Links() )->get( $order->get_id() );
		$this->assertSame( 123, $link['perfex_id'] );
		$this->assertSame( 'INV-000123', $link['perfex_number'] );
		$this->assertSame( 7, $link['perfex_customer_id'] );

		$row = ( new History() )->latest( $order->get_id() );
		$this->assertSame( 'created', $row['outcome'] );
		$this->assertSame( 'manual', $row['source'] );
		$this->assertSame( 123, $row['perfex_id'] );
		$this->assertSame( 'INV-000123', $row['perfex_number'] );
		$this->assertSame( $order->get_total(), $row['order_total'] );
		$this->assertSame( '87.59', $row['perfex_total'] );
		$this->assertSame( (string) $order->get_order_number(), $row['order_number'] );

		$this->assertContains( 'Perfex invoice INV-000123 created.', $this->notes( $order->get_id() ) );
	}

	public function test_the_request_is_signed_and_carries_exactly_the_cores_shapes(): void {
		$this->sidecar = new FakeSidecar( FakeSidecar::created() );
		$order         = $this->completed_order();

		$this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );

		$this->assertCount( 1, $this->sidecar->requests );
		$request = $this->sidecar->requests[0];
		$this->assertSame( FakeSidecar::URL . '/v1/invoices/sync', $request['url'] );
		$this->assertSame( 'POST', $request['method'] );
		$this->assertSame( FakeSidecar::KEY_ID, $request['headers']['X-WooSync-Key'] );
		$timestamp = (int) $request['headers']['X-WooSync-Timestamp'];
		$this->assertEqualsWithDelta( time(), $timestamp, 5 );
		$this->assertSame(
			'v1=' . hash_hmac( 'sha256', $timestamp . "\nPOST\n/v1/invoices/sync\n" . $request['raw'], FakeSidecar::SECRET ),
			$request['headers']['X-WooSync-Signature']
		);

		$body = $request['body'];
		$this->assertSame( array( 'perfex', 'settings', 'mappings', 'order' ), array_keys( $body ), 'no link yet' );
		$this->assertSame(
			array(
				'url'   => 'http://127.0.0.1:8890',
				'token' => 'perfex-token-for-tests',
			),
			$body['perfex']
		);
		$this->assertEqualsCanonicalizing( self::CORE_SETTINGS, array_keys( $body['settings'] ) );
		$this->assertSame( array( 'bacs', 'cheque', 'cod' ), $body['settings']['offline_payment_methods'] );
		$this->assertStringContainsString( '"payment_modes":{}', $request['raw'], 'maps are JSON objects even when empty' );
		$this->assertSame( array( 'currencies', 'base_currency_id' ), array_keys( $body['mappings'] ), 'no tax map: the core uses identity' );
		$this->assertSame( $order->get_id(), $body['order']['id'] );
		$this->assertStringNotContainsString( FakeSidecar::SECRET, $request['raw'] );
	}

	public function test_an_order_already_linked_is_not_sent_again_by_the_queue_and_a_resync_sends_the_link(): void {
		$this->sidecar = new FakeSidecar( FakeSidecar::created(), array( 200, array_merge( FakeSidecar::created()[1], array( 'outcome' => 'linked' ) ) ) );
		$order         = $this->completed_order();
		$this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );

		$queued = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );
		$this->assertSame( 'linked', $queued->outcome );
		$this->assertCount( 1, $this->sidecar->requests, 'the queue found the local link' );

		$resync = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );
		$this->assertSame( 'linked', $resync->outcome );
		$this->assertSame( array( 'invoice_id' => 123 ), $this->sidecar->requests[1]['body']['link'] );
	}

	public function test_a_refused_order_fails_at_once_with_the_reason_and_no_retry(): void {
		$message       = 'Tax rate 4 (CA State Tax) is not mapped to a Perfex tax: add it to the tax map.';
		$this->sidecar = new FakeSidecar( FakeSidecar::error( 422, 'refused', 'unmapped_tax', $message ) );
		$order         = $this->completed_order();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );

		$this->assertSame( 'refused', $result->outcome );
		$this->assertSame( 'unmapped_tax', ( new History() )->latest( $order->get_id() )['error_code'] );
		$this->assertContains( 'Perfex invoice not created: ' . $message, $this->notes( $order->get_id() ) );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
		$this->assertNull( ( new Links() )->get( $order->get_id() ) );
	}

	public function test_a_wrong_signature_secret_fails_at_once_and_says_what_to_fix(): void {
		$this->sidecar = new FakeSidecar( array( 401, array( 'error' => 'unauthorized' ) ) );
		$order         = $this->completed_order();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );

		$this->assertSame( 'failed', $result->outcome );
		$this->assertSame( 'sidecar_unauthorized', $result->error_code );
		$this->assertStringContainsString( 'key id and secret', $result->message );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
	}

	public function test_a_sidecar_that_is_down_is_retried_with_backoff_then_marked_failed(): void {
		$this->sidecar = new FakeSidecar( new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect to 127.0.0.1 port 8787' ) );
		$order         = $this->completed_order();
		$queue         = new JobQueue();

		$first = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );
		$this->assertSame( 'retrying', $first->outcome );
		$pending = $queue->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() );
		$this->assertCount( 1, $pending, 'one retry scheduled' );
		$next = as_next_scheduled_action( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
		$this->assertEqualsWithDelta( time() + InvoiceSync::backoff( 1 ), $next, 5 );
		$this->assertSame( array(), $this->notes( $order->get_id() ), 'no note while retrying' );

		// The retry runs through the real job hook, as Action Scheduler would call it.
		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
		do_action( JobQueue::SYNC_INVOICE, $order->get_id() );
		$this->assertSame( 2, ( new History() )->latest( $order->get_id() )['attempt'] );
		$this->assertSame( 'retrying', ( new History() )->latest( $order->get_id() )['outcome'] );
		$this->assertGreaterThan( InvoiceSync::backoff( 1 ), InvoiceSync::backoff( 2 ) );

		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
		do_action( JobQueue::SYNC_INVOICE, $order->get_id() );
		$last = ( new History() )->latest( $order->get_id() );
		$this->assertSame( 'failed', $last['outcome'], 'max_attempts is 3' );
		$this->assertSame( 3, $last['attempt'] );
		$this->assertSame( 'sidecar_unreachable', $last['error_code'] );
		$this->assertSame( array(), $queue->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ), 'no retry after the limit' );
		$notes = $this->notes( $order->get_id() );
		$this->assertCount( 1, $notes );
		$this->assertStringStartsWith( 'Perfex invoice not created: Gave up after 3 attempts. Last error: The sidecar could not be reached', $notes[0] );
	}

	public function test_a_request_the_sidecar_rejects_fails_at_once_with_its_issues(): void {
		$this->sidecar = new FakeSidecar(
			array(
				400,
				array(
					'error' => array(
						'code'    => 'invalid_request',
						'message' => 'The request does not match the protocol.',
						'issues'  => array(
							array(
								'path'    => 'settings.due_days',
								'message' => 'Number must be less than or equal to 3650',
							),
						),
					),
				),
			)
		);
		$order         = $this->completed_order();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );

		$this->assertSame( 'failed', $result->outcome );
		$this->assertSame( 'invalid_request', $result->error_code );
		$this->assertStringContainsString( 'settings.due_days: Number must be less than or equal to 3650', $result->message );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
	}

	public function test_a_perfex_outage_reported_by_the_sidecar_is_retried(): void {
		$this->sidecar = new FakeSidecar( FakeSidecar::error( 502, 'failed', 'perfex_unreachable', 'Perfex did not answer.', true ) );
		$order         = $this->completed_order();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );

		$this->assertSame( 'retrying', $result->outcome );
		$this->assertCount( 1, ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
	}

	public function test_a_second_run_while_the_first_is_in_flight_creates_nothing(): void {
		$order         = $this->completed_order();
		$sync          = $this->sync();
		$second        = null;
		$this->sidecar = new FakeSidecar(
			function () use ( $sync, $order, &$second ) {
				// The button is pressed while the queue's run waits for Perfex.
				$second = $sync->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );
				return FakeSidecar::created();
			}
		);

		$first = $sync->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );

		$this->assertSame( 'created', $first->outcome );
		$this->assertSame( 'busy', $second->outcome );
		$this->assertCount( 1, $this->sidecar->requests, 'one invoice request' );
		$this->assertSame( 1, ( new History() )->query( array( 'order_id' => $order->get_id() ) )['total'] );
		$this->assertFalse( ( new Lock() )->is_held( 'invoice:' . $order->get_id() ), 'the lock is released' );
	}

	public function test_a_queue_run_that_finds_the_lock_held_leaves_a_follow_up_after_the_lock_expires(): void {
		$order = $this->completed_order();
		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
		$lock  = new Lock();
		$owner = $lock->acquire( 'invoice:' . $order->get_id(), InvoiceSync::LOCK_TTL );
		$this->assertNotNull( $owner );
		$this->sidecar = new FakeSidecar( FakeSidecar::created() );
		try {
			$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );
			$manual = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );
		} finally {
			$lock->release( 'invoice:' . $order->get_id(), $owner );
		}

		$this->assertSame( 'busy', $result->outcome );
		$this->assertSame( 'busy', $manual->outcome );
		$this->assertSame( array(), $this->sidecar->requests );
		$pending = ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() );
		$this->assertCount( 1, $pending, 'one follow-up, from the queue run only' );
		$due = as_next_scheduled_action( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
		$this->assertGreaterThanOrEqual( time() + InvoiceSync::LOCK_TTL, $due, 'after the lock has expired' );
		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
	}

	public function test_an_order_that_does_not_exist_is_invalid(): void {
		$this->sidecar = new FakeSidecar( FakeSidecar::created() );

		$result = $this->sync()->sync( 999999999, InvoiceSync::SOURCE_CLI );

		$this->assertSame( 'invalid', $result->outcome );
		$this->assertSame( 'order_not_found', $result->error_code );
		$this->assertSame( array(), $this->sidecar->requests );
	}

	public function test_without_a_perfex_token_nothing_is_sent_and_the_message_says_what_to_do(): void {
		( new Settings() )->update( array( 'perfex_token' => '' ) );
		$this->sidecar = new FakeSidecar( FakeSidecar::created() );
		$order         = $this->completed_order();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_QUEUE );

		$this->assertSame( 'failed', $result->outcome );
		$this->assertSame( 'perfex_not_configured', $result->error_code );
		$this->assertSame( array(), $this->sidecar->requests );
	}

	public function test_a_completed_order_is_synced_at_the_end_of_the_same_request(): void {
		( new Settings() )->update( array( 'auto_create_invoice' => true ) );
		$this->sidecar = new FakeSidecar( FakeSidecar::created( 456, 'INV-000456' ) );
		$order         = Orders::full();
		$order->update_status( 'completed' );
		$pending = ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() );
		$this->assertCount( 1, $pending );

		// What the shutdown hook does (the test process's own shutdown is switched off).
		$runner = new EndOfRequestRunner();
		$runner->add( $pending[0] );
		remove_filter( 'woosync_run_at_end_of_request', '__return_false' );
		$runner->run();
		add_filter( 'woosync_run_at_end_of_request', '__return_false' );

		$this->assertSame( 'INV-000456', ( new Links() )->get( $order->get_id() )['perfex_number'] );
		$this->assertSame( 'queue', ( new History() )->latest( $order->get_id() )['source'] );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
	}

	/**
	 * The service as Plugin::boot builds it.
	 */
	private function sync(): InvoiceSync {
		$settings = new Settings();
		return new InvoiceSync( $settings, new SidecarClient( $settings, new Mappings() ), new Links(), new History(), new Lock(), new JobQueue() );
	}

	/**
	 * A completed order (automatic invoicing is off in these tests: nothing is queued).
	 */
	private function completed_order(): \WC_Order {
		$order = Orders::full();
		$order->update_status( 'completed' );
		foreach ( $this->notes( $order->get_id(), true ) as $note_id ) {
			wc_delete_order_note( $note_id );
		}
		return wc_get_order( $order->get_id() );
	}

	/**
	 * The order's notes (texts, oldest first), or their ids.
	 *
	 * @param int  $order_id Order.
	 * @param bool $ids      Ids instead of texts.
	 * @return array<int, mixed>
	 */
	private function notes( int $order_id, bool $ids = false ): array {
		$notes = array_reverse( wc_get_order_notes( array( 'order_id' => $order_id ) ) );
		return array_map( static fn ( $note ) => $ids ? $note->id : $note->content, $notes );
	}
}
