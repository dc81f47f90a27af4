<?php
/**
 * REST: is the pipeline healthy?
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Health;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /woosync/v1/health`: sidecar reachable, Perfex reachable (through the sidecar), queue
 * depth, last error, and whether the secrets are set and readable.
 */
final class HealthController extends Controller {

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'health';

	/**
	 * Constructor.
	 *
	 * @param Health $health The checks.
	 */
	public function __construct( private Health $health ) {
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_manager_route( 'get_item', array(), false );
	}

	/**
	 * The health report.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->run( fn () => $this->health->report() );
	}

	/**
	 * The report's schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		$error = array(
			'type'       => array( 'object', 'null' ),
			'properties' => array(
				'code'    => array( 'type' => 'string' ),
				'message' => array( 'type' => 'string' ),
			),
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_health',
			'type'       => 'object',
			'properties' => array(
				'sidecar'    => array(
					'type'       => 'object',
					'properties' => array(
						'reachable'  => array( 'type' => 'boolean' ),
						'version'    => array( 'type' => array( 'string', 'null' ) ),
						'latency_ms' => array(
							'description' => __( 'Milliseconds the signed health request to the sidecar took.', 'woosync' ),
							'type'        => array( 'integer', 'null' ),
						),
						'error'      => $error,
					),
				),
				'perfex'     => array(
					'type'       => 'object',
					'properties' => array(
						'reachable' => array( 'type' => 'boolean' ),
						'auth'      => array( 'type' => 'boolean' ),
						'error'     => $error,
					),
				),
				'queue'      => array(
					'type'       => 'object',
					'properties' => array( 'pending' => array( 'type' => 'integer' ) ),
				),
				'last_error' => array( 'type' => array( 'object', 'null' ) ),
				'secrets'    => array(
					'type'                 => 'object',
					'additionalProperties' => array(
						'type' => 'string',
						'enum' => array( 'ok', 'missing', 'unreadable' ),
					),
				),
			),
		);
	}
}
