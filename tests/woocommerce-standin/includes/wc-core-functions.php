<?php
/**
 * Store settings, currencies, formatting and rounding helpers (WooCommerce public function names).
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Store currency code.
 *
 * @return string
 */
function get_woocommerce_currency() {
	return apply_filters( 'woocommerce_currency', get_option( 'woocommerce_currency', 'USD' ) );
}

/**
 * ISO 4217 currencies (code => name).
 *
 * @return array
 */
function get_woocommerce_currencies() {
	static $currencies = null;
	if ( null === $currencies ) {
		$currencies = array(
			'AED' => 'United Arab Emirates dirham',
			'ARS' => 'Argentine peso',
			'AUD' => 'Australian dollar',
			'BAM' => 'Bosnia and Herzegovina convertible mark',
			'BDT' => 'Bangladeshi taka',
			'BGN' => 'Bulgarian lev',
			'BHD' => 'Bahraini dinar',
			'BRL' => 'Brazilian real',
			'CAD' => 'Canadian dollar',
			'CHF' => 'Swiss franc',
			'CLP' => 'Chilean peso',
			'CNY' => 'Chinese yuan',
			'COP' => 'Colombian peso',
			'CZK' => 'Czech koruna',
			'DKK' => 'Danish krone',
			'DZD' => 'Algerian dinar',
			'EGP' => 'Egyptian pound',
			'EUR' => 'Euro',
			'GBP' => 'Pound sterling',
			'GEL' => 'Georgian lari',
			'GHS' => 'Ghana cedi',
			'HKD' => 'Hong Kong dollar',
			'HUF' => 'Hungarian forint',
			'IDR' => 'Indonesian rupiah',
			'ILS' => 'Israeli new shekel',
			'INR' => 'Indian rupee',
			'IQD' => 'Iraqi dinar',
			'IRR' => 'Iranian rial',
			'IRT' => 'Iranian toman',
			'ISK' => 'Icelandic kr&oacute;na',
			'JOD' => 'Jordanian dinar',
			'JPY' => 'Japanese yen',
			'KES' => 'Kenyan shilling',
			'KRW' => 'South Korean won',
			'KWD' => 'Kuwaiti dinar',
			'KZT' => 'Kazakhstani tenge',
			'LKR' => 'Sri Lankan rupee',
			'MAD' => 'Moroccan dirham',
			'MDL' => 'Moldovan leu',
			'MKD' => 'Macedonian denar',
			'MXN' => 'Mexican peso',
			'MYR' => 'Malaysian ringgit',
			'NGN' => 'Nigerian naira',
			'NOK' => 'Norwegian krone',
			'NZD' => 'New Zealand dollar',
			'OMR' => 'Omani rial',
			'PEN' => 'Sol',
			'PHP' => 'Philippine peso',
			'PKR' => 'Pakistani rupee',
			'PLN' => 'Polish z&#x142;oty',
			'QAR' => 'Qatari riyal',
			'RON' => 'Romanian leu',
			'RSD' => 'Serbian dinar',
			'RUB' => 'Russian ruble',
			'SAR' => 'Saudi riyal',
			'SEK' => 'Swedish krona',
			'SGD' => 'Singapore dollar',
			'THB' => 'Thai baht',
			'TND' => 'Tunisian dinar',
			'TRY' => 'Turkish lira',
			'TWD' => 'New Taiwan dollar',
			'UAH' => 'Ukrainian hryvnia',
			'UGX' => 'Ugandan shilling',
			'USD' => 'United States (US) dollar',
			'UYU' => 'Uruguayan peso',
			'VND' => 'Vietnamese &#x111;&#x1ed3;ng',
			'XAF' => 'Central African CFA franc',
			'XOF' => 'West African CFA franc',
			'ZAR' => 'South African rand',
		);
	}//end if
	return array_unique( apply_filters( 'woocommerce_currencies', $currencies ) );
}

/**
 * Currency symbol.
 *
 * @param string $currency Currency code; store currency when empty.
 * @return string
 */
function get_woocommerce_currency_symbol( $currency = '' ) {
	if ( ! $currency ) {
		$currency = get_woocommerce_currency();
	}
	$symbols = array(
		'USD' => '&#36;',
		'EUR' => '&euro;',
		'GBP' => '&pound;',
		'JPY' => '&yen;',
		'CAD' => '&#36;',
		'AUD' => '&#36;',
		'INR' => '&#8377;',
		'CHF' => 'CHF',
	);
	$symbol  = isset( $symbols[ $currency ] ) ? $symbols[ $currency ] : $currency;
	return apply_filters( 'woocommerce_currency_symbol', $symbol, $currency );
}

/**
 * Number of decimals for prices.
 *
 * @return int
 */
function wc_get_price_decimals() {
	return absint( apply_filters( 'wc_get_price_decimals', get_option( 'woocommerce_price_num_decimals', 2 ) ) );
}

/**
 * Decimal separator for prices.
 *
 * @return string
 */
function wc_get_price_decimal_separator() {
	$separator = apply_filters( 'wc_get_price_decimal_separator', get_option( 'woocommerce_price_decimal_sep' ) );
	return $separator ? stripslashes( $separator ) : '.';
}

/**
 * Thousand separator for prices.
 *
 * @return string
 */
function wc_get_price_thousand_separator() {
	return stripslashes( apply_filters( 'wc_get_price_thousand_separator', get_option( 'woocommerce_price_thousand_sep', ',' ) ) );
}

/**
 * Are prices entered inclusive of tax?
 *
 * @return bool
 */
function wc_prices_include_tax() {
	return wc_tax_enabled() && 'yes' === get_option( 'woocommerce_prices_include_tax' );
}

/**
 * Are taxes enabled?
 *
 * @return bool
 */
function wc_tax_enabled() {
	return apply_filters( 'wc_tax_enabled', 'yes' === get_option( 'woocommerce_calc_taxes' ) );
}

/**
 * Shipping enabled? (The stand-in has no shipping calculator; flag only.)
 *
 * @return bool
 */
function wc_shipping_enabled() {
	return apply_filters( 'woocommerce_ship_to_countries', get_option( 'woocommerce_ship_to_countries' ) ) !== 'disabled';
}

/**
 * Rounding precision for intermediate values: max( WC_ROUNDING_PRECISION, decimals + 2 ).
 *
 * @return int
 */
function wc_get_rounding_precision() {
	$precision = wc_get_price_decimals() + 2;
	if ( absint( WC_ROUNDING_PRECISION ) > $precision ) {
		$precision = absint( WC_ROUNDING_PRECISION );
	}
	return $precision;
}

/**
 * Tax rounding mode: half-down when prices include tax, half-up otherwise.
 *
 * @return int
 */
function wc_get_tax_rounding_mode() {
	if ( 'auto' !== WC_TAX_ROUNDING_MODE ) {
		return (int) WC_TAX_ROUNDING_MODE;
	}
	return 'yes' === get_option( 'woocommerce_prices_include_tax', 'no' ) ? PHP_ROUND_HALF_DOWN : PHP_ROUND_HALF_UP;
}

/**
 * Round a tax amount to price decimals with the tax rounding mode.
 *
 * @param float    $value     Amount.
 * @param int|null $precision Decimals, default price decimals.
 * @return float
 */
function wc_round_tax_total( $value, $precision = null ) {
	$precision = is_null( $precision ) ? wc_get_price_decimals() : intval( $precision );
	$rounded   = wc_standin_round( (float) $value, $precision, wc_get_tax_rounding_mode() );
	return apply_filters( 'wc_round_tax_total', $rounded, $value, $precision, WC_TAX_ROUNDING_MODE );
}

/**
 * Round a discount amount (half-down, as WooCommerce does).
 *
 * @param float $value     Amount.
 * @param int   $precision Decimals.
 * @return float
 */
function wc_round_discount( $value, $precision ) {
	return wc_standin_round( (float) $value, $precision, WC_DISCOUNT_ROUNDING_MODE );
}

/**
 * Internal: PHP round() that tolerates strings/null.
 *
 * @param mixed $value     Value.
 * @param int   $precision Precision.
 * @param int   $mode      Mode.
 * @return float
 */
function wc_standin_round( $value, $precision = 0, $mode = PHP_ROUND_HALF_UP ) {
	if ( ! is_numeric( $value ) ) {
		$value = floatval( $value );
	}
	return round( (float) $value, (int) $precision, $mode );
}

/**
 * Multiply by 10^decimals (work in cents).
 *
 * @param float $value Value.
 * @param bool  $round Round to remaining precision.
 * @return float
 */
function wc_add_number_precision( $value, $round = true ) {
	$cent_precision = pow( 10, wc_get_price_decimals() );
	$value          = (float) $value * $cent_precision;
	return $round ? wc_standin_round( $value, wc_get_rounding_precision() - wc_get_price_decimals() ) : $value;
}

/**
 * Divide by 10^decimals.
 *
 * @param float $value Value.
 * @return float
 */
function wc_remove_number_precision( $value ) {
	$cent_precision = pow( 10, wc_get_price_decimals() );
	return (float) $value / $cent_precision;
}

/**
 * Deep variant of wc_add_number_precision.
 *
 * @param mixed $value Value or array.
 * @param bool  $round Round.
 * @return mixed
 */
function wc_add_number_precision_deep( $value, $round = true ) {
	if ( ! is_array( $value ) ) {
		return wc_add_number_precision( $value, $round );
	}
	foreach ( $value as $key => $sub ) {
		$value[ $key ] = wc_add_number_precision_deep( $sub, $round );
	}
	return $value;
}

/**
 * Deep variant of wc_remove_number_precision.
 *
 * @param mixed $value Value or array.
 * @return mixed
 */
function wc_remove_number_precision_deep( $value ) {
	if ( ! is_array( $value ) ) {
		return wc_remove_number_precision( $value );
	}
	foreach ( $value as $key => $sub ) {
		$value[ $key ] = wc_remove_number_precision_deep( $sub );
	}
	return $value;
}

/**
 * Format a decimal: normalise separators; with $dp, number_format to $dp ('' = price decimals);
 * floats without $dp are written at rounding precision and trimmed.
 *
 * @param mixed           $number     Number.
 * @param int|string|bool $dp         Decimals, '' for price decimals, false to keep.
 * @param bool            $trim_zeros Trim trailing zeros.
 * @return string
 */
function wc_format_decimal( $number, $dp = false, $trim_zeros = false ) {
	$number   = $number ?? '';
	$locale   = localeconv();
	$decimals = array( wc_get_price_decimal_separator(), $locale['decimal_point'], $locale['mon_decimal_point'] );
	$decimals = array_filter( $decimals, 'strlen' );

	if ( ! is_float( $number ) ) {
		$number = str_replace( $decimals, '.', (string) $number );
		$number = preg_replace( '/\.(?![^.]+$)|[^0-9.-]/', '', wc_clean( $number ) );
	}

	if ( false !== $dp ) {
		$dp     = intval( '' === $dp ? wc_get_price_decimals() : $dp );
		$number = number_format( floatval( $number ), $dp, '.', '' );
	} elseif ( is_float( $number ) ) {
		$number     = str_replace( $decimals, '.', sprintf( '%.' . wc_get_rounding_precision() . 'f', $number ) );
		$trim_zeros = true;
	}

	if ( $trim_zeros && false !== strpos( $number, '.' ) ) {
		$number = rtrim( rtrim( $number, '0' ), '.' );
	}

	return $number;
}

/**
 * Format a refund amount (negated).
 *
 * @param float $amount Amount.
 * @return string
 */
function wc_format_refund_total( $amount ) {
	return wc_format_decimal( (float) $amount * -1 );
}

/**
 * Sanitise a value or array of values.
 *
 * @param mixed $value Value.
 * @return mixed
 */
function wc_clean( $value ) {
	if ( is_array( $value ) ) {
		return array_map( 'wc_clean', $value );
	}
	return is_scalar( $value ) ? sanitize_text_field( (string) $value ) : $value;
}

/**
 * Plain-text price (no markup beyond a span, enough for notes and admin).
 *
 * @param float $price Price.
 * @param array $args  Args (currency, decimals).
 * @return string
 */
function wc_price( $price, $args = array() ) {
	$args     = wp_parse_args(
		$args,
		array(
			'currency' => '',
			'decimals' => wc_get_price_decimals(),
		)
	);
	$negative = (float) $price < 0;
	$number   = number_format( abs( (float) $price ), (int) $args['decimals'], wc_get_price_decimal_separator(), wc_get_price_thousand_separator() );
	$html     = '<span class="woocommerce-Price-amount amount">' . ( $negative ? '-' : '' ) . '<span class="woocommerce-Price-currencySymbol">' . get_woocommerce_currency_symbol( $args['currency'] ) . '</span>' . $number . '</span>';
	return apply_filters( 'wc_price', $html, $price, $args, $price, $price );
}

/**
 * Order statuses with wc- prefixed keys.
 *
 * @return array
 */
function wc_get_order_statuses() {
	$statuses = array(
		'wc-pending'    => _x( 'Pending payment', 'Order status', 'woocommerce' ),
		'wc-processing' => _x( 'Processing', 'Order status', 'woocommerce' ),
		'wc-on-hold'    => _x( 'On hold', 'Order status', 'woocommerce' ),
		'wc-completed'  => _x( 'Completed', 'Order status', 'woocommerce' ),
		'wc-cancelled'  => _x( 'Cancelled', 'Order status', 'woocommerce' ),
		'wc-refunded'   => _x( 'Refunded', 'Order status', 'woocommerce' ),
		'wc-failed'     => _x( 'Failed', 'Order status', 'woocommerce' ),
	);
	return apply_filters( 'wc_order_statuses', $statuses );
}

/**
 * Is this a valid order status (wc- prefixed)?
 *
 * @param string $maybe_status Status.
 * @return bool
 */
function wc_is_order_status( $maybe_status ) {
	$statuses = wc_get_order_statuses();
	return isset( $statuses[ $maybe_status ] );
}

/**
 * Status label.
 *
 * @param string $status Status with or without prefix.
 * @return string
 */
function wc_get_order_status_name( $status ) {
	$statuses = wc_get_order_statuses();
	$status   = 'wc-' === substr( $status, 0, 3 ) ? substr( $status, 3 ) : $status;
	return isset( $statuses[ 'wc-' . $status ] ) ? $statuses[ 'wc-' . $status ] : $status;
}

/**
 * Statuses considered paid.
 *
 * @return array
 */
function wc_get_is_paid_statuses() {
	return apply_filters( 'woocommerce_order_is_paid_statuses', array( 'processing', 'completed' ) );
}

/**
 * Statuses considered pending payment.
 *
 * @return array
 */
function wc_get_is_pending_statuses() {
	return apply_filters( 'woocommerce_order_is_pending_statuses', array( 'pending' ) );
}

/**
 * Order types.
 *
 * @param string $for Context.
 * @return array
 */
function wc_get_order_types( $for = '' ) {
	if ( 'order-count' === $for || 'view-orders' === $for || 'reports' === $for ) {
		return array( 'shop_order' );
	}
	return array( 'shop_order', 'shop_order_refund' );
}

/**
 * Pluck a method's / property's value from a list of objects.
 *
 * @param array  $list      Objects.
 * @param string $callback  Method name.
 * @param string $index_key Method used for keys.
 * @return array
 */
function wc_list_pluck( $list, $callback, $index_key = null ) {
	$out = array();
	foreach ( $list as $key => $value ) {
		$v = is_callable( array( $value, $callback ) ) ? $value->{$callback}() : null;
		if ( $index_key && is_callable( array( $value, $index_key ) ) ) {
			$out[ $value->{$index_key}() ] = $v;
		} else {
			$out[ $key ] = $v;
		}
	}
	return $out;
}

/**
 * Doing it wrong wrapper.
 *
 * @param string $function Function.
 * @param string $message  Message.
 * @param string $version  Version.
 * @return void
 */
function wc_doing_it_wrong( $function, $message, $version ) {
	_doing_it_wrong( esc_html( $function ), esc_html( $message ), esc_html( $version ) );
}

/**
 * Deprecation notice for a function or method.
 *
 * @param string      $function    Name.
 * @param string      $version     Version.
 * @param string|null $replacement Replacement.
 * @return void
 */
function wc_deprecated_function( $function, $version, $replacement = null ) {
	_deprecated_function( esc_html( $function ), esc_html( $version ), $replacement ? esc_html( $replacement ) : null );
}

/**
 * Timezone string or offset of the site.
 *
 * @return string
 */
function wc_timezone_string() {
	return wp_timezone_string();
}

/**
 * Site timezone offset in seconds.
 *
 * @return int
 */
function wc_timezone_offset() {
	return (int) wp_timezone()->getOffset( new DateTime( 'now', new DateTimeZone( 'UTC' ) ) );
}

/**
 * Convert a date value (timestamp, string, WC_DateTime) to WC_DateTime or null.
 *
 * @param mixed $value Date.
 * @param bool  $gmt   Treat strings as GMT.
 * @return WC_DateTime|null
 */
function wc_string_to_datetime( $value, $gmt = false ) {
	if ( $value instanceof WC_DateTime ) {
		return $value;
	}
	if ( empty( $value ) || '0000-00-00 00:00:00' === $value ) {
		return null;
	}
	if ( is_numeric( $value ) ) {
		$datetime = new WC_DateTime( '@' . $value, new DateTimeZone( 'UTC' ) );
	} elseif ( 1 === preg_match( '/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|((-|\+)\d{2}:\d{2}))$/', (string) $value ) ) {
		$datetime = new WC_DateTime( (string) $value );
	} else {
		$datetime = new WC_DateTime( (string) $value, $gmt ? new DateTimeZone( 'UTC' ) : wp_timezone() );
	}
	$datetime->setTimezone( wp_timezone() );
	return $datetime;
}

/**
 * REST date format: Y-m-d\TH:i:s in site time or GMT, null when empty.
 *
 * @param WC_DateTime|null $date Date.
 * @param bool             $utc  GMT.
 * @return string|null
 */
function wc_rest_prepare_date_response( $date, $utc = true ) {
	if ( ! $date instanceof WC_DateTime ) {
		return null;
	}
	$copy = clone $date;
	$copy->setTimezone( $utc ? new DateTimeZone( 'UTC' ) : wp_timezone() );
	return $copy->format( 'Y-m-d\TH:i:s' );
}

/**
 * Stock amount (ints).
 *
 * @param mixed $amount Amount.
 * @return int|float
 */
function wc_stock_amount( $amount ) {
	return apply_filters( 'woocommerce_stock_amount', $amount );
}
add_filter( 'woocommerce_stock_amount', 'intval' );

/**
 * Format a coupon code like WooCommerce (lowercase, entity-decoded, trimmed).
 *
 * @param string $value Code.
 * @return string
 */
function wc_format_coupon_code( $value ) {
	return apply_filters( 'woocommerce_coupon_code', html_entity_decode( wp_filter_kses( (string) $value ), ENT_QUOTES ) );
}
add_filter( 'woocommerce_coupon_code', 'trim' );
add_filter( 'woocommerce_coupon_code', 'strtolower' );

/**
 * Same coupon code? (case-insensitive)
 *
 * @param string $a Code.
 * @param string $b Code.
 * @return bool
 */
function wc_is_same_coupon( $a, $b ) {
	return wc_strtolower( (string) $a ) === wc_strtolower( (string) $b );
}

/**
 * Lowercase, multibyte-safe.
 *
 * @param string $string String.
 * @return string
 */
function wc_strtolower( $string ) {
	return function_exists( 'mb_strtolower' ) ? mb_strtolower( $string ) : strtolower( $string );
}

/**
 * Base location from woocommerce_default_country ("CC" or "CC:STATE").
 *
 * @return array country, state
 */
function wc_get_base_location() {
	$default = apply_filters( 'woocommerce_get_base_location', get_option( 'woocommerce_default_country', 'US:CA' ) );
	$parts   = explode( ':', (string) $default );
	return array(
		'country' => isset( $parts[0] ) ? $parts[0] : '',
		'state'   => isset( $parts[1] ) ? $parts[1] : '',
	);
}

/**
 * Merge numeric arrays by summing values of equal keys.
 *
 * @return array
 */
function wc_array_merge_recursive_numeric() {
	$arrays = func_get_args();
	$final  = array();
	foreach ( $arrays as $array ) {
		foreach ( (array) $array as $key => $value ) {
			$final[ $key ] = isset( $final[ $key ] ) ? $final[ $key ] + $value : $value;
		}
	}
	return $final;
}

/**
 * Customer capability set check helper used by REST permission callbacks.
 *
 * @param string $post_type Post type.
 * @param string $context   read|create|edit|delete|batch.
 * @param int    $object_id Object id.
 * @return bool
 */
function wc_rest_check_post_permissions( $post_type, $context = 'read', $object_id = 0 ) {
	$caps       = array(
		'read'   => 'read_private_' . $post_type . 's',
		'create' => 'create_' . $post_type . 's',
		'edit'   => 'edit_' . $post_type . 's',
		'delete' => 'delete_' . $post_type . 's',
		'batch'  => 'edit_others_' . $post_type . 's',
	);
	$cap        = isset( $caps[ $context ] ) ? $caps[ $context ] : $caps['read'];
	$permission = current_user_can( $cap );
	return apply_filters( 'woocommerce_rest_check_permissions', $permission, $context, $object_id, $post_type );
}
