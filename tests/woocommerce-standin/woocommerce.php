<?php
/**
 * Plugin Name: WooCommerce stand-in (WooSync test environment)
 * Description: TEST DOUBLE, NOT WooCommerce. Implements the subset of WooCommerce's and Action Scheduler's public API that WooSync uses (orders, refunds, taxes, coupons, notes, REST wc/v3 orders, Action Scheduler) so WooSync can be tested where no WooCommerce package is reachable. See README.md.
 * Version: 9.9.0-standin
 * Requires at least: 6.1
 * Requires PHP: 8.2
 * Author: WooSync project (stand-in; not affiliated with WooCommerce)
 * Text Domain: woocommerce
 * License: GPL-2.0-or-later
 *
 * Installed as wp-content/plugins/woocommerce/woocommerce.php so that its basename is
 * "woocommerce/woocommerce.php", like the real plugin. Written from WooCommerce's public
 * documentation and behaviour; contains no WooCommerce code.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

if ( class_exists( 'WooCommerce', false ) ) {
	return;
}

/*
 * Version: a stand-in version string that still compares >= 8.0 with version_compare(),
 * so "WC requires at least: 8.0" style checks pass.
 */
define( 'WC_VERSION', '9.9.0-standin' );
define( 'WC_STANDIN', true );
define( 'WC_PLUGIN_FILE', __FILE__ );
define( 'WC_ABSPATH', __DIR__ . '/' );
define( 'WC_PLUGIN_BASENAME', plugin_basename( __FILE__ ) );
define( 'WC_ROUNDING_PRECISION', 6 );
define( 'WC_DISCOUNT_ROUNDING_MODE', PHP_ROUND_HALF_DOWN );
// Like WooCommerce 9.9: fixed when the plugin loads, half-down if prices include tax, else half-up.
define( 'WC_TAX_ROUNDING_MODE', 'yes' === get_option( 'woocommerce_prices_include_tax', 'no' ) ? PHP_ROUND_HALF_DOWN : PHP_ROUND_HALF_UP );
define( 'WC_DELIMITER', '|' );

require_once __DIR__ . '/includes/wc-core-functions.php';
require_once __DIR__ . '/includes/class-wc-datetime.php';
require_once __DIR__ . '/includes/class-wc-meta-data.php';
require_once __DIR__ . '/includes/abstract-wc-data.php';
require_once __DIR__ . '/includes/class-wc-tax.php';
require_once __DIR__ . '/includes/class-wc-product.php';
require_once __DIR__ . '/includes/class-wc-coupon.php';
require_once __DIR__ . '/includes/class-wc-discounts.php';
require_once __DIR__ . '/includes/class-wc-shipping-zone.php';
require_once __DIR__ . '/includes/orders/class-wc-order-item.php';
require_once __DIR__ . '/includes/orders/class-wc-order-item-types.php';
require_once __DIR__ . '/includes/orders/class-wc-standin-order-store.php';
require_once __DIR__ . '/includes/orders/abstract-wc-order.php';
require_once __DIR__ . '/includes/orders/class-wc-order.php';
require_once __DIR__ . '/includes/orders/class-wc-order-refund.php';
require_once __DIR__ . '/includes/orders/wc-order-functions.php';
require_once __DIR__ . '/includes/class-wc-utilities.php';
require_once __DIR__ . '/includes/class-wc-install.php';
require_once __DIR__ . '/includes/class-woocommerce.php';
require_once __DIR__ . '/includes/action-scheduler/action-scheduler.php';
require_once __DIR__ . '/includes/rest/class-wc-standin-rest.php';
require_once __DIR__ . '/includes/admin/class-wc-standin-admin.php';

if ( is_admin() ) {
	require_once __DIR__ . '/includes/admin/wc-admin-functions.php';
}

register_activation_hook( __FILE__, array( 'WC_Install', 'install' ) );

$GLOBALS['woocommerce'] = WC();
