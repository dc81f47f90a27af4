<?php
/**
 * Base class for the WooCommerce contract tests.
 *
 * These tests use only WooCommerce's public PHP API and REST routes, so they run unchanged
 * against the stand-in (tests/woocommerce-standin) and against a real wordpress.org
 * WooCommerce. Each test makes its own data in a tax class of its own (so tax rates that
 * already exist on the site do not match), sets the store options it needs, and puts
 * everything back afterwards.
 *
 * @package WooSync
 */

namespace WooSync\Tests\WooCommerce;

use PHPUnit\Framework\TestCase;

/**
 * Shared fixtures and helpers.
 */
abstract class WooCommerceTestCase extends TestCase {

	/**
	 * Options this suite may change; restored after each test.
	 */
	private const OPTIONS = array(
		'woocommerce_currency',
		'woocommerce_prices_include_tax',
		'woocommerce_tax_round_at_subtotal',
		'woocommerce_calc_taxes',
		'woocommerce_price_num_decimals',
		'woocommerce_default_country',
		'woocommerce_shipping_tax_class',
		'woocommerce_tax_based_on',
		'woocommerce_calc_discounts_sequentially',
	);

	/**
	 * Saved option values.
	 *
	 * @var array<string, mixed>
	 */
	private $saved_options = array();

	/**
	 * Tax class slug private to this test.
	 *
	 * @var string
	 */
	protected $tax_class = '';

	/**
	 * Objects to delete after the test.
	 *
	 * @var array<int, object>
	 */
	private $created = array();

	/**
	 * Hooks to remove after the test: [hook, callback, priority].
	 *
	 * @var array<int, array>
	 */
	private $hooks = array();

	/**
	 * User before the test.
	 *
	 * @var int
	 */
	private $previous_user = 0;

	/**
	 * Admin user, isolated tax class, known store settings.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->assertTrue( class_exists( 'WooCommerce' ) && did_action( 'woocommerce_loaded' ) > 0, 'WooCommerce is not active on the test site.' );
		foreach ( self::OPTIONS as $option ) {
			$this->saved_options[ $option ] = get_option( $option, null );
		}
		$this->previous_user = get_current_user_id();
		wp_set_current_user( $this->user_with_role( 'administrator', 'The test site has no administrator.' ) );

		$class = \WC_Tax::create_tax_class( 'WooSync test ' . wp_generate_password( 8, false, false ) );
		$this->assertIsArray( $class, 'Could not create a tax class for the test.' );
		$this->tax_class = $class['slug'];

		$this->set_store(
			array(
				'woocommerce_currency'                    => 'USD',
				'woocommerce_price_num_decimals'          => '2',
				'woocommerce_calc_taxes'                  => 'yes',
				'woocommerce_prices_include_tax'          => 'no',
				'woocommerce_tax_round_at_subtotal'       => 'no',
				'woocommerce_tax_based_on'                => 'billing',
				'woocommerce_shipping_tax_class'          => $this->tax_class,
				'woocommerce_calc_discounts_sequentially' => 'no',
			)
		);
	}

	/**
	 * Put everything back.
	 */
	protected function tearDown(): void {
		foreach ( $this->hooks as $hook ) {
			remove_filter( $hook[0], $hook[1], $hook[2] );
		}
		foreach ( array_reverse( $this->created ) as $object ) {
			if ( is_object( $object ) && $object->get_id() ) {
				$object->delete( true );
			}
		}
		if ( $this->tax_class ) {
			\WC_Tax::delete_tax_class_by( 'slug', $this->tax_class );
		}
		foreach ( $this->saved_options as $option => $value ) {
			if ( null === $value ) {
				delete_option( $option );
			} else {
				update_option( $option, $value );
			}
		}
		wp_set_current_user( $this->previous_user );
		parent::tearDown();
	}

	/**
	 * Id of a user of the test site with this role.
	 *
	 * @param string $role    Role.
	 * @param string $message Failure message when the site has none.
	 * @return int
	 */
	protected function user_with_role( string $role, string $message ): int {
		$ids = get_users(
			array(
				'role'   => $role,
				'number' => 1,
				'fields' => 'ID',
			)
		);
		$this->assertNotEmpty( $ids, $message );
		return (int) $ids[0];
	}

	/**
	 * Set store options.
	 *
	 * @param array<string, string> $options Options.
	 */
	protected function set_store( array $options ): void {
		foreach ( $options as $name => $value ) {
			update_option( $name, $value );
		}
	}

	/**
	 * Listen to a hook for the rest of the test.
	 *
	 * @param string   $hook     Hook.
	 * @param callable $callback Callback.
	 * @param int      $priority Priority.
	 * @param int      $args     Accepted args.
	 */
	protected function listen( string $hook, callable $callback, int $priority = 10, int $args = 1 ): void {
		add_filter( $hook, $callback, $priority, $args );
		$this->hooks[] = array( $hook, $callback, $priority );
	}

	/**
	 * Delete this object after the test.
	 *
	 * @param object $object WC_Data object.
	 * @return object
	 */
	protected function track( $object ) {
		$this->created[] = $object;
		return $object;
	}

	/**
	 * Tax rate in the test's tax class.
	 *
	 * @param string $rate     Percent, e.g. '20.0000'.
	 * @param array  $overrides Other fields.
	 * @return int Rate id.
	 */
	protected function tax_rate( string $rate, array $overrides = array() ): int {
		return \WC_Tax::_insert_tax_rate(
			array_merge(
				array(
					'tax_rate_country'  => '',
					'tax_rate_state'    => '',
					'tax_rate'          => $rate,
					'tax_rate_name'     => 'VAT',
					'tax_rate_priority' => '1',
					'tax_rate_compound' => '0',
					'tax_rate_shipping' => '1',
					'tax_rate_order'    => '1',
				),
				$overrides,
				array( 'tax_rate_class' => $this->tax_class )
			)
		);
	}

	/**
	 * Saved simple product in the test's tax class.
	 *
	 * @param string $price      Regular price.
	 * @param string $tax_status taxable|none.
	 * @return \WC_Product
	 */
	protected function product( string $price, string $tax_status = 'taxable' ): \WC_Product {
		$product = new \WC_Product_Simple();
		$product->set_name( 'WooSync test product ' . $price );
		$product->set_regular_price( $price );
		$product->set_tax_class( $this->tax_class );
		$product->set_tax_status( $tax_status );
		$product->save();
		$this->track( $product );
		return wc_get_product( $product->get_id() );
	}

	/**
	 * Saved coupon with a unique code.
	 *
	 * @param string $type   percent|fixed_cart|fixed_product.
	 * @param string $amount Amount.
	 * @return string Code.
	 */
	protected function coupon( string $type, string $amount ): string {
		$coupon = new \WC_Coupon();
		$code   = strtolower( 'woosync-' . $type . '-' . wp_generate_password( 6, false, false ) );
		$coupon->set_code( $code );
		$coupon->set_discount_type( $type );
		$coupon->set_amount( $amount );
		$coupon->save();
		$this->track( $coupon );
		return $code;
	}

	/**
	 * Add a flat rate shipping line to an order (not saved).
	 *
	 * @param \WC_Order $order Order.
	 * @param string    $total Cost.
	 * @param string    $title Method title.
	 */
	protected function add_flat_rate_shipping( \WC_Order $order, string $total, string $title = 'Flat rate' ): void {
		$shipping = new \WC_Order_Item_Shipping();
		$shipping->set_method_title( $title );
		$shipping->set_method_id( 'flat_rate' );
		$shipping->set_total( $total );
		$order->add_item( $shipping );
	}

	/**
	 * Add a fee line to an order (not saved).
	 *
	 * @param \WC_Order   $order      Order.
	 * @param string      $name       Name.
	 * @param string      $total      Total.
	 * @param string      $tax_status taxable|none.
	 * @param string|null $tax_class  Tax class; null leaves the fee's default.
	 */
	protected function add_fee( \WC_Order $order, string $name, string $total, string $tax_status, ?string $tax_class = null ): void {
		$fee = new \WC_Order_Item_Fee();
		$fee->set_name( $name );
		$fee->set_total( $total );
		$fee->set_tax_status( $tax_status );
		if ( null !== $tax_class ) {
			$fee->set_tax_class( $tax_class );
		}
		$order->add_item( $fee );
	}

	/**
	 * New saved order (tracked).
	 *
	 * @param array $args wc_create_order args.
	 * @return \WC_Order
	 */
	protected function order( array $args = array() ): \WC_Order {
		$order = wc_create_order( $args );
		$this->assertInstanceOf( \WC_Order::class, $order );
		$this->track( $order );
		return $order;
	}

	/**
	 * Fresh copy of an order from storage.
	 *
	 * @param int $id Id.
	 * @return \WC_Order
	 */
	protected function reload( int $id ): \WC_Order {
		$order = wc_get_order( $id );
		$this->assertInstanceOf( \WC_Order::class, $order );
		return $order;
	}

	/**
	 * Money as a string with 2 decimals, for comparisons.
	 *
	 * @param mixed $value Value.
	 */
	protected static function money( $value ): string {
		return number_format( (float) $value, 2, '.', '' );
	}

	/**
	 * Internal REST request as the current user.
	 *
	 * @param string $method Method.
	 * @param string $route  Route under /wc/v3.
	 * @param array  $body   Body params.
	 * @return array{0:int,1:mixed} Status and the JSON body decoded (as a client sees it).
	 */
	protected function rest( string $method, string $route, array $body = array() ): array {
		$request = new \WP_REST_Request( $method, '/wc/v3' . $route );
		if ( $body ) {
			if ( 'GET' === $method ) {
				$request->set_query_params( $body );
			} else {
				$request->set_header( 'content-type', 'application/json' );
				$request->set_body( (string) wp_json_encode( $body ) );
			}
		}
		$response = rest_do_request( $request );
		$data     = rest_get_server()->response_to_data( $response, false );
		return array( $response->get_status(), json_decode( (string) wp_json_encode( $data ), true ) );
	}
}
