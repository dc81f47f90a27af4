<?php
/**
 * Order functions: wc_get_order(s), wc_create_order, wc_create_refund, notes.
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Get an order or refund.
 *
 * @param mixed $the_order Id, order object or false for the global post.
 * @return WC_Order|WC_Order_Refund|false
 */
function wc_get_order( $the_order = false ) {
	if ( false === $the_order ) {
		$the_order = isset( $GLOBALS['post'] ) ? $GLOBALS['post'] : 0;
	}
	if ( $the_order instanceof WC_Abstract_Order ) {
		$id = $the_order->get_id();
	} elseif ( is_object( $the_order ) && ! empty( $the_order->ID ) ) {
		$id = $the_order->ID;
	} else {
		$id = absint( $the_order );
	}
	if ( ! $id ) {
		return false;
	}
	$type    = WC_Standin_Order_Store::get_type( $id );
	$classes = array(
		'shop_order'        => 'WC_Order',
		'shop_order_refund' => 'WC_Order_Refund',
	);
	if ( ! $type || ! isset( $classes[ $type ] ) ) {
		return false;
	}
	$classname = apply_filters( 'woocommerce_order_class', $classes[ $type ], $type, $id );
	try {
		return new $classname( $id );
	} catch ( Exception $e ) {
		return false;
	}
}

/**
 * Query orders (see README.md for the supported arguments).
 *
 * @param array $args Query args.
 * @return array|stdClass Orders or ids; with paginate, object{orders,total,max_num_pages}.
 */
function wc_get_orders( $args ) {
	$args                = wp_parse_args(
		apply_filters( 'woocommerce_order_query_args', (array) $args ),
		array(
			'return'   => 'objects',
			'paginate' => false,
		)
	);
	list( $ids, $total ) = WC_Standin_Order_Store::query( $args );
	$results             = 'ids' === $args['return'] ? $ids : array_values( array_filter( array_map( 'wc_get_order', $ids ) ) );
	$results             = apply_filters( 'woocommerce_order_query', $results, $args );
	if ( $args['paginate'] ) {
		$limit = isset( $args['limit'] ) ? (int) $args['limit'] : (int) get_option( 'posts_per_page', 10 );
		return (object) array(
			'orders'        => $results,
			'total'         => $total,
			'max_num_pages' => $limit > 0 ? (int) ceil( $total / $limit ) : 1,
		);
	}
	return $results;
}

/**
 * Create (or update) an order.
 *
 * @param array $args status, customer_id, customer_note, parent, created_via, cart_hash, order_id.
 * @return WC_Order|WP_Error
 */
function wc_create_order( $args = array() ) {
	$args = wp_parse_args(
		$args,
		array(
			'status'        => null,
			'customer_id'   => null,
			'customer_note' => null,
			'parent'        => null,
			'created_via'   => null,
			'cart_hash'     => null,
			'order_id'      => 0,
		)
	);
	try {
		$order = new WC_Order( $args['order_id'] );
		if ( ! is_null( $args['parent'] ) ) {
			$order->set_parent_id( absint( $args['parent'] ) );
		}
		if ( ! is_null( $args['status'] ) ) {
			$order->set_status( $args['status'] );
		}
		if ( ! is_null( $args['customer_note'] ) ) {
			$order->set_customer_note( $args['customer_note'] );
		}
		if ( ! is_null( $args['customer_id'] ) ) {
			$order->set_customer_id( is_numeric( $args['customer_id'] ) ? absint( $args['customer_id'] ) : 0 );
		}
		if ( ! is_null( $args['created_via'] ) ) {
			$order->set_created_via( sanitize_text_field( $args['created_via'] ) );
		}
		if ( ! is_null( $args['cart_hash'] ) ) {
			$order->set_cart_hash( sanitize_text_field( $args['cart_hash'] ) );
		}
		if ( ! $args['order_id'] ) {
			$order->set_currency( get_woocommerce_currency() );
			$order->set_prices_include_tax( 'yes' === get_option( 'woocommerce_prices_include_tax' ) );
			$order->set_customer_ip_address( isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '' );
			$order->set_customer_user_agent( isset( $_SERVER['HTTP_USER_AGENT'] ) ? sanitize_text_field( wp_unslash( $_SERVER['HTTP_USER_AGENT'] ) ) : '' );
		}
		$order->save();
	} catch ( Exception $e ) {
		return new WP_Error( 'error', $e->getMessage() );
	}//end try
	return $order;
}

/**
 * Update an order (wc_create_order with order_id).
 *
 * @param array $args Args.
 * @return WC_Order|WP_Error
 */
function wc_update_order( $args ) {
	if ( empty( $args['order_id'] ) ) {
		return new WP_Error( __( 'Invalid order ID.', 'woocommerce' ) );
	}
	return wc_create_order( $args );
}

/**
 * Create a refund. Hooks, in order: woocommerce_create_refund (before save), then
 * woocommerce_order_partially_refunded or (woocommerce_order_fully_refunded + status refunded),
 * woocommerce_refund_created, woocommerce_order_refunded.
 *
 * @param array $args amount, reason, order_id, refund_id, line_items, refund_payment, restock_items, date_created.
 * @return WC_Order_Refund|WP_Error
 */
function wc_create_refund( $args = array() ) {
	$args = wp_parse_args(
		$args,
		array(
			'amount'         => 0,
			'reason'         => null,
			'order_id'       => 0,
			'refund_id'      => 0,
			'line_items'     => array(),
			'refund_payment' => false,
			'restock_items'  => false,
		)
	);
	try {
		$order = wc_get_order( $args['order_id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			throw new Exception( __( 'Invalid order ID.', 'woocommerce' ) );
		}
		$remaining_amount = $order->get_remaining_refund_amount();
		$remaining_items  = $order->get_remaining_refund_items();
		$refund_count     = 0;
		$refund           = new WC_Order_Refund( $args['refund_id'] );

		if ( 0 > $args['amount'] || $args['amount'] > $remaining_amount ) {
			throw new Exception( __( 'Invalid refund amount.', 'woocommerce' ) );
		}
		$refund->set_currency( $order->get_currency() );
		$refund->set_amount( $args['amount'] );
		$refund->set_parent_id( absint( $args['order_id'] ) );
		$refund->set_refunded_by( get_current_user_id() ? get_current_user_id() : 1 );
		$refund->set_prices_include_tax( $order->get_prices_include_tax() );
		if ( ! is_null( $args['reason'] ) ) {
			$refund->set_reason( $args['reason'] );
		}

		if ( is_array( $args['line_items'] ) && count( $args['line_items'] ) > 0 ) {
			foreach ( $order->get_items( array( 'line_item', 'fee', 'shipping' ) ) as $item_id => $item ) {
				if ( ! isset( $args['line_items'][ $item_id ] ) ) {
					continue;
				}
				$line         = $args['line_items'][ $item_id ];
				$qty          = isset( $line['qty'] ) ? $line['qty'] : 0;
				$refund_total = isset( $line['refund_total'] ) ? $line['refund_total'] : 0;
				$refund_tax   = isset( $line['refund_tax'] ) ? array_filter( (array) $line['refund_tax'] ) : array();
				if ( empty( $qty ) && empty( $refund_total ) && empty( $line['refund_tax'] ) ) {
					continue;
				}
				$class         = get_class( $item );
				$refunded_item = new $class( $item );
				$refunded_item->set_id( 0 );
				$refunded_item->set_object_read( true );
				$refunded_item->read_meta_data();
				foreach ( $refunded_item->get_meta_data() as $meta ) {
					$meta->id = null;
				}
				$refunded_item->add_meta_data( '_refunded_item_id', $item_id, true );
				$refunded_item->set_total( wc_format_refund_total( $refund_total ) );
				$refunded_item->set_taxes(
					array(
						'total'    => array_map( 'wc_format_refund_total', $refund_tax ),
						'subtotal' => array_map( 'wc_format_refund_total', $refund_tax ),
					)
				);
				if ( is_callable( array( $refunded_item, 'set_subtotal' ) ) ) {
					$refunded_item->set_subtotal( wc_format_refund_total( $refund_total ) );
				}
				if ( is_callable( array( $refunded_item, 'set_quantity' ) ) ) {
					$refunded_item->set_quantity( $qty * -1 );
				}
				$refund->add_item( $refunded_item );
				$refund_count += $qty;
			}//end foreach
		}//end if

		$refund->update_taxes();
		$refund->calculate_totals( false );
		$refund->set_total( $args['amount'] * -1 );
		if ( isset( $args['date_created'] ) ) {
			$refund->set_date_created( $args['date_created'] );
		}

		do_action( 'woocommerce_create_refund', $refund, $args );

		if ( $refund->save() ) {
			if ( $args['refund_payment'] ) {
				$result = wc_refund_payment( $order, $refund->get_amount(), $refund->get_reason() );
				if ( is_wp_error( $result ) ) {
					$refund->delete( true );
					return $result;
				}
				$refund->set_refunded_payment( true );
				$refund->save();
			}
			if ( ( (float) $remaining_amount - (float) $args['amount'] ) > 0 || ( $order->has_free_item() && ( $remaining_items - $refund_count ) > 0 ) ) {
				do_action( 'woocommerce_order_partially_refunded', $order->get_id(), $refund->get_id() );
			} else {
				do_action( 'woocommerce_order_fully_refunded', $order->get_id(), $refund->get_id() );
				$parent_status = apply_filters( 'woocommerce_order_fully_refunded_status', 'refunded', $order->get_id(), $refund->get_id() );
				if ( $parent_status ) {
					$order->update_status( $parent_status );
				}
			}
		}
		$order->set_date_modified( time() );
		$order->save();

		do_action( 'woocommerce_refund_created', $refund->get_id(), $args );
		do_action( 'woocommerce_order_refunded', $order->get_id(), $refund->get_id() );
	} catch ( Exception $e ) {
		if ( isset( $refund ) && $refund instanceof WC_Order_Refund && $refund->get_id() ) {
			$refund->delete( true );
		}
		return new WP_Error( 'error', $e->getMessage() );
	}//end try
	return $refund;
}

/**
 * Refund through the gateway: the stand-in has no payment gateways.
 *
 * @param WC_Order $order  Order.
 * @param float    $amount Amount.
 * @param string   $reason Reason.
 * @return WP_Error
 */
function wc_refund_payment( $order, $amount, $reason = '' ) {
	return new WP_Error( 'error', __( 'The payment gateway for this order does not exist.', 'woocommerce' ) );
}

/**
 * When an order is set to refunded by hand, refund what is left ("Order fully refunded.").
 *
 * @param int $order_id Order id.
 * @return void
 */
function wc_order_fully_refunded( $order_id ) {
	$order = wc_get_order( $order_id );
	if ( ! $order ) {
		return;
	}
	$max_refund = wc_format_decimal( (float) $order->get_total() - (float) $order->get_total_refunded() );
	if ( ! (float) $max_refund ) {
		return;
	}
	wc_create_refund(
		array(
			'amount'     => $max_refund,
			'reason'     => __( 'Order fully refunded.', 'woocommerce' ),
			'order_id'   => $order_id,
			'line_items' => array(),
		)
	);
	$order->add_order_note( __( 'Order status set to refunded. To return funds to the customer you will need to issue a refund through your payment gateway.', 'woocommerce' ) );
}
add_action( 'woocommerce_order_status_refunded', 'wc_order_fully_refunded' );

/**
 * One note as WooCommerce's note object.
 *
 * @param int|WP_Comment $data Comment.
 * @return stdClass|null
 */
function wc_get_order_note( $data ) {
	if ( is_numeric( $data ) ) {
		$data = get_comment( $data );
	}
	if ( ! $data instanceof WP_Comment ) {
		return null;
	}
	return (object) apply_filters(
		'woocommerce_get_order_note',
		array(
			'id'            => (int) $data->comment_ID,
			'date_created'  => wc_string_to_datetime( $data->comment_date_gmt, true ),
			'content'       => $data->comment_content,
			'customer_note' => (bool) get_comment_meta( $data->comment_ID, 'is_customer_note', true ),
			'added_by'      => __( 'WooCommerce', 'woocommerce' ) === $data->comment_author ? 'system' : $data->comment_author,
			'order_id'      => absint( $data->comment_post_ID ),
		),
		$data
	);
}

/**
 * Order notes.
 *
 * @param array $args order_id, order__in, type (customer|internal), orderby, order, limit.
 * @return stdClass[]
 */
function wc_get_order_notes( $args ) {
	$key_mapping = array(
		'limit'         => 'number',
		'order_id'      => 'post_id',
		'order__in'     => 'post__in',
		'order__not_in' => 'post__not_in',
	);
	foreach ( $key_mapping as $query_key => $db_key ) {
		if ( isset( $args[ $query_key ] ) ) {
			$args[ $db_key ] = $args[ $query_key ];
			unset( $args[ $query_key ] );
		}
	}
	$orderby_mapping = array(
		'date_created'     => 'comment_date',
		'date_created_gmt' => 'comment_date_gmt',
		'id'               => 'comment_ID',
	);
	$args['orderby'] = ! empty( $args['orderby'] ) && isset( $orderby_mapping[ $args['orderby'] ] ) ? $orderby_mapping[ $args['orderby'] ] : 'comment_ID';
	if ( isset( $args['type'] ) && 'customer' === $args['type'] ) {
		$args['meta_query'] = array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
			array(
				'key'     => 'is_customer_note',
				'value'   => 1,
				'compare' => '=',
			),
		);
	} elseif ( isset( $args['type'] ) && 'internal' === $args['type'] ) {
		$args['meta_query'] = array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
			array(
				'key'     => 'is_customer_note',
				'compare' => 'NOT EXISTS',
			),
		);
	}
	unset( $args['type'] );
	$args['type']    = 'order_note';
	$args['approve'] = 'approve';
	if ( empty( $args['order'] ) ) {
		$args['order'] = 'DESC';
	}
	remove_filter( 'comments_clauses', array( 'WC_Comments_Standin', 'exclude_order_comments' ), 10 );
	$notes = get_comments( $args );
	add_filter( 'comments_clauses', array( 'WC_Comments_Standin', 'exclude_order_comments' ), 10, 1 );
	return array_filter( array_map( 'wc_get_order_note', $notes ) );
}

/**
 * Create a note.
 *
 * @param int    $order_id         Order id.
 * @param string $note             Note.
 * @param bool   $is_customer_note Customer note.
 * @param bool   $added_by_user    By current user.
 * @return int|WP_Error
 */
function wc_create_order_note( $order_id, $note, $is_customer_note = false, $added_by_user = false ) {
	$order = wc_get_order( $order_id );
	if ( ! $order ) {
		return new WP_Error( 'invalid_order_id', __( 'Invalid order ID.', 'woocommerce' ), array( 'status' => 400 ) );
	}
	return $order->add_order_note( $note, (int) $is_customer_note, $added_by_user );
}

/**
 * Delete a note.
 *
 * @param int $note_id Note id.
 * @return bool
 */
function wc_delete_order_note( $note_id ) {
	return wp_delete_comment( $note_id, true );
}

/**
 * Keeps order notes out of ordinary comment queries, as WooCommerce does.
 */
final class WC_Comments_Standin {

	/**
	 * Exclude order_note comments.
	 *
	 * @param array $clauses Clauses.
	 * @return array
	 */
	public static function exclude_order_comments( $clauses ) {
		$clauses['where'] .= ( $clauses['where'] ? ' AND ' : '' ) . " comment_type != 'order_note' ";
		return $clauses;
	}
}
add_filter( 'comments_clauses', array( 'WC_Comments_Standin', 'exclude_order_comments' ), 10, 1 );
