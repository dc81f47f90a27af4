<?php
/**
 * REST: Perfex's webhooks, and registering WooSync's webhook in Perfex.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Storage\Lock;
use WooSync\Sync\Reconciler;

defined( 'ABSPATH' ) || exit;

/**
 * `POST /woosync/v1/perfex-webhook` (public: Perfex calls it): the `X-Perfex-Signature` header
 * (`t=<unix>,v1=<hex hmac_sha256(secret, t + "." + raw body)>`) is checked in constant time over
 * the raw body with the stored webhook secret; a timestamp more than 5 minutes away is refused;
 * a delivery seen before (same raw body) is dropped; otherwise a reconcile is queued and run
 * after the answer (202). Perfex's payment events carry the payment id, not the invoice: the
 * reconcile asks about the linked unpaid invoices.
 *
 * `POST /woosync/v1/webhook/register` (manage_woocommerce): generates a secret, creates the
 * webhook in Perfex through the sidecar, and stores the secret.
 */
final class WebhookController extends Controller {

	public const TOLERANCE = 300;

	/** The Perfex events WooSync listens to (module v3 names). */
	public const EVENTS = array( 'payment_created', 'invoice_paid', 'invoice_status_changed' );

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'perfex-webhook';

	/**
	 * Constructor.
	 *
	 * @param Settings      $settings   Settings.
	 * @param SidecarClient $sidecar    Sidecar.
	 * @param Lock          $lock       Locks (delivery dedupe).
	 * @param Reconciler    $reconciler The reconcile job.
	 */
	public function __construct( private Settings $settings, private SidecarClient $sidecar, private Lock $lock, private Reconciler $reconciler ) {
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				'methods'             => \WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'receive' ),
				// Public: Perfex is not a WordPress user. The signature is the authentication.
				'permission_callback' => '__return_true',
			)
		);
		register_rest_route(
			$this->namespace,
			'/webhook/register',
			array(
				'methods'             => \WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'register_in_perfex' ),
				'permission_callback' => array( $this, 'manage_permissions_check' ),
			)
		);
	}

	/**
	 * The URL Perfex delivers to.
	 */
	public static function url(): string {
		return rest_url( 'woosync/v1/perfex-webhook' );
	}

	/**
	 * A delivery from Perfex.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function receive( $request ) {
		$body  = (string) $request->get_body();
		$check = self::verify( (string) $request->get_header( 'x-perfex-signature' ), $body, $this->settings->secret( 'webhook_secret' ), time() );
		if ( true !== $check ) {
			return new \WP_Error( 'woosync_webhook_' . $check, __( 'The webhook signature is not valid.', 'woosync' ), array( 'status' => 401 ) );
		}
		// The same delivery again (Perfex retries when an answer was lost): answered, not redone.
		if ( null === $this->lock->acquire( 'webhook:' . hash( 'sha256', $body ), 86400 ) ) {
			return new \WP_REST_Response( array( 'duplicate' => true ), 200 );
		}
		$this->reconciler->queue_now();
		return new \WP_REST_Response( array( 'queued' => true ), 202 );
	}

	/**
	 * Checks a signature header.
	 *
	 * @param string $header X-Perfex-Signature.
	 * @param string $body   Raw body.
	 * @param string $secret Webhook secret.
	 * @param int    $now    Unix time.
	 * @return true|string True, or why not: not_configured, missing, malformed, stale, mismatch.
	 */
	public static function verify( string $header, string $body, string $secret, int $now ) {
		if ( '' === $secret ) {
			return 'not_configured';
		}
		if ( '' === $header ) {
			return 'missing';
		}
		$timestamp  = null;
		$signatures = array();
		foreach ( explode( ',', $header ) as $piece ) {
			$parts = explode( '=', trim( $piece ), 2 );
			if ( 2 !== count( $parts ) ) {
				continue;
			}
			if ( 't' === $parts[0] && preg_match( '/^\d{1,12}$/', $parts[1] ) ) {
				$timestamp = (int) $parts[1];
			} elseif ( 'v1' === $parts[0] && preg_match( '/^[0-9a-fA-F]{64}$/', $parts[1] ) ) {
				$signatures[] = strtolower( $parts[1] );
			}
		}
		if ( null === $timestamp || ! $signatures ) {
			return 'malformed';
		}
		if ( abs( $now - $timestamp ) > self::TOLERANCE ) {
			return 'stale';
		}
		$expected = hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
		$match    = false;
		foreach ( $signatures as $signature ) {
			$match = hash_equals( $expected, $signature ) || $match;
		}
		return $match ? true : 'mismatch';
	}

	/**
	 * Creates (or replaces) WooSync's webhook in Perfex with a new secret.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function register_in_perfex( $request ) {
		unset( $request );
		return $this->run( fn () => self::register_webhook( $this->settings, $this->sidecar ) );
	}

	/**
	 * Registers the webhook (REST and WP-CLI).
	 *
	 * @param Settings      $settings Settings.
	 * @param SidecarClient $sidecar  Sidecar.
	 * @return array{id: int, replaced: array<int>, url: string, events: array<string>}
	 */
	public static function register_webhook( Settings $settings, SidecarClient $sidecar ): array {
		$secret = wp_generate_password( 48, false, false );
		$url    = self::url();
		$name   = 'WooSync ' . wp_parse_url( home_url(), PHP_URL_HOST );
		$answer = $sidecar->register_webhook( $name, $url, self::EVENTS, $secret );
		$settings->update( array( 'webhook_secret' => $secret ) );
		return $answer + array(
			'url'    => $url,
			'events' => self::EVENTS,
		);
	}
}
