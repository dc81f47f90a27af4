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
$woosync_bench_env = require __DIR__ . '/lib/wp-load.php';
require dirname( __DIR__ ) . '/php/Support/Orders.php';

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
echo "\nWOOSYNC_BENCH_JSON " . wp_json_encode( $woosync_bench_orders ) . "\n";
