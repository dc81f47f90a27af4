<?php
/**
 * Order item types: product, shipping, fee, coupon, tax.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Line item.
 */
class WC_Order_Item_Product extends WC_Order_Item {

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'product_id'   => 0,
		'variation_id' => 0,
		'quantity'     => 1,
		'tax_class'    => '',
		'subtotal'     => 0,
		'subtotal_tax' => 0,
		'total'        => 0,
		'total_tax'    => 0,
		'taxes'        => array(
			'subtotal' => array(),
			'total'    => array(),
		),
	);

	/**
	 * Prop => meta key (WooCommerce's).
	 *
	 * @var array
	 */
	protected $prop_meta_keys = array(
		'product_id'   => '_product_id',
		'variation_id' => '_variation_id',
		'quantity'     => '_qty',
		'tax_class'    => '_tax_class',
		'subtotal'     => '_line_subtotal',
		'subtotal_tax' => '_line_subtotal_tax',
		'total'        => '_line_total',
		'total_tax'    => '_line_tax',
		'taxes'        => '_line_tax_data',
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'line_item';
	}

	/**
	 * Set many props; "product" sets product_id, variation_id, name and tax class.
	 *
	 * @param array  $props   Props.
	 * @param string $context Context.
	 * @return bool|WP_Error
	 */
	public function set_props( $props, $context = 'set' ) {
		if ( isset( $props['product'] ) ) {
			$this->set_product( $props['product'] );
			unset( $props['product'] );
		}
		// Set the subtotal before the total so "total <= subtotal" checks use the given subtotal.
		if ( isset( $props['subtotal'] ) ) {
			$this->set_subtotal( $props['subtotal'] );
		}
		return parent::set_props( $props, $context );
	}

	/**
	 * Product id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_product_id( $context = 'view' ) {
		return $this->get_prop( 'product_id', $context );
	}

	/**
	 * Variation id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_variation_id( $context = 'view' ) {
		return $this->get_prop( 'variation_id', $context );
	}

	/**
	 * Quantity.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_quantity( $context = 'view' ) {
		return $this->get_prop( 'quantity', $context );
	}

	/**
	 * Tax class.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_class( $context = 'view' ) {
		return $this->get_prop( 'tax_class', $context );
	}

	/**
	 * Subtotal (ex tax, before discounts).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_subtotal( $context = 'view' ) {
		return $this->get_prop( 'subtotal', $context );
	}

	/**
	 * Subtotal tax.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_subtotal_tax( $context = 'view' ) {
		return $this->get_prop( 'subtotal_tax', $context );
	}

	/**
	 * Total (ex tax, after discounts).
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
	 * Taxes: [ 'total' => [rate_id => amount], 'subtotal' => [...] ].
	 *
	 * @param string $context Context.
	 * @return array
	 */
	public function get_taxes( $context = 'view' ) {
		return $this->get_prop( 'taxes', $context );
	}

	/**
	 * Tax status from the product (taxable when the product is gone).
	 *
	 * @return string
	 */
	public function get_tax_status() {
		$product = $this->get_product();
		return $product ? $product->get_tax_status() : 'taxable';
	}

	/**
	 * Product (or variation) object.
	 *
	 * @return WC_Product|false|null
	 */
	public function get_product() {
		$id      = $this->get_variation_id() ? $this->get_variation_id() : $this->get_product_id();
		$product = $id ? wc_get_product( $id ) : false;
		return apply_filters( 'woocommerce_order_item_product', $product, $this );
	}

	/**
	 * Set product id.
	 *
	 * @param int $value Id.
	 * @return void
	 */
	public function set_product_id( $value ) {
		$this->set_prop( 'product_id', absint( $value ) );
	}

	/**
	 * Set variation id.
	 *
	 * @param int $value Id.
	 * @return void
	 */
	public function set_variation_id( $value ) {
		$this->set_prop( 'variation_id', absint( $value ) );
	}

	/**
	 * Set quantity.
	 *
	 * @param int $value Qty.
	 * @return void
	 */
	public function set_quantity( $value ) {
		$this->set_prop( 'quantity', wc_stock_amount( $value ) );
	}

	/**
	 * Set tax class.
	 *
	 * @param string $value Class.
	 * @return void
	 */
	public function set_tax_class( $value ) {
		if ( $value && ! in_array( $value, WC_Tax::get_tax_class_slugs(), true ) ) {
			$value = '';
		}
		$this->set_prop( 'tax_class', (string) $value );
	}

	/**
	 * Set subtotal.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_subtotal( $value ) {
		$this->set_prop( 'subtotal', wc_format_decimal( $value ) );
	}

	/**
	 * Set total; the subtotal follows when it is empty or lower.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_total( $value ) {
		$this->set_prop( 'total', wc_format_decimal( $value ) );
		if ( '' === (string) $this->get_subtotal( 'edit' ) || (float) $this->get_subtotal( 'edit' ) < (float) $this->get_total( 'edit' ) ) {
			$this->set_subtotal( $value );
		}
	}

	/**
	 * Set subtotal tax.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_subtotal_tax( $value ) {
		$this->set_prop( 'subtotal_tax', wc_format_decimal( $value ) );
	}

	/**
	 * Set total tax.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_total_tax( $value ) {
		$this->set_prop( 'total_tax', wc_format_decimal( $value ) );
	}

	/**
	 * Set taxes and derive subtotal_tax/total_tax (rounded per rate unless round-at-subtotal).
	 *
	 * @param array|false $raw_tax_data Taxes.
	 * @return void
	 */
	public function set_taxes( $raw_tax_data ) {
		$raw_tax_data = maybe_unserialize( $raw_tax_data );
		$tax_data     = array(
			'total'    => array(),
			'subtotal' => array(),
		);
		if ( ! empty( $raw_tax_data['total'] ) && ! empty( $raw_tax_data['subtotal'] ) ) {
			$tax_data['subtotal'] = array_map( 'wc_format_decimal', $raw_tax_data['subtotal'] );
			$tax_data['total']    = array_map( 'wc_format_decimal', $raw_tax_data['total'] );
			if ( array_sum( array_map( 'floatval', $tax_data['subtotal'] ) ) < array_sum( array_map( 'floatval', $tax_data['total'] ) ) ) {
				$tax_data['subtotal'] = $tax_data['total'];
			}
		}
		$this->set_prop( 'taxes', $tax_data );
		if ( 'yes' === get_option( 'woocommerce_tax_round_at_subtotal' ) ) {
			$this->set_total_tax( array_sum( array_map( 'floatval', $tax_data['total'] ) ) );
			$this->set_subtotal_tax( array_sum( array_map( 'floatval', $tax_data['subtotal'] ) ) );
		} else {
			$this->set_total_tax( array_sum( array_map( 'wc_round_tax_total', $tax_data['total'] ) ) );
			$this->set_subtotal_tax( array_sum( array_map( 'wc_round_tax_total', $tax_data['subtotal'] ) ) );
		}
	}

	/**
	 * Set from a product.
	 *
	 * @param WC_Product $product Product.
	 * @return void
	 */
	public function set_product( $product ) {
		if ( ! $product instanceof WC_Product ) {
			return;
		}
		$this->set_product_id( $product->get_parent_id() && 'variation' === $product->get_type() ? $product->get_parent_id() : $product->get_id() );
		$this->set_variation_id( 'variation' === $product->get_type() ? $product->get_id() : 0 );
		$this->set_name( $product->get_name() );
		$this->set_tax_class( $product->get_tax_class() );
	}

	/**
	 * Variation attributes (ignored by the stand-in).
	 *
	 * @param array $data Attributes.
	 * @return void
	 */
	public function set_variation( $data = array() ) {
		foreach ( (array) $data as $key => $value ) {
			$this->add_meta_data( str_replace( 'attribute_', '', $key ), $value, true );
		}
	}

	/**
	 * Backorder meta (no stock in the stand-in).
	 *
	 * @return void
	 */
	public function set_backorder_meta() {
	}
}

/**
 * Shipping line.
 */
class WC_Order_Item_Shipping extends WC_Order_Item {

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'method_title' => '',
		'method_id'    => '',
		'instance_id'  => '',
		'total'        => 0,
		'total_tax'    => 0,
		'taxes'        => array(
			'total' => array(),
		),
	);

	/**
	 * Prop => meta key.
	 *
	 * @var array
	 */
	protected $prop_meta_keys = array(
		'method_id'   => 'method_id',
		'instance_id' => 'instance_id',
		'total'       => 'cost',
		'total_tax'   => 'total_tax',
		'taxes'       => 'taxes',
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'shipping';
	}

	/**
	 * Method title = name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_method_title( $context = 'view' ) {
		$title = $this->get_name( $context );
		return $title ? $title : __( 'Shipping', 'woocommerce' );
	}

	/**
	 * Method id.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_method_id( $context = 'view' ) {
		return $this->get_prop( 'method_id', $context );
	}

	/**
	 * Instance id.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_instance_id( $context = 'view' ) {
		return $this->get_prop( 'instance_id', $context );
	}

	/**
	 * Total (ex tax).
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
	 * Taxes: [ 'total' => [rate_id => amount] ].
	 *
	 * @param string $context Context.
	 * @return array
	 */
	public function get_taxes( $context = 'view' ) {
		$taxes = $this->get_prop( 'taxes', $context );
		return array(
			'total'    => isset( $taxes['total'] ) ? $taxes['total'] : array(),
			'subtotal' => array(),
		);
	}

	/**
	 * Tax class: the woocommerce_shipping_tax_class option (may be "inherit").
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_class( $context = 'view' ) {
		return get_option( 'woocommerce_shipping_tax_class' );
	}

	/**
	 * Tax status: the shipping method instance's tax_status setting, else taxable.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_status( $context = 'view' ) {
		$method = WC_Shipping_Zones::get_shipping_method( $this->get_instance_id() );
		return $method instanceof WC_Shipping_Method ? $method->tax_status : 'taxable';
	}

	/**
	 * Set method title (and name).
	 *
	 * @param string $value Title.
	 * @return void
	 */
	public function set_method_title( $value ) {
		$this->set_name( wc_clean( $value ) );
	}

	/**
	 * Set method id.
	 *
	 * @param string $value Id.
	 * @return void
	 */
	public function set_method_id( $value ) {
		$this->set_prop( 'method_id', wc_clean( $value ) );
	}

	/**
	 * Set instance id.
	 *
	 * @param string $value Id.
	 * @return void
	 */
	public function set_instance_id( $value ) {
		$this->set_prop( 'instance_id', wc_clean( (string) $value ) );
	}

	/**
	 * Set total.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_total( $value ) {
		$this->set_prop( 'total', wc_format_decimal( $value ) );
	}

	/**
	 * Set total tax.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_total_tax( $value ) {
		$this->set_prop( 'total_tax', wc_format_decimal( $value ) );
	}

	/**
	 * Tax status comes from the shipping method (no-op, as in WooCommerce).
	 *
	 * @param string $value Status.
	 * @return void
	 */
	public function set_tax_status( $value ) {
	}

	/**
	 * Set taxes and total tax.
	 *
	 * @param array|false $raw_tax_data Taxes.
	 * @return void
	 */
	public function set_taxes( $raw_tax_data ) {
		$raw_tax_data = maybe_unserialize( $raw_tax_data );
		$tax_data     = array( 'total' => array() );
		if ( isset( $raw_tax_data['total'] ) ) {
			$tax_data['total'] = array_map( 'wc_format_decimal', (array) $raw_tax_data['total'] );
		} elseif ( ! empty( $raw_tax_data ) && is_array( $raw_tax_data ) ) {
			$tax_data['total'] = array_map( 'wc_format_decimal', $raw_tax_data );
		}
		$this->set_prop( 'taxes', $tax_data );
		if ( 'yes' === get_option( 'woocommerce_tax_round_at_subtotal' ) ) {
			$this->set_total_tax( array_sum( array_map( 'floatval', $tax_data['total'] ) ) );
		} else {
			$this->set_total_tax( array_sum( array_map( 'wc_round_tax_total', $tax_data['total'] ) ) );
		}
	}

	/**
	 * Shipping taxes: shipping-enabled rates of the location and tax class.
	 *
	 * @param array $calculate_tax_for Location incl. tax_class.
	 * @return bool
	 */
	public function calculate_taxes( $calculate_tax_for = array() ) {
		if ( ! isset( $calculate_tax_for['country'], $calculate_tax_for['state'], $calculate_tax_for['postcode'], $calculate_tax_for['city'], $calculate_tax_for['tax_class'] ) ) {
			return false;
		}
		if ( wc_tax_enabled() && 'taxable' === $this->get_tax_status() ) {
			$tax_rates = WC_Tax::find_shipping_rates( $calculate_tax_for );
			$taxes     = WC_Tax::calc_tax( $this->get_total(), $tax_rates, false );
			$this->set_taxes( array( 'total' => $taxes ) );
		} else {
			$this->set_taxes( false );
		}
		do_action( 'woocommerce_order_item_shipping_after_calculate_taxes', $this, $calculate_tax_for );
		return true;
	}
}

/**
 * Fee line.
 */
class WC_Order_Item_Fee extends WC_Order_Item {

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'tax_class'  => '',
		'tax_status' => 'taxable',
		'amount'     => '',
		'total'      => '',
		'total_tax'  => '',
		'taxes'      => array(
			'total' => array(),
		),
	);

	/**
	 * Prop => meta key.
	 *
	 * @var array
	 */
	protected $prop_meta_keys = array(
		'amount'     => '_fee_amount',
		'tax_class'  => '_tax_class',
		'tax_status' => '_tax_status',
		'total'      => '_line_total',
		'total_tax'  => '_line_tax',
		'taxes'      => '_line_tax_data',
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'fee';
	}

	/**
	 * Amount (as entered).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_amount( $context = 'view' ) {
		return $this->get_prop( 'amount', $context );
	}

	/**
	 * Tax class.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_class( $context = 'view' ) {
		return $this->get_prop( 'tax_class', $context );
	}

	/**
	 * Tax status taxable|none.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_status( $context = 'view' ) {
		return $this->get_prop( 'tax_status', $context );
	}

	/**
	 * Total (ex tax).
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
	 * Taxes.
	 *
	 * @param string $context Context.
	 * @return array
	 */
	public function get_taxes( $context = 'view' ) {
		$taxes = $this->get_prop( 'taxes', $context );
		return array(
			'total'    => isset( $taxes['total'] ) ? $taxes['total'] : array(),
			'subtotal' => array(),
		);
	}

	/**
	 * Set amount.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_amount( $value ) {
		$this->set_prop( 'amount', wc_format_decimal( $value ) );
	}

	/**
	 * Set tax class.
	 *
	 * @param string $value Class.
	 * @return void
	 */
	public function set_tax_class( $value ) {
		if ( $value && ! in_array( $value, WC_Tax::get_tax_class_slugs(), true ) ) {
			$value = '';
		}
		$this->set_prop( 'tax_class', (string) $value );
	}

	/**
	 * Set tax status.
	 *
	 * @param string $value taxable|none.
	 * @return void
	 */
	public function set_tax_status( $value ) {
		$this->set_prop( 'tax_status', in_array( $value, array( 'taxable', 'none' ), true ) ? $value : 'taxable' );
	}

	/**
	 * Set total.
	 *
	 * @param string $amount Amount.
	 * @return void
	 */
	public function set_total( $amount ) {
		$this->set_prop( 'total', wc_format_decimal( $amount ) );
	}

	/**
	 * Set total tax.
	 *
	 * @param string $amount Amount.
	 * @return void
	 */
	public function set_total_tax( $amount ) {
		$this->set_prop( 'total_tax', wc_format_decimal( $amount ) );
	}

	/**
	 * Set taxes.
	 *
	 * @param array|false $raw_tax_data Taxes.
	 * @return void
	 */
	public function set_taxes( $raw_tax_data ) {
		$raw_tax_data = maybe_unserialize( $raw_tax_data );
		$tax_data     = array( 'total' => array() );
		if ( isset( $raw_tax_data['total'] ) ) {
			$tax_data['total'] = array_map( 'wc_format_decimal', (array) $raw_tax_data['total'] );
		}
		$this->set_prop( 'taxes', $tax_data );
		if ( 'yes' === get_option( 'woocommerce_tax_round_at_subtotal' ) ) {
			$this->set_total_tax( array_sum( array_map( 'floatval', $tax_data['total'] ) ) );
		} else {
			$this->set_total_tax( array_sum( array_map( 'wc_round_tax_total', $tax_data['total'] ) ) );
		}
	}

	/**
	 * Positive fees: normal taxes. Negative fees: taxed like a discount spread over the
	 * positive lines per tax class (ignoring the fee's own tax status).
	 *
	 * @param array $calculate_tax_for Location.
	 * @return bool
	 */
	public function calculate_taxes( $calculate_tax_for = array() ) {
		if ( ! isset( $calculate_tax_for['country'], $calculate_tax_for['state'], $calculate_tax_for['postcode'], $calculate_tax_for['city'] ) ) {
			return false;
		}
		if ( ! wc_tax_enabled() ) {
			$this->set_taxes( false );
			do_action( 'woocommerce_order_item_fee_after_calculate_taxes', $this, $calculate_tax_for );
			return true;
		}
		$order = $this->get_order();
		if ( 0 > (float) $this->get_total() && $order ) {
			$costs          = $this->get_tax_class_costs( $order );
			$total_costs    = array_sum( $costs );
			$discount_taxes = array();
			if ( $total_costs ) {
				foreach ( $costs as $tax_class => $cost ) {
					if ( 'non-taxable' === $tax_class ) {
						continue;
					}
					$calculate_tax_for['tax_class'] = $tax_class;
					$proportion                     = (float) $this->get_total() * ( $cost / $total_costs );
					$discount_taxes                 = wc_array_merge_recursive_numeric( $discount_taxes, WC_Tax::calc_tax( $proportion, WC_Tax::find_rates( $calculate_tax_for ) ) );
				}
			}
			$this->set_taxes( array( 'total' => $discount_taxes ) );
		} else {
			return parent::calculate_taxes( $calculate_tax_for );
		}
		do_action( 'woocommerce_order_item_fee_after_calculate_taxes', $this, $calculate_tax_for );
		return true;
	}

	/**
	 * Positive totals of line, fee and shipping items per tax class.
	 *
	 * @param WC_Abstract_Order $order Order.
	 * @return array
	 */
	protected function get_tax_class_costs( $order ) {
		$classes              = $order->get_items_tax_classes();
		$costs                = array_fill_keys( $classes, 0 );
		$costs['non-taxable'] = 0;
		foreach ( $order->get_items( array( 'line_item', 'fee', 'shipping' ) ) as $item ) {
			if ( 0 > (float) $item->get_total() ) {
				continue;
			}
			if ( 'taxable' !== $item->get_tax_status() ) {
				$costs['non-taxable'] += (float) $item->get_total();
			} elseif ( 'inherit' === $item->get_tax_class() ) {
				$inherit           = reset( $classes );
				$costs[ $inherit ] = ( isset( $costs[ $inherit ] ) ? $costs[ $inherit ] : 0 ) + (float) $item->get_total();
			} else {
				$class           = $item->get_tax_class();
				$costs[ $class ] = ( isset( $costs[ $class ] ) ? $costs[ $class ] : 0 ) + (float) $item->get_total();
			}
		}
		return array_filter( $costs );
	}
}

/**
 * Coupon line (informational: discounts are already inside line totals).
 */
class WC_Order_Item_Coupon extends WC_Order_Item {

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'code'         => '',
		'discount'     => 0,
		'discount_tax' => 0,
	);

	/**
	 * Prop => meta key.
	 *
	 * @var array
	 */
	protected $prop_meta_keys = array(
		'discount'     => 'discount_amount',
		'discount_tax' => 'discount_amount_tax',
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'coupon';
	}

	/**
	 * Code = name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_code( $context = 'view' ) {
		return $this->get_name( $context );
	}

	/**
	 * Discount (ex tax).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_discount( $context = 'view' ) {
		return $this->get_prop( 'discount', $context );
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
	 * Set code.
	 *
	 * @param string $code Code.
	 * @return void
	 */
	public function set_code( $code ) {
		$this->set_name( wc_format_coupon_code( $code ) );
	}

	/**
	 * Set discount.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_discount( $value ) {
		$this->set_prop( 'discount', wc_format_decimal( $value ) );
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
	 * Set props; "code" may come before name.
	 *
	 * @param array  $props   Props.
	 * @param string $context Context.
	 * @return bool|WP_Error
	 */
	public function set_props( $props, $context = 'set' ) {
		if ( isset( $props['code'] ) ) {
			$this->set_code( $props['code'] );
			unset( $props['code'] );
		}
		return parent::set_props( $props, $context );
	}
}

/**
 * Tax line (one per rate).
 */
class WC_Order_Item_Tax extends WC_Order_Item {

	/**
	 * Props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'rate_code'          => '',
		'rate_id'            => 0,
		'label'              => '',
		'compound'           => false,
		'tax_total'          => 0,
		'shipping_tax_total' => 0,
		'rate_percent'       => null,
	);

	/**
	 * Prop => meta key.
	 *
	 * @var array
	 */
	protected $prop_meta_keys = array(
		'rate_id'            => 'rate_id',
		'label'              => 'label',
		'compound'           => 'compound',
		'tax_total'          => 'tax_amount',
		'shipping_tax_total' => 'shipping_tax_amount',
		'rate_percent'       => 'rate_percent',
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'tax';
	}

	/**
	 * Rate code = name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_rate_code( $context = 'view' ) {
		return $this->get_name( $context );
	}

	/**
	 * Rate id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_rate_id( $context = 'view' ) {
		return $this->get_prop( 'rate_id', $context );
	}

	/**
	 * Label.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_label( $context = 'view' ) {
		$label = $this->get_prop( 'label', $context );
		return $label ? $label : __( 'Tax', 'woocommerce' );
	}

	/**
	 * Compound flag.
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_compound( $context = 'view' ) {
		return $this->get_prop( 'compound', $context );
	}

	/**
	 * Is compound.
	 *
	 * @return bool
	 */
	public function is_compound() {
		return (bool) $this->get_compound();
	}

	/**
	 * Tax on lines and fees.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_tax_total( $context = 'view' ) {
		return $this->get_prop( 'tax_total', $context );
	}

	/**
	 * Tax on shipping.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_tax_total( $context = 'view' ) {
		return $this->get_prop( 'shipping_tax_total', $context );
	}

	/**
	 * Rate percent.
	 *
	 * @param string $context Context.
	 * @return float|null
	 */
	public function get_rate_percent( $context = 'view' ) {
		return $this->get_prop( 'rate_percent', $context );
	}

	/**
	 * Set rate code.
	 *
	 * @param string $value Code.
	 * @return void
	 */
	public function set_rate_code( $value ) {
		$this->set_name( wc_clean( $value ) );
	}

	/**
	 * Set rate id.
	 *
	 * @param int $value Id.
	 * @return void
	 */
	public function set_rate_id( $value ) {
		$this->set_prop( 'rate_id', absint( $value ) );
	}

	/**
	 * Set label.
	 *
	 * @param string $value Label.
	 * @return void
	 */
	public function set_label( $value ) {
		$this->set_prop( 'label', wc_clean( $value ) );
	}

	/**
	 * Set compound.
	 *
	 * @param bool $value Compound.
	 * @return void
	 */
	public function set_compound( $value ) {
		$this->set_prop( 'compound', wc_string_to_bool( $value ) );
	}

	/**
	 * Set tax total.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_tax_total( $value ) {
		$this->set_prop( 'tax_total', $value ? wc_format_decimal( $value ) : 0 );
	}

	/**
	 * Set shipping tax total.
	 *
	 * @param string $value Amount.
	 * @return void
	 */
	public function set_shipping_tax_total( $value ) {
		$this->set_prop( 'shipping_tax_total', $value ? wc_format_decimal( $value ) : 0 );
	}

	/**
	 * Set rate percent.
	 *
	 * @param float $value Percent.
	 * @return void
	 */
	public function set_rate_percent( $value ) {
		$this->set_prop( 'rate_percent', is_null( $value ) || '' === $value ? null : (float) $value );
	}

	/**
	 * Set rate from id (code, label, compound, percent).
	 *
	 * @param int $tax_rate_id Id.
	 * @return void
	 */
	public function set_rate( $tax_rate_id ) {
		$this->set_rate_id( $tax_rate_id );
		$this->set_rate_code( WC_Tax::get_rate_code( $tax_rate_id ) );
		$this->set_label( WC_Tax::get_rate_label( $tax_rate_id ) );
		$this->set_compound( WC_Tax::is_compound( $tax_rate_id ) );
		$this->set_rate_percent( WC_Tax::get_rate_percent_value( $tax_rate_id ) );
	}
}
