<?php
/**
 * WC_Meta_Data: one meta row of a WC_Data object.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Meta row with id, key, value and change tracking.
 */
class WC_Meta_Data implements JsonSerializable {

	/**
	 * Current data.
	 *
	 * @var array
	 */
	protected $current_data;

	/**
	 * Data as read.
	 *
	 * @var array
	 */
	protected $data;

	/**
	 * Constructor.
	 *
	 * @param array $meta id, key, value.
	 */
	public function __construct( $meta = array() ) {
		$this->current_data = array(
			'id'    => isset( $meta['id'] ) ? (int) $meta['id'] : null,
			'key'   => isset( $meta['key'] ) ? $meta['key'] : '',
			'value' => isset( $meta['value'] ) ? $meta['value'] : null,
		);
		$this->apply_changes();
	}

	/**
	 * JSON form.
	 *
	 * @return array
	 */
	public function jsonSerialize(): mixed {
		return $this->get_data();
	}

	/**
	 * Merge changes.
	 *
	 * @return void
	 */
	public function apply_changes() {
		$this->data = $this->current_data;
	}

	/**
	 * Set a field.
	 *
	 * @param string $key   Field.
	 * @param mixed  $value Value.
	 * @return void
	 */
	public function __set( $key, $value ) {
		$this->current_data[ $key ] = $value;
	}

	/**
	 * Is field set.
	 *
	 * @param string $key Field.
	 * @return bool
	 */
	public function __isset( $key ) {
		return array_key_exists( $key, $this->current_data );
	}

	/**
	 * Get a field.
	 *
	 * @param string $key Field.
	 * @return mixed
	 */
	public function __get( $key ) {
		return array_key_exists( $key, $this->current_data ) ? $this->current_data[ $key ] : null;
	}

	/**
	 * Changed fields.
	 *
	 * @return array
	 */
	public function get_changes() {
		$changes = array();
		foreach ( $this->current_data as $id => $value ) {
			if ( ! array_key_exists( $id, $this->data ) || $value !== $this->data[ $id ] ) {
				$changes[ $id ] = $value;
			}
		}
		return $changes;
	}

	/**
	 * All fields.
	 *
	 * @return array
	 */
	public function get_data() {
		return $this->current_data;
	}
}
