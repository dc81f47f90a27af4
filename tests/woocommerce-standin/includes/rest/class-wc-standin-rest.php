<?php
/**
 * REST API wc/v3 (subset): orders, order refunds, order notes, taxes.
 * Shapes follow WooCommerce 9.9's responses (checked against a real 9.9.5 site).
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Stand-in internal: route registration and callbacks for the wc/v3 subset.
 */
final class WC_Standin_REST {

	const NS = 'wc/v3';

	/**
	 * Register routes (rest_api_init).
	 *
	 * @return void
	 */
	public static function register_routes() {
		$id_arg = array(
			'id' => array(
				'description' => __( 'Unique identifier for the resource.', 'woocommerce' ),
				'type'        => 'integer',
			),
		);
		$dp_arg = array(
			'dp' => array(
				'description'       => __( 'Number of decimal points to use in each resource.', 'woocommerce' ),
				'type'              => 'integer',
				'default'           => wc_get_price_decimals(),
				'sanitize_callback' => 'absint',
			),
		);
		register_rest_route(
			self::NS,
			'/orders',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( __CLASS__, 'get_orders' ),
					'permission_callback' => array( __CLASS__, 'can_read_orders' ),
					'args'                => array_merge(
						$dp_arg,
						array(
							'page'     => array(
								'type'    => 'integer',
								'default' => 1,
								'minimum' => 1,
							),
							'per_page' => array(
								'type'    => 'integer',
								'default' => 10,
								'minimum' => 1,
								'maximum' => 100,
							),
							'status'   => array(
								'type'    => 'array',
								'items'   => array( 'type' => 'string' ),
								'default' => array( 'any' ),
							),
							'order'    => array(
								'type'    => 'string',
								'default' => 'desc',
								'enum'    => array( 'asc', 'desc' ),
							),
							'orderby'  => array(
								'type'    => 'string',
								'default' => 'date',
								'enum'    => array( 'date', 'id', 'include', 'title', 'slug', 'modified' ),
							),
						)
					),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( __CLASS__, 'create_order' ),
					'permission_callback' => array( __CLASS__, 'can_create_orders' ),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/orders/(?P<id>[\d]+)',
			array(
				'args' => $id_arg,
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( __CLASS__, 'get_order' ),
					'permission_callback' => array( __CLASS__, 'can_read_orders' ),
					'args'                => $dp_arg,
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( __CLASS__, 'update_order' ),
					'permission_callback' => array( __CLASS__, 'can_edit_orders' ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( __CLASS__, 'delete_order' ),
					'permission_callback' => array( __CLASS__, 'can_delete_orders' ),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/orders/(?P<order_id>[\d]+)/refunds',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( __CLASS__, 'get_refunds' ),
					'permission_callback' => array( __CLASS__, 'can_read_orders' ),
					'args'                => $dp_arg,
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( __CLASS__, 'create_refund' ),
					'permission_callback' => array( __CLASS__, 'can_create_orders' ),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/orders/(?P<order_id>[\d]+)/refunds/(?P<id>[\d]+)',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( __CLASS__, 'get_refund' ),
					'permission_callback' => array( __CLASS__, 'can_read_orders' ),
					'args'                => $dp_arg,
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( __CLASS__, 'delete_refund' ),
					'permission_callback' => array( __CLASS__, 'can_delete_orders' ),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/orders/(?P<order_id>[\d]+)/notes',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( __CLASS__, 'get_notes' ),
					'permission_callback' => array( __CLASS__, 'can_read_orders' ),
					'args'                => array(
						'type' => array(
							'type'    => 'string',
							'default' => 'any',
							'enum'    => array( 'any', 'customer', 'internal' ),
						),
					),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( __CLASS__, 'create_note' ),
					'permission_callback' => array( __CLASS__, 'can_create_orders' ),
					'args'                => array(
						'note' => array(
							'type'     => 'string',
							'required' => true,
						),
					),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/taxes',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( __CLASS__, 'get_taxes' ),
					'permission_callback' => array( __CLASS__, 'can_manage' ),
					'args'                => array(
						'page'     => array(
							'type'    => 'integer',
							'default' => 1,
						),
						'per_page' => array(
							'type'    => 'integer',
							'default' => 10,
						),
						'class'    => array( 'type' => 'string' ),
					),
				),
			)
		);
	}

	/*
	|--------------------------------------------------------------------------
	| Permissions
	|--------------------------------------------------------------------------
	*/

	/**
	 * The shop_order capability check behind the order routes.
	 *
	 * @param string $context read|edit|delete.
	 * @param string $code    Error code when not allowed.
	 * @param string $message Error message when not allowed.
	 * @return true|WP_Error
	 */
	private static function check_order_permission( $context, $code, $message ) {
		if ( ! wc_rest_check_post_permissions( 'shop_order', $context ) ) {
			return new WP_Error( $code, $message, array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}

	/**
	 * Read orders: read_private_shop_orders.
	 *
	 * @return true|WP_Error
	 */
	public static function can_read_orders() {
		return self::check_order_permission( 'read', 'woocommerce_rest_cannot_view', __( 'Sorry, you cannot list resources.', 'woocommerce' ) );
	}

	/**
	 * Create: edit_shop_orders (WooCommerce maps create_posts to it).
	 *
	 * @return true|WP_Error
	 */
	public static function can_create_orders() {
		return self::check_order_permission( 'edit', 'woocommerce_rest_cannot_create', __( 'Sorry, you are not allowed to create resources.', 'woocommerce' ) );
	}

	/**
	 * Edit: edit_shop_orders.
	 *
	 * @return true|WP_Error
	 */
	public static function can_edit_orders() {
		return self::check_order_permission( 'edit', 'woocommerce_rest_cannot_edit', __( 'Sorry, you are not allowed to edit this resource.', 'woocommerce' ) );
	}

	/**
	 * Delete: delete_shop_orders.
	 *
	 * @return true|WP_Error
	 */
	public static function can_delete_orders() {
		return self::check_order_permission( 'delete', 'woocommerce_rest_cannot_delete', __( 'Sorry, you are not allowed to delete this resource.', 'woocommerce' ) );
	}

	/**
	 * Settings: manage_woocommerce.
	 *
	 * @return true|WP_Error
	 */
	public static function can_manage() {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			return new WP_Error( 'woocommerce_rest_cannot_view', __( 'Sorry, you cannot list resources.', 'woocommerce' ), array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}

	/*
	|--------------------------------------------------------------------------
	| Formatting
	|--------------------------------------------------------------------------
	*/

	/**
	 * Decimals from the request.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return int
	 */
	private static function dp( $request ) {
		return isset( $request['dp'] ) && '' !== $request['dp'] ? absint( $request['dp'] ) : wc_get_price_decimals();
	}

	/**
	 * Meta rows for REST (internal keys excluded).
	 *
	 * @param WC_Data $object Object.
	 * @return array
	 */
	private static function meta( $object ) {
		$out = array();
		foreach ( $object->get_meta_data() as $meta ) {
			$out[] = array(
				'id'    => (int) $meta->id,
				'key'   => $meta->key,
				'value' => $meta->value,
			);
		}
		return $out;
	}

	/**
	 * Item meta, all keys, with display key/value where a formatted value exists.
	 *
	 * @param WC_Order_Item $item Item.
	 * @return array
	 */
	private static function item_meta( $item ) {
		$out       = array();
		$formatted = $item->get_formatted_meta_data( '', true );
		foreach ( $item->get_meta_data() as $meta ) {
			$row = array(
				'id'            => (int) $meta->id,
				'key'           => $meta->key,
				'value'         => $meta->value,
				'display_key'   => $meta->key,
				'display_value' => $meta->value,
			);
			if ( isset( $formatted[ $meta->id ] ) ) {
				$row['display_key']   = wc_clean( $formatted[ $meta->id ]->display_key );
				$row['display_value'] = wc_clean( $formatted[ $meta->id ]->display_value );
			}
			$out[] = $row;
		}
		return $out;
	}

	/**
	 * Per-rate taxes, raw strings: [{id,total,subtotal}].
	 *
	 * @param array $taxes Taxes.
	 * @return array
	 */
	private static function item_taxes( $taxes ) {
		$out = array();
		foreach ( $taxes['total'] as $rate_id => $total ) {
			$out[] = array(
				'id'       => (int) $rate_id,
				'total'    => (string) $total,
				'subtotal' => isset( $taxes['subtotal'][ $rate_id ] ) ? (string) $taxes['subtotal'][ $rate_id ] : '',
			);
		}
		return $out;
	}

	/**
	 * Items of an order or refund in REST shape.
	 *
	 * @param WC_Abstract_Order $order Order.
	 * @param int               $dp    Decimals.
	 * @return array
	 */
	private static function items( $order, $dp ) {
		$out = array(
			'line_items'     => array(),
			'tax_lines'      => array(),
			'shipping_lines' => array(),
			'fee_lines'      => array(),
			'coupon_lines'   => array(),
		);
		foreach ( $order->get_items() as $item ) {
			$product = $item->get_product();
			$qty     = $item->get_quantity();
			$image   = $product ? $product->get_image_id() : 0;

			$out['line_items'][] = array(
				'id'           => $item->get_id(),
				'name'         => $item->get_name(),
				'product_id'   => $item->get_product_id(),
				'variation_id' => $item->get_variation_id(),
				'quantity'     => $qty,
				'tax_class'    => $item->get_tax_class(),
				'subtotal'     => wc_format_decimal( $item->get_subtotal(), $dp ),
				'subtotal_tax' => wc_format_decimal( $item->get_subtotal_tax(), $dp ),
				'total'        => wc_format_decimal( $item->get_total(), $dp ),
				'total_tax'    => wc_format_decimal( $item->get_total_tax(), $dp ),
				'taxes'        => self::item_taxes( $item->get_taxes() ),
				'meta_data'    => self::item_meta( $item ),
				'sku'          => $product ? $product->get_sku() : null,
				'price'        => $qty ? $item->get_total() / $qty : 0,
				'image'        => array(
					'id'  => $image ? $image : '',
					'src' => $image ? (string) wp_get_attachment_url( $image ) : '',
				),
				'parent_name'  => null,
			);
		}//end foreach
		foreach ( $order->get_taxes() as $item ) {
			$out['tax_lines'][] = array(
				'id'                 => $item->get_id(),
				'rate_code'          => $item->get_rate_code(),
				'rate_id'            => $item->get_rate_id(),
				'label'              => $item->get_label(),
				'compound'           => $item->is_compound(),
				'tax_total'          => wc_format_decimal( $item->get_tax_total(), $dp ),
				'shipping_tax_total' => wc_format_decimal( $item->get_shipping_tax_total(), $dp ),
				'rate_percent'       => (float) $item->get_rate_percent(),
				'meta_data'          => self::item_meta( $item ),
			);
		}
		foreach ( $order->get_shipping_methods() as $item ) {
			$out['shipping_lines'][] = array(
				'id'           => $item->get_id(),
				'method_title' => $item->get_method_title(),
				'method_id'    => $item->get_method_id(),
				'instance_id'  => $item->get_instance_id(),
				'total'        => wc_format_decimal( $item->get_total(), $dp ),
				'total_tax'    => wc_format_decimal( $item->get_total_tax(), $dp ),
				'taxes'        => self::item_taxes( $item->get_taxes() ),
				'tax_status'   => $item->get_tax_status(),
				'meta_data'    => self::item_meta( $item ),
			);
		}
		foreach ( $order->get_fees() as $item ) {
			$out['fee_lines'][] = array(
				'id'         => $item->get_id(),
				'name'       => $item->get_name(),
				'tax_class'  => $item->get_tax_class(),
				'tax_status' => $item->get_tax_status(),
				'amount'     => $item->get_amount(),
				'total'      => wc_format_decimal( $item->get_total(), $dp ),
				'total_tax'  => wc_format_decimal( $item->get_total_tax(), $dp ),
				'taxes'      => self::item_taxes( $item->get_taxes() ),
				'meta_data'  => self::item_meta( $item ),
			);
		}
		foreach ( $order->get_items( 'coupon' ) as $item ) {
			$info = json_decode( (string) $item->get_meta( 'coupon_info', true ), true );
			$type = is_array( $info ) && ! empty( $info[2] ) ? $info[2] : 'fixed_cart';

			$out['coupon_lines'][] = array(
				'id'             => $item->get_id(),
				'code'           => $item->get_code(),
				'discount'       => $item->get_discount(),
				'discount_tax'   => $item->get_discount_tax(),
				'discount_type'  => $type,
				'nominal_amount' => is_array( $info ) && isset( $info[3] ) ? (float) $info[3] : 0.0,
				'free_shipping'  => is_array( $info ) && ! empty( $info[4] ),
				'meta_data'      => self::item_meta( $item ),
			);
		}
		return $out;
	}

	/**
	 * Order JSON (same keys, order and types as WooCommerce 9.9's /wc/v3/orders/<id>).
	 *
	 * @param WC_Order        $order   Order.
	 * @param WP_REST_Request $request Request.
	 * @return array
	 */
	public static function order_data( $order, $request ) {
		$dp    = self::dp( $request );
		$items = self::items( $order, $dp );
		$data  = array(
			'id'                   => $order->get_id(),
			'parent_id'            => $order->get_parent_id(),
			'status'               => $order->get_status(),
			'currency'             => $order->get_currency(),
			'version'              => $order->get_version(),
			'prices_include_tax'   => (bool) $order->get_prices_include_tax(),
			'date_created'         => wc_rest_prepare_date_response( $order->get_date_created(), false ),
			'date_modified'        => wc_rest_prepare_date_response( $order->get_date_modified(), false ),
			'discount_total'       => wc_format_decimal( $order->get_discount_total(), $dp ),
			'discount_tax'         => wc_format_decimal( $order->get_discount_tax(), $dp ),
			'shipping_total'       => wc_format_decimal( $order->get_shipping_total(), $dp ),
			'shipping_tax'         => wc_format_decimal( $order->get_shipping_tax(), $dp ),
			'cart_tax'             => wc_format_decimal( $order->get_cart_tax(), $dp ),
			'total'                => wc_format_decimal( $order->get_total(), $dp ),
			'total_tax'            => wc_format_decimal( $order->get_total_tax(), $dp ),
			'customer_id'          => $order->get_customer_id(),
			'order_key'            => $order->get_order_key(),
			'billing'              => $order->get_address( 'billing' ),
			'shipping'             => $order->get_address( 'shipping' ),
			'payment_method'       => $order->get_payment_method(),
			'payment_method_title' => $order->get_payment_method_title(),
			'transaction_id'       => $order->get_transaction_id(),
			'customer_ip_address'  => $order->get_customer_ip_address(),
			'customer_user_agent'  => $order->get_customer_user_agent(),
			'created_via'          => $order->get_created_via(),
			'customer_note'        => $order->get_customer_note(),
			'date_completed'       => wc_rest_prepare_date_response( $order->get_date_completed(), false ),
			'date_paid'            => wc_rest_prepare_date_response( $order->get_date_paid(), false ),
			'cart_hash'            => $order->get_cart_hash(),
			'number'               => (string) $order->get_order_number(),
			'meta_data'            => self::meta( $order ),
			'line_items'           => $items['line_items'],
			'tax_lines'            => $items['tax_lines'],
			'shipping_lines'       => $items['shipping_lines'],
			'fee_lines'            => $items['fee_lines'],
			'coupon_lines'         => $items['coupon_lines'],
			'refunds'              => array(),
			'payment_url'          => $order->get_checkout_payment_url(),
			'is_editable'          => $order->is_editable(),
			'needs_payment'        => $order->needs_payment(),
			'needs_processing'     => $order->needs_processing(),
			'date_created_gmt'     => wc_rest_prepare_date_response( $order->get_date_created() ),
			'date_modified_gmt'    => wc_rest_prepare_date_response( $order->get_date_modified() ),
			'date_completed_gmt'   => wc_rest_prepare_date_response( $order->get_date_completed() ),
			'date_paid_gmt'        => wc_rest_prepare_date_response( $order->get_date_paid() ),
			'currency_symbol'      => html_entity_decode( get_woocommerce_currency_symbol( $order->get_currency() ), ENT_QUOTES ),
		);
		foreach ( $order->get_refunds() as $refund ) {
			$data['refunds'][] = array(
				'id'     => $refund->get_id(),
				'reason' => $refund->get_reason() ? $refund->get_reason() : '',
				'total'  => '-' . wc_format_decimal( $refund->get_amount(), $dp ),
			);
		}
		return $data;
	}

	/**
	 * Response with links.
	 *
	 * @param array $data  Data.
	 * @param array $links Links rel => path.
	 * @return WP_REST_Response
	 */
	private static function response( $data, $links ) {
		$response = rest_ensure_response( $data );
		foreach ( $links as $rel => $path ) {
			$response->add_link( $rel, rest_url( self::NS . $path ) );
		}
		return $response;
	}

	/**
	 * Order response.
	 *
	 * @param WC_Order        $order   Order.
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	private static function order_response( $order, $request ) {
		$data     = self::order_data( $order, $request );
		$response = self::response(
			$data,
			array(
				'self'       => '/orders/' . $order->get_id(),
				'collection' => '/orders',
			)
		);
		if ( $order->get_customer_id() ) {
			$response->add_link( 'customer', rest_url( self::NS . '/customers/' . $order->get_customer_id() ) );
		}
		if ( $order->get_parent_id() ) {
			$response->add_link( 'up', rest_url( self::NS . '/orders/' . $order->get_parent_id() ) );
		}
		return apply_filters( 'woocommerce_rest_prepare_shop_order_object', $response, $order, $request );
	}

	/**
	 * Invalid id error.
	 *
	 * @param string $type Post type.
	 * @return WP_Error
	 */
	private static function invalid_id( $type = 'shop_order' ) {
		return new WP_Error( "woocommerce_rest_{$type}_invalid_id", __( 'Invalid ID.', 'woocommerce' ), array( 'status' => 404 ) );
	}

	/*
	|--------------------------------------------------------------------------
	| Orders
	|--------------------------------------------------------------------------
	*/

	/**
	 * GET /orders.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function get_orders( $request ) {
		$status = (array) $request['status'];
		$args   = array(
			'limit'    => (int) $request['per_page'],
			'paged'    => (int) $request['page'],
			'order'    => strtoupper( (string) $request['order'] ),
			'orderby'  => 'id' === $request['orderby'] ? 'id' : ( 'modified' === $request['orderby'] ? 'modified' : 'date' ),
			'paginate' => true,
			'status'   => in_array( 'any', $status, true ) ? array() : $status,
		);
		if ( isset( $request['offset'] ) ) {
			$args['offset'] = absint( $request['offset'] );
		}
		if ( ! empty( $request['customer'] ) ) {
			$args['customer_id'] = absint( $request['customer'] );
		}
		if ( ! empty( $request['parent'] ) ) {
			$args['parent'] = array_map( 'absint', (array) $request['parent'] );
		}
		if ( ! empty( $request['include'] ) ) {
			$args['include'] = wp_parse_id_list( $request['include'] );
		}
		if ( ! empty( $request['exclude'] ) ) {
			$args['exclude'] = wp_parse_id_list( $request['exclude'] );
		}
		$after  = isset( $request['after'] ) ? strtotime( (string) $request['after'] ) : 0;
		$before = isset( $request['before'] ) ? strtotime( (string) $request['before'] ) : 0;
		if ( $after && $before ) {
			$args['date_created'] = $after . '...' . $before;
		} elseif ( $after ) {
			$args['date_created'] = '>' . $after;
		} elseif ( $before ) {
			$args['date_created'] = '<' . $before;
		}
		$result = wc_get_orders( $args );
		$data   = array();
		foreach ( $result->orders as $order ) {
			$data[] = self::prepare_for_collection( self::order_response( $order, $request ) );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $result->total );
		$response->header( 'X-WP-TotalPages', (string) $result->max_num_pages );
		return $response;
	}

	/**
	 * GET /orders/<id>.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_order( $request ) {
		$order = wc_get_order( (int) $request['id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return self::invalid_id();
		}
		return self::order_response( $order, $request );
	}

	/**
	 * POST /orders.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_order( $request ) {
		if ( ! empty( $request['id'] ) ) {
			return new WP_Error( 'woocommerce_rest_shop_order_exists', __( 'Cannot create existing order.', 'woocommerce' ), array( 'status' => 400 ) );
		}
		$result = self::save_order( $request, true );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		$response = self::order_response( $result, $request );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( self::NS . '/orders/' . $result->get_id() ) );
		return $response;
	}

	/**
	 * PUT /orders/<id>.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function update_order( $request ) {
		$order = wc_get_order( (int) $request['id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return self::invalid_id();
		}
		$result = self::save_order( $request, false, $order );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		return self::order_response( $result, $request );
	}

	/**
	 * DELETE /orders/<id> (trash unless force=true).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_order( $request ) {
		$order = wc_get_order( (int) $request['id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return self::invalid_id();
		}
		$previous = self::order_response( $order, $request );
		$order->delete( (bool) $request['force'] );
		return $previous;
	}

	/**
	 * Create/update an order like WooCommerce's REST controller: props, addresses, items,
	 * then totals (on create, or when items/addresses changed), coupons, status, set_paid.
	 *
	 * @param WP_REST_Request $request  Request.
	 * @param bool            $creating Creating.
	 * @param WC_Order|null   $order    Order.
	 * @return WC_Order|WP_Error
	 */
	private static function save_order( $request, $creating, $order = null ) {
		try {
			$order  = $order ? $order : new WC_Order();
			$params = $request->get_params();
			$simple = array( 'parent_id', 'currency', 'customer_id', 'customer_note', 'payment_method', 'payment_method_title', 'transaction_id' );
			foreach ( $simple as $key ) {
				if ( isset( $params[ $key ] ) ) {
					$order->{"set_$key"}( $params[ $key ] );
				}
			}
			foreach ( array( 'billing', 'shipping' ) as $type ) {
				if ( isset( $params[ $type ] ) && is_array( $params[ $type ] ) ) {
					$order->set_address( $params[ $type ], $type );
				}
			}
			if ( isset( $params['meta_data'] ) && is_array( $params['meta_data'] ) ) {
				foreach ( $params['meta_data'] as $meta ) {
					if ( isset( $meta['key'] ) ) {
						$order->update_meta_data( $meta['key'], isset( $meta['value'] ) ? $meta['value'] : '', isset( $meta['id'] ) ? $meta['id'] : 0 );
					}
				}
			}
			foreach ( array( 'line_items', 'shipping_lines', 'fee_lines' ) as $key ) {
				if ( ! isset( $params[ $key ] ) || ! is_array( $params[ $key ] ) ) {
					continue;
				}
				foreach ( $params[ $key ] as $posted ) {
					if ( ! is_array( $posted ) ) {
						continue;
					}
					if ( ! empty( $posted['id'] ) && ( array_key_exists( 'quantity', $posted ) && 0 === (int) $posted['quantity'] || ( array_key_exists( 'method_id', $posted ) && null === $posted['method_id'] ) || ( array_key_exists( 'name', $posted ) && null === $posted['name'] && 'line_items' !== $key ) ) ) {
						$order->remove_item( (int) $posted['id'] );
						continue;
					}
					$item = self::prepare_item( $order, $key, $posted, empty( $posted['id'] ) ? 'create' : 'update' );
					$order->add_item( $item );
				}
			}

			if ( $creating ) {
				$order->set_created_via( 'rest-api' );
				$order->set_prices_include_tax( 'yes' === get_option( 'woocommerce_prices_include_tax' ) );
				$order->save();
				$order->calculate_totals();
			} elseif ( isset( $params['billing'] ) || isset( $params['shipping'] ) || isset( $params['line_items'] ) || isset( $params['shipping_lines'] ) || isset( $params['fee_lines'] ) || isset( $params['coupon_lines'] ) ) {
				$order->calculate_totals( true );
			}

			if ( isset( $params['coupon_lines'] ) && is_array( $params['coupon_lines'] ) ) {
				foreach ( $order->get_items( 'coupon' ) as $existing ) {
					$order->remove_coupon( $existing->get_code() );
				}
				foreach ( $params['coupon_lines'] as $coupon ) {
					if ( ! is_array( $coupon ) || ! empty( $coupon['id'] ) ) {
						continue;
					}
					if ( empty( $coupon['code'] ) ) {
						throw new WC_REST_Exception( 'woocommerce_rest_invalid_coupon', __( 'Coupon code is required.', 'woocommerce' ), 400 );
					}
					$applied = $order->apply_coupon( wc_clean( $coupon['code'] ) );
					if ( is_wp_error( $applied ) ) {
						throw new WC_REST_Exception( 'woocommerce_rest_' . $applied->get_error_code(), $applied->get_error_message(), 400 );
					}
				}
			}

			if ( ! empty( $params['status'] ) ) {
				$order->set_status( $params['status'] );
			}
			$order->save();

			if ( isset( $params['set_paid'] ) && true === rest_sanitize_boolean( $params['set_paid'] ) ) {
				if ( $creating || $order->needs_payment() ) {
					$order->payment_complete( isset( $params['transaction_id'] ) ? $params['transaction_id'] : '' );
				}
			}
			do_action( 'woocommerce_rest_insert_shop_order_object', $order, $request, $creating );
			return wc_get_order( $order->get_id() );
		} catch ( WC_REST_Exception $e ) {
			if ( $creating && $order && $order->get_id() ) {
				$order->delete( true );
			}
			return new WP_Error( $e->getErrorCode(), $e->getMessage(), array( 'status' => $e->getCode() ) );
		}//end try
	}

	/**
	 * Build an item from posted data.
	 *
	 * @param WC_Order $order  Order.
	 * @param string   $key    line_items|shipping_lines|fee_lines.
	 * @param array    $posted Data.
	 * @param string   $action create|update.
	 * @return WC_Order_Item
	 * @throws WC_REST_Exception On invalid data.
	 */
	private static function prepare_item( $order, $key, $posted, $action ) {
		$id = ! empty( $posted['id'] ) ? (int) $posted['id'] : 0;
		if ( $id && ! $order->get_item( $id ) ) {
			throw new WC_REST_Exception( 'woocommerce_rest_invalid_item_id', __( 'Order item ID provided is not associated with order.', 'woocommerce' ), 400 );
		}
		if ( 'line_items' === $key ) {
			$item       = $id ? $order->get_item( $id ) : new WC_Order_Item_Product();
			$product_id = 0;
			if ( ! empty( $posted['sku'] ) ) {
				$product_id = wc_get_product_id_by_sku( $posted['sku'] );
			} elseif ( ! empty( $posted['variation_id'] ) ) {
				$product_id = (int) $posted['variation_id'];
			} elseif ( ! empty( $posted['product_id'] ) ) {
				$product_id = (int) $posted['product_id'];
			}
			if ( ! $product_id && ! $id ) {
				throw new WC_REST_Exception( 'woocommerce_rest_required_product_reference', __( 'Product ID or SKU is required.', 'woocommerce' ), 400 );
			}
			$product = $product_id ? wc_get_product( $product_id ) : null;
			if ( $product && $product->get_id() !== (int) ( $item->get_variation_id() ? $item->get_variation_id() : $item->get_product_id() ) ) {
				$item->set_product( $product );
				if ( 'create' === $action ) {
					$quantity = isset( $posted['quantity'] ) ? $posted['quantity'] : 1;
					$total    = wc_get_price_excluding_tax( $product, array( 'qty' => $quantity ) );
					$item->set_total( $total );
					$item->set_subtotal( $total );
				}
			}
			self::set_item_props( $item, array( 'name', 'quantity', 'subtotal', 'total', 'tax_class' ), $posted );
		} elseif ( 'shipping_lines' === $key ) {
			$item = $id ? $order->get_item( $id ) : new WC_Order_Item_Shipping();
			if ( 'create' === $action && empty( $posted['method_id'] ) ) {
				throw new WC_REST_Exception( 'woocommerce_rest_invalid_shipping_item', __( 'Shipping method ID is required.', 'woocommerce' ), 400 );
			}
			self::set_item_props( $item, array( 'method_id', 'method_title', 'total', 'instance_id' ), $posted );
		} else {
			$item = $id ? $order->get_item( $id ) : new WC_Order_Item_Fee();
			if ( 'create' === $action && empty( $posted['name'] ) ) {
				throw new WC_REST_Exception( 'woocommerce_rest_invalid_fee_item', __( 'Fee name is required.', 'woocommerce' ), 400 );
			}
			self::set_item_props( $item, array( 'name', 'tax_class', 'tax_status', 'total' ), $posted );
		}//end if
		if ( isset( $posted['meta_data'] ) && is_array( $posted['meta_data'] ) ) {
			foreach ( $posted['meta_data'] as $meta ) {
				if ( isset( $meta['key'] ) ) {
					$item->update_meta_data( $meta['key'], isset( $meta['value'] ) ? $meta['value'] : '', isset( $meta['id'] ) ? $meta['id'] : 0 );
				}
			}
		}
		return $item;
	}

	/**
	 * Set posted props on an item.
	 *
	 * @param WC_Order_Item $item   Item.
	 * @param array         $props  Props.
	 * @param array         $posted Data.
	 * @return void
	 */
	private static function set_item_props( $item, $props, $posted ) {
		foreach ( $props as $prop ) {
			if ( isset( $posted[ $prop ] ) && is_callable( array( $item, "set_$prop" ) ) ) {
				$item->{"set_$prop"}( $posted[ $prop ] );
			}
		}
	}

	/*
	|--------------------------------------------------------------------------
	| Refunds
	|--------------------------------------------------------------------------
	*/

	/**
	 * Refund JSON.
	 *
	 * @param WC_Order_Refund $refund  Refund.
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	private static function refund_response( $refund, $request ) {
		$dp    = self::dp( $request );
		$items = self::items( $refund, $dp );
		$data = array(
			'id'               => $refund->get_id(),
			'date_created'     => wc_rest_prepare_date_response( $refund->get_date_created(), false ),
			'date_created_gmt' => wc_rest_prepare_date_response( $refund->get_date_created() ),
			'amount'           => wc_format_decimal( $refund->get_amount(), $dp ),
			'reason'           => $refund->get_reason(),
			'refunded_by'      => $refund->get_refunded_by(),
			'refunded_payment' => $refund->get_refunded_payment(),
			'meta_data'        => self::meta( $refund ),
			'line_items'       => $items['line_items'],
			'shipping_lines'   => $items['shipping_lines'],
			'tax_lines'        => $items['tax_lines'],
			'fee_lines'        => $items['fee_lines'],
		);
		return self::response(
			$data,
			array(
				'self'       => '/orders/' . $refund->get_parent_id() . '/refunds/' . $refund->get_id(),
				'collection' => '/orders/' . $refund->get_parent_id() . '/refunds',
				'up'         => '/orders/' . $refund->get_parent_id(),
			)
		);
	}

	/**
	 * GET /orders/<id>/refunds.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_refunds( $request ) {
		$order = wc_get_order( (int) $request['order_id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return new WP_Error( 'woocommerce_rest_invalid_order_id', __( 'Invalid order ID.', 'woocommerce' ), array( 'status' => 404 ) );
		}
		$data = array();
		foreach ( $order->get_refunds() as $refund ) {
			$data[] = self::prepare_for_collection( self::refund_response( $refund, $request ) );
		}
		return rest_ensure_response( $data );
	}

	/**
	 * Response data with _links for collections.
	 *
	 * @param WP_REST_Response $response Response.
	 * @return array
	 */
	private static function prepare_for_collection( $response ) {
		$data           = $response->get_data();
		$data['_links'] = array();
		foreach ( $response->get_links() as $rel => $links ) {
			foreach ( $links as $link ) {
				$data['_links'][ $rel ][] = array( 'href' => $link['href'] );
			}
		}
		return $data;
	}

	/**
	 * GET /orders/<id>/refunds/<id>.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_refund( $request ) {
		$refund = wc_get_order( (int) $request['id'] );
		if ( ! $refund || 'shop_order_refund' !== $refund->get_type() || (int) $refund->get_parent_id() !== (int) $request['order_id'] ) {
			return self::invalid_id( 'shop_order_refund' );
		}
		return self::refund_response( $refund, $request );
	}

	/**
	 * POST /orders/<id>/refunds: amount, reason, line_items [{id, quantity, refund_total,
	 * refund_tax:[{id, refund_total}]}], api_refund (default true), api_restock.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_refund( $request ) {
		$order = wc_get_order( (int) $request['order_id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return new WP_Error( 'woocommerce_rest_invalid_order_id', __( 'Invalid order ID.', 'woocommerce' ), array( 'status' => 404 ) );
		}
		if ( isset( $request['amount'] ) && 0 > (float) $request['amount'] ) {
			return new WP_Error( 'woocommerce_rest_invalid_order_refund', __( 'Refund amount must be greater than zero.', 'woocommerce' ), array( 'status' => 400 ) );
		}
		$line_items = array();
		foreach ( (array) $request['line_items'] as $item ) {
			if ( ! is_array( $item ) || empty( $item['id'] ) ) {
				continue;
			}
			$id = (int) $item['id'];
			if ( ! isset( $line_items[ $id ] ) ) {
				$line_items[ $id ] = array(
					'qty'          => 0,
					'refund_total' => 0,
					'refund_tax'   => array(),
				);
			}
			$line_items[ $id ]['qty']          += isset( $item['quantity'] ) ? (float) $item['quantity'] : 0;
			$line_items[ $id ]['refund_total'] += isset( $item['refund_total'] ) ? (float) $item['refund_total'] : 0;
			foreach ( isset( $item['refund_tax'] ) ? (array) $item['refund_tax'] : array() as $tax ) {
				if ( ! isset( $tax['id'] ) ) {
					continue;
				}
				$rate                                     = (int) $tax['id'];
				$amount                                   = isset( $tax['refund_total'] ) ? (float) $tax['refund_total'] : ( isset( $tax['amount'] ) ? (float) $tax['amount'] : 0 );
				$line_items[ $id ]['refund_tax'][ $rate ] = ( isset( $line_items[ $id ]['refund_tax'][ $rate ] ) ? $line_items[ $id ]['refund_tax'][ $rate ] : 0 ) + $amount;
			}
		}//end foreach
		$amount = $request['amount'];
		if ( null === $amount || '' === $amount ) {
			$amount = 0;
			foreach ( $line_items as $line ) {
				$amount += $line['refund_total'] + array_sum( $line['refund_tax'] );
			}
		}
		$refund = wc_create_refund(
			array(
				'order_id'       => $order->get_id(),
				'amount'         => $amount,
				'reason'         => $request['reason'],
				'line_items'     => $line_items,
				'refund_payment' => isset( $request['api_refund'] ) ? rest_sanitize_boolean( $request['api_refund'] ) : true,
				'restock_items'  => isset( $request['api_restock'] ) ? rest_sanitize_boolean( $request['api_restock'] ) : true,
			)
		);
		if ( is_wp_error( $refund ) ) {
			return new WP_Error( 'woocommerce_rest_cannot_create_order_refund', $refund->get_error_message(), array( 'status' => 500 ) );
		}
		if ( ! empty( $request['meta_data'] ) && is_array( $request['meta_data'] ) ) {
			foreach ( $request['meta_data'] as $meta ) {
				if ( isset( $meta['key'] ) ) {
					$refund->update_meta_data( $meta['key'], isset( $meta['value'] ) ? $meta['value'] : '' );
				}
			}
			$refund->save_meta_data();
		}
		$response = self::refund_response( wc_get_order( $refund->get_id() ), $request );
		$response->set_status( 201 );
		return $response;
	}

	/**
	 * DELETE /orders/<id>/refunds/<id> (force). Like WooCommerce, fires
	 * woocommerce_rest_delete_shop_order_refund_object, not woocommerce_refund_deleted.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function delete_refund( $request ) {
		$refund = wc_get_order( (int) $request['id'] );
		if ( ! $refund || 'shop_order_refund' !== $refund->get_type() || (int) $refund->get_parent_id() !== (int) $request['order_id'] ) {
			return self::invalid_id( 'shop_order_refund' );
		}
		if ( ! rest_sanitize_boolean( $request['force'] ) ) {
			return new WP_Error( 'woocommerce_rest_trash_not_supported', __( 'Refunds do not support trashing.', 'woocommerce' ), array( 'status' => 501 ) );
		}
		$previous = self::refund_response( $refund, $request );
		$refund->delete( true );
		do_action( 'woocommerce_rest_delete_shop_order_refund_object', $refund, $previous, $request );
		return $previous;
	}

	/*
	|--------------------------------------------------------------------------
	| Notes
	|--------------------------------------------------------------------------
	*/

	/**
	 * Note JSON.
	 *
	 * @param stdClass $note     Note.
	 * @param int      $order_id Order.
	 * @return array
	 */
	private static function note_data( $note, $order_id ) {
		$data = array(
			'id'               => $note->id,
			'author'           => 'system' === $note->added_by ? __( 'WooCommerce', 'woocommerce' ) : $note->added_by,
			'date_created'     => wc_rest_prepare_date_response( $note->date_created, false ),
			'date_created_gmt' => wc_rest_prepare_date_response( $note->date_created ),
			'note'             => $note->content,
			'customer_note'    => (bool) $note->customer_note,
		);
		$r    = self::response(
			$data,
			array(
				'self'       => '/orders/' . $order_id . '/notes/' . $note->id,
				'collection' => '/orders/' . $order_id . '/notes',
				'up'         => '/orders/' . $order_id,
			)
		);
		return self::prepare_for_collection( $r );
	}

	/**
	 * GET /orders/<id>/notes.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function get_notes( $request ) {
		$order = wc_get_order( (int) $request['order_id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return new WP_Error( 'woocommerce_rest_invalid_order_id', __( 'Invalid order ID.', 'woocommerce' ), array( 'status' => 404 ) );
		}
		$args = array( 'order_id' => $order->get_id() );
		if ( in_array( $request['type'], array( 'customer', 'internal' ), true ) ) {
			$args['type'] = $request['type'];
		}
		$data  = array();
		$notes = wc_get_order_notes( $args );
		// WooCommerce 9.9 lists notes oldest first here (newest first in wc_get_order_notes()).
		usort(
			$notes,
			function ( $a, $b ) {
				return array( $a->date_created->getTimestamp(), $a->id ) <=> array( $b->date_created->getTimestamp(), $b->id );
			}
		);
		foreach ( $notes as $note ) {
			$data[] = self::note_data( $note, $order->get_id() );
		}
		return rest_ensure_response( $data );
	}

	/**
	 * POST /orders/<id>/notes.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create_note( $request ) {
		$order = wc_get_order( (int) $request['order_id'] );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return new WP_Error( 'woocommerce_rest_invalid_order_id', __( 'Invalid order ID.', 'woocommerce' ), array( 'status' => 404 ) );
		}
		$note_id = $order->add_order_note( $request['note'], ! empty( $request['customer_note'] ), ! empty( $request['added_by_user'] ) );
		if ( ! $note_id ) {
			return new WP_Error( 'woocommerce_api_cannot_create_order_note', __( 'Cannot create order note, please try again.', 'woocommerce' ), array( 'status' => 500 ) );
		}
		$data     = self::note_data( wc_get_order_note( $note_id ), $order->get_id() );
		$response = rest_ensure_response( $data );
		$response->set_status( 201 );
		return $response;
	}

	/*
	|--------------------------------------------------------------------------
	| Taxes
	|--------------------------------------------------------------------------
	*/

	/**
	 * GET /taxes.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function get_taxes( $request ) {
		global $wpdb;
		$per_page = max( 1, (int) $request['per_page'] );
		$page     = max( 1, (int) $request['page'] );
		$where    = '1=1';
		if ( isset( $request['class'] ) && '' !== $request['class'] ) {
			$where = $wpdb->prepare( 'tax_rate_class = %s', WC_Tax::format_tax_rate_class( $request['class'] ) );
		}
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$total = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}woocommerce_tax_rates WHERE {$where}" );
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$wpdb->prefix}woocommerce_tax_rates WHERE {$where} ORDER BY tax_rate_order ASC, tax_rate_id ASC LIMIT %d, %d", ( $page - 1 ) * $per_page, $per_page ) );
		// phpcs:enable
		$data = array();
		foreach ( $rows as $row ) {
			$locations = WC_Tax::get_rates_for_tax_class( $row->tax_rate_class );
			$postcodes = isset( $locations[ $row->tax_rate_id ] ) ? $locations[ $row->tax_rate_id ]->postcode : array();
			$cities    = isset( $locations[ $row->tax_rate_id ] ) ? $locations[ $row->tax_rate_id ]->city : array();
			$item      = array(
				'id'        => (int) $row->tax_rate_id,
				'country'   => $row->tax_rate_country,
				'state'     => $row->tax_rate_state,
				'postcode'  => $postcodes ? (string) end( $postcodes ) : '',
				'city'      => $cities ? (string) end( $cities ) : '',
				'postcodes' => $postcodes,
				'cities'    => $cities,
				'rate'      => $row->tax_rate,
				'name'      => $row->tax_rate_name,
				'priority'  => (int) $row->tax_rate_priority,
				'compound'  => (bool) $row->tax_rate_compound,
				'shipping'  => (bool) $row->tax_rate_shipping,
				'order'     => (int) $row->tax_rate_order,
				'class'     => $row->tax_rate_class ? $row->tax_rate_class : 'standard',
			);
			$data[]    = self::prepare_for_collection(
				self::response(
					$item,
					array(
						'self'       => '/taxes/' . $row->tax_rate_id,
						'collection' => '/taxes',
					)
				)
			);
		}//end foreach
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / $per_page ) );
		return $response;
	}
}

/**
 * WooCommerce's REST exception.
 */
class WC_REST_Exception extends Exception {

	/**
	 * Error code.
	 *
	 * @var string
	 */
	protected $error_code;

	/**
	 * Error data.
	 *
	 * @var array
	 */
	protected $error_data;

	/**
	 * Constructor.
	 *
	 * @param string $error_code Code.
	 * @param string $message    Message.
	 * @param int    $http_status_code Status.
	 * @param array  $data       Data.
	 */
	public function __construct( $error_code, $message, $http_status_code, $data = array() ) {
		$this->error_code = $error_code;
		$this->error_data = $data;
		parent::__construct( $message, $http_status_code );
	}

	/**
	 * Error code.
	 *
	 * @return string
	 */
	public function getErrorCode() {
		return $this->error_code;
	}

	/**
	 * Error data.
	 *
	 * @return array
	 */
	public function getErrorData() {
		return $this->error_data;
	}
}
