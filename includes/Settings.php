<?php
/**
 * The store's WooSync settings, kept in one option.
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * Reads WooSync's settings with their defaults filled in.
 */
final class Settings {

	public const OPTION = 'woosync_settings';

	/**
	 * Every setting and its default.
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults(): array {
		return array(
			// Off until the store is connected to Perfex: nothing is queued before then.
			'auto_create_invoice' => false,
		);
	}

	/**
	 * All settings, stored values over defaults.
	 *
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? array_intersect_key( $stored, self::defaults() ) : array() );
	}

	/**
	 * Whether a completed order should get its invoice without anyone asking.
	 */
	public function auto_create_invoice(): bool {
		return (bool) $this->all()['auto_create_invoice'];
	}
}
