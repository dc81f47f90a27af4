<?php
/**
 * What one sync attempt ended with.
 *
 * @package WooSync
 */

namespace WooSync\Sidecar;

defined( 'ABSPATH' ) || exit;

/**
 * The sidecar's sync result (docs/sidecar-protocol.md), read defensively, or a local failure in
 * the same shape.
 */
final class SyncResult {

	/** Outcomes the sidecar can answer with. */
	public const OUTCOMES = array( 'created', 'linked', 'skipped', 'refused', 'invalid', 'failed' );

	/** WordPress's own outcome: a passing failure, retried later. */
	public const RETRYING = 'retrying';

	/** WordPress's own outcome: another run holds the order's lock; nothing was done. */
	public const BUSY = 'busy';

	/**
	 * Constructor.
	 *
	 * @param string                                                          $outcome    One of OUTCOMES.
	 * @param array{id: int, number: string, total: string, status: int}|null $invoice    The Perfex invoice, when there is one.
	 * @param array{id: int, created: bool}|null                              $customer   The Perfex customer, when known.
	 * @param array<string>                                                   $warnings   The core's warnings.
	 * @param string                                                          $error_code Stable error code ('' when none).
	 * @param string                                                          $message    What went wrong, in a bookkeeper's words ('' when nothing).
	 * @param bool                                                            $transient  Whether a retry may help.
	 * @param array<string, mixed>|null                                       $payment    The store's payment on the invoice (status, id, amount, paymentmode, transaction_id, code, message), when the order was paid online.
	 */
	public function __construct(
		public readonly string $outcome,
		public readonly ?array $invoice = null,
		public readonly ?array $customer = null,
		public readonly array $warnings = array(),
		public readonly string $error_code = '',
		public readonly string $message = '',
		public readonly bool $transient = false,
		public readonly ?array $payment = null
	) {
	}

	/**
	 * Reads a sync result from the sidecar's decoded JSON.
	 *
	 * @param array<mixed> $body Decoded body.
	 * @throws SidecarError When the body is not a sync result.
	 */
	public static function from_array( array $body ): self {
		$outcome = $body['outcome'] ?? null;
		if ( ! is_string( $outcome ) || ! in_array( $outcome, self::OUTCOMES, true ) ) {
			throw new SidecarError( 'sidecar_bad_response', __( 'The sidecar answered with something that is not a sync result.', 'woosync' ), true );
		}
		$invoice = null;
		if ( isset( $body['invoice'] ) && is_array( $body['invoice'] ) && isset( $body['invoice']['id'] ) ) {
			$invoice = array(
				'id'     => (int) $body['invoice']['id'],
				'number' => (string) ( $body['invoice']['number'] ?? '' ),
				'total'  => (string) ( $body['invoice']['total'] ?? '' ),
				'status' => (int) ( $body['invoice']['status'] ?? 0 ),
			);
		}
		$customer = null;
		if ( isset( $body['customer'] ) && is_array( $body['customer'] ) && isset( $body['customer']['id'] ) ) {
			$customer = array(
				'id'      => (int) $body['customer']['id'],
				'created' => (bool) ( $body['customer']['created'] ?? false ),
			);
		}
		$error   = isset( $body['error'] ) && is_array( $body['error'] ) ? $body['error'] : array();
		$payment = null;
		if ( isset( $body['payment'] ) && is_array( $body['payment'] ) && isset( $body['payment']['status'] ) ) {
			$payment = array(
				'status'         => (string) $body['payment']['status'],
				'id'             => isset( $body['payment']['id'] ) && is_numeric( $body['payment']['id'] ) ? (int) $body['payment']['id'] : null,
				'amount'         => (string) ( $body['payment']['amount'] ?? '' ),
				'paymentmode'    => (string) ( $body['payment']['paymentmode'] ?? '' ),
				'transaction_id' => (string) ( $body['payment']['transaction_id'] ?? '' ),
				'code'           => (string) ( $body['payment']['code'] ?? '' ),
				'message'        => (string) ( $body['payment']['message'] ?? '' ),
			);
		}
		return new self(
			$outcome,
			$invoice,
			$customer,
			array_values( array_map( 'strval', array_filter( (array) ( $body['warnings'] ?? array() ), 'is_scalar' ) ) ),
			(string) ( $error['code'] ?? '' ),
			(string) ( $error['message'] ?? '' ),
			'failed' === $outcome && (bool) ( $error['transient'] ?? false ),
			$payment
		);
	}

	/**
	 * A failure that happened before or instead of a sidecar answer.
	 *
	 * @param string $outcome    failed or invalid.
	 * @param string $error_code Stable code.
	 * @param string $message    Words a person can act on.
	 * @param bool   $transient  Whether a retry may help.
	 */
	public static function failure( string $outcome, string $error_code, string $message, bool $transient ): self {
		return new self( $outcome, null, null, array(), $error_code, $message, $transient );
	}

	/**
	 * The same result under another outcome and message (a retry scheduled, attempts exhausted).
	 *
	 * @param string $outcome New outcome.
	 * @param string $message New message.
	 */
	public function with( string $outcome, string $message ): self {
		return new self( $outcome, $this->invoice, $this->customer, $this->warnings, $this->error_code, $message, $this->transient, $this->payment );
	}

	/**
	 * Whether the order now has its invoice.
	 */
	public function has_invoice(): bool {
		return null !== $this->invoice && in_array( $this->outcome, array( 'created', 'linked' ), true );
	}

	/**
	 * As JSON for REST and WP-CLI.
	 *
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return array(
			'outcome'  => $this->outcome,
			'invoice'  => $this->invoice,
			'customer' => $this->customer,
			'warnings' => $this->warnings,
			'payment'  => $this->payment,
			'error'    => '' === $this->error_code && '' === $this->message ? null : array(
				'code'      => $this->error_code,
				'message'   => $this->message,
				'transient' => $this->transient,
			),
		);
	}
}
