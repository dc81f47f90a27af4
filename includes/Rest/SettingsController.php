<?php
/**
 * REST: the store's WooSync settings.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /woosync/v1/settings`, `POST|PUT|PATCH /woosync/v1/settings` (partial update).
 *
 * Secrets are write-only: the answer says `perfex_token_set` / `sidecar_secret_set`, never the value.
 */
final class SettingsController extends Controller {

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'settings';

	/**
	 * Constructor.
	 *
	 * @param Settings $settings The settings.
	 */
	public function __construct( private Settings $settings ) {
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$this->register_manager_route( 'get_item', array(), true );
	}

	/**
	 * The settings, without secrets.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->run( fn () => $this->prepare_item_for_response( $this->settings->public_view(), $request ) );
	}

	/**
	 * Changes the settings sent; 400 naming each invalid field.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$changes = array_intersect_key( $request->get_params(), Settings::fields() );
		$result  = $this->settings->update( $changes );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		return $this->get_item( $request );
	}

	/**
	 * The response, limited to what the schema allows in the context.
	 *
	 * @param mixed                                  $item    The settings' public view.
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$data = array_diff_key( (array) $item, array_flip( Settings::SECRETS ) );
		return rest_ensure_response( $data );
	}

	/**
	 * The schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return Settings::schema();
	}
}
