<?php
/**
 * The store's WooSync settings, kept in one option.
 *
 * @package WooSync
 */

namespace WooSync;

defined( 'ABSPATH' ) || exit;

/**
 * Every setting is declared once, as a JSON schema with its default (fields()). That one
 * declaration gives the defaults, the validation (messages name the field), the REST schema
 * and arguments, and the settings the sidecar's core receives (core_settings()).
 *
 * The Perfex token and the sidecar secret are stored encrypted (Secrets) and are never part of
 * what is read back: the API only says whether each one is set.
 */
final class Settings {

	public const OPTION = 'woosync_settings';

	/** Settings stored encrypted and never sent back. */
	public const SECRETS = array( 'perfex_token', 'sidecar_secret', 'webhook_secret' );

	public const DEFAULT_SIDECAR_URL = 'http://127.0.0.1:8787';

	/** Order statuses (WooCommerce's slugs, without `wc-`) that may trigger the invoice. */
	public const INVOICE_STATUS_CHOICES = array( 'pending', 'processing', 'on-hold', 'completed' );

	/**
	 * Every setting: its JSON schema, with its default.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function fields(): array {
		$strings = array(
			'type'  => 'array',
			'items' => array(
				'type'      => 'string',
				'minLength' => 1,
			),
		);
		return array(
			'auto_create_invoice'     => array(
				'description' => __( 'Create the Perfex invoice when an order reaches one of the invoice statuses (invoice_statuses).', 'woosync' ),
				'type'        => 'boolean',
				// Off until the store is connected to Perfex: nothing is queued before then.
				'default'     => false,
			),
			'invoice_statuses'        => array(
				'description' => __( 'Order statuses that create the Perfex invoice (the first one the order reaches). An order gets one invoice whatever this says.', 'woosync' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => self::INVOICE_STATUS_CHOICES,
				),
				'minItems'    => 1,
				'uniqueItems' => true,
				'default'     => array( 'completed' ),
			),
			'perfex_url'              => array(
				'description' => __( 'Address of the Perfex CRM installation (its REST API module).', 'woosync' ),
				'type'        => 'string',
				// HTTPS, so the token never travels in clear text; plain HTTP only on this machine.
				'pattern'     => '^(https://[^\s]+|http://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(/[^\s]*)?)?$',
				'maxLength'   => 500,
				'default'     => '',
			),
			'perfex_token'            => array(
				'description' => __( 'Perfex REST API token. Write-only; an empty string removes it.', 'woosync' ),
				'type'        => 'string',
				'maxLength'   => 1000,
				'default'     => '',
			),
			'sidecar_url'             => array(
				'description' => __( 'Address of the WooSync sidecar service.', 'woosync' ),
				'type'        => 'string',
				// The sidecar runs beside the site: a loopback address only, so the Perfex token
				// and the orders it is sent can never leave for another host.
				'pattern'     => '^https?://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(/[^\s]*)?$',
				'maxLength'   => 500,
				'default'     => self::DEFAULT_SIDECAR_URL,
			),
			'sidecar_key_id'          => array(
				'description' => __( 'Key id this site signs its sidecar requests with.', 'woosync' ),
				'type'        => 'string',
				'pattern'     => '^[A-Za-z0-9._-]*$',
				'maxLength'   => 100,
				'default'     => '',
			),
			'sidecar_secret'          => array(
				'description' => __( 'Shared secret for signing sidecar requests. Write-only; an empty string removes it.', 'woosync' ),
				'type'        => 'string',
				'maxLength'   => 1000,
				'default'     => '',
			),
			'webhook_secret'          => array(
				'description' => __( 'Secret Perfex signs its webhooks with (set by registering the webhook). Write-only; an empty string removes it.', 'woosync' ),
				'type'        => 'string',
				'maxLength'   => 1000,
				'default'     => '',
			),
			'complete_on_payment'     => array(
				'description' => __( 'Complete a processing or on-hold order when its Perfex invoice is paid in Perfex.', 'woosync' ),
				'type'        => 'boolean',
				'default'     => true,
			),
			'reconcile_interval'      => array(
				'description' => __( 'Minutes between two checks of the unpaid linked invoices in Perfex.', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 1440,
				'default'     => 5,
			),
			'signature_prefix'        => array(
				'description' => __( 'Prefix of the signature written in the invoice admin note ("<prefix>: Order #<number>").', 'woosync' ),
				'type'        => 'string',
				'minLength'   => 1,
				'maxLength'   => 50,
				'default'     => 'WooSync',
			),
			'invoice_date_source'     => array(
				'description' => __( 'Which order date becomes the invoice date.', 'woosync' ),
				'type'        => 'string',
				'enum'        => array( 'completed', 'paid', 'created' ),
				'default'     => 'completed',
			),
			'due_days'                => array(
				'description' => __( 'Days until the due date when the order was not paid at checkout.', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 0,
				'maximum'     => 3650,
				'default'     => 30,
			),
			'offline_payment_methods' => array(
				'description' => __( 'Payment methods paid later (bank transfer, cheque, cash on delivery): their invoices get a due date.', 'woosync' ),
				'default'     => array( 'bacs', 'cheque', 'cod' ),
			) + $strings,
			'zero_total'              => array(
				'description' => __( 'Zero-total orders: skip them, or refuse them with a message.', 'woosync' ),
				'type'        => 'string',
				'enum'        => array( 'skip', 'refuse' ),
				'default'     => 'skip',
			),
			'refund_document'         => array(
				'description' => __( 'What a refund becomes in Perfex.', 'woosync' ),
				'type'        => 'string',
				'enum'        => array( 'credit_note', 'expense' ),
				'default'     => 'credit_note',
			),
			'expense_category_id'     => array(
				'description' => __( 'Perfex expense category for refunds booked as expenses.', 'woosync' ),
				'type'        => array( 'integer', 'null' ),
				'minimum'     => 1,
				'default'     => null,
			),
			'payment_modes'           => array(
				'description'          => __( 'WooCommerce payment method id → Perfex payment mode ids.', 'woosync' ),
				'type'                 => 'object',
				'additionalProperties' => array( 'minItems' => 1 ) + $strings,
				'default'              => array(),
			),
			'default_payment_modes'   => array(
				'description' => __( 'Perfex payment modes for any other payment method.', 'woosync' ),
				'minItems'    => 1,
				'default'     => array( '1' ),
			) + $strings,
			'country_ids'             => array(
				'description'          => __( 'Country code (ISO 3166-1 alpha-2) → Perfex country id.', 'woosync' ),
				'type'                 => 'object',
				'patternProperties'    => array(
					'^[A-Z]{2}$' => array(
						'type'    => 'integer',
						'minimum' => 0,
					),
				),
				'additionalProperties' => false,
				'default'              => array(),
			),
			'client_note'             => array(
				'description' => __( 'Client note printed on every invoice.', 'woosync' ),
				'type'        => 'string',
				'maxLength'   => 5000,
				'default'     => '',
			),
			'unit'                    => array(
				'description' => __( 'Unit printed on invoice lines.', 'woosync' ),
				'type'        => 'string',
				'maxLength'   => 40,
				'default'     => '',
			),
			'perfex_decimals'         => array(
				'description' => __( 'Decimal places Perfex keeps (2 unless Perfex was changed).', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 0,
				'maximum'     => 4,
				'default'     => 2,
			),
			'max_attempts'            => array(
				'description' => __( 'Attempts before a sync that keeps failing for a passing reason is marked failed.', 'woosync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 10,
				'default'     => 5,
			),
		);
	}

	/**
	 * Every setting and its default (secrets: empty).
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults(): array {
		return array_map( static fn ( array $field ) => $field['default'], self::fields() );
	}

	/**
	 * The REST schema of the settings resource: every setting, secrets write-only, and for each
	 * secret a read-only `<name>_set` flag.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$properties = array();
		foreach ( self::fields() as $name => $field ) {
			if ( in_array( $name, self::SECRETS, true ) ) {
				unset( $field['default'] );
				$field['context']             = array( 'edit' );
				$properties[ $name ]          = $field;
				$properties[ $name . '_set' ] = array(
					/* translators: %s: a setting name. */
					'description' => sprintf( __( 'Whether %s is set.', 'woosync' ), $name ),
					'type'        => 'boolean',
					'readonly'    => true,
					'context'     => array( 'view', 'edit' ),
				);
				continue;
			}
			$field['context']    = array( 'view', 'edit' );
			$properties[ $name ] = $field;
		}
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'woosync_settings',
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * All settings except the secrets, stored values over defaults.
	 *
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$values = array_merge( self::defaults(), $this->stored() );
		return array_diff_key( $values, array_flip( self::SECRETS ) );
	}

	/**
	 * What may leave the server: every setting except the secrets, and whether each secret is set.
	 *
	 * @return array<string, mixed>
	 */
	public function public_view(): array {
		$view = $this->all();
		foreach ( self::SECRETS as $secret ) {
			$view[ $secret . '_set' ] = $this->secret_is_set( $secret );
		}
		return $view;
	}

	/**
	 * One setting (not a secret).
	 *
	 * @param string $name Setting name.
	 * @return mixed
	 */
	public function get( string $name ) {
		return $this->all()[ $name ] ?? null;
	}

	/**
	 * Whether a completed order should get its invoice without anyone asking.
	 */
	public function auto_create_invoice(): bool {
		return (bool) $this->get( 'auto_create_invoice' );
	}

	/**
	 * The order statuses that create the invoice (WooCommerce slugs without `wc-`).
	 *
	 * @return array<string>
	 */
	public function invoice_statuses(): array {
		return array_values( array_map( 'strval', (array) $this->get( 'invoice_statuses' ) ) );
	}

	/**
	 * A document's page in the Perfex admin area: the site is the API address without its `/api`
	 * (the REST API module's routes live under `<site>/api`, the staff area under `<site>/admin`).
	 * '' when Perfex is not set up.
	 *
	 * @param string $kind One of Links::KINDS.
	 * @param int    $id   Perfex document id.
	 */
	public function perfex_document_url( string $kind, int $id ): string {
		$pages = array(
			Storage\Links::INVOICE     => 'invoices/list_invoices/',
			Storage\Links::CREDIT_NOTE => 'credit_notes/list_credit_notes/',
			Storage\Links::EXPENSE     => 'expenses/list_expenses/',
		);
		$api   = untrailingslashit( (string) preg_replace( '/[?#].*$/s', '', (string) $this->get( 'perfex_url' ) ) );
		if ( '' === $api || ! isset( $pages[ $kind ] ) || $id < 1 ) {
			return '';
		}
		$site = (string) preg_replace( '#/api$#', '', $api );
		return esc_url_raw( $site . '/admin/' . $pages[ $kind ] . $id );
	}

	/**
	 * A secret, decrypted: '' when it is not set or cannot be decrypted any more.
	 *
	 * @param string $name One of self::SECRETS.
	 */
	public function secret( string $name ): string {
		$sealed = $this->stored()[ $name ] ?? '';
		if ( ! is_string( $sealed ) || '' === $sealed ) {
			return '';
		}
		return (string) Secrets::decrypt( $sealed );
	}

	/**
	 * Whether a secret has been entered (even if it can no longer be decrypted).
	 *
	 * @param string $name One of self::SECRETS.
	 */
	public function secret_is_set( string $name ): bool {
		$sealed = $this->stored()[ $name ] ?? '';
		return is_string( $sealed ) && '' !== $sealed;
	}

	/**
	 * Changes some settings. Secrets are encrypted; an empty secret removes it.
	 *
	 * @param array<string, mixed> $changes Setting → new value.
	 * @return true|\WP_Error A 400 error naming each invalid field; nothing is saved then.
	 */
	public function update( array $changes ) {
		$clean = Validation::validate( self::fields(), $changes );
		if ( is_wp_error( $clean ) ) {
			return $clean;
		}
		$stored = $this->stored();
		// A new Perfex address needs its token again: the stored one must never be sent to a
		// host it was not entered for.
		$old_url = $stored['perfex_url'] ?? '';
		if ( isset( $clean['perfex_url'] ) && ! array_key_exists( 'perfex_token', $clean ) && $old_url !== $clean['perfex_url'] ) {
			$clean['perfex_token'] = '';
		}
		foreach ( $clean as $name => $value ) {
			if ( in_array( $name, self::SECRETS, true ) ) {
				$value = '' === $value ? '' : Secrets::encrypt( (string) $value );
			}
			$stored[ $name ] = $value;
		}
		update_option( self::OPTION, $stored, false );
		return true;
	}

	/**
	 * The settings in the exact shape of the core's `settingsSchema` (core/schemas.ts).
	 *
	 * The time zone and price decimals are the store's own (WordPress and WooCommerce settings).
	 *
	 * @return array<string, mixed>
	 */
	public function core_settings(): array {
		$all      = $this->all();
		$settings = array(
			'signature_prefix'        => (string) $all['signature_prefix'],
			'timezone'                => self::timezone(),
			'price_decimals'          => (int) wc_get_price_decimals(),
			'perfex_decimals'         => (int) $all['perfex_decimals'],
			'invoice_date_source'     => (string) $all['invoice_date_source'],
			'due_days'                => (int) $all['due_days'],
			'offline_payment_methods' => array_values( array_map( 'strval', (array) $all['offline_payment_methods'] ) ),
			'zero_total'              => (string) $all['zero_total'],
			'refund_document'         => (string) $all['refund_document'],
			'payment_modes'           => (object) array_map(
				static fn ( $modes ): array => array_values( array_map( 'strval', (array) $modes ) ),
				(array) $all['payment_modes']
			),
			'default_payment_modes'   => array_values( array_map( 'strval', (array) $all['default_payment_modes'] ) ),
			'country_ids'             => (object) array_map( 'intval', (array) $all['country_ids'] ),
			'client_note'             => (string) $all['client_note'],
			'unit'                    => (string) $all['unit'],
		);
		if ( null !== $all['expense_category_id'] ) {
			$settings['expense_category_id'] = (int) $all['expense_category_id'];
		}
		return $settings;
	}

	/**
	 * The site's time zone as the core reads it: an IANA name, or an offset such as "+02:00".
	 */
	private static function timezone(): string {
		$zone = wp_timezone_string();
		return '' === $zone ? 'UTC' : $zone;
	}

	/**
	 * The stored option, only known keys.
	 *
	 * @return array<string, mixed>
	 */
	private function stored(): array {
		$stored = get_option( self::OPTION, array() );
		return is_array( $stored ) ? array_intersect_key( $stored, self::fields() ) : array();
	}
}
