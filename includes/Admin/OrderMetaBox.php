<?php
/**
 * The "Perfex invoice" box on the order screen (posts and custom order tables alike).
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Registerable;
use WooSync\Settings;
use WooSync\Storage\History;
use WooSync\Storage\Links;

defined( 'ABSPATH' ) || exit;

/**
 * Shows the linked invoice and the last attempt, with a "Resync invoice" button that calls
 * `POST /woosync/v1/orders/<id>/invoice/resync`: the admin script (admin-src/, the app's data
 * layer) mounts it; without the build an inline wp.apiFetch script serves it.
 */
final class OrderMetaBox implements Registerable {

	public const ID = 'woosync-invoice';

	/**
	 * Constructor.
	 *
	 * @param Links    $links    Links.
	 * @param History  $history  History.
	 * @param Settings $settings Settings (where the Perfex documents' pages are).
	 */
	public function __construct( private Links $links, private History $history, private Settings $settings ) {
	}

	/**
	 * Hooks the box and its script.
	 */
	public function register(): void {
		add_action( 'add_meta_boxes', array( $this, 'add' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * The order screen's id: `woocommerce_page_wc-orders` with custom order tables, else `shop_order`.
	 */
	private static function screen(): string {
		return function_exists( 'wc_get_page_screen_id' ) ? (string) wc_get_page_screen_id( 'shop-order' ) : 'shop_order';
	}

	/**
	 * Adds the box.
	 */
	public function add(): void {
		if ( ! current_user_can( 'edit_shop_orders' ) ) {
			return;
		}
		add_meta_box( self::ID, __( 'Perfex invoice', 'woosync' ), array( $this, 'render' ), self::screen(), 'side', 'high' );
	}

	/**
	 * The refunds' credit notes or expenses, under the invoice (a credit stays open in Perfex).
	 *
	 * @param \WC_Order $order The order.
	 */
	private function render_refunds( \WC_Order $order ): void {
		$refunds = $order->get_refunds();
		if ( ! $refunds ) {
			return;
		}
		echo '<ul class="woosync-refunds">';
		foreach ( $refunds as $refund ) {
			$note    = $this->links->get( $refund->get_id(), Links::CREDIT_NOTE );
			$expense = null === $note ? $this->links->get( $refund->get_id(), Links::EXPENSE ) : null;
			if ( null !== $note ) {
				/* translators: 1: refund id, 2: Perfex credit note number, 3: total. */
				$text = sprintf( __( 'Refund #%1$d: credit note %2$s (%3$s), open', 'woosync' ), $refund->get_id(), $note['perfex_number'], $note['total'] );
				echo '<li>' . PerfexLink::html( $this->settings, Links::CREDIT_NOTE, $note['perfex_id'], $text ) . '</li>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in PerfexLink::html().
			} elseif ( null !== $expense ) {
				/* translators: 1: refund id, 2: Perfex expense number, 3: amount. */
				$text = sprintf( __( 'Refund #%1$d: expense %2$s (%3$s)', 'woosync' ), $refund->get_id(), $expense['perfex_number'], $expense['total'] );
				echo '<li>' . PerfexLink::html( $this->settings, Links::EXPENSE, $expense['perfex_id'], $text ) . '</li>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in PerfexLink::html().
			} else {
				/* translators: %d: refund id. */
				echo '<li>' . esc_html( sprintf( __( 'Refund #%d: not in Perfex yet', 'woosync' ), $refund->get_id() ) ) . '</li>';
			}
		}
		echo '</ul>';
	}

	/**
	 * Prints the box.
	 *
	 * @param \WP_Post|\WC_Order|mixed $post_or_order A post on the legacy screen, the order with custom order tables.
	 */
	public function render( $post_or_order ): void {
		$order = $post_or_order instanceof \WP_Post ? wc_get_order( $post_or_order->ID ) : $post_or_order;
		if ( ! $order instanceof \WC_Order ) {
			return;
		}
		$link = $this->links->get( $order->get_id() );
		$last = $this->history->latest( $order->get_id() );

		echo '<div class="woosync-invoice" data-order-id="' . esc_attr( (string) $order->get_id() ) . '">';
		if ( null !== $link ) {
			/* translators: 1: Perfex invoice number, 2: total. */
			$text = sprintf( __( 'Invoice %1$s (%2$s)', 'woosync' ), $link['perfex_number'], $link['total'] );
			echo '<p><strong>' . PerfexLink::html( $this->settings, Links::INVOICE, $link['perfex_id'], $text ) . '</strong></p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in PerfexLink::html().
		} else {
			echo '<p>' . esc_html__( 'No Perfex invoice yet.', 'woosync' ) . '</p>';
		}
		$this->render_refunds( $order );
		if ( null !== $last ) {
			/* translators: 1: outcome, 2: date (UTC). */
			echo '<p>' . esc_html( sprintf( __( 'Last attempt: %1$s, %2$s UTC', 'woosync' ), $last['outcome'], $last['finished_at'] ) ) . '</p>';
			if ( '' !== $last['message'] ) {
				echo '<p class="description">' . esc_html( $last['message'] ) . '</p>';
			}
		}
		// The admin script mounts its Resync button here (same data layer as the WooSync page).
		echo '<div class="woosync-resync-root" data-order-id="' . esc_attr( (string) $order->get_id() ) . '">';
		echo '<p><button type="button" class="button woosync-resync">' . esc_html__( 'Resync invoice', 'woosync' ) . '</button></p>';
		echo '<p class="woosync-resync-result" aria-live="polite"></p>';
		echo '</div>';
		echo '</div>';
	}

	/**
	 * The button's script, on the order screen only.
	 *
	 * @param string $hook_suffix Admin page hook.
	 */
	public function enqueue( $hook_suffix ): void {
		unset( $hook_suffix );
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen || self::screen() !== $screen->id ) {
			return;
		}
		if ( SettingsPage::enqueue_app() ) {
			return;
		}
		// No build in this copy: the button still works through wp.apiFetch.
		wp_enqueue_script( 'wp-api-fetch' );
		wp_add_inline_script(
			'wp-api-fetch',
			'document.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest(".woosync-resync");if(!b){return;}'
			. 'var box=b.closest(".woosync-invoice"),out=box.querySelector(".woosync-resync-result");b.disabled=true;out.textContent=' . wp_json_encode( __( 'Syncing…', 'woosync' ) ) . ';'
			. 'wp.apiFetch({path:"/woosync/v1/orders/"+box.dataset.orderId+"/invoice/resync",method:"POST"})'
			. '.then(function(r){out.textContent=r.invoice?r.outcome+": "+r.invoice.number:(r.error?r.error.message:r.outcome);window.location.reload();})'
			. '.catch(function(r){out.textContent=(r&&(r.error&&r.error.message||r.message))||' . wp_json_encode( __( 'The resync failed.', 'woosync' ) ) . ';b.disabled=false;});});'
		);
	}
}
