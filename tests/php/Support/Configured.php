<?php
/**
 * WooSync settings for tests: connected to a (fake) sidecar and Perfex, restored afterwards.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Support;

use WooSync\Mappings;
use WooSync\Settings;

/**
 * Saves the options, sets a connected configuration, puts the options back.
 */
final class Configured {

	/**
	 * Options as they were.
	 *
	 * @var array<string, mixed>
	 */
	private array $saved = array();

	/**
	 * Saves the current options and writes a connected configuration.
	 *
	 * @param array<string, mixed> $overrides Settings to change on top.
	 */
	public function __construct( array $overrides = array() ) {
		foreach ( array( Settings::OPTION, Mappings::OPTION ) as $option ) {
			$this->saved[ $option ] = get_option( $option );
		}
		delete_option( Settings::OPTION );
		delete_option( Mappings::OPTION );
		$result = ( new Settings() )->update(
			array_merge(
				array(
					'auto_create_invoice' => false,
					'perfex_url'          => 'http://127.0.0.1:8890',
					'perfex_token'        => 'perfex-token-for-tests',
					'sidecar_url'         => FakeSidecar::URL,
					'sidecar_key_id'      => FakeSidecar::KEY_ID,
					'sidecar_secret'      => FakeSidecar::SECRET,
					'max_attempts'        => 3,
				),
				$overrides
			)
		);
		if ( true !== $result ) {
			throw new \RuntimeException( $result->get_error_message() );
		}
		add_filter( 'woosync_run_at_end_of_request', '__return_false' );
	}

	/**
	 * Puts the options back.
	 */
	public function restore(): void {
		remove_filter( 'woosync_run_at_end_of_request', '__return_false' );
		foreach ( $this->saved as $option => $value ) {
			if ( false === $value ) {
				delete_option( $option );
			} else {
				update_option( $option, $value );
			}
		}
	}
}
