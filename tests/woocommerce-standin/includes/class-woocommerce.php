<?php
/**
 * Class WooCommerce and WC().
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Main instance: wires hooks like WooCommerce does.
 *  - plugins_loaded (priority -1): woocommerce_loaded
 *  - init (priority 0): before_woocommerce_init, post types, woocommerce_init
 */
final class WooCommerce {

	/**
	 * Version.
	 *
	 * @var string
	 */
	public $version = WC_VERSION;

	/**
	 * Instance.
	 *
	 * @var WooCommerce|null
	 */
	protected static $instance = null;

	/**
	 * Session (none in the stand-in).
	 *
	 * @var null
	 */
	public $session = null;

	/**
	 * Cart (none in the stand-in).
	 *
	 * @var null
	 */
	public $cart = null;

	/**
	 * Customer (none in the stand-in).
	 *
	 * @var null
	 */
	public $customer = null;

	/**
	 * Instance.
	 *
	 * @return WooCommerce
	 */
	public static function instance() {
		if ( is_null( self::$instance ) ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Constructor.
	 */
	private function __construct() {
		WC_Standin_Order_Store::register_tables();
		add_action( 'plugins_loaded', array( $this, 'on_plugins_loaded' ), -1 );
		add_action( 'init', array( $this, 'init' ), 0 );
		add_action( 'rest_api_init', array( 'WC_Standin_REST', 'register_routes' ) );
		add_action( 'switch_blog', array( 'WC_Standin_Order_Store', 'register_tables' ) );
		WC_Standin_Admin::hooks();
	}

	/**
	 * woocommerce_loaded.
	 *
	 * @return void
	 */
	public function on_plugins_loaded() {
		WC_Install::check_version();
		do_action( 'woocommerce_loaded' );
	}

	/**
	 * before_woocommerce_init, post types, woocommerce_init.
	 *
	 * @return void
	 */
	public function init() {
		do_action( 'before_woocommerce_init' );
		self::standin_register_post_types();
		do_action( 'woocommerce_init' );
	}

	/**
	 * Post types used for products, coupons and order id placeholders.
	 *
	 * @return void
	 */
	public static function standin_register_post_types() {
		register_post_type(
			'product',
			array(
				'label'           => __( 'Products', 'woocommerce' ),
				'public'          => true,
				'show_ui'         => true,
				'capability_type' => 'product',
				'map_meta_cap'    => true,
				'supports'        => array( 'title', 'editor', 'thumbnail', 'custom-fields' ),
				'show_in_menu'    => false,
			)
		);
		register_post_type(
			'shop_coupon',
			array(
				'label'           => __( 'Coupons', 'woocommerce' ),
				'public'          => false,
				'show_ui'         => false,
				'capability_type' => 'shop_coupon',
				'map_meta_cap'    => true,
			)
		);
		register_post_type(
			'shop_order_placehold',
			array(
				'label'               => 'Order placeholder',
				'public'              => false,
				'show_ui'             => false,
				'rewrite'             => false,
				'query_var'           => false,
				'can_export'          => false,
				'exclude_from_search' => true,
			)
		);
	}

	/**
	 * Plugin URL.
	 *
	 * @return string
	 */
	public function plugin_url() {
		return untrailingslashit( plugins_url( '/', WC_PLUGIN_FILE ) );
	}

	/**
	 * Plugin path.
	 *
	 * @return string
	 */
	public function plugin_path() {
		return untrailingslashit( plugin_dir_path( WC_PLUGIN_FILE ) );
	}

	/**
	 * Queue (Action Scheduler wrapper).
	 *
	 * @return WC_Action_Queue
	 */
	public function queue() {
		return new WC_Action_Queue();
	}
}

/**
 * Main instance.
 *
 * @return WooCommerce
 */
function WC() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.FunctionNameInvalid
	return WooCommerce::instance();
}
