<?php
/**
 * What happens when the plugin is activated.
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * Creates WooSync's options on activation, without touching existing values.
 */
final class Installer {

	public const VERSION_OPTION = 'woosync_version';

	/**
	 * Activation hook.
	 */
	public static function activate(): void {
		add_option( Settings::OPTION, Settings::defaults() );
		update_option( self::VERSION_OPTION, WOOSYNC_VERSION );
	}
}
