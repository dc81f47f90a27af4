/**
 * Output shapes: Perfex REST API module field names (perfex-facts.md §2.2, §4, §5.2),
 * plus the trace, warnings, refusals and outcomes. Schemas here too, so the
 * sidecar can validate a document it reads back with the same definitions.
 */
import { z } from 'zod';

const money = z.string().regex( /^-?\d+(\.\d+)?$/ );

/** One `newitems[n]` entry. Taxes are "name|rate" strings, e.g. "VAT|20.00". */
export const perfexItemSchema = z.object( {
	description: z.string(),
	long_description: z.string(),
	qty: money,
	rate: money,
	unit: z.string(),
	order: z.number().int().positive(),
	taxname: z.array( z.string().regex( /^[^|]+\|-?\d+(\.\d+)?$/ ) ),
} );

const addressFields = {
	billing_street: z.string(),
	billing_city: z.string(),
	billing_state: z.string(),
	billing_zip: z.string(),
	billing_country: z.number().int().nonnegative(),
	include_shipping: z.literal( 1 ).optional(),
	show_shipping_on_invoice: z.literal( 1 ).optional(),
	shipping_street: z.string().optional(),
	shipping_city: z.string().optional(),
	shipping_state: z.string().optional(),
	shipping_zip: z.string().optional(),
	shipping_country: z.number().int().nonnegative().optional(),
};

const totalsFields = {
	subtotal: money,
	total: money,
	adjustment: money,
	discount_percent: money,
	discount_total: money,
	discount_type: z.enum( [ '', 'before_tax', 'after_tax' ] ),
};

/**
 * POST /api/invoices body without `clientid` (the sidecar resolves the customer).
 * `number` is null when the WooCommerce order number is not numeric: the
 * sidecar must then choose one.
 */
export const perfexInvoiceSchema = z.object( {
	number: z.number().int().positive().nullable(),
	date: z.string().regex( /^\d{4}-\d{2}-\d{2}$/ ),
	duedate: z.string().regex( /^\d{4}-\d{2}-\d{2}$/ ),
	currency: z.number().int().positive(),
	newitems: z.array( perfexItemSchema ).min( 1 ),
	...totalsFields,
	...addressFields,
	adminnote: z.string(),
	clientnote: z.string(),
	allowed_payment_modes: z.array( z.string() ).min( 1 ),
} );

/** POST /api/credit_notes body without `clientid` and `number` (Perfex numbering). */
export const perfexCreditNoteSchema = z.object( {
	date: z.string().regex( /^\d{4}-\d{2}-\d{2}$/ ),
	currency: z.number().int().positive(),
	newitems: z.array( perfexItemSchema ).min( 1 ),
	...totalsFields,
	...addressFields,
	reference_no: z.string(),
	adminnote: z.string(),
	clientnote: z.string(),
} );

/** POST /api/expenses body without `clientid`. Perfex adds tax/tax2 on top of `amount`. */
export const perfexExpenseSchema = z.object( {
	expense_name: z.string(),
	category: z.number().int().positive(),
	amount: money,
	date: z.string().regex( /^\d{4}-\d{2}-\d{2}$/ ),
	currency: z.number().int().positive(),
	tax: z.number().int().positive().nullable(),
	tax2: z.number().int().positive().nullable(),
	paymentmode: z.string(),
	reference_no: z.string(),
	note: z.string(),
} );

export const warningSchema = z.object( {
	code: z.string(),
	message: z.string(),
} );

/** Why a document line exists: the rule, the WooCommerce item it came from, the exact amounts. */
export const traceLineSchema = z.object( {
	order: z.number().int(),
	rule: z.string(),
	source: z.enum( [
		'line_item',
		'shipping_line',
		'fee_line',
		'coupon_line',
		'discount',
		'refund_amount',
	] ),
	source_id: z.number().int().nullable(),
	/** The exact WooCommerce net amount this line stands for. */
	woo_net: z.string(),
	/** The Perfex line amount (qty x rate). */
	perfex_net: z.string(),
	note: z.string(),
} );

/** One contribution to the adjustment; the amounts add up to `residual` exactly. */
export const adjustmentPartSchema = z.object( {
	kind: z.enum( [
		'line_rounding',
		'tax_rounding',
		'perfex_tax_total_rounding',
		'woocommerce_total_rounding',
	] ),
	ref: z.string(),
	amount: z.string(),
} );

export const traceSchema = z.object( {
	lines: z.array( traceLineSchema ),
	taxes: z.array(
		z.object( {
			key: z.string(),
			woo_rate_ids: z.array( z.number().int() ),
			woo_amount: z.string(),
			perfex_amount: z.string(),
		} )
	),
	adjustment: z.object( {
		target_total: z.string(),
		perfex_total_before_adjustment: z.string(),
		residual: z.string(),
		tolerance: z.string(),
		parts: z.array( adjustmentPartSchema ),
	} ),
	rules: z.array( z.string() ),
} );

export const refusalCodeSchema = z.enum( [
	'unmapped_tax',
	'tax_rate_mismatch',
	'residual_too_large',
	'zero_total',
	'negative_total',
	'non_positive_subtotal',
	'total_precision',
	'no_lines',
	'missing_expense_category',
	'zero_refund',
	'refund_order_mismatch',
] );

export const refusalSchema = z.object( {
	code: refusalCodeSchema,
	message: z.string(),
} );

export type PerfexItem = z.infer< typeof perfexItemSchema >;
export type PerfexInvoice = z.infer< typeof perfexInvoiceSchema >;
export type PerfexCreditNote = z.infer< typeof perfexCreditNoteSchema >;
export type PerfexExpense = z.infer< typeof perfexExpenseSchema >;
export type Warning = z.infer< typeof warningSchema >;
export type TraceLine = z.infer< typeof traceLineSchema >;
export type AdjustmentPart = z.infer< typeof adjustmentPartSchema >;
export type Trace = z.infer< typeof traceSchema >;
export type RefusalCode = z.infer< typeof refusalCodeSchema >;
export type Refusal = z.infer< typeof refusalSchema >;

/** Invalid input: every bad path with zod's message. */
export interface InvalidInput {
	kind: 'invalid';
	message: string;
	issues: { path: string; message: string }[];
}

export interface Refused {
	kind: 'refused';
	refusal: Refusal;
	warnings: Warning[];
}

export interface Skipped {
	kind: 'skipped';
	reason: 'zero_total';
	message: string;
	warnings: Warning[];
}

export interface Built< Kind extends string, Doc > {
	kind: Kind;
	document: Doc;
	trace: Trace;
	warnings: Warning[];
}

export type InvoiceResult =
	Built< 'invoice', PerfexInvoice > | Skipped | Refused | InvalidInput;
export type CreditNoteResult =
	Built< 'credit_note', PerfexCreditNote > | Skipped | Refused | InvalidInput;
export type ExpenseResult =
	| {
			kind: 'expense';
			document: PerfexExpense;
			warnings: Warning[];
			trace: { rules: string[] };
	  }
	| Skipped
	| Refused
	| InvalidInput;
