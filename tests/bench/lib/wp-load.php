<?php
/**
 * Loads the running site's WordPress into a bench driver run with plain `php` (no wp-cli `eval`
 * here): `$env = require __DIR__ . '/lib/wp-load.php';` with env.json's path as the first
 * argument. Nothing the driver does is synced at its end.
 *
 * @package WooSync
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited -- a CLI request needs these.

$woosync_bench_env = json_decode( (string) file_get_contents( $argv[1] ), true );
$woosync_bench_url = parse_url( $woosync_bench_env['wordpress']['url'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url

$_SERVER['HTTP_HOST']   = $woosync_bench_url['host'] . ( isset( $woosync_bench_url['port'] ) ? ':' . $woosync_bench_url['port'] : '' );
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $woosync_bench_env['wordpress']['path'] . '/wp-load.php';

add_filter( 'woosync_run_at_end_of_request', '__return_false' );

return $woosync_bench_env;
