/**
 * Fast input parsing for the builders, with the same results as the schemas.
 *
 * Parsing an order through `orderSchema` costs more than building the invoice:
 * every decimal, id and text field is a zod union piped into a transform. Here
 * the order is first validated by a zod schema of the same shape whose leaves
 * are single checks (no unions, no pipes, no defaults), then normalised by
 * plain code into exactly what `orderSchema` would output (same values, same
 * keys in the same order, defaults applied, unknown keys dropped).
 *
 * The fast schema accepts a subset of what `orderSchema` accepts. When it
 * rejects an input, the full schema runs and decides: its error listing (every
 * bad path with zod's message) is what the caller sees, and should it accept
 * an input the fast schema refused, its output is used. Mappings are parsed
 * the same way; settings (small, all defaults) go through their own schema.
 */
import { z } from 'zod';
import { numberToText } from './money';
import {
	configSchema,
	mappingsSchema,
	metaSchema,
	invoiceInputSchema,
	refundInputSchema,
	type CouponLine,
	type FeeLine,
	type ItemTax,
	type LineItem,
	type Mappings,
	type Order,
	type Refund,
	type ShippingLine,
	type TaxLine,
	type TaxMapping,
} from './schemas';

type Raw = Record< string, unknown >;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DIGITS = /^\d+$/;
const CURRENCY = /^[A-Z]{3}$/;

/*
 * The fast schema checks types and shape only (zod's plain types are cheap;
 * every refinement costs about as much as ten of them). The content rules
 * (decimal text, id digits, currency code) are checked by the one transform
 * per document that also normalises it; a failure there is an issue, and the
 * full schema then produces the listing.
 */
const decimal = z.union( [ z.string(), z.number() ] );
const optionalDecimal = z
	.union( [ z.string(), z.number(), z.null() ] )
	.optional();
const id = z.union( [ z.number(), z.string() ] );
const text = z.string().nullable().optional();
const list = ( item: z.ZodType ) => z.array( item ).optional();

const fastAddress = z
	.object( {
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
	} )
	.optional();

const fastItemTax = z.object( {
	id,
	total: optionalDecimal,
	subtotal: optionalDecimal,
} );

const fastLineItem = z.object( {
	id,
	name: z.string(),
	product_id: id.optional(),
	variation_id: id.optional(),
	quantity: decimal,
	tax_class: text,
	subtotal: decimal,
	subtotal_tax: optionalDecimal,
	total: decimal,
	total_tax: optionalDecimal,
	taxes: list( fastItemTax ),
	// No transform in metaSchema: its output is used as it is.
	meta_data: list( metaSchema ),
	sku: text,
} );

const fastTaxLine = z.object( {
	id: id.optional(),
	rate_code: text,
	rate_id: id,
	label: text,
	compound: z.boolean().optional(),
	tax_total: optionalDecimal,
	shipping_tax_total: optionalDecimal,
	rate_percent: decimal.optional(),
} );

const fastShippingLine = z.object( {
	id,
	method_title: text,
	method_id: text,
	total: decimal,
	total_tax: optionalDecimal,
	taxes: list( fastItemTax ),
} );

const fastFeeLine = z.object( {
	id,
	name: z.string(),
	tax_class: text,
	tax_status: z.enum( [ 'taxable', 'none' ] ).optional(),
	total: decimal,
	total_tax: optionalDecimal,
	taxes: list( fastItemTax ),
} );

const fastCouponLine = z.object( {
	id,
	code: z.string(),
	discount: optionalDecimal,
	discount_tax: optionalDecimal,
	discount_type: z.string().optional(),
} );

const fastRefundRef = z.object( {
	id,
	reason: text,
	total: decimal,
} );

const fastOrderShape = z.object( {
	id,
	number: z.union( [ z.string(), z.number() ] ),
	status: z.string().optional(),
	currency: z.string(),
	prices_include_tax: z.boolean().optional(),
	date_created: text,
	date_created_gmt: text,
	date_paid: text,
	date_paid_gmt: text,
	date_completed: text,
	date_completed_gmt: text,
	discount_total: optionalDecimal,
	discount_tax: optionalDecimal,
	shipping_total: optionalDecimal,
	shipping_tax: optionalDecimal,
	cart_tax: optionalDecimal,
	total: decimal,
	total_tax: optionalDecimal,
	customer_id: z.number().optional(),
	customer_note: text,
	billing: fastAddress,
	shipping: fastAddress,
	payment_method: text,
	payment_method_title: text,
	transaction_id: text,
	line_items: list( fastLineItem ),
	tax_lines: list( fastTaxLine ),
	shipping_lines: list( fastShippingLine ),
	fee_lines: list( fastFeeLine ),
	coupon_lines: list( fastCouponLine ),
	refunds: list( fastRefundRef ),
} );

const fastRefundShape = z.object( {
	id,
	date_created: text,
	date_created_gmt: text,
	amount: decimal,
	reason: text,
	refunded_by: z.number().optional(),
	refunded_payment: z.boolean().optional(),
	line_items: list( fastLineItem ),
	shipping_lines: list( fastShippingLine ),
	fee_lines: list( fastFeeLine ),
	tax_lines: list( fastTaxLine ),
} );

/** Thrown by the normalisers when a value breaks a content rule. */
class NotCanonical extends Error {}

function ensure( ok: boolean ): void {
	if ( ! ok ) {
		throw new NotCanonical();
	}
}

// Normalisation: what the full schemas' transforms and defaults produce.

// Text only without surrounding white space (the full schema trims it).
function decimalText( value: unknown ): string {
	if ( typeof value === 'string' ) {
		ensure( DECIMAL.test( value ) );
		return value;
	}
	const number = value as number;
	ensure( Number.isFinite( number ) && ! String( number ).includes( 'e' ) );
	return numberToText( number );
}

function optionalDecimalText( value: unknown ): string {
	return value === undefined || value === null || value === ''
		? '0'
		: decimalText( value );
}

const textOf = ( value: unknown ): string =>
	typeof value === 'string' ? value : '';

const dateOf = ( value: unknown ): string | null =>
	typeof value === 'string' && value !== '' ? value : null;

function idOf( value: unknown ): number {
	if ( typeof value === 'number' ) {
		ensure( Number.isSafeInteger( value ) && value >= 0 );
		return value;
	}
	ensure( DIGITS.test( value as string ) );
	return Number( value );
}

function address( raw: unknown ): Order[ 'billing' ] {
	const a = ( raw ?? {} ) as Raw;
	return {
		first_name: textOf( a.first_name ),
		last_name: textOf( a.last_name ),
		company: textOf( a.company ),
		address_1: textOf( a.address_1 ),
		address_2: textOf( a.address_2 ),
		city: textOf( a.city ),
		state: textOf( a.state ),
		postcode: textOf( a.postcode ),
		country: textOf( a.country ),
		email: textOf( a.email ),
		phone: textOf( a.phone ),
	};
}

function mapList< T >( raw: unknown, one: ( item: Raw ) => T ): T[] {
	if ( raw === undefined ) {
		return [];
	}
	const items = raw as Raw[];
	const out = new Array< T >( items.length );
	for ( let i = 0; i < items.length; i++ ) {
		out[ i ] = one( items[ i ] as Raw );
	}
	return out;
}

function itemTax( raw: Raw ): ItemTax {
	const out: ItemTax = {
		id: idOf( raw.id ),
		total: optionalDecimalText( raw.total ),
	};
	if ( raw.subtotal !== undefined ) {
		out.subtotal = optionalDecimalText( raw.subtotal );
	}
	return out;
}

function lineItem( raw: Raw ): LineItem {
	const out: Raw = { id: idOf( raw.id ), name: raw.name };
	if ( raw.product_id !== undefined ) {
		out.product_id = idOf( raw.product_id );
	}
	if ( raw.variation_id !== undefined ) {
		out.variation_id = idOf( raw.variation_id );
	}
	out.quantity = decimalText( raw.quantity );
	out.tax_class = textOf( raw.tax_class );
	out.subtotal = decimalText( raw.subtotal );
	out.subtotal_tax = optionalDecimalText( raw.subtotal_tax );
	out.total = decimalText( raw.total );
	out.total_tax = optionalDecimalText( raw.total_tax );
	out.taxes = mapList( raw.taxes, itemTax );
	out.meta_data = ( raw.meta_data ?? [] ) as LineItem[ 'meta_data' ];
	out.sku = textOf( raw.sku );
	return out as LineItem;
}

function taxLine( raw: Raw ): TaxLine {
	const out: Raw = {};
	if ( raw.id !== undefined ) {
		out.id = idOf( raw.id );
	}
	out.rate_code = textOf( raw.rate_code );
	out.rate_id = idOf( raw.rate_id );
	out.label = textOf( raw.label );
	out.compound = raw.compound ?? false;
	out.tax_total = optionalDecimalText( raw.tax_total );
	out.shipping_tax_total = optionalDecimalText( raw.shipping_tax_total );
	if ( raw.rate_percent !== undefined ) {
		out.rate_percent = decimalText( raw.rate_percent );
	}
	return out as TaxLine;
}

function shippingLine( raw: Raw ): ShippingLine {
	return {
		id: idOf( raw.id ),
		method_title: textOf( raw.method_title ),
		method_id: textOf( raw.method_id ),
		total: decimalText( raw.total ),
		total_tax: optionalDecimalText( raw.total_tax ),
		taxes: mapList( raw.taxes, itemTax ),
	};
}

function feeLine( raw: Raw ): FeeLine {
	return {
		id: idOf( raw.id ),
		name: raw.name as string,
		tax_class: textOf( raw.tax_class ),
		tax_status: ( raw.tax_status ?? 'taxable' ) as FeeLine[ 'tax_status' ],
		total: decimalText( raw.total ),
		total_tax: optionalDecimalText( raw.total_tax ),
		taxes: mapList( raw.taxes, itemTax ),
	};
}

function couponLine( raw: Raw ): CouponLine {
	const out: CouponLine = {
		id: idOf( raw.id ),
		code: raw.code as string,
		discount: optionalDecimalText( raw.discount ),
		discount_tax: optionalDecimalText( raw.discount_tax ),
	};
	if ( raw.discount_type !== undefined ) {
		out.discount_type = raw.discount_type as string;
	}
	return out;
}

const ORDER_OPTIONAL_DECIMALS = [
	'discount_total',
	'discount_tax',
	'shipping_total',
	'shipping_tax',
	'cart_tax',
] as const;

function order( raw: Raw ): Order {
	const number = raw.number;
	ensure(
		typeof number === 'string'
			? number.length > 0
			: Number.isSafeInteger( number )
	);
	const out: Raw = {
		id: idOf( raw.id ),
		number: String( number ),
	};
	if ( raw.status !== undefined ) {
		out.status = raw.status;
	}
	ensure( CURRENCY.test( raw.currency as string ) );
	out.currency = raw.currency;
	out.prices_include_tax = raw.prices_include_tax ?? false;
	out.date_created = dateOf( raw.date_created );
	out.date_created_gmt = dateOf( raw.date_created_gmt );
	out.date_paid = dateOf( raw.date_paid );
	out.date_paid_gmt = dateOf( raw.date_paid_gmt );
	out.date_completed = dateOf( raw.date_completed );
	out.date_completed_gmt = dateOf( raw.date_completed_gmt );
	for ( const key of ORDER_OPTIONAL_DECIMALS ) {
		if ( raw[ key ] !== undefined ) {
			out[ key ] = optionalDecimalText( raw[ key ] );
		}
	}
	out.total = decimalText( raw.total );
	if ( raw.total_tax !== undefined ) {
		out.total_tax = optionalDecimalText( raw.total_tax );
	}
	if ( raw.customer_id !== undefined ) {
		out.customer_id = raw.customer_id;
	}
	out.customer_note = textOf( raw.customer_note );
	out.billing = address( raw.billing );
	out.shipping = address( raw.shipping );
	out.payment_method = textOf( raw.payment_method );
	out.payment_method_title = textOf( raw.payment_method_title );
	out.transaction_id = textOf( raw.transaction_id );
	out.line_items = mapList( raw.line_items, lineItem );
	out.tax_lines = mapList( raw.tax_lines, taxLine );
	out.shipping_lines = mapList( raw.shipping_lines, shippingLine );
	out.fee_lines = mapList( raw.fee_lines, feeLine );
	out.coupon_lines = mapList( raw.coupon_lines, couponLine );
	out.refunds = mapList( raw.refunds, ( ref ) => ( {
		id: idOf( ref.id ),
		reason: textOf( ref.reason ),
		total: decimalText( ref.total ),
	} ) );
	return out as Order;
}

function refund( raw: Raw ): Refund {
	const out: Raw = {
		id: idOf( raw.id ),
		date_created: dateOf( raw.date_created ),
		date_created_gmt: dateOf( raw.date_created_gmt ),
		amount: decimalText( raw.amount ),
		reason: textOf( raw.reason ),
	};
	if ( raw.refunded_by !== undefined ) {
		out.refunded_by = raw.refunded_by;
	}
	if ( raw.refunded_payment !== undefined ) {
		out.refunded_payment = raw.refunded_payment;
	}
	out.line_items = mapList( raw.line_items, lineItem );
	out.shipping_lines = mapList( raw.shipping_lines, shippingLine );
	out.fee_lines = mapList( raw.fee_lines, feeLine );
	out.tax_lines = mapList( raw.tax_lines, taxLine );
	return out as Refund;
}

function normalising< T >( shape: z.ZodType, normalise: ( raw: Raw ) => T ) {
	return shape.transform( ( value, ctx ): T => {
		try {
			return normalise( value as Raw );
		} catch ( error ) {
			if ( ! ( error instanceof NotCanonical ) ) {
				throw error;
			}
			ctx.issues.push( {
				code: 'custom',
				message: 'not in canonical form',
				input: value,
			} );
			return z.NEVER;
		}
	} );
}

const fastTaxMapping = z.object( {
	wc_rate_id: id,
	wc_tax_class: z.string().optional(),
	perfex_tax_id: z.number().nullable().optional(),
	name: z.string(),
	rate: decimal,
} );

const fastMappingsShape = z.object( {
	taxes: z.array( fastTaxMapping ).optional(),
	currencies: z.record( z.string(), z.number() ).optional(),
	base_currency_id: z.number().optional(),
} );

const isPositiveInteger = ( value: unknown ): boolean =>
	Number.isSafeInteger( value ) && ( value as number ) > 0;

function taxMapping( raw: Raw ): TaxMapping {
	const out: Raw = { wc_rate_id: idOf( raw.wc_rate_id ) };
	if ( raw.wc_tax_class !== undefined ) {
		out.wc_tax_class = raw.wc_tax_class;
	}
	const perfexTaxId = raw.perfex_tax_id ?? null;
	ensure( perfexTaxId === null || isPositiveInteger( perfexTaxId ) );
	out.perfex_tax_id = perfexTaxId;
	const name = raw.name as string;
	ensure( name.length >= 1 && name.length <= 100 && ! name.includes( '|' ) );
	out.name = name;
	out.rate = decimalText( raw.rate );
	return out as TaxMapping;
}

function mappings( raw: Raw ): Mappings {
	const out: Raw = {};
	if ( raw.taxes !== undefined ) {
		out.taxes = mapList( raw.taxes, taxMapping );
	}
	const currencies = ( raw.currencies ?? {} ) as Record< string, number >;
	for ( const key in currencies ) {
		ensure( isPositiveInteger( currencies[ key ] ) );
	}
	out.currencies = currencies;
	const base = raw.base_currency_id ?? 1;
	ensure( isPositiveInteger( base ) );
	out.base_currency_id = base;
	return out as Mappings;
}

const fastConfig = z.object( {
	settings: configSchema.shape.settings,
	mappings: normalising( fastMappingsShape, mappings ).default( () =>
		mappingsSchema.parse( {} )
	),
} );

const fastInvoiceInput = fastConfig.extend( {
	order: normalising( fastOrderShape, order ),
} );
const fastRefundInput = fastConfig.extend( {
	order: normalising( fastOrderShape, order ),
	refund: normalising( fastRefundShape, refund ),
} );

/**
 * `invoiceInputSchema.safeParse( input )`, faster for the usual input.
 * @param input
 */
export function parseInvoiceInput(
	input: unknown
): ReturnType< typeof invoiceInputSchema.safeParse > {
	const fast = fastInvoiceInput.safeParse( input );
	if ( fast.success ) {
		return fast as ReturnType< typeof invoiceInputSchema.safeParse >;
	}
	return invoiceInputSchema.safeParse( input );
}

/**
 * `refundInputSchema.safeParse( input )`, faster for the usual input.
 * @param input
 */
export function parseRefundInput(
	input: unknown
): ReturnType< typeof refundInputSchema.safeParse > {
	const fast = fastRefundInput.safeParse( input );
	if ( fast.success ) {
		return fast as ReturnType< typeof refundInputSchema.safeParse >;
	}
	return refundInputSchema.safeParse( input );
}
