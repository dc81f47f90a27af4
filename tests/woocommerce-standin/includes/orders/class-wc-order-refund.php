<?php
/**
 * WC_Order_Refund.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Refund: an order of type shop_order_refund whose parent is the refunded order.
 * Status is always completed; totals are negative; amount is positive.
 */
class WC_Order_Refund extends WC_Abstract_Order {

	/**
	 * Object type (hooks woocommerce_order_refund_get_*).
	 *
	 * @var string
	 */
	protected $object_type = 'order_refund';

	/**
	 * Refund props.
	 *
	 * @var array
	 */
	protected $extra_data = array(
		'amount'           => '',
		'reason'           => '',
		'refunded_by'      => 0,
		'refunded_payment' => false,
	);

	/**
	 * Type.
	 *
	 * @return string
	 */
	public function get_type() {
		return 'shop_order_refund';
	}

	/**
	 * Before first insert: status completed.
	 *
	 * @return void
	 */
	protected function before_create() {
		$this->set_prop( 'status', 'completed' );
	}

	/**
	 * Status (always completed).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_status( $context = 'view' ) {
		return 'completed';
	}

	/**
	 * Valid statuses for refunds.
	 *
	 * @return array
	 */
	protected function get_valid_statuses() {
		return array( 'wc-completed' => 'Completed' );
	}

	/**
	 * Amount (positive).
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_amount( $context = 'view' ) {
		return $this->get_prop( 'amount', $context );
	}

	/**
	 * Reason.
	 *
	 * @param string $context Context.
	 * @return string
	 */
	public function get_reason( $context = 'view' ) {
		return $this->get_prop( 'reason', $context );
	}

	/**
	 * User who refunded.
	 *
	 * @param string $context Context.
	 * @return int
	 */
	public function get_refunded_by( $context = 'view' ) {
		return $this->get_prop( 'refunded_by', $context );
	}

	/**
	 * Payment refunded through the gateway.
	 *
	 * @param string $context Context.
	 * @return bool
	 */
	public function get_refunded_payment( $context = 'view' ) {
		return $this->get_prop( 'refunded_payment', $context );
	}

	/**
	 * Amount (older name).
	 *
	 * @return string
	 */
	public function get_refund_amount() {
		wc_deprecated_function( 'get_refund_amount', '3.0', 'get_amount' );
		return $this->get_amount();
	}

	/**
	 * Reason (older name).
	 *
	 * @return string
	 */
	public function get_refund_reason() {
		wc_deprecated_function( 'get_refund_reason', '3.0', 'get_reason' );
		return $this->get_reason();
	}

	/**
	 * Formatted amount.
	 *
	 * @return string
	 */
	public function get_formatted_refund_amount() {
		return apply_filters( 'woocommerce_formatted_refund_amount', wc_price( $this->get_amount(), array( 'currency' => $this->get_currency() ) ), $this );
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
	 * Set reason.
	 *
	 * @param string $value Reason.
	 * @return void
	 */
	public function set_reason( $value ) {
		$this->set_prop( 'reason', (string) $value );
	}

	/**
	 * Set refunded by.
	 *
	 * @param int $value User id.
	 * @return void
	 */
	public function set_refunded_by( $value ) {
		$this->set_prop( 'refunded_by', absint( $value ) );
	}

	/**
	 * Set refunded payment.
	 *
	 * @param bool $value Flag.
	 * @return void
	 */
	public function set_refunded_payment( $value ) {
		$this->set_prop( 'refunded_payment', (bool) $value );
	}
}
