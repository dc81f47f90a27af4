/**
 * Zod schemas: the single source of truth for every shape the core reads.
 * Types are `z.infer` of these schemas; nothing is declared twice.
 *
 * Field names follow the WooCommerce REST API v3 (orders.md, order-refunds.md).
 * Unknown keys (`_links`, `order_key`, ...) are dropped. Money stays a decimal
 * string after parsing ("12.00", "0.588"); the builders turn it into exact
 * `Dec` atoms (see money.ts). A JS number is accepted where WooCommerce
 * sometimes sends one (e.g. `price: 3`) and is read through its shortest text.
 */
import { z } from 'zod';
import { isDecimalText, numberToText } from './money';

const decimalMessage = 'expected a decimal number such as "12.50"';

/** A decimal as text; numbers are converted to their shortest text. */
export const decimalSchema = z
	.union( [
		z.string().refine( isDecimalText, decimalMessage ),
		z
			.number()
			.refine(
				( value ) =>
					Number.isFinite( value ) && ! /e/i.test( String( value ) ),
				decimalMessage
			),
	] )
	.transform( ( value ) =>
		typeof value === 'number' ? numberToText( value ) : value.trim()
	);

/** Like decimalSchema, but "" and null (WooCommerce's "no value") read as "0". */
export const optionalDecimalSchema = z
	.union( [ z.literal( '' ), z.null(), decimalSchema ] )
	.transform( ( value ) => ( value === '' || value === null ? '0' : value ) );

/** Ids arrive as integers, sometimes as numeric strings (tax_lines.rate_id in the docs). */
export const idSchema = z
	.union( [
		z.number().int().nonnegative(),
		z.string().regex( /^\d+$/, 'expected an id' ),
	] )
	.transform( ( value ) => Number( value ) );

const text = z
	.union( [ z.string(), z.null() ] )
	.optional()
	.transform( ( value ) => value ?? '' );

const dateText = z
	.union( [ z.string(), z.null() ] )
	.optional()
	.transform( ( value ) => ( value ? value : null ) );

export const addressSchema = z.object( {
	first_name: text,
	last_name: text,
	company: text,
	address_1: text,
	address_2: text,
	city: text,
	state: text,
	postcode: text,
	country: text,
	email: text,
	phone: text,
} );

export const metaSchema = z.object( {
	id: z.number().optional(),
	key: z.string(),
	value: z.unknown(),
	display_key: z.string().optional(),
	display_value: z.unknown().optional(),
} );

export const itemTaxSchema = z.object( {
	id: idSchema,
	total: optionalDecimalSchema.default( '0' ),
	subtotal: optionalDecimalSchema.optional(),
} );

export const lineItemSchema = z.object( {
	id: idSchema,
	name: z.string(),
	product_id: idSchema.optional(),
	variation_id: idSchema.optional(),
	quantity: decimalSchema,
	tax_class: text,
	subtotal: decimalSchema,
	subtotal_tax: optionalDecimalSchema.default( '0' ),
	total: decimalSchema,
	total_tax: optionalDecimalSchema.default( '0' ),
	taxes: z.array( itemTaxSchema ).default( [] ),
	meta_data: z.array( metaSchema ).default( [] ),
	sku: text,
} );

export const taxLineSchema = z.object( {
	id: idSchema.optional(),
	rate_code: text,
	rate_id: idSchema,
	label: text,
	compound: z.boolean().default( false ),
	tax_total: optionalDecimalSchema.default( '0' ),
	shipping_tax_total: optionalDecimalSchema.default( '0' ),
	/** Present in WooCommerce >= 3.7 REST output; older snapshots lack it. */
	rate_percent: decimalSchema.optional(),
} );

export const shippingLineSchema = z.object( {
	id: idSchema,
	method_title: text,
	method_id: text,
	total: decimalSchema,
	total_tax: optionalDecimalSchema.default( '0' ),
	taxes: z.array( itemTaxSchema ).default( [] ),
} );

export const feeLineSchema = z.object( {
	id: idSchema,
	name: z.string(),
	tax_class: text,
	tax_status: z.enum( [ 'taxable', 'none' ] ).default( 'taxable' ),
	total: decimalSchema,
	total_tax: optionalDecimalSchema.default( '0' ),
	taxes: z.array( itemTaxSchema ).default( [] ),
} );

export const couponLineSchema = z.object( {
	id: idSchema,
	code: z.string(),
	discount: optionalDecimalSchema.default( '0' ),
	discount_tax: optionalDecimalSchema.default( '0' ),
	discount_type: z.string().optional(),
} );

export const orderRefundRefSchema = z.object( {
	id: idSchema,
	reason: text,
	total: decimalSchema,
} );

/** An order snapshot in WooCommerce REST v3 field names. */
export const orderSchema = z.object( {
	id: idSchema,
	number: z
		.union( [ z.string().min( 1 ), z.number().int() ] )
		.transform( ( value ) => String( value ) ),
	status: z.string().optional(),
	currency: z
		.string()
		.regex( /^[A-Z]{3}$/, 'expected an ISO 4217 code such as "EUR"' ),
	prices_include_tax: z.boolean().default( false ),
	date_created: dateText,
	date_created_gmt: dateText,
	date_paid: dateText,
	date_paid_gmt: dateText,
	date_completed: dateText,
	date_completed_gmt: dateText,
	discount_total: optionalDecimalSchema.optional(),
	discount_tax: optionalDecimalSchema.optional(),
	shipping_total: optionalDecimalSchema.optional(),
	shipping_tax: optionalDecimalSchema.optional(),
	cart_tax: optionalDecimalSchema.optional(),
	total: decimalSchema,
	total_tax: optionalDecimalSchema.optional(),
	customer_id: z.number().optional(),
	customer_note: text,
	billing: addressSchema.default( () => addressSchema.parse( {} ) ),
	shipping: addressSchema.default( () => addressSchema.parse( {} ) ),
	payment_method: text,
	payment_method_title: text,
	transaction_id: text,
	line_items: z.array( lineItemSchema ).default( [] ),
	tax_lines: z.array( taxLineSchema ).default( [] ),
	shipping_lines: z.array( shippingLineSchema ).default( [] ),
	fee_lines: z.array( feeLineSchema ).default( [] ),
	coupon_lines: z.array( couponLineSchema ).default( [] ),
	refunds: z.array( orderRefundRefSchema ).default( [] ),
} );

/** A refund snapshot (GET /orders/<id>/refunds/<refund_id>): line values are negative. */
export const refundSchema = z.object( {
	id: idSchema,
	date_created: dateText,
	date_created_gmt: dateText,
	amount: decimalSchema,
	reason: text,
	refunded_by: z.number().optional(),
	refunded_payment: z.boolean().optional(),
	line_items: z.array( lineItemSchema ).default( [] ),
	shipping_lines: z.array( shippingLineSchema ).default( [] ),
	fee_lines: z.array( feeLineSchema ).default( [] ),
	tax_lines: z.array( taxLineSchema ).default( [] ),
} );

// Creating an Intl.DateTimeFormat is costly: remember the zones already checked.
const knownZones = new Map< string, boolean >();

function isTimeZone( zone: string ): boolean {
	if ( /^[+-]\d{2}:?\d{2}$/.test( zone ) ) {
		return true;
	}
	let known = knownZones.get( zone );
	if ( known === undefined ) {
		try {
			new Intl.DateTimeFormat( 'en-US', { timeZone: zone } );
			known = true;
		} catch {
			known = false;
		}
		knownZones.set( zone, known );
	}
	return known;
}

/** Store settings (WooSync admin page). Every field has a default. */
export const settingsSchema = z.object( {
	/** Admin-note signature prefix: "<prefix>: Order #<number>". */
	signature_prefix: z.string().min( 1 ).default( 'WooSync' ),
	/** Store time zone: an IANA name ("Europe/Berlin") or a fixed offset ("+02:00"). */
	timezone: z
		.string()
		.refine(
			isTimeZone,
			'expected an IANA time zone such as "Europe/Berlin" or an offset such as "+02:00"'
		)
		.default( 'UTC' ),
	/** WooCommerce price decimals (woocommerce_price_num_decimals): 0, 2 or 3 in practice. */
	price_decimals: z.number().int().min( 0 ).max( 4 ).default( 2 ),
	/** Perfex decimal places (app_decimal_places, 2 unless a filter changes it). */
	perfex_decimals: z.number().int().min( 0 ).max( 4 ).default( 2 ),
	/** Which order date becomes the invoice date. */
	invoice_date_source: z
		.enum( [ 'completed', 'paid', 'created' ] )
		.default( 'completed' ),
	/** Days until the due date when the order was not paid at creation. */
	due_days: z.number().int().min( 0 ).max( 3650 ).default( 30 ),
	/** Payment methods whose paid date is set by the merchant later (not paid at checkout). */
	offline_payment_methods: z
		.array( z.string() )
		.default( [ 'bacs', 'cheque', 'cod' ] ),
	/** Zero-total orders: a typed "skipped" outcome, or a refusal. */
	zero_total: z.enum( [ 'skip', 'refuse' ] ).default( 'skip' ),
	/** What a refund becomes in Perfex. */
	refund_document: z
		.enum( [ 'credit_note', 'expense' ] )
		.default( 'credit_note' ),
	/** Perfex expense category id (tblexpenses_categories), required for expenses. */
	expense_category_id: z.number().int().positive().optional(),
	/** WooCommerce payment method id -> Perfex payment mode ids ("1", "stripe", ...). */
	payment_modes: z
		.record( z.string(), z.array( z.string() ).min( 1 ) )
		.default( {} ),
	/** Perfex payment modes for any other method (Perfex seeds mode 1 "Bank"). */
	default_payment_modes: z.array( z.string() ).min( 1 ).default( [ '1' ] ),
	/** ISO 3166-1 alpha-2 -> Perfex tblcountries.country_id. */
	country_ids: z
		.record( z.string(), z.number().int().nonnegative() )
		.default( {} ),
	/** Client note printed on every invoice. */
	client_note: z.string().default( '' ),
	/** Perfex item unit (varchar 40). */
	unit: z.string().max( 40 ).default( '' ),
} );

export const taxMappingSchema = z.object( {
	/** WooCommerce tax rate id (tax_lines[].rate_id, taxes[].id). */
	wc_rate_id: idSchema,
	/** Optional WooCommerce tax class slug ("" = standard); when set, it must match the line's class. */
	wc_tax_class: z.string().optional(),
	/** Perfex tbltaxes.id (needed for expenses; null when unknown). */
	perfex_tax_id: z.number().int().positive().nullable().default( null ),
	/** Perfex tax name (tbltaxes.name). */
	name: z
		.string()
		.min( 1 )
		.max( 100 )
		.refine(
			( v ) => ! v.includes( '|' ),
			'a Perfex tax name cannot contain "|"'
		),
	/** Perfex tax rate in percent (tbltaxes.taxrate, 2 decimals); for a compound WooCommerce rate, its nominal rate. */
	rate: decimalSchema,
} );

export const mappingsSchema = z.object( {
	/** Absent: identity mapping (name = WooCommerce label, rate = WooCommerce rate), said in the warnings. */
	taxes: z.array( taxMappingSchema ).optional(),
	/** ISO 4217 code -> Perfex tblcurrencies.id. */
	currencies: z
		.record( z.string(), z.number().int().positive() )
		.default( {} ),
	/** Perfex base currency id (isdefault = 1), used when a currency is not mapped. */
	base_currency_id: z.number().int().positive().default( 1 ),
} );

const settingsDefault = () => settingsSchema.parse( {} );
const mappingsDefault = () => mappingsSchema.parse( {} );

/** What the sidecar and the CLI settings file hold. */
export const configSchema = z.object( {
	settings: settingsSchema.default( settingsDefault ),
	mappings: mappingsSchema.default( mappingsDefault ),
} );

export const invoiceInputSchema = configSchema.extend( {
	order: orderSchema,
} );

export const refundInputSchema = configSchema.extend( {
	order: orderSchema,
	refund: refundSchema,
} );

export type Order = z.infer< typeof orderSchema >;
export type LineItem = z.infer< typeof lineItemSchema >;
export type ItemTax = z.infer< typeof itemTaxSchema >;
export type TaxLine = z.infer< typeof taxLineSchema >;
export type ShippingLine = z.infer< typeof shippingLineSchema >;
export type FeeLine = z.infer< typeof feeLineSchema >;
export type CouponLine = z.infer< typeof couponLineSchema >;
export type Refund = z.infer< typeof refundSchema >;
export type Settings = z.infer< typeof settingsSchema >;
export type TaxMapping = z.infer< typeof taxMappingSchema >;
export type Mappings = z.infer< typeof mappingsSchema >;
export type Config = z.infer< typeof configSchema >;
export type InvoiceInput = z.input< typeof invoiceInputSchema >;
export type RefundInput = z.input< typeof refundInputSchema >;
export type ParsedInvoiceInput = z.infer< typeof invoiceInputSchema >;
export type ParsedRefundInput = z.infer< typeof refundInputSchema >;
