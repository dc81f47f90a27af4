<?php
/**
 * Settings cannot send the Perfex token anywhere it was not entered for.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

use PHPUnit\Framework\TestCase;
use WooSync\Settings;
use WooSync\Tests\Support\Configured;

/**
 * The sidecar address is loopback only, Perfex is HTTPS (or this machine), and a new Perfex
 * address forgets the old token.
 */
final class SettingsSafetyTest extends TestCase {

	private Configured $config;

	protected function setUp(): void {
		$this->config = new Configured();
	}

	protected function tearDown(): void {
		$this->config->restore();
	}

	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public function refused_addresses(): array {
		return array(
			'sidecar on another host'         => array( 'sidecar_url', 'https://collector.example/' ),
			'sidecar behind a userinfo trick' => array( 'sidecar_url', 'http://127.0.0.1@collector.example/' ),
			'sidecar on a look-alike host'    => array( 'sidecar_url', 'http://localhost.collector.example:8787' ),
			'Perfex over plain HTTP'          => array( 'perfex_url', 'http://crm.example.com' ),
		);
	}

	/**
	 * @dataProvider refused_addresses
	 *
	 * @param string $field Setting.
	 * @param string $url   Address.
	 */
	public function test_an_address_that_could_leak_the_token_is_refused_naming_the_field( string $field, string $url ): void {
		$before = ( new Settings() )->get( $field );

		$result = ( new Settings() )->update( array( $field => $url ) );

		$this->assertWPError( $result );
		$this->assertArrayHasKey( $field, $result->get_error_data()['params'] );
		$this->assertSame( $before, ( new Settings() )->get( $field ), 'nothing was saved' );
	}

	public function test_https_perfex_and_a_loopback_sidecar_are_accepted(): void {
		$result = ( new Settings() )->update(
			array(
				'perfex_url'   => 'https://crm.example.com/perfex',
				'perfex_token' => 'a-new-token',
				'sidecar_url'  => 'http://[::1]:8787',
			)
		);

		$this->assertTrue( $result );
		$this->assertSame( 'https://crm.example.com/perfex', ( new Settings() )->get( 'perfex_url' ) );
	}

	public function test_a_new_perfex_address_without_a_token_forgets_the_old_token(): void {
		$settings = new Settings();
		$this->assertTrue( $settings->secret_is_set( 'perfex_token' ) );

		$this->assertTrue( $settings->update( array( 'perfex_url' => 'https://other-crm.example.com' ) ) );

		$this->assertFalse( ( new Settings() )->secret_is_set( 'perfex_token' ) );
	}

	public function test_the_token_stays_when_the_address_does_not_change_or_comes_with_a_new_token(): void {
		$settings = new Settings();
		$this->assertTrue( $settings->update( array( 'perfex_url' => $settings->get( 'perfex_url' ) ) ) );
		$this->assertSame( 'perfex-token-for-tests', ( new Settings() )->secret( 'perfex_token' ) );

		$this->assertTrue(
			$settings->update(
				array(
					'perfex_url'   => 'https://other-crm.example.com',
					'perfex_token' => 'token-two',
				)
			)
		);
		$this->assertSame( 'token-two', ( new Settings() )->secret( 'perfex_token' ) );
	}

	/**
	 * Asserts a WP_Error.
	 *
	 * @param mixed $value Value.
	 */
	private function assertWPError( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
