<?php
/**
 * The routes the admin app reads besides the settings: WooCommerce tax rates and the Perfex check.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

require_once dirname( __DIR__ ) . '/Support/FakeSidecar.php';
require_once dirname( __DIR__ ) . '/Support/Configured.php';

use PHPUnit\Framework\TestCase;
use WooSync\Tests\Support\Configured;
use WooSync\Tests\Support\FakeSidecar;
use WooSync\Tests\Support\Site;

/**
 * Dispatched in this process as the site's users; sidecar answers from FakeSidecar.
 */
final class AdminAppRoutesTest extends TestCase {

	private Configured $config;

	private ?FakeSidecar $sidecar = null;

	protected function setUp(): void {
		$this->config = new Configured();
	}

	protected function tearDown(): void {
		$this->sidecar?->stop();
		$this->config->restore();
		wp_set_current_user( 0 );
	}

	public function test_a_subscriber_gets_403_on_both_routes(): void {
		$this->as_user( 'subscriber' );
		$this->assertSame( 403, $this->get( '/woosync/v1/tax-rates' )->get_status() );
		$this->assertSame( 403, $this->get( '/woosync/v1/perfex-check' )->get_status() );
	}

	public function test_a_shop_manager_reads_every_tax_rate_of_every_class(): void {
		$this->as_user( 'manager' );
		$response = $this->get( '/woosync/v1/tax-rates' );

		$this->assertSame( 200, $response->get_status() );
		$rates    = $response->get_data()['rates'];
		$expected = 0;
		foreach ( array_merge( array( '' ), \WC_Tax::get_tax_class_slugs() ) as $class ) {
			$expected += count( \WC_Tax::get_rates_for_tax_class( $class ) );
		}
		$this->assertGreaterThan( 0, $expected, 'the seeded store has tax rates' );
		$this->assertCount( $expected, $rates );
		$this->assertSame( '', $rates[0]['class'], 'standard class first' );
		foreach ( $rates as $rate ) {
			$this->assertIsInt( $rate['id'] );
			$this->assertMatchesRegularExpression( '/^\d+\.\d{4}$/', $rate['rate'] );
			$this->assertIsString( $rate['label'] );
			$this->assertIsString( $rate['country'] );
			$this->assertIsBool( $rate['compound'] );
		}
	}

	public function test_the_perfex_check_says_what_works_and_lists_the_perfex_taxes(): void {
		$this->as_user( 'admin' );
		$this->sidecar = new FakeSidecar(
			array(
				200,
				array(
					'auth'         => true,
					'invoices'     => true,
					'customers'    => true,
					'credit_notes' => false,
					'taxes'        => true,
					'tax_rates'    => array(
						array(
							'id'   => 1,
							'name' => 'VAT',
							'rate' => '19.00',
						),
						array(
							'id'   => 2,
							'name' => 'Reduced VAT',
							'rate' => '7.00',
						),
						'broken',
						array( 'name' => 'no id' ),
					),
					'errors'       => array(
						array(
							'check'   => 'credit_notes',
							'code'    => 'perfex_forbidden',
							'message' => 'Perfex refused: no permission.',
						),
					),
				),
			)
		);

		$response = $this->get( '/woosync/v1/perfex-check' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'auth'         => true,
				'invoices'     => true,
				'customers'    => true,
				'credit_notes' => false,
				'taxes'        => true,
				'tax_rates'    => array(
					array(
						'id'   => 1,
						'name' => 'VAT',
						'rate' => '19.00',
					),
					array(
						'id'   => 2,
						'name' => 'Reduced VAT',
						'rate' => '7.00',
					),
				),
				'errors'       => array(
					array(
						'check'   => 'credit_notes',
						'code'    => 'perfex_forbidden',
						'message' => 'Perfex refused: no permission.',
					),
				),
			),
			$response->get_data()
		);
		$this->assertStringEndsWith( '/v1/perfex/check', $this->sidecar->requests[0]['url'] );
	}

	public function test_the_perfex_check_is_a_503_when_the_sidecar_is_down(): void {
		$this->as_user( 'admin' );
		$this->sidecar = new FakeSidecar( new \WP_Error( 'http_request_failed', 'Connection refused' ) );

		$response = $this->get( '/woosync/v1/perfex-check' );

		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'woosync_sidecar_unreachable', $response->as_error()->get_error_code() );
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
	 * A GET inside this process.
	 *
	 * @param string $route Route.
	 */
	private function get( string $route ): \WP_REST_Response {
		return rest_do_request( new \WP_REST_Request( 'GET', $route ) );
	}
}
