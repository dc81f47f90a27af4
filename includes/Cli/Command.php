<?php
/**
 * `wp woosync`: resync orders and check the pipeline from the command line.
 *
 * @package WooSync
 */

namespace WooSync\Cli;

use WooSync\Health;
use WooSync\Settings;
use WooSync\Sidecar\SidecarClient;
use WooSync\Sidecar\SidecarError;
use WooSync\Sidecar\SyncResult;
use WooSync\Rest\WebhookController;
use WooSync\Sync\InvoiceSync;
use WooSync\Sync\Reconciler;

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

	/** Where the sidecar's bundle lives inside the plugin. */
	private const SIDECAR_BUNDLE = 'build/woosync-sidecar.mjs';

	/**
	 * Constructor.
	 *
	 * @param InvoiceSync   $sync       The sync service.
	 * @param Health        $health     The health report.
	 * @param Settings      $settings   Store settings (the sidecar's URL and key id).
	 * @param SidecarClient $sidecar    The signed sidecar client.
	 * @param Reconciler    $reconciler The reconcile job.
	 */
	public function __construct( private InvoiceSync $sync, private Health $health, private Settings $settings, private SidecarClient $sidecar, private Reconciler $reconciler ) {
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
	 * Registers WooSync's webhook in Perfex, with a newly generated secret (an earlier WooSync
	 * webhook of this site is replaced).
	 *
	 * ## OPTIONS
	 *
	 * <action>
	 * : What to do.
	 * ---
	 * options:
	 *   - register
	 * ---
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp woosync webhook register
	 *
	 * @param array<int, string>    $args       The action.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function webhook( array $args, array $assoc_args ): void {
		if ( 'register' !== ( $args[0] ?? '' ) ) {
			\WP_CLI::error( 'Usage: wp woosync webhook register' );
		}
		try {
			$answer = WebhookController::register_webhook( $this->settings, $this->sidecar );
		} catch ( SidecarError $error ) {
			\WP_CLI::error( $error->getMessage() );
			return;
		}
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			\WP_CLI::line( (string) wp_json_encode( $answer, JSON_UNESCAPED_SLASHES ) );
			return;
		}
		\WP_CLI::success( sprintf( 'Perfex webhook #%d delivers %s to %s.', $answer['id'], implode( ', ', $answer['events'] ), $answer['url'] ) );
	}

	/**
	 * Asks Perfex now about the unpaid linked invoices and completes the orders paid in Perfex
	 * (what the recurring reconcile job does).
	 *
	 * ## EXAMPLES
	 *
	 *     wp woosync reconcile
	 *
	 * @param array<int, string>    $args       Unused.
	 * @param array<string, string> $assoc_args Unused.
	 */
	public function reconcile( array $args, array $assoc_args ): void {
		unset( $args, $assoc_args );
		$counts = $this->reconciler->run();
		\WP_CLI::line( (string) wp_json_encode( (object) $counts ) );
		if ( ! empty( $counts['failed'] ) ) {
			\WP_CLI::halt( 1 );
		}
	}

	/**
	 * Shows the configured sidecar: its health (signed GET /v1/health), and how to run it.
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
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp woosync sidecar
	 *     wp woosync sidecar --format=json
	 *
	 * The exit code is 1 when the sidecar does not answer as healthy. The command line leaves the
	 * secret out: it goes in a file (one `<key id>:<secret>` line) named by
	 * WOOSYNC_SIDECAR_SECRET_FILE. Running it as a service: docs/sidecar.md.
	 *
	 * @param array<int, string>    $args       Unused.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function sidecar( array $args, array $assoc_args ): void {
		unset( $args );
		$report = $this->sidecar_report();
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			\WP_CLI::line( (string) wp_json_encode( $report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		} else {
			$rows = array();
			foreach ( $report as $field => $value ) {
				$rows[] = array(
					'field' => $field,
					'value' => is_bool( $value ) ? ( $value ? 'yes' : 'no' ) : (string) $value,
				);
			}
			( new \WP_CLI\Formatter( $assoc_args, array( 'field', 'value' ) ) )->display_items( $rows );
		}
		if ( 'ok' !== $report['status'] ) {
			\WP_CLI::halt( 1 );
		}
	}

	/**
	 * The sidecar's health as `wp woosync sidecar` shows it.
	 *
	 * @return array{url: string, status: string, version: string, uptime_s: int|float|null, latency_ms: float|null, error_code: string, error: string, key_id: string, bundle: string, bundle_present: bool, command: string, secret_file: string, docs: string}
	 */
	private function sidecar_report(): array {
		$url     = untrailingslashit( (string) $this->settings->get( 'sidecar_url' ) );
		$key_id  = (string) $this->settings->get( 'sidecar_key_id' );
		$status  = 'ok';
		$version = '';
		$uptime  = null;
		$latency = null;
		$code    = '';
		$error   = '';
		$started = microtime( true );
		try {
			$health  = $this->sidecar->health();
			$latency = round( ( microtime( true ) - $started ) * 1000, 1 );
			$status  = (string) ( $health['status'] ?? 'unknown' );
			$version = (string) ( $health['version'] ?? '' );
			$uptime  = isset( $health['uptime_s'] ) && is_numeric( $health['uptime_s'] ) ? $health['uptime_s'] + 0 : null;
		} catch ( SidecarError $failure ) {
			$status = 'sidecar_unreachable' === $failure->error_code ? 'down' : 'error';
			$code   = $failure->error_code;
			$error  = $failure->getMessage();
			if ( 'sidecar_unauthorized' === $failure->error_code ) {
				$error = __( 'The sidecar answered 401: the key id or secret in the WooSync settings differ from the sidecar\'s, or the two clocks are more than 300 seconds apart.', 'woosync' );
			}
		}
		$bundle = trailingslashit( WOOSYNC_DIR ) . self::SIDECAR_BUNDLE;
		$host   = (string) wp_parse_url( $url, PHP_URL_HOST );
		$port   = wp_parse_url( $url, PHP_URL_PORT );
		$port   = is_int( $port ) ? $port : ( 'https' === wp_parse_url( $url, PHP_URL_SCHEME ) ? 443 : 80 );
		$file   = '/etc/woosync/sidecar-secrets';
		return array(
			'url'            => $url,
			'status'         => $status,
			'version'        => $version,
			'uptime_s'       => $uptime,
			'latency_ms'     => $latency,
			'error_code'     => $code,
			'error'          => $error,
			'key_id'         => $key_id,
			'bundle'         => $bundle,
			'bundle_present' => is_file( $bundle ),
			'command'        => sprintf(
				'WOOSYNC_SIDECAR_SECRET_FILE=%s node %s --host %s --port %d',
				$file,
				$bundle,
				in_array( $host, array( '', 'localhost' ), true ) ? '127.0.0.1' : trim( $host, '[]' ),
				$port
			),
			/* translators: 1: secrets file, 2: key id. */
			'secret_file'    => sprintf( __( '%1$s holds one line "%2$s:<secret>" with the sidecar secret of the WooSync settings (never on the command line); readable by the sidecar\'s user only.', 'woosync' ), $file, '' === $key_id ? '<key id>' : $key_id ),
			'docs'           => __( 'Running the sidecar as a systemd service: docs/sidecar.md in the WooSync repository.', 'woosync' ),
		);
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
