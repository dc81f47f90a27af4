<?php
/**
 * `wp woosync`: resync orders and check the pipeline from the command line.
 *
 * @package WooSync
 */

namespace WooSync\Cli;

use WooSync\Health;
use WooSync\Sidecar\SidecarError;
use WooSync\Sidecar\SyncResult;
use WooSync\Sync\InvoiceSync;

defined( 'ABSPATH' ) || exit;

/**
 * Creates or re-links Perfex invoices and reports on WooSync's health.
 *
 * Registered only under WP-CLI (Plugin::boot). Every subcommand goes through the same services
 * as the REST API and the queue.
 */
final class Command {

	/** Columns of `resync`. */
	private const RESYNC_FIELDS = array( 'order_id', 'outcome', 'invoice', 'total', 'message' );

	/**
	 * Constructor.
	 *
	 * @param InvoiceSync $sync   The sync service.
	 * @param Health      $health The health report.
	 */
	public function __construct( private InvoiceSync $sync, private Health $health ) {
	}

	/**
	 * Creates or re-links the Perfex invoice of orders, now.
	 *
	 * ## OPTIONS
	 *
	 * <order-id>...
	 * : One or more order ids.
	 *
	 * [--dry-run]
	 * : Show the invoice the core would build, without calling Perfex or storing anything.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp woosync resync 123 124
	 *     wp woosync resync 123 --dry-run --format=json
	 *
	 * The exit code is 1 when any order did not get its invoice (refused, invalid, failed).
	 *
	 * @param array<int, string>    $args       Order ids.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function resync( array $args, array $assoc_args ): void {
		// --no-dry-run arrives as false.
		$dry_run = ! empty( $assoc_args['dry-run'] );
		$rows    = array();
		$failed  = false;
		foreach ( $args as $arg ) {
			$order_id = absint( $arg );
			$row      = $dry_run ? $this->preview_row( $order_id ) : $this->sync_row( $order_id );
			$failed   = $failed || ! in_array( $row['outcome'], array( 'created', 'linked', 'skipped', 'invoice' ), true );
			$rows[]   = $row;
		}
		( new \WP_CLI\Formatter( $assoc_args, self::RESYNC_FIELDS ) )->display_items( $rows );
		if ( $failed ) {
			\WP_CLI::halt( 1 );
		}
	}

	/**
	 * Shows whether the sidecar and Perfex answer, the queue depth and the last error.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp woosync status
	 *
	 * @param array<int, string>    $args       Unused.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		unset( $args );
		$report = $this->health->report();
		$rows   = array(
			array(
				'check'  => 'sidecar',
				'status' => $report['sidecar']['reachable'] ? 'ok' : 'down',
				'detail' => $report['sidecar']['reachable'] ? (string) $report['sidecar']['version'] : (string) ( $report['sidecar']['error']['message'] ?? '' ),
			),
			array(
				'check'  => 'perfex',
				'status' => $report['perfex']['auth'] ? 'ok' : ( $report['perfex']['reachable'] ? 'unauthorized' : 'down' ),
				'detail' => (string) ( $report['perfex']['error']['message'] ?? '' ),
			),
			array(
				'check'  => 'queue',
				'status' => 'ok',
				/* translators: %d: number of jobs. */
				'detail' => sprintf( _n( '%d job waiting', '%d jobs waiting', $report['queue']['pending'], 'woosync' ), $report['queue']['pending'] ),
			),
			array(
				'check'  => 'last_error',
				'status' => null === $report['last_error'] ? 'none' : (string) $report['last_error']['outcome'],
				'detail' => null === $report['last_error'] ? '' : sprintf( '#%s %s: %s', $report['last_error']['order_number'], $report['last_error']['at'], $report['last_error']['message'] ),
			),
		);
		foreach ( $report['secrets'] as $secret => $state ) {
			$rows[] = array(
				'check'  => $secret,
				'status' => $state,
				'detail' => '',
			);
		}
		( new \WP_CLI\Formatter( $assoc_args, array( 'check', 'status', 'detail' ) ) )->display_items( $rows );
	}

	/**
	 * Syncs one order.
	 *
	 * @param int $order_id Order.
	 * @return array<string, mixed>
	 */
	private function sync_row( int $order_id ): array {
		$result = $this->sync->sync( $order_id, InvoiceSync::SOURCE_CLI );
		return array(
			'order_id' => $order_id,
			'outcome'  => $result->outcome,
			'invoice'  => $result->invoice['number'] ?? '',
			'total'    => $result->invoice['total'] ?? '',
			'message'  => SyncResult::BUSY === $result->outcome || '' !== $result->message ? $result->message : implode( ' ', $result->warnings ),
		);
	}

	/**
	 * Previews one order.
	 *
	 * @param int $order_id Order.
	 * @return array<string, mixed>
	 */
	private function preview_row( int $order_id ): array {
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof \WC_Order ) {
			return array(
				'order_id' => $order_id,
				'outcome'  => 'invalid',
				'invoice'  => '',
				'total'    => '',
				/* translators: %d: order id. */
				'message'  => sprintf( __( 'Order %d does not exist.', 'woosync' ), $order_id ),
			);
		}
		try {
			$preview = $this->sync->preview( $order );
		} catch ( SidecarError $error ) {
			return array(
				'order_id' => $order_id,
				'outcome'  => 'failed',
				'invoice'  => '',
				'total'    => '',
				'message'  => $error->getMessage(),
			);
		}
		$refusal  = isset( $preview['refusal'] ) && is_array( $preview['refusal'] ) ? $preview['refusal'] : array();
		$document = isset( $preview['document'] ) && is_array( $preview['document'] ) ? $preview['document'] : array();
		$warnings = isset( $preview['warnings'] ) && is_array( $preview['warnings'] ) ? $preview['warnings'] : array();
		return array(
			'order_id' => $order_id,
			'outcome'  => (string) ( $preview['kind'] ?? '' ),
			'invoice'  => '',
			'total'    => (string) ( $document['total'] ?? '' ),
			'message'  => (string) ( $refusal['message'] ?? implode( ' ', array_filter( $warnings, 'is_string' ) ) ),
		);
	}
}
