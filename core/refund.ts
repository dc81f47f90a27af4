/**
 * Refund snapshot (+ its order) -> Perfex credit note, or an expense.
 *
 * Credit note:
 * - Line-level refunds: the refunded products (quantity and net, taxes through
 *   the tax mapping), shipping and fees, with WooCommerce's negative values
 *   turned positive.
 * - Amount-only refunds (no lines): "Refund: <reason>" lines whose tax split
 *   follows the order's tax composition (DocumentLines.amountOnly).
 * - The credit note's total is the refund `amount`, always: WooCommerce lets the
 *   amount differ from the lines ("amount takes precedence", order-refunds.md).
 *   A difference rounding explains goes into `adjustment`; a larger one becomes
 *   amount-only lines "Refund: <reason> (not attributed to lines)", so the
 *   document still totals the amount, with a warning.
 * - Signature in the admin note: "<prefix>: Order #N Refund #R".
 *
 * Expense (store setting refund_document = expense): category from settings,
 * amount, date, currency, Perfex tax ids. Perfex adds an expense's taxes on top
 * of its amount (total = amount + amount x tax% + amount x tax2%, at most two
 * taxes). When the refund has a single tax combination of at most two
 * non-compound mapped taxes with Perfex ids, the amount is the net that makes
 * that total equal the refund; otherwise the gross refund is recorded without
 * tax and a warning says so.
 */
import {
	HUNDRED,
	abs,
	dec,
	fmt,
	fromMinor,
	mulDiv,
	percentOf,
	round,
} from './money';
import type { Dec } from './money';
import type {
	CreditNoteResult,
	ExpenseResult,
	PerfexCreditNote,
	PerfexExpense,
	Warning,
} from './documents';
import { parseRefundInput } from './fastparse';
import type { Order, ParsedRefundInput, Refund } from './schemas';
import { TaxResolver, describeCombo } from './taxes';
import { DocumentLines, grossComposition } from './lines';
import type { Share } from './lines';
import {
	addressFields,
	invalid,
	paymentModes,
	refundSignature,
	refused,
	resolveCurrency,
	targetTotal,
} from './common';
import { rateSamples } from './invoice';
import { localDate } from './dates';
import { CoreRefusal } from './refusal';
import { plainText } from './text';

export function buildCreditNote( input: unknown ): CreditNoteResult {
	const parsed = parseRefundInput( input );
	if ( ! parsed.success ) {
		return invalid( parsed.error );
	}
	return buildCreditNoteFromParsed( parsed.data );
}

export function buildExpense( input: unknown ): ExpenseResult {
	const parsed = parseRefundInput( input );
	if ( ! parsed.success ) {
		return invalid( parsed.error );
	}
	return buildExpenseFromParsed( parsed.data );
}

function refundTarget(
	order: Order,
	refund: Refund,
	decimals: number
): Dec | null {
	const target = abs(
		targetTotal(
			refund.amount,
			decimals,
			`amount of refund #${ refund.id }`
		)
	);
	if ( target === 0n ) {
		return null;
	}
	if ( target > abs( dec( order.total ) ) ) {
		throw new CoreRefusal(
			'refund_order_mismatch',
			`Refund #${ refund.id } of ${ fmt( target, decimals ) } is larger than order #${ order.number } (${ order.total }); the refund does not belong to this order or the order snapshot is wrong.`
		);
	}
	return target;
}

function resolverFor(
	input: ParsedRefundInput,
	warnings: Warning[]
): TaxResolver {
	const { order, refund, mappings, settings } = input;
	const samples = mappings.taxes
		? []
		: [ ...rateSamples( order ), ...rateSamples( refund ) ];
	return new TaxResolver(
		[ ...order.tax_lines, ...refund.tax_lines ],
		mappings,
		settings.perfex_decimals,
		warnings,
		samples
	);
}

function refundDescription( refund: Refund ): string {
	const reason = plainText( refund.reason );
	return reason ? `Refund: ${ reason }` : 'Refund';
}

function refundDate( input: ParsedRefundInput ): string {
	const { order, refund, settings } = input;
	const date =
		localDate(
			refund.date_created,
			refund.date_created_gmt,
			settings.timezone
		) ??
		localDate(
			order.date_created,
			order.date_created_gmt,
			settings.timezone
		);
	if ( date === null ) {
		throw new CoreRefusal(
			'no_lines',
			`Refund #${ refund.id } has no date, so the document cannot be dated.`
		);
	}
	return date;
}

function zeroRefund( refund: Refund, warnings: Warning[] ) {
	return {
		kind: 'skipped' as const,
		reason: 'zero_total' as const,
		message: `Skipped: zero total. Refund #${ refund.id } is for 0, and Perfex does not accept documents of 0.`,
		warnings,
	};
}

export function buildCreditNoteFromParsed(
	input: ParsedRefundInput
): CreditNoteResult {
	const { order, refund, settings, mappings } = input;
	const warnings: Warning[] = [];
	const d = settings.perfex_decimals;
	try {
		const target = refundTarget( order, refund, d );
		if ( target === null ) {
			return zeroRefund( refund, warnings );
		}
		const resolver = resolverFor( input, warnings );
		const doc = new DocumentLines( d, settings.unit, resolver );
		for ( const item of refund.line_items ) {
			doc.product( item, -1n );
		}
		for ( const line of refund.shipping_lines ) {
			doc.shipping( line, -1n );
		}
		for ( const fee of refund.fee_lines ) {
			doc.fee( fee, -1n, [] );
		}
		const composition = (): Share[] =>
			grossComposition(
				resolver,
				order.line_items,
				order.fee_lines,
				order.shipping_lines
			);
		if ( doc.lines.length === 0 ) {
			doc.amountOnly(
				target,
				composition(),
				refundDescription( refund ),
				refund.id
			);
		} else {
			doc.rule(
				'refunded-lines: refunded products, shipping and fees with their quantities and taxes'
			);
			const { residual, tolerance } = doc.measure( target );
			if ( abs( residual ) > tolerance ) {
				warnings.push( {
					code: 'refund_amount_differs_from_lines',
					message: `The refund amount differs from its lines by ${ fmt( residual, d ) }; that part is shown as "not attributed to lines" and taxed like the order.`,
				} );
				doc.amountOnly(
					residual,
					composition(),
					`${ refundDescription( refund ) } (not attributed to lines)`,
					refund.id
				);
			}
		}
		const { items, totals, trace } = doc.finalize(
			target,
			'credit note',
			order.currency
		);
		if ( totals.subtotal <= 0n ) {
			throw new CoreRefusal(
				'non_positive_subtotal',
				`The credit note for refund #${ refund.id } would have a subtotal of ${ fmt( totals.subtotal, d ) }; Perfex accepts only credit notes with a subtotal above 0.`
			);
		}
		const document: PerfexCreditNote = {
			date: refundDate( input ),
			currency: resolveCurrency( order.currency, mappings, warnings ),
			newitems: items,
			subtotal: fmt( totals.subtotal, d ),
			total: fmt( totals.total, d ),
			adjustment: fmt( totals.adjustment, d ),
			discount_percent: '0',
			discount_total: fmt( 0n, d ),
			discount_type: '',
			...addressFields( order, settings, warnings ),
			reference_no: `Order #${ order.number }`,
			adminnote: refundSignature( settings, order, refund.id ),
			clientnote: plainText( refund.reason ),
		};
		return { kind: 'credit_note', document, trace, warnings };
	} catch ( error ) {
		return refused( error, warnings );
	}
}

export function buildExpenseFromParsed(
	input: ParsedRefundInput
): ExpenseResult {
	const { order, refund, settings, mappings } = input;
	const warnings: Warning[] = [];
	const d = settings.perfex_decimals;
	const rules: string[] = [];
	try {
		const category = settings.expense_category_id;
		if ( category === undefined ) {
			throw new CoreRefusal(
				'missing_expense_category',
				'Refunds are set to become Perfex expenses, but no expense category is chosen in the WooSync settings.'
			);
		}
		const target = refundTarget( order, refund, d );
		if ( target === null ) {
			return zeroRefund( refund, warnings );
		}
		const resolver = resolverFor( input, warnings );
		const hasLines =
			refund.line_items.length +
				refund.shipping_lines.length +
				refund.fee_lines.length >
			0;
		const shares = hasLines
			? grossComposition(
					resolver,
					refund.line_items,
					refund.fee_lines,
					refund.shipping_lines,
					-1n
				)
			: grossComposition(
					resolver,
					order.line_items,
					order.fee_lines,
					order.shipping_lines
				);
		const taxed = shares.filter(
			( share ) => share.combo.taxes.length > 0
		);
		let amount = target;
		let tax: number | null = null;
		let tax2: number | null = null;
		const only = shares.length === 1 ? shares[ 0 ]?.combo : undefined;
		if ( only && only.taxes.length > 0 ) {
			const usable =
				only.taxes.length <= 2 &&
				only.taxes.every(
					( t ) => ! t.compound && t.perfexTaxId !== null
				);
			const net = usable
				? expenseNet(
						target,
						only.taxes.map( ( t ) => t.perfexRate ),
						d
					)
				: null;
			if ( net !== null ) {
				amount = net;
				tax = only.taxes[ 0 ]?.perfexTaxId ?? null;
				tax2 = only.taxes[ 1 ]?.perfexTaxId ?? null;
				rules.push(
					`expense-net: amount is the net whose Perfex total with ${ describeCombo( only ) } equals the refund`
				);
			} else {
				warnings.push( {
					code: 'expense_tax_not_split',
					message: `The refund's tax (${ describeCombo( only ) }) cannot be expressed with Perfex expense taxes (at most two mapped, non-compound taxes with Perfex ids); the gross amount was recorded without tax.`,
				} );
			}
		} else if ( taxed.length > 0 ) {
			warnings.push( {
				code: 'expense_tax_not_split',
				message:
					'The refund spans several tax combinations, which one Perfex expense cannot carry; the gross amount was recorded without tax.',
			} );
		}
		if ( tax === null ) {
			rules.push( 'expense-gross: amount is the refund amount, no tax' );
		}
		const modes = paymentModes( order.payment_method, settings );
		const signature = refundSignature( settings, order, refund.id );
		const reason = plainText( refund.reason );
		const document: PerfexExpense = {
			expense_name: `Refund #${ refund.id } of order #${ order.number }`,
			category,
			amount: fmt( amount, d ),
			date: refundDate( input ),
			currency: resolveCurrency( order.currency, mappings, warnings ),
			tax,
			tax2,
			paymentmode: modes[ 0 ] ?? '',
			reference_no: `Order #${ order.number }`,
			note: reason ? `${ signature }\n${ reason }` : signature,
		};
		return { kind: 'expense', document, warnings, trace: { rules } };
	} catch ( error ) {
		return refused( error, warnings );
	}
}

/**
 * Perfex's expense total for a net amount: amount + each tax on the amount, rounded.
 * @param amount
 * @param rates
 * @param decimals
 */
export function expenseTotal(
	amount: Dec,
	rates: readonly Dec[],
	decimals: number
): Dec {
	return round(
		amount +
			rates.reduce(
				( total, rate ) => total + percentOf( amount, rate ),
				0n
			),
		decimals
	);
}

/**
 * The net (closest to gross / (1 + rates)) whose expense total equals `gross`, or null.
 * @param gross
 * @param rates
 * @param decimals
 */
function expenseNet(
	gross: Dec,
	rates: readonly Dec[],
	decimals: number
): Dec | null {
	const rate = rates.reduce( ( total, r ) => total + r, 0n );
	const net = mulDiv( gross, HUNDRED, HUNDRED + rate, decimals );
	const minor = fromMinor( 1n, decimals );
	for ( const candidate of [ net, net - minor, net + minor ] ) {
		if ( expenseTotal( candidate, rates, decimals ) === gross ) {
			return candidate;
		}
	}
	return null;
}
