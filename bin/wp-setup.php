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
 *   php bin/wp-setup.php WP_DIR connect PERFEX_API_URL PERFEX_TOKEN SIDECAR_URL KEY_ID SECRET
 *   php bin/wp-setup.php WP_DIR sample-orders
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

/** The Perfex sandbox's seeded taxes, by name: id and rate (tests/perfex-sandbox seeds them). */
const WOOSYNC_SANDBOX_TAXES = array(
	'VAT'         => array( 1, '20.00' ),
	'Reduced VAT' => array( 2, '5.00' ),
	'Sales Tax'   => array( 3, '8.25' ),
);

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

	case 'connect':
		woosync_connect( ...$args );
		break;

	case 'sample-orders':
		woosync_sample_orders();
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
	$version  = '2';
	$previous = get_option( 'woosync_devenv_seed' );
	if ( $previous === $version ) {
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
	// The rates pair with the Perfex sandbox's seeded taxes (VAT 20, Reduced VAT 5, Sales Tax 8.25);
	// the compound City Levy has no Perfex twin and keeps its own name and rate.
	foreach ( WC_Tax::get_tax_rate_classes() as $class ) {
		foreach ( WC_Tax::get_rates_for_tax_class( $class->slug ) as $rate ) {
			WC_Tax::_delete_tax_rate( $rate->tax_rate_id );
		}
	}
	foreach ( WC_Tax::get_rates_for_tax_class( '' ) as $rate ) {
		WC_Tax::_delete_tax_rate( $rate->tax_rate_id );
	}
	$rates = array(
		array( 'US', 'CA', '8.2500', 'Sales Tax', 1, 0, '' ),
		array( 'US', 'CA', '1.0000', 'City Levy', 2, 1, '' ),
		array( 'GB', '', '20.0000', 'VAT', 1, 0, '' ),
		array( 'GB', '', '5.0000', 'Reduced VAT', 1, 0, 'reduced-rate' ),
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

	$zones = false === $previous ? array( array( 'United States', 'US', '5.00' ), array( 'United Kingdom', 'GB', '4.90' ) ) : array();
	foreach ( $zones as $order => [ $name, $country, $cost ] ) {
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

/**
 * Connects WooSync to a Perfex and a sidecar: the settings a store owner would enter, a tax
 * map for every rate of the store, and the currency map (sandbox: USD 1, EUR 2).
 *
 * @param string $perfex_url Perfex API address.
 * @param string $token      Perfex API token.
 * @param string $sidecar    Sidecar address.
 * @param string $key_id     Key id the site signs with.
 * @param string $secret     Shared secret.
 */
function woosync_connect( string $perfex_url, string $token, string $sidecar, string $key_id, string $secret ): void {
	if ( ! class_exists( \WooSync\Settings::class ) ) {
		woosync_setup_fail( 'WooSync is not active' );
	}
	$saved = ( new \WooSync\Settings() )->update(
		array(
			'auto_create_invoice' => true,
			'perfex_url'          => $perfex_url,
			'perfex_token'        => $token,
			'sidecar_url'         => $sidecar,
			'sidecar_key_id'      => $key_id,
			'sidecar_secret'      => $secret,
		)
	);
	if ( is_wp_error( $saved ) ) {
		woosync_setup_fail( 'settings: ' . $saved->get_error_message() );
	}

	$taxes = array();
	foreach ( array_merge( array( '' ), WC_Tax::get_tax_class_slugs() ) as $class ) {
		foreach ( WC_Tax::get_rates_for_tax_class( $class ) as $rate ) {
			$perfex  = WOOSYNC_SANDBOX_TAXES[ $rate->tax_rate_name ] ?? null;
			$taxes[] = array(
				'wc_rate_id'    => (int) $rate->tax_rate_id,
				'perfex_tax_id' => $perfex ? $perfex[0] : null,
				'name'          => $rate->tax_rate_name,
				'rate'          => $perfex ? $perfex[1] : number_format( (float) $rate->tax_rate, 2, '.', '' ),
			);
		}
	}
	$mapped = ( new \WooSync\Mappings() )->update(
		array(
			'taxes'            => $taxes,
			'currencies'       => array(
				'USD' => 1,
				'EUR' => 2,
			),
			'base_currency_id' => 1,
		)
	);
	if ( is_wp_error( $mapped ) ) {
		woosync_setup_fail( 'mappings: ' . $mapped->get_error_message() );
	}
}

/**
 * A handful of sample orders, completed, so a person running `npm start` sees invoices in the
 * sandbox: taxed products, shipping, a fee, a coupon, a compound tax, and an EUR order.
 * Created once per site.
 */
function woosync_sample_orders(): void {
	if ( get_option( 'woosync_devenv_samples' ) ) {
		return;
	}
	$customers = array(
		'US' => array(
			'first_name' => 'Ada',
			'last_name'  => 'Lovelace',
			'email'      => 'ada@example.test',
			'address_1'  => '1 Analytical Way',
			'city'       => 'Los Angeles',
			'state'      => 'CA',
			'postcode'   => '90001',
			'country'    => 'US',
		),
		'GB' => array(
			'first_name' => 'Charles',
			'last_name'  => 'Babbage',
			'company'    => 'Difference & Co',
			'email'      => 'charles@example.test',
			'address_1'  => '1 Dorset Street',
			'city'       => 'London',
			'postcode'   => 'W1U 4EG',
			'country'    => 'GB',
		),
	);
	$orders    = array(
		array(
			'US',
			'USD',
			array(
				'WS-TSHIRT' => 2,
				'WS-BOOK'   => 1,
			),
			true,
			true,
			true,
		),
		array( 'US', 'USD', array( 'WS-HOODIE' => 1 ), true, false, false ),
		array(
			'US',
			'USD',
			array(
				'WS-MUG'    => 3,
				'WS-TSHIRT' => 1,
			),
			false,
			true,
			false,
		),
		array(
			'GB',
			'EUR',
			array(
				'WS-HOODIE' => 1,
				'WS-BOOK'   => 2,
			),
			true,
			false,
			true,
		),
	);
	foreach ( $orders as [ $country, $currency, $skus, $shipping, $fee, $coupon ] ) {
		$order = wc_create_order();
		$order->set_currency( $currency );
		$order->set_address( $customers[ $country ], 'billing' );
		$order->set_address( $customers[ $country ], 'shipping' );
		foreach ( $skus as $sku => $qty ) {
			$order->add_product( wc_get_product( wc_get_product_id_by_sku( $sku ) ), $qty );
		}
		if ( $shipping ) {
			$item = new WC_Order_Item_Shipping();
			$item->set_method_title( 'Flat rate' );
			$item->set_method_id( 'flat_rate' );
			$item->set_total( 'GB' === $country ? '4.90' : '5.00' );
			$order->add_item( $item );
		}
		if ( $fee ) {
			$item = new WC_Order_Item_Fee();
			$item->set_name( 'Gift wrap' );
			$item->set_tax_status( 'taxable' );
			$item->set_amount( '2.50' );
			$item->set_total( '2.50' );
			$order->add_item( $item );
		}
		$order->set_payment_method( 'bacs' );
		$order->set_payment_method_title( 'Direct bank transfer' );
		$order->calculate_totals();
		if ( $coupon ) {
			$order->apply_coupon( 'WELCOME10' );
		}
		$order->set_status( 'processing' );
		$order->save();
		$order->update_status( 'completed' );
	}//end foreach
	update_option( 'woosync_devenv_samples', time() );
}
