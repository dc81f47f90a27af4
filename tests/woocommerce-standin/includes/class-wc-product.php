<?php
/**
 * Minimal products: WC_Product, WC_Product_Simple, wc_get_product, wc_get_product_id_by_sku.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Product stored as a post of type "product" with WooCommerce's meta keys.
 */
class WC_Product extends WC_Data {

	/**
	 * Object type.
	 *
	 * @var string
	 */
	protected $object_type = 'product';

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $data = array(
		'name'          => '',
		'slug'          => '',
		'status'        => 'publish',
		'sku'           => '',
		'price'         => '',
		'regular_price' => '',
		'sale_price'    => '',
		'tax_status'    => 'taxable',
		'tax_class'     => '',
		'virtual'       => false,
		'downloadable'  => false,
		'parent_id'     => 0,
		'date_created'  => null,
	);

	/**
	 * Meta keys that are props.
	 *
	 * @var array
	 */
	protected $internal_meta_keys = array( '_sku', '_price', '_regular_price', '_sale_price', '_tax_status', '_tax_class', '_virtual', '_downloadable' );

	/**
	 * Constructor.
	 *
	 * @param int|WC_Product|WP_Post $product Product.
	 */
	public function __construct( $product = 0 ) {
		parent::__construct( $product );
		if ( is_numeric( $product ) && $product > 0 ) {
			$this->set_id( $product );
		} elseif ( $product instanceof self ) {
			$this->set_id( $product->get_id() );
		} elseif ( ! empty( $product->ID ) ) {
			$this->set_id( $product->ID );
		} else {
			$this->set_object_read( true );
		}
		if ( $this->get_id() ) {
			$this->read();
		}
	}

	/**
	 * Read from the post.
	 *
	 * @return void
	 */
	protected function read() {
		$post = get_post( $this->get_id() );
		if ( ! $post || 'product' !== $post->post_type ) {
			$this->set_id( 0 );
			$this->set_object_read( true );
			return;
		}
		$id = $post->ID;
		$this->set_props(
			array(
				'name'          => $post->post_title,
				'slug'          => $post->post_name,
				'status'        => $post->post_status,
				'sku'           => get_post_meta( $id, '_sku', true ),
				'price'         => get_post_meta( $id, '_price', true ),
				'regular_price' => get_post_meta( $id, '_regular_price', true ),
				'sale_price'    => get_post_meta( $id, '_sale_price', true ),
				'tax_status'    => get_post_meta( $id, '_tax_status', true ) ? get_post_meta( $id, '_tax_status', true ) : 'taxable',
				'tax_class'     => get_post_meta( $id, '_tax_class', true ),
				'virtual'       => 'yes' === get_post_meta( $id, '_virtual', true ),
				'downloadable'  => 'yes' === get_post_meta( $id, '_downloadable', true ),
				'parent_id'     => $post->post_parent,
				'date_created'  => $post->post_date_gmt ? strtotime( $post->post_date_gmt . ' UTC' ) : null,
			)
		);
		$this->set_object_read( true );
	}

	/**
	 * Create the post.
	 *
	 * @return void
	 */
	protected function store_create() {
		$id = wp_insert_post(
			array(
				'post_type'   => 'product',
				'post_status' => $this->get_status( 'edit' ) ? $this->get_status( 'edit' ) : 'publish',
				'post_title'  => $this->get_name( 'edit' ) ? $this->get_name( 'edit' ) : __( 'Product', 'woocommerce' ),
				'post_parent' => $this->get_parent_id( 'edit' ),
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
		$this->set_object_read( true );
		do_action( 'woocommerce_new_product', $id, $this );
	}

	/**
	 * Update the post.
	 *
	 * @return void
	 */
	protected function store_update() {
		wp_update_post(
			array(
				'ID'          => $this->get_id(),
				'post_title'  => $this->get_name( 'edit' ),
				'post_status' => $this->get_status( 'edit' ),
			)
		);
		$this->write_meta();
		$this->save_meta_data();
		$this->apply_changes();
		do_action( 'woocommerce_update_product', $this->get_id(), $this );
	}

	/**
	 * Write prop meta.
	 *
	 * @return void
	 */
	protected function write_meta() {
		$id    = $this->get_id();
		$price = '' !== (string) $this->get_sale_price( 'edit' ) ? $this->get_sale_price( 'edit' ) : $this->get_regular_price( 'edit' );
		$this->set_price( $price );
		update_post_meta( $id, '_sku', $this->get_sku( 'edit' ) );
		update_post_meta( $id, '_regular_price', $this->get_regular_price( 'edit' ) );
		update_post_meta( $id, '_sale_price', $this->get_sale_price( 'edit' ) );
		update_post_meta( $id, '_price', $price );
		update_post_meta( $id, '_tax_status', $this->get_tax_status( 'edit' ) );
		update_post_meta( $id, '_tax_class', $this->get_tax_class( 'edit' ) );
		update_post_meta( $id, '_virtual', $this->get_virtual( 'edit' ) ? 'yes' : 'no' );
		update_post_meta( $id, '_downloadable', $this->get_downloadable( 'edit' ) ? 'yes' : 'no' );
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
	 * Product type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'simple';
	}

	/**
	 * Type check.
	 *
	 * @param string|array $type Type(s).
	 * @return bool
	 */
	public function is_type( $type ) {
		return is_array( $type ) ? in_array( $this->get_type(), $type, true ) : $this->get_type() === $type;
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
	 * Slug.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_slug( $context = 'view' ) {
		return $this->get_prop( 'slug', $context );
	}

	/**
	 * Status.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_status( $context = 'view' ) {
		return $this->get_prop( 'status', $context );
	}

	/**
	 * SKU.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_sku( $context = 'view' ) {
		return $this->get_prop( 'sku', $context );
	}

	/**
	 * Active price.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_price( $context = 'view' ) {
		return $this->get_prop( 'price', $context );
	}

	/**
	 * Regular price.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_regular_price( $context = 'view' ) {
		return $this->get_prop( 'regular_price', $context );
	}

	/**
	 * Sale price.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_sale_price( $context = 'view' ) {
		return $this->get_prop( 'sale_price', $context );
	}

	/**
	 * Tax status taxable|shipping|none.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_status( $context = 'view' ) {
		return $this->get_prop( 'tax_status', $context );
	}

	/**
	 * Tax class slug ('' = standard).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_class( $context = 'view' ) {
		return $this->get_prop( 'tax_class', 'unfiltered' === $context ? 'edit' : $context );
	}

	/**
	 * Virtual.
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_virtual( $context = 'view' ) {
		return $this->get_prop( 'virtual', $context );
	}

	/**
	 * Downloadable.
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_downloadable( $context = 'view' ) {
		return $this->get_prop( 'downloadable', $context );
	}

	/**
	 * Parent id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_parent_id( $context = 'view' ) {
		return $this->get_prop( 'parent_id', $context );
	}

	/**
	 * Created.
	 *
	 * @param string $context Context.
	 * @return WC_DateTime|null
	 */
	public function get_date_created( $context = 'view' ) {
		return $this->get_prop( 'date_created', $context );
	}

	/**
	 * Set name.
	 *
	 * @param string $name Name.
	 * @return void
	 */
	public function set_name( $name ) {
		$this->set_prop( 'name', (string) $name );
	}

	/**
	 * Set slug.
	 *
	 * @param string $slug Slug.
	 * @return void
	 */
	public function set_slug( $slug ) {
		$this->set_prop( 'slug', (string) $slug );
	}

	/**
	 * Set status.
	 *
	 * @param string $status Status.
	 * @return void
	 */
	public function set_status( $status ) {
		$this->set_prop( 'status', (string) $status );
	}

	/**
	 * Set SKU.
	 *
	 * @param string $sku SKU.
	 * @return void
	 */
	public function set_sku( $sku ) {
		$this->set_prop( 'sku', (string) $sku );
	}

	/**
	 * Set active price.
	 *
	 * @param string $price Price.
	 * @return void
	 */
	public function set_price( $price ) {
		$this->set_prop( 'price', wc_format_decimal( $price ) );
	}

	/**
	 * Set regular price (also the active price when there is no sale price).
	 *
	 * @param string $price Price.
	 * @return void
	 */
	public function set_regular_price( $price ) {
		$this->set_prop( 'regular_price', wc_format_decimal( $price ) );
		if ( '' === (string) $this->get_sale_price( 'edit' ) ) {
			$this->set_price( $price );
		}
	}

	/**
	 * Set sale price.
	 *
	 * @param string $price Price.
	 * @return void
	 */
	public function set_sale_price( $price ) {
		$this->set_prop( 'sale_price', wc_format_decimal( $price ) );
		if ( '' !== (string) $price ) {
			$this->set_price( $price );
		}
	}

	/**
	 * Set tax status.
	 *
	 * @param string $status taxable|shipping|none.
	 * @return void
	 */
	public function set_tax_status( $status ) {
		$status = in_array( $status, array( 'taxable', 'shipping', 'none' ), true ) ? $status : 'taxable';
		$this->set_prop( 'tax_status', $status );
	}

	/**
	 * Set tax class.
	 *
	 * @param string $class Class.
	 * @return void
	 */
	public function set_tax_class( $class ) {
		$this->set_prop( 'tax_class', WC_Tax::format_tax_rate_class( $class ) );
	}

	/**
	 * Set virtual.
	 *
	 * @param bool $virtual Virtual.
	 * @return void
	 */
	public function set_virtual( $virtual ) {
		$this->set_prop( 'virtual', wc_string_to_bool( $virtual ) );
	}

	/**
	 * Set downloadable.
	 *
	 * @param bool $downloadable Downloadable.
	 * @return void
	 */
	public function set_downloadable( $downloadable ) {
		$this->set_prop( 'downloadable', wc_string_to_bool( $downloadable ) );
	}

	/**
	 * Set parent.
	 *
	 * @param int $id Parent id.
	 * @return void
	 */
	public function set_parent_id( $id ) {
		$this->set_prop( 'parent_id', absint( $id ) );
	}

	/**
	 * Set created date.
	 *
	 * @param mixed $date Date.
	 * @return void
	 */
	public function set_date_created( $date ) {
		$this->set_date_prop( 'date_created', $date );
	}

	/**
	 * Is taxable?
	 *
	 * @return bool
	 */
	public function is_taxable() {
		return apply_filters( 'woocommerce_product_is_taxable', 'taxable' === $this->get_tax_status() && wc_tax_enabled(), $this );
	}

	/**
	 * Is virtual?
	 *
	 * @return bool
	 */
	public function is_virtual() {
		return (bool) $this->get_virtual();
	}

	/**
	 * Is downloadable?
	 *
	 * @return bool
	 */
	public function is_downloadable() {
		return (bool) $this->get_downloadable();
	}

	/**
	 * Needs shipping?
	 *
	 * @return bool
	 */
	public function needs_shipping() {
		return ! $this->is_virtual();
	}

	/**
	 * Exists?
	 *
	 * @return bool
	 */
	public function exists() {
		return $this->get_id() > 0;
	}

	/**
	 * Product attributes (none in the stand-in).
	 *
	 * @return array
	 */
	public function get_attributes() {
		return array();
	}

	/**
	 * Image id (none).
	 *
	 * @return int
	 */
	public function get_image_id() {
		return (int) get_post_thumbnail_id( $this->get_id() );
	}

	/**
	 * Permalink.
	 *
	 * @return string
	 */
	public function get_permalink() {
		return (string) get_permalink( $this->get_id() );
	}
}

/**
 * Simple product.
 */
class WC_Product_Simple extends WC_Product {

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'simple';
	}
}

/**
 * Bool from yes/no/1/0/true/false.
 *
 * @param mixed $string Value.
 * @return bool
 */
function wc_string_to_bool( $string ) {
	$string = $string ?? '';
	return is_bool( $string ) ? $string : ( 'yes' === strtolower( (string) $string ) || 1 === $string || 'true' === strtolower( (string) $string ) || '1' === $string );
}

/**
 * Bool to yes/no.
 *
 * @param mixed $bool Value.
 * @return string
 */
function wc_bool_to_string( $bool ) {
	if ( ! is_bool( $bool ) ) {
		$bool = wc_string_to_bool( $bool );
	}
	return true === $bool ? 'yes' : 'no';
}

/**
 * Get a product.
 *
 * @param mixed $the_product Id, post or product; false for the global post.
 * @param array $deprecated  Unused.
 * @return WC_Product|null|false
 */
function wc_get_product( $the_product = false, $deprecated = array() ) {
	if ( false === $the_product ) {
		$the_product = get_the_ID();
	}
	if ( $the_product instanceof WC_Product ) {
		$id = $the_product->get_id();
	} elseif ( is_object( $the_product ) && ! empty( $the_product->ID ) ) {
		$id = $the_product->ID;
	} else {
		$id = absint( $the_product );
	}
	$post = $id ? get_post( $id ) : null;
	if ( ! $post || 'product' !== $post->post_type ) {
		return $id ? false : null;
	}
	return new WC_Product_Simple( $id );
}

/**
 * Product id by SKU.
 *
 * @param string $sku SKU.
 * @return int
 */
function wc_get_product_id_by_sku( $sku ) {
	global $wpdb;
	if ( '' === (string) $sku ) {
		return 0;
	}
	$id = $wpdb->get_var(
		$wpdb->prepare(
			"SELECT p.ID FROM {$wpdb->posts} p INNER JOIN {$wpdb->postmeta} m ON m.post_id = p.ID AND m.meta_key = '_sku'
			WHERE p.post_type IN ( 'product', 'product_variation' ) AND p.post_status != 'trash' AND m.meta_value = %s LIMIT 1",
			$sku
		)
	);
	return (int) apply_filters( 'woocommerce_get_product_id_by_sku', $id, $sku );
}

/**
 * Price excluding tax for a quantity: for inclusive stores, base-location taxes are removed
 * and the result rounded to the rounding precision (not to price decimals).
 *
 * @param WC_Product $product Product.
 * @param array      $args    qty, price, order.
 * @return float|string
 */
function wc_get_price_excluding_tax( $product, $args = array() ) {
	$args  = wp_parse_args(
		$args,
		array(
			'qty'   => '',
			'price' => '',
		)
	);
	$price = '' !== $args['price'] ? max( 0.0, (float) $args['price'] ) : $product->get_price();
	$qty   = '' !== $args['qty'] ? max( 0.0, (float) $args['qty'] ) : 1;
	if ( '' === $price ) {
		return '';
	}
	if ( empty( $qty ) ) {
		return 0.0;
	}
	if ( $product->is_taxable() && wc_prices_include_tax() ) {
		$taxes = WC_Tax::calc_tax( (float) $price * $qty, WC_Tax::get_base_tax_rates( $product->get_tax_class( 'unfiltered' ) ), true );
		$price = WC_Tax::round( (float) $price * $qty - array_sum( $taxes ) );
	} else {
		$price = (float) $price * $qty;
	}
	return apply_filters( 'woocommerce_get_price_excluding_tax', $price, $qty, $product );
}
