<?php
/**
 * WC_Data: props with change tracking, meta data, save/delete.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Base CRUD object. Persistence is done by the subclass through the protected
 * store_* methods (the stand-in has no separate data-store classes).
 */
abstract class WC_Data {

	/**
	 * Id.
	 *
	 * @var int
	 */
	protected $id = 0;

	/**
	 * Props as read/set.
	 *
	 * @var array
	 */
	protected $data = array();

	/**
	 * Pending prop changes.
	 *
	 * @var array
	 */
	protected $changes = array();

	/**
	 * Whether the object has been read (set_prop then records changes).
	 *
	 * @var bool
	 */
	protected $object_read = false;

	/**
	 * Object type used in hook names.
	 *
	 * @var string
	 */
	protected $object_type = 'data';

	/**
	 * Default props.
	 *
	 * @var array
	 */
	protected $default_data = array();

	/**
	 * Extra props of subclasses.
	 *
	 * @var array
	 */
	protected $extra_data = array();

	/**
	 * Meta rows (null until read).
	 *
	 * @var WC_Meta_Data[]|null
	 */
	protected $meta_data = null;

	/**
	 * WordPress meta type used for storage.
	 *
	 * @var string
	 */
	protected $meta_type = 'post';

	/**
	 * Meta keys that hold props and are hidden from get_meta_data().
	 *
	 * @var array
	 */
	protected $internal_meta_keys = array();

	/**
	 * Constructor.
	 *
	 * @param int|object|array $read Id or object.
	 */
	public function __construct( $read = 0 ) {
		$this->data         = array_merge( $this->data, $this->extra_data );
		$this->default_data = $this->data;
	}

	/**
	 * Cloning: meta rows are cloned too.
	 *
	 * @return void
	 */
	public function __clone() {
		if ( ! empty( $this->meta_data ) ) {
			foreach ( $this->meta_data as $array_key => $meta ) {
				$this->meta_data[ $array_key ] = clone $meta;
			}
		}
	}

	/**
	 * Data store placeholder (the stand-in persists in the object itself).
	 *
	 * @return $this
	 */
	public function get_data_store() {
		return $this;
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
	 * Set id.
	 *
	 * @param int $id Id.
	 * @return void
	 */
	public function set_id( $id ) {
		$this->id = absint( $id );
	}

	/**
	 * Hook prefix, e.g. woocommerce_order_get_.
	 *
	 * @return string
	 */
	protected function get_hook_prefix() {
		return 'woocommerce_' . $this->object_type . '_get_';
	}

	/**
	 * All data including meta.
	 *
	 * @return array
	 */
	public function get_data() {
		return array_merge( array( 'id' => $this->get_id() ), $this->data, array( 'meta_data' => $this->get_meta_data() ) );
	}

	/**
	 * Prop keys.
	 *
	 * @return array
	 */
	public function get_data_keys() {
		return array_keys( $this->data );
	}

	/**
	 * Pending changes.
	 *
	 * @return array
	 */
	public function get_changes() {
		return $this->changes;
	}

	/**
	 * Merge changes into data.
	 *
	 * @return void
	 */
	public function apply_changes() {
		$this->data    = array_replace_recursive( $this->data, $this->changes );
		$this->changes = array();
	}

	/**
	 * Set object read flag.
	 *
	 * @param bool $read Read.
	 * @return void
	 */
	public function set_object_read( $read = true ) {
		$this->object_read = (bool) $read;
	}

	/**
	 * Object read flag.
	 *
	 * @return bool
	 */
	public function get_object_read() {
		return (bool) $this->object_read;
	}

	/**
	 * Reset to defaults.
	 *
	 * @return void
	 */
	public function set_defaults() {
		$this->data    = $this->default_data;
		$this->changes = array();
		$this->set_object_read( false );
	}

	/**
	 * Set many props through their setters.
	 *
	 * @param array  $props   Props.
	 * @param string $context Context.
	 * @return bool|WP_Error
	 */
	public function set_props( $props, $context = 'set' ) {
		$errors = false;
		foreach ( $props as $prop => $value ) {
			try {
				if ( in_array( $prop, array( 'prop', 'date_prop', 'meta_data' ), true ) ) {
					continue;
				}
				$setter = "set_$prop";
				if ( is_callable( array( $this, $setter ) ) ) {
					$this->{$setter}( $value );
				}
			} catch ( Exception $e ) {
				if ( ! $errors ) {
					$errors = new WP_Error();
				}
				$errors->add( 'invalid_prop', $e->getMessage() );
			}
		}
		return $errors && count( $errors->get_error_codes() ) ? $errors : true;
	}

	/**
	 * Set a prop (recorded as change once the object is read).
	 *
	 * @param string $prop  Prop.
	 * @param mixed  $value Value.
	 * @return void
	 */
	protected function set_prop( $prop, $value ) {
		if ( array_key_exists( $prop, $this->data ) ) {
			if ( true === $this->object_read ) {
				if ( $value !== $this->data[ $prop ] || array_key_exists( $prop, $this->changes ) ) {
					$this->changes[ $prop ] = $value;
				}
			} else {
				$this->data[ $prop ] = $value;
			}
		}
	}

	/**
	 * Get a prop; 'view' context runs the woocommerce_{type}_get_{prop} filter.
	 *
	 * @param string $prop    Prop.
	 * @param string $context view|edit.
	 * @return mixed
	 */
	protected function get_prop( $prop, $context = 'view' ) {
		$value = null;
		if ( array_key_exists( $prop, $this->data ) ) {
			$value = array_key_exists( $prop, $this->changes ) ? $this->changes[ $prop ] : $this->data[ $prop ];
			if ( 'view' === $context ) {
				$value = apply_filters( $this->get_hook_prefix() . $prop, $value, $this );
			}
		}
		return $value;
	}

	/**
	 * Set a date prop from timestamp, string or WC_DateTime.
	 *
	 * @param string $prop  Prop.
	 * @param mixed  $value Value.
	 * @return void
	 */
	protected function set_date_prop( $prop, $value ) {
		try {
			$this->set_prop( $prop, wc_string_to_datetime( $value ) );
		} catch ( Exception $e ) {
			$this->set_prop( $prop, null );
		}
	}

	/*
	|--------------------------------------------------------------------------
	| Meta data
	|--------------------------------------------------------------------------
	*/

	/**
	 * Is this key internal (a prop)?
	 *
	 * @param string $key Key.
	 * @return bool
	 */
	protected function is_internal_meta_key( $key ) {
		return $key && in_array( $key, $this->internal_meta_keys, true );
	}

	/**
	 * Generic add/update meta on an internal key: warn as WooCommerce does and call the prop's
	 * setter instead.
	 *
	 * @param string $method Public method that was called.
	 * @param string $key    Key.
	 * @param mixed  $value  Value.
	 * @return bool Whether the key was internal (and so dealt with here).
	 */
	private function set_internal_meta_through_setter( $method, $key, $value ) {
		if ( ! $this->is_internal_meta_key( $key ) ) {
			return false;
		}
		wc_doing_it_wrong( $method, 'Generic add/update/get meta methods should not be used for internal meta data, including "' . $key . '".', '3.2.0' );
		$setter = 'set_' . ltrim( $key, '_' );
		if ( is_callable( array( $this, $setter ) ) ) {
			$this->{$setter}( $value );
		}
		return true;
	}

	/**
	 * Load meta rows once.
	 *
	 * @return void
	 */
	protected function maybe_read_meta_data() {
		if ( is_null( $this->meta_data ) ) {
			$this->read_meta_data();
		}
	}

	/**
	 * Read meta rows from storage.
	 *
	 * @param bool $force Unused.
	 * @return void
	 */
	public function read_meta_data( $force = false ) {
		global $wpdb;
		$this->meta_data = array();
		if ( ! $this->get_id() ) {
			return;
		}
		$table = _get_meta_table( $this->meta_type );
		if ( ! $table ) {
			return;
		}
		$column = sanitize_key( $this->meta_type . '_id' );
		$id_col = 'user' === $this->meta_type ? 'umeta_id' : 'meta_id';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT {$id_col} AS meta_id, meta_key, meta_value FROM {$table} WHERE {$column} = %d ORDER BY {$id_col}", $this->get_id() ) );
		foreach ( (array) $rows as $row ) {
			if ( $this->is_internal_meta_key( $row->meta_key ) || '_edit_lock' === $row->meta_key ) {
				continue;
			}
			$this->meta_data[] = new WC_Meta_Data(
				array(
					'id'    => (int) $row->meta_id,
					'key'   => $row->meta_key,
					'value' => maybe_unserialize( $row->meta_value ),
				)
			);
		}
	}

	/**
	 * Meta rows (without deleted ones).
	 *
	 * @return WC_Meta_Data[]
	 */
	public function get_meta_data() {
		$this->maybe_read_meta_data();
		return array_values(
			array_filter(
				$this->meta_data,
				function ( $meta ) {
					return ! is_null( $meta->value );
				}
			)
		);
	}

	/**
	 * Get meta value(s).
	 *
	 * @param string $key     Key.
	 * @param bool   $single  Single.
	 * @param string $context view|edit.
	 * @return mixed
	 */
	public function get_meta( $key = '', $single = true, $context = 'view' ) {
		if ( $this->is_internal_meta_key( $key ) ) {
			$getter = 'get_' . ltrim( $key, '_' );
			if ( is_callable( array( $this, $getter ) ) ) {
				return $this->{$getter}();
			}
		}
		$values = array();
		foreach ( $this->get_meta_data() as $index => $meta ) {
			if ( $meta->key === $key ) {
				$values[ $index ] = $single ? $meta->value : $meta;
			}
		}
		if ( $single ) {
			$value = count( $values ) ? reset( $values ) : '';
		} else {
			$value = $values;
		}
		if ( 'view' === $context ) {
			$value = apply_filters( $this->get_hook_prefix() . $key, $value, $this );
		}
		return $value;
	}

	/**
	 * Does a meta key exist?
	 *
	 * @param string $key Key.
	 * @return bool
	 */
	public function meta_exists( $key = '' ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( $meta->key === $key && ! is_null( $meta->value ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Set all meta from an array of rows.
	 *
	 * @param array $data Rows (arrays or objects with key, value, id).
	 * @return void
	 */
	public function set_meta_data( $data ) {
		$this->maybe_read_meta_data();
		foreach ( (array) $data as $meta ) {
			$meta = (array) $meta;
			if ( isset( $meta['key'], $meta['value'] ) ) {
				$this->update_meta_data( $meta['key'], $meta['value'], isset( $meta['id'] ) ? $meta['id'] : 0 );
			}
		}
	}

	/**
	 * Add meta (not saved until save()/save_meta_data()).
	 *
	 * @param string $key    Key.
	 * @param mixed  $value  Value.
	 * @param bool   $unique Replace existing.
	 * @return void
	 */
	public function add_meta_data( $key, $value, $unique = false ) {
		if ( $this->set_internal_meta_through_setter( __FUNCTION__, $key, $value ) ) {
			return;
		}
		$this->maybe_read_meta_data();
		if ( $unique ) {
			$this->delete_meta_data( $key );
		}
		$this->meta_data[] = new WC_Meta_Data(
			array(
				'key'   => $key,
				'value' => $value,
			)
		);
	}

	/**
	 * Update (or add) meta.
	 *
	 * @param string $key     Key.
	 * @param mixed  $value   Value.
	 * @param int    $meta_id Meta id.
	 * @return void
	 */
	public function update_meta_data( $key, $value, $meta_id = 0 ) {
		if ( $this->set_internal_meta_through_setter( __FUNCTION__, $key, $value ) ) {
			return;
		}
		$this->maybe_read_meta_data();
		$array_key = false;
		if ( $meta_id ) {
			foreach ( $this->meta_data as $k => $meta ) {
				if ( (int) $meta->id === (int) $meta_id ) {
					$array_key = $k;
					break;
				}
			}
		} else {
			foreach ( $this->meta_data as $k => $meta ) {
				if ( $meta->key === $key ) {
					if ( false === $array_key ) {
						$array_key = $k;
					} else {
						// Extra rows with the same key are removed, like WooCommerce.
						$this->meta_data[ $k ]->value = null;
					}
				}
			}
		}
		if ( false !== $array_key ) {
			$meta        = $this->meta_data[ $array_key ];
			$meta->key   = $key;
			$meta->value = $value;
		} else {
			$this->add_meta_data( $key, $value, true );
		}
	}

	/**
	 * Delete meta by key.
	 *
	 * @param string $key Key.
	 * @return void
	 */
	public function delete_meta_data( $key ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( $meta->key === $key ) {
				$meta->value = null;
			}
		}
	}

	/**
	 * Delete meta by key and value.
	 *
	 * @param string $key   Key.
	 * @param mixed  $value Value.
	 * @return void
	 */
	public function delete_meta_data_value( $key, $value ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( $meta->key === $key && $meta->value == $value ) { // phpcs:ignore Universal.Operators.StrictComparisons.LooseEqual
				$meta->value = null;
			}
		}
	}

	/**
	 * Delete meta by id.
	 *
	 * @param int $mid Meta id.
	 * @return void
	 */
	public function delete_meta_data_by_mid( $mid ) {
		$this->maybe_read_meta_data();
		foreach ( $this->meta_data as $meta ) {
			if ( (int) $meta->id === (int) $mid ) {
				$meta->value = null;
			}
		}
	}

	/**
	 * Persist meta changes.
	 *
	 * @return void
	 */
	public function save_meta_data() {
		if ( is_null( $this->meta_data ) || ! $this->get_id() ) {
			return;
		}
		foreach ( $this->meta_data as $array_key => $meta ) {
			if ( is_null( $meta->value ) ) {
				if ( ! empty( $meta->id ) ) {
					delete_metadata_by_mid( $this->meta_type, $meta->id );
				}
				unset( $this->meta_data[ $array_key ] );
			} elseif ( empty( $meta->id ) ) {
				$meta->id = add_metadata( $this->meta_type, $this->get_id(), wp_slash( $meta->key ), is_string( $meta->value ) ? wp_slash( $meta->value ) : $meta->value, false );
				$meta->apply_changes();
			} elseif ( $meta->get_changes() ) {
				update_metadata_by_mid( $this->meta_type, $meta->id, is_string( $meta->value ) ? wp_slash( $meta->value ) : $meta->value, wp_slash( $meta->key ) );
				$meta->apply_changes();
			}
		}
		$this->meta_data = array_values( $this->meta_data );
	}

	/**
	 * Save: subclasses persist props through store_create/store_update.
	 *
	 * @return int
	 */
	public function save() {
		if ( $this->get_id() ) {
			$this->store_update();
		} else {
			$this->store_create();
		}
		return $this->get_id();
	}

	/**
	 * Persist a new object.
	 *
	 * @return void
	 */
	abstract protected function store_create();

	/**
	 * Persist changes.
	 *
	 * @return void
	 */
	abstract protected function store_update();
}
