<?php
/**
 * A Perfex document's words, linked to its page in the Perfex admin.
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * One place for the link the order box and the orders list print (a new tab; plain words when
 * Perfex is not set up).
 */
final class PerfexLink {

	/**
	 * Escaped HTML.
	 *
	 * @param Settings $settings  Where the Perfex pages are.
	 * @param string   $kind      Document kind (Links::KINDS).
	 * @param int      $perfex_id Perfex id.
	 * @param string   $text      Words.
	 */
	public static function html( Settings $settings, string $kind, int $perfex_id, string $text ): string {
		$url = $settings->perfex_document_url( $kind, $perfex_id );
		if ( '' === $url ) {
			return esc_html( $text );
		}
		return sprintf( '<a href="%s" target="_blank" rel="noopener noreferrer">%s</a>', esc_url( $url ), esc_html( $text ) );
	}
}
