<?php
/**
 * `wp woosync resync` and `wp woosync status`, run by the real wp-cli against the site.
 *
 * The wp-cli process is not this one, so no fake sidecar answers there: the sidecar URL points at a
 * closed port, which is what "sidecar down" looks like.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/FakeSidecar.php';
require_once dirname( __DIR__ ) . '/Support/Configured.php';
require_once dirname( __DIR__ ) . '/Support/Stack.php';

use PHPUnit\Framework\TestCase;
use WooSync\Storage\History;
use WooSync\Sync\JobQueue;
use WooSync\Tests\Support\Configured;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Site;
use WooSync\Tests\Support\Stack;

/**
 * The commands' output formats and exit codes.
 */
final class CliTest extends TestCase {

	private const CLOSED_PORT_URL = 'http://127.0.0.1:9';

	private Configured $config;

	protected function setUp(): void {
		$this->config = new Configured( array( 'sidecar_url' => self::CLOSED_PORT_URL ) );
	}

	protected function tearDown(): void {
		$this->config->restore();
	}

	public function test_resync_of_an_unknown_order_prints_json_and_exits_1(): void {
		$result = Site::wp( array( 'woosync', 'resync', '999999998', '--format=json' ) );

		$this->assertSame( 1, $result['code'] );
		$rows = json_decode( $result['stdout'], true );
		$this->assertSame( 'invalid', $rows[0]['outcome'] );
		$this->assertSame( 999999998, $rows[0]['order_id'] );
		$this->assertStringContainsString( 'does not exist', $rows[0]['message'] );
	}

	public function test_resync_with_the_sidecar_down_records_the_attempt_schedules_a_retry_and_exits_1(): void {
		$order = Orders::full();

		$result = Site::wp( array( 'woosync', 'resync', (string) $order->get_id(), '--format=csv' ) );

		$this->assertSame( 1, $result['code'], $result['stderr'] );
		$lines = array_values( array_filter( explode( "\n", $result['stdout'] ) ) );
		$this->assertSame( 'order_id,outcome,invoice,total,message', $lines[0] );
		$this->assertStringStartsWith( $order->get_id() . ',retrying,', $lines[1] );
		$row = ( new History() )->latest( $order->get_id() );
		$this->assertSame( 'cli', $row['source'] );
		$this->assertSame( 'sidecar_unreachable', $row['error_code'] );
		$this->assertCount( 1, ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
		as_unschedule_all_actions( JobQueue::SYNC_INVOICE, array( 'order_id' => $order->get_id() ), JobQueue::GROUP );
	}

	public function test_a_dry_run_stores_nothing(): void {
		$order = Orders::full();

		$result = Site::wp( array( 'woosync', 'resync', (string) $order->get_id(), '--dry-run', '--format=json' ) );

		$rows = json_decode( $result['stdout'], true );
		$this->assertSame( 'failed', $rows[0]['outcome'], 'the preview needs the sidecar' );
		$this->assertNull( ( new History() )->latest( $order->get_id() ) );
		$this->assertSame( array(), ( new JobQueue() )->pending_ids( JobQueue::SYNC_INVOICE, $order->get_id() ) );
	}

	public function test_status_lists_every_check(): void {
		$result = Site::wp( array( 'woosync', 'status', '--format=json' ) );

		$this->assertSame( 0, $result['code'], $result['stderr'] );
		$checks = array_column( json_decode( $result['stdout'], true ), 'status', 'check' );
		$this->assertSame( 'down', $checks['sidecar'] );
		$this->assertSame( 'ok', $checks['perfex_token'] );
		$this->assertSame( 'ok', $checks['sidecar_secret'] );
		$this->assertArrayHasKey( 'queue', $checks );
		$this->assertArrayHasKey( 'last_error', $checks );
	}

	public function test_sidecar_shows_the_running_sidecars_health_and_the_command_line_that_runs_it(): void {
		$this->config->restore();
		list( $key, $secret ) = Stack::sidecar_key();
		$sidecar              = Site::env()['sidecar'];
		$this->config         = new Configured(
			array(
				'sidecar_url'    => $sidecar['url'],
				'sidecar_key_id' => $key,
				'sidecar_secret' => $secret,
			)
		);

		$result = Site::wp( array( 'woosync', 'sidecar', '--format=json' ) );

		$this->assertSame( 0, $result['code'], $result['stderr'] . $result['stdout'] );
		$report = json_decode( $result['stdout'], true );
		$this->assertIsArray( $report, $result['stdout'] );
		$this->assertSame( $sidecar['url'], $report['url'] );
		$this->assertSame( 'ok', $report['status'] );
		$this->assertMatchesRegularExpression( '/^\d+\.\d+\.\d+/', $report['version'] );
		$this->assertGreaterThanOrEqual( 0, $report['uptime_s'] );
		$this->assertGreaterThan( 0, $report['latency_ms'] );
		$this->assertSame( '', $report['error'] );
		$plugin = Site::env()['wordpress']['path'] . '/wp-content/plugins/woosync';
		$this->assertSame( $plugin . '/build/woosync-sidecar.mjs', $report['bundle'] );
		$this->assertTrue( $report['bundle_present'], 'the bundled sidecar ships with the plugin' );
		$this->assertSame(
			'WOOSYNC_SIDECAR_SECRET_FILE=/etc/woosync/sidecar-secrets node ' . $plugin . '/build/woosync-sidecar.mjs --host 127.0.0.1 --port ' . $sidecar['port'],
			$report['command']
		);
		$this->assertStringContainsString( $key . ':<secret>', $report['secret_file'] );
		$this->assertStringNotContainsString( $secret, $result['stdout'], 'the secret is never printed' );

		$table = Site::wp( array( 'woosync', 'sidecar' ) );
		$this->assertSame( 0, $table['code'], $table['stderr'] );
		$this->assertMatchesRegularExpression( '/status\s+\|?\s*ok/', $table['stdout'] );
		$this->assertStringContainsString( '--port ' . $sidecar['port'], $table['stdout'] );
	}

	public function test_sidecar_says_when_the_sidecar_is_down_or_refuses_the_secret_and_exits_1(): void {
		$down = Site::wp( array( 'woosync', 'sidecar', '--format=json' ) );

		$this->assertSame( 1, $down['code'], $down['stdout'] );
		$report = json_decode( $down['stdout'], true );
		$this->assertSame( 'down', $report['status'] );
		$this->assertSame( 'sidecar_unreachable', $report['error_code'] );
		$this->assertNull( $report['latency_ms'] );
		$this->assertStringEndsWith( '--port 9', $report['command'] );

		$this->config->restore();
		$this->config = new Configured( array( 'sidecar_url' => Site::env()['sidecar']['url'] ) );
		$refused      = Site::wp( array( 'woosync', 'sidecar', '--format=json' ) );

		$this->assertSame( 1, $refused['code'], $refused['stdout'] );
		$report = json_decode( $refused['stdout'], true );
		$this->assertSame( 'error', $report['status'] );
		$this->assertSame( 'sidecar_unauthorized', $report['error_code'] );
		$this->assertStringContainsString( '300 seconds', $report['error'] );
	}
}
