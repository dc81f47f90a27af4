<?php
/**
 * The admin notice shown when WooCommerce is not active.
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Registerable;

defined( 'ABSPATH' ) || exit;

/**
 * Tells administrators that WooSync is waiting for WooCommerce, instead of failing.
 */
final class MissingWooCommerceNotice implements Registerable {

	/**
	 * Adds the notice to admin screens.
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
	}

	/**
	 * Prints the notice for users who can do something about it.
	 */
	public function render(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error" id="woosync-missing-woocommerce"><p><strong>%1$s</strong> %2$s <a href="%3$s">%4$s</a></p></div>',
			esc_html__( 'WooSync is inactive.', 'woosync' ),
			esc_html__( 'It needs WooCommerce to be installed and active; no orders are synced to Perfex until then.', 'woosync' ),
			esc_url( admin_url( 'plugins.php' ) ),
			esc_html__( 'Manage plugins', 'woosync' )
		);
	}
}
