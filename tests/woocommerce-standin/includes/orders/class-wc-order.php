<?php
/**
 * WC_Order.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Shop order.
 */
class WC_Order extends WC_Abstract_Order {

	/**
	 * Pending status transition (from, to, note, manual).
	 *
	 * @var array|false
	 */
	protected $status_transition = false;

	/**
	 * Order props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'customer_id'          => 0,
		'order_key'            => '',
		'billing'              => array(
			'first_name' => '',
			'last_name'  => '',
			'company'    => '',
			'address_1'  => '',
			'address_2'  => '',
			'city'       => '',
			'state'      => '',
			'postcode'   => '',
			'country'    => '',
			'email'      => '',
			'phone'      => '',
		),
		'shipping'             => array(
			'first_name' => '',
			'last_name'  => '',
			'company'    => '',
			'address_1'  => '',
			'address_2'  => '',
			'city'       => '',
			'state'      => '',
			'postcode'   => '',
			'country'    => '',
			'phone'      => '',
		),
		'payment_method'       => '',
		'payment_method_title' => '',
		'transaction_id'       => '',
		'customer_ip_address'  => '',
		'customer_user_agent'  => '',
		'created_via'          => '',
		'customer_note'        => '',
		'date_completed'       => null,
		'date_paid'            => null,
		'cart_hash'            => '',
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'shop_order';
	}

	/**
	 * Save, then run the status transition hooks.
	 *
	 * @return int
	 */
	public function save() {
		parent::save();
		$this->status_transition();
		return $this->get_id();
	}

	/**
	 * Props for storage (full address arrays).
	 *
	 * @return array
	 */
	protected function get_all_props() {
		$props             = parent::get_all_props();
		$props['billing']  = $this->get_address_edit( 'billing' );
		$props['shipping'] = $this->get_address_edit( 'shipping' );
		return $props;
	}

	/**
	 * Before first insert: order key.
	 *
	 * @return void
	 */
	protected function before_create() {
		if ( ! $this->get_order_key( 'edit' ) ) {
			$this->set_order_key( wc_generate_order_key() );
		}
	}

	/**
	 * After first insert.
	 *
	 * @return void
	 */
	protected function after_create() {
		do_action( 'woocommerce_new_order', $this->get_id(), $this );
	}

	/**
	 * After an update.
	 *
	 * @return void
	 */
	protected function after_update() {
		do_action( 'woocommerce_update_order', $this->get_id(), $this );
	}

	/**
	 * After permanent delete.
	 *
	 * @param int $id Id.
	 * @return void
	 */
	protected function after_delete( $id ) {
		do_action( 'woocommerce_delete_order', $id );
	}

	/**
	 * Deleting an order for good deletes its refunds first (as HPOS does).
	 *
	 * @param bool $force_delete Delete permanently.
	 * @return bool
	 */
	public function delete( $force_delete = false ) {
		if ( $force_delete && $this->get_id() ) {
			foreach ( $this->get_refunds() as $refund ) {
				$refund->delete( true );
			}
		}
		return parent::delete( $force_delete );
	}

	/**
	 * Fire status hooks once per save.
	 *
	 * @return void
	 */
	protected function status_transition() {
		$transition              = $this->status_transition;
		$this->status_transition = false;
		if ( ! $transition ) {
			return;
		}
		try {
			do_action( 'woocommerce_order_status_' . $transition['to'], $this->get_id(), $this, $transition );
			if ( ! empty( $transition['from'] ) ) {
				/* translators: 1: old status 2: new status */
				$note = sprintf( __( 'Order status changed from %1$s to %2$s.', 'woocommerce' ), wc_get_order_status_name( $transition['from'] ), wc_get_order_status_name( $transition['to'] ) );
				$this->add_order_note( trim( $transition['note'] . ' ' . $note ), 0, $transition['manual'] );
				do_action( 'woocommerce_order_status_' . $transition['from'] . '_to_' . $transition['to'], $this->get_id(), $this );
				do_action( 'woocommerce_order_status_changed', $this->get_id(), $transition['from'], $transition['to'], $this );
				if ( in_array( $transition['from'], apply_filters( 'woocommerce_valid_order_statuses_for_payment', array( 'pending', 'failed' ), $this ), true ) && in_array( $transition['to'], wc_get_is_paid_statuses(), true ) ) {
					do_action( 'woocommerce_order_payment_status_changed', $this->get_id(), $this );
				}
			} else {
				/* translators: %s: new status */
				$note = sprintf( __( 'Order status set to %s.', 'woocommerce' ), wc_get_order_status_name( $transition['to'] ) );
				$this->add_order_note( trim( $transition['note'] . ' ' . $note ), 0, $transition['manual'] );
			}
		} catch ( Exception $e ) {
			$this->add_order_note( __( 'Error during status transition.', 'woocommerce' ) . ' ' . $e->getMessage() );
		}
	}

	/**
	 * Set status and record a transition when the order was read and the status changes.
	 *
	 * @param string $new_status    Status.
	 * @param string $note          Note.
	 * @param bool   $manual_update Manual.
	 * @return array
	 */
	public function set_status( $new_status, $note = '', $manual_update = false ) {
		$result = parent::set_status( $new_status );
		if ( true === $this->object_read && ! empty( $result['from'] ) && $result['from'] !== $result['to'] ) {
			$this->status_transition = array(
				'from'   => ! empty( $this->status_transition['from'] ) ? $this->status_transition['from'] : $result['from'],
				'to'     => $result['to'],
				'note'   => $note,
				'manual' => (bool) $manual_update,
			);
			if ( $manual_update ) {
				do_action( 'woocommerce_order_edit_status', $this->get_id(), $result['to'] );
			}
			$this->maybe_set_date_paid();
			$this->maybe_set_date_completed();
		}
		return $result;
	}

	/**
	 * Set status and save.
	 *
	 * @param string $new_status    Status.
	 * @param string $note          Note.
	 * @param bool   $manual        Manual.
	 * @return bool
	 */
	public function update_status( $new_status, $note = '', $manual = false ) {
		if ( ! $this->get_id() ) {
			return false;
		}
		try {
			$this->set_status( $new_status, $note, $manual );
			$this->save();
		} catch ( Exception $e ) {
			$this->add_order_note( __( 'Update status event failed.', 'woocommerce' ) . ' ' . $e->getMessage() );
			return false;
		}
		return true;
	}

	/**
	 * Date paid when the order reaches the payment-complete status (processing, or completed
	 * when nothing needs processing; also completed when processing was skipped).
	 *
	 * @return void
	 */
	protected function maybe_set_date_paid() {
		if ( $this->get_date_paid( 'edit' ) ) {
			return;
		}
		$paid_status = apply_filters( 'woocommerce_payment_complete_order_status', $this->needs_processing() ? 'processing' : 'completed', $this->get_id(), $this );
		if ( $this->has_status( $paid_status ) || ( 'processing' === $paid_status && $this->has_status( 'completed' ) ) ) {
			$this->set_date_paid( time() );
		}
	}

	/**
	 * Date completed when moving to completed.
	 *
	 * @return void
	 */
	protected function maybe_set_date_completed() {
		if ( $this->has_status( 'completed' ) ) {
			$this->set_date_completed( time() );
		}
	}

	/**
	 * Payment complete: from on-hold/pending/failed/cancelled to processing (or completed when
	 * nothing needs processing), then woocommerce_payment_complete.
	 *
	 * @param string $transaction_id Transaction id.
	 * @return bool
	 */
	public function payment_complete( $transaction_id = '' ) {
		if ( ! $this->get_id() ) {
			return false;
		}
		try {
			do_action( 'woocommerce_pre_payment_complete', $this->get_id(), $transaction_id );
			if ( $this->has_status( apply_filters( 'woocommerce_valid_order_statuses_for_payment_complete', array( 'on-hold', 'pending', 'failed', 'cancelled' ), $this ) ) ) {
				if ( ! empty( $transaction_id ) ) {
					$this->set_transaction_id( $transaction_id );
				}
				if ( ! $this->get_date_paid( 'edit' ) ) {
					$this->set_date_paid( time() );
				}
				$this->set_status( apply_filters( 'woocommerce_payment_complete_order_status', $this->needs_processing() ? 'processing' : 'completed', $this->get_id(), $this ) );
				$this->save();
				do_action( 'woocommerce_payment_complete', $this->get_id(), $transaction_id );
			} else {
				do_action( 'woocommerce_payment_complete_order_status_' . $this->get_status(), $this->get_id(), $transaction_id );
			}
		} catch ( Exception $e ) {
			$this->add_order_note( __( 'Payment complete event failed.', 'woocommerce' ) . ' ' . $e->getMessage() );
			return false;
		}
		return true;
	}

	/**
	 * Needs processing: a line whose product is not virtual+downloadable.
	 *
	 * @return bool
	 */
	public function needs_processing() {
		foreach ( $this->get_items() as $item ) {
			$product = $item->get_product();
			if ( ! $product ) {
				continue;
			}
			$virtual_downloadable = $product->is_downloadable() && $product->is_virtual();
			if ( apply_filters( 'woocommerce_order_item_needs_processing', ! $virtual_downloadable, $product, $this->get_id() ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Needs payment.
	 *
	 * @return bool
	 */
	public function needs_payment() {
		$valid = apply_filters( 'woocommerce_valid_order_statuses_for_payment', array( 'pending', 'failed' ), $this );
		return apply_filters( 'woocommerce_order_needs_payment', ( $this->has_status( $valid ) && $this->get_total() > 0 ), $this, $valid );
	}

	/**
	 * Is paid.
	 *
	 * @return bool
	 */
	public function is_paid() {
		return apply_filters( 'woocommerce_order_is_paid', $this->has_status( wc_get_is_paid_statuses() ), $this );
	}

	/**
	 * Is editable.
	 *
	 * @return bool
	 */
	public function is_editable() {
		return apply_filters( 'wc_order_is_editable', in_array( $this->get_status(), array( 'pending', 'on-hold', 'auto-draft' ), true ), $this );
	}

	/**
	 * Order number.
	 *
	 * @return string
	 */
	public function get_order_number() {
		return (string) apply_filters( 'woocommerce_order_number', $this->get_id(), $this );
	}

	/**
	 * Customer id used for coupons.
	 *
	 * @return int|string
	 */
	protected function get_user_id_for_coupons() {
		return $this->get_customer_id() ? $this->get_customer_id() : $this->get_billing_email();
	}

	/*
	|--------------------------------------------------------------------------
	| Getters
	|--------------------------------------------------------------------------
	*/

	/**
	 * Address prop.
	 *
	 * @param string $prop         Field.
	 * @param string $address_type billing|shipping.
	 * @param string $context      Context.
	 * @return string
	 */
	protected function get_address_prop( $prop, $address_type = 'billing', $context = 'view' ) {
		$value   = null;
		$address = array_key_exists( $address_type, $this->changes ) ? array_merge( $this->data[ $address_type ], $this->changes[ $address_type ] ) : $this->data[ $address_type ];
		if ( array_key_exists( $prop, $address ) ) {
			$value = $address[ $prop ];
			if ( 'view' === $context ) {
				$value = apply_filters( $this->get_hook_prefix() . $address_type . '_' . $prop, $value, $this );
			}
		}
		return $value;
	}

	/**
	 * Set address prop.
	 *
	 * @param string $prop         Field.
	 * @param string $address_type billing|shipping.
	 * @param mixed  $value        Value.
	 * @return void
	 */
	protected function set_address_prop( $prop, $address_type, $value ) {
		if ( array_key_exists( $prop, $this->data[ $address_type ] ) ) {
			if ( true === $this->object_read ) {
				if ( $value !== $this->data[ $address_type ][ $prop ] || ( isset( $this->changes[ $address_type ] ) && array_key_exists( $prop, $this->changes[ $address_type ] ) ) ) {
					$this->changes[ $address_type ][ $prop ] = $value;
				}
			} else {
				$this->data[ $address_type ][ $prop ] = $value;
			}
		}
	}

	/**
	 * Set an address from an array.
	 *
	 * @param array  $address Fields.
	 * @param string $type    billing|shipping.
	 * @return void
	 */
	public function set_address( $address, $type = 'billing' ) {
		foreach ( (array) $address as $key => $value ) {
			if ( is_callable( array( $this, "set_{$type}_{$key}" ) ) ) {
				$this->{"set_{$type}_{$key}"}( $value );
			}
		}
	}

	/**
	 * Address array (billing or shipping).
	 *
	 * @param string $address_type billing|shipping.
	 * @return array
	 */
	public function get_address( $address_type = 'billing' ) {
		$out = array();
		foreach ( array_keys( $this->data[ $address_type ] ) as $key ) {
			$out[ $key ] = $this->get_address_prop( $key, $address_type, 'view' );
		}
		return apply_filters( 'woocommerce_get_order_address', $out, $address_type, $this );
	}

	/**
	 * Address array in edit context.
	 *
	 * @param string $address_type billing|shipping.
	 * @return array
	 */
	protected function get_address_edit( $address_type ) {
		$out = array();
		foreach ( array_keys( $this->data[ $address_type ] ) as $key ) {
			$out[ $key ] = $this->get_address_prop( $key, $address_type, 'edit' );
		}
		return $out;
	}

	/**
	 * Set billing fields from an array.
	 *
	 * @param array $address Fields.
	 * @return void
	 */
	public function set_billing_address( array $address ) {
		foreach ( $address as $key => $value ) {
			$this->set_address_prop( $key, 'billing', $value );
		}
	}

	/**
	 * Set shipping fields from an array.
	 *
	 * @param array $address Fields.
	 * @return void
	 */
	public function set_shipping_address( array $address ) {
		foreach ( $address as $key => $value ) {
			$this->set_address_prop( $key, 'shipping', $value );
		}
	}

	/**
	 * Alias of set_billing_address().
	 *
	 * @param array $address Fields.
	 * @return void
	 */
	public function set_billing( array $address ) {
		$this->set_billing_address( $address );
	}

	/**
	 * Alias of set_shipping_address().
	 *
	 * @param array $address Fields.
	 * @return void
	 */
	public function set_shipping( array $address ) {
		$this->set_shipping_address( $address );
	}

	/**
	 * Has a billing street address.
	 *
	 * @return bool
	 */
	public function has_billing_address() {
		return $this->get_billing_address_1() || $this->get_billing_address_2();
	}

	/**
	 * Has a shipping street address.
	 *
	 * @return bool
	 */
	public function has_shipping_address() {
		return $this->get_shipping_address_1() || $this->get_shipping_address_2();
	}

	/**
	 * Billing address as text lines joined by <br/> (the stand-in has no country formats:
	 * non-empty fields in a fixed order).
	 *
	 * @param string $empty_content Returned when empty.
	 * @return string
	 */
	public function get_formatted_billing_address( $empty_content = '' ) {
		$raw     = apply_filters( 'woocommerce_order_formatted_billing_address', $this->get_address( 'billing' ), $this );
		$address = self::format_address_lines( $raw );
		return apply_filters( 'woocommerce_order_get_formatted_billing_address', $address ? $address : $empty_content, $raw, $this );
	}

	/**
	 * Shipping address as text lines joined by <br/>.
	 *
	 * @param string $empty_content Returned when empty.
	 * @return string
	 */
	public function get_formatted_shipping_address( $empty_content = '' ) {
		$raw     = apply_filters( 'woocommerce_order_formatted_shipping_address', $this->get_address( 'shipping' ), $this );
		$address = $this->has_shipping_address() ? self::format_address_lines( $raw ) : '';
		return apply_filters( 'woocommerce_order_get_formatted_shipping_address', $address ? $address : $empty_content, $raw, $this );
	}

	/**
	 * Address lines.
	 *
	 * @param array $raw Fields.
	 * @return string
	 */
	private static function format_address_lines( $raw ) {
		$name  = trim( ( $raw['first_name'] ?? '' ) . ' ' . ( $raw['last_name'] ?? '' ) );
		$city  = trim( ( $raw['postcode'] ?? '' ) . ' ' . ( $raw['city'] ?? '' ) );
		$lines = array_filter( array( $name, $raw['company'] ?? '', $raw['address_1'] ?? '', $raw['address_2'] ?? '', $city, $raw['state'] ?? '', $raw['country'] ?? '' ), 'strlen' );
		return implode( '<br/>', array_map( 'esc_html', $lines ) );
	}

	/**
	 * Created via this channel?
	 *
	 * @param string $modus Channel, e.g. checkout, admin, rest-api.
	 * @return bool
	 */
	public function is_created_via( $modus ) {
		return apply_filters( 'woocommerce_order_is_created_via', $modus === $this->get_created_via(), $this, $modus );
	}

	/**
	 * Order key check.
	 *
	 * @param string $key Key.
	 * @return bool
	 */
	public function key_is_valid( $key ) {
		return hash_equals( (string) $this->get_order_key(), (string) $key );
	}

	/**
	 * Formatted billing full name.
	 *
	 * @return string
	 */
	public function get_formatted_billing_full_name() {
		return trim( $this->get_billing_first_name() . ' ' . $this->get_billing_last_name() );
	}

	/**
	 * Formatted shipping full name.
	 *
	 * @return string
	 */
	public function get_formatted_shipping_full_name() {
		return trim( $this->get_shipping_first_name() . ' ' . $this->get_shipping_last_name() );
	}

	/**
	 * Customer id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_customer_id( $context = 'view' ) {
		return $this->get_prop( 'customer_id', $context );
	}

	/**
	 * Alias of customer id.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_user_id( $context = 'view' ) {
		return $this->get_customer_id( $context );
	}

	/**
	 * Customer user.
	 *
	 * @return WP_User|false
	 */
	public function get_user() {
		return $this->get_user_id() ? get_user_by( 'id', $this->get_user_id() ) : false;
	}

	/**
	 * Order key.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_order_key( $context = 'view' ) {
		return $this->get_prop( 'order_key', $context );
	}

	/**
	 * Payment method id.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_payment_method( $context = 'view' ) {
		return $this->get_prop( 'payment_method', $context );
	}

	/**
	 * Payment method title.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_payment_method_title( $context = 'view' ) {
		return $this->get_prop( 'payment_method_title', $context );
	}

	/**
	 * Transaction id.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_transaction_id( $context = 'view' ) {
		return $this->get_prop( 'transaction_id', $context );
	}

	/**
	 * Customer IP.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_customer_ip_address( $context = 'view' ) {
		return $this->get_prop( 'customer_ip_address', $context );
	}

	/**
	 * Customer user agent.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_customer_user_agent( $context = 'view' ) {
		return $this->get_prop( 'customer_user_agent', $context );
	}

	/**
	 * Created via.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_created_via( $context = 'view' ) {
		return $this->get_prop( 'created_via', $context );
	}

	/**
	 * Customer note.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_customer_note( $context = 'view' ) {
		return $this->get_prop( 'customer_note', $context );
	}

	/**
	 * Completed date.
	 *
	 * @param string $context Context.
	 * @return WC_DateTime|null
	 */
	public function get_date_completed( $context = 'view' ) {
		return $this->get_prop( 'date_completed', $context );
	}

	/**
	 * Paid date.
	 *
	 * @param string $context Context.
	 * @return WC_DateTime|null
	 */
	public function get_date_paid( $context = 'view' ) {
		return $this->get_prop( 'date_paid', $context );
	}

	/**
	 * Cart hash.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_cart_hash( $context = 'view' ) {
		return $this->get_prop( 'cart_hash', $context );
	}

	/**
	 * Billing first name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_first_name( $context = 'view' ) {
		return $this->get_address_prop( 'first_name', 'billing', $context );
	}

	/**
	 * Set billing first name.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_first_name( $value ) {
		$this->set_address_prop( 'first_name', 'billing', $value );
	}

	/**
	 * Billing last name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_last_name( $context = 'view' ) {
		return $this->get_address_prop( 'last_name', 'billing', $context );
	}

	/**
	 * Set billing last name.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_last_name( $value ) {
		$this->set_address_prop( 'last_name', 'billing', $value );
	}

	/**
	 * Billing company.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_company( $context = 'view' ) {
		return $this->get_address_prop( 'company', 'billing', $context );
	}

	/**
	 * Set billing company.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_company( $value ) {
		$this->set_address_prop( 'company', 'billing', $value );
	}

	/**
	 * Billing address 1.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_address_1( $context = 'view' ) {
		return $this->get_address_prop( 'address_1', 'billing', $context );
	}

	/**
	 * Set billing address 1.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_address_1( $value ) {
		$this->set_address_prop( 'address_1', 'billing', $value );
	}

	/**
	 * Billing address 2.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_address_2( $context = 'view' ) {
		return $this->get_address_prop( 'address_2', 'billing', $context );
	}

	/**
	 * Set billing address 2.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_address_2( $value ) {
		$this->set_address_prop( 'address_2', 'billing', $value );
	}

	/**
	 * Billing city.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_city( $context = 'view' ) {
		return $this->get_address_prop( 'city', 'billing', $context );
	}

	/**
	 * Set billing city.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_city( $value ) {
		$this->set_address_prop( 'city', 'billing', $value );
	}

	/**
	 * Billing state.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_state( $context = 'view' ) {
		return $this->get_address_prop( 'state', 'billing', $context );
	}

	/**
	 * Set billing state.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_state( $value ) {
		$this->set_address_prop( 'state', 'billing', $value );
	}

	/**
	 * Billing postcode.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_postcode( $context = 'view' ) {
		return $this->get_address_prop( 'postcode', 'billing', $context );
	}

	/**
	 * Set billing postcode.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_postcode( $value ) {
		$this->set_address_prop( 'postcode', 'billing', $value );
	}

	/**
	 * Billing country.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_country( $context = 'view' ) {
		return $this->get_address_prop( 'country', 'billing', $context );
	}

	/**
	 * Set billing country.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_country( $value ) {
		$this->set_address_prop( 'country', 'billing', $value );
	}

	/**
	 * Billing email.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_email( $context = 'view' ) {
		return $this->get_address_prop( 'email', 'billing', $context );
	}

	/**
	 * Set billing email.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_email( $value ) {
		$this->set_address_prop( 'email', 'billing', $value );
	}

	/**
	 * Billing phone.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_billing_phone( $context = 'view' ) {
		return $this->get_address_prop( 'phone', 'billing', $context );
	}

	/**
	 * Set billing phone.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_billing_phone( $value ) {
		$this->set_address_prop( 'phone', 'billing', $value );
	}

	/**
	 * Shipping first name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_first_name( $context = 'view' ) {
		return $this->get_address_prop( 'first_name', 'shipping', $context );
	}

	/**
	 * Set shipping first name.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_first_name( $value ) {
		$this->set_address_prop( 'first_name', 'shipping', $value );
	}

	/**
	 * Shipping last name.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_last_name( $context = 'view' ) {
		return $this->get_address_prop( 'last_name', 'shipping', $context );
	}

	/**
	 * Set shipping last name.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_last_name( $value ) {
		$this->set_address_prop( 'last_name', 'shipping', $value );
	}

	/**
	 * Shipping company.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_company( $context = 'view' ) {
		return $this->get_address_prop( 'company', 'shipping', $context );
	}

	/**
	 * Set shipping company.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_company( $value ) {
		$this->set_address_prop( 'company', 'shipping', $value );
	}

	/**
	 * Shipping address 1.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_address_1( $context = 'view' ) {
		return $this->get_address_prop( 'address_1', 'shipping', $context );
	}

	/**
	 * Set shipping address 1.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_address_1( $value ) {
		$this->set_address_prop( 'address_1', 'shipping', $value );
	}

	/**
	 * Shipping address 2.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_address_2( $context = 'view' ) {
		return $this->get_address_prop( 'address_2', 'shipping', $context );
	}

	/**
	 * Set shipping address 2.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_address_2( $value ) {
		$this->set_address_prop( 'address_2', 'shipping', $value );
	}

	/**
	 * Shipping city.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_city( $context = 'view' ) {
		return $this->get_address_prop( 'city', 'shipping', $context );
	}

	/**
	 * Set shipping city.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_city( $value ) {
		$this->set_address_prop( 'city', 'shipping', $value );
	}

	/**
	 * Shipping state.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_state( $context = 'view' ) {
		return $this->get_address_prop( 'state', 'shipping', $context );
	}

	/**
	 * Set shipping state.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_state( $value ) {
		$this->set_address_prop( 'state', 'shipping', $value );
	}

	/**
	 * Shipping postcode.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_postcode( $context = 'view' ) {
		return $this->get_address_prop( 'postcode', 'shipping', $context );
	}

	/**
	 * Set shipping postcode.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_postcode( $value ) {
		$this->set_address_prop( 'postcode', 'shipping', $value );
	}

	/**
	 * Shipping country.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_country( $context = 'view' ) {
		return $this->get_address_prop( 'country', 'shipping', $context );
	}

	/**
	 * Set shipping country.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_country( $value ) {
		$this->set_address_prop( 'country', 'shipping', $value );
	}

	/**
	 * Shipping phone.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_shipping_phone( $context = 'view' ) {
		return $this->get_address_prop( 'phone', 'shipping', $context );
	}

	/**
	 * Set shipping phone.
	 *
	 * @param string $value Value.
	 * @return void
	 */
	public function set_shipping_phone( $value ) {
		$this->set_address_prop( 'phone', 'shipping', $value );
	}

	/*
	|--------------------------------------------------------------------------
	| Setters
	|--------------------------------------------------------------------------
	*/

	/**
	 * Set customer id.
	 *
	 * @param int $value Id.
	 * @return void
	 */
	public function set_customer_id( $value ) {
		$this->set_prop( 'customer_id', absint( $value ) );
	}

	/**
	 * Set order key.
	 *
	 * @param string $value Key.
	 * @return void
	 */
	public function set_order_key( $value ) {
		$this->set_prop( 'order_key', substr( (string) $value, 0, 22 ) );
	}

	/**
	 * Set payment method (id or gateway object).
	 *
	 * @param string|object $payment_method Method.
	 * @return void
	 */
	public function set_payment_method( $payment_method = '' ) {
		if ( is_object( $payment_method ) && isset( $payment_method->id ) ) {
			$this->set_prop( 'payment_method', $payment_method->id );
			$this->set_prop( 'payment_method_title', isset( $payment_method->title ) ? $payment_method->title : '' );
		} elseif ( '' === $payment_method ) {
			$this->set_prop( 'payment_method', '' );
			$this->set_prop( 'payment_method_title', '' );
		} else {
			$this->set_prop( 'payment_method', (string) $payment_method );
		}
	}

	/**
	 * Set payment method title.
	 *
	 * @param string $value Title.
	 * @return void
	 */
	public function set_payment_method_title( $value ) {
		$this->set_prop( 'payment_method_title', (string) $value );
	}

	/**
	 * Set transaction id.
	 *
	 * @param string $value Id.
	 * @return void
	 */
	public function set_transaction_id( $value ) {
		$this->set_prop( 'transaction_id', (string) $value );
	}

	/**
	 * Set customer IP.
	 *
	 * @param string $value IP.
	 * @return void
	 */
	public function set_customer_ip_address( $value ) {
		$this->set_prop( 'customer_ip_address', (string) $value );
	}

	/**
	 * Set user agent.
	 *
	 * @param string $value UA.
	 * @return void
	 */
	public function set_customer_user_agent( $value ) {
		$this->set_prop( 'customer_user_agent', (string) $value );
	}

	/**
	 * Set created via.
	 *
	 * @param string $value Source.
	 * @return void
	 */
	public function set_created_via( $value ) {
		$this->set_prop( 'created_via', (string) $value );
	}

	/**
	 * Set customer note.
	 *
	 * @param string $value Note.
	 * @return void
	 */
	public function set_customer_note( $value ) {
		$this->set_prop( 'customer_note', (string) $value );
	}

	/**
	 * Set completed date.
	 *
	 * @param mixed $date Date.
	 * @return void
	 */
	public function set_date_completed( $date = null ) {
		$this->set_date_prop( 'date_completed', $date );
	}

	/**
	 * Set paid date.
	 *
	 * @param mixed $date Date.
	 * @return void
	 */
	public function set_date_paid( $date = null ) {
		$this->set_date_prop( 'date_paid', $date );
	}

	/**
	 * Set cart hash.
	 *
	 * @param string $value Hash.
	 * @return void
	 */
	public function set_cart_hash( $value ) {
		$this->set_prop( 'cart_hash', (string) $value );
	}

	/*
	|--------------------------------------------------------------------------
	| URLs
	|--------------------------------------------------------------------------
	*/

	/**
	 * Admin edit URL (HPOS screen).
	 *
	 * @return string
	 */
	public function get_edit_order_url() {
		return apply_filters( 'woocommerce_get_edit_order_url', admin_url( 'admin.php?page=wc-orders&action=edit&id=' . $this->get_id() ), $this );
	}

	/**
	 * Pay-for-order URL.
	 *
	 * @param bool $on_checkout Unused.
	 * @return string
	 */
	public function get_checkout_payment_url( $on_checkout = false ) {
		$url = add_query_arg(
			array(
				'pay_for_order' => 'true',
				'key'           => $this->get_order_key(),
			),
			home_url( '/checkout/order-pay/' . $this->get_id() . '/' )
		);
		return apply_filters( 'woocommerce_get_checkout_payment_url', $url, $this );
	}

	/**
	 * Order received URL.
	 *
	 * @return string
	 */
	public function get_checkout_order_received_url() {
		return apply_filters( 'woocommerce_get_checkout_order_received_url', add_query_arg( 'key', $this->get_order_key(), home_url( '/checkout/order-received/' . $this->get_id() . '/' ) ), $this );
	}

	/**
	 * Customer's view URL.
	 *
	 * @return string
	 */
	public function get_view_order_url() {
		return apply_filters( 'woocommerce_get_view_order_url', home_url( '/my-account/view-order/' . $this->get_id() . '/' ), $this );
	}

	/*
	|--------------------------------------------------------------------------
	| Notes
	|--------------------------------------------------------------------------
	*/

	/**
	 * Add an order note (comment of type order_note).
	 *
	 * @param string $note              Note.
	 * @param int    $is_customer_note  Customer note.
	 * @param bool   $added_by_user     Attribute to the current user.
	 * @return int Comment id.
	 */
	public function add_order_note( $note, $is_customer_note = 0, $added_by_user = false ) {
		if ( ! $this->get_id() ) {
			return 0;
		}
		if ( is_user_logged_in() && current_user_can( 'edit_shop_orders', $this->get_id() ) && $added_by_user ) {
			$user         = get_user_by( 'id', get_current_user_id() );
			$author       = $user->display_name;
			$author_email = $user->user_email;
		} else {
			$author       = __( 'WooCommerce', 'woocommerce' );
			$host         = isset( $_SERVER['HTTP_HOST'] ) ? str_replace( 'www.', '', sanitize_text_field( wp_unslash( $_SERVER['HTTP_HOST'] ) ) ) : 'noreply.com';
			$author_email = sanitize_email( strtolower( __( 'WooCommerce', 'woocommerce' ) ) . '@' . $host );
		}
		$commentdata = apply_filters(
			'woocommerce_new_order_note_data',
			array(
				'comment_post_ID'      => $this->get_id(),
				'comment_author'       => $author,
				'comment_author_email' => $author_email,
				'comment_author_url'   => '',
				'comment_content'      => $note,
				'comment_agent'        => 'WooCommerce',
				'comment_type'         => 'order_note',
				'comment_parent'       => 0,
				'comment_approved'     => 1,
			),
			array(
				'order_id'         => $this->get_id(),
				'is_customer_note' => $is_customer_note,
			)
		);
		$comment_id  = wp_insert_comment( $commentdata );
		if ( $is_customer_note ) {
			add_comment_meta( $comment_id, 'is_customer_note', 1 );
			do_action(
				'woocommerce_new_customer_note',
				array(
					'order_id'      => $this->get_id(),
					'customer_note' => $commentdata['comment_content'],
				)
			);
		}
		do_action( 'woocommerce_order_note_added', $comment_id, $this );
		return $comment_id;
	}

	/**
	 * Customer notes.
	 *
	 * @return array
	 */
	public function get_customer_order_notes() {
		return wc_get_order_notes(
			array(
				'order_id' => $this->get_id(),
				'type'     => 'customer',
			)
		);
	}

	/*
	|--------------------------------------------------------------------------
	| Refunds
	|--------------------------------------------------------------------------
	*/

	/**
	 * Refunds, newest first.
	 *
	 * @return WC_Order_Refund[]
	 */
	public function get_refunds() {
		if ( ! $this->get_id() ) {
			return array();
		}
		return wc_get_orders(
			array(
				'type'   => 'shop_order_refund',
				'parent' => $this->get_id(),
				'limit'  => -1,
			)
		);
	}

	/**
	 * Total refunded.
	 *
	 * @return float
	 */
	public function get_total_refunded() {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			$total += (float) $refund->get_amount();
		}
		return apply_filters( 'woocommerce_order_get_total_refunded', $total, $this );
	}

	/**
	 * Tax refunded.
	 *
	 * @return float
	 */
	public function get_total_tax_refunded() {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_taxes() as $tax ) {
				$total += abs( (float) $tax->get_tax_total() ) + abs( (float) $tax->get_shipping_tax_total() );
			}
		}
		return abs( $total );
	}

	/**
	 * Shipping refunded.
	 *
	 * @return float
	 */
	public function get_total_shipping_refunded() {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			$total += abs( (float) $refund->get_shipping_total() );
		}
		return $total;
	}

	/**
	 * Units refunded.
	 *
	 * @param string $item_type Type.
	 * @return int
	 */
	public function get_item_count_refunded( $item_type = '' ) {
		$count = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ? $item_type : 'line_item' ) as $item ) {
				$count += abs( $item->get_quantity() );
			}
		}
		return $count;
	}

	/**
	 * Refunded quantity over all items of a type (negative).
	 *
	 * @param string $item_type Type.
	 * @return int
	 */
	public function get_total_qty_refunded( $item_type = 'line_item' ) {
		$qty = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ) as $item ) {
				$qty += $item->get_quantity();
			}
		}
		return $qty;
	}

	/**
	 * Tax refunded for one rate (positive).
	 *
	 * @param int $rate_id Rate id.
	 * @return float
	 */
	public function get_total_tax_refunded_by_rate_id( $rate_id ) {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( 'tax' ) as $tax ) {
				if ( absint( $tax->get_rate_id() ) === $rate_id ) {
					$total += abs( (float) $tax->get_tax_total() ) + abs( (float) $tax->get_shipping_tax_total() );
				}
			}
		}
		return $total;
	}

	/**
	 * Shipping tax refunded (positive).
	 *
	 * @return float
	 */
	public function get_total_shipping_tax_refunded() {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			$total += abs( (float) $refund->get_shipping_tax() );
		}
		return $total;
	}

	/**
	 * Refunded quantity of an item (negative).
	 *
	 * @param int    $item_id   Item id.
	 * @param string $item_type Type.
	 * @return int
	 */
	public function get_qty_refunded_for_item( $item_id, $item_type = 'line_item' ) {
		$qty = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ) as $item ) {
				if ( absint( $item->get_meta( '_refunded_item_id' ) ) === absint( $item_id ) ) {
					$qty += $item->get_quantity();
				}
			}
		}
		return $qty;
	}

	/**
	 * Refunded total of an item (positive).
	 *
	 * @param int    $item_id   Item id.
	 * @param string $item_type Type.
	 * @return float
	 */
	public function get_total_refunded_for_item( $item_id, $item_type = 'line_item' ) {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ) as $item ) {
				if ( absint( $item->get_meta( '_refunded_item_id' ) ) === absint( $item_id ) ) {
					$total += (float) $item->get_total();
				}
			}
		}
		return $total * -1;
	}

	/**
	 * Refunded tax of an item for one rate (positive).
	 *
	 * @param int    $item_id   Item id.
	 * @param int    $tax_id    Rate id.
	 * @param string $item_type Type.
	 * @return float
	 */
	public function get_tax_refunded_for_item( $item_id, $tax_id, $item_type = 'line_item' ) {
		$total = 0;
		foreach ( $this->get_refunds() as $refund ) {
			foreach ( $refund->get_items( $item_type ) as $item ) {
				if ( absint( $item->get_meta( '_refunded_item_id' ) ) === absint( $item_id ) ) {
					$taxes  = $item->get_taxes();
					$total += isset( $taxes['total'][ $tax_id ] ) ? (float) $taxes['total'][ $tax_id ] : 0;
				}
			}
		}
		return wc_round_tax_total( $total ) * -1;
	}

	/**
	 * Amount that can still be refunded.
	 *
	 * @return string
	 */
	public function get_remaining_refund_amount() {
		return wc_format_decimal( (float) $this->get_total() - (float) $this->get_total_refunded(), wc_get_price_decimals() );
	}

	/**
	 * Units that can still be refunded.
	 *
	 * @return int
	 */
	public function get_remaining_refund_items() {
		return absint( $this->get_item_count() - $this->get_item_count_refunded() );
	}
}

/**
 * New order key.
 *
 * @param string $key Unused seed.
 * @return string
 */
function wc_generate_order_key( $key = '' ) {
	if ( '' === $key ) {
		$key = wp_generate_password( 13, false );
	}
	return 'wc_' . apply_filters( 'woocommerce_generate_order_key', 'order_' . $key );
}
