/**
 * The refund pipeline: one WooCommerce refund → one Perfex credit note (or expense) for the
 * customer and currency of the order's invoice. Existing document first (the link WordPress
 * sent, then the refund's signature) → core → create (never twice) → read back → verify the
 * total against the refund amount.
 *
 * Perfex's API cannot apply a credit note to an invoice: the credit stays open, and the result
 * says which invoice it belongs to so WordPress can tell the bookkeeper.
 */
import {
	buildCreditNoteFromParsed,
	buildExpenseFromParsed,
	perfexTotals,
	type Mappings,
	type Order,
	type Refund,
	type Settings,
} from '../core';
import {
	PerfexClient,
	PerfexNotFoundError,
	canonicalDecimal,
	noteHasSignature,
	type CreditNote,
	type Expense,
	type Invoice,
} from './perfex';
import { SyncStop, refusalFailure, type Failure } from './failures';
import { caughtFailure, perfexLines, withPerfexCountries } from './sync';
import type { RefundDocumentKind, RefundSyncResult } from './schemas';

export interface RefundSyncInput {
	kind: RefundDocumentKind;
	settings: Settings;
	mappings: Mappings;
	order: Order;
	refund: Refund;
	/** The order's Perfex invoice (its customer and currency are the document's). */
	invoice: { id: number };
	/** The document WordPress already linked to this refund. */
	link: { document_id: number } | null;
}

/**
 * The token written first in the document's note and searched for in Perfex:
 * "<prefix>:order:<number>:refund:<refund id>" (whitespace replaced by "-").
 * @param settings Store settings (signature_prefix).
 * @param order    The order (its number).
 * @param refund   The refund (its id).
 */
export function refundSignatureToken(
	settings: Settings,
	order: Order,
	refund: Refund
): string {
	const token = ( text: string ) => text.trim().replace( /\s+/g, '-' );
	return `${ token( settings.signature_prefix ) }:order:${ token(
		order.number
	) }:refund:${ refund.id }`;
}

type Summary = NonNullable< RefundSyncResult[ 'document' ] >;

function creditNoteSummary( note: CreditNote ): Summary {
	const prefix = typeof note.prefix === 'string' ? note.prefix : '';
	const formatted =
		typeof note.formatted_number === 'string' ? note.formatted_number : '';
	return {
		kind: 'credit_note',
		id: note.id,
		number: formatted || `${ prefix }${ note.number }`,
		total: note.total,
	};
}

function expenseSummary( expense: Expense, total: string ): Summary {
	return {
		kind: 'expense',
		id: expense.id,
		number: `#${ expense.id }`,
		total,
	};
}

function base(
	kind: RefundDocumentKind,
	signature: string | null,
	invoiceId: number | null
): RefundSyncResult {
	return {
		outcome: 'failed',
		kind,
		document: null,
		invoice_id: invoiceId,
		customer_id: null,
		signature,
		warnings: [],
		error: null,
	};
}

export function refundFailureResult(
	kind: RefundDocumentKind,
	failure: Failure,
	signature: string | null,
	invoiceId: number | null,
	warnings: string[] = []
): RefundSyncResult {
	return {
		...base( kind, signature, invoiceId ),
		outcome: failure.outcome,
		warnings,
		error: {
			code: failure.code,
			message: failure.message,
			transient: failure.transient,
		},
	};
}

/**
 * The document this refund already has: the link WordPress sent (if it still exists and
 * carries the signature), else the one carrying the signature. Unlike an invoice, a linked
 * document without the signature does not stop the sync: the refund is looked up again.
 * @param what                   "credit note" or "expense", for the warnings.
 * @param perfex                 How to read this kind of document in Perfex.
 * @param perfex.get             Reads one by id.
 * @param perfex.noteOf          The note that carries the signature.
 * @param perfex.findBySignature The id of the one carrying the signature, or null.
 * @param signature              The refund's signature token.
 * @param link                   The document WordPress linked, if any.
 * @param warnings               Collects what the caller should hear.
 */
async function existingDocument< D >(
	what: string,
	perfex: {
		get: ( id: number ) => Promise< D >;
		noteOf: ( document: D ) => string | null | undefined;
		findBySignature: ( signature: string ) => Promise< number | null >;
	},
	signature: string,
	link: RefundSyncInput[ 'link' ],
	warnings: string[]
): Promise< D | null > {
	if ( link ) {
		try {
			const linked = await perfex.get( link.document_id );
			if ( noteHasSignature( perfex.noteOf( linked ), signature ) ) {
				return linked;
			}
			warnings.push(
				`Perfex ${ what } #${ link.document_id } no longer carries this refund's signature (${ signature }); WooSync looked the refund up by its signature instead.`
			);
		} catch ( error ) {
			if ( ! ( error instanceof PerfexNotFoundError ) ) {
				throw error;
			}
			warnings.push(
				`The linked Perfex ${ what } #${ link.document_id } no longer exists; WooSync looked the refund up by its signature instead.`
			);
		}
	}
	const id = await perfex.findBySignature( signature );
	return id === null ? null : perfex.get( id );
}

async function invoiceOf(
	client: PerfexClient,
	id: number,
	order: Order
): Promise< Invoice > {
	try {
		return await client.getInvoice( id );
	} catch ( error ) {
		if ( error instanceof PerfexNotFoundError ) {
			throw new SyncStop( {
				outcome: 'refused',
				code: 'invoice_not_found',
				message: `Perfex invoice #${ id } of order #${ order.number } no longer exists, so the refund has no customer to be credited; resync the order's invoice first.`,
				transient: false,
			} );
		}
		throw error;
	}
}

function currencyCheck( built: number, invoice: Invoice, order: Order ): void {
	if ( built !== invoice.currency ) {
		throw new SyncStop( {
			outcome: 'refused',
			code: 'currency_mismatch',
			message: `The refund of order #${ order.number } maps to Perfex currency #${ built }, but its invoice #${ invoice.id } is in currency #${ invoice.currency }; check the currency map.`,
			transient: false,
		} );
	}
}

function totalsMismatch(
	what: string,
	id: number,
	stored: string,
	refund: Refund,
	order: Order
): Failure {
	return {
		outcome: 'failed',
		code: 'totals_mismatch',
		message: `Perfex stored ${ what } #${ id } with a total of ${ stored }, but refund #${ refund.id } of order #${ order.number } is ${ refund.amount }. A person must look at it in Perfex; WooSync will not create another one for this refund.`,
		transient: false,
	};
}

/**
 * Syncs one refund's credit note or expense. Never throws: every failure is a result.
 * @param client       Perfex client for this request.
 * @param input        Parsed input.
 * @param onUnexpected Called with errors that are bugs (logged by the caller).
 */
export async function syncRefund(
	client: PerfexClient,
	input: RefundSyncInput,
	onUnexpected: ( error: unknown ) => void = () => undefined
): Promise< RefundSyncResult > {
	const { kind, order, refund, mappings } = input;
	const settings = withPerfexCountries( input.settings, order );
	const signature = refundSignatureToken( settings, order, refund );
	const invoiceId = input.invoice.id;
	const warnings: string[] = [];
	const done = (
		outcome: 'created' | 'linked',
		document: Summary,
		customerId: number | null
	): RefundSyncResult => ( {
		...base( kind, signature, invoiceId ),
		outcome,
		document,
		customer_id: customerId,
		warnings,
	} );
	try {
		if ( kind === 'credit_note' ) {
			const existing = await existingDocument(
				'credit note',
				{
					get: ( id ) => client.getCreditNote( id ),
					noteOf: ( note ) => note.adminnote,
					findBySignature: ( token ) =>
						client.findCreditNoteBySignature( token ),
				},
				signature,
				input.link,
				warnings
			);
			if ( existing ) {
				return done(
					'linked',
					creditNoteSummary( existing ),
					existing.clientid
				);
			}
		} else {
			const existing = await existingDocument(
				'expense',
				{
					get: ( id ) => client.getExpense( id ),
					noteOf: ( expense ) => expense.note,
					findBySignature: ( token ) =>
						client.findExpenseBySignature( token ),
				},
				signature,
				input.link,
				warnings
			);
			if ( existing ) {
				return done(
					'linked',
					expenseSummary(
						existing,
						canonicalDecimal( refund.amount )
					),
					existing.clientid ?? null
				);
			}
		}

		const parsed = { order, refund, settings, mappings };
		const built =
			kind === 'credit_note'
				? buildCreditNoteFromParsed( parsed )
				: buildExpenseFromParsed( parsed );
		if ( built.kind === 'skipped' ) {
			return {
				...base( kind, signature, invoiceId ),
				outcome: 'skipped',
				warnings: [
					...built.warnings.map( ( w ) => w.message ),
					built.message,
				],
			};
		}
		if ( built.kind === 'refused' ) {
			return refundFailureResult(
				kind,
				refusalFailure( built.refusal ),
				signature,
				invoiceId,
				built.warnings.map( ( w ) => w.message )
			);
		}
		if ( built.kind === 'invalid' ) {
			return refundFailureResult(
				kind,
				{
					outcome: 'invalid',
					code: 'invalid_refund',
					message: built.message,
					transient: false,
				},
				signature,
				invoiceId
			);
		}
		warnings.push( ...built.warnings.map( ( w ) => w.message ) );
		const invoice = await invoiceOf( client, invoiceId, order );

		if ( built.kind === 'credit_note' ) {
			const document = built.document;
			currencyCheck( document.currency, invoice, order );
			const created = await client.createCreditNote( {
				signature,
				clientid: invoice.clientid,
				date: document.date,
				currency: invoice.currency,
				lines: perfexLines( document.newitems ),
				subtotal: document.subtotal,
				total: document.total,
				total_tax: perfexTotals( document ).total_tax,
				adjustment: document.adjustment,
				discount_percent: document.discount_percent,
				discount_total: document.discount_total,
				discount_type: document.discount_type,
				adminnote: document.adminnote,
				clientnote: document.clientnote || undefined,
				reference_no: document.reference_no || undefined,
			} );
			if ( ! created.created ) {
				warnings.push(
					"Perfex's answer to the credit note create was lost; it was found again by its signature, not created twice."
				);
			}
			const stored = created.document;
			if (
				canonicalDecimal( stored.total ) !==
				canonicalDecimal( refund.amount )
			) {
				return refundFailureResult(
					kind,
					totalsMismatch(
						'credit note',
						stored.id,
						stored.total,
						refund,
						order
					),
					signature,
					invoiceId,
					warnings
				);
			}
			return done(
				'created',
				creditNoteSummary( stored ),
				invoice.clientid
			);
		}

		const document = built.document;
		currencyCheck( document.currency, invoice, order );
		const created = await client.createExpense( {
			signature,
			category: document.category,
			amount: document.amount,
			currency: invoice.currency,
			date: document.date,
			expense_name: document.expense_name,
			note: document.note,
			clientid: invoice.clientid,
			paymentmode: document.paymentmode || undefined,
			reference_no: document.reference_no || undefined,
			tax: document.tax ?? undefined,
			tax2: document.tax2 ?? undefined,
		} );
		if (
			canonicalDecimal( created.document.amount ) !==
			canonicalDecimal( document.amount )
		) {
			return refundFailureResult(
				kind,
				totalsMismatch(
					'expense',
					created.document.id,
					created.document.amount,
					refund,
					order
				),
				signature,
				invoiceId,
				warnings
			);
		}
		return done(
			created.created ? 'created' : 'linked',
			expenseSummary(
				created.document,
				canonicalDecimal( refund.amount )
			),
			invoice.clientid
		);
	} catch ( error ) {
		return refundFailureResult(
			kind,
			caughtFailure( error, onUnexpected ),
			signature,
			invoiceId,
			warnings
		);
	}
}
