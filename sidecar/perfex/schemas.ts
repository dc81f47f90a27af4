/**
 * Zod schemas for everything the Perfex REST API module sends back: the single source of truth
 * for response shapes. Perfex (mysqli) returns numbers as JSON strings (`"id":"2"`,
 * `"total":"5.00"`); these schemas accept strings and numbers and give typed values.
 */
import { z } from 'zod';

/**
 * Canonical decimal string: no sign for zero, no leading zeros, at least two decimals.
 * @param input
 */
export function canonicalDecimal( input: string | number ): string {
	const raw = typeof input === 'number' ? String( input ) : input.trim();
	const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec( raw );
	if ( ! match || ( match[ 2 ] === '' && ( match[ 3 ] ?? '' ) === '' ) ) {
		throw new RangeError(
			`Not a decimal number: ${ JSON.stringify( input ) }`
		);
	}
	const intPart = ( match[ 2 ] ?? '' ).replace( /^0+(?=\d)/, '' ) || '0';
	let frac = ( match[ 3 ] ?? '' ).replace( /0+$/, '' );
	while ( frac.length < 2 ) {
		frac += '0';
	}
	const zero = /^0+$/.test( intPart + frac );
	const sign = match[ 1 ] === '-' && ! zero ? '-' : '';
	return `${ sign }${ intPart }.${ frac }`;
}

export const idSchema = z
	.union( [
		z.number().int().nonnegative(),
		z.string().regex( /^\d+$/, 'expected a numeric id' ),
	] )
	.transform( ( value ) => Number( value ) );

export const moneySchema = z
	.union( [
		z.number().finite(),
		z.string().regex( /^[+-]?\d*(\.\d*)?$/, 'expected a decimal number' ),
	] )
	.transform( ( value, ctx ) => {
		try {
			return canonicalDecimal( value );
		} catch {
			ctx.addIssue( {
				code: 'custom',
				message: 'expected a decimal number',
			} );
			return z.NEVER;
		}
	} );

const optionalText = z.string().nullish();
const optionalMoney = moneySchema.nullish();
const optionalId = z
	.union( [ idSchema, z.literal( '' ), z.null() ] )
	.optional()
	.transform( ( value ) =>
		value === '' || value === null || value === undefined ? null : value
	);

export const INVOICE_STATUS = {
	unpaid: 1,
	paid: 2,
	partiallyPaid: 3,
	overdue: 4,
	cancelled: 5,
	draft: 6,
} as const;
export type InvoiceStatusCode =
	( typeof INVOICE_STATUS )[ keyof typeof INVOICE_STATUS ];
export type InvoiceStatusName = keyof typeof INVOICE_STATUS;

export function invoiceStatusName(
	code: number
): InvoiceStatusName | 'unknown' {
	for ( const [ name, value ] of Object.entries( INVOICE_STATUS ) ) {
		if ( value === code ) {
			return name as InvoiceStatusName;
		}
	}
	return 'unknown';
}

/** `{ status: true, message, record_id }` (code); docs also show `id` (webhooks). */
export const createResponseSchema = z
	.looseObject( {
		status: z.union( [ z.boolean(), z.number(), z.string() ] ).optional(),
		message: z.string().optional(),
		record_id: idSchema.optional(),
		id: idSchema.optional(),
	} )
	.transform( ( body ) => ( {
		message: body.message ?? '',
		recordId: body.record_id ?? body.id ?? null,
	} ) );
export type CreateResponse = z.output< typeof createResponseSchema >;

export const messageResponseSchema = z.looseObject( {
	status: z.union( [ z.boolean(), z.number(), z.string() ] ).optional(),
	message: z.string().optional(),
} );

/**
 * Error bodies: code `{status:false, error:{field:msg}, message:"<p>…"}`, docs `{errors:{…}}`,
 * payments quirk `{paymentmode:false, message}`.
 */
export const errorBodySchema = z.looseObject( {
	status: z.unknown().optional(),
	message: z.unknown().optional(),
	error: z
		.union( [ z.string(), z.record( z.string(), z.unknown() ) ] )
		.optional(),
	errors: z.record( z.string(), z.unknown() ).optional(),
} );

export const listMetaSchema = z.looseObject( {
	page: z.coerce.number().int().optional(),
	per_page: z.coerce.number().int().optional(),
	total: z.coerce.number().int().optional(),
	total_pages: z.coerce.number().int().optional(),
	has_more: z.boolean().optional(),
	current_page: z.coerce.number().int().optional(),
	last_page: z.coerce.number().int().optional(),
} );
export type ListMeta = z.output< typeof listMetaSchema >;

/**
 * Both list shapes: the legacy plain array and the v3 `{ data, meta }` envelope.
 * @param item
 */
export function listResponseSchema< T extends z.ZodType >( item: T ) {
	return z.union( [
		z.array( item ).transform( ( data ) => ( {
			data,
			meta: null as ListMeta | null,
		} ) ),
		z
			.looseObject( { data: z.array( item ), meta: listMetaSchema } )
			.transform( ( body ) => ( {
				data: body.data,
				meta: body.meta as ListMeta | null,
			} ) ),
	] );
}

export const customerSchema = z
	.looseObject( {
		userid: idSchema.optional(),
		id: idSchema.optional(),
		company: optionalText,
		vat: optionalText,
		phonenumber: optionalText,
		country: optionalId,
		city: optionalText,
		zip: optionalText,
		state: optionalText,
		address: optionalText,
		billing_street: optionalText,
		billing_city: optionalText,
		billing_state: optionalText,
		billing_zip: optionalText,
		billing_country: optionalId,
		default_currency: optionalId,
		active: z.union( [ z.string(), z.number() ] ).nullish(),
	} )
	.refine( ( row ) => row.userid !== undefined || row.id !== undefined, {
		message: 'customer without userid',
	} )
	.transform( ( row ) => ( {
		...row,
		customerId: ( row.userid ?? row.id ) as number,
	} ) );
export type Customer = z.output< typeof customerSchema >;

export const contactSchema = z.looseObject( {
	id: idSchema,
	userid: idSchema,
	firstname: optionalText,
	lastname: optionalText,
	email: z.string(),
	is_primary: z.union( [ z.string(), z.number() ] ).nullish(),
} );
export type Contact = z.output< typeof contactSchema >;

export const itemSchema = z.looseObject( {
	id: idSchema.optional(),
	description: optionalText,
	long_description: optionalText,
	qty: optionalMoney,
	rate: optionalMoney,
	unit: optionalText,
	item_order: z.union( [ z.string(), z.number() ] ).nullish(),
	taxname: z.union( [ z.array( z.string() ), z.string() ] ).nullish(),
	taxrate: z.array( z.union( [ z.string(), z.number() ] ) ).nullish(),
} );
export type Item = z.output< typeof itemSchema >;

/**
 * A payment row as embedded in an invoice or read from /payments. Quirk (§4.2): `id` is the
 * *payment mode's* id; the payment's own id is `paymentid`.
 */
export const paymentSchema = z.looseObject( {
	paymentid: idSchema.optional(),
	id: z.union( [ z.string(), z.number() ] ).nullish(),
	invoiceid: idSchema,
	amount: moneySchema,
	paymentmode: z.union( [ z.string(), z.number() ] ).nullish(),
	transactionid: optionalText,
	note: optionalText,
	date: optionalText,
} );
export type Payment = z.output< typeof paymentSchema >;

export const invoiceSchema = z.looseObject( {
	id: idSchema,
	number: z
		.union( [ z.string(), z.number() ] )
		.transform( ( v ) => String( v ) ),
	prefix: optionalText,
	formatted_number: optionalText,
	clientid: idSchema,
	date: z.string(),
	duedate: optionalText,
	currency: idSchema,
	subtotal: moneySchema,
	total_tax: moneySchema,
	total: moneySchema,
	adjustment: optionalMoney,
	discount_percent: optionalMoney,
	discount_total: optionalMoney,
	discount_type: optionalText,
	status: idSchema,
	adminnote: optionalText,
	clientnote: optionalText,
	total_left_to_pay: optionalMoney,
	items: z.array( itemSchema ).optional(),
	payments: z.array( paymentSchema ).optional(),
} );
export type Invoice = z.output< typeof invoiceSchema >;

/** Rows of `/invoices/search/{key}`: invoice columns joined with client columns. */
export const invoiceSearchRowSchema = z
	.looseObject( {
		id: idSchema.optional(),
		invoiceid: idSchema.optional(),
		number: z.union( [ z.string(), z.number() ] ).optional(),
		adminnote: optionalText,
		status: idSchema.optional(),
	} )
	.refine( ( row ) => row.invoiceid !== undefined || row.id !== undefined, {
		message: 'search row without id',
	} )
	.transform( ( row ) => ( {
		...row,
		invoiceId: ( row.invoiceid ?? row.id ) as number,
	} ) );

export const creditNoteSchema = z.looseObject( {
	id: idSchema,
	number: z
		.union( [ z.string(), z.number() ] )
		.transform( ( v ) => String( v ) ),
	clientid: idSchema,
	date: z.string(),
	currency: idSchema,
	subtotal: moneySchema,
	total_tax: moneySchema,
	total: moneySchema,
	status: idSchema.optional(),
	adminnote: optionalText,
	reference_no: optionalText,
	items: z.array( itemSchema ).optional(),
} );
export type CreditNote = z.output< typeof creditNoteSchema >;

export const expenseSchema = z.looseObject( {
	id: idSchema,
	category: idSchema,
	currency: idSchema,
	amount: moneySchema,
	date: z.string(),
	expense_name: optionalText,
	note: optionalText,
	reference_no: optionalText,
	clientid: optionalId,
} );
export type Expense = z.output< typeof expenseSchema >;

export const taxSchema = z.looseObject( {
	id: idSchema,
	name: z.string(),
	taxrate: moneySchema,
} );
export type Tax = z.output< typeof taxSchema >;

/** Offline modes have numeric ids; online gateways have string ids ("stripe"). */
export const paymentModeSchema = z.looseObject( {
	id: z.union( [ z.string(), z.number() ] ).transform( ( v ) => String( v ) ),
	name: z.string(),
	description: optionalText,
} );
export type PaymentMode = z.output< typeof paymentModeSchema >;

export const expenseCategorySchema = z.looseObject( {
	id: idSchema,
	name: z.string(),
	description: optionalText,
} );
export type ExpenseCategory = z.output< typeof expenseCategorySchema >;

export const webhookSchema = z
	.looseObject( {
		id: idSchema,
		name: optionalText,
		url: z.string(),
		events: z.union( [ z.array( z.string() ), z.string() ] ),
		active: z.union( [ z.string(), z.number(), z.boolean() ] ).nullish(),
	} )
	.transform( ( row ) => ( {
		...row,
		events: Array.isArray( row.events )
			? row.events
			: row.events
					.split( ',' )
					.map( ( event ) => event.trim() )
					.filter( ( event ) => event !== '' ),
	} ) );
export type Webhook = z.output< typeof webhookSchema >;
