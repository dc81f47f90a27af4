<?php
/**
 * Is the pipeline healthy? One report for REST, WP-CLI and Site Health.
 *
 * @package WooSync
 */

namespace WooSync;

use WooSync\Sidecar\SidecarClient;
use WooSync\Sidecar\SidecarError;
use WooSync\Storage\History;
use WooSync\Sync\JobQueue;

defined( 'ABSPATH' ) || exit;

/**
 * Sidecar reachable (version, and the signed round trip in milliseconds), Perfex reachable (through the sidecar), queue depth, last error, and
 * whether the secrets are set and readable.
 */
final class Health {

	/** Secrets every sync needs. */
	private const REQUIRED_SECRETS = array( 'perfex_token', 'sidecar_secret' );

	/**
	 * Constructor.
	 *
	 * @param Settings      $settings Settings.
	 * @param SidecarClient $sidecar  Sidecar.
	 * @param History       $history  History.
	 * @param JobQueue      $queue    Queue.
	 */
	public function __construct( private Settings $settings, private SidecarClient $sidecar, private History $history, private JobQueue $queue ) {
	}

	/**
	 * Checks every part; never throws for a part that is down.
	 *
	 * @return array<string, mixed>
	 */
	public function report(): array {
		$sidecar = array(
			'reachable'  => false,
			'version'    => null,
			'latency_ms' => null,
			'error'      => null,
		);
		try {
			$start                 = microtime( true );
			$health                = $this->sidecar->health();
			$sidecar['latency_ms'] = (int) round( ( microtime( true ) - $start ) * 1000 );
			$sidecar['reachable']  = true;
			$sidecar['version']    = isset( $health['version'] ) ? (string) $health['version'] : null;
		} catch ( SidecarError $error ) {
			$sidecar['error'] = array(
				'code'    => $error->error_code,
				'message' => $error->getMessage(),
			);
		}

		$perfex = array(
			'reachable' => false,
			'auth'      => false,
			'error'     => null,
		);
		if ( $sidecar['reachable'] ) {
			try {
				$check               = $this->sidecar->check_perfex();
				$perfex['auth']      = ! empty( $check['auth'] );
				$perfex['reachable'] = $perfex['auth'] || empty( $check['errors'] );
				if ( ! $perfex['auth'] ) {
					$errors          = isset( $check['errors'] ) && is_array( $check['errors'] ) ? $check['errors'] : array();
					$perfex['error'] = array(
						'code'    => 'perfex_check_failed',
						'message' => implode( ' ', array_map( static fn ( $e ): string => is_scalar( $e ) ? (string) $e : (string) wp_json_encode( $e ), $errors ) ),
					);
				}
			} catch ( SidecarError $error ) {
				$perfex['error'] = array(
					'code'    => $error->error_code,
					'message' => $error->getMessage(),
				);
			}
		}

		$last = $this->history->last_error();
		return array(
			'sidecar'    => $sidecar,
			'perfex'     => $perfex,
			'queue'      => array( 'pending' => $this->queue->depth() ),
			'last_error' => null === $last ? null : array(
				'order_id'     => $last['order_id'],
				'order_number' => $last['order_number'],
				'outcome'      => $last['outcome'],
				'error_code'   => $last['error_code'],
				'message'      => $last['message'],
				'at'           => gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $last['finished_at'] . ' UTC' ) ),
			),
			// The secrets the pipeline cannot work without (the webhook secret is optional: the
			// reconcile job completes orders without webhooks).
			'secrets'    => array_combine(
				self::REQUIRED_SECRETS,
				array_map(
					fn ( string $secret ): string => ! $this->settings->secret_is_set( $secret ) ? 'missing' : ( '' === $this->settings->secret( $secret ) ? 'unreadable' : 'ok' ),
					self::REQUIRED_SECRETS
				)
			),
		);
	}
}
