<?php
/**
 * Minimal admin: WooCommerce top-level menu and the HPOS-style Orders screen
 * (admin.php?page=wc-orders list, &action=edit&id=N edit view with meta boxes,
 * status change, bulk actions).
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Stand-in internal: admin screens.
 */
final class WC_Standin_Admin {

	const SCREEN = 'woocommerce_page_wc-orders';

	/**
	 * Hooks.
	 *
	 * @return void
	 */
	public static function hooks() {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ), 9 );
		add_action( 'wp_ajax_woocommerce_delete_refund', array( __CLASS__, 'ajax_delete_refund' ) );
	}

	/**
	 * Admin ajax "woocommerce_delete_refund" (the order screen's delete-refund action): nonce
	 * "order-item" in "security", capability edit_shop_orders, refund_id (one or many); fires
	 * woocommerce_refund_deleted( $refund_id, $order_id ) for each refund deleted.
	 *
	 * @return void
	 */
	public static function ajax_delete_refund() {
		check_ajax_referer( 'order-item', 'security' );
		if ( ! current_user_can( 'edit_shop_orders' ) || ! isset( $_POST['refund_id'] ) ) {
			wp_die( -1 );
		}
		$ids = array_map( 'absint', (array) wp_unslash( $_POST['refund_id'] ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized
		foreach ( $ids as $refund_id ) {
			$refund = $refund_id ? wc_get_order( $refund_id ) : false;
			if ( $refund && 'shop_order_refund' === $refund->get_type() ) {
				$order_id = $refund->get_parent_id();
				$refund->delete( true );
				do_action( 'woocommerce_refund_deleted', $refund_id, $order_id );
			}
		}
		wp_die();
	}

	/**
	 * Menus: "woocommerce" top level and "wc-orders" under it.
	 *
	 * @return void
	 */
	public static function menu() {
		add_menu_page( __( 'WooCommerce', 'woocommerce' ), __( 'WooCommerce', 'woocommerce' ), 'edit_others_shop_orders', 'woocommerce', array( __CLASS__, 'render_home' ), 'dashicons-cart', 55.5 );
		$hook = add_submenu_page( 'woocommerce', __( 'Orders', 'woocommerce' ), __( 'Orders', 'woocommerce' ), 'edit_others_shop_orders', 'wc-orders', array( __CLASS__, 'render_orders' ) );
		add_action( 'load-' . $hook, array( __CLASS__, 'load_orders' ) );
	}

	/**
	 * Home page.
	 *
	 * @return void
	 */
	public static function render_home() {
		echo '<div class="wrap"><h1>' . esc_html__( 'WooCommerce', 'woocommerce' ) . '</h1><p>' . esc_html__( 'WooCommerce stand-in (WooSync test environment).', 'woocommerce' ) . '</p>';
		echo '<p><a href="' . esc_url( admin_url( 'admin.php?page=wc-orders' ) ) . '">' . esc_html__( 'Orders', 'woocommerce' ) . '</a></p></div>';
	}

	/**
	 * Handle posts (status change, bulk actions) and register meta boxes before output.
	 *
	 * @return void
	 */
	public static function load_orders() {
		if ( ! current_user_can( 'edit_others_shop_orders' ) ) {
			wp_die( esc_html__( 'You do not have permission to edit this order', 'woocommerce' ) );
		}
		$action = isset( $_REQUEST['action'] ) ? sanitize_key( wp_unslash( $_REQUEST['action'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended

		if ( 'edit' === $action && isset( $_GET['id'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			$order = wc_get_order( absint( $_GET['id'] ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			if ( ! $order || 'shop_order' !== $order->get_type() ) {
				wp_die( esc_html__( 'You attempted to edit an order that does not exist. Perhaps it was deleted?', 'woocommerce' ) );
			}
			if ( isset( $_POST['order_status'] ) ) {
				check_admin_referer( 'update-order_' . $order->get_id() );
				$status = sanitize_key( wp_unslash( $_POST['order_status'] ) );
				do_action( 'woocommerce_process_shop_order_meta', $order->get_id(), $order );
				$order->set_status( $status, '', true );
				$order->save();
				wp_safe_redirect( add_query_arg( 'message', 1, $order->get_edit_order_url() ) );
				exit;
			}
			do_action( 'add_meta_boxes', self::SCREEN, $order );
			do_action( 'add_meta_boxes_' . self::SCREEN, $order );
			return;
		}

		$bulk = self::current_bulk_action();
		if ( $bulk ) {
			check_admin_referer( 'bulk-orders' );
			$ids      = isset( $_REQUEST['id'] ) ? array_map( 'absint', (array) wp_unslash( $_REQUEST['id'] ) ) : array();
			$redirect = admin_url( 'admin.php?page=wc-orders' );
			if ( 0 === strpos( $bulk, 'mark_' ) ) {
				$status = substr( $bulk, 5 );
				foreach ( $ids as $id ) {
					$order = wc_get_order( $id );
					if ( $order ) {
						$order->update_status( $status, __( 'Order status changed by bulk edit:', 'woocommerce' ), true );
					}
				}
				$redirect = add_query_arg(
					array(
						'bulk_action' => 'marked_' . $status,
						'changed'     => count( $ids ),
					),
					$redirect
				);
			} else {
				$redirect = apply_filters( 'handle_bulk_actions-' . self::SCREEN, $redirect, $bulk, $ids ); // phpcs:ignore WordPress.NamingConventions.ValidHookName.UseUnderscores
			}
			wp_safe_redirect( $redirect );
			exit;
		}//end if
	}

	/**
	 * Bulk action from the list form.
	 *
	 * @return string
	 */
	private static function current_bulk_action() {
		foreach ( array( 'action', 'action2' ) as $key ) {
			if ( isset( $_REQUEST[ $key ] ) && '-1' !== $_REQUEST[ $key ] && 'edit' !== $_REQUEST[ $key ] && '' !== $_REQUEST[ $key ] ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
				return sanitize_key( wp_unslash( $_REQUEST[ $key ] ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			}
		}
		return '';
	}

	/**
	 * Orders page.
	 *
	 * @return void
	 */
	public static function render_orders() {
		$action = isset( $_GET['action'] ) ? sanitize_key( wp_unslash( $_GET['action'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( 'edit' === $action && isset( $_GET['id'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			self::render_edit( wc_get_order( absint( $_GET['id'] ) ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			return;
		}
		self::render_list();
	}

	/**
	 * List view with bulk actions.
	 *
	 * @return void
	 */
	private static function render_list() {
		$paged   = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$result  = wc_get_orders(
			apply_filters(
				'woocommerce_order_list_table_prepare_items_query_args',
				array(
					'limit'    => 20,
					'paged'    => $paged,
					'paginate' => true,
				)
			)
		);
		$actions = array(
			'mark_processing' => __( 'Change status to processing', 'woocommerce' ),
			'mark_on-hold'    => __( 'Change status to on-hold', 'woocommerce' ),
			'mark_completed'  => __( 'Change status to completed', 'woocommerce' ),
			'mark_cancelled'  => __( 'Change status to cancelled', 'woocommerce' ),
		);
		$actions = apply_filters( 'bulk_actions-' . self::SCREEN, $actions ); // phpcs:ignore WordPress.NamingConventions.ValidHookName.UseUnderscores
		$columns = apply_filters(
			'manage_' . self::SCREEN . '_columns',
			array(
				'cb'           => '',
				'order_number' => __( 'Order', 'woocommerce' ),
				'order_date'   => __( 'Date', 'woocommerce' ),
				'order_status' => __( 'Status', 'woocommerce' ),
				'order_total'  => __( 'Total', 'woocommerce' ),
			)
		);
		echo '<div class="wrap"><h1 class="wp-heading-inline">' . esc_html__( 'Orders', 'woocommerce' ) . '</h1>';
		echo '<form method="post" id="wc-orders-filter" action="' . esc_url( admin_url( 'admin.php?page=wc-orders' ) ) . '">';
		wp_nonce_field( 'bulk-orders' );
		echo '<div class="tablenav top"><select name="action" id="bulk-action-selector-top"><option value="-1">' . esc_html__( 'Bulk actions', 'woocommerce' ) . '</option>';
		foreach ( $actions as $key => $label ) {
			echo '<option value="' . esc_attr( $key ) . '">' . esc_html( $label ) . '</option>';
		}
		echo '</select> <input type="submit" class="button action" id="doaction" value="' . esc_attr__( 'Apply', 'woocommerce' ) . '"></div>';
		echo '<table class="wp-list-table widefat fixed striped table-view-list orders"><thead><tr>';
		foreach ( $columns as $key => $label ) {
			echo 'cb' === $key ? '<td class="manage-column column-cb check-column"></td>' : '<th scope="col" class="manage-column column-' . esc_attr( $key ) . '">' . esc_html( $label ) . '</th>';
		}
		echo '</tr></thead><tbody id="the-list">';
		foreach ( $result->orders as $order ) {
			echo '<tr id="order-' . esc_attr( (string) $order->get_id() ) . '">';
			foreach ( array_keys( $columns ) as $key ) {
				echo '<td class="column-' . esc_attr( $key ) . '">';
				switch ( $key ) {
					case 'cb':
						echo '<input type="checkbox" name="id[]" value="' . esc_attr( (string) $order->get_id() ) . '">';
						break;
					case 'order_number':
						echo '<a href="' . esc_url( $order->get_edit_order_url() ) . '" class="order-view"><strong>#' . esc_html( $order->get_order_number() . ' ' . $order->get_formatted_billing_full_name() ) . '</strong></a>';
						break;
					case 'order_date':
						echo esc_html( $order->get_date_created() ? $order->get_date_created()->date_i18n( get_option( 'date_format' ) ) : '' );
						break;
					case 'order_status':
						echo '<mark class="order-status status-' . esc_attr( $order->get_status() ) . '"><span>' . esc_html( wc_get_order_status_name( $order->get_status() ) ) . '</span></mark>';
						break;
					case 'order_total':
						echo wp_kses_post( $order->get_formatted_order_total() );
						break;
					default:
						do_action( 'manage_' . self::SCREEN . '_custom_column', $key, $order );
				}
				echo '</td>';
			}//end foreach
			echo '</tr>';
		}//end foreach
		echo '</tbody></table></form></div>';
	}

	/**
	 * Edit view: order data, items, status control and registered meta boxes.
	 *
	 * @param WC_Order $order Order.
	 * @return void
	 */
	private static function render_edit( $order ) {
		echo '<div class="wrap"><h1 class="wp-heading-inline">' . esc_html( sprintf( /* translators: %s: order number */ __( 'Order #%s details', 'woocommerce' ), $order->get_order_number() ) ) . '</h1>';
		if ( isset( $_GET['message'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			echo '<div class="notice notice-success"><p>' . esc_html__( 'Order updated.', 'woocommerce' ) . '</p></div>';
		}
		echo '<form method="post" id="order" action="' . esc_url( $order->get_edit_order_url() ) . '">';
		wp_nonce_field( 'update-order_' . $order->get_id() );
		echo '<div id="poststuff"><div id="post-body" class="metabox-holder columns-2"><div id="post-body-content">';
		echo '<div id="order_data" class="panel"><p><label for="order_status">' . esc_html__( 'Status:', 'woocommerce' ) . '</label> <select id="order_status" name="order_status">';
		foreach ( wc_get_order_statuses() as $key => $label ) {
			echo '<option value="' . esc_attr( $key ) . '"' . selected( 'wc-' . $order->get_status(), $key, false ) . '>' . esc_html( $label ) . '</option>';
		}
		echo '</select></p><p>' . esc_html( $order->get_formatted_billing_full_name() . ' ' . $order->get_billing_email() ) . '</p>';
		echo '<table class="widefat" id="order_line_items"><thead><tr><th>' . esc_html__( 'Item', 'woocommerce' ) . '</th><th>' . esc_html__( 'Qty', 'woocommerce' ) . '</th><th>' . esc_html__( 'Total', 'woocommerce' ) . '</th><th>' . esc_html__( 'Tax', 'woocommerce' ) . '</th></tr></thead><tbody>';
		foreach ( $order->get_items( array( 'line_item', 'shipping', 'fee', 'coupon' ) ) as $item ) {
			$total = is_callable( array( $item, 'get_total' ) ) ? $item->get_total() : ( -1 * (float) $item->get_discount() );
			$tax   = is_callable( array( $item, 'get_total_tax' ) ) ? $item->get_total_tax() : ( -1 * (float) $item->get_discount_tax() );
			echo '<tr class="item-' . esc_attr( $item->get_type() ) . '"><td>' . esc_html( $item->get_name() ) . '</td><td>' . esc_html( (string) $item->get_quantity() ) . '</td><td>' . wp_kses_post( wc_price( $total, array( 'currency' => $order->get_currency() ) ) ) . '</td><td>' . wp_kses_post( wc_price( $tax, array( 'currency' => $order->get_currency() ) ) ) . '</td></tr>';
		}
		echo '</tbody><tfoot><tr><th colspan="2">' . esc_html__( 'Order Total:', 'woocommerce' ) . '</th><td colspan="2" class="order-total">' . wp_kses_post( $order->get_formatted_order_total() ) . '</td></tr></tfoot></table>';
		submit_button( __( 'Update', 'woocommerce' ), 'primary', 'save', true, array( 'id' => 'order-save' ) );
		echo '</div></div><div id="postbox-container-1" class="postbox-container">';
		do_meta_boxes( self::SCREEN, 'side', $order );
		echo '</div><div id="postbox-container-2" class="postbox-container">';
		do_meta_boxes( self::SCREEN, 'normal', $order );
		do_meta_boxes( self::SCREEN, 'advanced', $order );
		echo '</div></div></div></form></div>';
	}
}
