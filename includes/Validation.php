<?php
/**
 * Checks values against the JSON schema WooSync declares for them (the same one REST publishes).
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * One schema per setting gives both the REST arguments and this validation: WordPress's own
 * rest_validate_value_from_schema() checks, rest_sanitize_value_from_schema() normalises, and
 * every message names the field.
 */
final class Validation {

	/**
	 * Validates and sanitises the given values; keys without a schema are rejected.
	 *
	 * @param array<string, array<string, mixed>> $properties Schema per field.
	 * @param array<string, mixed>                $values     Values to check.
	 * @return array<string, mixed>|\WP_Error The sanitised values, or a 400 error whose
	 *                                         `params` map each bad field to its message.
	 */
	public static function validate( array $properties, array $values ) {
		$clean  = array();
		$errors = array();
		foreach ( $values as $field => $value ) {
			$field = (string) $field;
			if ( ! isset( $properties[ $field ] ) ) {
				/* translators: %s: a field name. */
				$errors[ $field ] = sprintf( __( '%s is not a known setting.', 'woosync' ), $field );
				continue;
			}
			$schema = $properties[ $field ];
			$valid  = rest_validate_value_from_schema( $value, $schema, $field );
			if ( is_wp_error( $valid ) ) {
				$errors[ $field ] = $valid->get_error_message();
				continue;
			}
			$clean[ $field ] = rest_sanitize_value_from_schema( $value, $schema, $field );
		}
		if ( $errors ) {
			return new \WP_Error(
				'woosync_invalid_setting',
				/* translators: %s: comma-separated field names. */
				sprintf( __( 'Invalid value for: %s.', 'woosync' ), implode( ', ', array_keys( $errors ) ) ) . ' ' . implode( ' ', $errors ),
				array(
					'status' => 400,
					'params' => $errors,
				)
			);
		}
		return $clean;
	}
}
