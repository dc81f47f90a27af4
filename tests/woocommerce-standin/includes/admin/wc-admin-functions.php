<?php
/**
 * Admin functions (loaded in the admin only, as in WooCommerce).
 *
 * @package WooCommerceStandin
 */

defined( 'ABSPATH' ) || exit;

/**
 * Screen id of an order type's admin screen: orders live in (the stand-in's) custom tables,
 * so this is the HPOS screen id; '' for anything that is not an order type.
 *
 * @param string $for Order type, e.g. shop-order or shop_order.
 * @return string
 */
function wc_get_page_screen_id( $for ) {
	$for = str_replace( '-', '_', (string) $for );
	if ( 'shop_order' === $for ) {
		return 'woocommerce_page_wc-orders';
	}
	return '';
}
