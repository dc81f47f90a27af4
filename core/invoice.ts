/**
 * Order snapshot -> Perfex invoice.
 *
 * Lines, in this order:
 * 1. products at their price before discounts (line `subtotal`, ex tax);
 * 2. coupons as negative lines, one per coupon and tax combination (below);
 * 3. shipping lines ("Shipping: <method title>");
 * 4. fees (negative fees split by tax combination, see lines.ts).
 * Then the residual against the order's `total` goes into `adjustment`
 * (lines.ts explains the tolerance and the trace).
 *
 * Coupon split. WooCommerce has already taken coupons off each line's `total`
 * (subtotal - total is the line's discount, subtotal taxes - total taxes its
 * discount tax; coupon_lines are informational, woocommerce-facts.md §1.5).
 * Perfex taxes each line and cannot discount one line, so the discount of all
 * lines sharing one tax combination becomes a negative line carrying that
 * combination: Perfex's own per-line tax then takes the discount tax off, as
 * WooCommerce did. When several coupons apply, each combination's discount is
 * shared among the coupons in proportion to their `discount` (largest
 * remainder in minor units); the order does not say which coupon discounted
 * which line, so this attribution is the one approximation, and it never
 * changes totals. A discount with no coupon line (an edited order) becomes a
 * "Discount" line with a warning.
 */
import { allocate, dec, fmt, fromMinor, sum, toMinor, ONE } from './money';
import type { Dec } from './money';
import type { InvoiceResult, PerfexInvoice, Warning } from './documents';
import { parseInvoiceInput } from './fastparse';
import type { ItemTax, Order, ParsedInvoiceInput, Settings } from './schemas';
import { TaxResolver, describeCombo } from './taxes';
import type { Combo, RateSample } from './taxes';
import { DocumentLines, netComposition } from './lines';
import {
	addressFields,
	invalid,
	orderSignature,
	paymentModes,
	refused,
	resolveCurrency,
	targetTotal,
} from './common';
import { addDays, hasDate, localDate } from './dates';
import { CoreRefusal } from './refusal';

/**
 * Builds the Perfex invoice for an order (input validated with zod).
 * @param input
 */
export function buildInvoice( input: unknown ): InvoiceResult {
	const parsed = parseInvoiceInput( input );
	if ( ! parsed.success ) {
		return invalid( parsed.error );
	}
	return buildInvoiceFromParsed( parsed.data );
}

/**
 * Rate samples (base and tax per rate) for deriving rates under identity mapping.
 * @param order
 */
export function rateSamples(
	order: Pick< Order, 'line_items' | 'shipping_lines' | 'fee_lines' >
): RateSample[] {
	const samples: RateSample[] = [];
	const take = ( base: string, taxes: readonly ItemTax[] ) => {
		for ( const tax of taxes ) {
			samples.push( {
				rateId: tax.id,
				base: dec( base ),
				tax: dec( tax.total ),
			} );
		}
	};
	order.line_items.forEach( ( item ) => take( item.total, item.taxes ) );
	order.shipping_lines.forEach( ( line ) => take( line.total, line.taxes ) );
	order.fee_lines.forEach( ( line ) => take( line.total, line.taxes ) );
	return samples;
}

function invoiceDates(
	order: Order,
	settings: Settings,
	warnings: Warning[]
): { date: string; duedate: string } {
	const zone = settings.timezone;
	// Each date is converted only when it is looked at (Intl formatting is
	// the costly part); the result is the same as converting all three.
	const pairs: Record< string, [ string | null, string | null ] > = {
		completed: [ order.date_completed, order.date_completed_gmt ],
		paid: [ order.date_paid, order.date_paid_gmt ],
		created: [ order.date_created, order.date_created_gmt ],
	};
	const orders: Record< Settings[ 'invoice_date_source' ], string[] > = {
		completed: [ 'completed', 'paid', 'created' ],
		paid: [ 'paid', 'completed', 'created' ],
		created: [ 'created' ],
	};
	let found: [ string, string ] | undefined;
	for ( const source of orders[ settings.invoice_date_source ] ) {
		const [ local, gmt ] = pairs[ source ] ?? [ null, null ];
		const value = localDate( local, gmt, zone );
		if ( value !== null ) {
			found = [ source, value ];
			break;
		}
	}
	if ( ! found ) {
		throw new CoreRefusal(
			'no_lines',
			`Order #${ order.number } has no creation, payment or completion date, so the invoice cannot be dated.`
		);
	}
	if ( found[ 0 ] !== settings.invoice_date_source ) {
		warnings.push( {
			code: 'invoice_date_fallback',
			message: `The order has no ${ settings.invoice_date_source } date; the invoice is dated with its ${ found[ 0 ] } date.`,
		} );
	}
	const date = found[ 1 ];
	// Paid at creation: a paid date set by the checkout itself. Offline methods
	// (bank transfer, cheque, cash on delivery) get their paid date later, when the
	// merchant marks the order processing or completed, so they are "not paid".
	const paidAtCreation =
		hasDate( order.date_paid, order.date_paid_gmt ) &&
		! settings.offline_payment_methods.includes( order.payment_method );
	return {
		date,
		duedate: paidAtCreation ? date : addDays( date, settings.due_days ),
	};
}

export function buildInvoiceFromParsed(
	input: ParsedInvoiceInput
): InvoiceResult {
	const { order, settings, mappings } = input;
	const warnings: Warning[] = [];
	const d = settings.perfex_decimals;
	try {
		const target = targetTotal(
			order.total,
			d,
			`order total of order #${ order.number }`
		);
		if ( target === 0n ) {
			const message = `Order #${ order.number } totals 0, and Perfex does not accept invoices of 0 or less.`;
			if ( settings.zero_total === 'refuse' ) {
				throw new CoreRefusal( 'zero_total', message );
			}
			return {
				kind: 'skipped',
				reason: 'zero_total',
				message: `Skipped: zero total. ${ message }`,
				warnings,
			};
		}
		if ( target < 0n ) {
			throw new CoreRefusal(
				'negative_total',
				`Order #${ order.number } totals ${ order.total }; an invoice cannot be negative.`
			);
		}
		const resolver = new TaxResolver(
			order.tax_lines,
			mappings,
			d,
			warnings,
			mappings.taxes ? [] : rateSamples( order )
		);
		const doc = new DocumentLines( d, settings.unit, resolver );

		// 1. Products, collecting each tax combination's discount.
		const discounts = new Map<
			string,
			{ combo: Combo; net: Dec; taxes: Map< number, Dec > }
		>();
		for ( const item of order.line_items ) {
			const { combo, discount, discountTaxes } = doc.product( item, 1n );
			if (
				discount === 0n &&
				discountTaxes.every( ( tax ) => tax.amount === 0n )
			) {
				continue;
			}
			const entry = discounts.get( combo.id ) ?? {
				combo,
				net: 0n,
				taxes: new Map< number, Dec >(),
			};
			entry.net += discount;
			for ( const tax of discountTaxes ) {
				entry.taxes.set(
					tax.id,
					( entry.taxes.get( tax.id ) ?? 0n ) + tax.amount
				);
			}
			discounts.set( combo.id, entry );
		}
		doc.rule(
			'product-before-discount: products at line subtotal; quantity kept when subtotal / quantity fits Perfex decimals'
		);

		// 2. Coupons per tax combination.
		addCouponLines( doc, order, [ ...discounts.values() ], warnings );

		// 3. Shipping.
		for ( const line of order.shipping_lines ) {
			doc.shipping( line, 1n );
		}

		// 4. Fees.
		const composition = order.fee_lines.some(
			( fee ) => dec( fee.total ) < 0n
		)
			? netComposition(
					resolver,
					order.line_items,
					order.fee_lines,
					order.shipping_lines
				)
			: [];
		for ( const fee of order.fee_lines ) {
			doc.fee( fee, 1n, composition );
		}

		if ( doc.lines.length === 0 ) {
			throw new CoreRefusal(
				'no_lines',
				`Order #${ order.number } has no products, shipping or fees to invoice.`
			);
		}
		const { items, totals, trace } = doc.finalize(
			target,
			'invoice',
			order.currency
		);
		if ( totals.subtotal <= 0n ) {
			throw new CoreRefusal(
				'non_positive_subtotal',
				`The invoice for order #${ order.number } would have a subtotal of ${ fmt( totals.subtotal, d ) }; Perfex accepts only invoices with a subtotal above 0.`
			);
		}
		if ( totals.uiTotal !== totals.total ) {
			warnings.push( {
				code: 'perfex_ui_rounding',
				message:
					"Perfex's screen would round the tax total differently from its database by one minor unit.",
			} );
		}
		const { date, duedate } = invoiceDates( order, settings, warnings );
		const currency = resolveCurrency( order.currency, mappings, warnings );
		const address = addressFields( order, settings, warnings );
		const number =
			/^\d+$/.test( order.number ) && /[1-9]/.test( order.number )
				? Number( order.number )
				: null;
		if ( number === null ) {
			warnings.push( {
				code: 'number_not_numeric',
				message: `The order number "${ order.number }" is not a plain number; Perfex invoice numbers are numeric, so the number is left to Perfex.`,
			} );
		}
		const document: PerfexInvoice = {
			number,
			date,
			duedate,
			currency,
			newitems: items,
			subtotal: fmt( totals.subtotal, d ),
			total: fmt( totals.total, d ),
			adjustment: fmt( totals.adjustment, d ),
			discount_percent: '0',
			discount_total: fmt( 0n, d ),
			discount_type: '',
			...address,
			adminnote: orderSignature( settings, order ),
			clientnote: settings.client_note,
			allowed_payment_modes: paymentModes(
				order.payment_method,
				settings
			),
		};
		return { kind: 'invoice', document, trace, warnings };
	} catch ( error ) {
		return refused( error, warnings );
	}
}

function addCouponLines(
	doc: DocumentLines,
	order: Order,
	groups: { combo: Combo; net: Dec; taxes: Map< number, Dec > }[],
	warnings: Warning[]
): void {
	if ( groups.length === 0 ) {
		return;
	}
	const d = doc.decimals;
	const coupons = order.coupon_lines.filter(
		( coupon ) => dec( coupon.discount ) > 0n
	);
	if ( coupons.length === 0 ) {
		warnings.push( {
			code: 'discount_without_coupon',
			message:
				'The order\'s lines are discounted but it lists no coupon; the discount is shown as "Discount" lines.',
		} );
	}
	const lineDiscount = sum( groups.map( ( group ) => group.net ) );
	const couponDiscount = sum(
		coupons.map( ( coupon ) => dec( coupon.discount ) )
	);
	if (
		coupons.length > 0 &&
		toMinor( lineDiscount, d ) !== toMinor( couponDiscount, d )
	) {
		warnings.push( {
			code: 'coupon_total_differs',
			message: `The coupons list ${ fmt( couponDiscount, d ) } of discount but the lines were discounted by ${ fmt( lineDiscount, d ) }; the invoice follows the lines.`,
		} );
	}
	doc.rule(
		"coupon-split: each tax combination's discount (line subtotal - total) becomes negative coupon lines with that combination, shared among coupons by their discount"
	);
	for ( const group of groups ) {
		const units = toMinor( group.net, d );
		const parts =
			coupons.length > 0
				? allocate(
						units,
						coupons.map( ( coupon ) => dec( coupon.discount ) )
					)
				: [ units ];
		const lines: { name: string; id: number | null; amount: Dec }[] = [];
		parts.forEach( ( part, index ) => {
			if ( part === 0n ) {
				return;
			}
			const coupon = coupons[ index ];
			lines.push( {
				name: coupon ? `Coupon: ${ coupon.code }` : 'Discount',
				id: coupon ? coupon.id : null,
				amount: fromMinor( part, d ),
			} );
		} );
		lines.forEach( ( line, index ) => {
			const isLast = index === lines.length - 1;
			const wooNet = isLast
				? group.net -
					sum( lines.slice( 0, -1 ).map( ( l ) => l.amount ) )
				: line.amount;
			doc.lines.push( {
				description: line.name,
				long_description: `Discount on items taxed at ${ describeCombo( group.combo ) }`,
				qty: ONE,
				rate: -line.amount,
				combo: group.combo,
				source: line.id === null ? 'discount' : 'coupon_line',
				sourceId: line.id,
				rule: 'coupon-per-tax-combination',
				note: 'share of the discount (line subtotals - line totals) of the items with this tax combination',
				wooNet: -wooNet,
			} );
		} );
		for ( const [ rateId, amount ] of group.taxes ) {
			doc.addWooTax( [ group.combo ], rateId, -amount );
		}
	}
}
