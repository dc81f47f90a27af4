<?php
/**
 * What every WooSync REST controller shares: namespace, permission checks, the exception boundary.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Registerable;
use WooSync\Sidecar\SidecarError;

defined( 'ABSPATH' ) || exit;

/**
 * Base of the `woosync/v1` controllers.
 */
abstract class Controller extends \WP_REST_Controller implements Registerable {

	/**
	 * Route namespace.
	 *
	 * @var string
	 */
	protected $namespace = 'woosync/v1';

	/**
	 * Registers the routes when the REST API starts.
	 */
	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	/**
	 * Registers the resource's single route for store managers: a GET answered by `$read`
	 * and, when `$editable`, an edit answered by update_item() with args from the schema.
	 *
	 * @param string               $read      Method answering GET.
	 * @param array<string, mixed> $read_args GET arguments.
	 * @param bool                 $editable  Whether the resource can be changed.
	 */
	protected function register_manager_route( string $read, array $read_args, bool $editable ): void {
		$endpoints = array(
			array(
				'methods'             => \WP_REST_Server::READABLE,
				'callback'            => array( $this, $read ),
				'permission_callback' => array( $this, 'manage_permissions_check' ),
				'args'                => $read_args,
			),
		);
		if ( $editable ) {
			$endpoints[] = array(
				'methods'             => \WP_REST_Server::EDITABLE,
				'callback'            => array( $this, 'update_item' ),
				'permission_callback' => array( $this, 'manage_permissions_check' ),
				'args'                => $this->get_endpoint_args_for_item_schema( \WP_REST_Server::EDITABLE ),
			);
		}
		$endpoints['schema'] = array( $this, 'get_public_item_schema' );
		register_rest_route( $this->namespace, '/' . $this->rest_base, $endpoints );
	}

	/**
	 * Settings, maps, history and health: shop managers and administrators.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return true|\WP_Error
	 */
	public function manage_permissions_check( $request ) {
		unset( $request );
		if ( current_user_can( 'manage_woocommerce' ) ) {
			return true;
		}
		return new \WP_Error(
			'woosync_rest_forbidden',
			__( 'Sorry, you are not allowed to manage WooSync.', 'woosync' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * The one place where what went wrong becomes a WP_Error.
	 *
	 * SidecarError messages are WooSync's own words (they say what to fix) and are passed on;
	 * anything else is logged and answered with a generic 500, never with its message.
	 *
	 * @param callable $callback Produces the response.
	 * @return \WP_REST_Response|\WP_Error
	 */
	protected function run( callable $callback ) {
		try {
			return rest_ensure_response( $callback() );
		} catch ( SidecarError $error ) {
			return new \WP_Error(
				'woosync_' . $error->error_code,
				$error->getMessage(),
				array(
					'status'    => $error->transient ? 503 : 502,
					'transient' => $error->transient,
				)
			);
		} catch ( \Throwable $error ) {
			$message = sprintf( 'WooSync REST %s failed: %s', static::class, $error );
			if ( function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->error( $message, array( 'source' => 'woosync' ) );
			} else {
				error_log( $message ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- no WooCommerce logger (stand-in).
			}
			return new \WP_Error( 'woosync_internal_error', __( 'WooSync hit an unexpected error; the site log has the details.', 'woosync' ), array( 'status' => 500 ) );
		}
	}
}
