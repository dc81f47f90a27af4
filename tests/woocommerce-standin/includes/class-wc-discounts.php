<?php
/**
 * WC_Discounts for orders: percent, fixed_cart and fixed_product coupons, in cents.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Spreads coupon discounts over an order's line items (most expensive line first).
 */
class WC_Discounts {

	/**
	 * Order.
	 *
	 * @var WC_Order|null
	 */
	protected $object;

	/**
	 * Items (stdClass: key, object, product, quantity, price in cents).
	 *
	 * @var array
	 */
	protected $items = array();

	/**
	 * Discounts: code => item key => cents.
	 *
	 * @var array
	 */
	protected $discounts = array();

	/**
	 * Constructor.
	 *
	 * @param WC_Order|null $object Order.
	 */
	public function __construct( $object = null ) {
		if ( $object instanceof WC_Order ) {
			$this->set_items_from_order( $object );
		}
	}

	/**
	 * Load the order's line items; price = line subtotal (+ subtotal tax for inclusive orders).
	 *
	 * @param WC_Order $order Order.
	 * @return void
	 */
	public function set_items_from_order( $order ) {
		$this->items     = array();
		$this->discounts = array();
		$this->object    = $order;
		foreach ( $order->get_items() as $order_item ) {
			$item           = new stdClass();
			$item->key      = $order_item->get_id();
			$item->object   = $order_item;
			$item->product  = $order_item->get_product();
			$item->quantity = $order_item->get_quantity();
			$item->price    = wc_add_number_precision_deep( $order_item->get_subtotal() );
			if ( $order->get_prices_include_tax() ) {
				$item->price += wc_add_number_precision_deep( $order_item->get_subtotal_tax() );
			}
			$this->items[ $item->key ] = $item;
		}
		uasort( $this->items, array( $this, 'sort_by_price' ) );
	}

	/**
	 * Most expensive line first (stable for equal lines).
	 *
	 * @param object $a Item.
	 * @param object $b Item.
	 * @return int
	 */
	protected function sort_by_price( $a, $b ) {
		$price_1 = $a->price * $a->quantity;
		$price_2 = $b->price * $b->quantity;
		if ( $price_1 === $price_2 ) {
			return 0;
		}
		return $price_1 < $price_2 ? 1 : -1;
	}

	/**
	 * Object.
	 *
	 * @return WC_Order|null
	 */
	public function get_object() {
		return $this->object;
	}

	/**
	 * Items.
	 *
	 * @return array
	 */
	public function get_items() {
		return $this->items;
	}

	/**
	 * Discounts per coupon and item.
	 *
	 * @param bool $in_cents Cents.
	 * @return array
	 */
	public function get_discounts( $in_cents = false ) {
		return $in_cents ? $this->discounts : wc_remove_number_precision_deep( $this->discounts );
	}

	/**
	 * Discount per item.
	 *
	 * @param bool $in_cents Cents.
	 * @return array
	 */
	public function get_discounts_by_item( $in_cents = false ) {
		$totals = array();
		foreach ( $this->discounts as $item_discounts ) {
			foreach ( $item_discounts as $key => $discount ) {
				$totals[ $key ] = ( isset( $totals[ $key ] ) ? $totals[ $key ] : 0 ) + $discount;
			}
		}
		return $in_cents ? $totals : wc_remove_number_precision_deep( $totals );
	}

	/**
	 * Discount per coupon.
	 *
	 * @param bool $in_cents Cents.
	 * @return array
	 */
	public function get_discounts_by_coupon( $in_cents = false ) {
		$totals = array_map( 'array_sum', $this->discounts );
		return $in_cents ? $totals : wc_remove_number_precision_deep( $totals );
	}

	/**
	 * Discount of one item.
	 *
	 * @param string $key      Item key.
	 * @param bool   $in_cents Cents.
	 * @return float
	 */
	public function get_discount( $key, $in_cents = false ) {
		$totals = $this->get_discounts_by_item( $in_cents );
		return isset( $totals[ $key ] ) ? $totals[ $key ] : 0;
	}

	/**
	 * Price left after discounts, in cents.
	 *
	 * @param object $item Item.
	 * @return int
	 */
	public function get_discounted_price_in_cents( $item ) {
		return absint( round( $item->price - $this->get_discount( $item->key, true ) ) );
	}

	/**
	 * Apply a coupon.
	 *
	 * @param WC_Coupon $coupon   Coupon.
	 * @param bool      $validate Validate existence.
	 * @return bool|WP_Error
	 */
	public function apply_coupon( $coupon, $validate = true ) {
		if ( ! $coupon instanceof WC_Coupon ) {
			return new WP_Error( 'invalid_coupon', __( 'Invalid coupon', 'woocommerce' ) );
		}
		if ( $validate && ! $coupon->get_id() && ! $coupon->get_virtual() ) {
			/* translators: %s: coupon code */
			return new WP_Error( 'invalid_coupon', sprintf( __( 'Coupon "%s" does not exist!', 'woocommerce' ), esc_html( $coupon->get_code() ) ), array( 'status' => 400 ) );
		}
		$code = $coupon->get_code();
		if ( ! isset( $this->discounts[ $code ] ) ) {
			$this->discounts[ $code ] = array_fill_keys( array_keys( $this->items ), 0 );
		}
		$items = $this->get_items_to_apply_coupon( $coupon );
		switch ( $coupon->get_discount_type() ) {
			case 'percent':
				$this->apply_coupon_percent( $coupon, $items );
				break;
			case 'fixed_product':
				$this->apply_coupon_fixed_product( $coupon, $items );
				break;
			default:
				$this->apply_coupon_fixed_cart( $coupon, $items );
				break;
		}
		return true;
	}

	/**
	 * Items that still have a price to discount.
	 *
	 * @param WC_Coupon $coupon Coupon.
	 * @return array
	 */
	protected function get_items_to_apply_coupon( $coupon ) {
		$out = array();
		foreach ( $this->items as $item ) {
			if ( 0 === $this->get_discounted_price_in_cents( $item ) || 0 >= $item->quantity ) {
				continue;
			}
			if ( ! $coupon->is_valid_for_product( $item->product, $item->object ) && ! $coupon->is_valid_for_cart() ) {
				continue;
			}
			$out[] = clone $item;
		}
		return $out;
	}

	/**
	 * Percent: floor per line, then spread the cents lost to flooring one at a time.
	 *
	 * @param WC_Coupon $coupon Coupon.
	 * @param array     $items  Items.
	 * @return int
	 */
	protected function apply_coupon_percent( $coupon, $items ) {
		$total_discount = 0;
		$cart_total     = 0;
		$limit          = (int) $coupon->get_limit_usage_to_x_items();
		$applied        = 0;
		$percent        = (float) $coupon->get_amount();
		$sequential     = 'yes' === get_option( 'woocommerce_calc_discounts_sequentially', 'no' );
		foreach ( $items as $item ) {
			$discounted_price  = $this->get_discounted_price_in_cents( $item );
			$price_to_discount = $sequential ? $discounted_price : round( $item->price );
			$apply_quantity    = $limit && ( $limit - $applied ) < $item->quantity ? $limit - $applied : $item->quantity;
			$apply_quantity    = max( 0, $apply_quantity );
			$price_to_discount = ( $price_to_discount / $item->quantity ) * $apply_quantity;
			$discount          = floor( $price_to_discount * ( $percent / 100 ) );
			$discount          = wc_round_discount( min( $discounted_price, $discount ), 0 );
			$cart_total       += $price_to_discount;
			$total_discount   += $discount;
			$applied          += $apply_quantity;

			$this->discounts[ $coupon->get_code() ][ $item->key ] += $discount;
		}
		$cart_total_discount = wc_round_discount( $cart_total * ( $percent / 100 ), 0 );
		if ( $total_discount < $cart_total_discount ) {
			$total_discount += $this->apply_coupon_remainder( $coupon, $items, $cart_total_discount - $total_discount );
		}
		return $total_discount;
	}

	/**
	 * Fixed amount per product unit.
	 *
	 * @param WC_Coupon $coupon Coupon.
	 * @param array     $items  Items.
	 * @param int|null  $amount Cents per unit.
	 * @return int
	 */
	protected function apply_coupon_fixed_product( $coupon, $items, $amount = null ) {
		$total_discount = 0;
		$amount         = $amount ? $amount : wc_add_number_precision( $coupon->get_amount() );
		$limit          = (int) $coupon->get_limit_usage_to_x_items();
		$applied        = 0;
		foreach ( $items as $item ) {
			$discounted_price = $this->get_discounted_price_in_cents( $item );
			if ( $limit ) {
				$apply_quantity = max( 0, $limit - $applied < $item->quantity ? $limit - $applied : $item->quantity );
				$discount       = min( $amount, $item->price / $item->quantity ) * $apply_quantity;
			} else {
				$apply_quantity = $item->quantity;
				$discount       = $amount * $apply_quantity;
			}
			$discount        = min( $discounted_price, $discount );
			$total_discount += $discount;
			$applied        += $apply_quantity;

			$this->discounts[ $coupon->get_code() ][ $item->key ] += $discount;
		}
		return $total_discount;
	}

	/**
	 * Fixed cart: equal cents per unit, repeated until spent, then single cents.
	 *
	 * @param WC_Coupon $coupon Coupon.
	 * @param array     $items  Items.
	 * @param int|null  $amount Cents.
	 * @return int
	 */
	protected function apply_coupon_fixed_cart( $coupon, $items, $amount = null ) {
		$total_discount = 0;
		$amount         = $amount ? $amount : wc_add_number_precision( $coupon->get_amount() );
		$items          = array_filter(
			$items,
			function ( $item ) {
				return $this->get_discounted_price_in_cents( $item ) > 0;
			}
		);
		$item_count     = array_sum( wp_list_pluck( $items, 'quantity' ) );
		if ( ! $item_count || ! $amount ) {
			return $total_discount;
		}
		$per_item = absint( $amount / $item_count );
		if ( $per_item > 0 ) {
			$total_discount = $this->apply_coupon_fixed_product( $coupon, $items, $per_item );
			if ( $total_discount > 0 && $total_discount < $amount ) {
				$total_discount += $this->apply_coupon_fixed_cart( $coupon, $items, $amount - $total_discount );
			}
		} elseif ( $amount > 0 ) {
			$total_discount += $this->apply_coupon_remainder( $coupon, $items, $amount );
		}
		return $total_discount;
	}

	/**
	 * Spread remaining cents, one per unit.
	 *
	 * @param WC_Coupon $coupon Coupon.
	 * @param array     $items  Items.
	 * @param int       $amount Cents.
	 * @return int
	 */
	protected function apply_coupon_remainder( $coupon, $items, $amount ) {
		$total_discount = 0;
		foreach ( $items as $item ) {
			for ( $i = 0; $i < $item->quantity; $i++ ) {
				$discount        = min( $this->get_discounted_price_in_cents( $item ), 1 );
				$total_discount += $discount;

				$this->discounts[ $coupon->get_code() ][ $item->key ] += $discount;
				if ( $total_discount >= $amount ) {
					break 2;
				}
			}
		}
		return $total_discount;
	}
}
