<?php
/**
 * Automattic\WooCommerce\Utilities\FeaturesUtil and OrderUtil (subset).
 *
 * @package WooCommerceStandin
 */

namespace Automattic\WooCommerce\Utilities;

defined( 'ABSPATH' ) || exit;

/**
 * Feature compatibility declarations.
 */
class FeaturesUtil {

	/**
	 * Declarations: feature => plugin basename => bool.
	 *
	 * @var array
	 */
	private static $compatibility = array();

	/**
	 * Declare compatibility; only allowed while before_woocommerce_init runs.
	 *
	 * @param string $feature_id            Feature, e.g. custom_order_tables.
	 * @param string $plugin_file           Main plugin file.
	 * @param bool   $positive_compatibility Compatible.
	 * @return bool
	 */
	public static function declare_compatibility( $feature_id, $plugin_file, $positive_compatibility = true ) {
		if ( ! doing_action( 'before_woocommerce_init' ) ) {
			wc_doing_it_wrong( __METHOD__, sprintf( '%s should be called inside the %s action.', __METHOD__, 'before_woocommerce_init' ), '7.0' );
			return false;
		}
		$plugin = plugin_basename( $plugin_file );
		if ( isset( self::$compatibility[ $feature_id ][ $plugin ] ) && self::$compatibility[ $feature_id ][ $plugin ] !== (bool) $positive_compatibility ) {
			throw new \Exception( esc_html( "Plugin $plugin is trying to declare itself as incompatible with the '$feature_id' feature, but it already declared itself as compatible" ) );
		}
		self::$compatibility[ $feature_id ][ $plugin ] = (bool) $positive_compatibility;
		return true;
	}

	/**
	 * Plugins by compatibility for a feature.
	 *
	 * @param string $feature_id  Feature.
	 * @param bool   $active_only Unused.
	 * @return array compatible, incompatible, uncertain
	 */
	public static function get_compatible_plugins_for_feature( $feature_id, $active_only = false ) {
		$declared = isset( self::$compatibility[ $feature_id ] ) ? self::$compatibility[ $feature_id ] : array();
		return array(
			'compatible'   => array_keys( array_filter( $declared ) ),
			'incompatible' => array_keys(
				array_filter(
					$declared,
					function ( $v ) {
						return ! $v;
					}
				)
			),
			'uncertain'    => array(),
		);
	}

	/**
	 * Is a feature enabled? HPOS ("custom_order_tables") is always on in the stand-in.
	 *
	 * @param string $feature_id Feature.
	 * @return bool
	 */
	public static function feature_is_enabled( $feature_id ) {
		return 'custom_order_tables' === $feature_id;
	}
}

/**
 * Order storage helpers.
 */
final class OrderUtil {

	/**
	 * Orders are stored in (the stand-in's) custom tables.
	 *
	 * @return bool
	 */
	public static function custom_orders_table_usage_is_enabled() {
		return true;
	}

	/**
	 * Data sync with posts is off.
	 *
	 * @return bool
	 */
	public static function is_custom_order_tables_in_sync() {
		return false;
	}

	/**
	 * Order type of an id.
	 *
	 * @param int|\WC_Abstract_Order $order_id Id or order.
	 * @return string|null
	 */
	public static function get_order_type( $order_id ) {
		if ( $order_id instanceof \WC_Abstract_Order ) {
			return $order_id->get_type();
		}
		return \WC_Standin_Order_Store::get_type( absint( $order_id ) );
	}

	/**
	 * Is the id an order of the given types?
	 *
	 * @param int   $order_id Id.
	 * @param array $types    Types.
	 * @return bool
	 */
	public static function is_order( $order_id, $types = array( 'shop_order' ) ) {
		return in_array( self::get_order_type( $order_id ), (array) $types, true );
	}

	/**
	 * Orders admin screen id.
	 *
	 * @return string
	 */
	public static function get_order_admin_screen() {
		return 'woocommerce_page_wc-orders';
	}

	/**
	 * Edit URL.
	 *
	 * @param int $order_id Id.
	 * @return string
	 */
	public static function get_order_admin_edit_url( $order_id ) {
		return admin_url( 'admin.php?page=wc-orders&action=edit&id=' . absint( $order_id ) );
	}

	/**
	 * New order URL.
	 *
	 * @return string
	 */
	public static function get_order_admin_new_url() {
		return admin_url( 'admin.php?page=wc-orders&action=new' );
	}

	/**
	 * Is this the orders admin screen?
	 *
	 * @param string $type Order type.
	 * @param string $action Action.
	 * @return bool
	 */
	public static function is_order_list_table_screen( $type = 'shop_order', $action = '' ) {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		return $screen && 'woocommerce_page_wc-orders' === $screen->id;
	}
}
