<?php
/**
 * What happens when the plugin is activated.
 *
 * @package WooSync
 */

namespace WooSync;

use WooSync\Storage\Schema;

defined( 'ABSPATH' ) || exit;

/**
 * Creates WooSync's options and tables on activation, without touching existing values.
 */
final class Installer {

	public const VERSION_OPTION = 'woosync_version';

	/**
	 * Activation hook.
	 */
	public static function activate(): void {
		add_option( Settings::OPTION, Settings::defaults() );
		Schema::install();
		update_option( self::VERSION_OPTION, WOOSYNC_VERSION );
	}
}
