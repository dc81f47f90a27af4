<?php
/**
 * Named locks with an expiry, shared by every PHP process of the site.
 *
 * @package WooSync
 */

namespace WooSync\Storage;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- a lock must never be cached.

/**
 * One row per held lock. Taking it is one atomic INSERT IGNORE on the primary key, so two
 * concurrent runs (the order button and the queue) cannot both hold it; an expired lock (a
 * crashed run) is cleared first, so it never blocks for longer than its time to live.
 */
final class Lock {

	/**
	 * Takes a lock.
	 *
	 * @param string $name Lock name (at most 100 characters).
	 * @param int    $ttl  Seconds after which the lock is considered abandoned.
	 * @return string|null The owner token to release it with, or null when someone else holds it.
	 */
	public function acquire( string $name, int $ttl ): ?string {
		global $wpdb;
		$table = Schema::table( Schema::LOCKS );
		$now   = time();
		$owner = wp_generate_uuid4();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$wpdb->query( $wpdb->prepare( "DELETE FROM $table WHERE name = %s AND expires_at < %d", $name, $now ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$taken = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO $table (name, owner, expires_at) VALUES (%s, %s, %d)", $name, $owner, $now + $ttl ) );
		return 1 === $taken ? $owner : null;
	}

	/**
	 * Releases a lock taken with acquire().
	 *
	 * @param string $name  Lock name.
	 * @param string $owner The token acquire() returned.
	 */
	public function release( string $name, string $owner ): void {
		global $wpdb;
		$wpdb->delete(
			Schema::table( Schema::LOCKS ),
			array(
				'name'  => $name,
				'owner' => $owner,
			),
			array( '%s', '%s' )
		);
	}

	/**
	 * Whether a lock is currently held (and not expired).
	 *
	 * @param string $name Lock name.
	 */
	public function is_held( string $name ): bool {
		global $wpdb;
		$table = Schema::table( Schema::LOCKS );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$held = $wpdb->get_var( $wpdb->prepare( "SELECT 1 FROM $table WHERE name = %s AND expires_at >= %d", $name, time() ) );
		return null !== $held;
	}
}
