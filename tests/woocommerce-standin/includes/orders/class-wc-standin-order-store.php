<?php
/**
 * Stand-in internal: order persistence in its own tables. Not WooCommerce API; WooSync must
 * never call this class (it only exists to back WC_Order / wc_get_orders).
 *
 * Tables:
 * - {prefix}wc_standin_orders: id (= id of a placeholder post of type shop_order_placehold, so
 *   order ids never collide with post ids), type, status (wc- prefixed), parent_id, customer_id,
 *   currency, total, billing_email, payment_method, transaction_id, date_*_gmt columns, and a
 *   JSON "data" column holding every other prop.
 * - {prefix}wc_standin_orders_meta: meta_id, order_id, meta_key, meta_value (WordPress metadata
 *   API, meta type "order").
 * - Items: WooCommerce's own woocommerce_order_items / woocommerce_order_itemmeta.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Order table access.
 */
final class WC_Standin_Order_Store {

	/**
	 * Orders table name.
	 *
	 * @return string
	 */
	public static function table() {
		global $wpdb;
		return $wpdb->prefix . 'wc_standin_orders';
	}

	/**
	 * Register meta tables with $wpdb so the metadata API works.
	 *
	 * @return void
	 */
	public static function register_tables() {
		global $wpdb;
		$wpdb->ordermeta      = $wpdb->prefix . 'wc_standin_orders_meta';
		$wpdb->order_itemmeta = $wpdb->prefix . 'woocommerce_order_itemmeta';
		$wpdb->tables[]       = 'wc_standin_orders_meta';
		$wpdb->tables[]       = 'woocommerce_order_itemmeta';
	}

	/**
	 * Reserve an id with a placeholder post.
	 *
	 * @return int
	 */
	public static function reserve_id() {
		return (int) wp_insert_post(
			array(
				'post_type'   => 'shop_order_placehold',
				'post_status' => 'draft',
				'post_title'  => 'order placeholder',
			)
		);
	}

	/**
	 * Row of an order.
	 *
	 * @param int $id Id.
	 * @return object|null
	 */
	public static function get_row( $id ) {
		global $wpdb;
		$table = self::table();
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE id = %d", $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * Order type of an id.
	 *
	 * @param int $id Id.
	 * @return string|null
	 */
	public static function get_type( $id ) {
		global $wpdb;
		$table = self::table();
		$type  = $wpdb->get_var( $wpdb->prepare( "SELECT type FROM {$table} WHERE id = %d", $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $type ? $type : null;
	}

	/**
	 * MySQL datetime (GMT) of a WC_DateTime.
	 *
	 * @param WC_DateTime|null $date Date.
	 * @return string|null
	 */
	private static function mysql_gmt( $date ) {
		return $date instanceof WC_DateTime ? gmdate( 'Y-m-d H:i:s', $date->getTimestamp() ) : null;
	}

	/**
	 * Write an order row (insert or replace).
	 *
	 * @param WC_Abstract_Order $order Order with id set.
	 * @param array             $props All props (edit context).
	 * @param bool              $insert Insert.
	 * @return void
	 */
	public static function write( $order, $props, $insert ) {
		global $wpdb;
		$json = array();
		foreach ( $props as $key => $value ) {
			$json[ $key ] = $value instanceof WC_DateTime ? $value->getTimestamp() : $value;
		}
		$row = array(
			'type'               => $order->get_type(),
			'status'             => 'wc-' . ( $props['status'] ? $props['status'] : 'pending' ),
			'parent_id'          => (int) $props['parent_id'],
			'customer_id'        => isset( $props['customer_id'] ) ? (int) $props['customer_id'] : 0,
			'currency'           => (string) $props['currency'],
			'total'              => (float) $props['total'],
			'billing_email'      => isset( $props['billing']['email'] ) ? (string) $props['billing']['email'] : '',
			'payment_method'     => isset( $props['payment_method'] ) ? (string) $props['payment_method'] : '',
			'transaction_id'     => isset( $props['transaction_id'] ) ? (string) $props['transaction_id'] : '',
			'date_created_gmt'   => self::mysql_gmt( $props['date_created'] ),
			'date_modified_gmt'  => self::mysql_gmt( $props['date_modified'] ),
			'date_paid_gmt'      => isset( $props['date_paid'] ) ? self::mysql_gmt( $props['date_paid'] ) : null,
			'date_completed_gmt' => isset( $props['date_completed'] ) ? self::mysql_gmt( $props['date_completed'] ) : null,
			'data'               => wp_json_encode( $json ),
		);
		if ( $insert ) {
			$row['id'] = $order->get_id();
			$wpdb->insert( self::table(), $row );
		} else {
			$wpdb->update( self::table(), $row, array( 'id' => $order->get_id() ) );
		}
	}

	/**
	 * Props of a row (dates as timestamps).
	 *
	 * @param object $row Row.
	 * @return array
	 */
	public static function row_props( $row ) {
		$data = json_decode( (string) $row->data, true );
		return is_array( $data ) ? $data : array();
	}

	/**
	 * Delete an order row, its meta, items and placeholder.
	 *
	 * @param int $id Id.
	 * @return void
	 */
	public static function delete( $id ) {
		global $wpdb;
		$items = $wpdb->get_col( $wpdb->prepare( "SELECT order_item_id FROM {$wpdb->prefix}woocommerce_order_items WHERE order_id = %d", $id ) );
		foreach ( $items as $item_id ) {
			$wpdb->delete( $wpdb->prefix . 'woocommerce_order_itemmeta', array( 'order_item_id' => $item_id ) );
		}
		$wpdb->delete( $wpdb->prefix . 'woocommerce_order_items', array( 'order_id' => $id ) );
		$wpdb->delete( $wpdb->ordermeta, array( 'order_id' => $id ) );
		$wpdb->delete( self::table(), array( 'id' => $id ) );
		wp_cache_delete( $id, 'order_meta' );
		wp_delete_post( $id, true );
	}

	/**
	 * Item rows of an order.
	 *
	 * @param int $order_id Order id.
	 * @return array
	 */
	public static function get_item_rows( $order_id ) {
		global $wpdb;
		return $wpdb->get_results( $wpdb->prepare( "SELECT order_item_id, order_item_type FROM {$wpdb->prefix}woocommerce_order_items WHERE order_id = %d ORDER BY order_item_id", $order_id ) );
	}

	/**
	 * SQL condition for a WooCommerce date query value on a GMT column.
	 *
	 * @param string $column Column.
	 * @param mixed  $value  '2024-01-31', '>2024-01-31', '<=1700000000', 'a...b', WC_DateTime.
	 * @return string
	 */
	private static function date_condition( $column, $value ) {
		global $wpdb;
		if ( $value instanceof DateTimeInterface ) {
			$value = $value->getTimestamp();
		}
		$value = trim( (string) $value );
		if ( false !== strpos( $value, '...' ) ) {
			list( $from, $to ) = explode( '...', $value, 2 );
			$start             = self::date_bounds( $from );
			$end               = self::date_bounds( $to );
			return $wpdb->prepare( "( {$column} >= %s AND {$column} <= %s )", $start[0], $end[1] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		$operator = '=';
		if ( preg_match( '/^(>=|<=|>|<)(.*)$/', $value, $m ) ) {
			$operator = $m[1];
			$value    = trim( $m[2] );
		}
		$bounds = self::date_bounds( $value );
		switch ( $operator ) {
			case '>':
				return $wpdb->prepare( "{$column} > %s", $bounds[1] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			case '>=':
				return $wpdb->prepare( "{$column} >= %s", $bounds[0] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			case '<':
				return $wpdb->prepare( "{$column} < %s", $bounds[0] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			case '<=':
				return $wpdb->prepare( "{$column} <= %s", $bounds[1] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			default:
				return $wpdb->prepare( "( {$column} >= %s AND {$column} <= %s )", $bounds[0], $bounds[1] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
	}

	/**
	 * GMT [start, end] of a timestamp (one second) or a site-local day (Y-m-d).
	 *
	 * @param string $value Value.
	 * @return array
	 */
	private static function date_bounds( $value ) {
		$value = trim( $value );
		if ( is_numeric( $value ) ) {
			$t = gmdate( 'Y-m-d H:i:s', (int) $value );
			return array( $t, $t );
		}
		$start = new DateTime( substr( $value, 0, 10 ) . ' 00:00:00', wp_timezone() );
		$end   = new DateTime( substr( $value, 0, 10 ) . ' 23:59:59', wp_timezone() );
		return array( gmdate( 'Y-m-d H:i:s', $start->getTimestamp() ), gmdate( 'Y-m-d H:i:s', $end->getTimestamp() ) );
	}

	/**
	 * Query orders (the subset of WC_Order_Query args documented in README.md).
	 *
	 * @param array $args Args.
	 * @return array ids, total count
	 */
	public static function query( $args ) {
		global $wpdb;
		$table = self::table();
		$where = array( '1=1' );
		$join  = '';

		$types   = isset( $args['type'] ) && $args['type'] ? (array) $args['type'] : array( 'shop_order' );
		$where[] = "o.type IN ('" . implode( "','", array_map( 'esc_sql', $types ) ) . "')";

		$status = isset( $args['status'] ) ? $args['status'] : ( isset( $args['post_status'] ) ? $args['post_status'] : '' );
		if ( '' === $status || array() === $status || 'any' === $status || array( 'any' ) === $status ) {
			$status = array_keys( wc_get_order_statuses() );
			if ( ! in_array( 'shop_order', $types, true ) || count( $types ) > 1 ) {
				$status[] = 'wc-completed';
			}
		}
		$status  = array_map(
			function ( $s ) {
				return 'wc-' === substr( $s, 0, 3 ) || 'trash' === $s || 'draft' === $s ? $s : 'wc-' . $s;
			},
			(array) $status
		);
		$status  = array_map(
			function ( $s ) {
				return 'trash' === $s ? 'wc-trash' : $s;
			},
			$status
		);
		$where[] = "o.status IN ('" . implode( "','", array_map( 'esc_sql', $status ) ) . "')";

		$map = array(
			'parent'         => 'parent_id',
			'currency'       => 'currency',
			'payment_method' => 'payment_method',
			'transaction_id' => 'transaction_id',
			'billing_email'  => 'billing_email',
		);
		foreach ( $map as $arg => $column ) {
			if ( isset( $args[ $arg ] ) && '' !== $args[ $arg ] && null !== $args[ $arg ] ) {
				$values  = (array) $args[ $arg ];
				$where[] = "o.{$column} IN ('" . implode( "','", array_map( 'esc_sql', array_map( 'strval', $values ) ) ) . "')";
			}
		}
		foreach ( array( 'customer_id', 'customer' ) as $arg ) {
			if ( isset( $args[ $arg ] ) && '' !== $args[ $arg ] && null !== $args[ $arg ] ) {
				$parts = array();
				foreach ( (array) $args[ $arg ] as $customer ) {
					$parts[] = is_numeric( $customer ) ? $wpdb->prepare( 'o.customer_id = %d', $customer ) : $wpdb->prepare( 'o.billing_email = %s', $customer );
				}
				$where[] = '( ' . implode( ' OR ', $parts ) . ' )';
			}
		}
		if ( ! empty( $args['parent_exclude'] ) ) {
			$where[] = 'o.parent_id NOT IN (' . implode( ',', array_map( 'absint', (array) $args['parent_exclude'] ) ) . ')';
		}
		if ( ! empty( $args['exclude'] ) ) {
			$where[] = 'o.id NOT IN (' . implode( ',', array_map( 'absint', (array) $args['exclude'] ) ) . ')';
		}
		foreach ( array( 'include', 'post__in' ) as $arg ) {
			if ( ! empty( $args[ $arg ] ) ) {
				$where[] = 'o.id IN (' . implode( ',', array_map( 'absint', (array) $args[ $arg ] ) ) . ')';
			}
		}
		foreach ( array( 'date_created', 'date_modified', 'date_paid', 'date_completed' ) as $date_arg ) {
			if ( ! empty( $args[ $date_arg ] ) ) {
				$where[] = self::date_condition( "o.{$date_arg}_gmt", $args[ $date_arg ] );
			}
		}

		$meta_query = isset( $args['meta_query'] ) && is_array( $args['meta_query'] ) ? $args['meta_query'] : array();
		if ( isset( $args['meta_key'] ) ) {
			$clause = array( 'key' => $args['meta_key'] );
			if ( isset( $args['meta_value'] ) ) {
				$clause['value'] = $args['meta_value'];
			}
			if ( isset( $args['meta_compare'] ) ) {
				$clause['compare'] = $args['meta_compare'];
			}
			$meta_query[] = $clause;
		}
		if ( $meta_query ) {
			$mq  = new WP_Meta_Query( $meta_query );
			$sql = $mq->get_sql( 'order', 'o', 'id' );
			if ( $sql ) {
				$join   .= $sql['join'];
				$where[] = '1=1 ' . $sql['where'];
			}
		}

		$orderby_map = array(
			'date'     => 'o.date_created_gmt',
			'id'       => 'o.id',
			'ID'       => 'o.id',
			'modified' => 'o.date_modified_gmt',
			'total'    => 'o.total',
			'parent'   => 'o.parent_id',
		);
		$orderby     = isset( $args['orderby'] ) ? $args['orderby'] : 'date';
		$order       = isset( $args['order'] ) && 'ASC' === strtoupper( $args['order'] ) ? 'ASC' : 'DESC';
		if ( 'none' === $orderby ) {
			$order_sql = '';
		} elseif ( 'rand' === $orderby ) {
			$order_sql = 'ORDER BY RAND()';
		} else {
			$column    = isset( $orderby_map[ $orderby ] ) ? $orderby_map[ $orderby ] : 'o.date_created_gmt';
			$order_sql = "ORDER BY {$column} {$order}, o.id {$order}";
		}

		$limit  = isset( $args['limit'] ) ? (int) $args['limit'] : ( isset( $args['posts_per_page'] ) ? (int) $args['posts_per_page'] : (int) get_option( 'posts_per_page', 10 ) );
		$offset = isset( $args['offset'] ) ? absint( $args['offset'] ) : 0;
		$paged  = isset( $args['paged'] ) ? max( 1, absint( $args['paged'] ) ) : 1;
		if ( ! isset( $args['offset'] ) && $limit > 0 ) {
			$offset = ( $paged - 1 ) * $limit;
		}
		$limit_sql = $limit > 0 ? $wpdb->prepare( 'LIMIT %d, %d', $offset, $limit ) : '';

		$where_sql = implode( ' AND ', $where );
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$ids   = array_map( 'intval', $wpdb->get_col( "SELECT DISTINCT o.id, o.date_created_gmt, o.date_modified_gmt, o.total, o.parent_id FROM {$table} o {$join} WHERE {$where_sql} {$order_sql} {$limit_sql}" ) );
		$total = (int) $wpdb->get_var( "SELECT COUNT(DISTINCT o.id) FROM {$table} o {$join} WHERE {$where_sql}" );
		// phpcs:enable
		return array( $ids, $total );
	}
}
