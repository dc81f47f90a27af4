<?php
/**
 * WC_Abstract_Order: props, items, taxes and totals shared by orders and refunds.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Abstract order.
 */
abstract class WC_Abstract_Order extends WC_Data {

	/**
	 * Object type.
	 *
	 * @var string
	 */
	protected $object_type = 'order';

	/**
	 * Meta type.
	 *
	 * @var string
	 */
	protected $meta_type = 'order';

	/**
	 * Base props.
	 *
	 * @var array
	 */
	protected $data = array(
		'parent_id'          => 0,
		'status'             => '',
		'currency'           => '',
		'version'            => '',
		'prices_include_tax' => false,
		'date_created'       => null,
		'date_modified'      => null,
		'discount_total'     => 0,
		'discount_tax'       => 0,
		'shipping_total'     => 0,
		'shipping_tax'       => 0,
		'cart_tax'           => 0,
		'total'              => 0,
		'total_tax'          => 0,
	);

	/**
	 * Loaded items by group.
	 *
	 * @var array
	 */
	protected $items = array();

	/**
	 * Items to delete on save.
	 *
	 * @var WC_Order_Item[]
	 */
	protected $items_to_delete = array();

	/**
	 * Item type => group.
	 *
	 * @var array
	 */
	protected $item_types_to_group = array(
		'line_item' => 'line_items',
		'tax'       => 'tax_lines',
		'shipping'  => 'shipping_lines',
		'fee'       => 'fee_lines',
		'coupon'    => 'coupon_lines',
	);

	/**
	 * Whether anything was changed since the last save (for woocommerce_update_order).
	 *
	 * @var bool
	 */
	protected $items_changed = false;

	/**
	 * Constructor.
	 *
	 * @param int|WC_Abstract_Order $order Order id or object.
	 */
	public function __construct( $order = 0 ) {
		parent::__construct( $order );
		if ( is_numeric( $order ) && $order > 0 ) {
			$this->set_id( $order );
		} elseif ( $order instanceof self ) {
			$this->set_id( $order->get_id() );
		} elseif ( is_object( $order ) && ! empty( $order->ID ) ) {
			$this->set_id( $order->ID );
		} else {
			$this->set_object_read( true );
		}
		if ( $this->get_id() > 0 ) {
			$this->read();
		}
	}

	/**
	 * Order type.
	 *
	 * @return string
	 */
	abstract public function get_type();

	/**
	 * Read from the stand-in tables.
	 *
	 * @return void
	 */
	protected function read() {
		$this->set_defaults();
		$row = WC_Standin_Order_Store::get_row( $this->get_id() );
		if ( ! $row || $row->type !== $this->get_type() ) {
			$this->set_id( 0 );
			$this->set_object_read( true );
			throw new Exception( esc_html__( 'Invalid order.', 'woocommerce' ) );
		}
		$props = WC_Standin_Order_Store::row_props( $row );
		foreach ( $props as $key => $value ) {
			if ( array_key_exists( $key, $this->data ) ) {
				if ( 0 === strpos( $key, 'date_' ) ) {
					$this->set_date_prop( $key, $value );
				} else {
					$this->data[ $key ] = $value;
				}
			}
		}
		$this->data['status'] = 'wc-' === substr( $row->status, 0, 3 ) ? substr( $row->status, 3 ) : $row->status;
		$this->read_meta_data();
		$this->set_object_read( true );
	}

	/**
	 * Save: props, items, meta; fires woocommerce_new_order / woocommerce_update_order.
	 *
	 * @return int
	 */
	public function save() {
		do_action( 'woocommerce_before_' . $this->object_type . '_object_save', $this, $this );
		if ( $this->get_id() ) {
			$this->store_update();
		} else {
			$this->store_create();
		}
		do_action( 'woocommerce_after_' . $this->object_type . '_object_save', $this, $this );
		return $this->get_id();
	}

	/**
	 * All props in edit context.
	 *
	 * @return array
	 */
	protected function get_all_props() {
		$props = array();
		foreach ( array_keys( $this->data ) as $key ) {
			$props[ $key ] = $this->get_prop( $key, 'edit' );
		}
		return $props;
	}

	/**
	 * Create.
	 *
	 * @return void
	 */
	protected function store_create() {
		if ( ! $this->get_version( 'edit' ) ) {
			$this->set_version( WC_VERSION );
		}
		if ( ! $this->get_currency( 'edit' ) ) {
			$this->set_currency( get_woocommerce_currency() );
		}
		if ( ! $this->get_date_created( 'edit' ) ) {
			$this->set_date_created( time() );
		}
		if ( ! $this->get_status( 'edit' ) ) {
			$this->set_prop( 'status', apply_filters( 'woocommerce_default_order_status', 'pending' ) );
		}
		$this->set_date_modified( time() );
		$this->before_create();
		$id = WC_Standin_Order_Store::reserve_id();
		if ( ! $id ) {
			return;
		}
		$this->set_id( $id );
		WC_Standin_Order_Store::write( $this, $this->get_all_props(), true );
		$this->save_items();
		$this->save_meta_data();
		$this->apply_changes();
		$this->items_changed = false;
		$this->after_create();
	}

	/**
	 * Hook before the first insert.
	 *
	 * @return void
	 */
	protected function before_create() {
	}

	/**
	 * Hook after the first insert.
	 *
	 * @return void
	 */
	protected function after_create() {
	}

	/**
	 * Update.
	 *
	 * @return void
	 */
	protected function store_update() {
		$meta_changed = false;
		if ( is_array( $this->meta_data ) ) {
			foreach ( $this->meta_data as $meta ) {
				if ( empty( $meta->id ) || is_null( $meta->value ) || $meta->get_changes() ) {
					$meta_changed = true;
					break;
				}
			}
		}
		$changed = $this->get_changes() || $this->items_changed || $this->items_to_delete || $meta_changed;
		if ( $changed && ! array_key_exists( 'date_modified', $this->get_changes() ) ) {
			$this->set_date_modified( time() );
		}
		// WooCommerce 9.9 (HPOS) fires its update hook on every save of a stored order.
		$changed = true;
		WC_Standin_Order_Store::write( $this, $this->get_all_props(), false );
		$this->save_items();
		$this->save_meta_data();
		$this->apply_changes();
		$this->items_changed = false;
		if ( $changed ) {
			$this->after_update();
		}
	}

	/**
	 * Hook after an update that changed something.
	 *
	 * @return void
	 */
	protected function after_update() {
	}

	/**
	 * Delete (trash unless forced).
	 *
	 * @param bool $force_delete Delete permanently.
	 * @return bool
	 */
	public function delete( $force_delete = false ) {
		if ( ! $this->get_id() ) {
			return false;
		}
		$id = $this->get_id();
		if ( $force_delete ) {
			if ( 'shop_order' === $this->get_type() ) {
				do_action( 'woocommerce_before_delete_order', $id, $this );
			}
			WC_Standin_Order_Store::delete( $id );
			$this->set_id( 0 );
			$this->after_delete( $id );
		} else {
			do_action( 'woocommerce_before_trash_' . $this->object_type, $id, $this );
			$this->update_meta_data( '_wp_trash_meta_status', 'wc-' . $this->get_status( 'edit' ) );
			$this->set_prop( 'status', 'trash' );
			$this->save();
			do_action( 'woocommerce_trash_' . $this->object_type, $id );
		}
		return true;
	}

	/**
	 * Hook after permanent deletion.
	 *
	 * @param int $id Deleted id.
	 * @return void
	 */
	protected function after_delete( $id ) {
	}

	/*
	|--------------------------------------------------------------------------
	| Getters
	|--------------------------------------------------------------------------
	*/

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
	 * Status without wc- prefix.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_status( $context = 'view' ) {
		$status = $this->get_prop( 'status', $context );
		if ( empty( $status ) && 'view' === $context ) {
			$status = apply_filters( 'woocommerce_default_order_status', 'pending' );
		}
		return $status;
	}

	/**
	 * Currency.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_currency( $context = 'view' ) {
		return $this->get_prop( 'currency', $context );
	}

	/**
	 * Version that created/updated the order.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_version( $context = 'view' ) {
		return $this->get_prop( 'version', $context );
	}

	/**
	 * Prices include tax (per order).
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_prices_include_tax( $context = 'view' ) {
		return $this->get_prop( 'prices_include_tax', $context );
	}

	/**
	 * Created date.
	 *
	 * @param string $context Context.
	 * @return WC_DateTime|null
	 */
	public function get_date_created( $context = 'view' ) {
		return $this->get_prop( 'date_created', $context );
	}

	/**
	 * Modified date.
	 *
	 * @param string $context Context.
	 * @return WC_DateTime|null
	 */
	public function get_date_modified( $context = 'view' ) {
		return $this->get_prop( 'date_modified', $context );
	}

	/**
	 * Discount total (ex tax).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_discount_total( $context = 'view' ) {
		return $this->get_prop( 'discount_total', $context );
	}

	/**
	 * Discount tax.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_discount_tax( $context = 'view' ) {
		return $this->get_prop( 'discount_tax', $context );
	}

	/**
	 * Shipping total (ex tax).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_total( $context = 'view' ) {
		return $this->get_prop( 'shipping_total', $context );
	}

	/**
	 * Shipping tax.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_tax( $context = 'view' ) {
		return $this->get_prop( 'shipping_tax', $context );
	}

	/**
	 * Cart tax (lines and fees).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_cart_tax( $context = 'view' ) {
		return $this->get_prop( 'cart_tax', $context );
	}

	/**
	 * Grand total.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_total( $context = 'view' ) {
		return $this->get_prop( 'total', $context );
	}

	/**
	 * Total tax.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_total_tax( $context = 'view' ) {
		return $this->get_prop( 'total_tax', $context );
	}

	/**
	 * Total discount.
	 *
	 * @param bool $ex_tax Exclude tax.
	 * @return float
	 */
	public function get_total_discount( $ex_tax = true ) {
		$total = $ex_tax ? (float) $this->get_discount_total() : (float) $this->get_discount_total() + (float) $this->get_discount_tax();
		return apply_filters( 'woocommerce_order_get_total_discount', wc_standin_round( $total, WC_ROUNDING_PRECISION ), $this );
	}

	/**
	 * Subtotal: rounded sum of line subtotals (ex tax).
	 *
	 * @return float
	 */
	public function get_subtotal() {
		$subtotal = wc_standin_round( $this->get_cart_subtotal_for_order(), wc_get_price_decimals() );
		return apply_filters( 'woocommerce_order_get_subtotal', (float) $subtotal, $this );
	}

	/**
	 * Tax totals merged by rate code.
	 *
	 * @return array code => object{id,rate_id,is_compound,label,amount,formatted_amount}
	 */
	public function get_tax_totals() {
		$tax_totals = array();
		foreach ( $this->get_items( 'tax' ) as $key => $tax ) {
			$code = $tax->get_rate_code();
			if ( ! isset( $tax_totals[ $code ] ) ) {
				$tax_totals[ $code ]         = new stdClass();
				$tax_totals[ $code ]->amount = 0;
			}
			$tax_totals[ $code ]->id               = $key;
			$tax_totals[ $code ]->rate_id          = $tax->get_rate_id();
			$tax_totals[ $code ]->is_compound      = $tax->is_compound();
			$tax_totals[ $code ]->label            = $tax->get_label();
			$tax_totals[ $code ]->amount          += (float) $tax->get_tax_total() + (float) $tax->get_shipping_tax_total();
			$tax_totals[ $code ]->formatted_amount = wc_price( $tax_totals[ $code ]->amount, array( 'currency' => $this->get_currency() ) );
		}
		if ( apply_filters( 'woocommerce_order_hide_zero_taxes', true ) ) {
			$tax_totals = array_filter(
				$tax_totals,
				function ( $t ) {
					return 0.0 !== wc_standin_round( $t->amount, wc_get_price_decimals() );
				}
			);
		}
		return apply_filters( 'woocommerce_order_get_tax_totals', $tax_totals, $this );
	}

	/*
	|--------------------------------------------------------------------------
	| Setters
	|--------------------------------------------------------------------------
	*/

	/**
	 * Set parent id.
	 *
	 * @param int $value Id.
	 * @return void
	 */
	public function set_parent_id( $value ) {
		$this->set_prop( 'parent_id', absint( $value ) );
	}

	/**
	 * Set status (wc- prefix stripped; invalid statuses become pending once read).
	 *
	 * @param string $new_status Status.
	 * @return array from, to
	 */
	public function set_status( $new_status ) {
		$old_status = $this->get_status();
		$new_status = 'wc-' === substr( (string) $new_status, 0, 3 ) ? substr( $new_status, 3 ) : (string) $new_status;
		$exceptions = array( 'auto-draft', 'trash' );
		$valid      = array_keys( $this->get_valid_statuses() );
		if ( true === $this->object_read ) {
			if ( ! in_array( 'wc-' . $new_status, $valid, true ) && ! in_array( $new_status, $exceptions, true ) ) {
				$new_status = 'pending';
			}
			if ( $old_status && ( 'auto-draft' === $old_status || ( ! in_array( 'wc-' . $old_status, $valid, true ) && ! in_array( $old_status, $exceptions, true ) ) ) ) {
				$old_status = 'pending';
			}
		}
		$this->set_prop( 'status', $new_status );
		return array(
			'from' => $old_status,
			'to'   => $new_status,
		);
	}

	/**
	 * Valid statuses.
	 *
	 * @return array
	 */
	protected function get_valid_statuses() {
		return wc_get_order_statuses();
	}

	/**
	 * Set currency.
	 *
	 * @param string $value Code.
	 * @return void
	 */
	public function set_currency( $value ) {
		if ( $value && ! in_array( $value, array_keys( get_woocommerce_currencies() ), true ) ) {
			$value = strtoupper( (string) $value );
		}
		$this->set_prop( 'currency', $value ? $value : get_woocommerce_currency() );
	}

	/**
	 * Set version.
	 *
	 * @param string $value Version.
	 * @return void
	 */
	public function set_version( $value ) {
		$this->set_prop( 'version', (string) $value );
	}

	/**
	 * Set prices include tax.
	 *
	 * @param bool $value Flag.
	 * @return void
	 */
	public function set_prices_include_tax( $value ) {
		$this->set_prop( 'prices_include_tax', (bool) $value );
	}

	/**
	 * Set created date.
	 *
	 * @param mixed $date Date.
	 * @return void
	 */
	public function set_date_created( $date = null ) {
		$this->set_date_prop( 'date_created', $date );
	}

	/**
	 * Set modified date.
	 *
	 * @param mixed $date Date.
	 * @return void
	 */
	public function set_date_modified( $date = null ) {
		$this->set_date_prop( 'date_modified', $date );
	}

	/**
	 * Set discount total.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_discount_total( $value ) {
		$this->set_prop( 'discount_total', wc_format_decimal( $value ) );
	}

	/**
	 * Set discount tax.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_discount_tax( $value ) {
		$this->set_prop( 'discount_tax', wc_format_decimal( $value ) );
	}

	/**
	 * Set shipping total.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_shipping_total( $value ) {
		$this->set_prop( 'shipping_total', wc_format_decimal( $value ) );
	}

	/**
	 * Set shipping tax (updates total tax).
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_shipping_tax( $value ) {
		$this->set_prop( 'shipping_tax', wc_format_decimal( $value ) );
		$this->set_total_tax( (float) $this->get_cart_tax() + (float) $this->get_shipping_tax() );
	}

	/**
	 * Set cart tax (updates total tax).
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_cart_tax( $value ) {
		$this->set_prop( 'cart_tax', wc_format_decimal( $value ) );
		$this->set_total_tax( (float) $this->get_cart_tax() + (float) $this->get_shipping_tax() );
	}

	/**
	 * Set total tax (rounded to price decimals).
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	protected function set_total_tax( $value ) {
		$this->set_prop( 'total_tax', wc_format_decimal( wc_standin_round( $value, wc_get_price_decimals() ) ) );
	}

	/**
	 * Set total (formatted to price decimals).
	 *
	 * @param string $value    Amount.
	 * @param string $deprecated Unused.
	 * @return void
	 */
	public function set_total( $value, $deprecated = '' ) {
		$this->set_prop( 'total', wc_format_decimal( $value, wc_get_price_decimals() ) );
	}

	/*
	|--------------------------------------------------------------------------
	| Items
	|--------------------------------------------------------------------------
	*/

	/**
	 * Group name for an item or type.
	 *
	 * @param WC_Order_Item|string $item Item or type.
	 * @return string
	 */
	protected function get_items_key( $item ) {
		$type = is_object( $item ) ? $item->get_type() : $item;
		return isset( $this->item_types_to_group[ $type ] ) ? $this->item_types_to_group[ $type ] : '';
	}

	/**
	 * Load items of a group from storage.
	 *
	 * @param string $group Group.
	 * @return void
	 */
	protected function maybe_load_items( $group ) {
		if ( isset( $this->items[ $group ] ) ) {
			return;
		}
		$this->items[ $group ] = array();
		if ( ! $this->get_id() ) {
			return;
		}
		$classes = array(
			'line_item' => 'WC_Order_Item_Product',
			'tax'       => 'WC_Order_Item_Tax',
			'shipping'  => 'WC_Order_Item_Shipping',
			'fee'       => 'WC_Order_Item_Fee',
			'coupon'    => 'WC_Order_Item_Coupon',
		);
		foreach ( WC_Standin_Order_Store::get_item_rows( $this->get_id() ) as $row ) {
			if ( $this->get_items_key( $row->order_item_type ) !== $group ) {
				continue;
			}
			$class = isset( $classes[ $row->order_item_type ] ) ? $classes[ $row->order_item_type ] : '';
			if ( $class ) {
				$this->items[ $group ][ (int) $row->order_item_id ] = new $class( (int) $row->order_item_id );
			}
		}
	}

	/**
	 * Items of one or more types, keyed by item id.
	 *
	 * @param string|array $types line_item|shipping|fee|coupon|tax.
	 * @return WC_Order_Item[]
	 */
	public function get_items( $types = 'line_item' ) {
		$items = array();
		$types = array_filter( (array) $types );
		foreach ( $types as $type ) {
			$group = $this->get_items_key( $type );
			if ( $group ) {
				$this->maybe_load_items( $group );
				$items = $items + $this->items[ $group ];
			}
		}
		return apply_filters( 'woocommerce_order_get_items', $items, $this, $types );
	}

	/**
	 * One item.
	 *
	 * @param int  $item_id       Item id.
	 * @param bool $load_from_db  Unused.
	 * @return WC_Order_Item|false
	 */
	public function get_item( $item_id, $load_from_db = true ) {
		foreach ( array_keys( $this->item_types_to_group ) as $type ) {
			$items = $this->get_items( $type );
			if ( isset( $items[ $item_id ] ) ) {
				return $items[ $item_id ];
			}
		}
		return false;
	}

	/**
	 * Fees.
	 *
	 * @return WC_Order_Item_Fee[]
	 */
	public function get_fees() {
		return $this->get_items( 'fee' );
	}

	/**
	 * Tax lines.
	 *
	 * @return WC_Order_Item_Tax[]
	 */
	public function get_taxes() {
		return $this->get_items( 'tax' );
	}

	/**
	 * Shipping lines.
	 *
	 * @return WC_Order_Item_Shipping[]
	 */
	public function get_shipping_methods() {
		return $this->get_items( 'shipping' );
	}

	/**
	 * Shipping method titles joined.
	 *
	 * @return string
	 */
	public function get_shipping_method() {
		$names = array();
		foreach ( $this->get_shipping_methods() as $method ) {
			$names[] = $method->get_name();
		}
		return apply_filters( 'woocommerce_order_shipping_method', implode( ', ', $names ), $this );
	}

	/**
	 * Coupon codes.
	 *
	 * @return string[]
	 */
	public function get_coupon_codes() {
		$codes = array();
		foreach ( $this->get_items( 'coupon' ) as $item ) {
			$codes[] = $item->get_code();
		}
		return $codes;
	}

	/**
	 * Count of product units.
	 *
	 * @param string $item_type Type.
	 * @return int
	 */
	public function get_item_count( $item_type = '' ) {
		$count = 0;
		foreach ( $this->get_items( $item_type ? $item_type : 'line_item' ) as $item ) {
			$count += $item->get_quantity();
		}
		return apply_filters( 'woocommerce_get_item_count', $count, $item_type, $this );
	}

	/**
	 * Add an item (saved with the order).
	 *
	 * @param WC_Order_Item $item Item.
	 * @return void
	 */
	public function add_item( $item ) {
		$group = $this->get_items_key( $item );
		if ( ! $group ) {
			return;
		}
		$this->maybe_load_items( $group );
		$item->set_order_id( $this->get_id() );
		if ( $item->get_id() ) {
			$this->items[ $group ][ $item->get_id() ] = $item;
		} else {
			$this->items[ $group ][ 'new:' . $group . count( $this->items[ $group ] ) . '_' . wp_rand() ] = $item;
		}
		$this->items_changed = true;
	}

	/**
	 * Remove an item (deleted on save).
	 *
	 * @param int $item_id Id.
	 * @return false|void
	 */
	public function remove_item( $item_id ) {
		$item = $this->get_item( $item_id, false );
		if ( ! $item ) {
			return false;
		}
		$group                   = $this->get_items_key( $item );
		$this->items_to_delete[] = $item;
		unset( $this->items[ $group ][ $item->get_id() ] );
		$this->items_changed = true;
	}

	/**
	 * Remove all items of a type.
	 *
	 * @param string|null $type Type or all.
	 * @return void
	 */
	public function remove_order_items( $type = null ) {
		$types = $type ? array( $type ) : array_keys( $this->item_types_to_group );
		foreach ( $types as $t ) {
			foreach ( $this->get_items( $t ) as $item ) {
				$this->remove_item( $item->get_id() );
			}
		}
	}

	/**
	 * Persist items.
	 *
	 * @return void
	 */
	protected function save_items() {
		foreach ( $this->items_to_delete as $item ) {
			$item->delete();
		}
		$this->items_to_delete = array();
		foreach ( $this->items as $group => $items ) {
			foreach ( $items as $key => $item ) {
				$item->set_order_id( $this->get_id() );
				$item->save();
				if ( ! is_int( $key ) ) {
					unset( $this->items[ $group ][ $key ] );
					$this->items[ $group ][ $item->get_id() ] = $item;
				}
			}
		}
	}

	/**
	 * Add a product line: subtotal = total = price ex tax × qty (negative qty allowed).
	 *
	 * @param WC_Product $product Product.
	 * @param int        $qty     Quantity.
	 * @param array      $args    Overrides.
	 * @return int Item id.
	 */
	public function add_product( $product, $qty = 1, $args = array() ) {
		if ( $product ) {
			$total = wc_get_price_excluding_tax( $product, array( 'qty' => abs( (float) $qty ) ) );
			if ( '' !== $total && (float) $qty < 0 ) {
				$total = -1 * (float) $total;
			}
			$default_args = array(
				'name'         => $product->get_name(),
				'tax_class'    => $product->get_tax_class(),
				'product_id'   => $product->get_id(),
				'variation_id' => 0,
				'subtotal'     => $total,
				'total'        => $total,
				'quantity'     => $qty,
			);
		} else {
			$default_args = array( 'quantity' => $qty );
		}
		$args = wp_parse_args( $args, $default_args );
		if ( isset( $args['totals'] ) ) {
			foreach ( $args['totals'] as $key => $value ) {
				if ( 'tax' === $key ) {
					$args['total_tax'] = $value;
				} elseif ( 'tax_data' === $key ) {
					$args['taxes'] = $value;
				} else {
					$args[ $key ] = $value;
				}
			}
			unset( $args['totals'] );
		}
		$item = new WC_Order_Item_Product();
		$item->set_props( $args );
		$item->set_order_id( $this->get_id() );
		$item->save();
		$this->add_item( $item );
		return $item->get_id();
	}

	/*
	|--------------------------------------------------------------------------
	| Coupons
	|--------------------------------------------------------------------------
	*/

	/**
	 * Apply a coupon (code or WC_Coupon) and recalculate.
	 *
	 * @param string|WC_Coupon $raw_coupon Coupon.
	 * @return true|WP_Error
	 */
	public function apply_coupon( $raw_coupon ) {
		if ( $raw_coupon instanceof WC_Coupon ) {
			$coupon = $raw_coupon;
		} elseif ( is_string( $raw_coupon ) ) {
			$code   = wc_format_coupon_code( $raw_coupon );
			$coupon = new WC_Coupon( $code );
			if ( ! $coupon->get_id() || ! wc_is_same_coupon( $coupon->get_code(), $code ) ) {
				return new WP_Error( 'invalid_coupon', __( 'Invalid coupon code', 'woocommerce' ) );
			}
		} else {
			return new WP_Error( 'invalid_coupon', __( 'Invalid coupon', 'woocommerce' ) );
		}
		foreach ( $this->get_items( 'coupon' ) as $applied ) {
			if ( wc_is_same_coupon( $applied->get_code(), $coupon->get_code() ) ) {
				/* translators: %s: coupon code */
				return new WP_Error( 'invalid_coupon', sprintf( esc_html__( 'Coupon code "%s" already applied!', 'woocommerce' ), esc_html( $coupon->get_code() ) ) );
			}
		}
		$discounts = new WC_Discounts( $this );
		$applied   = $discounts->apply_coupon( $coupon );
		if ( is_wp_error( $applied ) ) {
			return $applied;
		}
		do_action( 'woocommerce_order_applied_coupon', $coupon, $this );
		$this->set_coupon_discount_amounts( $discounts );
		$this->save();
		$this->recalculate_coupons();
		$coupon->increase_usage_count( $this->get_user_id_for_coupons() );
		return true;
	}

	/**
	 * Customer id (orders) used for coupon usage.
	 *
	 * @return int|string
	 */
	protected function get_user_id_for_coupons() {
		return 0;
	}

	/**
	 * Remove a coupon and recalculate.
	 *
	 * @param string $code Code.
	 * @return bool
	 */
	public function remove_coupon( $code ) {
		foreach ( $this->get_items( 'coupon' ) as $item_id => $coupon ) {
			if ( wc_is_same_coupon( $coupon->get_code(), $code ) ) {
				$this->remove_item( $item_id );
				$coupon_object = new WC_Coupon( $code );
				$coupon_object->decrease_usage_count( $this->get_user_id_for_coupons() );
				$this->recalculate_coupons();
				return true;
			}
		}
		return false;
	}

	/**
	 * Re-apply all coupons from line subtotals.
	 *
	 * @return void
	 */
	public function recalculate_coupons() {
		foreach ( $this->get_items() as $item ) {
			$item->set_total( $item->get_subtotal() );
			$item->set_total_tax( $item->get_subtotal_tax() );
		}
		$discounts = new WC_Discounts( $this );
		foreach ( $this->get_items( 'coupon' ) as $coupon_item ) {
			$code      = $coupon_item->get_code();
			$coupon_id = wc_get_coupon_id_by_code( $code );
			if ( $coupon_id ) {
				$coupon_object = new WC_Coupon( $coupon_id );
			} else {
				$coupon_object = new WC_Coupon();
				$info          = $coupon_item->get_meta( 'coupon_info', true );
				if ( $info ) {
					$coupon_object->set_short_info( $info );
				}
				$coupon_object->set_code( $code );
				$coupon_object->set_virtual( true );
				if ( ! (float) $coupon_object->get_amount() ) {
					if ( $this->get_prices_include_tax() ) {
						$coupon_object->set_amount( (float) $coupon_item->get_discount() + (float) $coupon_item->get_discount_tax() );
					} else {
						$coupon_object->set_amount( $coupon_item->get_discount() );
					}
					$coupon_object->set_discount_type( 'fixed_cart' );
				}
			}
			$coupon_object = apply_filters( 'woocommerce_order_recalculate_coupons_coupon_object', $coupon_object, $code, $coupon_item, $this );
			if ( $coupon_object ) {
				$discounts->apply_coupon( $coupon_object, false );
			}
		}//end foreach
		$this->set_coupon_discount_amounts( $discounts );
		$this->set_item_discount_amounts( $discounts );
		$this->calculate_totals( true );
	}

	/**
	 * Reduce line totals by discounts (inclusive orders: discount taken off the inclusive price).
	 *
	 * @param WC_Discounts $discounts Discounts.
	 * @return void
	 */
	protected function set_item_discount_amounts( $discounts ) {
		$location = $this->get_tax_location();
		$location = array( $location['country'], $location['state'], $location['postcode'], $location['city'] );
		foreach ( $discounts->get_discounts_by_item() as $item_id => $amount ) {
			$item = $this->get_item( $item_id, false );
			if ( ! $item ) {
				continue;
			}
			if ( $this->get_prices_include_tax() && wc_tax_enabled() && 'taxable' === $item->get_tax_status() ) {
				$taxes  = WC_Tax::calc_tax( $amount, $this->get_tax_rates( $item->get_tax_class(), $location ), true );
				$amount = $amount - array_sum( $taxes );
			}
			$item->set_total( max( 0, (float) $item->get_total() - $amount ) );
		}
	}

	/**
	 * Create/update coupon lines with discount and discount tax.
	 *
	 * @param WC_Discounts $discounts Discounts.
	 * @return void
	 */
	protected function set_coupon_discount_amounts( $discounts ) {
		$code_to_id    = array();
		$all_discounts = $discounts->get_discounts();
		$location      = $this->get_tax_location();
		$location      = array( $location['country'], $location['state'], $location['postcode'], $location['city'] );
		foreach ( $this->get_items( 'coupon' ) as $id => $item ) {
			$code_to_id[ $item->get_code() ] = $id;
		}
		foreach ( $discounts->get_discounts_by_coupon() as $code => $amount ) {
			if ( isset( $code_to_id[ $code ] ) ) {
				$coupon_item = $this->get_item( $code_to_id[ $code ], false );
			} else {
				$coupon_item = new WC_Order_Item_Coupon();
				$coupon_item->set_code( $code );
				$coupon = new WC_Coupon( wc_get_coupon_id_by_code( $code ) );
				$coupon_item->add_meta_data( 'coupon_info', $coupon->get_short_info() );
			}
			$discount_tax = 0;
			foreach ( $all_discounts[ $code ] as $item_id => $item_discount ) {
				$item = $this->get_item( $item_id, false );
				if ( ! $item || 'taxable' !== $item->get_tax_status() || ! wc_tax_enabled() ) {
					continue;
				}
				$taxes = array_sum( WC_Tax::calc_tax( $item_discount, $this->get_tax_rates( $item->get_tax_class(), $location ), $this->get_prices_include_tax() ) );
				if ( 'yes' !== get_option( 'woocommerce_tax_round_at_subtotal' ) ) {
					$taxes = wc_round_tax_total( $taxes );
				}
				$discount_tax += $taxes;
				if ( $this->get_prices_include_tax() ) {
					$amount = $amount - $taxes;
				}
			}
			$coupon_item->set_discount( $amount );
			$coupon_item->set_discount_tax( $discount_tax );
			$this->add_item( $coupon_item );
		}//end foreach
	}

	/*
	|--------------------------------------------------------------------------
	| Taxes and totals
	|--------------------------------------------------------------------------
	*/

	/**
	 * Tax classes used by taxable items.
	 *
	 * @return array
	 */
	public function get_items_tax_classes() {
		$found = array();
		foreach ( $this->get_items() as $item ) {
			if ( in_array( $item->get_tax_status(), array( 'taxable', 'shipping' ), true ) ) {
				$found[] = $item->get_tax_class();
			}
		}
		return array_unique( $found );
	}

	/**
	 * Location used for taxes (woocommerce_tax_based_on: shipping|billing|base).
	 *
	 * @param array $args Overrides.
	 * @return array country, state, postcode, city
	 */
	protected function get_tax_location( $args = array() ) {
		$based_on = get_option( 'woocommerce_tax_based_on', 'shipping' );
		$billing  = is_callable( array( $this, 'get_billing_country' ) );
		if ( 'shipping' === $based_on && ( ! $billing || ! $this->get_shipping_country() ) ) {
			$based_on = 'billing';
		}
		$args = wp_parse_args(
			$args,
			array(
				'country'  => $billing ? ( 'billing' === $based_on ? $this->get_billing_country() : $this->get_shipping_country() ) : '',
				'state'    => $billing ? ( 'billing' === $based_on ? $this->get_billing_state() : $this->get_shipping_state() ) : '',
				'postcode' => $billing ? ( 'billing' === $based_on ? $this->get_billing_postcode() : $this->get_shipping_postcode() ) : '',
				'city'     => $billing ? ( 'billing' === $based_on ? $this->get_billing_city() : $this->get_shipping_city() ) : '',
			)
		);
		if ( 'base' === $based_on || empty( $args['country'] ) ) {
			$base             = wc_get_base_location();
			$args['country']  = $base['country'];
			$args['state']    = $base['state'];
			$args['postcode'] = get_option( 'woocommerce_store_postcode', '' );
			$args['city']     = get_option( 'woocommerce_store_city', '' );
		}
		return apply_filters( 'woocommerce_order_get_tax_location', $args, $this );
	}

	/**
	 * Public wrapper of the tax location.
	 *
	 * @param array $args Overrides.
	 * @return array
	 */
	public function get_taxable_location( $args = array() ) {
		return $this->get_tax_location( $args );
	}

	/**
	 * Rates for a class at a location.
	 *
	 * @param string $tax_class     Class.
	 * @param array  $location_args Location list.
	 * @param object $customer      Unused.
	 * @return array
	 */
	protected function get_tax_rates( $tax_class, $location_args = array(), $customer = null ) {
		$location = $this->get_tax_location( $location_args ? array_combine( array( 'country', 'state', 'postcode', 'city' ), array_values( $location_args ) + array( '', '', '', '' ) ) : array() );
		return WC_Tax::get_rates_from_location( $tax_class, array( $location['country'], $location['state'], $location['postcode'], $location['city'] ), $customer );
	}

	/**
	 * Calculate taxes of lines, fees and shipping, then update tax lines.
	 *
	 * @param array $args Location overrides.
	 * @return void
	 */
	public function calculate_taxes( $args = array() ) {
		do_action( 'woocommerce_order_before_calculate_taxes', $args, $this );
		$calculate_tax_for  = $this->get_tax_location( $args );
		$shipping_tax_class = get_option( 'woocommerce_shipping_tax_class', 'inherit' );
		if ( 'inherit' === $shipping_tax_class ) {
			$found              = array_values( array_intersect( array_merge( array( '' ), WC_Tax::get_tax_class_slugs() ), $this->get_items_tax_classes() ) );
			$shipping_tax_class = count( $found ) ? $found[0] : false;
			if ( false === $shipping_tax_class && 0 === count( $this->get_items() ) ) {
				$shipping_tax_class = '';
			}
		}
		$is_vat_exempt = apply_filters( 'woocommerce_order_is_vat_exempt', 'yes' === $this->get_meta( 'is_vat_exempt' ), $this );
		foreach ( $this->get_items( array( 'line_item', 'fee' ) ) as $item ) {
			if ( ! $is_vat_exempt ) {
				$item->calculate_taxes( $calculate_tax_for );
			} else {
				$item->set_taxes( false );
			}
		}
		foreach ( $this->get_shipping_methods() as $item ) {
			if ( false !== $shipping_tax_class && ! $is_vat_exempt ) {
				$item->calculate_taxes( array_merge( $calculate_tax_for, array( 'tax_class' => $shipping_tax_class ) ) );
			} else {
				$item->set_taxes( false );
			}
		}
		$this->update_taxes();
	}

	/**
	 * Rebuild tax lines from item taxes: per rate, line/fee taxes (rounded per item unless
	 * round-at-subtotal) and shipping taxes; then cart_tax and shipping_tax.
	 *
	 * @return void
	 */
	public function update_taxes() {
		$cart_taxes     = array();
		$shipping_taxes = array();
		$round_at_sub   = 'yes' === get_option( 'woocommerce_tax_round_at_subtotal' );
		foreach ( $this->get_items( array( 'line_item', 'fee' ) ) as $item ) {
			$taxes = $item->get_taxes();
			foreach ( $taxes['total'] as $rate_id => $tax ) {
				$amount                 = $round_at_sub ? (float) $tax : (float) wc_round_tax_total( $tax );
				$cart_taxes[ $rate_id ] = ( isset( $cart_taxes[ $rate_id ] ) ? $cart_taxes[ $rate_id ] : 0 ) + $amount;
			}
		}
		foreach ( $this->get_shipping_methods() as $item ) {
			$taxes = $item->get_taxes();
			foreach ( $taxes['total'] as $rate_id => $tax ) {
				$amount                     = $round_at_sub ? (float) $tax : (float) wc_round_tax_total( $tax );
				$shipping_taxes[ $rate_id ] = ( isset( $shipping_taxes[ $rate_id ] ) ? $shipping_taxes[ $rate_id ] : 0 ) + $amount;
			}
		}
		$saved = array();
		foreach ( $this->get_taxes() as $tax ) {
			$rate_id = $tax->get_rate_id();
			if ( ( ! array_key_exists( $rate_id, $cart_taxes ) && ! array_key_exists( $rate_id, $shipping_taxes ) ) || in_array( $rate_id, $saved, true ) ) {
				$this->remove_item( $tax->get_id() );
				continue;
			}
			$tax->set_rate( $rate_id );
			$tax->set_tax_total( isset( $cart_taxes[ $rate_id ] ) ? $cart_taxes[ $rate_id ] : 0 );
			$tax->set_shipping_tax_total( ! empty( $shipping_taxes[ $rate_id ] ) ? $shipping_taxes[ $rate_id ] : 0 );
			$saved[] = $rate_id;
		}
		foreach ( array_keys( $cart_taxes + $shipping_taxes ) as $rate_id ) {
			if ( in_array( (int) $rate_id, $saved, true ) ) {
				continue;
			}
			$item = new WC_Order_Item_Tax();
			$item->set_rate( $rate_id );
			$item->set_tax_total( isset( $cart_taxes[ $rate_id ] ) ? $cart_taxes[ $rate_id ] : 0 );
			$item->set_shipping_tax_total( ! empty( $shipping_taxes[ $rate_id ] ) ? $shipping_taxes[ $rate_id ] : 0 );
			$this->add_item( $item );
		}
		$this->set_shipping_tax( array_sum( $shipping_taxes ) );
		$this->set_cart_tax( array_sum( $cart_taxes ) );
		$this->save();
	}

	/**
	 * Item values in cents for a field.
	 *
	 * @param string $field subtotal|total.
	 * @return array
	 */
	protected function get_values_for_total( $field ) {
		$values = array();
		foreach ( $this->get_items() as $item ) {
			$getter   = 'get_' . $field;
			$values[] = wc_add_number_precision( $item->{$getter}(), false );
		}
		return $values;
	}

	/**
	 * Sum of values rounded per item unless round-at-subtotal.
	 *
	 * @param array $values Cents.
	 * @return float
	 */
	protected static function get_rounded_items_total( $values ) {
		$round_at_subtotal = 'yes' === get_option( 'woocommerce_tax_round_at_subtotal' );
		$sum               = 0;
		foreach ( $values as $value ) {
			$sum += $round_at_subtotal ? $value : wc_standin_round( $value );
		}
		return $sum;
	}

	/**
	 * Cart subtotal (ex tax).
	 *
	 * @return float
	 */
	protected function get_cart_subtotal_for_order() {
		return wc_remove_number_precision( self::get_rounded_items_total( $this->get_values_for_total( 'subtotal' ) ) );
	}

	/**
	 * Cart total (ex tax, after discounts).
	 *
	 * @return float
	 */
	protected function get_cart_total_for_order() {
		return wc_remove_number_precision( self::get_rounded_items_total( $this->get_values_for_total( 'total' ) ) );
	}

	/**
	 * Calculate shipping total.
	 *
	 * @return float
	 */
	public function calculate_shipping() {
		$total = 0;
		foreach ( $this->get_shipping_methods() as $shipping ) {
			$total += (float) $shipping->get_total();
		}
		$this->set_shipping_total( $total );
		$this->save();
		return $this->get_shipping_total();
	}

	/**
	 * Sum of fee totals.
	 *
	 * @return float
	 */
	public function get_total_fees() {
		$total = 0.0;
		foreach ( $this->get_fees() as $item ) {
			$total += (float) $item->get_total();
		}
		return $total;
	}

	/**
	 * Calculate and store totals (WooCommerce's formula, see README).
	 *
	 * @param bool $and_taxes Recalculate taxes too.
	 * @return float
	 */
	public function calculate_totals( $and_taxes = true ) {
		do_action( 'woocommerce_order_before_calculate_totals', $and_taxes, $this );
		$fees_total        = 0;
		$shipping_total    = 0;
		$cart_subtotal_tax = 0;
		$cart_total_tax    = 0;
		$dp                = wc_get_price_decimals();
		$cart_subtotal     = $this->get_cart_subtotal_for_order();
		$cart_total        = (float) $this->get_cart_total_for_order();

		foreach ( $this->get_shipping_methods() as $shipping ) {
			$shipping_total += wc_standin_round( $shipping->get_total(), $dp );
		}
		$this->set_shipping_total( $shipping_total );

		foreach ( $this->get_fees() as $item ) {
			$fee_total = (float) $item->get_total();
			if ( 0 > $fee_total ) {
				$max_discount = wc_standin_round( $cart_total + $fees_total + $shipping_total, $dp ) * -1;
				if ( $fee_total < $max_discount && 0 > $max_discount ) {
					$item->set_total( $max_discount );
				}
			}
			$fees_total += (float) $item->get_total();
		}

		if ( $and_taxes ) {
			$this->calculate_taxes();
		}

		foreach ( $this->get_items() as $item ) {
			$taxes = $item->get_taxes();
			foreach ( $taxes['total'] as $tax ) {
				$cart_total_tax += (float) $tax;
			}
			foreach ( $taxes['subtotal'] as $tax ) {
				$cart_subtotal_tax += (float) $tax;
			}
		}

		$this->set_discount_total( wc_standin_round( $cart_subtotal - $cart_total, $dp ) );
		$this->set_discount_tax( wc_round_tax_total( $cart_subtotal_tax - $cart_total_tax ) );
		$this->set_total( wc_standin_round( $cart_total + $fees_total + (float) $this->get_shipping_total() + (float) $this->get_cart_tax() + (float) $this->get_shipping_tax(), $dp ) );

		do_action( 'woocommerce_order_after_calculate_totals', $and_taxes, $this );
		$this->save();
		return $this->get_total();
	}

	/*
	|--------------------------------------------------------------------------
	| Conditionals and helpers
	|--------------------------------------------------------------------------
	*/

	/**
	 * Status check.
	 *
	 * @param string|array $status Status(es).
	 * @return bool
	 */
	public function has_status( $status ) {
		return apply_filters( 'woocommerce_order_has_status', ( is_array( $status ) && in_array( $this->get_status(), $status, true ) ) || $this->get_status() === $status, $this, $status );
	}

	/**
	 * Has a free (zero total) item.
	 *
	 * @return bool
	 */
	public function has_free_item() {
		foreach ( $this->get_items() as $item ) {
			if ( ! (float) $item->get_total() ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Line subtotal.
	 *
	 * @param WC_Order_Item $item    Item.
	 * @param bool          $inc_tax Include tax.
	 * @param bool          $round   Round.
	 * @return float
	 */
	public function get_line_subtotal( $item, $inc_tax = false, $round = true ) {
		$subtotal = (float) $item->get_subtotal() + ( $inc_tax ? (float) $item->get_subtotal_tax() : 0 );
		return $round ? wc_standin_round( $subtotal, wc_get_price_decimals() ) : $subtotal;
	}

	/**
	 * Line total.
	 *
	 * @param WC_Order_Item $item    Item.
	 * @param bool          $inc_tax Include tax.
	 * @param bool          $round   Round.
	 * @return float
	 */
	public function get_line_total( $item, $inc_tax = false, $round = true ) {
		$total = (float) $item->get_total() + ( $inc_tax ? (float) $item->get_total_tax() : 0 );
		return $round ? wc_standin_round( $total, wc_get_price_decimals() ) : $total;
	}

	/**
	 * Item unit total.
	 *
	 * @param WC_Order_Item $item    Item.
	 * @param bool          $inc_tax Include tax.
	 * @param bool          $round   Round.
	 * @return float
	 */
	public function get_item_total( $item, $inc_tax = false, $round = true ) {
		if ( ! $item->get_quantity() ) {
			return 0;
		}
		$total = ( (float) $item->get_total() + ( $inc_tax ? (float) $item->get_total_tax() : 0 ) ) / $item->get_quantity();
		return $round ? wc_standin_round( $total, wc_get_price_decimals() ) : $total;
	}

	/**
	 * Item unit subtotal.
	 *
	 * @param WC_Order_Item $item    Item.
	 * @param bool          $inc_tax Include tax.
	 * @param bool          $round   Round.
	 * @return float
	 */
	public function get_item_subtotal( $item, $inc_tax = false, $round = true ) {
		if ( ! $item->get_quantity() ) {
			return 0;
		}
		$subtotal = ( (float) $item->get_subtotal() + ( $inc_tax ? (float) $item->get_subtotal_tax() : 0 ) ) / $item->get_quantity();
		return $round ? wc_standin_round( $subtotal, wc_get_price_decimals() ) : $subtotal;
	}

	/**
	 * Coupon lines.
	 *
	 * @return WC_Order_Item_Coupon[]
	 */
	public function get_coupons() {
		return $this->get_items( 'coupon' );
	}

	/**
	 * Has a shipping line of this method (prefix match).
	 *
	 * @param string $method_id Method id.
	 * @return bool
	 */
	public function has_shipping_method( $method_id ) {
		foreach ( $this->get_shipping_methods() as $method ) {
			if ( 0 === strpos( $method->get_method_id(), $method_id ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Line tax rounded.
	 *
	 * @param WC_Order_Item $item Item.
	 * @return float
	 */
	public function get_line_tax( $item ) {
		return apply_filters( 'woocommerce_order_amount_line_tax', is_callable( array( $item, 'get_total_tax' ) ) ? wc_round_tax_total( $item->get_total_tax() ) : 0, $item, $this );
	}

	/**
	 * Unit tax.
	 *
	 * @param WC_Order_Item $item  Item.
	 * @param bool          $round Round.
	 * @return float
	 */
	public function get_item_tax( $item, $round = true ) {
		$tax = 0;
		if ( is_callable( array( $item, 'get_total_tax' ) ) && $item->get_quantity() ) {
			$tax = (float) $item->get_total_tax() / $item->get_quantity();
			$tax = $round ? wc_round_tax_total( $tax ) : $tax;
		}
		return apply_filters( 'woocommerce_order_amount_item_tax', $tax, $item, $round, $this );
	}

	/**
	 * Formatted total.
	 *
	 * @return string
	 */
	public function get_formatted_order_total() {
		return apply_filters( 'woocommerce_get_formatted_order_total', wc_price( $this->get_total(), array( 'currency' => $this->get_currency() ) ), $this );
	}
}
