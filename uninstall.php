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

// Every job WooSync ever queued, whatever its status, and its log lines: read straight from
// Action Scheduler's tables, which stay when WooCommerce is inactive at this point.
global $wpdb;
$woosync_as = array(
	'actions' => $wpdb->prefix . 'actionscheduler_actions',
	'groups'  => $wpdb->prefix . 'actionscheduler_groups',
	'logs'    => $wpdb->prefix . 'actionscheduler_logs',
);
foreach ( $woosync_as as $woosync_table ) {
	if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $woosync_table ) ) ) !== $woosync_table ) {
		return;
	}
}
// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery -- Action Scheduler's own table names.
$woosync_group = $wpdb->get_var( $wpdb->prepare( "SELECT group_id FROM {$woosync_as['groups']} WHERE slug = %s", 'woosync' ) );
if ( null !== $woosync_group ) {
	$wpdb->query( $wpdb->prepare( "DELETE l FROM {$woosync_as['logs']} l JOIN {$woosync_as['actions']} a ON a.action_id = l.action_id WHERE a.group_id = %d", $woosync_group ) );
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$woosync_as['actions']} WHERE group_id = %d", $woosync_group ) );
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$woosync_as['groups']} WHERE group_id = %d", $woosync_group ) );
}
// phpcs:enable
