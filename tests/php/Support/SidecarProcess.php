<?php
/**
 * The real sidecar (sidecar/main.ts through tsx), started for a test class on a free port.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Support;

/**
 * Starts the sidecar with one key id and secret, waits until it answers, stops it.
 */
final class SidecarProcess {

	public const KEY_ID = 'e2e-site';
	public const SECRET = 'e2e-secret-0123456789abcdef';

	/**
	 * The process.
	 *
	 * @var resource
	 */
	private $process;

	public readonly string $url;

	/**
	 * Starts it; throws when it does not answer within 20 seconds.
	 *
	 * @param string $tsx Path of the tsx binary.
	 */
	public function __construct( string $tsx ) {
		$port      = self::free_port();
		$this->url = 'http://127.0.0.1:' . $port;
		$root      = dirname( __DIR__, 3 );
		$log       = sys_get_temp_dir() . '/woosync-e2e-sidecar.log';
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- the test starts the service it talks to.
		$process = proc_open(
			array( $tsx, $root . '/sidecar/main.ts', '--port', (string) $port ),
			array(
				0 => array( 'file', '/dev/null', 'r' ),
				1 => array( 'file', $log, 'w' ),
				2 => array( 'file', $log, 'a' ),
			),
			$pipes,
			$root,
			array_merge( getenv(), array( 'WOOSYNC_SIDECAR_SECRETS' => self::KEY_ID . ':' . self::SECRET ) )
		);
		if ( ! is_resource( $process ) ) {
			throw new \RuntimeException( 'The sidecar could not be started.' );
		}
		$this->process = $process;
		for ( $i = 0; $i < 200; $i++ ) {
			$live = wp_remote_get( $this->url . '/livez', array( 'timeout' => 1 ) );
			if ( ! is_wp_error( $live ) && 200 === wp_remote_retrieve_response_code( $live ) ) {
				return;
			}
			usleep( 100000 );
		}
		$this->stop();
		throw new \RuntimeException( 'The sidecar did not answer; see ' . $log ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped
	}

	/**
	 * Stops it (SIGTERM, then waits for it).
	 */
	public function stop(): void {
		if ( is_resource( $this->process ) ) {
			proc_terminate( $this->process );
			proc_close( $this->process );
		}
	}

	/**
	 * A port nothing listens on now.
	 */
	private static function free_port(): int {
		$socket = stream_socket_server( 'tcp://127.0.0.1:0' );
		if ( false === $socket ) {
			throw new \RuntimeException( 'No free port.' );
		}
		$name = (string) stream_socket_get_name( $socket, false );
		fclose( $socket );
		return (int) substr( $name, strrpos( $name, ':' ) + 1 );
	}
}
