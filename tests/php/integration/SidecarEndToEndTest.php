<?php
/**
 * End to end: WordPress → the real sidecar → the Perfex sandbox, and back.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/FakeSidecar.php';
require_once dirname( __DIR__ ) . '/Support/Configured.php';
require_once dirname( __DIR__ ) . '/Support/SidecarProcess.php';

use PHPUnit\Framework\TestCase;
use WooSync\Health;
use WooSync\Mappings;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;
use WooSync\Sync\InvoiceSync;
use WooSync\Sync\JobQueue;
use WooSync\Tests\Support\Configured;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\SidecarProcess;
use WooSync\Tests\Support\Site;

/**
 * Starts sidecar/main.ts (tsx) once for the class; Perfex is the sandbox of env.json.
 */
final class SidecarEndToEndTest extends TestCase {

	private static ?SidecarProcess $sidecar = null;

	private Configured $config;

	public static function setUpBeforeClass(): void {
		$tsx = dirname( __DIR__, 3 ) . '/node_modules/.bin/tsx';
		if ( ! is_executable( $tsx ) ) {
			self::fail( "tsx is missing at $tsx: run `npm install` (the project always installs it); without it the real sidecar cannot run." );
		}
		self::$sidecar = new SidecarProcess( $tsx );
	}

	public static function tearDownAfterClass(): void {
		self::$sidecar?->stop();
	}

	protected function setUp(): void {
		$perfex       = Site::env()['perfex'];
		$this->config = new Configured(
			array(
				'perfex_url'     => $perfex['url'],
				'perfex_token'   => $perfex['token'],
				'sidecar_url'    => self::$sidecar->url,
				'sidecar_key_id' => SidecarProcess::KEY_ID,
				'sidecar_secret' => SidecarProcess::SECRET,
			)
		);
	}

	protected function tearDown(): void {
		$this->config->restore();
	}

	public function test_a_completed_order_becomes_one_perfex_invoice_with_the_order_total(): void {
		$order = Orders::full();
		$order->update_status( 'completed' );

		$created = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );

		$this->assertSame( 'created', $created->outcome, $created->message );
		$this->assertSame( $order->get_total(), $created->invoice['total'] );
		$link = ( new Links() )->get( $order->get_id() );
		$this->assertSame( $created->invoice['id'], $link['perfex_id'] );
		$notes = array_map( static fn ( $note ) => $note->content, wc_get_order_notes( array( 'order_id' => $order->get_id() ) ) );
		$this->assertContains( sprintf( 'Perfex invoice %s created.', $created->invoice['number'] ), $notes );

		$again = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );
		$this->assertSame( 'linked', $again->outcome, 'a resync re-links, never duplicates' );
		$this->assertSame( $created->invoice['id'], $again->invoice['id'] );

		( new Links() )->delete( $order->get_id() );
		$found = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );
		$this->assertSame( 'linked', $found->outcome, 'without the local link, the Perfex signature finds it' );
		$this->assertSame( $created->invoice['id'], $found->invoice['id'] );
	}

	public function test_completing_an_order_over_http_creates_its_invoice_at_the_end_of_that_request(): void {
		( new Settings() )->update( array( 'auto_create_invoice' => true ) );
		$order = Orders::full();
		$jar   = Site::login( 'manager' );
		$nonce = Site::request( 'GET', '/wp-admin/admin-ajax.php?action=rest-nonce', $jar )['body'];

		$response = Site::request(
			'PUT',
			'/wp-json/wc/v3/orders/' . $order->get_id(),
			$jar,
			(string) wp_json_encode( array( 'status' => 'completed' ) ),
			array( 'X-WP-Nonce: ' . $nonce, 'Content-Type: application/json' )
		);
		unlink( $jar );
		$this->assertSame( 200, $response['status'], $response['body'] );

		$link = null;
		for ( $i = 0; $i < 50 && null === $link; $i++ ) {
			$link = ( new Links() )->get( $order->get_id() );
			usleep( 200000 );
		}
		$this->assertNotNull( $link, 'the invoice exists without any queue runner' );
		$this->assertSame( 'queue', ( new History() )->latest( $order->get_id() )['source'] );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
		$actions = as_get_scheduled_actions(
			array(
				'hook'   => JobQueue::SYNC_INVOICE,
				'args'   => array( 'order_id' => $order->get_id() ),
				'group'  => JobQueue::GROUP,
				'status' => '',
			),
			'ids'
		);
		$this->assertCount( 1, $actions );
		global $wpdb;
		$logs = $wpdb->get_col( $wpdb->prepare( "SELECT message FROM {$wpdb->prefix}actionscheduler_logs WHERE action_id = %d", (int) reset( $actions ) ) ); // phpcs:ignore WordPress.DB
		$this->assertStringContainsString( 'WooSync end of request', implode( "\n", $logs ), 'run by the end-of-request runner, not by cron' );
	}

	public function test_health_sees_the_sidecar_and_perfex(): void {
		$settings = new Settings();
		$report   = ( new Health( $settings, new SidecarClient( $settings, new Mappings() ), new History(), new JobQueue() ) )->report();

		$this->assertTrue( $report['sidecar']['reachable'] );
		$this->assertTrue( $report['perfex']['auth'] );
	}

	public function test_a_wrong_secret_is_refused_and_says_what_to_fix(): void {
		( new Settings() )->update( array( 'sidecar_secret' => 'not-the-secret' ) );
		$order = Orders::full();

		$result = $this->sync()->sync( $order->get_id(), InvoiceSync::SOURCE_MANUAL );

		$this->assertSame( 'failed', $result->outcome );
		$this->assertSame( 'sidecar_unauthorized', $result->error_code );
		$this->assertFalse( $result->transient );
	}

	/**
	 * The service as Plugin::boot builds it.
	 */
	private function sync(): InvoiceSync {
		$settings = new Settings();
		return new InvoiceSync( $settings, new SidecarClient( $settings, new Mappings() ), new Links(), new History(), new Lock(), new JobQueue() );
	}
}
