<?php
/**
 * REST: one order's Perfex documents (its invoice, its refunds' credit notes or expenses).
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Sidecar\SyncResult;
use WooSync\Storage\History;
use WooSync\Storage\Links;
use WooSync\Storage\Lock;
use WooSync\Sync\InvoiceSync;
use WooSync\Sync\JobQueue;
use WooSync\Sync\RefundSync;

defined( 'ABSPATH' ) || exit;

/**
 * - `GET  /woosync/v1/orders/<id>/invoice`: link, last attempt, queued or running;
 * - `POST /woosync/v1/orders/<id>/invoice/resync`: runs the sync now and answers its result
 *   (200 created/linked/skipped, 422 refused/invalid, 502 failed or retrying, 409 busy);
 * - `POST /woosync/v1/orders/<id>/invoice/preview`: the document the core would build;
 * - `POST /woosync/v1/orders/<id>/refunds/<refund_id>/resync`: runs one refund's sync now and
 *   answers the same result shape (202 when it waits for the order's invoice; 404 when the
 *   refund is not one of this order's).
 *
 * Allowed to whoever may edit orders (`edit_shop_orders`); an unknown order is a 404.
 */
final class OrderInvoiceController extends Controller {

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'orders/(?P<id>[\d]+)/invoice';

	/**
	 * Constructor.
	 *
	 * @param InvoiceSync $sync    The sync service.
	 * @param Links       $links   Links.
	 * @param History     $history History.
	 * @param JobQueue    $queue   Queue.
	 * @param Lock        $lock    Locks.
	 * @param RefundSync  $refunds The refund sync.
	 */
	public function __construct( private InvoiceSync $sync, private Links $links, private History $history, private JobQueue $queue, private Lock $lock, private RefundSync $refunds ) {
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$id = array(
			'id' => array(
				'description' => __( 'Order id.', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'required'    => true,
			),
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => $id,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/resync',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'resync' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => $id,
				),
				'schema' => array( $this, 'get_result_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/preview',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'preview' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => $id,
				),
				'schema' => array( $this, 'get_preview_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/orders/(?P<id>[\d]+)/refunds/(?P<refund_id>[\d]+)/resync',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'resync_refund' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => $id + array(
						'refund_id' => array(
							'description' => __( 'Refund id (the refund may have been deleted since).', 'woosync' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'required'    => true,
						),
					),
				),
				'schema' => array( $this, 'get_result_schema' ),
			)
		);
	}

	/**
	 * Whoever may edit orders; 404 for an order that does not exist.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return true|\WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		if ( ! current_user_can( 'edit_shop_orders' ) ) {
			return new \WP_Error(
				'woosync_rest_forbidden',
				__( 'Sorry, you are not allowed to edit orders.', 'woosync' ),
				array( 'status' => rest_authorization_required_code() )
			);
		}
		if ( ! self::order( $request ) ) {
			return new \WP_Error( 'woosync_order_not_found', __( 'There is no order with this id.', 'woosync' ), array( 'status' => 404 ) );
		}
		return true;
	}

	/**
	 * The order's invoice link and sync status.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->run(
			function () use ( $request ) {
				$order_id = (int) $request['id'];
				$order    = self::order( $request );
				$last     = $this->history->latest( $order_id );
				return array(
					'order_id'     => $order_id,
					'order_number' => $order ? (string) $order->get_order_number() : '',
					'invoice'      => $this->links->get( $order_id ),
					'last_attempt' => null === $last ? null : array(
						'outcome'     => $last['outcome'],
						'error_code'  => $last['error_code'],
						'message'     => $last['message'],
						'attempt'     => $last['attempt'],
						'finished_at' => gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $last['finished_at'] . ' UTC' ) ),
					),
					'queued'       => $this->queue->is_queued( JobQueue::SYNC_INVOICE, $order_id ),
					'running'      => $this->lock->is_held( 'invoice:' . $order_id ),
				);
			}
		);
	}

	/**
	 * Syncs the order now.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function resync( $request ) {
		return $this->run(
			function () use ( $request ) {
				$result = $this->sync->sync( (int) $request['id'], InvoiceSync::SOURCE_MANUAL );
				return self::result_response( $result->outcome, $result->message, $result->to_array() );
			}
		);
	}

	/**
	 * Syncs one refund of the order now; the answer is built from the attempt it recorded.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function resync_refund( $request ) {
		return $this->run(
			function () use ( $request ) {
				$refund_id = (int) $request['refund_id'];
				$refund    = wc_get_order( $refund_id );
				if ( ! $refund instanceof \WC_Order_Refund || $refund->get_parent_id() !== (int) $request['id'] ) {
					return new \WP_Error( 'woosync_refund_not_found', __( 'This order has no refund with this id (it may have been deleted).', 'woosync' ), array( 'status' => 404 ) );
				}
				$outcome = $this->refunds->sync( $refund_id, (int) $request['id'], InvoiceSync::SOURCE_MANUAL );
				if ( SyncResult::BUSY === $outcome ) {
					return self::result_response( $outcome, '', array() );
				}
				$row       = $this->history->query(
					array(
						'refund_id' => $refund_id,
						'per_page'  => 1,
					)
				)['items'][0] ?? array();
				$message   = (string) ( $row['message'] ?? '' );
				$document  = empty( $row['perfex_id'] ) ? null : array(
					'id'     => (int) $row['perfex_id'],
					'number' => (string) $row['perfex_number'],
					'total'  => (string) $row['perfex_total'],
				);
				$succeeded = in_array( $outcome, array( 'created', 'linked', 'skipped', 'waiting' ), true );
				return self::result_response(
					$outcome,
					$message,
					array(
						'outcome'  => $outcome,
						'invoice'  => $document,
						'customer' => null,
						'warnings' => array(),
						'error'    => $succeeded ? null : array(
							'code'    => (string) ( $row['error_code'] ?? '' ),
							'message' => $message,
						),
					)
				);
			}
		);
	}

	/**
	 * A sync's answer with its status: 200 created/linked/skipped, 202 waiting, 409 busy,
	 * 422 refused/invalid, 502 failed or retrying.
	 *
	 * @param string               $outcome Outcome.
	 * @param string               $message Its message (for busy).
	 * @param array<string, mixed> $body    The result.
	 * @return \WP_REST_Response|\WP_Error
	 */
	private static function result_response( string $outcome, string $message, array $body ) {
		if ( SyncResult::BUSY === $outcome ) {
			return new \WP_Error( 'woosync_busy', '' !== $message ? $message : __( 'This document is being synced right now; try again in a moment.', 'woosync' ), array( 'status' => 409 ) );
		}
		$status = match ( $outcome ) {
			'created', 'linked', 'skipped' => 200,
			'waiting' => 202,
			'refused', 'invalid' => 422,
			default => 502,
		};
		return new \WP_REST_Response( $body, $status );
	}

	/**
	 * The document the core would build (no Perfex call).
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function preview( $request ) {
		return $this->run(
			function () use ( $request ) {
				$order = self::order( $request );
				if ( ! $order ) {
					return new \WP_Error( 'woosync_order_not_found', __( 'There is no order with this id.', 'woosync' ), array( 'status' => 404 ) );
				}
				return $this->sync->preview( $order );
			}
		);
	}

	/**
	 * The order of the request.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 */
	private static function order( $request ): ?\WC_Order {
		$order = wc_get_order( (int) $request['id'] );
		return $order instanceof \WC_Order ? $order : null;
	}

	/**
	 * The order's invoice status.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_order_invoice',
			'type'       => 'object',
			'properties' => array(
				'order_id'     => array( 'type' => 'integer' ),
				'order_number' => array( 'type' => 'string' ),
				'invoice'      => array(
					'description' => __( 'The linked Perfex invoice, or null.', 'woosync' ),
					'type'        => array( 'object', 'null' ),
					'properties'  => array(
						'perfex_id'          => array( 'type' => 'integer' ),
						'perfex_number'      => array( 'type' => 'string' ),
						'perfex_customer_id' => array( 'type' => array( 'integer', 'null' ) ),
						'total'              => array( 'type' => 'string' ),
						'created_at'         => array( 'type' => 'string' ),
						'updated_at'         => array( 'type' => 'string' ),
					),
				),
				'last_attempt' => array(
					'type'       => array( 'object', 'null' ),
					'properties' => array(
						'outcome'     => array( 'type' => 'string' ),
						'error_code'  => array( 'type' => 'string' ),
						'message'     => array( 'type' => 'string' ),
						'attempt'     => array( 'type' => 'integer' ),
						'finished_at' => array(
							'type'   => 'string',
							'format' => 'date-time',
						),
					),
				),
				'queued'       => array( 'type' => 'boolean' ),
				'running'      => array( 'type' => 'boolean' ),
			),
		);
	}

	/**
	 * A sync result (docs/sidecar-protocol.md), plus WordPress's `retrying`.
	 *
	 * @return array<string, mixed>
	 */
	public function get_result_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_sync_result',
			'type'       => 'object',
			'properties' => array(
				'outcome'  => array(
					'type' => 'string',
					'enum' => array_merge( SyncResult::OUTCOMES, array( SyncResult::RETRYING, 'waiting' ) ),
				),
				'invoice'  => array( 'type' => array( 'object', 'null' ) ),
				'customer' => array( 'type' => array( 'object', 'null' ) ),
				'warnings' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
				'error'    => array( 'type' => array( 'object', 'null' ) ),
			),
		);
	}

	/**
	 * The core's result for the preview.
	 *
	 * @return array<string, mixed>
	 */
	public function get_preview_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_invoice_preview',
			'type'       => 'object',
			'properties' => array(
				'kind'     => array( 'type' => 'string' ),
				'document' => array( 'type' => 'object' ),
				'trace'    => array( 'type' => 'object' ),
				'warnings' => array( 'type' => 'array' ),
				'refusal'  => array( 'type' => 'object' ),
				'totals'   => array( 'type' => 'object' ),
			),
		);
	}
}
