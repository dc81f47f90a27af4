<?php
/**
 * WC_Coupon (subset): code, discount_type, amount; stored as shop_coupon posts.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Coupon.
 */
class WC_Coupon extends WC_Data {

	/**
	 * Object type.
	 *
	 * @var string
	 */
	protected $object_type = 'coupon';

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $data = array(
		'code'                   => '',
		'amount'                 => 0,
		'discount_type'          => 'fixed_cart',
		'description'            => '',
		'individual_use'         => false,
		'free_shipping'          => false,
		'limit_usage_to_x_items' => null,
		'usage_count'            => 0,
		'usage_limit'            => 0,
		'usage_limit_per_user'   => 0,
		'minimum_amount'         => '',
		'maximum_amount'         => '',
		'virtual'                => false,
	);

	/**
	 * Meta keys that are props.
	 *
	 * @var array
	 */
	protected $internal_meta_keys = array( 'discount_type', 'coupon_amount', 'individual_use', 'free_shipping', 'limit_usage_to_x_items', 'usage_count', 'usage_limit', 'usage_limit_per_user', 'minimum_amount', 'maximum_amount' );

	/**
	 * Constructor: id, code or coupon.
	 *
	 * @param mixed $data Id, code or coupon.
	 */
	public function __construct( $data = '' ) {
		parent::__construct( $data );
		if ( $data instanceof self ) {
			$this->set_id( $data->get_id() );
		} elseif ( is_numeric( $data ) && 'shop_coupon' === get_post_type( $data ) ) {
			$this->set_id( $data );
		} elseif ( is_string( $data ) && '' !== $data ) {
			$id = wc_get_coupon_id_by_code( $data );
			if ( $id ) {
				$this->set_id( $id );
			} else {
				$this->set_code( $data );
			}
		}
		if ( $this->get_id() ) {
			$this->read();
		} else {
			$this->set_object_read( true );
		}
	}

	/**
	 * Read from the post.
	 *
	 * @return void
	 */
	protected function read() {
		$post = get_post( $this->get_id() );
		if ( ! $post ) {
			$this->set_id( 0 );
			return;
		}
		$id = $post->ID;
		$this->set_props(
			array(
				'code'                   => $post->post_title,
				'description'            => $post->post_excerpt,
				'amount'                 => get_post_meta( $id, 'coupon_amount', true ),
				'discount_type'          => get_post_meta( $id, 'discount_type', true ),
				'individual_use'         => 'yes' === get_post_meta( $id, 'individual_use', true ),
				'free_shipping'          => 'yes' === get_post_meta( $id, 'free_shipping', true ),
				'limit_usage_to_x_items' => get_post_meta( $id, 'limit_usage_to_x_items', true ),
				'usage_count'            => get_post_meta( $id, 'usage_count', true ),
				'usage_limit'            => get_post_meta( $id, 'usage_limit', true ),
				'usage_limit_per_user'   => get_post_meta( $id, 'usage_limit_per_user', true ),
				'minimum_amount'         => get_post_meta( $id, 'minimum_amount', true ),
				'maximum_amount'         => get_post_meta( $id, 'maximum_amount', true ),
			)
		);
		$this->set_object_read( true );
	}

	/**
	 * Create.
	 *
	 * @return void
	 */
	protected function store_create() {
		$id = wp_insert_post(
			array(
				'post_type'    => 'shop_coupon',
				'post_status'  => 'publish',
				'post_title'   => $this->get_code( 'edit' ),
				'post_excerpt' => $this->get_description( 'edit' ),
			),
			true
		);
		if ( is_wp_error( $id ) || ! $id ) {
			return;
		}
		$this->set_id( $id );
		$this->write_meta();
		$this->save_meta_data();
		$this->apply_changes();
		do_action( 'woocommerce_new_coupon', $id, $this );
	}

	/**
	 * Update.
	 *
	 * @return void
	 */
	protected function store_update() {
		wp_update_post(
			array(
				'ID'           => $this->get_id(),
				'post_title'   => $this->get_code( 'edit' ),
				'post_excerpt' => $this->get_description( 'edit' ),
			)
		);
		$this->write_meta();
		$this->save_meta_data();
		$this->apply_changes();
		do_action( 'woocommerce_update_coupon', $this->get_id(), $this );
	}

	/**
	 * Write meta.
	 *
	 * @return void
	 */
	protected function write_meta() {
		$id = $this->get_id();
		update_post_meta( $id, 'discount_type', $this->get_discount_type( 'edit' ) );
		update_post_meta( $id, 'coupon_amount', $this->get_amount( 'edit' ) );
		update_post_meta( $id, 'individual_use', wc_bool_to_string( $this->get_individual_use( 'edit' ) ) );
		update_post_meta( $id, 'free_shipping', wc_bool_to_string( $this->get_free_shipping( 'edit' ) ) );
		update_post_meta( $id, 'limit_usage_to_x_items', $this->get_limit_usage_to_x_items( 'edit' ) );
		update_post_meta( $id, 'usage_count', $this->get_usage_count( 'edit' ) );
		update_post_meta( $id, 'usage_limit', $this->get_usage_limit( 'edit' ) );
		update_post_meta( $id, 'usage_limit_per_user', $this->get_usage_limit_per_user( 'edit' ) );
		update_post_meta( $id, 'minimum_amount', $this->get_minimum_amount( 'edit' ) );
		update_post_meta( $id, 'maximum_amount', $this->get_maximum_amount( 'edit' ) );
	}

	/**
	 * Delete.
	 *
	 * @param bool $force_delete Force.
	 * @return bool
	 */
	public function delete( $force_delete = false ) {
		if ( ! $this->get_id() ) {
			return false;
		}
		if ( $force_delete ) {
			wp_delete_post( $this->get_id(), true );
		} else {
			wp_trash_post( $this->get_id() );
		}
		$this->set_id( 0 );
		return true;
	}

	/**
	 * Code.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_code( $context = 'view' ) {
		return $this->get_prop( 'code', $context );
	}

	/**
	 * Description.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_description( $context = 'view' ) {
		return $this->get_prop( 'description', $context );
	}

	/**
	 * Amount.
	 *
	 * @param string $context Context.
	 * @return float
	 */
	public function get_amount( $context = 'view' ) {
		return wc_format_decimal( $this->get_prop( 'amount', $context ) );
	}

	/**
	 * Discount type.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_discount_type( $context = 'view' ) {
		return $this->get_prop( 'discount_type', $context );
	}

	/**
	 * Individual use.
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_individual_use( $context = 'view' ) {
		return $this->get_prop( 'individual_use', $context );
	}

	/**
	 * Free shipping.
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_free_shipping( $context = 'view' ) {
		return $this->get_prop( 'free_shipping', $context );
	}

	/**
	 * Limit usage to x items.
	 *
	 * @param string $context Context.
	 * @return int|null
	 */
	public function get_limit_usage_to_x_items( $context = 'view' ) {
		return $this->get_prop( 'limit_usage_to_x_items', $context );
	}

	/**
	 * Usage count.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_usage_count( $context = 'view' ) {
		return $this->get_prop( 'usage_count', $context );
	}

	/**
	 * Usage limit.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_usage_limit( $context = 'view' ) {
		return $this->get_prop( 'usage_limit', $context );
	}

	/**
	 * Usage limit per user.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_usage_limit_per_user( $context = 'view' ) {
		return $this->get_prop( 'usage_limit_per_user', $context );
	}

	/**
	 * Minimum amount.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_minimum_amount( $context = 'view' ) {
		return $this->get_prop( 'minimum_amount', $context );
	}

	/**
	 * Maximum amount.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_maximum_amount( $context = 'view' ) {
		return $this->get_prop( 'maximum_amount', $context );
	}

	/**
	 * Virtual (not stored) coupon?
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_virtual( $context = 'view' ) {
		return (bool) $this->get_prop( 'virtual', $context );
	}

	/**
	 * Set code.
	 *
	 * @param string $code Code.
	 * @return void
	 */
	public function set_code( $code ) {
		$this->set_prop( 'code', wc_format_coupon_code( $code ) );
	}

	/**
	 * Set description.
	 *
	 * @param string $description Description.
	 * @return void
	 */
	public function set_description( $description ) {
		$this->set_prop( 'description', (string) $description );
	}

	/**
	 * Set amount.
	 *
	 * @param float $amount Amount.
	 * @return void
	 */
	public function set_amount( $amount ) {
		$amount = wc_format_decimal( $amount );
		if ( ! is_numeric( $amount ) ) {
			$amount = 0;
		}
		$this->set_prop( 'amount', $amount );
	}

	/**
	 * Set discount type.
	 *
	 * @param string $discount_type percent|fixed_cart|fixed_product.
	 * @return void
	 */
	public function set_discount_type( $discount_type ) {
		if ( 'percent_product' === $discount_type ) {
			$discount_type = 'percent';
		}
		$this->set_prop( 'discount_type', $discount_type );
	}

	/**
	 * Set individual use.
	 *
	 * @param bool $value Value.
	 * @return void
	 */
	public function set_individual_use( $value ) {
		$this->set_prop( 'individual_use', (bool) $value );
	}

	/**
	 * Set free shipping.
	 *
	 * @param bool $value Value.
	 * @return void
	 */
	public function set_free_shipping( $value ) {
		$this->set_prop( 'free_shipping', (bool) $value );
	}

	/**
	 * Set limit usage to x items.
	 *
	 * @param int|null $value Value.
	 * @return void
	 */
	public function set_limit_usage_to_x_items( $value ) {
		$this->set_prop( 'limit_usage_to_x_items', is_null( $value ) || '' === $value ? null : absint( $value ) );
	}

	/**
	 * Set usage count.
	 *
	 * @param int $value Value.
	 * @return void
	 */
	public function set_usage_count( $value ) {
		$this->set_prop( 'usage_count', absint( $value ) );
	}

	/**
	 * Set usage limit.
	 *
	 * @param int $value Value.
	 * @return void
	 */
	public function set_usage_limit( $value ) {
		$this->set_prop( 'usage_limit', absint( $value ) );
	}

	/**
	 * Set usage limit per user.
	 *
	 * @param int $value Value.
	 * @return void
	 */
	public function set_usage_limit_per_user( $value ) {
		$this->set_prop( 'usage_limit_per_user', absint( $value ) );
	}

	/**
	 * Set minimum amount.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_minimum_amount( $value ) {
		$this->set_prop( 'minimum_amount', wc_format_decimal( $value ) );
	}

	/**
	 * Set maximum amount.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_maximum_amount( $value ) {
		$this->set_prop( 'maximum_amount', wc_format_decimal( $value ) );
	}

	/**
	 * Set virtual.
	 *
	 * @param bool $virtual Virtual.
	 * @return void
	 */
	public function set_virtual( $virtual ) {
		$this->set_prop( 'virtual', (bool) $virtual );
	}

	/**
	 * Type check.
	 *
	 * @param string|array $type Type(s).
	 * @return bool
	 */
	public function is_type( $type ) {
		return is_array( $type ) ? in_array( $this->get_discount_type(), $type, true ) : $this->get_discount_type() === $type;
	}

	/**
	 * Valid for a product (the stand-in has no product restrictions).
	 *
	 * @param WC_Product $product Product.
	 * @param array      $values  Item.
	 * @return bool
	 */
	public function is_valid_for_product( $product, $values = array() ) {
		$valid = $this->is_type( wc_get_product_coupon_types() );
		return apply_filters( 'woocommerce_coupon_is_valid_for_product', $valid, $product, $this, $values );
	}

	/**
	 * Valid for the whole cart.
	 *
	 * @return bool
	 */
	public function is_valid_for_cart() {
		return apply_filters( 'woocommerce_coupon_is_valid_for_cart', $this->is_type( wc_get_cart_coupon_types() ), $this );
	}

	/**
	 * Short info JSON: [id, code, type (null for fixed_cart), amount, true if free shipping].
	 *
	 * @return string
	 */
	public function get_short_info() {
		$type = $this->get_discount_type();
		$info = array( $this->get_id(), $this->get_code(), 'fixed_cart' === $type ? null : $type, (float) $this->get_amount() );
		if ( $this->get_free_shipping() ) {
			$info[] = true;
		}
		return wp_json_encode( $info );
	}

	/**
	 * Set props from short info JSON.
	 *
	 * @param string $info JSON.
	 * @return void
	 */
	public function set_short_info( $info ) {
		$data = json_decode( (string) $info, true );
		if ( ! is_array( $data ) ) {
			return;
		}
		$this->set_id( isset( $data[0] ) ? $data[0] : 0 );
		$this->set_code( isset( $data[1] ) ? $data[1] : '' );
		$this->set_discount_type( ! empty( $data[2] ) ? $data[2] : 'fixed_cart' );
		$this->set_amount( isset( $data[3] ) ? $data[3] : 0 );
		$this->set_free_shipping( ! empty( $data[4] ) );
	}

	/**
	 * Increase usage count.
	 *
	 * @param string $used_by User id or email.
	 * @return void
	 */
	public function increase_usage_count( $used_by = '' ) {
		if ( $this->get_id() ) {
			$this->set_usage_count( (int) $this->get_usage_count( 'edit' ) + 1 );
			update_post_meta( $this->get_id(), 'usage_count', $this->get_usage_count( 'edit' ) );
		}
	}

	/**
	 * Decrease usage count.
	 *
	 * @param string $used_by User id or email.
	 * @return void
	 */
	public function decrease_usage_count( $used_by = '' ) {
		if ( $this->get_id() && $this->get_usage_count( 'edit' ) > 0 ) {
			$this->set_usage_count( (int) $this->get_usage_count( 'edit' ) - 1 );
			update_post_meta( $this->get_id(), 'usage_count', $this->get_usage_count( 'edit' ) );
		}
	}
}

/**
 * Coupon id by code (latest published).
 *
 * @param string $code       Code.
 * @param int    $exclude    Id to exclude.
 * @return int
 */
function wc_get_coupon_id_by_code( $code, $exclude = 0 ) {
	global $wpdb;
	if ( '' === (string) $code ) {
		return 0;
	}
	return (int) $wpdb->get_var(
		$wpdb->prepare(
			"SELECT ID FROM {$wpdb->posts} WHERE post_type = 'shop_coupon' AND post_status = 'publish' AND LOWER( post_title ) = %s AND ID != %d ORDER BY ID DESC LIMIT 1",
			wc_strtolower( wc_format_coupon_code( $code ) ),
			absint( $exclude )
		)
	);
}

/**
 * Coupon types applied per product.
 *
 * @return array
 */
function wc_get_product_coupon_types() {
	return (array) apply_filters( 'woocommerce_product_coupon_types', array( 'fixed_product', 'percent_product' ) );
}

/**
 * Coupon types applied to the cart.
 *
 * @return array
 */
function wc_get_cart_coupon_types() {
	return (array) apply_filters( 'woocommerce_cart_coupon_types', array( 'fixed_cart', 'percent' ) );
}

/**
 * Coupon types.
 *
 * @return array
 */
function wc_get_coupon_types() {
	return (array) apply_filters(
		'woocommerce_coupon_discount_types',
		array(
			'percent'       => __( 'Percentage discount', 'woocommerce' ),
			'fixed_cart'    => __( 'Fixed cart discount', 'woocommerce' ),
			'fixed_product' => __( 'Fixed product discount', 'woocommerce' ),
		)
	);
}
