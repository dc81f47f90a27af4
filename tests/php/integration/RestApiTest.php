<?php
/**
 * The woosync/v1 REST API: who may call it, what it validates, what it never reveals.
 *
 * Sidecar answers come from Support/FakeSidecar (WordPress's `pre_http_request`): unit-level
 * tests of the WordPress side.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/FakeSidecar.php';
require_once dirname( __DIR__ ) . '/Support/Configured.php';

use PHPUnit\Framework\TestCase;
use WooSync\Mappings;
use WooSync\Settings;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Schema;
use WooSync\Tests\Support\Configured;
use WooSync\Tests\Support\FakeSidecar;
use WooSync\Tests\Support\Orders;
use WooSync\Tests\Support\Site;

/**
 * Calls the routes through rest_do_request() as the site's users, and once over HTTP.
 */
final class RestApiTest extends TestCase {

	private Configured $config;

	private ?FakeSidecar $sidecar = null;

	protected function setUp(): void {
		$this->config = new Configured();
	}

	protected function tearDown(): void {
		global $wpdb;
		// The history rows a test made up leave with it (they would be the site's "last error").
		$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::table( Schema::HISTORY ) . ' WHERE order_number LIKE %s', 'RESTTEST-%' ) ); // phpcs:ignore WordPress.DB
		$this->sidecar?->stop();
		$this->config->restore();
		wp_set_current_user( 0 );
	}

	/**
	 * Every route, with the method a client uses.
	 *
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function routes(): array {
		return array(
			'settings'        => array( 'GET', '/woosync/v1/settings' ),
			'settings update' => array( 'POST', '/woosync/v1/settings' ),
			'tax map'         => array( 'GET', '/woosync/v1/tax-map' ),
			'currency map'    => array( 'PUT', '/woosync/v1/currency-map' ),
			'history'         => array( 'GET', '/woosync/v1/history' ),
			'health'          => array( 'GET', '/woosync/v1/health' ),
			'order invoice'   => array( 'GET', '/woosync/v1/orders/{order}/invoice' ),
			'resync'          => array( 'POST', '/woosync/v1/orders/{order}/invoice/resync' ),
			'preview'         => array( 'POST', '/woosync/v1/orders/{order}/invoice/preview' ),
			'refund resync'   => array( 'POST', '/woosync/v1/orders/{order}/refunds/1/resync' ),
		);
	}

	/**
	 * @dataProvider routes
	 */
	public function test_a_subscriber_and_a_shop_customer_get_403_and_a_visitor_401( string $method, string $route ): void {
		$route = str_replace( '{order}', (string) Orders::full()->get_id(), $route );

		$this->as_user( 'subscriber' );
		$this->assertSame( 403, $this->call( $method, $route )->get_status(), 'subscriber' );

		$this->assertNotNull( get_role( 'customer' ), 'WooCommerce registers the customer role' );
		$customer = wp_insert_user(
			array(
				'user_login' => 'woosync-customer-' . wp_generate_password( 8, false ),
				'user_pass'  => wp_generate_password(),
				'user_email' => 'customer-' . wp_generate_password( 8, false ) . '@example.test',
				'role'       => 'customer',
			)
		);
		$this->assertIsInt( $customer );
		try {
			wp_set_current_user( $customer );
			$this->assertSame( 403, $this->call( $method, $route )->get_status(), 'shop customer' );
		} finally {
			require_once ABSPATH . 'wp-admin/includes/user.php';
			wp_delete_user( $customer );
		}

		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->call( $method, $route )->get_status() );
	}

	public function test_a_shop_manager_reads_the_settings_without_any_secret(): void {
		$this->as_user( 'manager' );

		$response = $this->call( 'GET', '/woosync/v1/settings' );

		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertTrue( $data['perfex_token_set'] );
		$this->assertTrue( $data['sidecar_secret_set'] );
		$this->assertArrayNotHasKey( 'perfex_token', $data );
		$this->assertArrayNotHasKey( 'sidecar_secret', $data );
		$json = (string) wp_json_encode( $data );
		$this->assertStringNotContainsString( 'perfex-token-for-tests', $json );
		$this->assertStringNotContainsString( FakeSidecar::SECRET, $json );
		$this->assertSame( FakeSidecar::URL, $data['sidecar_url'] );
	}

	public function test_every_route_publishes_its_schema(): void {
		$this->as_user( 'admin' );
		foreach ( array( 'settings', 'tax-map', 'currency-map', 'history', 'health' ) as $base ) {
			$schema = $this->call( 'OPTIONS', '/woosync/v1/' . $base )->get_data()['schema'] ?? null;
			$this->assertIsArray( $schema, $base );
			$this->assertNotEmpty( $schema['properties'], $base );
		}
		$settings = $this->call( 'OPTIONS', '/woosync/v1/settings' )->get_data();
		$this->assertSame( 'boolean', $settings['schema']['properties']['perfex_token_set']['type'] );
		$this->assertTrue( $settings['schema']['properties']['perfex_token_set']['readonly'] );
		$this->assertArrayHasKey( 'due_days', $settings['endpoints'][1]['args'], 'update arguments come from the schema' );
	}

	public function test_secrets_are_encrypted_at_rest_and_readable_by_the_server(): void {
		$stored = get_option( Settings::OPTION );
		$this->assertStringStartsWith( 'v1:', $stored['perfex_token'] );
		$this->assertStringNotContainsString( 'perfex-token-for-tests', (string) wp_json_encode( $stored ) );
		$this->assertStringNotContainsString( FakeSidecar::SECRET, (string) wp_json_encode( $stored ) );
		$this->assertSame( 'perfex-token-for-tests', ( new Settings() )->secret( 'perfex_token' ) );
		$this->assertNotSame( $stored['perfex_token'], \WooSync\Secrets::encrypt( 'perfex-token-for-tests' ), 'a fresh nonce each time' );
		$this->assertNull( \WooSync\Secrets::decrypt( 'v1:' . base64_encode( str_repeat( 'x', 60 ) ) ), 'tampered text does not open' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
	}

	public function test_an_update_changes_only_the_fields_sent_and_an_empty_secret_removes_it(): void {
		$this->as_user( 'admin' );

		$response = $this->call(
			'PATCH',
			'/woosync/v1/settings',
			array(
				'due_days'      => 14,
				'payment_modes' => array( 'stripe' => array( '2' ) ),
				'perfex_token'  => '',
			)
		);

		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 14, $response->get_data()['due_days'] );
		$this->assertFalse( $response->get_data()['perfex_token_set'] );
		$this->assertTrue( $response->get_data()['sidecar_secret_set'] );
		$this->assertSame( 'http://127.0.0.1:8890', ( new Settings() )->get( 'perfex_url' ) );
		$this->assertSame( array( 'stripe' => array( '2' ) ), (array) ( new Settings() )->core_settings()['payment_modes'] );
	}

	/**
	 * Invalid values, and the field the 400 must name.
	 *
	 * @return array<string, array{0: array<string, mixed>, 1: string}>
	 */
	public function invalid_settings(): array {
		return array(
			'negative due days'   => array( array( 'due_days' => -1 ), 'due_days' ),
			'not a URL'           => array( array( 'perfex_url' => 'ftp://perfex.example' ), 'perfex_url' ),
			'unknown zero policy' => array( array( 'zero_total' => 'ignore' ), 'zero_total' ),
			'empty prefix'        => array( array( 'signature_prefix' => '' ), 'signature_prefix' ),
			'lower-case country'  => array( array( 'country_ids' => array( 'us' => 3 ) ), 'country_ids' ),
			'no payment mode'     => array( array( 'default_payment_modes' => array() ), 'default_payment_modes' ),
			'not a boolean'       => array( array( 'auto_create_invoice' => 'perhaps' ), 'auto_create_invoice' ),
			'unknown trigger'     => array( array( 'invoice_statuses' => array( 'refunded' ) ), 'invoice_statuses' ),
			'no trigger'          => array( array( 'invoice_statuses' => array() ), 'invoice_statuses' ),
		);
	}

	/**
	 * @dataProvider invalid_settings
	 *
	 * @param array<string, mixed> $body  Request body.
	 * @param string               $field The field at fault.
	 */
	public function test_an_invalid_setting_is_a_400_naming_the_field( array $body, string $field ): void {
		$this->as_user( 'admin' );
		$before = get_option( Settings::OPTION );

		$response = $this->call( 'POST', '/woosync/v1/settings', $body );

		$this->assertSame( 400, $response->get_status() );
		$this->assertArrayHasKey( $field, $response->get_data()['data']['params'] );
		$this->assertSame( $before, get_option( Settings::OPTION ), 'nothing saved' );

		$direct = ( new Settings() )->update( $body );
		$this->assertInstanceOf( \WP_Error::class, $direct, 'the same rules without REST' );
		$this->assertArrayHasKey( $field, $direct->get_error_data()['params'] );
	}

	public function test_the_tax_map_is_saved_and_an_invalid_one_is_refused(): void {
		$this->as_user( 'manager' );
		$taxes = array(
			array(
				'wc_rate_id'    => 4,
				'perfex_tax_id' => 2,
				'name'          => 'CA State Tax',
				'rate'          => '7.25',
			),
		);

		$saved = $this->call( 'PUT', '/woosync/v1/tax-map', array( 'taxes' => $taxes ) );
		$this->assertSame( 200, $saved->get_status(), (string) wp_json_encode( $saved->get_data() ) );
		$this->assertSame( array( 'taxes' => $taxes ), $this->call( 'GET', '/woosync/v1/tax-map' )->get_data() );
		$this->assertSame( $taxes, ( new Mappings() )->core_mappings()['taxes'] );

		$taxes[0]['name'] = 'CA|State';
		$refused          = $this->call( 'PUT', '/woosync/v1/tax-map', array( 'taxes' => $taxes ) );
		$this->assertSame( 400, $refused->get_status() );
		$this->assertArrayHasKey( 'taxes', $refused->get_data()['data']['params'] );
	}

	public function test_the_currency_map_is_saved_and_an_invalid_code_is_refused(): void {
		$this->as_user( 'manager' );

		$saved = $this->call(
			'PUT',
			'/woosync/v1/currency-map',
			array(
				'currencies'       => array( 'EUR' => 2 ),
				'base_currency_id' => 1,
			)
		);
		$this->assertSame( 200, $saved->get_status() );
		$this->assertEquals( (object) array( 'EUR' => 2 ), $saved->get_data()['currencies'] );

		$refused = $this->call( 'PUT', '/woosync/v1/currency-map', array( 'currencies' => array( 'eur' => 2 ) ) );
		$this->assertSame( 400, $refused->get_status() );
		$this->assertArrayHasKey( 'currencies', $refused->get_data()['data']['params'] );
	}

	public function test_the_history_is_paged_filtered_and_searchable(): void {
		$this->as_user( 'manager' );
		$number  = 'RESTTEST-H' . wp_rand( 100000, 999999 );
		$history = new History();
		foreach ( array( 'created', 'failed', 'failed' ) as $outcome ) {
			$history->add(
				array(
					'order_id'     => 1,
					'order_number' => $number,
					'outcome'      => $outcome,
				)
			);
		}

		$page = $this->call(
			'GET',
			'/woosync/v1/history',
			array(
				'search'   => $number,
				'per_page' => 2,
			)
		);
		$this->assertSame( 200, $page->get_status() );
		$this->assertCount( 2, $page->get_data() );
		$this->assertSame( '3', $page->get_headers()['X-WP-Total'] );
		$this->assertSame( '2', $page->get_headers()['X-WP-TotalPages'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $page->get_data()[0]['started_at'] );

		$failed = $this->call(
			'GET',
			'/woosync/v1/history',
			array(
				'search'  => $number,
				'outcome' => 'failed',
				'after'   => gmdate( 'Y-m-d\TH:i:s\Z', time() - HOUR_IN_SECONDS ),
			)
		);
		$this->assertSame( array( 'failed', 'failed' ), array_column( $failed->get_data(), 'outcome' ) );

		$none = $this->call(
			'GET',
			'/woosync/v1/history',
			array(
				'search' => $number,
				'before' => '2000-01-01T00:00:00Z',
			)
		);
		$this->assertSame( array(), $none->get_data() );

		$this->assertSame( 400, $this->call( 'GET', '/woosync/v1/history', array( 'outcome' => 'exploded' ) )->get_status() );
		$this->assertSame( 400, $this->call( 'GET', '/woosync/v1/history', array( 'kind' => 'receipt' ) )->get_status() );
	}

	public function test_the_history_filters_by_kind_and_links_each_document_to_its_perfex_page(): void {
		$this->as_user( 'manager' );
		$number  = 'RESTTEST-K' . wp_rand( 100000, 999999 );
		$history = new History();
		$history->add(
			array(
				'order_id'      => 1,
				'order_number'  => $number,
				'outcome'       => 'created',
				'perfex_id'     => 41,
				'perfex_number' => 'INV-000041',
			)
		);
		$history->add(
			array(
				'order_id'      => 1,
				'order_number'  => $number,
				'refund_id'     => 2,
				'kind'          => Links::CREDIT_NOTE,
				'outcome'       => 'created',
				'perfex_id'     => 5,
				'perfex_number' => 'CN-000005',
			)
		);
		$history->add(
			array(
				'order_id'     => 1,
				'order_number' => $number,
				'refund_id'    => 3,
				'kind'         => Links::EXPENSE,
				'outcome'      => 'failed',
			)
		);
		$rows = fn ( array $query ) => $this->call( 'GET', '/woosync/v1/history', $query + array( 'search' => $number ) )->get_data();

		$notes = $rows( array( 'kind' => 'credit_note' ) );
		$this->assertCount( 1, $notes );
		$this->assertSame( 2, $notes[0]['refund_id'] );
		$this->assertSame( 'http://127.0.0.1:8890/admin/credit_notes/list_credit_notes/5', $notes[0]['perfex_url'] );
		$invoices = $rows( array( 'kind' => 'invoice' ) );
		$this->assertNull( $invoices[0]['refund_id'] );
		$this->assertSame( 'http://127.0.0.1:8890/admin/invoices/list_invoices/41', $invoices[0]['perfex_url'] );
		$this->assertSame( '', $rows( array( 'kind' => 'expense' ) )[0]['perfex_url'], 'no document, no link' );

		// The API address of a Perfex installed in a folder, with or without /api and a slash.
		foreach ( array( 'https://crm.example.com/erp/api/', 'https://crm.example.com/erp/api', 'https://crm.example.com/erp', 'https://crm.example.com/erp/api?x=1#top' ) as $url ) {
			( new Settings() )->update( array( 'perfex_url' => $url ) );
			$this->assertSame( 'https://crm.example.com/erp/admin/expenses/list_expenses/7', ( new Settings() )->perfex_document_url( Links::EXPENSE, 7 ), $url );
		}
		( new Settings() )->update( array( 'perfex_url' => '' ) );
		$this->assertSame( '', ( new Settings() )->perfex_document_url( Links::INVOICE, 7 ), 'no Perfex, no link' );
	}

	public function test_resync_runs_now_and_the_order_shows_its_invoice(): void {
		$this->as_user( 'manager' );
		$this->sidecar = new FakeSidecar( FakeSidecar::created( 321, 'INV-000321' ) );
		$order         = Orders::full();

		$before = $this->call( 'GET', "/woosync/v1/orders/{$order->get_id()}/invoice" );
		$this->assertSame( 200, $before->get_status() );
		$this->assertNull( $before->get_data()['invoice'] );
		$this->assertFalse( $before->get_data()['queued'] );

		$resync = $this->call( 'POST', "/woosync/v1/orders/{$order->get_id()}/invoice/resync" );
		$this->assertSame( 200, $resync->get_status() );
		$this->assertSame( 'created', $resync->get_data()['outcome'] );
		$this->assertSame( 'INV-000321', $resync->get_data()['invoice']['number'] );

		$after = $this->call( 'GET', "/woosync/v1/orders/{$order->get_id()}/invoice" )->get_data();
		$this->assertSame( 'INV-000321', $after['invoice']['perfex_number'] );
		$this->assertSame( 'created', $after['last_attempt']['outcome'] );
	}

	public function test_a_refused_resync_is_a_422_with_the_reason(): void {
		$this->as_user( 'manager' );
		$this->sidecar = new FakeSidecar( FakeSidecar::error( 422, 'refused', 'unmapped_tax', 'Map tax rate 4.' ) );
		$order         = Orders::full();

		$resync = $this->call( 'POST', "/woosync/v1/orders/{$order->get_id()}/invoice/resync" );

		$this->assertSame( 422, $resync->get_status() );
		$this->assertSame( 'unmapped_tax', $resync->get_data()['error']['code'] );
		$this->assertSame( 'Map tax rate 4.', $resync->get_data()['error']['message'] );
	}

	public function test_an_unknown_order_is_a_404(): void {
		$this->as_user( 'manager' );
		$this->assertSame( 404, $this->call( 'GET', '/woosync/v1/orders/999999999/invoice' )->get_status() );
		$this->assertSame( 404, $this->call( 'POST', '/woosync/v1/orders/999999999/invoice/resync' )->get_status() );
	}

	public function test_preview_answers_the_cores_result_or_503_when_the_sidecar_is_down(): void {
		$this->as_user( 'manager' );
		$order         = Orders::full();
		$this->sidecar = new FakeSidecar(
			array(
				200,
				array(
					'kind'     => 'invoice',
					'document' => array( 'total' => '87.59' ),
					'warnings' => array(),
				),
			),
			new \WP_Error( 'http_request_failed', 'Connection refused' )
		);

		$preview = $this->call( 'POST', "/woosync/v1/orders/{$order->get_id()}/invoice/preview" );
		$this->assertSame( 200, $preview->get_status() );
		$this->assertSame( 'invoice', $preview->get_data()['kind'] );
		$this->assertSame( '/v1/invoices/preview', wp_parse_url( $this->sidecar->requests[0]['url'], PHP_URL_PATH ) );
		$this->assertSame( array( 'settings', 'mappings', 'order' ), array_keys( $this->sidecar->requests[0]['body'] ), 'no Perfex credentials for a preview' );

		$down = $this->call( 'POST', "/woosync/v1/orders/{$order->get_id()}/invoice/preview" );
		$this->assertSame( 503, $down->get_status() );
		$this->assertSame( 'woosync_sidecar_unreachable', $down->get_data()['code'] );
	}

	public function test_health_reports_sidecar_perfex_queue_and_secrets(): void {
		$this->as_user( 'admin' );
		$this->sidecar = new FakeSidecar(
			function ( array $request ) {
				if ( str_ends_with( $request['url'], '/v1/health' ) ) {
					usleep( 30000 ); // A sidecar that takes 30 ms to answer.
				}
				return str_ends_with( $request['url'], '/v1/health' )
					? array(
						200,
						array(
							'status'   => 'ok',
							'version'  => '0.1.0',
							'uptime_s' => 5,
						),
					)
					: array(
						200,
						array(
							'auth'     => true,
							'invoices' => true,
							'errors'   => array(),
						),
					);
			}
		);

		$health = $this->call( 'GET', '/woosync/v1/health' )->get_data();

		$this->assertTrue( $health['sidecar']['reachable'] );
		$this->assertSame( '0.1.0', $health['sidecar']['version'] );
		$this->assertGreaterThanOrEqual( 30, $health['sidecar']['latency_ms'], 'the round trip to the sidecar, measured' );
		$this->assertLessThan( 5000, $health['sidecar']['latency_ms'] );
		$this->assertTrue( $health['perfex']['reachable'] );
		$this->assertTrue( $health['perfex']['auth'] );
		$this->assertIsInt( $health['queue']['pending'] );
		$this->assertSame(
			array(
				'perfex_token'   => 'ok',
				'sidecar_secret' => 'ok',
			),
			$health['secrets']
		);
	}

	public function test_health_says_when_the_sidecar_is_down(): void {
		$this->as_user( 'admin' );
		$this->sidecar = new FakeSidecar( new \WP_Error( 'http_request_failed', 'Connection refused' ) );

		$response = $this->call( 'GET', '/woosync/v1/health' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $response->get_data()['sidecar']['reachable'] );
		$this->assertSame( 'sidecar_unreachable', $response->get_data()['sidecar']['error']['code'] );
		$this->assertNull( $response->get_data()['sidecar']['latency_ms'] );
		$this->assertFalse( $response->get_data()['perfex']['reachable'] );
	}

	public function test_over_http_with_cookie_and_nonce_a_subscriber_is_refused_and_the_admin_sees_no_secret(): void {
		foreach ( array(
			'subscriber' => 403,
			'admin'      => 200,
		) as $who => $status ) {
			$jar   = Site::login( $who );
			$nonce = Site::request( 'GET', '/wp-admin/admin-ajax.php?action=rest-nonce', $jar )['body'];
			$this->assertMatchesRegularExpression( '/^[0-9a-f]{10}$/', $nonce );

			$response = Site::request( 'GET', '/wp-json/woosync/v1/settings', $jar, null, array( 'X-WP-Nonce: ' . $nonce ) );
			unlink( $jar );

			$this->assertSame( $status, $response['status'], $who );
			$this->assertStringNotContainsString( 'perfex-token-for-tests', $response['body'] );
			$this->assertStringNotContainsString( FakeSidecar::SECRET, $response['body'] );
		}
	}

	/**
	 * Acts as one of the site's users (env.json).
	 *
	 * @param string $who admin, manager or subscriber.
	 */
	private function as_user( string $who ): void {
		$user = get_user_by( 'login', Site::env()['users'][ $who ]['login'] );
		$this->assertInstanceOf( \WP_User::class, $user );
		wp_set_current_user( $user->ID );
	}

	/**
	 * Dispatches a request inside this process.
	 *
	 * @param string               $method HTTP method.
	 * @param string               $route  Route.
	 * @param array<string, mixed> $params Body (JSON) or query parameters.
	 */
	private function call( string $method, string $route, array $params = array() ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, $route );
		if ( 'GET' === $method ) {
			$request->set_query_params( $params );
		} elseif ( $params ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $params ) );
		}
		return rest_do_request( $request );
	}
}
