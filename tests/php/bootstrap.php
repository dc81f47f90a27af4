<?php
/**
 * PHPUnit bootstrap: runs the tests inside the running local site (bin/env.sh up).
 *
 * The tests load that site's WordPress, with its database, its WooCommerce and WooSync, so
 * they see exactly what a request to the site sees. work/env.json says where it is
 * (WOOSYNC_WORK points at another work folder, e.g. one running a real WooCommerce).
 *
 * @package WooSync
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited

require_once __DIR__ . '/Support/Site.php';
require_once __DIR__ . '/Support/Orders.php';

$woosync_env = \WooSync\Tests\Support\Site::env();

$_SERVER['HTTP_HOST']   = woosync_tests_host( $woosync_env['wordpress']['url'] );
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $woosync_env['wordpress']['path'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

fwrite(
	STDOUT,
	sprintf(
		"Site: WordPress %s, WooCommerce %s (%s) from %s\n",
		$woosync_env['wordpress']['version'],
		$woosync_env['woocommerce']['version'],
		$woosync_env['woocommerce']['kind'],
		$woosync_env['woocommerce']['dir']
	)
);

/**
 * Host and port of a URL, as HTTP_HOST carries them.
 *
 * @param string $url URL.
 */
function woosync_tests_host( string $url ): string {
	$parts = parse_url( $url ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url
	return $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
}
