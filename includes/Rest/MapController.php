<?php
/**
 * REST: the tax map and the currency map.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

use WooSync\Mappings;

defined( 'ABSPATH' ) || exit;

/**
 * One map resource (`/woosync/v1/tax-map` or `/woosync/v1/currency-map`): GET, and PUT/POST/PATCH
 * of its fields. Both maps live in the Mappings option; each resource holds some of its fields.
 */
final class MapController extends Controller {

	/**
	 * Constructor.
	 *
	 * @param Mappings      $mappings The maps.
	 * @param string        $base     Route base: tax-map or currency-map.
	 * @param array<string> $fields   The Mappings fields this resource holds.
	 */
	public function __construct( private Mappings $mappings, string $base, private array $fields ) {
		$this->rest_base = $base;
	}

	/**
	 * The tax map resource.
	 *
	 * @param Mappings $mappings The maps.
	 */
	public static function taxes( Mappings $mappings ): self {
		return new self( $mappings, 'tax-map', Mappings::TAX_FIELDS );
	}

	/**
	 * The currency map resource.
	 *
	 * @param Mappings $mappings The maps.
	 */
	public static function currencies( Mappings $mappings ): self {
		return new self( $mappings, 'currency-map', Mappings::CURRENCY_FIELDS );
	}

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$this->register_manager_route( 'get_item', array(), true );
	}

	/**
	 * The map.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->run( fn () => $this->prepare_item_for_response( $this->mappings->all(), $request ) );
	}

	/**
	 * Replaces the fields sent; 400 naming each invalid field.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$result = $this->mappings->update( array_intersect_key( $request->get_params(), array_flip( $this->fields ) ) );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		return $this->get_item( $request );
	}

	/**
	 * Only this resource's fields; empty maps as JSON objects.
	 *
	 * @param mixed                                  $item    All mappings.
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$data = array_intersect_key( (array) $item, array_flip( $this->fields ) );
		if ( isset( $data['currencies'] ) ) {
			$data['currencies'] = (object) $data['currencies'];
		}
		return rest_ensure_response( $data );
	}

	/**
	 * The schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return Mappings::schema( 'woosync_' . str_replace( '-', '_', $this->rest_base ), $this->fields );
	}
}
