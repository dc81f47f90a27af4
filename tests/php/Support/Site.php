<?php
/**
 * The running local site, as the tests reach it: its env.json, HTTP as a logged-in user, logs.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Support;

/**
 * Helpers for tests that talk to the site over HTTP the way a browser or a client would.
 */
final class Site {

	/**
	 * The decoded work/env.json written by bin/env.sh.
	 *
	 * @return array<string, mixed>
	 */
	public static function env(): array {
		static $env = null;
		if ( null === $env ) {
			$work = getenv( 'WOOSYNC_WORK' );
			$work = false !== $work && '' !== $work ? $work : dirname( __DIR__, 3 ) . '/work/default';
			$file = $work . '/env.json';
			if ( ! is_file( $file ) ) {
				fwrite( STDERR, "No running site: $file is missing. Start one with `bash bin/env.sh up`.\n" );
				exit( 1 );
			}
			$env = json_decode( (string) file_get_contents( $file ), true, 512, JSON_THROW_ON_ERROR );
		}
		return $env;
	}

	/**
	 * Logs a user in through wp-login.php and returns the cookie jar file for later requests.
	 *
	 * @param string $who Key under env.json's users: admin, manager or subscriber.
	 */
	public static function login( string $who ): string {
		$user = self::env()['users'][ $who ];
		$jar  = tempnam( sys_get_temp_dir(), 'woosync-cookies-' );
		self::request(
			'POST',
			'/wp-login.php',
			$jar,
			http_build_query(
				array(
					'log'         => $user['login'],
					'pwd'         => $user['password'],
					'testcookie'  => '1',
					'redirect_to' => '/wp-admin/',
				)
			),
			array( 'Cookie: wordpress_test_cookie=WP%20Cookie%20check' )
		);
		return $jar;
	}

	/**
	 * Sends a request to the site (following redirects) and returns status and body.
	 *
	 * @param string        $method  HTTP method.
	 * @param string        $path    Path below the site URL, e.g. /wp-admin/.
	 * @param string|null   $jar     Cookie jar from login(), or null for an anonymous request.
	 * @param string|null   $body    Request body.
	 * @param array<string> $headers Extra request headers.
	 * @return array{status: int, body: string}
	 */
	public static function request( string $method, string $path, ?string $jar = null, ?string $body = null, array $headers = array() ): array {
		$curl = curl_init( self::env()['wordpress']['url'] . $path );
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_FOLLOWLOCATION => true,
				CURLOPT_TIMEOUT        => 60,
				CURLOPT_HTTPHEADER     => $headers,
			)
		);
		if ( null !== $jar ) {
			curl_setopt( $curl, CURLOPT_COOKIEJAR, $jar );
			curl_setopt( $curl, CURLOPT_COOKIEFILE, $jar );
		}
		if ( null !== $body ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, $body );
		}
		$response = curl_exec( $curl );
		$status   = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return array(
			'status' => $status,
			'body'   => is_string( $response ) ? $response : '',
		);
	}

	/**
	 * The site's debug log lines written since a byte offset (see debug_log_size()).
	 *
	 * @param int $since Byte offset.
	 * @return array<string>
	 */
	public static function debug_log_since( int $since ): array {
		$file = self::env()['wordpress']['debug_log'];
		if ( ! is_file( $file ) ) {
			return array();
		}
		clearstatcache( true, $file );
		$text = (string) file_get_contents( $file, false, null, $since );
		return array_values( array_filter( explode( "\n", $text ) ) );
	}

	/**
	 * Current size of the debug log, to read only what a test caused.
	 */
	public static function debug_log_size(): int {
		$file = self::env()['wordpress']['debug_log'];
		clearstatcache( true, $file );
		return is_file( $file ) ? (int) filesize( $file ) : 0;
	}

	/**
	 * Runs the real wp-cli against the site and returns its exit code and output.
	 *
	 * @param array<string> $args Command and arguments, e.g. ['option', 'get', 'siteurl'].
	 * @return array{code: int, stdout: string, stderr: string}
	 */
	public static function wp( array $args ): array {
		$command = array_merge( self::env()['wpcli']['command'], $args );
		return self::run( array_map( 'strval', $command ), array( 'WP_CLI_PHP_ARGS' => '-d display_errors=stderr' ) );
	}

	/**
	 * Runs PHP code in a fresh process that has loaded the site (wp-load.php), as a request would.
	 *
	 * For what must not run inside the test process, e.g. uninstall.php (it needs WP_UNINSTALL_PLUGIN).
	 *
	 * @param string $code PHP statements, without the opening tag.
	 * @return array{code: int, stdout: string, stderr: string}
	 */
	public static function php( string $code ): array {
		$url    = self::env()['wordpress']['url'];
		$port   = parse_url( $url, PHP_URL_PORT ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url
		$host   = (string) parse_url( $url, PHP_URL_HOST ) . ( $port ? ':' . $port : '' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url
		$script = tempnam( sys_get_temp_dir(), 'woosync-php-' );
		file_put_contents(
			$script,
			'<?php $_SERVER["HTTP_HOST"] = ' . var_export( $host, true ) . '; $_SERVER["SERVER_NAME"] = "127.0.0.1"; $_SERVER["REQUEST_URI"] = "/";' // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
			. ' require ' . var_export( self::env()['wordpress']['path'] . '/wp-load.php', true ) . ";\n" . $code // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
		);
		try {
			return self::run( array( PHP_BINARY, '-d', 'display_errors=stderr', $script ), array() );
		} finally {
			unlink( $script );
		}
	}

	/**
	 * Runs a process and collects its exit code and output.
	 *
	 * @param array<string>         $command Program and arguments.
	 * @param array<string, string> $env     Extra environment variables.
	 * @return array{code: int, stdout: string, stderr: string}
	 */
	private static function run( array $command, array $env ): array {
		$process = proc_open( // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- tests run wp-cli and PHP as a person would.
			$command,
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			null,
			array_merge( getenv(), $env )
		);
		$stdout  = stream_get_contents( $pipes[1] );
		$stderr  = stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		return array(
			'code'   => proc_close( $process ),
			'stdout' => (string) $stdout,
			'stderr' => (string) $stderr,
		);
	}
}
