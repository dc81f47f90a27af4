<?php
/**
 * HTTP client for the WooSync sidecar (docs/sidecar-protocol.md).
 *
 * @package WooSync
 */

namespace WooSync\Sidecar;

use WooSync\Mappings;
use WooSync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Signs and sends requests to the sidecar with the WordPress HTTP API.
 *
 * Transport errors (sidecar down, timeout), 5xx answers that are not sync results and 503
 * become transient SidecarErrors; a 401 (wrong key id or secret) and a missing configuration
 * are not transient: a person has to fix the settings.
 */
final class SidecarClient {

	/** Seconds to wait for a sync (the sidecar calls Perfex several times). */
	private const SYNC_TIMEOUT = 45;

	/** Seconds to wait for quick calls (health, preview). */
	private const QUICK_TIMEOUT = 10;

	/**
	 * Constructor.
	 *
	 * @param Settings $settings Where the sidecar URL, key id and secret are.
	 * @param Mappings $mappings The tax and currency maps.
	 */
	public function __construct( private Settings $settings, private Mappings $mappings ) {
	}

	/**
	 * Creates or re-links the invoice of one order.
	 *
	 * @param array<string, mixed>        $order The order snapshot.
	 * @param array{invoice_id: int}|null $link  The link WordPress already has.
	 * @throws SidecarError When the sidecar cannot be asked or answers nonsense.
	 */
	public function sync_invoice( array $order, ?array $link ): SyncResult {
		$body = array_merge(
			$this->perfex_and_config(),
			array( 'order' => $order )
		);
		if ( null !== $link ) {
			$body['link'] = $link;
		}
		$answer = $this->request( 'POST', '/v1/invoices/sync', $body, self::SYNC_TIMEOUT );
		if ( ! in_array( $answer['status'], array( 200, 422, 502 ), true ) || ! isset( $answer['json']['outcome'] ) ) {
			throw self::unexpected( $answer['status'], $answer['json'] );
		}
		return SyncResult::from_array( $answer['json'] );
	}

	/**
	 * Creates (or finds again) the Perfex credit note or expense of one refund.
	 *
	 * The answer's document is returned in the result's `invoice` slot (id, number, total) and
	 * its customer in `customer`: the same fields the history and links keep for invoices.
	 *
	 * @param string               $kind       Links::CREDIT_NOTE or Links::EXPENSE.
	 * @param array<string, mixed> $order      Order snapshot.
	 * @param array<string, mixed> $refund     Refund snapshot.
	 * @param int                  $invoice_id The order's Perfex invoice.
	 * @param int|null             $link       The document already linked to the refund.
	 * @throws SidecarError When the sidecar cannot be asked or answers something else.
	 */
	public function sync_refund( string $kind, array $order, array $refund, int $invoice_id, ?int $link ): SyncResult {
		$body = array_merge(
			$this->perfex_and_config(),
			array(
				'order'   => $order,
				'refund'  => $refund,
				'invoice' => array( 'id' => $invoice_id ),
			)
		);
		if ( null !== $link ) {
			$body['link'] = array( 'document_id' => $link );
		}
		$route  = 'expense' === $kind ? '/v1/expenses/sync' : '/v1/credit-notes/sync';
		$answer = $this->request( 'POST', $route, $body, self::SYNC_TIMEOUT );
		$json   = $answer['json'];
		if ( ! in_array( $answer['status'], array( 200, 422, 502 ), true ) || ! isset( $json['outcome'] ) ) {
			throw self::unexpected( $answer['status'], $json );
		}
		$json['invoice']  = isset( $json['document'] ) && is_array( $json['document'] ) ? $json['document'] + array( 'status' => 0 ) : null;
		$json['customer'] = isset( $json['customer_id'] ) && is_numeric( $json['customer_id'] ) ? array(
			'id'      => (int) $json['customer_id'],
			'created' => false,
		) : null;
		return SyncResult::from_array( $json );
	}

	/**
	 * The status of Perfex invoices (`/v1/invoices/status`, at most 200 ids).
	 *
	 * @param array<int> $invoice_ids Perfex invoice ids.
	 * @return array<int, array<string, mixed>> By invoice id: found, status, status_name, total, amount_due.
	 * @throws SidecarError When the sidecar or Perfex cannot answer.
	 */
	public function invoice_statuses( array $invoice_ids ): array {
		$answer = $this->request(
			'POST',
			'/v1/invoices/status',
			array(
				'perfex'      => $this->perfex(),
				'invoice_ids' => array_values( array_map( 'intval', $invoice_ids ) ),
			),
			self::SYNC_TIMEOUT
		);
		if ( 200 !== $answer['status'] || ! isset( $answer['json']['invoices'] ) || ! is_array( $answer['json']['invoices'] ) ) {
			throw self::unexpected( $answer['status'], $answer['json'] );
		}
		$statuses = array();
		foreach ( $answer['json']['invoices'] as $row ) {
			if ( is_array( $row ) && isset( $row['id'] ) ) {
				$statuses[ (int) $row['id'] ] = $row;
			}
		}
		return $statuses;
	}

	/**
	 * Creates WooSync's webhook in Perfex (replacing one of the same name and URL).
	 *
	 * @param string        $name   Webhook name.
	 * @param string        $url    Where Perfex delivers.
	 * @param array<string> $events Perfex event names.
	 * @param string        $secret The signing secret.
	 * @return array{id: int, replaced: array<int>}
	 * @throws SidecarError When the sidecar or Perfex cannot do it.
	 */
	public function register_webhook( string $name, string $url, array $events, string $secret ): array {
		$answer = $this->request(
			'POST',
			'/v1/webhooks/register',
			array(
				'perfex' => $this->perfex(),
				'name'   => $name,
				'url'    => $url,
				'events' => array_values( $events ),
				'secret' => $secret,
			),
			self::SYNC_TIMEOUT
		);
		if ( 200 !== $answer['status'] || ! isset( $answer['json']['id'] ) ) {
			throw self::unexpected( $answer['status'], $answer['json'] );
		}
		return array(
			'id'       => (int) $answer['json']['id'],
			'replaced' => array_map( 'intval', (array) ( $answer['json']['replaced'] ?? array() ) ),
		);
	}

	/**
	 * The document the core would build for an order; Perfex is not called.
	 *
	 * @param array<string, mixed> $order The order snapshot.
	 * @return array<mixed> The core's result: kind, document, trace, warnings, refusal, totals.
	 * @throws SidecarError When the sidecar cannot be asked or answers nonsense.
	 */
	public function preview_invoice( array $order ): array {
		$answer = $this->request(
			'POST',
			'/v1/invoices/preview',
			$this->settings_payload() + array( 'order' => $order ),
			self::QUICK_TIMEOUT
		);
		if ( ! in_array( $answer['status'], array( 200, 422 ), true ) || null === $answer['json'] || isset( $answer['json']['error']['code'] ) ) {
			throw self::unexpected( $answer['status'], $answer['json'] );
		}
		return $answer['json'];
	}

	/**
	 * The sidecar's own health.
	 *
	 * @return array<mixed> `{ status, version, uptime_s }`.
	 * @throws SidecarError When the sidecar cannot be asked.
	 */
	public function health(): array {
		$answer = $this->request( 'GET', '/v1/health', null, self::QUICK_TIMEOUT );
		if ( 200 !== $answer['status'] || null === $answer['json'] ) {
			throw self::unexpected( $answer['status'], $answer['json'] );
		}
		return $answer['json'];
	}

	/**
	 * What works in Perfex with the stored URL and token.
	 *
	 * @return array<mixed> `{ auth, invoices, customers, credit_notes, taxes, errors[] }`.
	 * @throws SidecarError When the sidecar cannot be asked.
	 */
	public function check_perfex(): array {
		$answer = $this->request( 'POST', '/v1/perfex/check', array( 'perfex' => $this->perfex() ), self::QUICK_TIMEOUT );
		if ( null === $answer['json'] || isset( $answer['json']['error']['code'] ) ) {
			throw self::unexpected( $answer['status'], $answer['json'] );
		}
		return $answer['json'];
	}

	/**
	 * The protocol's signature: `v1=` + hex HMAC-SHA256(secret, timestamp \n METHOD \n path \n body).
	 *
	 * @param string $secret    Shared secret.
	 * @param int    $timestamp Unix seconds.
	 * @param string $method    HTTP method.
	 * @param string $path      Path with query string.
	 * @param string $body      Raw body ('' when none).
	 */
	public static function signature( string $secret, int $timestamp, string $method, string $path, string $body ): string {
		return 'v1=' . hash_hmac( 'sha256', $timestamp . "\n" . strtoupper( $method ) . "\n" . $path . "\n" . $body, $secret );
	}

	/**
	 * Sends a signed request.
	 *
	 * @param string                    $method  GET or POST.
	 * @param string                    $route   Route below the sidecar URL, e.g. /v1/health.
	 * @param array<string, mixed>|null $body    JSON body.
	 * @param int                       $timeout Seconds.
	 * @return array{status: int, json: array<mixed>|null}
	 * @throws SidecarError When the request cannot be made or the sidecar refuses the signature.
	 */
	private function request( string $method, string $route, ?array $body, int $timeout ): array {
		$key_id = (string) $this->settings->get( 'sidecar_key_id' );
		$secret = $this->settings->secret( 'sidecar_secret' );
		if ( '' === $key_id || '' === $secret ) {
			throw new SidecarError(
				'sidecar_not_configured',
				__( 'The sidecar key id and secret are not set: enter them in the WooSync settings.', 'woosync' ),
				false
			);
		}
		$url       = untrailingslashit( (string) $this->settings->get( 'sidecar_url' ) ) . $route;
		$raw       = null === $body ? '' : (string) wp_json_encode( $body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		$path      = (string) wp_parse_url( $url, PHP_URL_PATH );
		$query     = wp_parse_url( $url, PHP_URL_QUERY );
		$path     .= is_string( $query ) && '' !== $query ? '?' . $query : '';
		$timestamp = time();
		$headers   = array(
			'Accept'              => 'application/json',
			'X-WooSync-Key'       => $key_id,
			'X-WooSync-Timestamp' => (string) $timestamp,
			'X-WooSync-Signature' => self::signature( $secret, $timestamp, $method, $path, $raw ),
		);
		if ( null !== $body ) {
			$headers['Content-Type'] = 'application/json';
		}

		$response = wp_remote_request(
			$url,
			array(
				'method'      => $method,
				'headers'     => $headers,
				'body'        => null === $body ? null : $raw,
				'timeout'     => $timeout,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) ) {
			throw new SidecarError(
				'sidecar_unreachable',
				/* translators: %s: the transport error. */
				sprintf( __( 'The sidecar could not be reached: %s', 'woosync' ), $response->get_error_message() ),
				true
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( 401 === $status ) {
			throw new SidecarError(
				'sidecar_unauthorized',
				__( 'The sidecar refused the request signature: check the sidecar key id and secret in the WooSync settings (and that the server clocks agree).', 'woosync' ),
				false
			);
		}
		$json = json_decode( wp_remote_retrieve_body( $response ), true );
		return array(
			'status' => $status,
			'json'   => is_array( $json ) ? $json : null,
		);
	}

	/**
	 * The Perfex connection, settings and mappings every sync carries.
	 *
	 * @return array<string, mixed>
	 */
	private function perfex_and_config(): array {
		return array( 'perfex' => $this->perfex() ) + $this->settings_payload();
	}

	/**
	 * The Perfex URL and token.
	 *
	 * @return array{url: string, token: string}
	 * @throws SidecarError When Perfex is not configured.
	 */
	private function perfex(): array {
		$url   = (string) $this->settings->get( 'perfex_url' );
		$token = $this->settings->secret( 'perfex_token' );
		if ( '' === $url || '' === $token ) {
			throw new SidecarError(
				'perfex_not_configured',
				__( 'Perfex is not connected: enter the Perfex URL and API token in the WooSync settings.', 'woosync' ),
				false
			);
		}
		return array(
			'url'   => $url,
			'token' => $token,
		);
	}

	/**
	 * Settings and mappings in the core's shapes.
	 *
	 * @return array{settings: array<string, mixed>, mappings: array<string, mixed>}
	 */
	private function settings_payload(): array {
		return array(
			'settings' => $this->settings->core_settings(),
			'mappings' => $this->mappings->core_mappings(),
		);
	}

	/**
	 * An answer that is not the route's result: the sidecar's error answer
	 * (`{ error: { code, message, transient?, issues? } }`) when it sent one, else a generic one.
	 *
	 * @param int               $status HTTP status.
	 * @param array<mixed>|null $json   Decoded body.
	 */
	private static function unexpected( int $status, ?array $json ): SidecarError {
		$error = is_array( $json ) && isset( $json['error'] ) && is_array( $json['error'] ) ? $json['error'] : array();
		if ( isset( $error['code'], $error['message'] ) && is_string( $error['code'] ) && is_string( $error['message'] ) ) {
			$issues = array();
			foreach ( isset( $error['issues'] ) && is_array( $error['issues'] ) ? $error['issues'] : array() as $issue ) {
				if ( is_array( $issue ) && isset( $issue['path'], $issue['message'] ) ) {
					$issues[] = $issue['path'] . ': ' . $issue['message'];
				}
			}
			return new SidecarError(
				$error['code'],
				$error['message'] . ( $issues ? ' (' . implode( '; ', $issues ) . ')' : '' ),
				isset( $error['transient'] ) ? (bool) $error['transient'] : $status >= 500
			);
		}
		return new SidecarError(
			'sidecar_bad_response',
			/* translators: %d: HTTP status code. */
			sprintf( __( 'The sidecar answered with HTTP %d and no usable result.', 'woosync' ), $status ),
			$status >= 500 || 0 === $status
		);
	}
}
