<?php
/**
 * The store's tax map and currency map, kept in one option.
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * How WooCommerce tax rates and currencies become Perfex taxes and currencies.
 *
 * Declared once as JSON schema (like Settings); core_mappings() gives the exact shape of the
 * core's `mappingsSchema` (core/schemas.ts).
 */
final class Mappings {

	public const OPTION = 'woosync_mappings';

	/** The fields the tax map resource holds. */
	public const TAX_FIELDS = array( 'taxes' );

	/** The fields the currency map resource holds. */
	public const CURRENCY_FIELDS = array( 'currencies', 'base_currency_id' );

	/**
	 * Every field: its JSON schema, with its default.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function fields(): array {
		return array(
			'taxes'            => array(
				'description' => __( 'WooCommerce tax rate → Perfex tax. Null: every rate keeps its WooCommerce name and rate.', 'woosync' ),
				'type'        => array( 'array', 'null' ),
				'items'       => array(
					'type'                 => 'object',
					'additionalProperties' => false,
					'properties'           => array(
						'wc_rate_id'    => array(
							'description' => __( 'WooCommerce tax rate id.', 'woosync' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'required'    => true,
						),
						'wc_tax_class'  => array(
							'description' => __( 'Only for lines of this WooCommerce tax class ("" is the standard class).', 'woosync' ),
							'type'        => 'string',
						),
						'perfex_tax_id' => array(
							'description' => __( 'Perfex tax id, when known.', 'woosync' ),
							'type'        => array( 'integer', 'null' ),
							'minimum'     => 1,
						),
						'name'          => array(
							'description' => __( 'Perfex tax name.', 'woosync' ),
							'type'        => 'string',
							'minLength'   => 1,
							'maxLength'   => 100,
							'pattern'     => '^[^|]+$',
							'required'    => true,
						),
						'rate'          => array(
							'description' => __( 'Perfex tax rate in percent, e.g. "19.00".', 'woosync' ),
							'type'        => 'string',
							'pattern'     => '^[0-9]{1,3}(\.[0-9]{1,4})?$',
							'required'    => true,
						),
					),
				),
				'default'     => null,
			),
			'currencies'       => array(
				'description'          => __( 'Currency code (ISO 4217) → Perfex currency id.', 'woosync' ),
				'type'                 => 'object',
				'patternProperties'    => array(
					'^[A-Z]{3}$' => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
				),
				'additionalProperties' => false,
				'default'              => array(),
			),
			'base_currency_id' => array(
				'description' => __( 'Perfex base currency id, used for currencies not in the map.', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'default'     => 1,
			),
		);
	}

	/**
	 * The REST schema of a resource holding some of the fields.
	 *
	 * @param string        $title  Schema title.
	 * @param array<string> $fields Field names.
	 * @return array<string, mixed>
	 */
	public static function schema( string $title, array $fields ): array {
		$properties = array();
		foreach ( array_intersect_key( self::fields(), array_flip( $fields ) ) as $name => $field ) {
			$properties[ $name ] = $field + array( 'context' => array( 'view', 'edit' ) );
		}
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => $title,
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * Every field, stored values over defaults.
	 *
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? array_intersect_key( $stored, self::fields() ) : array();
		return array_merge( array_map( static fn ( array $field ) => $field['default'], self::fields() ), $stored );
	}

	/**
	 * Changes some fields.
	 *
	 * @param array<string, mixed> $changes Field → new value.
	 * @return true|\WP_Error A 400 error naming each invalid field; nothing is saved then.
	 */
	public function update( array $changes ) {
		$clean = Validation::validate( self::fields(), $changes );
		if ( is_wp_error( $clean ) ) {
			return $clean;
		}
		update_option( self::OPTION, array_merge( $this->all(), $clean ), false );
		return true;
	}

	/**
	 * The mappings in the exact shape of the core's `mappingsSchema`.
	 *
	 * @return array<string, mixed>
	 */
	public function core_mappings(): array {
		$all      = $this->all();
		$mappings = array(
			'currencies'       => (object) array_map( 'intval', (array) $all['currencies'] ),
			'base_currency_id' => (int) $all['base_currency_id'],
		);
		if ( is_array( $all['taxes'] ) ) {
			$mappings['taxes'] = array_values(
				array_map(
					static function ( array $tax ): array {
						$mapping = array(
							'wc_rate_id'    => (int) $tax['wc_rate_id'],
							'perfex_tax_id' => isset( $tax['perfex_tax_id'] ) ? (int) $tax['perfex_tax_id'] : null,
							'name'          => (string) $tax['name'],
							'rate'          => (string) $tax['rate'],
						);
						if ( isset( $tax['wc_tax_class'] ) ) {
							$mapping['wc_tax_class'] = (string) $tax['wc_tax_class'];
						}
						return $mapping;
					},
					$all['taxes']
				)
			);
		}
		return $mappings;
	}
}
