<?php
/**
 * Router for PHP's built-in web server serving the local WordPress (bin/env.sh).
 *
 * Existing files (and folders with an index.php, such as /wp-admin/) are served by the
 * server itself; every other path goes to WordPress's front controller, which is what
 * pretty permalinks and /wp-json/ need.
 *
 * @package WooSync
 */

// The router runs before WordPress loads: there is no wp_unslash() yet, and it only maps a path to a file.
// phpcs:disable WordPress.Security.ValidatedSanitizedInput

$woosync_path = (string) woosync_router_path( $_SERVER['REQUEST_URI'] ?? '/' );
$woosync_file = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' ) . $woosync_path;

if ( is_file( $woosync_file ) || ( is_dir( $woosync_file ) && is_file( rtrim( $woosync_file, '/' ) . '/index.php' ) ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';

/**
 * The decoded path of a request URI, without its query string.
 *
 * @param string $uri Request URI.
 * @return string
 */
function woosync_router_path( string $uri ): string {
	return rawurldecode( (string) parse_url( $uri, PHP_URL_PATH ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url
}
