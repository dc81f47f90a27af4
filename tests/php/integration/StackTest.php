<?php
/**
 * The whole pipeline on the env's real running stack (env.json): WordPress → the sidecar that
 * bin/env.sh started (from build/woosync-sidecar.mjs) → the Perfex sandbox, and back.
 *
 * No FakeSidecar: orders are completed over WooCommerce's REST API as a shop manager, and the
 * sandbox's own API says what Perfex holds.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/Stack.php';

use PHPUnit\Framework\TestCase;
use WooSync\Mappings;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Sync\JobQueue;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Site;
use WooSync\Tests\Support\Stack;

/**
 * Each test leaves the stack as it found it: faults removed, sidecar running, mappings restored.
 */
final class StackTest extends TestCase {

	/**
	 * Cookie jar of the logged-in shop manager.
	 *
	 * @var string|null
	 */
	private ?string $jar = null;

	/**
	 * REST nonce of that session.
	 *
	 * @var string
	 */
	private string $nonce = '';

	protected function setUp(): void {
		$settings = new Settings();
		$this->assertSame(
			Site::env()['sidecar']['url'],
			untrailingslashit( (string) $settings->get( 'sidecar_url' ) ),
			'WooSync is not connected to the env\'s sidecar: run `bash bin/env.sh up` (its connect step).'
		);
		$this->assertTrue( $settings->auto_create_invoice(), 'the env connects WooSync with auto_create_invoice on' );
		$this->assertTrue( Stack::sidecar_up(), 'the env\'s sidecar is not running: run `bash bin/env.sh up`.' );
		Stack::clear_faults();
		// Orders completed inside this process are not synced when PHPUnit exits.
		add_filter( 'woosync_run_at_end_of_request', '__return_false' );
		$this->jar   = Site::login( 'manager' );
		$this->nonce = Site::request( 'GET', '/wp-admin/admin-ajax.php?action=rest-nonce', $this->jar )['body'];
	}

	protected function tearDown(): void {
		Stack::clear_faults();
		Stack::start_sidecar();
		remove_filter( 'woosync_run_at_end_of_request', '__return_false' );
		if ( null !== $this->jar && is_file( $this->jar ) ) {
			unlink( $this->jar );
		}
	}

	public function test_a_completed_order_is_one_invoice_in_perfex_within_two_seconds_linked_noted_and_recorded(): void {
		$order     = Orders::full();
		$signature = Stack::signature( $order );

		$started  = microtime( true );
		$response = $this->complete( $order );
		$invoices = $this->wait_for_invoice( $signature, $started + 2.0 );
		$elapsed  = microtime( true ) - $started;

		$this->assertSame( 200, $response['status'], $response['body'] );
		$this->assertCount( 1, $invoices, 'exactly one invoice carries the order\'s signature' );
		$this->assertLessThanOrEqual( 2.0, $elapsed, sprintf( 'the invoice took %.2f s', $elapsed ) );
		$invoice = $invoices[0];
		$order   = wc_get_order( $order->get_id() );
		$this->assertSame( self::money( $order->get_total() ), self::money( $invoice['total'] ) );
		$this->assertTrue( Stack::note_has( (string) $invoice['adminnote'], $signature ), (string) $invoice['adminnote'] );
		$this->assertSame( 236, (int) $invoice['billing_country'], 'the US billing address carries Perfex\'s country id' );

		$link = ( new Links() )->get( $order->get_id() );
		$this->assertNotNull( $link, 'WooSync linked the order' );
		$this->assertSame( (int) $invoice['id'], (int) $link['perfex_id'] );

		$notes = $this->notes( $order->get_id() );
		$this->assertContains( sprintf( 'Perfex invoice %s created.', $link['perfex_number'] ), $notes );
		$this->assertStringNotContainsString( 'has no Perfex country id', implode( "\n", $notes ) );

		$row = ( new History() )->latest( $order->get_id() );
		$this->assertSame( 'created', $row['outcome'] );
		$this->assertSame( 'queue', $row['source'] );
		$this->assertSame( (int) $invoice['id'], (int) $row['perfex_id'] );
	}

	public function test_the_orders_list_bulk_action_invoices_the_selected_orders_once(): void {
		$orders = array( Orders::full(), Orders::full() );
		$list   = '/wp-admin/admin.php?page=wc-orders'; // Custom order tables: the suite's stores use them.
		$page   = Site::request( 'GET', $list, $this->jar );
		$this->assertStringContainsString( '<option value="woosync_resync_invoices">Resync Perfex invoices</option>', $page['body'] );
		$this->assertSame( 1, preg_match( '/name="_wpnonce" value="([0-9a-f]+)"/', $page['body'], $nonce ), 'the list\'s bulk nonce' );
		$bulk = fn () => Site::request(
			'POST',
			$list,
			$this->jar,
			http_build_query(
				array(
					'_wpnonce'         => $nonce[1],
					'_wp_http_referer' => $list,
					'action'           => 'woosync_resync_invoices',
					'id'               => array_map( static fn ( \WC_Order $order ) => $order->get_id(), $orders ),
				)
			)
		);

		$answer = $bulk();
		wp_cache_flush();

		$this->assertSame( 200, $answer['status'] );
		$this->assertStringContainsString( '2 orders are being synced to Perfex.', $answer['body'] );
		foreach ( $orders as $order ) {
			$invoices = Stack::invoices_with( Stack::signature( $order ) );
			$this->assertCount( 1, $invoices, 'invoiced by the end of the bulk request' );
			$this->assertSame( self::money( $order->get_total() ), self::money( $invoices[0]['total'] ) );
			$this->assertSame( (int) $invoices[0]['id'], ( new Links() )->get( $order->get_id() )['perfex_id'] );
		}

		// The Perfex column shows each invoice, linked to its page in Perfex.
		$page = Site::request( 'GET', $list, $this->jar )['body'];
		$this->assertMatchesRegularExpression( '/<th scope="col"[^>]* class=["\']manage-column column-woosync_perfex[ "\']/', $page );
		foreach ( $orders as $order ) {
			$link = ( new Links() )->get( $order->get_id() );
			$this->assertStringContainsString( sprintf( '/admin/invoices/list_invoices/%d" target="_blank" rel="noopener noreferrer">%s</a>', $link['perfex_id'], $link['perfex_number'] ), $page );
		}

		$bulk();
		wp_cache_flush();
		foreach ( $orders as $order ) {
			$this->assertCount( 1, Stack::invoices_with( Stack::signature( $order ) ), 'a second bulk resync keeps the one invoice' );
			$this->assertSame( 'linked', ( new History() )->latest( $order->get_id() )['outcome'] );
		}
	}

	public function test_with_trigger_processing_the_order_is_invoiced_when_processing_and_completing_it_makes_no_second_invoice(): void {
		$order = Orders::full();
		$order->update_status( 'on-hold' );
		$signature = Stack::signature( $order );
		$this->assertSame( array(), Stack::invoices_with( $signature ), 'on-hold is not a trigger by default' );
		$settings = new Settings();
		$settings->update( array( 'invoice_statuses' => array( 'processing' ) ) );
		try {

			$response = $this->rest( 'PUT', '/wp-json/wc/v3/orders/' . $order->get_id(), array( 'status' => 'processing' ) );
			$this->assertSame( 200, $response['status'], $response['body'] );
			$invoices = $this->wait_for_invoice( $signature, microtime( true ) + 5.0 );
			$this->assertCount( 1, $invoices, 'processing created the invoice' );
			$this->assertSame( 'processing', wc_get_order( $order->get_id() )->get_status(), 'the order stays processing' );

			$this->complete( $order );
			usleep( 500000 );

			$this->assertCount( 1, Stack::invoices_with( $signature ), 'completing a linked order makes no second invoice' );
			$this->assertSame( 1, ( new History() )->query( array( 'order_id' => $order->get_id() ) )['total'], 'and not even a second attempt' );
		} finally {
			$settings->update( array( 'invoice_statuses' => array( 'completed' ) ) );
		}
	}

	public function test_resyncs_one_after_the_other_at_once_and_without_the_link_never_duplicate(): void {
		$order     = Orders::full();
		$signature = Stack::signature( $order );
		$this->complete( $order );
		$invoices = $this->wait_for_invoice( $signature, microtime( true ) + 5.0 );
		$this->assertCount( 1, $invoices );
		$id = (int) $invoices[0]['id'];

		foreach ( array( 1, 2 ) as $time ) {
			$cli = Site::wp( array( 'woosync', 'resync', (string) $order->get_id(), '--format=json' ) );
			$this->assertSame( 0, $cli['code'], $cli['stderr'] );
			$row = json_decode( $cli['stdout'], true )[0] ?? array();
			$this->assertSame( 'linked', $row['outcome'] ?? null, "resync $time: " . $cli['stdout'] );
		}

		$answers = $this->parallel_resyncs( $order->get_id(), 2 );
		$linked  = 0;
		foreach ( $answers as $answer ) {
			$this->assertContains( $answer['status'], array( 200, 409 ), $answer['body'] );
			if ( 200 === $answer['status'] ) {
				$this->assertSame( 'linked', $answer['json']['outcome'], $answer['body'] );
				$this->assertSame( $id, (int) $answer['json']['invoice']['id'] );
				++$linked;
			}
		}
		$this->assertGreaterThanOrEqual( 1, $linked, 'at least one of the two concurrent resyncs ran' );
		$this->assertCount( 1, Stack::invoices_with( $signature ), 'still one invoice after concurrent resyncs' );

		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->prefix}woosync_links" ); // phpcs:ignore WordPress.DB
		$this->assertNull( ( new Links() )->get( $order->get_id() ) );

		$answer = $this->rest( 'POST', '/wp-json/woosync/v1/orders/' . $order->get_id() . '/invoice/resync' );
		$this->assertSame( 200, $answer['status'], $answer['body'] );
		$this->assertSame( 'linked', $answer['json']['outcome'], 'found again through the signature' );
		$this->assertSame( $id, (int) $answer['json']['invoice']['id'] );
		$this->assertSame( $id, (int) ( new Links() )->get( $order->get_id() )['perfex_id'], 're-linked' );
		$this->assertCount( 1, Stack::invoices_with( $signature ), 'no duplicate' );
	}

	public function test_with_the_sidecar_stopped_the_job_waits_and_creates_the_invoice_once_it_is_back(): void {
		$order     = Orders::full();
		$signature = Stack::signature( $order );
		try {
			Stack::stop_sidecar();

			$response = $this->complete( $order );
			$this->assertSame( 200, $response['status'], $response['body'] );

			$row = ( new History() )->latest( $order->get_id() );
			$this->assertNotNull( $row, 'the attempt at the end of the request is recorded' );
			$this->assertSame( 'retrying', $row['outcome'], (string) $row['message'] );
			$this->assertSame( 'sidecar_unreachable', $row['error_code'] );
			$pending = ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() );
			$this->assertCount( 1, $pending, 'one retry is waiting in the queue: nothing lost' );
			$this->assertNull( ( new Links() )->get( $order->get_id() ) );
			$this->assertSame( array(), Stack::invoices_with( $signature ) );
		} finally {
			Stack::start_sidecar();
		}

		\ActionScheduler::runner()->process_action( (int) $pending[0], 'WooSync stack test' );

		$this->assertCount( 1, Stack::invoices_with( $signature ), 'created once the sidecar is back' );
		$row = ( new History() )->latest( $order->get_id() );
		$this->assertSame( 'created', $row['outcome'], (string) $row['message'] );
		$this->assertSame( 2, (int) $row['attempt'] );
		$this->assertNotNull( ( new Links() )->get( $order->get_id() ) );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
	}

	/**
	 * Faults on Perfex's invoice create that the sidecar must get through without a duplicate.
	 *
	 * @return array<string, array{0: array<string, mixed>}>
	 */
	public function create_faults(): array {
		return array(
			'committed, then the answer dropped' => array(
				array(
					'method' => 'POST',
					'path'   => '^/invoices$',
					'kind'   => 'drop',
					'times'  => 1,
				),
			),
			'two 503 answers'                    => array(
				array(
					'method' => 'POST',
					'path'   => '^/invoices$',
					'kind'   => 'error',
					'status' => 503,
					'times'  => 2,
				),
			),
		);
	}

	/**
	 * @dataProvider create_faults
	 *
	 * @param array<string, mixed> $rule Sandbox fault rule.
	 */
	public function test_one_invoice_after_retries_through_a_fault_on_the_create( array $rule ): void {
		$order     = Orders::full();
		$signature = Stack::signature( $order );
		try {
			Stack::add_fault( $rule );

			$response = $this->complete( $order );
			$invoices = $this->wait_for_invoice( $signature, microtime( true ) + 10.0 );

			$this->assertSame( 200, $response['status'], $response['body'] );
			$this->assertSame( array( 0 ), Stack::faults()['remaining'], 'the fault fired every time it was set to' );
			$this->assertCount( 1, $invoices );
			$row = ( new History() )->latest( $order->get_id() );
			$this->assertSame( 'created', $row['outcome'], (string) $row['message'] );
			$this->assertSame( (int) $invoices[0]['id'], (int) $row['perfex_id'] );
			$this->assertSame( self::money( $order->get_total() ), self::money( $invoices[0]['total'] ) );
		} finally {
			Stack::clear_faults();
		}
	}

	public function test_an_unmapped_tax_rate_fails_naming_the_rate_in_history_and_in_the_order_note(): void {
		$order = Orders::full();
		$taxes = array_values( $order->get_taxes() );
		$this->assertNotEmpty( $taxes, 'the seeded order is taxed' );
		$rate_id = (int) $taxes[0]->get_rate_id();
		$label   = (string) $taxes[0]->get_label();
		$saved   = get_option( Mappings::OPTION );
		try {
			$mappings          = (array) $saved;
			$mappings['taxes'] = array_values(
				array_filter(
					(array) ( $mappings['taxes'] ?? array() ),
					static fn ( $tax ) => (int) ( $tax['wc_rate_id'] ?? 0 ) !== $rate_id
				)
			);
			update_option( Mappings::OPTION, $mappings );

			$response = $this->complete( $order );
			$this->assertSame( 200, $response['status'], $response['body'] );
		} finally {
			update_option( Mappings::OPTION, $saved );
		}

		$row = ( new History() )->latest( $order->get_id() );
		$this->assertNotNull( $row );
		$this->assertSame( 'refused', $row['outcome'] );
		$this->assertSame( 'unmapped_tax', $row['error_code'] );
		$this->assertStringContainsString( $label, (string) $row['message'] );
		$notes = implode( "\n", $this->notes( $order->get_id() ) );
		$this->assertStringContainsString( $label, $notes, 'the order note names the rate' );
		$this->assertSame( array(), Stack::invoices_with( Stack::signature( $order ) ) );
		$this->assertNull( ( new Links() )->get( $order->get_id() ) );
	}

	public function test_the_sidecar_answers_unsigned_stale_and_wrongly_signed_requests_with_401(): void {
		$url                  = Site::env()['sidecar']['url'];
		list( $key, $secret ) = Stack::sidecar_key();
		$signed               = static function ( int $timestamp, string $with ) use ( $key ): array {
			return array(
				'X-WooSync-Key: ' . $key,
				'X-WooSync-Timestamp: ' . $timestamp,
				'X-WooSync-Signature: ' . SidecarClient::signature( $with, $timestamp, 'GET', '/v1/health', '' ),
			);
		};

		$this->assertSame( 200, Stack::http( 'GET', $url . '/v1/health', null, $signed( time(), $secret ) )['status'], 'a signed request passes' );
		$this->assertSame( 401, Stack::http( 'GET', $url . '/v1/health' )['status'], 'unsigned' );
		$this->assertSame( 401, Stack::http( 'GET', $url . '/v1/health', null, $signed( time() - 600, $secret ) )['status'], 'ten minutes old' );
		$this->assertSame( 401, Stack::http( 'GET', $url . '/v1/health', null, $signed( time() + 600, $secret ) )['status'], 'ten minutes ahead' );
		$this->assertSame( 401, Stack::http( 'GET', $url . '/v1/health', null, $signed( time(), $secret . 'x' ) )['status'], 'another secret' );
		$this->assertSame( 401, Stack::http( 'POST', $url . '/v1/invoices/sync', '{}', array( 'Content-Type: application/json' ) )['status'], 'unsigned sync' );
	}

	/**
	 * Completes an order over WooCommerce's REST API as the shop manager.
	 *
	 * @param \WC_Order $order Order.
	 * @return array{status: int, body: string, json: mixed}
	 */
	private function complete( \WC_Order $order ): array {
		return $this->rest( 'PUT', '/wp-json/wc/v3/orders/' . $order->get_id(), array( 'status' => 'completed' ) );
	}

	/**
	 * A REST request as the logged-in shop manager.
	 *
	 * @param string                    $method HTTP method.
	 * @param string                    $path   Path below the site URL.
	 * @param array<string, mixed>|null $json   JSON body.
	 * @return array{status: int, body: string, json: mixed}
	 */
	private function rest( string $method, string $path, ?array $json = null ): array {
		$answer = Site::request(
			$method,
			$path,
			$this->jar,
			null === $json ? null : (string) wp_json_encode( $json ),
			array( 'X-WP-Nonce: ' . $this->nonce, 'Content-Type: application/json' )
		);
		// The site changed data in another process: this process's object cache (WooCommerce
		// caches orders in it) would otherwise answer with what it read before.
		wp_cache_flush();
		return $answer + array( 'json' => json_decode( $answer['body'], true ) );
	}

	/**
	 * Sends the same resync request several times at once.
	 *
	 * @param int $order_id Order.
	 * @param int $count    How many.
	 * @return array<int, array{status: int, body: string, json: mixed}>
	 */
	private function parallel_resyncs( int $order_id, int $count ): array {
		$multi   = curl_multi_init();
		$handles = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$curl = curl_init( Site::env()['wordpress']['url'] . '/wp-json/woosync/v1/orders/' . $order_id . '/invoice/resync' );
			curl_setopt_array(
				$curl,
				array(
					CURLOPT_CUSTOMREQUEST  => 'POST',
					CURLOPT_RETURNTRANSFER => true,
					CURLOPT_TIMEOUT        => 60,
					CURLOPT_COOKIEFILE     => $this->jar,
					CURLOPT_HTTPHEADER     => array( 'X-WP-Nonce: ' . $this->nonce ),
				)
			);
			curl_multi_add_handle( $multi, $curl );
			$handles[] = $curl;
		}
		do {
			$status = curl_multi_exec( $multi, $running );
			if ( $running ) {
				curl_multi_select( $multi, 0.1 );
			}
		} while ( $running && CURLM_OK === $status );
		$answers = array();
		foreach ( $handles as $curl ) {
			$body      = (string) curl_multi_getcontent( $curl );
			$answers[] = array(
				'status' => (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE ),
				'body'   => $body,
				'json'   => json_decode( $body, true ),
			);
			curl_multi_remove_handle( $multi, $curl );
			curl_close( $curl );
		}
		curl_multi_close( $multi );
		return $answers;
	}

	/**
	 * Polls the sandbox until an invoice carries the signature or the deadline passes.
	 *
	 * @param string $signature Signature.
	 * @param float  $deadline  microtime( true ) to give up at.
	 * @return array<int, array<string, mixed>>
	 */
	private function wait_for_invoice( string $signature, float $deadline ): array {
		do {
			$invoices = Stack::invoices_with( $signature );
			if ( array() !== $invoices ) {
				return $invoices;
			}
			usleep( 20000 );
		} while ( microtime( true ) < $deadline );
		return array();
	}

	/**
	 * The order's notes, newest first.
	 *
	 * @param int $order_id Order.
	 * @return array<int, string>
	 */
	private function notes( int $order_id ): array {
		return array_map( static fn ( $note ) => (string) $note->content, wc_get_order_notes( array( 'order_id' => $order_id ) ) );
	}

	/**
	 * A money amount with two decimals, to compare Perfex's text with WooCommerce's.
	 *
	 * @param mixed $amount Amount.
	 */
	private static function money( $amount ): string {
		return number_format( (float) $amount, 2, '.', '' );
	}
}
