<?php
/**
 * Refunds become Perfex credit notes (or expenses) on the env's running sidecar and sandbox.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/Stack.php';

use PHPUnit\Framework\TestCase;
use WooSync\Settings;
use WooSync\Snapshot\RefundSnapshot;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Sync\JobQueue;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Site;
use WooSync\Tests\Support\Stack;

/**
 * Orders are invoiced and refunded inside the test process; their queued jobs are run here
 * (the end-of-request run is off), against the real sidecar and sandbox.
 */
final class RefundSyncTest extends TestCase {

	/**
	 * Settings as they were.
	 *
	 * @var mixed
	 */
	private $saved_settings;

	protected function setUp(): void {
		$this->assertTrue( ( new Settings() )->auto_create_invoice(), 'the env connects WooSync with auto_create_invoice on' );
		$this->assertTrue( Stack::sidecar_up(), 'the env\'s sidecar is not running: run `bash bin/env.sh up`.' );
		$this->saved_settings = get_option( Settings::OPTION );
		add_filter( 'woosync_run_at_end_of_request', '__return_false' );
	}

	protected function tearDown(): void {
		update_option( Settings::OPTION, $this->saved_settings );
		remove_filter( 'woosync_run_at_end_of_request', '__return_false' );
	}

	/**
	 * The refund kinds the issue names.
	 *
	 * @return array<string, array{0: string}>
	 */
	public function refunds(): array {
		return array(
			'full refund'         => array( 'full' ),
			'partial line refund' => array( 'line' ),
			'amount-only refund'  => array( 'amount' ),
			'manual Refunded'     => array( 'manual' ),
		);
	}

	/**
	 * @dataProvider refunds
	 *
	 * @param string $how Which refund.
	 */
	public function test_a_refund_becomes_one_credit_note_of_its_amount_for_the_invoice_customer( string $how ): void {
		$order   = $this->invoiced_order();
		$invoice = ( new Links() )->get( $order->get_id() );

		$refund = $this->refund( $order, $how );
		Stack::run_jobs( $order->get_id() );

		$link = ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE );
		$this->assertNotNull( $link, 'the refund is linked to its credit note' );
		$note = Stack::sandbox( 'GET', '/api/credit_notes/' . $link['perfex_id'] )['json'];
		$this->assertSame( self::money( $refund->get_amount() ), self::money( $note['total'] ), 'credit note total == refund amount' );
		$this->assertSame( (int) $invoice['perfex_customer_id'], (int) $note['clientid'], 'same customer as the invoice' );
		$this->assertStringContainsString( sprintf( 'Order #%s Refund #%d', $order->get_order_number(), $refund->get_id() ), (string) $note['adminnote'] );
		$this->assertSame( 1, $this->credit_notes_with( $order, $refund ), 'one credit note' );

		$notes = implode( "\n", $this->notes( $order->get_id() ) );
		$this->assertStringContainsString( 'The credit is open', $notes );
		$this->assertStringContainsString( (string) $invoice['perfex_number'], $notes );
		$row = ( new History() )->latest( $order->get_id(), Links::CREDIT_NOTE );
		$this->assertSame( 'created', $row['outcome'] );
		ob_start();
		( new \WooSync\Admin\OrderMetaBox( new Links(), new History(), new Settings() ) )->render( wc_get_order( $order->get_id() ) );
		$box = (string) ob_get_clean();
		$this->assertStringContainsString( sprintf( 'Refund #%d: credit note %s', $refund->get_id(), $link['perfex_number'] ), $box, 'the order box lists it under the invoice' );
		$this->assertStringContainsString( sprintf( '/admin/credit_notes/list_credit_notes/%d"', $link['perfex_id'] ), $box, 'linked to its page in Perfex' );
		$this->assertSame( $refund->get_id(), $row['refund_id'], 'the history row names its refund' );

		// The job again (a retry, a second delivery): linked, no second credit note.
		( new Links() )->delete( $refund->get_id(), Links::CREDIT_NOTE );
		as_enqueue_async_action(
			JobQueue::SYNC_REFUND,
			array(
				'refund_id' => $refund->get_id(),
				'order_id'  => $order->get_id(),
			),
			JobQueue::GROUP
		);
		Stack::run_jobs( $order->get_id() );
		$this->assertSame( (int) $link['perfex_id'], (int) ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE )['perfex_id'], 'found again by its signature' );
		$this->assertSame( 1, $this->credit_notes_with( $order, $refund ) );
	}

	/**
	 * @dataProvider refunds
	 *
	 * @param string $how Which refund.
	 */
	public function test_with_refund_document_expense_a_refund_becomes_one_expense( string $how ): void {
		( new Settings() )->update(
			array(
				'refund_document'     => 'expense',
				'expense_category_id' => 1,
			)
		);
		$order = $this->invoiced_order();

		$refund = $this->refund( $order, $how );
		Stack::run_jobs( $order->get_id() );

		$link = ( new Links() )->get( $refund->get_id(), Links::EXPENSE );
		$this->assertNotNull( $link, 'the refund is linked to its expense' );
		$this->assertNull( ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE ) );
		$this->assertSame( self::money( $refund->get_amount() ), self::money( $link['total'] ) );
		$expense = Stack::sandbox( 'GET', '/api/expenses/' . $link['perfex_id'] )['json'];
		$this->assertSame( 1, (int) $expense['category'] );
		$token = Stack::signature( $order ) . ':refund:' . $refund->get_id();
		$found = (array) Stack::sandbox( 'GET', '/api/expenses/search/' . rawurlencode( $token ) )['json'];
		$this->assertCount( 1, array_filter( $found, static fn ( $row ) => is_array( $row ) && Stack::note_has( (string) ( $row['note'] ?? '' ), $token ) ), 'one expense' );
		$this->assertStringContainsString( 'Perfex expense', implode( "\n", $this->notes( $order->get_id() ) ) );
	}

	public function test_a_refund_made_over_the_rest_api_becomes_its_credit_note_by_the_end_of_the_request(): void {
		$order = $this->invoiced_order();
		$jar   = Site::login( 'manager' );
		try {
			$nonce  = Site::request( 'GET', '/wp-admin/admin-ajax.php?action=rest-nonce', $jar )['body'];
			$answer = Site::request(
				'POST',
				'/wp-json/wc/v3/orders/' . $order->get_id() . '/refunds',
				$jar,
				(string) wp_json_encode(
					array(
						'amount'     => '4.00',
						'reason'     => 'Late delivery',
						'api_refund' => false,
					)
				),
				array( 'X-WP-Nonce: ' . $nonce, 'Content-Type: application/json' )
			);
		} finally {
			unlink( $jar );
		}
		$this->assertSame( 201, $answer['status'], $answer['body'] );
		$refund_id = (int) json_decode( $answer['body'], true )['id'];

		// The end-of-request runner of that request makes the credit note: nothing runs here.
		$deadline = microtime( true ) + 2.0;
		do {
			$link = ( new Links() )->get( $refund_id, Links::CREDIT_NOTE );
			if ( null === $link ) {
				usleep( 50000 );
			}
		} while ( null === $link && microtime( true ) < $deadline );
		$this->assertNotNull( $link, 'linked within 2 s of the REST request' );
		$this->assertSame( '4.00', self::money( $link['total'] ) );
	}

	public function test_retry_from_the_history_runs_that_refund_once_over_rest(): void {
		$order  = $this->invoiced_order();
		$refund = $this->refund( $order, 'amount' );
		$route  = sprintf( '/woosync/v1/orders/%d/refunds/%d/resync', $order->get_id(), $refund->get_id() );
		$admin  = (int) get_user_by( 'login', 'manager' )->ID;
		$before = get_current_user_id();
		wp_set_current_user( $admin );
		$other = Orders::full();
		try {
			$foreign = rest_do_request( new \WP_REST_Request( 'POST', sprintf( '/woosync/v1/orders/%d/refunds/%d/resync', $other->get_id(), $refund->get_id() ) ) );
			$this->assertSame( 404, $foreign->get_status(), 'a refund of another order' );
			$this->assertSame( 'woosync_refund_not_found', $foreign->as_error()->get_error_code() );
			$this->assertSame( 0, ( new History() )->query( array( 'refund_id' => $refund->get_id() ) )['total'], 'nothing recorded for it' );

			$first  = rest_do_request( new \WP_REST_Request( 'POST', $route ) );
			$second = rest_do_request( new \WP_REST_Request( 'POST', $route ) );
			$query  = new \WP_REST_Request( 'GET', '/woosync/v1/history' );
			$query->set_query_params(
				array(
					'kind'   => 'credit_note',
					'search' => $order->get_order_number(),
				)
			);
			$rows = rest_do_request( $query );
		} finally {
			wp_set_current_user( $before );
		}

		$link = ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE );
		$this->assertNotNull( $link, 'the refund reached Perfex' );
		$this->assertSame( 200, $first->get_status() );
		$this->assertSame( 'created', $first->get_data()['outcome'] );
		$this->assertSame( $link['perfex_number'], $first->get_data()['invoice']['number'] );
		$this->assertSame( 200, $second->get_status() );
		$this->assertSame( 'linked', $second->get_data()['outcome'], 'the second run finds the same credit note' );
		$this->assertSame( 1, $this->credit_notes_with( $order, $refund ) );

		$latest = $rows->get_data()[0];
		$this->assertSame( $refund->get_id(), $latest['refund_id'] );
		$this->assertSame( 'credit_note', $latest['kind'] );
		$this->assertStringEndsWith( '/admin/credit_notes/list_credit_notes/' . $link['perfex_id'], $latest['perfex_url'] );
		$this->assertStringNotContainsString( '/api/', $latest['perfex_url'], 'the admin page, not the API address' );
	}

	public function test_a_refund_before_the_invoice_waits_and_follows_the_invoice(): void {
		$order = Orders::full();
		$this->assertNull( ( new Links() )->get( $order->get_id() ) );
		$refund = $this->refund( $order, 'amount' );
		Stack::run_jobs( $order->get_id() );

		$this->assertNull( ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE ) );
		$this->assertSame( 'waiting', ( new History() )->latest( $order->get_id(), Links::CREDIT_NOTE )['outcome'] );
		wp_set_current_user( (int) get_user_by( 'login', 'manager' )->ID );
		try {
			$retry = rest_do_request( new \WP_REST_Request( 'POST', sprintf( '/woosync/v1/orders/%d/refunds/%d/resync', $order->get_id(), $refund->get_id() ) ) );
		} finally {
			wp_set_current_user( 0 );
		}
		$this->assertSame( 202, $retry->get_status(), 'Retry says the refund still waits for the invoice' );
		$this->assertSame( 'waiting', $retry->get_data()['outcome'] );
		$this->assertNull( $retry->get_data()['error'] );

		$order->update_status( 'completed' );
		Stack::run_jobs( $order->get_id() );

		$this->assertNotNull( ( new Links() )->get( $order->get_id() ), 'invoiced' );
		$this->assertNotNull( ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE ), 'and the waiting refund followed' );
	}

	public function test_a_deleted_refund_is_noted_in_history(): void {
		$order  = $this->invoiced_order();
		$refund = $this->refund( $order, 'amount' );
		Stack::run_jobs( $order->get_id() );
		$link      = ( new Links() )->get( $refund->get_id(), Links::CREDIT_NOTE );
		$refund_id = $refund->get_id();

		$refund->delete( true );
		do_action( 'woocommerce_refund_deleted', $refund_id, $order->get_id() );

		$row = ( new History() )->latest( $order->get_id(), Links::CREDIT_NOTE );
		$this->assertSame( 'deleted', $row['outcome'] );
		$this->assertStringContainsString( (string) $link['perfex_number'], (string) $row['message'] );
	}

	public function test_the_refund_snapshot_matches_the_rest_api_field_by_field(): void {
		$order = $this->invoiced_order();
		foreach ( array( 'line', 'amount' ) as $how ) {
			$refund   = $this->refund( $order, $how );
			$snapshot = json_decode( (string) wp_json_encode( RefundSnapshot::from_refund( $refund ) ), true );
			$previous = get_current_user_id();
			wp_set_current_user( (int) get_user_by( 'login', 'admin' )->ID );
			try {
				$response = rest_do_request( new \WP_REST_Request( 'GET', '/wc/v3/orders/' . $order->get_id() . '/refunds/' . $refund->get_id() ) );
			} finally {
				wp_set_current_user( $previous );
			}
			$this->assertSame( 200, $response->get_status() );
			$rest        = json_decode( (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) ), true );
			$differences = array();
			self::compare( $snapshot, $rest, '', $differences );
			$this->assertSame( array(), $differences, "$how refund snapshot fields that differ from REST" );
		}
	}

	/**
	 * A full order, completed and invoiced in the sandbox.
	 */
	private function invoiced_order(): \WC_Order {
		$order = Orders::full();
		$order->update_status( 'completed' );
		Stack::run_jobs( $order->get_id() );
		$this->assertNotNull( ( new Links() )->get( $order->get_id() ), 'the order is invoiced' );
		return wc_get_order( $order->get_id() );
	}

	/**
	 * Refunds an order one of four ways.
	 *
	 * @param \WC_Order $order Order.
	 * @param string    $how   full, line, amount or manual.
	 */
	private function refund( \WC_Order $order, string $how ): \WC_Order_Refund {
		$order = wc_get_order( $order->get_id() );
		if ( 'manual' === $how ) {
			$order->update_status( 'refunded' );
			$refunds = wc_get_order( $order->get_id() )->get_refunds();
			return reset( $refunds );
		}
		$lines = array();
		$types = 'full' === $how ? array( 'line_item', 'shipping', 'fee' ) : array( 'line_item' );
		foreach ( $order->get_items( $types ) as $item ) {
			$taxes = array();
			foreach ( $item->get_taxes()['total'] ?? array() as $rate_id => $tax ) {
				$taxes[ $rate_id ] = 'full' === $how ? $tax : (float) $tax / $item->get_quantity();
			}
			$lines[ $item->get_id() ] = array(
				'qty'          => 'full' === $how ? $item->get_quantity() : 1,
				'refund_total' => 'full' === $how ? $item->get_total() : (float) $item->get_total() / $item->get_quantity(),
				'refund_tax'   => $taxes,
			);
			if ( 'line' === $how ) {
				break;
			}
		}
		$amount = 'full' === $how ? $order->get_total() : ( 'amount' === $how ? '5.00' : round( $lines[ array_key_first( $lines ) ]['refund_total'] + array_sum( $lines[ array_key_first( $lines ) ]['refund_tax'] ), 2 ) );
		$refund = wc_create_refund(
			array(
				'order_id'   => $order->get_id(),
				'amount'     => $amount,
				'reason'     => ucfirst( $how ) . ' refund',
				'line_items' => 'amount' === $how ? array() : $lines,
			)
		);
		$this->assertInstanceOf( \WC_Order_Refund::class, $refund );
		return $refund;
	}

	/**
	 * How many sandbox credit notes carry the refund's signature token.
	 *
	 * @param \WC_Order        $order  Order.
	 * @param \WC_Order_Refund $refund Refund.
	 */
	private function credit_notes_with( \WC_Order $order, \WC_Order_Refund $refund ): int {
		$token = Stack::signature( $order ) . ':refund:' . $refund->get_id();
		$found = Stack::sandbox( 'GET', '/api/credit_notes/search/' . rawurlencode( $token ) )['json'];
		$count = 0;
		foreach ( is_array( $found ) ? $found : array() as $row ) {
			$count += Stack::note_has( (string) ( $row['adminnote'] ?? '' ), $token ) ? 1 : 0;
		}
		return $count;
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

	/**
	 * Every path where the snapshot differs from REST.
	 *
	 * @param mixed         $mine        Snapshot value.
	 * @param mixed         $theirs      REST value.
	 * @param string        $path        Path.
	 * @param array<string> $differences Collected.
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
