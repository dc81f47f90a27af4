<?php
/**
 * Detection, HPOS helpers, roles, store settings, formatting, products, coupons, shipping zones.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

use Automattic\WooCommerce\Utilities\FeaturesUtil;
use Automattic\WooCommerce\Utilities\OrderUtil;

require_once __DIR__ . '/WooCommerceTestCase.php';

/**
 * The parts of WooCommerce WooSync relies on besides orders.
 */
final class StoreFoundationTest extends WooCommerceTestCase {

	/**
	 * WooCommerce is detectable the way WooSync detects it, and has loaded its hooks.
	 */
	public function test_detection_and_bootstrap_hooks(): void {
		$this->assertTrue( class_exists( 'WooCommerce' ) );
		$this->assertInstanceOf( \WooCommerce::class, WC() );
		$this->assertSame( WC(), WC() );
		foreach ( array( 'before_woocommerce_init', 'woocommerce_loaded', 'woocommerce_init' ) as $hook ) {
			$this->assertGreaterThan( 0, did_action( $hook ), "$hook has fired" );
		}
		$this->assertTrue( version_compare( WC_VERSION, '8.0', '>=' ), 'WC_VERSION satisfies "requires at least 8.0".' );
		$this->assertSame( 'woocommerce.php', basename( WC_PLUGIN_FILE ) );
		$this->assertContains( 'woocommerce/woocommerce.php', (array) get_option( 'active_plugins' ), 'Active under the basename woocommerce/woocommerce.php.' );
		$this->assertSame( 6, WC_ROUNDING_PRECISION );
	}

	/**
	 * HPOS: custom order tables on, HPOS screen id, compatibility declared only inside before_woocommerce_init.
	 */
	public function test_hpos_helpers(): void {
		$this->assertTrue( OrderUtil::custom_orders_table_usage_is_enabled() );
		if ( ! function_exists( 'wc_get_page_screen_id' ) ) {
			// An admin-only function in WooCommerce, loaded here as the admin would.
			require_once WC_ABSPATH . 'includes/admin/wc-admin-functions.php';
		}
		$this->assertSame( 'woocommerce_page_wc-orders', wc_get_page_screen_id( 'shop-order' ) );
		$order = $this->order();
		$this->assertSame( 'shop_order', OrderUtil::get_order_type( $order->get_id() ) );
		$this->assertTrue( OrderUtil::is_order( $order->get_id(), wc_get_order_types() ) );
		$this->assertFalse( OrderUtil::is_order( $this->product( '1' )->get_id(), wc_get_order_types() ) );

		$this->listen( 'doing_it_wrong_trigger_error', '__return_false' );
		$this->assertFalse( FeaturesUtil::declare_compatibility( 'custom_order_tables', WC_PLUGIN_FILE, true ), 'Too late outside before_woocommerce_init.' );
	}

	/**
	 * Roles and capabilities created on install.
	 */
	public function test_roles_and_capabilities(): void {
		$this->assertNotNull( get_role( 'customer' ) );
		foreach ( array( 'administrator', 'shop_manager' ) as $role_name ) {
			$role = get_role( $role_name );
			$this->assertNotNull( $role, "$role_name exists" );
			foreach ( array( 'manage_woocommerce', 'view_woocommerce_reports', 'edit_shop_orders', 'read_private_shop_orders', 'edit_others_shop_orders', 'delete_shop_orders', 'edit_products', 'edit_shop_coupons' ) as $cap ) {
				$this->assertTrue( $role->has_cap( $cap ), "$role_name can $cap" );
			}
		}
		$this->assertFalse( get_role( 'customer' )->has_cap( 'read_private_shop_orders' ) );
	}

	/**
	 * Store settings functions read the options.
	 */
	public function test_store_settings_functions(): void {
		$this->set_store(
			array(
				'woocommerce_currency'           => 'EUR',
				'woocommerce_price_num_decimals' => '3',
				'woocommerce_calc_taxes'         => 'no',
				'woocommerce_prices_include_tax' => 'yes',
			)
		);
		$this->assertSame( 'EUR', get_woocommerce_currency() );
		$this->assertSame( 3, wc_get_price_decimals() );
		$this->assertFalse( wc_tax_enabled() );
		$this->assertFalse( wc_prices_include_tax(), 'Inclusive prices only count when taxes are on.' );
		update_option( 'woocommerce_calc_taxes', 'yes' );
		$this->assertTrue( wc_tax_enabled() );
		$this->assertTrue( wc_prices_include_tax() );

		$currencies = get_woocommerce_currencies();
		foreach ( array( 'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'INR' ) as $code ) {
			$this->assertArrayHasKey( $code, $currencies );
		}
		$this->assertSame( 'pending', current( wc_get_is_pending_statuses() ) );
		$this->assertSame( array( 'processing', 'completed' ), wc_get_is_paid_statuses() );
	}

	/**
	 * Rounding: tax half-down with inclusive prices, half-up otherwise; decimal formatting.
	 */
	public function test_rounding_and_decimal_formatting(): void {
		// The mode is fixed when WooCommerce loads: half-down if prices included tax then, else half-up.
		$mode = wc_get_tax_rounding_mode();
		$this->assertContains( $mode, array( PHP_ROUND_HALF_UP, PHP_ROUND_HALF_DOWN ) );
		if ( 'auto' !== WC_TAX_ROUNDING_MODE ) {
			$this->assertSame( (int) WC_TAX_ROUNDING_MODE, $mode );
		}
		$this->assertEquals( PHP_ROUND_HALF_DOWN === $mode ? 1.66 : 1.67, wc_round_tax_total( 1.665 ) );
		$this->assertEquals( PHP_ROUND_HALF_DOWN === $mode ? 8.32 : 8.33, wc_round_tax_total( 8.325 ) );
		$this->assertEquals( 8.33, wc_round_tax_total( 8.3251 ) );
		$this->assertEquals( 1.665, wc_round_tax_total( 1.665, 3 ) );

		$this->assertSame( 6, wc_get_rounding_precision() );
		$this->assertSame( '1.23', wc_format_decimal( '1.2345', 2 ) );
		$this->assertSame( '10.00', wc_format_decimal( '10', '' ) );
		$this->assertSame( '1.5', wc_format_decimal( 1.5 ) );
		$this->assertSame( '0.3', wc_format_decimal( 0.1 + 0.2 ) );
		$this->assertSame( '12.5', wc_format_decimal( '12.500', false, true ) );
		$this->assertSame( '-3.10', wc_format_decimal( -3.1, 2 ) );
	}

	/**
	 * Dates are WC_DateTime.
	 */
	public function test_dates_are_wc_datetime(): void {
		$order = $this->order();
		$order->set_date_paid( 1700000000 );
		$order->save();
		$paid = $this->reload( $order->get_id() )->get_date_paid();
		$this->assertInstanceOf( \WC_DateTime::class, $paid );
		$this->assertInstanceOf( \DateTime::class, $paid );
		$this->assertSame( 1700000000, $paid->getTimestamp() );
		$this->assertSame( 1700000000 + $paid->getOffset(), $paid->getOffsetTimestamp() );
		$this->assertSame( gmdate( 'Y-m-d', 1700000000 + $paid->getOffset() ), $paid->date( 'Y-m-d' ) );
	}

	/**
	 * Tax classes.
	 */
	public function test_tax_classes(): void {
		$this->assertContains( $this->tax_class, \WC_Tax::get_tax_class_slugs() );
		$names = \WC_Tax::get_tax_classes();
		$this->assertNotEmpty( $names );
		$this->assertInstanceOf( \WP_Error::class, \WC_Tax::create_tax_class( 'Duplicate', $this->tax_class ) );
	}

	/**
	 * Products are posts of type product with WooCommerce's meta keys; lookup by SKU.
	 */
	public function test_products_and_sku_lookup(): void {
		$sku     = 'WOOSYNC-' . strtoupper( wp_generate_password( 8, false, false ) );
		$product = new \WC_Product_Simple();
		$product->set_name( 'Blue mug' );
		$product->set_sku( $sku );
		$product->set_regular_price( '12.50' );
		$product->set_tax_class( $this->tax_class );
		$product->set_tax_status( 'taxable' );
		$product->save();
		$this->track( $product );

		$this->assertSame( 'product', get_post_type( $product->get_id() ) );
		$this->assertSame( $sku, get_post_meta( $product->get_id(), '_sku', true ) );
		$this->assertSame( '12.50', get_post_meta( $product->get_id(), '_regular_price', true ) );
		$this->assertSame( '12.50', get_post_meta( $product->get_id(), '_price', true ) );
		$this->assertSame( $this->tax_class, get_post_meta( $product->get_id(), '_tax_class', true ) );
		$this->assertSame( 'taxable', get_post_meta( $product->get_id(), '_tax_status', true ) );
		$this->assertSame( $product->get_id(), wc_get_product_id_by_sku( $sku ) );
		$loaded = wc_get_product( $product->get_id() );
		$this->assertSame( 'Blue mug', $loaded->get_name() );
		$this->assertSame( '12.50', $loaded->get_price() );
		$this->assertSame( 'simple', $loaded->get_type() );
		$this->assertSame( 0, wc_get_product_id_by_sku( $sku . '-missing' ) );
	}

	/**
	 * Coupons are shop_coupon posts found by code.
	 */
	public function test_coupons(): void {
		$code   = $this->coupon( 'fixed_product', '3' );
		$id     = wc_get_coupon_id_by_code( $code );
		$coupon = new \WC_Coupon( $code );
		$this->assertSame( 'shop_coupon', get_post_type( $id ) );
		$this->assertSame( $id, $coupon->get_id() );
		$this->assertSame( 'fixed_product', $coupon->get_discount_type() );
		$this->assertEquals( 3, $coupon->get_amount() );
		$this->assertSame( $id, ( new \WC_Coupon( strtoupper( $code ) ) )->get_id(), 'Codes are case-insensitive.' );
	}

	/**
	 * A flat-rate zone: instance settings live in woocommerce_flat_rate_{instance}_settings.
	 */
	public function test_flat_rate_shipping_zone(): void {
		$zone = new \WC_Shipping_Zone();
		$zone->set_zone_name( 'WooSync test zone' );
		$zone->add_location( 'US', 'country' );
		$zone->save();
		$instance = $zone->add_shipping_method( 'flat_rate' );
		$this->assertGreaterThan( 0, $instance );
		update_option(
			'woocommerce_flat_rate_' . $instance . '_settings',
			array(
				'title'      => 'Flat',
				'tax_status' => 'taxable',
				'cost'       => '7',
			)
		);
		$loaded  = new \WC_Shipping_Zone( $zone->get_id() );
		$methods = $loaded->get_shipping_methods();
		$this->assertArrayHasKey( $instance, $methods );
		$this->assertSame( 'flat_rate', $methods[ $instance ]->id );
		$this->assertSame( '7', $methods[ $instance ]->get_option( 'cost' ) );
		$this->assertSame( 'US', $loaded->get_zone_locations()[0]->code );
		delete_option( 'woocommerce_flat_rate_' . $instance . '_settings' );
		$loaded->delete();
	}
}
