<?php
/**
 * The order screen's "Perfex invoice" box and WooSync's Site Health tests.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/FakeSidecar.php';
require_once dirname( __DIR__ ) . '/Support/Configured.php';

use PHPUnit\Framework\TestCase;
use WooSync\Admin\SiteHealth;
use WooSync\Health;
use WooSync\Mappings;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Sync\JobQueue;
use WooSync\Tests\Support\Configured;
use WooSync\Tests\Support\FakeSidecar;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Site;

/**
 * Admin screens over HTTP; Site Health results in this process.
 */
final class AdminTest extends TestCase {

	private Configured $config;

	private ?FakeSidecar $sidecar = null;

	protected function setUp(): void {
		$this->config = new Configured();
	}

	protected function tearDown(): void {
		$this->sidecar?->stop();
		$this->config->restore();
	}

	public function test_the_order_screen_shows_the_linked_invoice_and_a_resync_button(): void {
		$order = Orders::full();
		( new Links() )->save( $order->get_id(), Links::INVOICE, 77, 'INV-000077', 3, '87.59' );
		( new History() )->add(
			array(
				'order_id'     => $order->get_id(),
				'order_number' => (string) $order->get_order_number(),
				'outcome'      => 'created',
				'message'      => 'Created <b>in</b> Perfex.',
			)
		);

		$jar  = Site::login( 'admin' );
		$page = Site::request( 'GET', '/wp-admin/' . str_replace( admin_url(), '', $order->get_edit_order_url() ), $jar );
		unlink( $jar );

		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( 'id="woosync-invoice"', $page['body'] );
		$this->assertStringContainsString( '<a href="http://127.0.0.1:8890/admin/invoices/list_invoices/77" target="_blank" rel="noopener noreferrer">Invoice INV-000077 (87.59)</a>', $page['body'], 'the invoice links to its page in Perfex' );
		$this->assertStringContainsString( 'Created &lt;b&gt;in&lt;/b&gt; Perfex.', $page['body'], 'messages are escaped' );
		$this->assertStringContainsString( 'class="button woosync-resync"', $page['body'] );
		$this->assertStringContainsString( 'class="woosync-resync-root" data-order-id="' . $order->get_id() . '"', $page['body'] );
		$this->assertStringContainsString( '/build/admin/index.js', $page['body'], 'the admin script mounts the Resync button' );
	}

	public function test_the_box_renders_from_the_legacy_screens_post_too(): void {
		$order = Orders::full();
		$box   = new \WooSync\Admin\OrderMetaBox( new Links(), new History(), new \WooSync\Settings() );

		ob_start();
		$box->render( new \WP_Post( (object) array( 'ID' => $order->get_id() ) ) );
		$legacy = (string) ob_get_clean();
		ob_start();
		$box->render( $order );
		$hpos = (string) ob_get_clean();

		$this->assertStringContainsString( 'data-order-id="' . $order->get_id() . '"', $legacy );
		$this->assertStringContainsString( 'No Perfex invoice yet.', $legacy );
		$this->assertSame( $hpos, $legacy );
	}

	public function test_site_health_lists_the_woosync_tests(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array() ) );
		$this->assertArrayHasKey( 'woosync_connection', $tests['direct'] );
		$this->assertArrayHasKey( 'woosync_sync', $tests['direct'] );
	}

	public function test_site_health_is_critical_when_the_sidecar_is_down(): void {
		$this->sidecar = new FakeSidecar( new \WP_Error( 'http_request_failed', 'Connection refused' ) );

		$result = $this->site_health()->connection_test();

		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'woosync_connection', $result['test'] );
		$this->assertStringContainsString( 'could not be reached', $result['description'] );
	}

	public function test_site_health_is_good_when_sidecar_and_perfex_answer(): void {
		$this->sidecar = new FakeSidecar(
			static fn ( array $request ): array => str_ends_with( $request['url'], '/v1/health' )
				? array(
					200,
					array(
						'status'  => 'ok',
						'version' => '0.1.0',
					),
				)
				: array(
					200,
					array(
						'auth'   => true,
						'errors' => array(),
					),
				)
		);

		$this->assertSame( 'good', $this->site_health()->connection_test()['status'] );
		$this->assertContains( $this->site_health()->sync_test()['status'], array( 'good', 'recommended' ) );
	}

	/**
	 * A fresh Site Health service (the registered one remembers its report for the request).
	 */
	private function site_health(): SiteHealth {
		$settings = new Settings();
		return new SiteHealth( new Health( $settings, new SidecarClient( $settings, new Mappings() ), new History(), new JobQueue() ) );
	}
}
