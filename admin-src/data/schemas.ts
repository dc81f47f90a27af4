/**
 * The shapes of WooSync's REST resources (`woosync/v1`), one zod schema each.
 *
 * They mirror the JSON schemas the PHP side declares once (includes/Settings.php,
 * includes/Mappings.php, includes/Rest/HealthController.php). Every response is parsed with
 * these before the app uses it; every form is checked with them before it is sent.
 */
import { z } from 'zod';

export const INVOICE_STATUSES = [
	'pending',
	'processing',
	'on-hold',
	'completed',
] as const;

const ids = z.array( z.string().min( 1 ) );

/**
 * A JSON object PHP may send as `[]` when it is empty.
 *
 * @param key   Schema of the keys.
 * @param value Schema of the values.
 */
const phpRecord = < V extends z.ZodType >( key: z.ZodString, value: V ) =>
	z.preprocess(
		( input ) =>
			Array.isArray( input ) && input.length === 0 ? {} : input,
		z.record( key, value )
	);

/** The settings a store manager edits (everything but the secrets). */
export const storeSettingsSchema = z.object( {
	auto_create_invoice: z.boolean(),
	invoice_statuses: z.array( z.enum( INVOICE_STATUSES ) ).min( 1 ),
	complete_on_payment: z.boolean(),
	reconcile_interval: z.number().int().min( 1 ).max( 1440 ),
	signature_prefix: z.string().min( 1 ).max( 50 ),
	invoice_date_source: z.enum( [ 'completed', 'paid', 'created' ] ),
	due_days: z.number().int().min( 0 ).max( 3650 ),
	offline_payment_methods: ids,
	zero_total: z.enum( [ 'skip', 'refuse' ] ),
	refund_document: z.enum( [ 'credit_note', 'expense' ] ),
	expense_category_id: z.number().int().min( 1 ).nullable(),
	payment_modes: phpRecord( z.string(), ids.min( 1 ) ),
	default_payment_modes: ids.min( 1 ),
	client_note: z.string().max( 5000 ),
	unit: z.string().max( 40 ),
	perfex_decimals: z.number().int().min( 0 ).max( 4 ),
	max_attempts: z.number().int().min( 1 ).max( 10 ),
} );

// PHP's pattern for perfex_url: HTTPS, or plain HTTP on this machine only.
const PERFEX_URL =
	/^(https:\/\/\S+|http:\/\/(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(\/\S*)?)?$/;
const SIDECAR_URL =
	/^https?:\/\/(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(\/\S*)?$/;

/** The connection settings (readable part). */
export const connectionSchema = z.object( {
	perfex_url: z.string().max( 500 ).regex( PERFEX_URL ),
	sidecar_url: z.string().max( 500 ).regex( SIDECAR_URL ),
	sidecar_key_id: z
		.string()
		.max( 100 )
		.regex( /^[A-Za-z0-9._-]*$/ ),
} );

/** GET /woosync/v1/settings: every setting but the secrets, and `<secret>_set`. */
export const settingsSchema = storeSettingsSchema
	.extend( connectionSchema.shape )
	.extend( {
		country_ids: phpRecord( z.string(), z.number().int() ),
		perfex_token_set: z.boolean(),
		sidecar_secret_set: z.boolean(),
	} );

/** What may be sent to the settings route: any subset, secrets write-only. */
export const settingsUpdateSchema = storeSettingsSchema
	.extend( connectionSchema.shape )
	.extend( {
		perfex_token: z.string().max( 1000 ),
		sidecar_secret: z.string().max( 1000 ),
	} )
	.partial();

export const currencyMapSchema = z.object( {
	currencies: phpRecord(
		z.string().regex( /^[A-Z]{3}$/ ),
		z.number().int().min( 1 )
	),
	base_currency_id: z.number().int().min( 1 ),
} );

export const taxMappingSchema = z.object( {
	wc_rate_id: z.number().int().min( 1 ),
	wc_tax_class: z.string().optional(),
	perfex_tax_id: z.number().int().min( 1 ).nullable().optional(),
	name: z
		.string()
		.min( 1 )
		.max( 100 )
		.regex( /^[^|]+$/ ),
	rate: z.string().regex( /^[0-9]{1,3}(\.[0-9]{1,4})?$/ ),
} );

export const taxMapSchema = z.object( {
	taxes: z.array( taxMappingSchema ).nullable(),
} );

const healthError = z
	.object( { code: z.string(), message: z.string() } )
	.nullable();

/** GET /woosync/v1/health. */
export const healthSchema = z.object( {
	sidecar: z.object( {
		reachable: z.boolean(),
		version: z.string().nullable(),
		latency_ms: z.number().int().nullable(),
		error: healthError,
	} ),
	perfex: z.object( {
		reachable: z.boolean(),
		auth: z.boolean(),
		error: healthError,
	} ),
	queue: z.object( { pending: z.number().int() } ),
	last_error: z
		.object( {
			order_number: z.union( [ z.string(), z.number() ] ).nullable(),
			message: z.string().nullable(),
			at: z.string(),
		} )
		.passthrough()
		.nullable(),
	secrets: phpRecord(
		z.string(),
		z.enum( [ 'ok', 'missing', 'unreadable' ] )
	),
} );

/** A WordPress REST error (what apiFetch rejects with when the server answered). */
export const restErrorSchema = z.object( {
	code: z.string(),
	message: z.string(),
	data: z
		.object( {
			status: z.number().optional(),
			params: z.record( z.string(), z.string() ).optional(),
		} )
		.passthrough()
		.nullable()
		.optional(),
} );

export type Settings = z.infer< typeof settingsSchema >;
export type StoreSettings = z.infer< typeof storeSettingsSchema >;
export type SettingsUpdate = z.infer< typeof settingsUpdateSchema >;
export type CurrencyMap = z.infer< typeof currencyMapSchema >;
export type TaxMap = z.infer< typeof taxMapSchema >;
export type Health = z.infer< typeof healthSchema >;

/** GET /woosync/v1/tax-rates: WooCommerce's rates, standard class first. */
export const taxRatesSchema = z.object( {
	rates: z.array(
		z.object( {
			id: z.number().int(),
			class: z.string(),
			label: z.string(),
			rate: z.string(),
			country: z.string(),
			state: z.string(),
			compound: z.boolean(),
			shipping: z.boolean(),
		} )
	),
} );

/** GET /woosync/v1/perfex-check: what works in Perfex, and its taxes. */
export const perfexCheckSchema = z.object( {
	auth: z.boolean(),
	invoices: z.boolean(),
	customers: z.boolean(),
	credit_notes: z.boolean(),
	taxes: z.boolean(),
	tax_rates: z.array(
		z.object( {
			id: z.number().int().nonnegative(),
			name: z.string(),
			rate: z.string(),
		} )
	),
	errors: z.array(
		z.object( { check: z.string(), code: z.string(), message: z.string() } )
	),
} );

export type TaxMapping = z.infer< typeof taxMappingSchema >;
export type TaxRate = z.infer< typeof taxRatesSchema >[ 'rates' ][ number ];
export type PerfexCheck = z.infer< typeof perfexCheckSchema >;

export const HISTORY_OUTCOMES = [
	'created',
	'linked',
	'skipped',
	'refused',
	'invalid',
	'failed',
	'retrying',
	'waiting',
	'deleted',
] as const;

/** What a sync attempt was about: the order's invoice, or a refund's credit note or expense. */
export const DOCUMENT_KINDS = [ 'invoice', 'credit_note', 'expense' ] as const;

/** One attempt of GET /woosync/v1/history. */
export const attemptSchema = z.object( {
	id: z.number().int(),
	order_id: z.number().int(),
	order_number: z.string(),
	refund_id: z.number().int().nullable(),
	kind: z.enum( DOCUMENT_KINDS ),
	source: z.string(),
	attempt: z.number().int(),
	outcome: z.enum( HISTORY_OUTCOMES ),
	error_code: z.string(),
	perfex_id: z.number().int().nullable(),
	perfex_number: z.string(),
	perfex_url: z.string(),
	currency: z.string(),
	order_total: z.string(),
	perfex_total: z.string(),
	message: z.string(),
	duration_ms: z.number().int(),
	started_at: z.string(),
	finished_at: z.string(),
} );

export const historyQuerySchema = z.object( {
	page: z.number().int().min( 1 ),
	per_page: z.number().int().min( 1 ).max( 100 ),
	outcome: z.enum( HISTORY_OUTCOMES ).optional(),
	kind: z.enum( DOCUMENT_KINDS ).optional(),
	search: z.string().max( 64 ).optional(),
	after: z.string().optional(),
	before: z.string().optional(),
} );

/** POST /woosync/v1/orders/<id>/invoice/resync: the sync's result (also the body of a 422/502). */
export const resyncResultSchema = z
	.object( {
		outcome: z.string(),
		invoice: z
			.object( { number: z.string().optional() } )
			.passthrough()
			.nullable()
			.optional(),
		error: z
			.object( { code: z.string(), message: z.string() } )
			.passthrough()
			.nullable()
			.optional(),
	} )
	.passthrough();

export type Attempt = z.infer< typeof attemptSchema >;
export type HistoryQuery = z.infer< typeof historyQuerySchema >;
export type ResyncResult = z.infer< typeof resyncResultSchema >;

/**
 * POST /woosync/v1/orders/<id>/invoice/preview answers the sidecar's preview as it is: the
 * sidecar's own schema is the one source of that shape.
 */
export { previewResponseSchema } from '../../sidecar/schemas';
export type { PreviewResponse as Preview } from '../../sidecar/schemas';
