<?php
/**
 * Driver of tests/bench/pipeline.ts: creates N orders (status processing) on the running site
 * through WooCommerce's PHP API, like tests/php/Support/Orders.php, and prints them as JSON.
 *
 * Usage: php tests/bench/pipeline-orders.php <path to env.json> <count>
 *
 * @package WooSync
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php pipeline-orders.php ENV_JSON COUNT\n" );
	exit( 2 );
}
$woosync_bench_env = json_decode( (string) file_get_contents( $argv[1] ), true );
$woosync_bench_url = parse_url( $woosync_bench_env['wordpress']['url'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url

$_SERVER['HTTP_HOST']   = $woosync_bench_url['host'] . ( isset( $woosync_bench_url['port'] ) ? ':' . $woosync_bench_url['port'] : '' );
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $woosync_bench_env['wordpress']['path'] . '/wp-load.php';
require dirname( __DIR__ ) . '/php/Support/Orders.php';

// Nothing is completed here, but never sync from this process at its end.
add_filter( 'woosync_run_at_end_of_request', '__return_false' );

$woosync_bench_prefix = preg_replace( '/\s+/', '-', trim( (string) ( new \WooSync\Settings() )->get( 'signature_prefix' ) ) );
$woosync_bench_orders = array();
for ( $woosync_bench_i = 0; $woosync_bench_i < (int) $argv[2]; $woosync_bench_i++ ) {
	$woosync_bench_order    = \WooSync\Tests\Support\Orders::full();
	$woosync_bench_orders[] = array(
		'id'        => $woosync_bench_order->get_id(),
		'total'     => $woosync_bench_order->get_total(),
		'signature' => $woosync_bench_prefix . ':order:' . preg_replace( '/\s+/', '-', trim( (string) $woosync_bench_order->get_order_number() ) ),
	);
}
echo wp_json_encode( $woosync_bench_orders );
