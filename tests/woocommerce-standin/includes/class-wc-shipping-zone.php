<?php
/**
 * Minimal shipping zones and flat-rate method configuration (no rate calculation).
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * A configured shipping method instance (settings in woocommerce_{method}_{instance}_settings).
 */
class WC_Shipping_Method {

	/**
	 * Method id, e.g. flat_rate.
	 *
	 * @var string
	 */
	public $id = '';

	/**
	 * Instance id.
	 *
	 * @var int
	 */
	public $instance_id = 0;

	/**
	 * Enabled yes|no.
	 *
	 * @var string
	 */
	public $enabled = 'yes';

	/**
	 * Title.
	 *
	 * @var string
	 */
	public $title = '';

	/**
	 * Tax status taxable|none.
	 *
	 * @var string
	 */
	public $tax_status = 'taxable';

	/**
	 * Method title.
	 *
	 * @var string
	 */
	public $method_title = '';

	/**
	 * Instance settings.
	 *
	 * @var array
	 */
	public $instance_settings = array();

	/**
	 * Constructor.
	 *
	 * @param string $id          Method id.
	 * @param int    $instance_id Instance id.
	 */
	public function __construct( $id = 'flat_rate', $instance_id = 0 ) {
		$this->id                = $id;
		$this->instance_id       = absint( $instance_id );
		$this->method_title      = 'flat_rate' === $id ? __( 'Flat rate', 'woocommerce' ) : $id;
		$this->instance_settings = (array) get_option( $this->get_instance_option_key(), array() );
		$this->instance_settings = wp_parse_args(
			$this->instance_settings,
			array(
				'title'      => $this->method_title,
				'tax_status' => 'taxable',
				'cost'       => '',
			)
		);
		$this->title             = $this->instance_settings['title'];
		$this->tax_status        = $this->instance_settings['tax_status'];
	}

	/**
	 * Option key.
	 *
	 * @return string
	 */
	public function get_instance_option_key() {
		return $this->instance_id ? 'woocommerce_' . $this->id . '_' . $this->instance_id . '_settings' : '';
	}

	/**
	 * Instance option.
	 *
	 * @param string $key         Key.
	 * @param mixed  $empty_value Default.
	 * @return mixed
	 */
	public function get_instance_option( $key, $empty_value = null ) {
		return isset( $this->instance_settings[ $key ] ) ? $this->instance_settings[ $key ] : $empty_value;
	}

	/**
	 * Alias of get_instance_option for instances.
	 *
	 * @param string $key         Key.
	 * @param mixed  $empty_value Default.
	 * @return mixed
	 */
	public function get_option( $key, $empty_value = null ) {
		return $this->get_instance_option( $key, $empty_value );
	}

	/**
	 * Method id.
	 *
	 * @return string
	 */
	public function get_rate_id() {
		return $this->id . ':' . $this->instance_id;
	}

	/**
	 * Title.
	 *
	 * @return string
	 */
	public function get_title() {
		return $this->title;
	}

	/**
	 * Instance id.
	 *
	 * @return int
	 */
	public function get_instance_id() {
		return $this->instance_id;
	}

	/**
	 * Enabled?
	 *
	 * @return bool
	 */
	public function is_enabled() {
		return 'yes' === $this->enabled;
	}
}

/**
 * Flat rate method.
 */
class WC_Shipping_Flat_Rate extends WC_Shipping_Method {

	/**
	 * Constructor.
	 *
	 * @param int $instance_id Instance.
	 */
	public function __construct( $instance_id = 0 ) {
		parent::__construct( 'flat_rate', $instance_id );
	}
}

/**
 * Shipping zone stored in woocommerce_shipping_zones / _locations / _methods.
 */
class WC_Shipping_Zone {

	/**
	 * Zone id.
	 *
	 * @var int
	 */
	protected $id = 0;

	/**
	 * Data.
	 *
	 * @var array
	 */
	protected $data = array(
		'zone_name'      => '',
		'zone_order'     => 0,
		'zone_locations' => array(),
	);

	/**
	 * Constructor.
	 *
	 * @param int $zone Zone id.
	 */
	public function __construct( $zone = null ) {
		global $wpdb;
		if ( is_numeric( $zone ) && $zone > 0 ) {
			$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_shipping_zones WHERE zone_id = %d", $zone ) );
			if ( $row ) {
				$this->id                 = (int) $row->zone_id;
				$this->data['zone_name']  = $row->zone_name;
				$this->data['zone_order'] = (int) $row->zone_order;
				$locations                = $wpdb->get_results( $wpdb->prepare( "SELECT location_code AS code, location_type AS type FROM {$wpdb->prefix}woocommerce_shipping_zone_locations WHERE zone_id = %d", $this->id ) );
				foreach ( $locations as $location ) {
					$this->data['zone_locations'][] = $location;
				}
			}
		}
	}

	/**
	 * Id.
	 *
	 * @return int
	 */
	public function get_id() {
		return $this->id;
	}

	/**
	 * Name.
	 *
	 * @return string
	 */
	public function get_zone_name() {
		return $this->data['zone_name'];
	}

	/**
	 * Order.
	 *
	 * @return int
	 */
	public function get_zone_order() {
		return $this->data['zone_order'];
	}

	/**
	 * Locations (objects with code, type).
	 *
	 * @return array
	 */
	public function get_zone_locations() {
		return $this->data['zone_locations'];
	}

	/**
	 * Set name.
	 *
	 * @param string $name Name.
	 * @return void
	 */
	public function set_zone_name( $name ) {
		$this->data['zone_name'] = wc_clean( $name );
	}

	/**
	 * Set order.
	 *
	 * @param int $order Order.
	 * @return void
	 */
	public function set_zone_order( $order ) {
		$this->data['zone_order'] = absint( $order );
	}

	/**
	 * Add a location.
	 *
	 * @param string $code Code (e.g. "US", "US:CA", "90210").
	 * @param string $type country|state|postcode|continent.
	 * @return void
	 */
	public function add_location( $code, $type ) {
		$this->data['zone_locations'][] = (object) array(
			'code' => wc_clean( $code ),
			'type' => wc_clean( $type ),
		);
	}

	/**
	 * Replace locations.
	 *
	 * @param array $locations Array of [code, type].
	 * @return void
	 */
	public function set_locations( $locations = array() ) {
		$this->data['zone_locations'] = array();
		foreach ( $locations as $location ) {
			$this->add_location( $location['code'], $location['type'] );
		}
	}

	/**
	 * Save zone and locations.
	 *
	 * @return int
	 */
	public function save() {
		global $wpdb;
		$row = array(
			'zone_name'  => $this->get_zone_name(),
			'zone_order' => $this->get_zone_order(),
		);
		if ( $this->id ) {
			$wpdb->update( $wpdb->prefix . 'woocommerce_shipping_zones', $row, array( 'zone_id' => $this->id ) );
		} else {
			$wpdb->insert( $wpdb->prefix . 'woocommerce_shipping_zones', $row );
			$this->id = (int) $wpdb->insert_id;
		}
		$wpdb->delete( $wpdb->prefix . 'woocommerce_shipping_zone_locations', array( 'zone_id' => $this->id ) );
		foreach ( $this->get_zone_locations() as $location ) {
			$wpdb->insert(
				$wpdb->prefix . 'woocommerce_shipping_zone_locations',
				array(
					'zone_id'       => $this->id,
					'location_code' => $location->code,
					'location_type' => $location->type,
				)
			);
		}
		return $this->id;
	}

	/**
	 * Add a method; returns the instance id.
	 *
	 * @param string $type Method id, e.g. flat_rate.
	 * @return int
	 */
	public function add_shipping_method( $type ) {
		global $wpdb;
		if ( ! $this->id ) {
			$this->save();
		}
		$count = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->prefix}woocommerce_shipping_zone_methods WHERE zone_id = %d", $this->id ) );
		$wpdb->insert(
			$wpdb->prefix . 'woocommerce_shipping_zone_methods',
			array(
				'zone_id'      => $this->id,
				'method_id'    => sanitize_key( $type ),
				'method_order' => $count + 1,
				'is_enabled'   => 1,
			)
		);
		$instance_id = (int) $wpdb->insert_id;
		do_action( 'woocommerce_shipping_zone_method_added', $instance_id, $type, $this->id );
		return $instance_id;
	}

	/**
	 * Configured methods.
	 *
	 * @param bool $enabled_only Only enabled.
	 * @return WC_Shipping_Method[] keyed by instance id
	 */
	public function get_shipping_methods( $enabled_only = false ) {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_shipping_zone_methods WHERE zone_id = %d ORDER BY method_order", $this->id ) );
		$out  = array();
		foreach ( $rows as $row ) {
			if ( $enabled_only && ! $row->is_enabled ) {
				continue;
			}
			$method          = 'flat_rate' === $row->method_id ? new WC_Shipping_Flat_Rate( $row->instance_id ) : new WC_Shipping_Method( $row->method_id, $row->instance_id );
			$method->enabled = $row->is_enabled ? 'yes' : 'no';

			$out[ (int) $row->instance_id ] = $method;
		}
		return $out;
	}

	/**
	 * Delete zone.
	 *
	 * @param bool $force_delete Unused.
	 * @return bool
	 */
	public function delete( $force_delete = false ) {
		global $wpdb;
		if ( ! $this->id ) {
			return false;
		}
		foreach ( array( 'woocommerce_shipping_zone_methods', 'woocommerce_shipping_zone_locations', 'woocommerce_shipping_zones' ) as $table ) {
			$wpdb->delete( $wpdb->prefix . $table, array( 'zone_id' => $this->id ) );
		}
		$this->id = 0;
		return true;
	}
}

/**
 * Zones helper.
 */
class WC_Shipping_Zones {

	/**
	 * All zones as arrays.
	 *
	 * @return array
	 */
	public static function get_zones() {
		global $wpdb;
		$out = array();
		foreach ( $wpdb->get_col( "SELECT zone_id FROM {$wpdb->prefix}woocommerce_shipping_zones ORDER BY zone_order, zone_id" ) as $zone_id ) {
			$zone                   = new WC_Shipping_Zone( $zone_id );
			$out[ $zone->get_id() ] = array(
				'id'               => $zone->get_id(),
				'zone_id'          => $zone->get_id(),
				'zone_name'        => $zone->get_zone_name(),
				'zone_order'       => $zone->get_zone_order(),
				'zone_locations'   => $zone->get_zone_locations(),
				'shipping_methods' => $zone->get_shipping_methods(),
			);
		}
		return $out;
	}

	/**
	 * A configured method instance by instance id.
	 *
	 * @param int $instance_id Instance id.
	 * @return WC_Shipping_Method|false
	 */
	public static function get_shipping_method( $instance_id ) {
		global $wpdb;
		if ( ! $instance_id ) {
			return false;
		}
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_shipping_zone_methods WHERE instance_id = %d", $instance_id ) );
		if ( ! $row ) {
			return false;
		}
		return 'flat_rate' === $row->method_id ? new WC_Shipping_Flat_Rate( $row->instance_id ) : new WC_Shipping_Method( $row->method_id, $row->instance_id );
	}

	/**
	 * Zone by id.
	 *
	 * @param int $zone_id Id.
	 * @return WC_Shipping_Zone|false
	 */
	public static function get_zone( $zone_id ) {
		$zone = new WC_Shipping_Zone( $zone_id );
		return $zone->get_id() ? $zone : false;
	}
}
