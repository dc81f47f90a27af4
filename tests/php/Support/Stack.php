<?php
/**
 * The env's real running stack (env.json): the Perfex sandbox's API and admin endpoints, and the
 * sidecar process bin/env.sh started (stop it, start it again with the same command line).
 *
 * @package WooSync
 */

namespace WooSync\Tests\Support;

/**
 * Plain HTTP to the sandbox and the sidecar, and the sidecar's process.
 */
final class Stack {

	/**
	 * Sends a request and returns status, body and decoded JSON.
	 *
	 * @param string        $method  HTTP method.
	 * @param string        $url     Absolute URL.
	 * @param string|null   $body    Body.
	 * @param array<string> $headers Request headers.
	 * @return array{status: int, body: string, json: mixed}
	 */
	public static function http( string $method, string $url, ?string $body = null, array $headers = array() ): array {
		$curl = curl_init( $url );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_TIMEOUT        => 30,
				CURLOPT_HTTPHEADER     => $headers,
			)
		);
		if ( null !== $body ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, $body );
		}
		$response = curl_exec( $curl );
		$status   = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		$text = is_string( $response ) ? $response : '';
		return array(
			'status' => $status,
			'body'   => $text,
			'json'   => json_decode( $text, true ),
		);
	}

	/**
	 * A request to the sandbox with its token (path below the sandbox URL: /api/…, /__sandbox/…).
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path.
	 * @param mixed|null $json   JSON body.
	 * @return array{status: int, body: string, json: mixed}
	 */
	public static function sandbox( string $method, string $path, $json = null ): array {
		$perfex  = Site::env()['perfex'];
		$headers = array( 'authtoken: ' . $perfex['token'] );
		if ( null !== $json ) {
			$headers[] = 'Content-Type: application/json';
		}
		return self::http( $method, $perfex['url'] . $path, null === $json ? null : (string) wp_json_encode( $json ), $headers );
	}

	/**
	 * Adds a fault rule (docs: tests/perfex-sandbox/faults.ts).
	 *
	 * @param array<string, mixed> $rule Rule.
	 */
	public static function add_fault( array $rule ): void {
		$answer = self::sandbox( 'POST', '/__sandbox/faults/rules', $rule );
		if ( 200 !== $answer['status'] ) {
			throw new \RuntimeException( 'The sandbox refused the fault rule: ' . $answer['body'] ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
		}
	}

	/**
	 * The fault configuration now (rules and how often each may still fire).
	 *
	 * @return array<string, mixed>
	 */
	public static function faults(): array {
		return (array) self::sandbox( 'GET', '/__sandbox/faults' )['json'];
	}

	/**
	 * Removes every fault rule.
	 */
	public static function clear_faults(): void {
		self::sandbox( 'DELETE', '/__sandbox/faults' );
	}

	/**
	 * The sandbox's invoices whose admin note carries this signature as a whole token.
	 *
	 * @param string $signature E.g. WooSync:order:123.
	 * @return array<int, array<string, mixed>> Full invoices (GET /api/invoices/<id>).
	 */
	public static function invoices_with( string $signature ): array {
		$found = self::sandbox( 'GET', '/api/invoices/search/' . rawurlencode( $signature ) );
		if ( 200 !== $found['status'] || ! is_array( $found['json'] ) ) {
			return array();
		}
		$invoices = array();
		foreach ( $found['json'] as $row ) {
			$id = (int) ( $row['id'] ?? $row['invoiceid'] ?? 0 );
			if ( $id <= 0 || isset( $invoices[ $id ] ) || ! self::note_has( (string) ( $row['adminnote'] ?? '' ), $signature ) ) {
				continue;
			}
			$invoice = self::sandbox( 'GET', '/api/invoices/' . $id )['json'];
			if ( is_array( $invoice ) ) {
				$invoices[ $id ] = $invoice;
			}
		}
		return array_values( $invoices );
	}

	/**
	 * Whether an admin note carries the signature as a whole token (not "…:12" inside "…:123").
	 *
	 * @param string $note      Admin note.
	 * @param string $signature Signature.
	 */
	public static function note_has( string $note, string $signature ): bool {
		return 1 === preg_match( '/(?<![\w:.\-])' . preg_quote( $signature, '/' ) . '(?![\w:.\-])/', $note );
	}

	/**
	 * The signature WooSync writes for an order (docs/sidecar-protocol.md).
	 *
	 * @param \WC_Order $order Order.
	 */
	public static function signature( \WC_Order $order ): string {
		$prefix = (string) ( new \WooSync\Settings() )->get( 'signature_prefix' );
		return preg_replace( '/\s+/', '-', trim( $prefix ) ) . ':order:' . preg_replace( '/\s+/', '-', trim( (string) $order->get_order_number() ) );
	}

	/**
	 * The sidecar's key id and secret (the env's secret file, `keyid:secret`).
	 *
	 * @return array{0: string, 1: string}
	 */
	public static function sidecar_key(): array {
		$sidecar = Site::env()['sidecar'];
		foreach ( (array) file( $sidecar['secret_file'], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES ) as $line ) {
			$line = trim( (string) $line );
			if ( '' === $line || str_starts_with( $line, '#' ) ) {
				continue;
			}
			$colon = strpos( $line, ':' );
			if ( false !== $colon && substr( $line, 0, $colon ) === $sidecar['key_id'] ) {
				return array( $sidecar['key_id'], substr( $line, $colon + 1 ) );
			}
		}
		throw new \RuntimeException( 'No secret for key id ' . $sidecar['key_id'] . ' in ' . $sidecar['secret_file'] ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
	}

	/**
	 * Whether the sidecar answers /livez.
	 */
	public static function sidecar_up(): bool {
		return 200 === self::http( 'GET', Site::env()['sidecar']['url'] . '/livez' )['status'];
	}

	/**
	 * Stops the env's sidecar (SIGTERM to the pid in its pid file) and waits until it is gone.
	 */
	public static function stop_sidecar(): void {
		$pid = (int) trim( (string) @file_get_contents( Site::env()['sidecar']['pid_file'] ) ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		if ( $pid > 0 ) {
			posix_kill( $pid, SIGTERM );
		}
		$tries = 0;
		while ( $tries++ < 100 && ( self::sidecar_up() || ( $pid > 0 && posix_kill( $pid, 0 ) ) ) ) {
			usleep( 100000 );
		}
		if ( self::sidecar_up() ) {
			throw new \RuntimeException( 'The sidecar did not stop.' );
		}
	}

	/**
	 * Starts the env's sidecar again with bin/env.sh's command line, unless it answers already.
	 */
	public static function start_sidecar(): void {
		if ( self::sidecar_up() ) {
			return;
		}
		$sidecar = Site::env()['sidecar'];
		$command = sprintf(
			'WOOSYNC_SIDECAR_SECRET_FILE=%s nohup node %s --host 127.0.0.1 --port %d >>%s 2>&1 </dev/null & echo $!',
			escapeshellarg( $sidecar['secret_file'] ),
			escapeshellarg( dirname( __DIR__, 3 ) . '/build/woosync-sidecar.mjs' ),
			(int) $sidecar['port'],
			escapeshellarg( $sidecar['log'] )
		);
		$pid     = (int) trim( (string) shell_exec( $command ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_shell_exec -- the test restarts the service it stopped.
		file_put_contents( $sidecar['pid_file'], $pid . "\n" );
		for ( $i = 0; $i < 150; $i++ ) {
			if ( self::sidecar_up() ) {
				return;
			}
			usleep( 100000 );
		}
		throw new \RuntimeException( 'The sidecar did not start again; see ' . $sidecar['log'] ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
	}

	/**
	 * Runs the order's pending WooSync jobs (invoice, refunds) in this process until none is left
	 * (tests switch the end-of-request run off).
	 *
	 * @param int $order_id Order.
	 */
	public static function run_jobs( int $order_id ): void {
		for ( $round = 0; $round < 5; $round++ ) {
			$ids = array();
			foreach ( array( \WooSync\Sync\JobQueue::SYNC_INVOICE, \WooSync\Sync\JobQueue::SYNC_REFUND ) as $hook ) {
				$actions = as_get_scheduled_actions(
					array(
						'hook'     => $hook,
						'group'    => \WooSync\Sync\JobQueue::GROUP,
						'status'   => \ActionScheduler_Store::STATUS_PENDING,
						'per_page' => 50,
					)
				);
				foreach ( $actions as $id => $action ) {
					if ( (int) ( $action->get_args()['order_id'] ?? 0 ) === $order_id ) {
						$ids[] = (int) $id;
					}
				}
			}
			if ( ! $ids ) {
				return;
			}
			sort( $ids );
			foreach ( $ids as $id ) {
				\ActionScheduler::runner()->process_action( $id, 'WooSync test' );
			}
		}
	}
}
