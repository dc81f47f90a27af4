<?php
/**
 * WooSync's own tables, their version and their upgrade path.
 *
 * @package WooSync
 */

namespace WooSync\Storage;

defined( 'ABSPATH' ) || exit;

/**
 * Creates and upgrades the link, history and lock tables with dbDelta.
 *
 * The version of the table definitions is kept in an option; when the stored version is older
 * than DB_VERSION (a plugin update without re-activation), the tables are upgraded on the next
 * request, from plugins_loaded. dbDelta only adds: it never drops a column or an index.
 */
final class Schema {

	/** Bump whenever a table definition below changes. */
	public const DB_VERSION = 3;

	public const VERSION_OPTION = 'woosync_db_version';

	public const LINKS   = 'woosync_links';
	public const HISTORY = 'woosync_history';
	public const LOCKS   = 'woosync_locks';

	/**
	 * A table's full name, with the site's prefix.
	 *
	 * @param string $table One of this class's table constants.
	 */
	public static function table( string $table ): string {
		global $wpdb;
		return $wpdb->prefix . $table;
	}

	/**
	 * Every WooSync table, full names.
	 *
	 * @return array<string>
	 */
	public static function tables(): array {
		return array( self::table( self::LINKS ), self::table( self::HISTORY ), self::table( self::LOCKS ) );
	}

	/**
	 * Upgrades the tables when the stored version is older than this code's (or missing).
	 *
	 * @return bool Whether an install or upgrade ran.
	 */
	public static function maybe_upgrade(): bool {
		if ( (int) get_option( self::VERSION_OPTION, 0 ) >= self::DB_VERSION ) {
			return false;
		}
		self::install();
		return true;
	}

	/**
	 * Creates or upgrades every table, then records the version once all of them exist.
	 */
	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';

		$charset = $wpdb->get_charset_collate();
		$links   = self::table( self::LINKS );
		$history = self::table( self::HISTORY );
		$locks   = self::table( self::LOCKS );

		// dbDelta's format: two spaces after PRIMARY KEY, one definition per line, KEY not INDEX.
		dbDelta(
			"CREATE TABLE $links (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_id bigint(20) unsigned NOT NULL,
  kind varchar(20) NOT NULL,
  perfex_id bigint(20) unsigned NOT NULL,
  perfex_number varchar(100) NOT NULL DEFAULT '',
  perfex_customer_id bigint(20) unsigned DEFAULT NULL,
  total varchar(32) NOT NULL DEFAULT '',
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY order_kind (order_id,kind),
  KEY perfex_document (kind,perfex_id)
) $charset;
CREATE TABLE $history (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  order_id bigint(20) unsigned NOT NULL,
  order_number varchar(64) NOT NULL DEFAULT '',
  refund_id bigint(20) unsigned DEFAULT NULL,
  kind varchar(20) NOT NULL,
  source varchar(20) NOT NULL DEFAULT '',
  attempt smallint(5) unsigned NOT NULL DEFAULT 1,
  outcome varchar(20) NOT NULL,
  error_code varchar(64) NOT NULL DEFAULT '',
  perfex_id bigint(20) unsigned DEFAULT NULL,
  perfex_number varchar(100) NOT NULL DEFAULT '',
  perfex_customer_id bigint(20) unsigned DEFAULT NULL,
  currency varchar(3) NOT NULL DEFAULT '',
  order_total varchar(32) NOT NULL DEFAULT '',
  perfex_total varchar(32) NOT NULL DEFAULT '',
  message text NOT NULL,
  duration_ms int(10) unsigned NOT NULL DEFAULT 0,
  started_at datetime NOT NULL,
  finished_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY order_kind (order_id,kind,id),
  KEY outcome_started (outcome,started_at),
  KEY started_at (started_at),
  KEY order_number (order_number),
  KEY refund_id (refund_id),
  KEY kind_started (kind,started_at)
) $charset;
CREATE TABLE $locks (
  name varchar(100) NOT NULL,
  owner varchar(64) NOT NULL,
  expires_at bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (name)
) $charset;"
		);

		// Record the version only when every table is there: a failed CREATE (no rights, a
		// database error) is tried again on the next request instead of being forgotten.
		foreach ( array( $links, $history, $locks ) as $table ) {
			if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ) !== $table ) {
				return;
			}
		}
		update_option( self::VERSION_OPTION, self::DB_VERSION, true );
	}

	/**
	 * Drops every table and the version option (uninstall only).
	 */
	public static function drop(): void {
		global $wpdb;
		foreach ( self::tables() as $table ) {
			$wpdb->query( "DROP TABLE IF EXISTS $table" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery -- our own table name.
		}
		delete_option( self::VERSION_OPTION );
	}
}
