<?php
/**
 * Removes WooSync's data when the plugin is deleted (not when it is only deactivated).
 *
 * @package WooSync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'woosync_settings' );
delete_option( 'woosync_version' );

if ( function_exists( 'as_unschedule_all_actions' ) ) {
	as_unschedule_all_actions( '', array(), 'woosync' );
}
