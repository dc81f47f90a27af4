<?php
/**
 * WC_Tax: tax rates, classes and calculations.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Tax rates live in {prefix}woocommerce_tax_rates and {prefix}woocommerce_tax_rate_locations,
 * tax classes in {prefix}wc_tax_rate_classes (WooCommerce's table names and columns).
 */
class WC_Tax {

	/**
	 * Round to WooCommerce's rounding precision (half up).
	 *
	 * @param float|string $in Value.
	 * @return float
	 */
	public static function round( $in ) {
		return apply_filters( 'woocommerce_tax_round', wc_standin_round( $in, wc_get_rounding_precision() ), $in );
	}

	/**
	 * Taxes for a price.
	 *
	 * @param float $price              Price.
	 * @param array $rates              Rates from find_rates().
	 * @param bool  $price_includes_tax Inclusive price.
	 * @param bool  $deprecated         Unused.
	 * @return array rate_id => tax
	 */
	public static function calc_tax( $price, $rates, $price_includes_tax = false, $deprecated = false ) {
		if ( $price_includes_tax ) {
			$taxes = self::calc_inclusive_tax( $price, $rates );
		} else {
			$taxes = self::calc_exclusive_tax( $price, $rates );
		}
		return apply_filters( 'woocommerce_calc_tax', $taxes, $price, $rates, $price_includes_tax, $deprecated );
	}

	/**
	 * Shipping taxes (always exclusive).
	 *
	 * @param float $price Price.
	 * @param array $rates Rates.
	 * @return array
	 */
	public static function calc_shipping_tax( $price, $rates ) {
		$taxes = self::calc_exclusive_tax( $price, $rates );
		return apply_filters( 'woocommerce_calc_shipping_tax', $taxes, $price, $rates );
	}

	/**
	 * Tax contained in an inclusive price. Compound rates are peeled off first (last priority first),
	 * then the regular rates share what is left in proportion to their rates.
	 *
	 * @param float $price Price.
	 * @param array $rates Rates.
	 * @return array
	 */
	public static function calc_inclusive_tax( $price, $rates ) {
		$price    = (float) $price;
		$taxes    = array();
		$compound = array();
		$regular  = array();
		foreach ( $rates as $key => $rate ) {
			$taxes[ $key ] = 0;
			if ( 'yes' === $rate['compound'] ) {
				$compound[ $key ] = (float) $rate['rate'];
			} else {
				$regular[ $key ] = (float) $rate['rate'];
			}
		}
		$remaining = $price;
		foreach ( array_reverse( $compound, true ) as $key => $percent ) {
			$amount         = apply_filters( 'woocommerce_price_inc_tax_amount', $remaining - ( $remaining / ( 1 + $percent / 100 ) ), $key, $rates[ $key ], $price );
			$taxes[ $key ] += $amount;
			$remaining     -= $amount;
		}
		$regular_factor = 1 + array_sum( $regular ) / 100;
		foreach ( $regular as $key => $percent ) {
			$share          = ( $percent / 100 ) / $regular_factor;
			$amount         = apply_filters( 'woocommerce_price_inc_tax_amount', $share * $remaining, $key, $rates[ $key ], $price );
			$taxes[ $key ] += $amount;
		}
		return array_map( array( __CLASS__, 'round' ), $taxes );
	}

	/**
	 * Tax on an exclusive price; compound rates apply to price + taxes so far.
	 *
	 * @param float $price Price.
	 * @param array $rates Rates.
	 * @return array
	 */
	public static function calc_exclusive_tax( $price, $rates ) {
		$price = (float) $price;
		$taxes = array();
		foreach ( $rates as $key => $rate ) {
			if ( 'yes' === $rate['compound'] ) {
				continue;
			}
			$amount        = apply_filters( 'woocommerce_price_ex_tax_amount', $price * ( (float) $rate['rate'] / 100 ), $key, $rate, $price );
			$taxes[ $key ] = ( isset( $taxes[ $key ] ) ? $taxes[ $key ] : 0 ) + $amount;
		}
		$pre_compound_total = array_sum( $taxes );
		foreach ( $rates as $key => $rate ) {
			if ( 'yes' !== $rate['compound'] ) {
				continue;
			}
			$amount             = apply_filters( 'woocommerce_price_ex_tax_amount', ( $price + $pre_compound_total ) * ( (float) $rate['rate'] / 100 ), $key, $rate, $price );
			$taxes[ $key ]      = ( isset( $taxes[ $key ] ) ? $taxes[ $key ] : 0 ) + $amount;
			$pre_compound_total = array_sum( $taxes );
		}
		return array_map( array( __CLASS__, 'round' ), $taxes );
	}

	/**
	 * Normalise a tax class slug ('standard' => '').
	 *
	 * @param string $tax_class Class.
	 * @return string
	 */
	public static function format_tax_rate_class( $tax_class ) {
		$tax_class = sanitize_title( (string) $tax_class );
		return 'standard' === $tax_class ? '' : $tax_class;
	}

	/**
	 * Rates matching a location and class: one per priority, most specific first.
	 *
	 * @param array $args country, state, postcode, city, tax_class.
	 * @return array rate_id => [rate, label, shipping, compound]
	 */
	public static function find_rates( $args = array() ) {
		$args = wp_parse_args(
			$args,
			array(
				'country'   => '',
				'state'     => '',
				'city'      => '',
				'postcode'  => '',
				'tax_class' => '',
			)
		);
		if ( ! $args['country'] ) {
			return array();
		}
		$rates = self::get_matched_tax_rates( strtoupper( $args['country'] ), strtoupper( $args['state'] ), strtoupper( wc_clean( $args['postcode'] ) ), strtoupper( $args['city'] ), self::format_tax_rate_class( $args['tax_class'] ) );
		return apply_filters( 'woocommerce_find_rates', $rates, $args );
	}

	/**
	 * Rates matching, for shipping (rates with shipping enabled).
	 *
	 * @param array $args Location.
	 * @return array
	 */
	public static function find_shipping_rates( $args = array() ) {
		$rates = self::find_rates( $args );
		return array_filter(
			$rates,
			function ( $rate ) {
				return 'yes' === $rate['shipping'];
			}
		);
	}

	/**
	 * Does a location value match a list of patterns (exact, trailing *, or a...b range)?
	 *
	 * @param string $value    Value.
	 * @param array  $patterns Patterns.
	 * @return bool
	 */
	protected static function location_matches( $value, $patterns ) {
		if ( empty( $patterns ) ) {
			return true;
		}
		foreach ( $patterns as $pattern ) {
			$pattern = strtoupper( trim( $pattern ) );
			if ( $pattern === $value ) {
				return true;
			}
			if ( '*' === substr( $pattern, -1 ) && 0 === strpos( $value, substr( $pattern, 0, -1 ) ) ) {
				return true;
			}
			if ( false !== strpos( $pattern, '...' ) ) {
				list( $min, $max ) = explode( '...', $pattern );
				if ( is_numeric( $value ) && is_numeric( $min ) && is_numeric( $max ) && $value >= $min && $value <= $max ) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Matching rate rows.
	 *
	 * @param string $country   Country.
	 * @param string $state     State.
	 * @param string $postcode  Postcode.
	 * @param string $city      City.
	 * @param string $tax_class Class slug.
	 * @return array
	 */
	protected static function get_matched_tax_rates( $country, $state, $postcode, $city, $tax_class ) {
		global $wpdb;
		$rows       = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_country IN ( %s, '' ) AND tax_rate_state IN ( %s, '' ) AND tax_rate_class = %s",
				$country,
				$state,
				$tax_class
			)
		);
		$locations  = self::get_locations_for_rates( wp_list_pluck( $rows, 'tax_rate_id' ) );
		$candidates = array();
		foreach ( $rows as $row ) {
			$postcodes = isset( $locations[ $row->tax_rate_id ]['postcode'] ) ? $locations[ $row->tax_rate_id ]['postcode'] : array();
			$cities    = isset( $locations[ $row->tax_rate_id ]['city'] ) ? $locations[ $row->tax_rate_id ]['city'] : array();
			if ( ! self::location_matches( $postcode, $postcodes ) || ! self::location_matches( $city, $cities ) ) {
				continue;
			}
			$row->specificity = ( '' !== $row->tax_rate_country ? 8 : 0 ) + ( '' !== $row->tax_rate_state ? 4 : 0 ) + ( $postcodes ? 2 : 0 ) + ( $cities ? 1 : 0 );
			$candidates[]     = $row;
		}
		usort(
			$candidates,
			function ( $a, $b ) {
				if ( (int) $a->tax_rate_priority !== (int) $b->tax_rate_priority ) {
					return (int) $a->tax_rate_priority <=> (int) $b->tax_rate_priority;
				}
				if ( $a->specificity !== $b->specificity ) {
					return $b->specificity <=> $a->specificity;
				}
				if ( (int) $a->tax_rate_order !== (int) $b->tax_rate_order ) {
					return (int) $a->tax_rate_order <=> (int) $b->tax_rate_order;
				}
				return (int) $a->tax_rate_id <=> (int) $b->tax_rate_id;
			}
		);
		$matched    = array();
		$found_prio = array();
		foreach ( $candidates as $row ) {
			if ( in_array( (int) $row->tax_rate_priority, $found_prio, true ) ) {
				continue;
			}
			$found_prio[]                       = (int) $row->tax_rate_priority;
			$matched[ (int) $row->tax_rate_id ] = array(
				'rate'     => (float) $row->tax_rate,
				'label'    => $row->tax_rate_name,
				'shipping' => $row->tax_rate_shipping ? 'yes' : 'no',
				'compound' => $row->tax_rate_compound ? 'yes' : 'no',
			);
		}
		return $matched;
	}

	/**
	 * Postcode/city rows per rate.
	 *
	 * @param array $rate_ids Ids.
	 * @return array rate_id => [postcode=>[], city=>[]]
	 */
	protected static function get_locations_for_rates( $rate_ids ) {
		global $wpdb;
		$rate_ids = array_map( 'absint', (array) $rate_ids );
		if ( ! $rate_ids ) {
			return array();
		}
		$in   = implode( ',', $rate_ids );
		$rows = $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rate_locations WHERE tax_rate_id IN ( {$in} )" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$out  = array();
		foreach ( $rows as $row ) {
			$out[ $row->tax_rate_id ][ $row->location_type ][] = $row->location_code;
		}
		return $out;
	}

	/**
	 * Base (store) location rates.
	 *
	 * @param string $tax_class Class.
	 * @return array
	 */
	public static function get_base_tax_rates( $tax_class = '' ) {
		$base = wc_get_base_location();
		return apply_filters(
			'woocommerce_base_tax_rates',
			self::find_rates(
				array(
					'country'   => $base['country'],
					'state'     => $base['state'],
					'postcode'  => get_option( 'woocommerce_store_postcode', '' ),
					'city'      => get_option( 'woocommerce_store_city', '' ),
					'tax_class' => $tax_class,
				)
			),
			$tax_class
		);
	}

	/**
	 * Rates for a location given as array( country, state, postcode, city ).
	 *
	 * @param string $tax_class Class.
	 * @param array  $location  Location.
	 * @param object $customer  Unused.
	 * @return array
	 */
	public static function get_rates_from_location( $tax_class, $location, $customer = null ) {
		$tax_class                = sanitize_title( $tax_class );
		$location                 = array_values( (array) $location ) + array( '', '', '', '' );
		list( $c, $s, $p, $city ) = $location;
		$rates                    = self::find_rates(
			array(
				'country'   => $c,
				'state'     => $s,
				'postcode'  => $p,
				'city'      => $city,
				'tax_class' => $tax_class,
			)
		);
		return apply_filters( 'woocommerce_matched_rates', $rates, $tax_class, $customer );
	}

	/**
	 * Rates for the store base location (the stand-in has no customer session).
	 *
	 * @param string $tax_class Class.
	 * @param object $customer  Unused.
	 * @return array
	 */
	public static function get_rates( $tax_class = '', $customer = null ) {
		$base = wc_get_base_location();
		return self::get_rates_from_location( $tax_class, array( $base['country'], $base['state'], get_option( 'woocommerce_store_postcode', '' ), get_option( 'woocommerce_store_city', '' ) ), $customer );
	}

	/**
	 * All rate rows of a class, keyed by id, with postcode and city arrays.
	 *
	 * @param string $tax_class Class.
	 * @return array
	 */
	public static function get_rates_for_tax_class( $tax_class ) {
		global $wpdb;
		$rows      = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_class = %s ORDER BY tax_rate_order", self::format_tax_rate_class( $tax_class ) ) );
		$locations = self::get_locations_for_rates( wp_list_pluck( $rows, 'tax_rate_id' ) );
		$out       = array();
		foreach ( $rows as $row ) {
			$row->postcode                  = isset( $locations[ $row->tax_rate_id ]['postcode'] ) ? $locations[ $row->tax_rate_id ]['postcode'] : array();
			$row->city                      = isset( $locations[ $row->tax_rate_id ]['city'] ) ? $locations[ $row->tax_rate_id ]['city'] : array();
			$out[ (int) $row->tax_rate_id ] = $row;
		}
		return $out;
	}

	/**
	 * One rate row.
	 *
	 * @param int|object $rate Id or row.
	 * @return object|null
	 */
	protected static function rate_row( $rate ) {
		global $wpdb;
		if ( is_object( $rate ) ) {
			return $rate;
		}
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_id = %d", $rate ) );
	}

	/**
	 * Rate row as array (like WC_Tax::_get_tax_rate).
	 *
	 * @param int    $tax_rate_id Id.
	 * @param string $output_type ARRAY_A or OBJECT.
	 * @return array|object
	 */
	public static function _get_tax_rate( $tax_rate_id, $output_type = ARRAY_A ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE tax_rate_id = %d", $tax_rate_id ), $output_type );
	}

	/**
	 * Rate code: COUNTRY-STATE-NAME-PRIORITY (empty parts skipped).
	 *
	 * @param int|object $key_or_rate Rate id or row.
	 * @return string
	 */
	public static function get_rate_code( $key_or_rate ) {
		$rate = self::rate_row( $key_or_rate );
		$code = '';
		if ( $rate ) {
			$parts = array( $rate->tax_rate_country, $rate->tax_rate_state, $rate->tax_rate_name ? $rate->tax_rate_name : 'TAX', absint( $rate->tax_rate_priority ) );
			$code  = strtoupper( implode( '-', array_filter( $parts ) ) );
		}
		return apply_filters( 'woocommerce_rate_code', $code, is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	/**
	 * Rate label.
	 *
	 * @param int|object $key_or_rate Rate.
	 * @return string
	 */
	public static function get_rate_label( $key_or_rate ) {
		$rate  = self::rate_row( $key_or_rate );
		$label = $rate && $rate->tax_rate_name ? $rate->tax_rate_name : __( 'Tax', 'woocommerce' );
		return apply_filters( 'woocommerce_rate_label', $label, is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	/**
	 * Rate percent string, e.g. "20%".
	 *
	 * @param int|object $key_or_rate Rate.
	 * @return string
	 */
	public static function get_rate_percent( $key_or_rate ) {
		$value = self::get_rate_percent_value( $key_or_rate );
		return apply_filters( 'woocommerce_rate_percent', str_replace( '.', wc_get_price_decimal_separator(), wc_format_decimal( (string) $value, false, true ) ) . '%', is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	/**
	 * Rate percent as float.
	 *
	 * @param int|object $key_or_rate Rate.
	 * @return float
	 */
	public static function get_rate_percent_value( $key_or_rate ) {
		$rate = self::rate_row( $key_or_rate );
		return $rate ? floatval( $rate->tax_rate ) : 0.0;
	}

	/**
	 * Is the rate compound?
	 *
	 * @param int|object $key_or_rate Rate.
	 * @return bool
	 */
	public static function is_compound( $key_or_rate ) {
		$rate = self::rate_row( $key_or_rate );
		return (bool) apply_filters( 'woocommerce_rate_compound', $rate ? (bool) $rate->tax_rate_compound : false, is_object( $key_or_rate ) ? $key_or_rate->tax_rate_id : $key_or_rate );
	}

	/**
	 * Sum of taxes rounded to price decimals.
	 *
	 * @param array $taxes Taxes.
	 * @return float
	 */
	public static function get_tax_total( $taxes ) {
		return array_sum( array_map( array( __CLASS__, 'round' ), $taxes ) );
	}

	/**
	 * Prepare a rate row for insert/update.
	 *
	 * @param array $tax_rate Fields.
	 * @return array
	 */
	protected static function prepare_tax_rate( $tax_rate ) {
		$allowed  = array( 'tax_rate_country', 'tax_rate_state', 'tax_rate', 'tax_rate_name', 'tax_rate_priority', 'tax_rate_compound', 'tax_rate_shipping', 'tax_rate_order', 'tax_rate_class' );
		$tax_rate = array_intersect_key( (array) $tax_rate, array_flip( $allowed ) );
		foreach ( $tax_rate as $key => $value ) {
			switch ( $key ) {
				case 'tax_rate_country':
				case 'tax_rate_state':
					$tax_rate[ $key ] = strtoupper( wc_clean( $value ) );
					break;
				case 'tax_rate':
					$tax_rate[ $key ] = number_format( (float) wc_format_decimal( $value ), 4, '.', '' );
					break;
				case 'tax_rate_name':
					$tax_rate[ $key ] = wc_clean( $value ) ? wc_clean( $value ) : __( 'Tax', 'woocommerce' );
					break;
				case 'tax_rate_priority':
				case 'tax_rate_order':
					$tax_rate[ $key ] = absint( $value );
					break;
				case 'tax_rate_compound':
				case 'tax_rate_shipping':
					$tax_rate[ $key ] = $value ? 1 : 0;
					break;
				case 'tax_rate_class':
					$tax_rate[ $key ] = self::format_tax_rate_class( $value );
					break;
			}//end switch
		}//end foreach
		return $tax_rate;
	}

	/**
	 * Insert a rate.
	 *
	 * @param array $tax_rate Fields.
	 * @return int Id.
	 */
	public static function _insert_tax_rate( $tax_rate ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		$tax_rate = wp_parse_args(
			self::prepare_tax_rate( $tax_rate ),
			array(
				'tax_rate_country'  => '',
				'tax_rate_state'    => '',
				'tax_rate'          => '0.0000',
				'tax_rate_name'     => __( 'Tax', 'woocommerce' ),
				'tax_rate_priority' => 1,
				'tax_rate_compound' => 0,
				'tax_rate_shipping' => 1,
				'tax_rate_order'    => 0,
				'tax_rate_class'    => '',
			)
		);
		$wpdb->insert( $wpdb->prefix . 'woocommerce_tax_rates', $tax_rate );
		$id = (int) $wpdb->insert_id;
		do_action( 'woocommerce_tax_rate_added', $id, $tax_rate );
		return $id;
	}

	/**
	 * Update a rate.
	 *
	 * @param int   $tax_rate_id Id.
	 * @param array $tax_rate    Fields.
	 * @return void
	 */
	public static function _update_tax_rate( $tax_rate_id, $tax_rate ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		$wpdb->update( $wpdb->prefix . 'woocommerce_tax_rates', self::prepare_tax_rate( $tax_rate ), array( 'tax_rate_id' => absint( $tax_rate_id ) ) );
		do_action( 'woocommerce_tax_rate_updated', $tax_rate_id, $tax_rate );
	}

	/**
	 * Delete a rate and its locations.
	 *
	 * @param int $tax_rate_id Id.
	 * @return void
	 */
	public static function _delete_tax_rate( $tax_rate_id ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		global $wpdb;
		$wpdb->delete( $wpdb->prefix . 'woocommerce_tax_rate_locations', array( 'tax_rate_id' => absint( $tax_rate_id ) ) );
		$wpdb->delete( $wpdb->prefix . 'woocommerce_tax_rates', array( 'tax_rate_id' => absint( $tax_rate_id ) ) );
		do_action( 'woocommerce_tax_rate_deleted', $tax_rate_id );
	}

	/**
	 * Save postcodes ("a;b;c").
	 *
	 * @param int    $tax_rate_id Id.
	 * @param string $postcodes   Postcodes.
	 * @return void
	 */
	public static function _update_tax_rate_postcodes( $tax_rate_id, $postcodes ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		self::update_tax_rate_locations( $tax_rate_id, is_array( $postcodes ) ? $postcodes : explode( ';', (string) $postcodes ), 'postcode' );
	}

	/**
	 * Save cities ("a;b").
	 *
	 * @param int    $tax_rate_id Id.
	 * @param string $cities      Cities.
	 * @return void
	 */
	public static function _update_tax_rate_cities( $tax_rate_id, $cities ) { // phpcs:ignore PSR2.Methods.MethodDeclaration.Underscore
		self::update_tax_rate_locations( $tax_rate_id, is_array( $cities ) ? $cities : explode( ';', (string) $cities ), 'city' );
	}

	/**
	 * Replace locations of one type.
	 *
	 * @param int    $tax_rate_id Id.
	 * @param array  $values      Values.
	 * @param string $type        postcode|city.
	 * @return void
	 */
	protected static function update_tax_rate_locations( $tax_rate_id, $values, $type ) {
		global $wpdb;
		$wpdb->delete(
			$wpdb->prefix . 'woocommerce_tax_rate_locations',
			array(
				'tax_rate_id'   => absint( $tax_rate_id ),
				'location_type' => $type,
			)
		);
		foreach ( array_unique( array_filter( array_map( 'trim', $values ) ) ) as $value ) {
			$wpdb->insert(
				$wpdb->prefix . 'woocommerce_tax_rate_locations',
				array(
					'location_code' => strtoupper( wc_clean( $value ) ),
					'tax_rate_id'   => absint( $tax_rate_id ),
					'location_type' => $type,
				)
			);
		}
	}

	/**
	 * Tax class rows.
	 *
	 * @return array of objects tax_rate_class_id, name, slug
	 */
	public static function get_tax_rate_classes() {
		global $wpdb;
		return $wpdb->get_results( "SELECT * FROM {$wpdb->prefix}wc_tax_rate_classes ORDER BY name" );
	}

	/**
	 * Tax class names (standard excluded).
	 *
	 * @return array
	 */
	public static function get_tax_classes() {
		return wp_list_pluck( self::get_tax_rate_classes(), 'name' );
	}

	/**
	 * Tax class slugs (standard excluded).
	 *
	 * @return array
	 */
	public static function get_tax_class_slugs() {
		return wp_list_pluck( self::get_tax_rate_classes(), 'slug' );
	}

	/**
	 * Create a tax class.
	 *
	 * @param string $name Name.
	 * @param string $slug Slug.
	 * @return array|WP_Error
	 */
	public static function create_tax_class( $name, $slug = '' ) {
		global $wpdb;
		if ( empty( $name ) ) {
			return new WP_Error( 'tax_class_invalid_name', __( 'Tax class requires a valid name', 'woocommerce' ) );
		}
		$slug = sanitize_title( $slug ? $slug : $name );
		if ( in_array( $slug, self::get_tax_class_slugs(), true ) || 'standard' === $slug ) {
			return new WP_Error( 'tax_class_exists', __( 'Tax class already exists', 'woocommerce' ) );
		}
		$wpdb->insert(
			$wpdb->prefix . 'wc_tax_rate_classes',
			array(
				'name' => $name,
				'slug' => $slug,
			)
		);
		do_action(
			'woocommerce_tax_class_added',
			$wpdb->insert_id,
			array(
				'name' => $name,
				'slug' => $slug,
			)
		);
		return array(
			'name' => $name,
			'slug' => $slug,
		);
	}

	/**
	 * Get a class by slug/name/id.
	 *
	 * @param string $field slug|name|id.
	 * @param mixed  $item  Value.
	 * @return array|false
	 */
	public static function get_tax_class_by( $field, $item ) {
		global $wpdb;
		$column = 'id' === $field ? 'tax_rate_class_id' : ( 'name' === $field ? 'name' : 'slug' );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}wc_tax_rate_classes WHERE {$column} = %s", $item ), ARRAY_A );
		return $row ? $row : false;
	}

	/**
	 * Delete a class and its rates.
	 *
	 * @param string $field slug|name|id.
	 * @param mixed  $item  Value.
	 * @return bool|WP_Error
	 */
	public static function delete_tax_class_by( $field, $item ) {
		global $wpdb;
		$class = self::get_tax_class_by( $field, $item );
		if ( ! $class ) {
			return new WP_Error( 'tax_class_invalid', __( 'Invalid tax class', 'woocommerce' ) );
		}
		foreach ( array_keys( self::get_rates_for_tax_class( $class['slug'] ) ) as $rate_id ) {
			self::_delete_tax_rate( $rate_id );
		}
		$wpdb->delete( $wpdb->prefix . 'wc_tax_rate_classes', array( 'tax_rate_class_id' => $class['tax_rate_class_id'] ) );
		return true;
	}
}
