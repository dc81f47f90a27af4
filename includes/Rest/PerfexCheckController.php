<?php
/**
 * REST: what works in Perfex with the stored address and token, asked through the sidecar.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Sidecar\SidecarClient;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /woosync/v1/perfex-check`: the token accepted, invoices / customers / credit notes / taxes
 * readable (a check never writes), the Perfex taxes (name and rate, for the tax map) and what
 * failed. The sidecar unreachable is a 503 (Controller::run()).
 */
final class PerfexCheckController extends Controller {

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'perfex-check';

	/**
	 * Constructor.
	 *
	 * @param SidecarClient $sidecar The sidecar.
	 */
	public function __construct( private SidecarClient $sidecar ) {
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_manager_route( 'get_item', array(), false );
	}

	/**
	 * The check, read defensively.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->run(
			function (): array {
				$check  = $this->sidecar->check_perfex();
				$taxes  = array();
				$errors = array();
				foreach ( (array) ( $check['tax_rates'] ?? array() ) as $tax ) {
					if ( is_array( $tax ) && isset( $tax['id'], $tax['name'], $tax['rate'] ) ) {
						$taxes[] = array(
							'id'   => (int) $tax['id'],
							'name' => (string) $tax['name'],
							'rate' => (string) $tax['rate'],
						);
					}
				}
				foreach ( (array) ( $check['errors'] ?? array() ) as $error ) {
					if ( is_array( $error ) ) {
						$errors[] = array(
							'check'   => (string) ( $error['check'] ?? '' ),
							'code'    => (string) ( $error['code'] ?? '' ),
							'message' => (string) ( $error['message'] ?? '' ),
						);
					}
				}
				$answer = array();
				foreach ( array( 'auth', 'invoices', 'customers', 'credit_notes', 'taxes' ) as $part ) {
					$answer[ $part ] = ! empty( $check[ $part ] );
				}
				$answer['tax_rates'] = $taxes;
				$answer['errors']    = $errors;
				return $answer;
			}
		);
	}

	/**
	 * The schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		$flag = array(
			'type'     => 'boolean',
			'readonly' => true,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_perfex_check',
			'type'       => 'object',
			'properties' => array(
				'auth'         => array( 'description' => __( 'Perfex accepted the token.', 'woosync' ) ) + $flag,
				'invoices'     => array( 'description' => __( 'Invoices are readable.', 'woosync' ) ) + $flag,
				'customers'    => array( 'description' => __( 'Customers are readable.', 'woosync' ) ) + $flag,
				'credit_notes' => array( 'description' => __( 'Credit notes are readable.', 'woosync' ) ) + $flag,
				'taxes'        => array( 'description' => __( 'The tax list is readable.', 'woosync' ) ) + $flag,
				'tax_rates'    => array(
					'description' => __( 'Perfex taxes.', 'woosync' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'id'   => array( 'type' => 'integer' ),
							'name' => array( 'type' => 'string' ),
							'rate' => array( 'type' => 'string' ),
						),
					),
				),
				'errors'       => array(
					'description' => __( 'What failed, per check.', 'woosync' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'check'   => array( 'type' => 'string' ),
							'code'    => array( 'type' => 'string' ),
							'message' => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
	}
}
