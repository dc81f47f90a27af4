<?php
/**
 * Driver of tests/bench/history.ts, run with plain `php` in the running site (wp-load.php, like
 * tests/bench/pipeline-orders.php).
 *
 * Usage:
 *   php history-rows.php ENV_JSON seed COUNT     inserts COUNT bench rows into WooSync's history
 *   php history-rows.php ENV_JSON explain JSON   for each named query (JSON object: name → REST
 *                                                params of GET /woosync/v1/history), the SQL that
 *                                                History::query() runs, its EXPLAIN and its time
 *   php history-rows.php ENV_JSON clean          deletes every bench row
 *
 * Bench rows have an order number starting with `BENCH-` and an order id from BENCH_ORDER_BASE
 * on (no real order has one), and start between 91 days and 1 day ago (nothing "today", which the
 * admin app's summary counts). The answer is one line `WOOSYNC_BENCH_JSON <json>` on stdout.
 *
 * @package WooSync
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride.Prohibited
// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- WooSync's own table, bench rows only; SQL built from constants and prepare()d values.

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php history-rows.php ENV_JSON seed COUNT | explain QUERIES_JSON | clean\n" );
	exit( 2 );
}
$woosync_bench_env = require __DIR__ . '/lib/wp-load.php';

const WOOSYNC_BENCH_ORDER_BASE = 900000000;
const WOOSYNC_BENCH_PREFIX     = 'BENCH-';
const WOOSYNC_BENCH_FIRST      = 100000;

/**
 * Picks a key of $weights (value → weight) at random.
 *
 * @param array<string, int> $weights Weights.
 */
function woosync_bench_history_pick( array $weights ): string {
	$roll = mt_rand( 1, array_sum( $weights ) );
	foreach ( $weights as $value => $weight ) {
		$roll -= $weight;
		if ( $roll <= 0 ) {
			return (string) $value;
		}
	}
	return (string) array_key_first( $weights );
}

/**
 * Inserts $count bench rows, 1,000 per INSERT.
 *
 * @param int $count Rows.
 * @return array<string, mixed>
 * @throws RuntimeException When an INSERT fails.
 */
function woosync_bench_history_seed( int $count ): array {
	global $wpdb;
	mt_srand( 20261123 );
	$table    = \WooSync\Storage\Schema::table( \WooSync\Storage\Schema::HISTORY );
	$columns  = 'order_id, order_number, refund_id, kind, source, attempt, outcome, error_code, perfex_id, perfex_number, perfex_customer_id, currency, order_total, perfex_total, message, duration_ms, started_at, finished_at';
	$end      = time() - DAY_IN_SECONDS;
	$span     = 90 * DAY_IN_SECONDS;
	$outcomes = array(
		'invoice'     => array(
			'created'  => 820,
			'linked'   => 90,
			'retrying' => 35,
			'failed'   => 25,
			'refused'  => 12,
			'skipped'  => 12,
			'invalid'  => 6,
		),
		'credit_note' => array(
			'created'  => 800,
			'linked'   => 40,
			'waiting'  => 60,
			'retrying' => 40,
			'failed'   => 30,
			'refused'  => 15,
			'deleted'  => 15,
		),
	);
	$errors   = array(
		'retrying' => array( 'perfex_unavailable', 'Perfex did not answer (503); retry scheduled.' ),
		'failed'   => array( 'perfex_timeout', 'Gave up after 5 attempts.' ),
		'refused'  => array( 'unmapped_tax', 'Tax rate 19% is not mapped to a Perfex tax.' ),
		'invalid'  => array( 'invalid_order', 'The order has no line items.' ),
		'skipped'  => array( 'zero_total', 'The order total is zero: no invoice.' ),
	);
	$recent   = array();
	$inserted = 0;
	$sample   = '';
	$stamps   = array();
	for ( $i = 0; $i < $count; $i++ ) {
		$stamps[] = $end - mt_rand( 0, $span );
	}
	sort( $stamps );
	$next_order = 0;
	$row        = 0;
	foreach ( array_chunk( $stamps, 1000 ) as $chunk ) {
		$values = array();
		foreach ( $chunk as $started ) {
			// One attempt in ten is another try for a recent order; the rest are new orders.
			if ( count( $recent ) > 0 && mt_rand( 1, 10 ) === 1 ) {
				$order   = $recent[ array_rand( $recent ) ];
				$attempt = mt_rand( 2, 4 );
			} else {
				$order    = $next_order++;
				$attempt  = 1;
				$recent[] = $order;
				if ( count( $recent ) > 200 ) {
					array_shift( $recent );
				}
			}
			$number   = WOOSYNC_BENCH_PREFIX . ( WOOSYNC_BENCH_FIRST + $order );
			$kind     = woosync_bench_history_pick(
				array(
					'invoice'     => 90,
					'credit_note' => 7,
					'expense'     => 3,
				)
			);
			$outcome  = woosync_bench_history_pick( $outcomes[ 'invoice' === $kind ? 'invoice' : 'credit_note' ] );
			$total    = sprintf( '%d.%02d', mt_rand( 5, 900 ), mt_rand( 0, 99 ) );
			$has_doc  = in_array( $outcome, array( 'created', 'linked' ), true );
			$doc_id   = $has_doc ? mt_rand( 1, 500000 ) : null;
			$prefix   = array(
				'invoice'     => 'INV-',
				'credit_note' => 'CN-',
				'expense'     => 'EXP-',
			)[ $kind ];
			$error    = $errors[ $outcome ] ?? array( '', $has_doc ? sprintf( 'Perfex %s%06d %s.', $prefix, $doc_id, $outcome ) : '' );
			$elapsed  = mt_rand( 150, 2500 );
			$source   = mt_rand( 1, 8 ) > 1 ? 'queue' : 'manual';
			$values[] = $wpdb->prepare(
				'(%d, %s, ' . ( 'invoice' === $kind ? 'NULL' : '%d' ) . ', %s, %s, %d, %s, %s, ' . ( $has_doc ? '%d' : 'NULL' ) . ', %s, ' . ( $has_doc ? '%d' : 'NULL' ) . ', %s, %s, %s, %s, %d, %s, %s)',
				array_merge(
					array( WOOSYNC_BENCH_ORDER_BASE + $order, $number ),
					'invoice' === $kind ? array() : array( WOOSYNC_BENCH_ORDER_BASE + 500000 + $order ),
					array( $kind, $source, $attempt, $outcome, $error[0] ),
					$has_doc ? array( $doc_id ) : array(),
					array( $has_doc ? sprintf( '%s%06d', $prefix, $doc_id ) : '' ),
					$has_doc ? array( mt_rand( 1, 20000 ) ) : array(),
					array(
						'EUR',
						$total,
						$has_doc ? $total : '',
						$error[1],
						$elapsed,
						gmdate( 'Y-m-d H:i:s', $started ),
						gmdate( 'Y-m-d H:i:s', $started + (int) ceil( $elapsed / 1000 ) ),
					)
				)
			);
			if ( intdiv( $count, 2 ) === $row++ ) {
				$sample = $number;
			}
		}//end foreach
		$done = $wpdb->query( "INSERT INTO $table ($columns) VALUES " . implode( ', ', $values ) );
		if ( false === $done ) {
			throw new RuntimeException( 'insert failed: ' . $wpdb->last_error );
		}
		$inserted += (int) $done;
	}//end foreach
	// Fresh index statistics, as a table that grew over months has.
	$wpdb->query( "ANALYZE TABLE $table" );
	return array(
		'inserted'     => $inserted,
		'sample'       => $sample,
		'orders'       => $next_order,
		'first'        => gmdate( 'Y-m-d\TH:i:s\Z', $stamps[0] ?? $end ),
		'last'         => gmdate( 'Y-m-d\TH:i:s\Z', $stamps[ count( $stamps ) - 1 ] ?? $end ),
		'table_rows'   => (int) $wpdb->get_var( "SELECT COUNT(*) FROM $table" ),
		'bench_prefix' => WOOSYNC_BENCH_PREFIX,
	);
}

/**
 * Deletes every bench row (5,000 per DELETE) and puts the id counter back.
 *
 * @return array<string, mixed>
 * @throws RuntimeException When a DELETE fails.
 */
function woosync_bench_history_clean(): array {
	global $wpdb;
	$table   = \WooSync\Storage\Schema::table( \WooSync\Storage\Schema::HISTORY );
	$deleted = 0;
	do {
		$done = $wpdb->query(
			$wpdb->prepare(
				"DELETE FROM $table WHERE order_number LIKE %s AND order_id >= %d LIMIT 5000",
				$wpdb->esc_like( WOOSYNC_BENCH_PREFIX ) . '%',
				WOOSYNC_BENCH_ORDER_BASE
			)
		);
		if ( false === $done ) {
			throw new RuntimeException( 'delete failed: ' . $wpdb->last_error );
		}
		$deleted += (int) $done;
	} while ( $done > 0 );
	if ( $deleted > 0 ) {
		// InnoDB sets a lower value to MAX(id) + 1: the next real row gets the id it would have had,
		// unless someone added rows meanwhile. Never wait long for the table's lock.
		$wpdb->query( 'SET SESSION lock_wait_timeout = 5' );
		$wpdb->query( "ALTER TABLE $table AUTO_INCREMENT = 1" );
		$wpdb->query( "ANALYZE TABLE $table" );
	}
	return array(
		'deleted'    => $deleted,
		'table_rows' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM $table" ),
	);
}

/**
 * For each query: the history statements the REST route runs, their EXPLAIN and their time.
 *
 * @param array<string, array<string, mixed>> $queries Name → REST params.
 * @param string                              $login   The user who asks (a shop manager).
 * @return array<string, mixed>
 * @throws RuntimeException Without that user.
 */
function woosync_bench_history_explain( array $queries, string $login ): array {
	global $wpdb;
	$user = get_user_by( 'login', $login );
	if ( ! $user ) {
		throw new RuntimeException( "no user $login" );
	}
	wp_set_current_user( $user->ID );
	$table    = \WooSync\Storage\Schema::table( \WooSync\Storage\Schema::HISTORY );
	$captured = array();
	$capture  = static function ( $sql ) use ( &$captured, $table ) {
		if ( is_string( $sql ) && str_contains( $sql, $table ) && preg_match( '/^\s*SELECT/i', $sql ) ) {
			$captured[] = $sql;
		}
		return $sql;
	};
	$answer   = array();
	foreach ( $queries as $name => $params ) {
		$captured = array();
		$request  = new WP_REST_Request( 'GET', '/woosync/v1/history' );
		$request->set_query_params( $params );
		add_filter( 'query', $capture );
		$response = rest_do_request( $request );
		remove_filter( 'query', $capture );
		$statements = array();
		foreach ( $captured as $sql ) {
			$plan  = $wpdb->get_results( 'EXPLAIN ' . $sql, ARRAY_A );
			$times = array();
			for ( $run = 0; $run < 5; $run++ ) {
				$started = microtime( true );
				$wpdb->query( $sql );
				$times[] = ( microtime( true ) - $started ) * 1000;
			}
			sort( $times );
			$statements[] = array(
				'sql'  => preg_replace( '/\s+/', ' ', $sql ),
				'plan' => is_array( $plan ) ? $plan : array(),
				'ms'   => $times[2],
			);
		}
		$answer[ $name ] = array(
			'status'     => $response->get_status(),
			'total'      => $response->get_headers()['X-WP-Total'] ?? null,
			'statements' => $statements,
		);
	}//end foreach
	return $answer;
}

$woosync_bench_answer = match ( $argv[2] ) {
	'seed'    => woosync_bench_history_seed( max( 1, (int) ( $argv[3] ?? 50000 ) ) ),
	'clean'   => woosync_bench_history_clean(),
	'explain' => woosync_bench_history_explain( (array) json_decode( (string) ( $argv[3] ?? '{}' ), true ), (string) $woosync_bench_env['users']['manager']['login'] ),
	default   => null,
};
if ( null === $woosync_bench_answer ) {
	fwrite( STDERR, "unknown command {$argv[2]}\n" );
	exit( 2 );
}
echo "\nWOOSYNC_BENCH_JSON " . wp_json_encode( $woosync_bench_answer ) . "\n";
