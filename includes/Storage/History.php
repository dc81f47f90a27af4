<?php
/**
 * The sync history: one row per attempt.
 *
 * @package WooSync
 */

namespace WooSync\Storage;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- WooSync's own table, listed and filtered live.

/**
 * Writes and lists sync attempts (order, kind, outcome, Perfex ids, totals, message, duration).
 */
final class History {

	/** Outcomes an attempt can end with: the sidecar's, plus "retrying" (transient, retry scheduled). */
	public const OUTCOMES = array( 'created', 'linked', 'skipped', 'refused', 'invalid', 'failed', 'retrying', 'waiting', 'deleted' );

	/** Columns a row has, with their defaults. */
	private const COLUMNS = array(
		'order_id'           => 0,
		'order_number'       => '',
		'refund_id'          => null,
		'kind'               => Links::INVOICE,
		'source'             => '',
		'attempt'            => 1,
		'outcome'            => 'failed',
		'error_code'         => '',
		'perfex_id'          => null,
		'perfex_number'      => '',
		'perfex_customer_id' => null,
		'currency'           => '',
		'order_total'        => '',
		'perfex_total'       => '',
		'message'            => '',
		'duration_ms'        => 0,
		'started_at'         => '',
		'finished_at'        => '',
	);

	/**
	 * Records one attempt.
	 *
	 * @param array<string, mixed> $row Column values (see COLUMNS); dates in UTC `Y-m-d H:i:s`.
	 * @return int The row id.
	 */
	public function add( array $row ): int {
		global $wpdb;
		$now  = current_time( 'mysql', true );
		$data = array_merge(
			self::COLUMNS,
			array(
				'started_at'  => $now,
				'finished_at' => $now,
			),
			array_intersect_key( $row, self::COLUMNS )
		);
		$data = array_filter( $data, static fn ( $value ): bool => null !== $value );
		$wpdb->insert( Schema::table( Schema::HISTORY ), $data );
		return (int) $wpdb->insert_id;
	}

	/**
	 * A page of attempts, newest first.
	 *
	 * @param array{order_id?: int, refund_id?: int, kind?: string, outcome?: string|array<string>, after?: string, before?: string, search?: string, page?: int, per_page?: int} $query Filters: dates in UTC `Y-m-d H:i:s`; search matches the order number.
	 * @return array{items: array<int, array<string, mixed>>, total: int}
	 */
	public function query( array $query ): array {
		global $wpdb;
		$table  = Schema::table( Schema::HISTORY );
		$where  = array();
		$values = array();
		if ( ! empty( $query['order_id'] ) ) {
			$where[]  = 'order_id = %d';
			$values[] = (int) $query['order_id'];
		}
		if ( ! empty( $query['refund_id'] ) ) {
			$where[]  = 'refund_id = %d';
			$values[] = (int) $query['refund_id'];
		}
		if ( ! empty( $query['kind'] ) ) {
			$where[]  = 'kind = %s';
			$values[] = $query['kind'];
		}
		if ( ! empty( $query['outcome'] ) ) {
			$outcomes = (array) $query['outcome'];
			$where[]  = 'outcome IN (' . implode( ', ', array_fill( 0, count( $outcomes ), '%s' ) ) . ')';
			$values   = array_merge( $values, $outcomes );
		}
		if ( ! empty( $query['after'] ) ) {
			$where[]  = 'started_at >= %s';
			$values[] = $query['after'];
		}
		if ( ! empty( $query['before'] ) ) {
			$where[]  = 'started_at < %s';
			$values[] = $query['before'];
		}
		if ( isset( $query['search'] ) && '' !== trim( $query['search'] ) ) {
			$where[]  = 'order_number LIKE %s';
			$values[] = $wpdb->esc_like( ltrim( trim( $query['search'] ), '#' ) ) . '%';
		}
		$per_page = max( 1, min( 100, (int) ( $query['per_page'] ?? 20 ) ) );
		$page     = max( 1, (int) ( $query['page'] ?? 1 ) );
		$sql      = $where ? implode( ' AND ', $where ) : '1=1';

		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare,WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber,WordPress.DB.PreparedSQL.NotPrepared -- table name and placeholders built above; without a filter there is nothing to prepare.
		$count = "SELECT COUNT(*) FROM $table WHERE $sql";
		$total = (int) $wpdb->get_var( $values ? $wpdb->prepare( $count, $values ) : $count );
		// The page's ids first (an index-only walk), then their rows: deep pages stay fast.
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT h.* FROM $table h JOIN (SELECT id FROM $table WHERE $sql ORDER BY started_at DESC, id DESC LIMIT %d OFFSET %d) page USING (id) ORDER BY h.started_at DESC, h.id DESC",
				array_merge( $values, array( $per_page, ( $page - 1 ) * $per_page ) )
			),
			'ARRAY_A'
		);
		// phpcs:enable

		return array(
			'items' => array_map( array( self::class, 'typed' ), is_array( $rows ) ? $rows : array() ),
			'total' => $total,
		);
	}

	/**
	 * The latest attempt for an order and kind.
	 *
	 * @param int    $order_id Order.
	 * @param string $kind     Kind.
	 * @return array<string, mixed>|null
	 */
	public function latest( int $order_id, string $kind = Links::INVOICE ): ?array {
		$page = $this->query(
			array(
				'order_id' => $order_id,
				'kind'     => $kind,
				'per_page' => 1,
			)
		);
		return $page['items'][0] ?? null;
	}

	/**
	 * The latest attempt that failed (for health), if any.
	 *
	 * @return array<string, mixed>|null
	 */
	public function last_error(): ?array {
		$page = $this->query(
			array(
				'outcome'  => array( 'failed', 'refused', 'invalid', 'retrying' ),
				'per_page' => 1,
			)
		);
		return $page['items'][0] ?? null;
	}

	/**
	 * A database row with its numbers as numbers.
	 *
	 * @param array<string, mixed> $row Row.
	 * @return array<string, mixed>
	 */
	private static function typed( array $row ): array {
		foreach ( array( 'id', 'order_id', 'attempt', 'duration_ms' ) as $int ) {
			$row[ $int ] = (int) $row[ $int ];
		}
		foreach ( array( 'refund_id', 'perfex_id', 'perfex_customer_id' ) as $nullable ) {
			$row[ $nullable ] = isset( $row[ $nullable ] ) ? (int) $row[ $nullable ] : null;
		}
		return $row;
	}
}
