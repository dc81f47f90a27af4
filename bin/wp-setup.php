<?php
/**
 * Environment steps that run inside WordPress (used by bin/env.sh).
 *
 * The wp-cli served by the Composer copy here is the real framework with the entity
 * commands (option, user, post …), but without the core, config and extension commands.
 * This script does what those would have done, through WordPress's own functions:
 *
 *   php bin/wp-setup.php WP_DIR install URL ADMIN_USER ADMIN_PASSWORD
 *   php bin/wp-setup.php WP_DIR activate PLUGIN_BASENAME
 *   php bin/wp-setup.php WP_DIR seed-store
 *   php bin/wp-setup.php WP_DIR info
 *
 * Store seeding uses WooCommerce's public PHP API only, so it works the same on a real
 * WooCommerce and on the stand-in.
 *
 * @package WooSync
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited, WordPress.Security.EscapeOutput.OutputNotEscaped

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

$wp_dir  = $argv[1] ?? '';
$command = $argv[2] ?? '';
$args    = array_slice( $argv, 3 );

if ( ! is_file( $wp_dir . '/wp-config.php' ) ) {
	fwrite( STDERR, "wp-setup: no wp-config.php in $wp_dir\n" );
	exit( 1 );
}

$url                    = 'install' === $command ? $args[0] : null;
$_SERVER['HTTP_HOST']   = $url ? (string) parse_url( $url, PHP_URL_HOST ) . ':' . (string) parse_url( $url, PHP_URL_PORT ) : '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PORT'] = '80';

if ( 'install' === $command ) {
	define( 'WP_INSTALLING', true );
}

require $wp_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

/**
 * Prints a message on stderr and stops.
 *
 * @param string $message What went wrong.
 */
function woosync_setup_fail( string $message ): void {
	fwrite( STDERR, "wp-setup: $message\n" );
	exit( 1 );
}

switch ( $command ) {
	case 'install':
		[ , $admin_user, $admin_password ] = $args;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		if ( ! is_blog_installed() ) {
			$result = wp_install( 'WooSync Dev Store', $admin_user, 'admin@example.test', false, '', wp_slash( $admin_password ) );
			if ( is_wp_error( $result ) ) {
				woosync_setup_fail( $result->get_error_message() );
			}
		} else {
			wp_upgrade();
			$user = get_user_by( 'login', $admin_user );
			if ( ! $user ) {
				woosync_setup_fail( "the site is installed but has no user $admin_user; run bin/env.sh reset" );
			}
			wp_set_password( $admin_password, $user->ID );
		}
		break;

	case 'activate':
		$plugin = $args[0] ?? '';
		if ( ! is_plugin_active( $plugin ) ) {
			$result = activate_plugin( $plugin, '', false, false );
			if ( is_wp_error( $result ) ) {
				woosync_setup_fail( "activating $plugin: " . $result->get_error_message() );
			}
		}
		break;

	case 'seed-store':
		woosync_seed_store();
		break;

	case 'info':
		$plugins = get_plugins();
		$wc      = $plugins['woocommerce/woocommerce.php'] ?? array(
			'Name'    => '',
			'Version' => '',
		);
		echo wp_json_encode(
			array(
				'wordpress'        => get_bloginfo( 'version' ),
				'woocommerce'      => defined( 'WC_VERSION' ) ? WC_VERSION : $wc['Version'],
				'woocommerce_kind' => false !== stripos( $wc['Name'], 'stand-in' ) ? 'stand-in' : 'real',
				'hpos'             => class_exists( '\Automattic\WooCommerce\Utilities\OrderUtil' )
					&& \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled(),
			)
		) . "\n";
		break;

	default:
		woosync_setup_fail( "unknown command '$command'" );
}//end switch

/**
 * Configures the development store: currency, taxes (one compound), products with SKUs,
 * a coupon and flat-rate shipping. Runs once per seed version.
 */
function woosync_seed_store(): void {
	if ( ! class_exists( 'WooCommerce' ) ) {
		woosync_setup_fail( 'WooCommerce is not active' );
	}
	$version = '1';
	if ( get_option( 'woosync_devenv_seed' ) === $version ) {
		return;
	}

	$options = array(
		'woocommerce_currency'                     => 'USD',
		'woocommerce_price_num_decimals'           => '2',
		'woocommerce_calc_taxes'                   => 'yes',
		'woocommerce_prices_include_tax'           => 'no',
		'woocommerce_tax_round_at_subtotal'        => 'no',
		'woocommerce_tax_based_on'                 => 'billing',
		'woocommerce_shipping_tax_class'           => 'inherit',
		'woocommerce_default_country'              => 'US:CA',
		'woocommerce_store_address'                => '1 Market Street',
		'woocommerce_store_city'                   => 'San Francisco',
		'woocommerce_store_postcode'               => '94105',
		'woocommerce_allowed_countries'            => 'all',
		'woocommerce_enable_coupons'               => 'yes',
		'woocommerce_onboarding_profile'           => array( 'skipped' => true ),
		'woocommerce_task_list_hidden'             => 'yes',
		'woocommerce_show_marketplace_suggestions' => 'no',
		'woocommerce_allow_tracking'               => 'no',
	);
	foreach ( $options as $name => $value ) {
		update_option( $name, $value );
	}

	if ( ! in_array( 'reduced-rate', WC_Tax::get_tax_class_slugs(), true ) ) {
		WC_Tax::create_tax_class( 'Reduced rate', 'reduced-rate' );
	}
	$rates = array(
		array( 'US', 'CA', '7.2500', 'CA State Tax', 1, 0, '' ),
		array( 'US', 'CA', '1.0000', 'City Levy', 2, 1, '' ),
		array( 'US', 'CA', '0.0000', 'CA Reduced', 1, 0, 'reduced-rate' ),
		array( 'DE', '', '19.0000', 'MwSt.', 1, 0, '' ),
		array( 'DE', '', '7.0000', 'MwSt. ermäßigt', 1, 0, 'reduced-rate' ),
	);
	foreach ( $rates as [ $country, $state, $rate, $name, $priority, $compound, $class ] ) {
		WC_Tax::_insert_tax_rate(
			array(
				'tax_rate_country'  => $country,
				'tax_rate_state'    => $state,
				'tax_rate'          => $rate,
				'tax_rate_name'     => $name,
				'tax_rate_priority' => $priority,
				'tax_rate_compound' => $compound,
				'tax_rate_shipping' => '' === $class ? 1 : 0,
				'tax_rate_order'    => 0,
				'tax_rate_class'    => $class,
			)
		);
	}

	$products = array(
		array( 'WS-TSHIRT', 'Organic T-Shirt', '20.00', '' ),
		array( 'WS-HOODIE', 'Zip Hoodie', '45.00', '' ),
		array( 'WS-BOOK', 'Field Guide to Invoicing (book)', '12.50', 'reduced-rate' ),
		array( 'WS-MUG', 'Enamel Mug <b>limited</b>', '9.99', '' ),
	);
	foreach ( $products as [ $sku, $name, $price, $class ] ) {
		if ( wc_get_product_id_by_sku( $sku ) ) {
			continue;
		}
		$product = new WC_Product_Simple();
		$product->set_name( $name );
		$product->set_sku( $sku );
		$product->set_regular_price( $price );
		$product->set_tax_status( 'taxable' );
		$product->set_tax_class( $class );
		$product->set_status( 'publish' );
		$product->save();
	}

	if ( ! wc_get_coupon_id_by_code( 'WELCOME10' ) ) {
		$coupon = new WC_Coupon();
		$coupon->set_code( 'WELCOME10' );
		$coupon->set_discount_type( 'percent' );
		$coupon->set_amount( 10 );
		$coupon->save();
	}

	foreach ( array( array( 'United States', 'US', '5.00' ), array( 'Germany', 'DE', '4.90' ) ) as $order => [ $name, $country, $cost ] ) {
		$zone = new WC_Shipping_Zone();
		$zone->set_zone_name( $name );
		$zone->set_zone_order( $order );
		$zone->add_location( $country, 'country' );
		$zone->save();
		$instance_id = $zone->add_shipping_method( 'flat_rate' );
		update_option(
			'woocommerce_flat_rate_' . $instance_id . '_settings',
			array(
				'title'      => 'Flat rate',
				'tax_status' => 'taxable',
				'cost'       => $cost,
			)
		);
	}

	update_option( 'woosync_devenv_seed', $version );
}
