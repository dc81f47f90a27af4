<?php
/**
 * Plugin Name:          WooSync for Perfex CRM
 * Plugin URI:           https://github.com/woosync/woosync
 * Description:          Turns completed WooCommerce orders into Perfex CRM invoices, refunds into credit notes or expenses, and Perfex payments back into completed orders: exactly, instantly and never twice.
 * Version:              0.1.0
 * Requires at least:    6.1
 * Requires PHP:         8.1
 * Requires Plugins:     woocommerce
 * Author:               WooSync
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          woosync
 * Domain Path:          /languages
 * WC requires at least: 8.0
 * WC tested up to:      11.0
 *
 * @package WooSync
 */

defined( 'ABSPATH' ) || exit;

define( 'WOOSYNC_VERSION', '0.1.0' );
define( 'WOOSYNC_FILE', __FILE__ );
define( 'WOOSYNC_DIR', __DIR__ );

spl_autoload_register(
	static function ( string $class_name ): void {
		if ( 0 !== strpos( $class_name, 'WooSync\\' ) ) {
			return;
		}
		$file = __DIR__ . '/includes/' . str_replace( '\\', '/', substr( $class_name, strlen( 'WooSync\\' ) ) ) . '.php';
		if ( is_file( $file ) ) {
			require $file;
		}
	}
);

// WooSync reads and writes orders only through WooCommerce's CRUD API, so it works with
// custom order tables (HPOS) as well as with posts storage.
add_action(
	'before_woocommerce_init',
	static function (): void {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
		}
	}
);

register_activation_hook( __FILE__, array( \WooSync\Installer::class, 'activate' ) );

add_action( 'plugins_loaded', array( \WooSync\Plugin::class, 'boot' ) );
