<?php
/**
 * WC_Install: tables, roles, default options.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Installer (run on activation and whenever the stand-in's schema version changes).
 */
class WC_Install {

	/**
	 * Schema version of the stand-in.
	 */
	const DB_VERSION = '9.9.0-standin.1';

	/**
	 * Install if needed.
	 *
	 * @return void
	 */
	public static function check_version() {
		if ( get_option( 'woocommerce_db_version' ) !== self::DB_VERSION ) {
			self::install();
		}
	}

	/**
	 * Install.
	 *
	 * @return void
	 */
	public static function install() {
		self::create_tables();
		self::create_roles();
		self::create_options();
		self::create_tax_classes();
		update_option( 'woocommerce_version', WC_VERSION );
		update_option( 'woocommerce_db_version', self::DB_VERSION );
		do_action( 'woocommerce_installed' );
	}

	/**
	 * Default options (existing values kept).
	 *
	 * @return void
	 */
	private static function create_options() {
		$defaults = array(
			'woocommerce_currency'                    => 'USD',
			'woocommerce_prices_include_tax'          => 'no',
			'woocommerce_tax_round_at_subtotal'       => 'no',
			'woocommerce_calc_taxes'                  => 'no',
			'woocommerce_price_num_decimals'          => '2',
			'woocommerce_price_decimal_sep'           => '.',
			'woocommerce_price_thousand_sep'          => ',',
			'woocommerce_default_country'             => 'US:CA',
			'woocommerce_shipping_tax_class'          => 'inherit',
			'woocommerce_tax_based_on'                => 'shipping',
			'woocommerce_tax_display_cart'            => 'excl',
			'woocommerce_tax_display_shop'            => 'excl',
			'woocommerce_calc_discounts_sequentially' => 'no',
			'woocommerce_store_address'               => '',
			'woocommerce_store_city'                  => '',
			'woocommerce_store_postcode'              => '',
			'woocommerce_custom_orders_table_enabled' => 'yes',
		);
		foreach ( $defaults as $name => $value ) {
			add_option( $name, $value );
		}
	}

	/**
	 * Tables.
	 *
	 * @return void
	 */
	public static function create_tables() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$collate = $wpdb->get_charset_collate();
		$p       = $wpdb->prefix;
		$sql     = "
CREATE TABLE {$p}woocommerce_tax_rates (
  tax_rate_id bigint(20) unsigned NOT NULL auto_increment,
  tax_rate_country varchar(2) NOT NULL DEFAULT '',
  tax_rate_state varchar(200) NOT NULL DEFAULT '',
  tax_rate varchar(8) NOT NULL DEFAULT '',
  tax_rate_name varchar(200) NOT NULL DEFAULT '',
  tax_rate_priority bigint(20) unsigned NOT NULL,
  tax_rate_compound int(1) NOT NULL DEFAULT 0,
  tax_rate_shipping int(1) NOT NULL DEFAULT 1,
  tax_rate_order bigint(20) unsigned NOT NULL,
  tax_rate_class varchar(200) NOT NULL DEFAULT '',
  PRIMARY KEY  (tax_rate_id),
  KEY tax_rate_country (tax_rate_country),
  KEY tax_rate_class (tax_rate_class(10)),
  KEY tax_rate_priority (tax_rate_priority)
) $collate;
CREATE TABLE {$p}woocommerce_tax_rate_locations (
  location_id bigint(20) unsigned NOT NULL auto_increment,
  location_code varchar(200) NOT NULL,
  tax_rate_id bigint(20) unsigned NOT NULL,
  location_type varchar(40) NOT NULL,
  PRIMARY KEY  (location_id),
  KEY tax_rate_id (tax_rate_id),
  KEY location_type_code (location_type(10),location_code(20))
) $collate;
CREATE TABLE {$p}wc_tax_rate_classes (
  tax_rate_class_id bigint(20) unsigned NOT NULL auto_increment,
  name varchar(200) NOT NULL DEFAULT '',
  slug varchar(200) NOT NULL DEFAULT '',
  PRIMARY KEY  (tax_rate_class_id),
  UNIQUE KEY slug (slug(191))
) $collate;
CREATE TABLE {$p}woocommerce_order_items (
  order_item_id bigint(20) unsigned NOT NULL auto_increment,
  order_item_name text NOT NULL,
  order_item_type varchar(200) NOT NULL DEFAULT '',
  order_id bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (order_item_id),
  KEY order_id (order_id)
) $collate;
CREATE TABLE {$p}woocommerce_order_itemmeta (
  meta_id bigint(20) unsigned NOT NULL auto_increment,
  order_item_id bigint(20) unsigned NOT NULL,
  meta_key varchar(255) default NULL,
  meta_value longtext NULL,
  PRIMARY KEY  (meta_id),
  KEY order_item_id (order_item_id),
  KEY meta_key (meta_key(32))
) $collate;
CREATE TABLE {$p}wc_standin_orders (
  id bigint(20) unsigned NOT NULL,
  type varchar(20) NOT NULL DEFAULT 'shop_order',
  status varchar(20) NOT NULL DEFAULT 'wc-pending',
  parent_id bigint(20) unsigned NOT NULL DEFAULT 0,
  customer_id bigint(20) unsigned NOT NULL DEFAULT 0,
  currency varchar(10) NOT NULL DEFAULT '',
  total decimal(26,8) NOT NULL DEFAULT 0,
  billing_email varchar(320) NOT NULL DEFAULT '',
  payment_method varchar(100) NOT NULL DEFAULT '',
  transaction_id varchar(100) NOT NULL DEFAULT '',
  date_created_gmt datetime NULL DEFAULT NULL,
  date_modified_gmt datetime NULL DEFAULT NULL,
  date_paid_gmt datetime NULL DEFAULT NULL,
  date_completed_gmt datetime NULL DEFAULT NULL,
  data longtext NULL,
  PRIMARY KEY  (id),
  KEY type_status_date (type,status,date_created_gmt),
  KEY parent_id (parent_id),
  KEY customer_id (customer_id),
  KEY billing_email (billing_email(191))
) $collate;
CREATE TABLE {$p}wc_standin_orders_meta (
  meta_id bigint(20) unsigned NOT NULL auto_increment,
  order_id bigint(20) unsigned NOT NULL,
  meta_key varchar(255) default NULL,
  meta_value longtext NULL,
  PRIMARY KEY  (meta_id),
  KEY order_id (order_id),
  KEY meta_key_value (meta_key(100),meta_value(82))
) $collate;
CREATE TABLE {$p}woocommerce_shipping_zones (
  zone_id bigint(20) unsigned NOT NULL auto_increment,
  zone_name varchar(200) NOT NULL,
  zone_order bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (zone_id)
) $collate;
CREATE TABLE {$p}woocommerce_shipping_zone_locations (
  location_id bigint(20) unsigned NOT NULL auto_increment,
  zone_id bigint(20) unsigned NOT NULL,
  location_code varchar(200) NOT NULL,
  location_type varchar(40) NOT NULL,
  PRIMARY KEY  (location_id),
  KEY zone_id (zone_id)
) $collate;
CREATE TABLE {$p}woocommerce_shipping_zone_methods (
  zone_id bigint(20) unsigned NOT NULL,
  instance_id bigint(20) unsigned NOT NULL auto_increment,
  method_id varchar(200) NOT NULL,
  method_order bigint(20) unsigned NOT NULL,
  is_enabled tinyint(1) NOT NULL DEFAULT '1',
  PRIMARY KEY  (instance_id)
) $collate;
";
		dbDelta( $sql );
		if ( class_exists( 'ActionScheduler_Store' ) ) {
			ActionScheduler_Store::standin_create_tables();
		}
	}

	/**
	 * Standard extra tax classes.
	 *
	 * @return void
	 */
	private static function create_tax_classes() {
		if ( ! get_option( 'woocommerce_standin_tax_classes_created' ) ) {
			WC_Tax::create_tax_class( __( 'Reduced rate', 'woocommerce' ) );
			WC_Tax::create_tax_class( __( 'Zero rate', 'woocommerce' ) );
			update_option( 'woocommerce_standin_tax_classes_created', 'yes' );
		}
	}

	/**
	 * Capabilities WooCommerce gives to administrators and shop managers.
	 *
	 * @return array group => caps
	 */
	public static function get_core_capabilities() {
		$caps = array(
			'core' => array( 'manage_woocommerce', 'view_woocommerce_reports' ),
		);
		foreach ( array( 'product', 'shop_order', 'shop_coupon' ) as $type ) {
			$caps[ $type ] = array(
				"edit_{$type}",
				"read_{$type}",
				"delete_{$type}",
				"edit_{$type}s",
				"edit_others_{$type}s",
				"publish_{$type}s",
				"read_private_{$type}s",
				"delete_{$type}s",
				"delete_private_{$type}s",
				"delete_published_{$type}s",
				"delete_others_{$type}s",
				"edit_private_{$type}s",
				"edit_published_{$type}s",
				"manage_{$type}_terms",
				"edit_{$type}_terms",
				"delete_{$type}_terms",
				"assign_{$type}_terms",
			);
		}//end foreach
		return $caps;
	}

	/**
	 * Roles customer and shop_manager, and caps for administrator and shop_manager.
	 *
	 * @return void
	 */
	public static function create_roles() {
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		add_role(
			'shop_manager',
			'Shop manager',
			array(
				'level_9'              => true,
				'read'                 => true,
				'read_private_pages'   => true,
				'read_private_posts'   => true,
				'edit_posts'           => true,
				'edit_pages'           => true,
				'edit_published_posts' => true,
				'edit_published_pages' => true,
				'edit_private_pages'   => true,
				'edit_private_posts'   => true,
				'edit_others_posts'    => true,
				'edit_others_pages'    => true,
				'publish_posts'        => true,
				'publish_pages'        => true,
				'delete_posts'         => true,
				'delete_pages'         => true,
				'manage_categories'    => true,
				'moderate_comments'    => true,
				'upload_files'         => true,
				'list_users'           => true,
				'edit_users'           => true,
				'edit_theme_options'   => true,
			)
		);
		foreach ( array( 'administrator', 'shop_manager' ) as $role_name ) {
			$role = get_role( $role_name );
			if ( ! $role ) {
				continue;
			}
			foreach ( self::get_core_capabilities() as $caps ) {
				foreach ( $caps as $cap ) {
					$role->add_cap( $cap );
				}
			}
		}
	}
}
