<?php
/**
 * WooSync's tables: created, upgraded when older, used for links, history and locks, removed on uninstall.
 *
 * @package WooSync
 */

namespace WooSync\Tests\Integration;

use PHPUnit\Framework\TestCase;
use WooSync\Settings;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;
use WooSync\Storage\Schema;
use WooSync\Tests\Support\Site;

/**
 * Runs against the site's real database.
 */
final class StorageTest extends TestCase {

	public function test_the_tables_exist_with_the_current_schema_version(): void {
		foreach ( Schema::tables() as $table ) {
			$this->assertTrue( $this->table_exists( $table ), "$table exists" );
		}
		$this->assertSame( Schema::DB_VERSION, (int) get_option( Schema::VERSION_OPTION ) );
	}

	public function test_an_older_schema_version_is_upgraded_on_the_next_request(): void {
		global $wpdb;
		$locks = Schema::table( Schema::LOCKS );
		$wpdb->query( "DROP TABLE $locks" ); // phpcs:ignore WordPress.DB
		update_option( Schema::VERSION_OPTION, 0 );

		$response = Site::request( 'GET', '/' );
		$this->assertSame( 200, $response['status'] );

		wp_cache_delete( Schema::VERSION_OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		$this->assertSame( Schema::DB_VERSION, (int) get_option( Schema::VERSION_OPTION ), 'plugins_loaded upgraded the schema' );
		$this->assertTrue( $this->table_exists( $locks ) );
		$this->assertFalse( Schema::maybe_upgrade(), 'nothing to do once current' );
	}

	public function test_a_version_1_history_table_gains_the_refund_column_and_keeps_its_rows(): void {
		global $wpdb;
		$table = Schema::table( Schema::HISTORY );
		$id    = ( new History() )->add(
			array(
				'order_id'     => 4242,
				'order_number' => 'V1-' . wp_rand( 1000, 9999 ),
				'outcome'      => 'created',
			)
		);
		// The table as version 1 made it.
		$wpdb->query( "ALTER TABLE $table DROP INDEX kind_started, DROP INDEX refund_id, DROP COLUMN refund_id" ); // phpcs:ignore WordPress.DB
		update_option( Schema::VERSION_OPTION, 1 );

		$this->assertTrue( Schema::maybe_upgrade() );

		$columns = $wpdb->get_col( "SHOW COLUMNS FROM $table" ); // phpcs:ignore WordPress.DB
		$this->assertContains( 'refund_id', $columns );
		$keys = $wpdb->get_col( "SHOW INDEX FROM $table", 2 ); // phpcs:ignore WordPress.DB
		$this->assertContains( 'refund_id', $keys );
		$this->assertContains( 'kind_started', $keys );
		$row = ( new History() )->query( array( 'order_id' => 4242 ) )['items'][0];
		$this->assertSame( $id, $row['id'], 'the rows stay' );
		$this->assertNull( $row['refund_id'] );
		$this->assertSame( Schema::DB_VERSION, (int) get_option( Schema::VERSION_OPTION ) );
	}

	public function test_a_table_that_could_not_be_created_leaves_the_version_unrecorded_so_the_next_request_tries_again(): void {
		global $wpdb;
		$locks = Schema::table( Schema::LOCKS );
		$wpdb->query( "DROP TABLE $locks" ); // phpcs:ignore WordPress.DB
		update_option( Schema::VERSION_OPTION, 0 );
		// As if the database refused this one CREATE TABLE.
		$refuse_locks = static fn ( array $queries ): array => array_diff_key( $queries, array( $locks => true ) );
		add_filter( 'dbdelta_create_queries', $refuse_locks );
		try {
			Schema::install();
		} finally {
			remove_filter( 'dbdelta_create_queries', $refuse_locks );
		}
		$this->assertFalse( $this->table_exists( $locks ) );
		$this->assertSame( 0, (int) get_option( Schema::VERSION_OPTION ), 'the version is not recorded without every table' );

		$this->assertTrue( Schema::maybe_upgrade(), 'the next request tries again' );
		$this->assertTrue( $this->table_exists( $locks ) );
		$this->assertSame( Schema::DB_VERSION, (int) get_option( Schema::VERSION_OPTION ) );
	}

	public function test_a_link_is_saved_read_and_replaced_per_order_and_kind(): void {
		$links    = new Links();
		$order_id = 900000 + wp_rand( 1, 99999 );
		$this->assertNull( $links->get( $order_id ) );

		$links->save( $order_id, Links::INVOICE, 12, 'INV-000012', 3, '87.59' );
		$link = $links->get( $order_id );
		$this->assertSame( 12, $link['perfex_id'] );
		$this->assertSame( 'INV-000012', $link['perfex_number'] );
		$this->assertSame( 3, $link['perfex_customer_id'] );
		$this->assertSame( '87.59', $link['total'] );

		$links->save( $order_id, Links::INVOICE, 13, 'INV-000013', null, '87.59' );
		$this->assertSame( 13, $links->get( $order_id )['perfex_id'], 'one link per order and kind' );
		$this->assertNull( $links->get( $order_id )['perfex_customer_id'] );
		$this->assertNull( $links->get( $order_id, 'credit_note' ) );

		$links->delete( $order_id );
		$this->assertNull( $links->get( $order_id ) );
	}

	public function test_history_pages_filters_by_outcome_and_date_and_searches_the_order_number(): void {
		$history  = new History();
		$order_id = 800000 + wp_rand( 1, 99999 );
		$number   = 'T' . $order_id;
		foreach ( array( 'created', 'failed', 'retrying', 'failed', 'linked' ) as $i => $outcome ) {
			$history->add(
				array(
					'order_id'     => $order_id,
					'order_number' => $number,
					'outcome'      => $outcome,
					'message'      => "attempt $i",
					'started_at'   => gmdate( 'Y-m-d H:i:s', strtotime( '2020-01-01 00:00:00 UTC' ) + $i * DAY_IN_SECONDS ),
				)
			);
		}

		$page = $history->query(
			array(
				'search'   => $number,
				'per_page' => 2,
				'page'     => 2,
			)
		);
		$this->assertSame( 5, $page['total'] );
		$this->assertSame( array( 'retrying', 'failed' ), array_column( $page['items'], 'outcome' ), 'newest first, second page' );
		$this->assertSame( $order_id, $page['items'][0]['order_id'] );

		$failed = $history->query(
			array(
				'search'  => '#' . $number,
				'outcome' => 'failed',
			)
		);
		$this->assertSame( 2, $failed['total'] );

		$dated = $history->query(
			array(
				'order_id' => $order_id,
				'after'    => '2020-01-02 00:00:00',
				'before'   => '2020-01-04 00:00:00',
			)
		);
		$this->assertSame( array( 'attempt 2', 'attempt 1' ), array_column( $dated['items'], 'message' ) );
		$this->assertSame( 'attempt 4', $history->latest( $order_id )['message'] );
	}

	public function test_a_lock_is_held_by_one_owner_until_released_or_expired(): void {
		$lock  = new Lock();
		$name  = 'test:' . wp_generate_uuid4();
		$owner = $lock->acquire( $name, 60 );
		$this->assertNotNull( $owner );
		$this->assertNull( $lock->acquire( $name, 60 ), 'a second run cannot take it' );
		$this->assertTrue( $lock->is_held( $name ) );

		$lock->release( $name, 'someone-else' );
		$this->assertTrue( $lock->is_held( $name ), 'only the owner releases it' );
		$lock->release( $name, $owner );
		$this->assertFalse( $lock->is_held( $name ) );

		$this->assertNotNull( $lock->acquire( $name, -1 ), 'a lock that is already expired' );
		$this->assertNotNull( $lock->acquire( $name, 60 ), 'an expired lock is taken over' );
	}

	public function test_uninstall_removes_the_tables_and_the_options(): void {
		$saved = array(
			Settings::OPTION   => get_option( Settings::OPTION ),
			'woosync_mappings' => get_option( 'woosync_mappings' ),
		);
		// A finished job and a pending one: uninstall removes both.
		$done = as_enqueue_async_action( 'woosync_uninstall_probe', array( 'n' => 1 ), 'woosync' );
		as_enqueue_async_action( 'woosync_uninstall_probe', array( 'n' => 2 ), 'woosync' );
		\ActionScheduler::store()->mark_complete( $done );
		$this->assertGreaterThanOrEqual(
			2,
			count(
				as_get_scheduled_actions(
					array(
						'group'    => 'woosync',
						'status'   => '',
						'per_page' => -1,
					),
					'ids'
				)
			)
		);
		try {
			// Checked in the same process right after uninstall.php: any request to the live site
			// in between (WooSync is still active there) would upgrade the schema back.
			$result = Site::php(
				'define( "WP_UNINSTALL_PLUGIN", "woosync/woosync.php" ); include WP_PLUGIN_DIR . "/woosync/uninstall.php";
				global $wpdb;
				$left = array();
				foreach ( \\WooSync\\Storage\\Schema::tables() as $table ) {
					if ( $wpdb->get_var( $wpdb->prepare( "SHOW TABLES LIKE %s", $table ) ) ) { $left[] = $table; }
				}
				wp_cache_flush();
				foreach ( array( "woosync_settings", "woosync_mappings", "woosync_version", "woosync_db_version" ) as $option ) {
					if ( false !== get_option( $option ) ) { $left[] = $option; }
				}
				$jobs = as_get_scheduled_actions( array( "group" => "woosync", "status" => "", "per_page" => -1 ), "ids" );
				if ( array() !== $jobs ) { $left[] = count( $jobs ) . " woosync jobs"; }
				echo wp_json_encode( $left );'
			);
			$this->assertSame( 0, $result['code'], $result['stderr'] );
			$this->assertSame( '[]', trim( $result['stdout'] ), 'no table and no option is left' );
		} finally {
			// uninstall.php deleted the options in another process: without a flush, update_option()
			// compares with this process's cached (equal) value and writes nothing.
			wp_cache_flush();
			Schema::install();
			foreach ( $saved as $option => $value ) {
				if ( false !== $value ) {
					update_option( $option, $value );
				}
			}
			update_option( 'woosync_version', WOOSYNC_VERSION );
		}
	}

	/**
	 * Whether a table exists.
	 *
	 * @param string $table Full table name.
	 */
	private function table_exists( string $table ): bool {
		global $wpdb;
		return $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ); // phpcs:ignore WordPress.DB
	}
}
