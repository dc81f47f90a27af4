<?php
/**
 * A stand-in for the sidecar's answers, through WordPress's own `pre_http_request` filter.
 *
 * These make unit-level tests of the WordPress side: what WooSync sends, and what it does with
 * each answer the protocol (docs/sidecar-protocol.md) allows. The end-to-end tests against the
 * real sidecar are in integration/SidecarEndToEndTest.php.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Support;

/**
 * Answers requests to the sidecar URL; records every request.
 */
final class FakeSidecar {

	public const URL    = 'http://127.0.0.1:8787';
	public const KEY_ID = 'test-site';
	public const SECRET = 'test-secret-0123456789';

	/**
	 * Requests seen: url, method, headers, body (decoded JSON), raw body.
	 *
	 * @var array<int, array{url: string, method: string, headers: array<string, string>, body: mixed, raw: string}>
	 */
	public array $requests = array();

	/**
	 * Answers, used in order (the last one repeats): status + body, or a WP_Error, or a callable
	 * receiving the request.
	 *
	 * @var array<int, mixed>
	 */
	private array $answers = array();

	/**
	 * The filter callback, to remove it.
	 *
	 * @var \Closure
	 */
	private \Closure $filter;

	/**
	 * Starts answering.
	 *
	 * @param mixed ...$answers See $answers.
	 */
	public function __construct( ...$answers ) {
		$this->answers = $answers;
		$this->filter  = function ( $pre, array $args, string $url ) {
			if ( 0 !== strpos( $url, self::URL ) ) {
				return $pre;
			}
			$request          = array(
				'url'     => $url,
				'method'  => (string) $args['method'],
				'headers' => (array) $args['headers'],
				'body'    => json_decode( (string) $args['body'], true ),
				'raw'     => (string) $args['body'],
			);
			$this->requests[] = $request;
			$answer           = count( $this->answers ) > 1 ? array_shift( $this->answers ) : ( $this->answers[0] ?? array( 500, array() ) );
			if ( is_callable( $answer ) ) {
				$answer = $answer( $request );
			}
			if ( $answer instanceof \WP_Error ) {
				return $answer;
			}
			return array(
				'headers'  => array( 'content-type' => 'application/json' ),
				'body'     => is_string( $answer[1] ) ? $answer[1] : (string) wp_json_encode( $answer[1] ),
				'response' => array(
					'code'    => $answer[0],
					'message' => '',
				),
				'cookies'  => array(),
				'filename' => null,
			);
		};
		add_filter( 'pre_http_request', $this->filter, 10, 3 );
	}

	/**
	 * Stops answering.
	 */
	public function stop(): void {
		remove_filter( 'pre_http_request', $this->filter, 10 );
	}

	/**
	 * A sync result the sidecar would send for a created invoice.
	 *
	 * @param int    $id     Invoice id.
	 * @param string $number Invoice number.
	 * @param string $total  Total.
	 * @return array{0: int, 1: array<string, mixed>}
	 */
	public static function created( int $id = 123, string $number = 'INV-000123', string $total = '87.59' ): array {
		return array(
			200,
			array(
				'outcome'  => 'created',
				'invoice'  => array(
					'id'     => $id,
					'number' => $number,
					'total'  => $total,
					'status' => 1,
				),
				'customer' => array(
					'id'      => 7,
					'created' => true,
				),
				'warnings' => array(),
			),
		);
	}

	/**
	 * A sync result with an error.
	 *
	 * @param int    $status    HTTP status.
	 * @param string $outcome   Outcome.
	 * @param string $code      Error code.
	 * @param string $message   Message.
	 * @param bool   $transient Transient.
	 * @return array{0: int, 1: array<string, mixed>}
	 */
	public static function error( int $status, string $outcome, string $code, string $message, bool $transient = false ): array {
		return array(
			$status,
			array(
				'outcome'  => $outcome,
				'warnings' => array(),
				'error'    => array(
					'code'      => $code,
					'message'   => $message,
					'transient' => $transient,
				),
			),
		);
	}
}
