<?php
/**
 * REST: the sync history.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Settings;
use WooSync\Storage\History;
use WooSync\Storage\Links;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /woosync/v1/history`: attempts newest first, paged (X-WP-Total, X-WP-TotalPages),
 * filtered by outcome, kind, order and date, searchable by order number.
 */
final class HistoryController extends Controller {

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'history';

	/**
	 * Constructor.
	 *
	 * @param History  $history  The history.
	 * @param Settings $settings Settings (the Perfex address the document links start with).
	 */
	public function __construct( private History $history, private Settings $settings ) {
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_manager_route( 'get_items', $this->get_collection_params(), false );
	}

	/**
	 * A page of attempts.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_items( $request ) {
		return $this->run(
			function () use ( $request ) {
				$per_page = (int) $request['per_page'];
				$page     = $this->history->query(
					array(
						'page'     => (int) $request['page'],
						'per_page' => $per_page,
						'outcome'  => (string) $request['outcome'],
						'kind'     => (string) $request['kind'],
						'order_id' => (int) $request['order_id'],
						'search'   => (string) $request['search'],
						'after'    => self::mysql_date( $request['after'] ),
						'before'   => self::mysql_date( $request['before'] ),
					)
				);
				$response = rest_ensure_response(
					array_map( fn ( array $row ) => $this->prepare_item_for_response( $row, $request )->get_data(), $page['items'] )
				);
				$response->header( 'X-WP-Total', (string) $page['total'] );
				$response->header( 'X-WP-TotalPages', (string) (int) ceil( $page['total'] / max( 1, $per_page ) ) );
				return $response;
			}
		);
	}

	/**
	 * One row for the API: dates as RFC 3339 in UTC, and the document's page in Perfex.
	 *
	 * @param mixed                                  $item    History row.
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$row = (array) $item;
		foreach ( array( 'started_at', 'finished_at' ) as $date ) {
			$row[ $date ] = gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $row[ $date ] . ' UTC' ) );
		}
		$row['perfex_url'] = $this->settings->perfex_document_url( (string) $row['kind'], (int) $row['perfex_id'] );
		return rest_ensure_response( array_intersect_key( $row, $this->get_item_schema()['properties'] ) );
	}

	/**
	 * Filters and paging.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return array(
			'page'     => array(
				'description' => __( 'Page of the list.', 'woosync' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page' => array(
				'description' => __( 'Attempts per page.', 'woosync' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => 100,
			),
			'outcome'  => array(
				'description' => __( 'Only attempts with this outcome.', 'woosync' ),
				'type'        => 'string',
				'enum'        => History::OUTCOMES,
			),
			'kind'     => array(
				'description' => __( 'Only attempts for this kind of Perfex document.', 'woosync' ),
				'type'        => 'string',
				'enum'        => Links::KINDS,
			),
			'order_id' => array(
				'description' => __( 'Only attempts for this order.', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'search'   => array(
				'description' => __( 'Order number, or its beginning.', 'woosync' ),
				'type'        => 'string',
				'maxLength'   => 64,
			),
			'after'    => array(
				'description' => __( 'Only attempts started at or after this date (RFC 3339).', 'woosync' ),
				'type'        => 'string',
				'format'      => 'date-time',
			),
			'before'   => array(
				'description' => __( 'Only attempts started before this date (RFC 3339).', 'woosync' ),
				'type'        => 'string',
				'format'      => 'date-time',
			),
		);
	}

	/**
	 * One attempt.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		$string  = array( 'type' => 'string' );
		$integer = array( 'type' => 'integer' );
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_sync_attempt',
			'type'       => 'object',
			'properties' => array(
				'id'                 => $integer,
				'order_id'           => $integer,
				'order_number'       => $string,
				'refund_id'          => array(
					'description' => __( 'The refund of a credit note or expense attempt; null for invoices.', 'woosync' ),
					'type'        => array( 'integer', 'null' ),
				),
				'kind'               => array( 'enum' => Links::KINDS ) + $string,
				'source'             => array( 'enum' => array( 'queue', 'manual', 'cli' ) ) + $string,
				'attempt'            => $integer,
				'outcome'            => array( 'enum' => History::OUTCOMES ) + $string,
				'error_code'         => $string,
				'perfex_id'          => array( 'type' => array( 'integer', 'null' ) ),
				'perfex_number'      => $string,
				'perfex_url'         => array(
					'description' => __( 'The document\'s page in the Perfex admin area; empty without a document.', 'woosync' ),
				) + $string,
				'perfex_customer_id' => array( 'type' => array( 'integer', 'null' ) ),
				'currency'           => $string,
				'order_total'        => $string,
				'perfex_total'       => $string,
				'message'            => $string,
				'duration_ms'        => $integer,
				'started_at'         => array( 'format' => 'date-time' ) + $string,
				'finished_at'        => array( 'format' => 'date-time' ) + $string,
			),
		);
	}

	/**
	 * An RFC 3339 date as UTC `Y-m-d H:i:s`, or '' when absent.
	 *
	 * @param mixed $date Request value.
	 */
	private static function mysql_date( $date ): string {
		if ( ! is_string( $date ) || '' === $date ) {
			return '';
		}
		$timestamp = rest_parse_date( $date );
		return false === $timestamp ? '' : gmdate( 'Y-m-d H:i:s', $timestamp );
	}
}
