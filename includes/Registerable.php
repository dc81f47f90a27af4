<?php
/**
 * The one thing every WooSync service does: hook itself into WordPress.
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * A service that adds its hooks when registered.
 */
interface Registerable {

	/**
	 * Adds the service's actions and filters.
	 */
	public function register(): void;
}
