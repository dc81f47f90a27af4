/**
 * One zod schema per route, request and answer (docs/sidecar-protocol.md): the single source
 * of the sidecar's request and response types.
 */
import { z } from 'zod';
import {
	configSchema as coreConfigSchema,
	invoiceInputSchema,
	perfexInvoiceSchema,
	refundInputSchema,
	refusalSchema,
	traceSchema,
	warningSchema,
} from '../core';

const intId = z
	.union( [
		z.number().int().positive(),
		z.string().regex( /^[1-9]\d*$/, 'expected an id' ),
	] )
	.transform( ( value ) => Number( value ) );

/** Perfex connection, sent with every request that talks to Perfex. */
export const perfexConnectionSchema = z.object( {
	/** The Perfex installation (or its API base); `/api` is added when missing. */
	url: z
		.string()
		.regex( /^https?:\/\/[^\s/?#]+[^\s?#]*$/, 'expected an http(s) URL' ),
	token: z.string().min( 1, 'the Perfex API token is empty' ),
} );
export type PerfexConnection = z.output< typeof perfexConnectionSchema >;

export const linkSchema = z
	.object( { invoice_id: intId } )
	.nullish()
	.transform( ( value ) => value ?? null );

/* ------------------------------------------------------------ sync */

export const syncRequestSchema = invoiceInputSchema.extend( {
	perfex: perfexConnectionSchema,
	link: linkSchema,
} );
export type SyncRequest = z.output< typeof syncRequestSchema >;

export const syncOutcomeSchema = z.enum( [
	'created',
	'linked',
	'skipped',
	'refused',
	'invalid',
	'failed',
] );
export type SyncOutcome = z.output< typeof syncOutcomeSchema >;

export const syncErrorSchema = z.object( {
	code: z.string(),
	message: z.string(),
	transient: z.boolean(),
	/** The invoice concerned, when there is one (totals_mismatch). */
	invoice_id: z.number().int().positive().optional(),
} );
export type SyncError = z.output< typeof syncErrorSchema >;

/**
 * The store's payment on the invoice (an order paid online in WooCommerce): recorded now,
 * already there (found by its note token or transaction id), skipped (offline method, not
 * paid, nothing left to pay, more than left to pay), or failed (the invoice stands).
 */
export const storePaymentSchema = z.object( {
	status: z.enum( [ 'recorded', 'existing', 'skipped', 'failed' ] ),
	/** Perfex payment id (recorded, existing). */
	id: z.number().int().positive().nullable(),
	amount: z.string(),
	paymentmode: z.string().nullable(),
	transaction_id: z.string().nullable(),
	/** Why it was skipped or failed (overpayment, already_paid, perfex_…). */
	code: z.string().nullable(),
	message: z.string(),
} );
export type StorePayment = z.output< typeof storePaymentSchema >;

export const syncResultSchema = z.object( {
	outcome: syncOutcomeSchema,
	invoice: z
		.object( {
			id: z.number().int().positive(),
			number: z.string(),
			total: z.string(),
			status: z.number().int(),
		} )
		.nullable(),
	customer: z
		.object( {
			id: z.number().int().positive(),
			created: z.boolean(),
		} )
		.nullable(),
	/** The admin-note signature this order's invoice carries in Perfex. */
	signature: z.string().nullable(),
	warnings: z.array( z.string() ),
	trace: traceSchema.nullable(),
	error: syncErrorSchema.nullable(),
	/** The store's payment (created and linked invoices of orders paid online); else null. */
	payment: storePaymentSchema.nullable(),
} );
export type SyncResult = z.output< typeof syncResultSchema >;

/* ---------------------------------------------------------- webhooks */

/** POST /v1/webhooks/register: WooSync's webhook in Perfex (replaces one of the same name and URL). */
export const webhookRegisterRequestSchema = z.object( {
	perfex: perfexConnectionSchema,
	name: z.string().min( 1 ).max( 191 ),
	url: z.string().regex( /^https?:\/\/\S+$/, 'expected an http(s) URL' ),
	events: z.array( z.string().regex( /^(\*|[a-z_]+)$/ ) ).min( 1 ),
	secret: z.string().min( 16, 'the secret is too short' ),
} );

export const webhookRegisterResponseSchema = z.object( {
	id: z.number().int().positive(),
	/** Earlier webhooks of the same name and URL that were deleted (their secret is gone). */
	replaced: z.array( z.number().int().positive() ),
} );

/* ----------------------------------------------- refunds (credit note / expense) */

export const refundDocumentKindSchema = z.enum( [ 'credit_note', 'expense' ] );
export type RefundDocumentKind = z.output< typeof refundDocumentKindSchema >;

/** POST /v1/credit-notes/sync and /v1/expenses/sync. */
export const refundSyncRequestSchema = refundInputSchema.extend( {
	perfex: perfexConnectionSchema,
	/** The order's Perfex invoice: the document goes to its customer, in its currency. */
	invoice: z.object( { id: intId } ),
	/** The document WordPress already linked to this refund. */
	link: z
		.object( { document_id: intId } )
		.nullish()
		.transform( ( value ) => value ?? null ),
} );
export type RefundSyncRequest = z.output< typeof refundSyncRequestSchema >;

export const refundSyncResultSchema = z.object( {
	outcome: syncOutcomeSchema,
	kind: refundDocumentKindSchema,
	document: z
		.object( {
			kind: refundDocumentKindSchema,
			id: z.number().int().positive(),
			/** Credit notes: Perfex's formatted number; expenses: "#<id>". */
			number: z.string(),
			/** Credit notes: Perfex's stored total; expenses: the refund amount they book. */
			total: z.string(),
		} )
		.nullable(),
	/** The invoice the credit belongs to (Perfex's API cannot apply it: it stays open). */
	invoice_id: z.number().int().positive().nullable(),
	customer_id: z.number().int().positive().nullable(),
	/** The token the document's note carries in Perfex. */
	signature: z.string().nullable(),
	warnings: z.array( z.string() ),
	error: syncErrorSchema.nullable(),
} );
export type RefundSyncResult = z.output< typeof refundSyncResultSchema >;

/* ------------------------------------------------------------ batch */

export const MAX_BATCH = 50;

export const syncBatchRequestSchema = coreConfigSchema.extend( {
	perfex: perfexConnectionSchema,
	items: z
		.array(
			z.object( {
				/** Validated per item: a bad order makes that item `invalid`, not the batch. */
				order: z.unknown(),
				link: linkSchema,
			} )
		)
		.min( 1, 'at least one item' )
		.max( MAX_BATCH, `at most ${ MAX_BATCH } items` ),
} );
export type SyncBatchRequest = z.output< typeof syncBatchRequestSchema >;

export const syncBatchResponseSchema = z.object( {
	results: z.array( syncResultSchema ),
} );
export type SyncBatchResponse = z.output< typeof syncBatchResponseSchema >;

/* ---------------------------------------------------------- preview */

export const previewRequestSchema = invoiceInputSchema;

export const perfexTotalsSchema = z.object( {
	subtotal: z.string(),
	taxes: z.array(
		z.object( {
			key: z.string(),
			name: z.string(),
			rate: z.string(),
			amount: z.string(),
		} )
	),
	total_tax: z.string(),
	discount_total: z.string(),
	adjustment: z.string(),
	total: z.string(),
	ui_total: z.string(),
	consistent: z.boolean(),
} );

export const previewResponseSchema = z.object( {
	kind: z.enum( [ 'invoice', 'skipped', 'refused', 'invalid' ] ),
	document: perfexInvoiceSchema.optional(),
	trace: traceSchema.optional(),
	warnings: z.array( warningSchema ),
	refusal: refusalSchema.optional(),
	/** Perfex's own arithmetic on the document (what Perfex will store). */
	totals: perfexTotalsSchema.optional(),
	/** skipped / invalid: why. */
	message: z.string().optional(),
	issues: z
		.array( z.object( { path: z.string(), message: z.string() } ) )
		.optional(),
} );
export type PreviewResponse = z.output< typeof previewResponseSchema >;

/* ----------------------------------------------------------- status */

export const MAX_STATUS_IDS = 200;

export const statusRequestSchema = z.object( {
	perfex: perfexConnectionSchema,
	invoice_ids: z
		.array( intId )
		.max( MAX_STATUS_IDS, `at most ${ MAX_STATUS_IDS } invoice ids` ),
} );

export const statusResponseSchema = z.object( {
	invoices: z.array(
		z.object( {
			id: z.number().int().positive(),
			found: z.boolean(),
			status: z.number().int().nullable(),
			status_name: z.string().nullable(),
			total: z.string().nullable(),
			amount_due: z.string().nullable(),
		} )
	),
} );
export type StatusResponse = z.output< typeof statusResponseSchema >;

/* ------------------------------------------------------------ check */

export const checkRequestSchema = z.object( {
	perfex: perfexConnectionSchema,
} );

export const checkResponseSchema = z.object( {
	/** Perfex accepted the token. */
	auth: z.boolean(),
	/** The token may read invoices (create permission is not probed: a check never writes). */
	invoices: z.boolean(),
	customers: z.boolean(),
	credit_notes: z.boolean(),
	/** The tax list is readable. */
	taxes: z.boolean(),
	/** Perfex's taxes (id, name, rate in percent), for the tax mapping screen. */
	tax_rates: z.array(
		z.object( { id: z.number().int(), name: z.string(), rate: z.string() } )
	),
	errors: z.array(
		z.object( {
			check: z.string(),
			code: z.string(),
			message: z.string(),
		} )
	),
} );
export type CheckResponse = z.output< typeof checkResponseSchema >;

/* ------------------------------------------------------- health, errors */

export const healthResponseSchema = z.object( {
	status: z.literal( 'ok' ),
	version: z.string(),
	uptime_s: z.number().nonnegative(),
} );

/** Any answer that is not a route's result (401, 404, invalid body, Perfex failure). */
export const errorResponseSchema = z.object( {
	error: z.object( {
		code: z.string(),
		message: z.string(),
		transient: z.boolean().optional(),
		issues: z
			.array( z.object( { path: z.string(), message: z.string() } ) )
			.optional(),
	} ),
} );
export type ErrorResponse = z.output< typeof errorResponseSchema >;
