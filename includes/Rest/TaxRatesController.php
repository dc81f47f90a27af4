<?php
/**
 * REST: the store's WooCommerce tax rates, for the tax mapping screen.
 *
 * @package WooSync
 */

namespace WooSync\Rest;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /woosync/v1/tax-rates`: every WooCommerce tax rate of every tax class (standard first),
 * with what the tax map needs to show it (class, id, label, percent, country, state).
 */
final class TaxRatesController extends Controller {

	/**
	 * Route base.
	 *
	 * @var string
	 */
	protected $rest_base = 'tax-rates';

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		$this->register_manager_route( 'get_item', array(), false );
	}

	/**
	 * The rates.
	 *
	 * @param \WP_REST_Request<array<string, mixed>> $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_item( $request ) {
		return $this->run(
			static function (): array {
				$rates = array();
				foreach ( array_merge( array( '' ), \WC_Tax::get_tax_class_slugs() ) as $class ) {
					foreach ( \WC_Tax::get_rates_for_tax_class( $class ) as $rate ) {
						$rates[] = array(
							'id'       => (int) $rate->tax_rate_id,
							'class'    => (string) $class,
							'label'    => (string) $rate->tax_rate_name,
							'rate'     => number_format( (float) $rate->tax_rate, 4, '.', '' ),
							'country'  => (string) $rate->tax_rate_country,
							'state'    => (string) $rate->tax_rate_state,
							'compound' => (bool) $rate->tax_rate_compound,
							'shipping' => (bool) $rate->tax_rate_shipping,
						);
					}
				}
				return array( 'rates' => $rates );
			}
		);
	}

	/**
	 * The schema.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_tax_rates',
			'type'       => 'object',
			'properties' => array(
				'rates' => array(
					'description' => __( 'WooCommerce tax rates, standard class first.', 'woosync' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'id'       => array( 'type' => 'integer' ),
							'class'    => array(
								'description' => __( 'Tax class slug ("" is the standard class).', 'woosync' ),
								'type'        => 'string',
							),
							'label'    => array( 'type' => 'string' ),
							'rate'     => array(
								'description' => __( 'Percent, four decimals.', 'woosync' ),
								'type'        => 'string',
							),
							'country'  => array( 'type' => 'string' ),
							'state'    => array( 'type' => 'string' ),
							'compound' => array( 'type' => 'boolean' ),
							'shipping' => array( 'type' => 'boolean' ),
						),
					),
				),
			),
		);
	}
}
