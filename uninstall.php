<?php
/**
 * Removes WooSync's data when the plugin is deleted (not when it is only deactivated).
 *
 * The plugin itself is not loaded here, so the one class needed is required by path.
 *
 * @package WooSync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/Storage/Schema.php';

\WooSync\Storage\Schema::drop();

foreach ( array( 'woosync_settings', 'woosync_mappings', 'woosync_version', 'woosync_db_version' ) as $woosync_option ) {
	delete_option( $woosync_option );
}

if ( function_exists( 'as_unschedule_all_actions' ) ) {
	as_unschedule_all_actions( '', array(), 'woosync' );
}
