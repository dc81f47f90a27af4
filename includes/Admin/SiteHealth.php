<?php
/**
 * WooSync's tests in Tools → Site Health.
 *
 * @package WooSync
 */

namespace WooSync\Admin;

use WooSync\Health;
use WooSync\Registerable;

defined( 'ABSPATH' ) || exit;

/**
 * Two direct tests: the connection (sidecar and Perfex) and the sync (last error, queue).
 */
final class SiteHealth implements Registerable {

	/**
	 * The report, computed once per request.
	 *
	 * @var array<string, mixed>|null
	 */
	private ?array $report = null;

	/**
	 * Constructor.
	 *
	 * @param Health $health The checks.
	 */
	public function __construct( private Health $health ) {
	}

	/**
	 * Adds the tests.
	 */
	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_tests' ) );
	}

	/**
	 * The `site_status_tests` filter.
	 *
	 * @param mixed $tests Tests.
	 * @return array<string, mixed>
	 */
	public function add_tests( $tests ): array {
		$tests                                 = is_array( $tests ) ? $tests : array();
		$tests['direct']['woosync_connection'] = array(
			'label' => __( 'WooSync can reach its sidecar and Perfex', 'woosync' ),
			'test'  => array( $this, 'connection_test' ),
		);
		$tests['direct']['woosync_sync']       = array(
			'label' => __( 'WooSync invoices are being created', 'woosync' ),
			'test'  => array( $this, 'sync_test' ),
		);
		return $tests;
	}

	/**
	 * Sidecar and Perfex reachable, secrets readable.
	 *
	 * @return array<string, mixed>
	 */
	public function connection_test(): array {
		$report   = $this->report();
		$problems = array();
		if ( ! $report['sidecar']['reachable'] ) {
			$problems[] = (string) ( $report['sidecar']['error']['message'] ?? __( 'The sidecar does not answer.', 'woosync' ) );
		} elseif ( ! $report['perfex']['auth'] ) {
			$problems[] = (string) ( $report['perfex']['error']['message'] ?? __( 'Perfex does not accept the API token.', 'woosync' ) );
		}
		foreach ( $report['secrets'] as $secret => $state ) {
			if ( 'unreadable' === $state ) {
				/* translators: %s: setting name. */
				$problems[] = sprintf( __( '%s can no longer be decrypted (the salts or WOOSYNC_ENCRYPTION_KEY changed): enter it again.', 'woosync' ), $secret );
			}
		}
		return $this->result(
			'woosync_connection',
			$problems ? __( 'WooSync cannot reach Perfex', 'woosync' ) : __( 'WooSync can reach its sidecar and Perfex', 'woosync' ),
			$problems ? 'critical' : 'good',
			$problems ? $problems : array( __( 'The sidecar answers and Perfex accepts the API token.', 'woosync' ) )
		);
	}

	/**
	 * The last attempt that went wrong, and the queue.
	 *
	 * @return array<string, mixed>
	 */
	public function sync_test(): array {
		$report = $this->report();
		$last   = $report['last_error'];
		$lines  = array(
			/* translators: %d: number of jobs. */
			sprintf( _n( '%d invoice job is waiting.', '%d invoice jobs are waiting.', (int) $report['queue']['pending'], 'woosync' ), (int) $report['queue']['pending'] ),
		);
		if ( null !== $last ) {
			/* translators: 1: order number, 2: date, 3: message. */
			$lines[] = sprintf( __( 'Last problem: order #%1$s at %2$s: %3$s', 'woosync' ), $last['order_number'], $last['at'], $last['message'] );
		}
		$recent = null !== $last && strtotime( $last['at'] ) > time() - 86400 && 'retrying' !== $last['outcome'];
		return $this->result(
			'woosync_sync',
			$recent ? __( 'A WooSync invoice failed in the last 24 hours', 'woosync' ) : __( 'WooSync invoices are being created', 'woosync' ),
			$recent ? 'recommended' : 'good',
			$lines
		);
	}

	/**
	 * A Site Health result.
	 *
	 * @param string        $test   Test id.
	 * @param string        $label  Label.
	 * @param string        $status good, recommended or critical.
	 * @param array<string> $lines  Paragraphs.
	 * @return array<string, mixed>
	 */
	private function result( string $test, string $label, string $status, array $lines ): array {
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'WooSync', 'woosync' ),
				'color' => 'good' === $status ? 'blue' : 'red',
			),
			'description' => implode( '', array_map( static fn ( string $line ): string => '<p>' . esc_html( $line ) . '</p>', $lines ) ),
			'actions'     => '',
			'test'        => $test,
		);
	}

	/**
	 * The health report, once.
	 *
	 * @return array<string, mixed>
	 */
	private function report(): array {
		if ( null === $this->report ) {
			$this->report = $this->health->report();
		}
		return $this->report;
	}
}
