<?php
/**
 * WC_Order_Item: base order item stored in woocommerce_order_items / woocommerce_order_itemmeta.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Base item. Props are stored as item meta under WooCommerce's keys ($prop_meta_keys).
 */
class WC_Order_Item extends WC_Data implements ArrayAccess {

	/**
	 * Object type.
	 *
	 * @var string
	 */
	protected $object_type = 'order_item';

	/**
	 * Meta type.
	 *
	 * @var string
	 */
	protected $meta_type = 'order_item';

	/**
	 * Base props.
	 *
	 * @var array
	 */
	protected $data = array(
		'order_id' => 0,
		'name'     => '',
	);

	/**
	 * Prop => meta key.
	 *
	 * @var array
	 */
	protected $prop_meta_keys = array();

	/**
	 * Constructor.
	 *
	 * @param int|object|array $item Id, item or row.
	 */
	public function __construct( $item = 0 ) {
		parent::__construct( $item );
		$this->internal_meta_keys = array_values( $this->prop_meta_keys );
		if ( $item instanceof WC_Order_Item ) {
			$this->set_id( $item->get_id() );
		} elseif ( is_numeric( $item ) && $item > 0 ) {
			$this->set_id( $item );
		} else {
			$this->set_object_read( true );
		}
		if ( $this->get_id() > 0 ) {
			$this->read();
		}
	}

	/**
	 * Item type (line_item, shipping, fee, coupon, tax).
	 *
	 * @return string
	 */
	public function get_type() {
		return '';
	}

	/**
	 * Hook prefix.
	 *
	 * @return string
	 */
	protected function get_hook_prefix() {
		return 'woocommerce_order_item_get_';
	}

	/**
	 * Read row + meta.
	 *
	 * @return void
	 */
	protected function read() {
		global $wpdb;
		$this->set_defaults();
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_order_items WHERE order_item_id = %d", $this->get_id() ) );
		if ( ! $row ) {
			$this->set_id( 0 );
			$this->set_object_read( true );
			return;
		}
		$this->set_order_id( $row->order_id );
		$this->set_name( $row->order_item_name );
		$props = array();
		foreach ( $this->prop_meta_keys as $prop => $meta_key ) {
			if ( metadata_exists( 'order_item', $this->get_id(), $meta_key ) ) {
				$props[ $prop ] = get_metadata( 'order_item', $this->get_id(), $meta_key, true );
			}
		}
		$this->set_props( $this->read_props_filter( $props ) );
		$this->read_meta_data();
		$this->set_object_read( true );
	}

	/**
	 * Hook to adjust props read from meta.
	 *
	 * @param array $props Props.
	 * @return array
	 */
	protected function read_props_filter( $props ) {
		return $props;
	}

	/**
	 * The woocommerce_order_items columns of this item.
	 *
	 * @return array
	 */
	private function row() {
		return array(
			'order_item_name' => $this->get_name( 'edit' ),
			'order_item_type' => $this->get_type(),
			'order_id'        => $this->get_order_id( 'edit' ),
		);
	}

	/**
	 * Insert row.
	 *
	 * @return void
	 */
	protected function store_create() {
		global $wpdb;
		$wpdb->insert( $wpdb->prefix . 'woocommerce_order_items', $this->row() );
		$this->set_id( $wpdb->insert_id );
		$this->write_prop_meta( true );
		$this->save_meta_data();
		$this->apply_changes();
		$this->set_object_read( true );
		do_action( 'woocommerce_new_order_item', $this->get_id(), $this, $this->get_order_id() );
	}

	/**
	 * Update row.
	 *
	 * @return void
	 */
	protected function store_update() {
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'woocommerce_order_items', $this->row(), array( 'order_item_id' => $this->get_id() ) );
		$this->write_prop_meta( false );
		$this->save_meta_data();
		$this->apply_changes();
		do_action( 'woocommerce_update_order_item', $this->get_id(), $this, $this->get_order_id() );
	}

	/**
	 * Write props to meta.
	 *
	 * @param bool $all All props or only changes.
	 * @return void
	 */
	protected function write_prop_meta( $all ) {
		$changes = $this->get_changes();
		foreach ( $this->prop_meta_keys as $prop => $meta_key ) {
			if ( ! $all && ! array_key_exists( $prop, $changes ) ) {
				continue;
			}
			$value = $this->get_prop( $prop, 'edit' );
			if ( is_bool( $value ) ) {
				$value = wc_bool_to_string( $value );
			}
			update_metadata( 'order_item', $this->get_id(), $meta_key, $value );
		}
	}

	/**
	 * Delete.
	 *
	 * @param bool $force_delete Unused.
	 * @return bool
	 */
	public function delete( $force_delete = false ) {
		global $wpdb;
		if ( ! $this->get_id() ) {
			return false;
		}
		do_action( 'woocommerce_before_delete_order_item', $this->get_id() );
		$wpdb->delete( $wpdb->prefix . 'woocommerce_order_itemmeta', array( 'order_item_id' => $this->get_id() ) );
		$wpdb->delete( $wpdb->prefix . 'woocommerce_order_items', array( 'order_item_id' => $this->get_id() ) );
		wp_cache_delete( $this->get_id(), 'order_item_meta' );
		do_action( 'woocommerce_delete_order_item', $this->get_id() );
		$this->set_id( 0 );
		return true;
	}

	/**
	 * Order id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_order_id( $context = 'view' ) {
		return $this->get_prop( 'order_id', $context );
	}

	/**
	 * Name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_name( $context = 'view' ) {
		return $this->get_prop( 'name', $context );
	}

	/**
	 * Quantity (1 for non-product items).
	 *
	 * @return int
	 */
	public function get_quantity() {
		return 1;
	}

	/**
	 * Tax status.
	 *
	 * @return string
	 */
	public function get_tax_status() {
		return 'taxable';
	}

	/**
	 * Tax class.
	 *
	 * @return string
	 */
	public function get_tax_class() {
		return '';
	}

	/**
	 * Parent order.
	 *
	 * @return WC_Order|WC_Order_Refund|false
	 */
	public function get_order() {
		return wc_get_order( $this->get_order_id() );
	}

	/**
	 * Set order id.
	 *
	 * @param int $value Id.
	 * @return void
	 */
	public function set_order_id( $value ) {
		$this->set_prop( 'order_id', absint( $value ) );
	}

	/**
	 * Set name.
	 *
	 * @param string $value Name.
	 * @return void
	 */
	public function set_name( $value ) {
		$this->set_prop( 'name', wp_check_invalid_utf8( (string) $value ) );
	}

	/**
	 * Type check.
	 *
	 * @param string|array $type Type(s).
	 * @return bool
	 */
	public function is_type( $type ) {
		return is_array( $type ) ? in_array( $this->get_type(), $type, true ) : $type === $this->get_type();
	}

	/**
	 * Formatted meta including everything get_formatted_meta_data() would skip for variations.
	 *
	 * @param string $hideprefix  Prefix to hide.
	 * @param bool   $include_all Include all.
	 * @return array
	 */
	public function get_all_formatted_meta_data( $hideprefix = '_', $include_all = true ) {
		return $this->get_formatted_meta_data( $hideprefix, $include_all );
	}

	/**
	 * Meta for display: excludes keys starting with $hideprefix and hidden keys.
	 *
	 * @param string $hideprefix  Prefix to hide.
	 * @param bool   $include_all Include hidden.
	 * @return array meta_id => object{key,value,display_key,display_value}
	 */
	public function get_formatted_meta_data( $hideprefix = '_', $include_all = false ) {
		$formatted = array();
		$hide_len  = strlen( (string) $hideprefix );
		foreach ( $this->get_meta_data() as $meta ) {
			if ( empty( $meta->id ) || '' === $meta->value || ! is_scalar( $meta->value ) || ( $hide_len && substr( $meta->key, 0, $hide_len ) === $hideprefix ) ) {
				continue;
			}
			$key   = rawurldecode( (string) $meta->key );
			$value = rawurldecode( (string) $meta->value );

			$formatted[ $meta->id ] = (object) array(
				'key'           => $key,
				'value'         => $value,
				'display_key'   => apply_filters( 'woocommerce_order_item_display_meta_key', str_replace( 'attribute_', '', $key ), $meta, $this ),
				'display_value' => wpautop( make_clickable( apply_filters( 'woocommerce_order_item_display_meta_value', wp_kses_post( $value ), $meta, $this ) ) ),
			);
		}
		return apply_filters( 'woocommerce_order_item_get_formatted_meta_data', $formatted, $this );
	}

	/**
	 * Calculate taxes for a location (product and fee items).
	 *
	 * @param array $calculate_tax_for country, state, postcode, city.
	 * @return bool
	 */
	public function calculate_taxes( $calculate_tax_for = array() ) {
		if ( ! isset( $calculate_tax_for['country'], $calculate_tax_for['state'], $calculate_tax_for['postcode'], $calculate_tax_for['city'] ) ) {
			return false;
		}
		if ( '0' !== $this->get_tax_class() && 'taxable' === $this->get_tax_status() && wc_tax_enabled() ) {
			$calculate_tax_for['tax_class'] = $this->get_tax_class();
			$tax_rates                      = WC_Tax::find_rates( $calculate_tax_for );
			$taxes                          = WC_Tax::calc_tax( $this->get_total(), $tax_rates, false );
			if ( method_exists( $this, 'get_subtotal' ) ) {
				$subtotal_taxes = WC_Tax::calc_tax( $this->get_subtotal(), $tax_rates, false );
				$this->set_taxes(
					array(
						'total'    => $taxes,
						'subtotal' => $subtotal_taxes,
					)
				);
			} else {
				$this->set_taxes( array( 'total' => $taxes ) );
			}
		} else {
			$this->set_taxes( false );
		}
		do_action( 'woocommerce_order_item_after_calculate_taxes', $this, $calculate_tax_for );
		return true;
	}

	/**
	 * Taxes placeholder for items without taxes.
	 *
	 * @return array
	 */
	public function get_taxes() {
		return array(
			'total'    => array(),
			'subtotal' => array(),
		);
	}

	/**
	 * Placeholder.
	 *
	 * @param mixed $raw_tax_data Unused.
	 * @return void
	 */
	public function set_taxes( $raw_tax_data ) {
	}

	/**
	 * ArrayAccess (legacy array-style reads).
	 *
	 * @param mixed $offset Offset.
	 * @return bool
	 */
	public function offsetExists( $offset ): bool {
		return in_array( $offset, array( 'name', 'type', 'qty', 'line_total', 'line_tax' ), true ) || array_key_exists( $offset, $this->data ) || $this->meta_exists( $offset );
	}

	/**
	 * ArrayAccess get.
	 *
	 * @param mixed $offset Offset.
	 * @return mixed
	 */
	#[\ReturnTypeWillChange]
	public function offsetGet( $offset ) {
		switch ( $offset ) {
			case 'type':
				return $this->get_type();
			case 'qty':
				return $this->get_quantity();
			case 'line_total':
				return is_callable( array( $this, 'get_total' ) ) ? $this->get_total() : '';
			case 'line_tax':
				return is_callable( array( $this, 'get_total_tax' ) ) ? $this->get_total_tax() : '';
		}
		if ( array_key_exists( $offset, $this->data ) ) {
			return $this->get_prop( $offset );
		}
		return $this->get_meta( $offset );
	}

	/**
	 * ArrayAccess set.
	 *
	 * @param mixed $offset Offset.
	 * @param mixed $value  Value.
	 * @return void
	 */
	public function offsetSet( $offset, $value ): void {
		if ( is_callable( array( $this, 'set_' . $offset ) ) ) {
			$this->{'set_' . $offset}( $value );
		} else {
			$this->update_meta_data( $offset, $value );
		}
	}

	/**
	 * ArrayAccess unset.
	 *
	 * @param mixed $offset Offset.
	 * @return void
	 */
	public function offsetUnset( $offset ): void {
		$this->delete_meta_data( $offset );
	}
}
