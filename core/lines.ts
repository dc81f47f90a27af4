/**
 * Document lines shared by invoices and credit notes: WooCommerce items ->
 * Perfex `newitems`, the order's tax composition, and the final reconciliation
 * (adjustment, tolerance, trace).
 *
 * Reconciliation rule. Perfex's total is computed with perfex.ts from the lines
 * we post. The residual (target - Perfex total) goes into `adjustment`. It is
 * accepted only when rounding can explain it: one minor unit (10^-decimals) per
 * document line, plus the tax-rate rounding Perfex forces (a 2-decimal Perfex
 * rate against WooCommerce's exact or compound-effective rate, times the line
 * amount). A larger residual is a refusal: it means a mapping error or an order
 * whose stored total does not follow from its lines, not rounding.
 *
 * The trace splits the residual into parts that add up to it exactly: per line,
 * WooCommerce's exact net minus Perfex's qty x rate; per Perfex tax, the
 * WooCommerce tax amounts assigned to it minus Perfex's computed tax; Perfex's
 * rounding of total_tax; and the remainder, which is WooCommerce's own rounding
 * of its totals (and anything else the order's stored total carries).
 */
import {
	abs,
	allocate,
	ceil,
	dec,
	div,
	fitsDecimals,
	fmt,
	fmtExact,
	fromMinor,
	mulDiv,
	percentOf,
	round,
	sum,
	toMinor,
	HUNDRED,
	ONE,
} from './money';
import type { Dec } from './money';
import type { AdjustmentPart, PerfexItem, Trace, TraceLine } from './documents';
import type { FeeLine, LineItem, ShippingLine } from './schemas';
import { perfexTotalsExact } from './perfex';
import type { ExactTotals } from './perfex';
import { NO_TAX, describeCombo } from './taxes';
import type { Combo, TaxResolver } from './taxes';
import { plainText } from './text';
import { CoreRefusal } from './refusal';

export interface DraftLine {
	description: string;
	long_description: string;
	qty: Dec;
	rate: Dec;
	combo: Combo;
	source: TraceLine[ 'source' ];
	sourceId: number | null;
	rule: string;
	note: string;
	/** The exact WooCommerce net amount the line stands for. */
	wooNet: Dec;
}

/** A weight of the order per tax combination. */
export interface Share {
	combo: Combo;
	weight: Dec;
}

export interface Measured {
	pre: ExactTotals;
	residual: Dec;
	tolerance: Dec;
}

export interface Finalized {
	items: PerfexItem[];
	totals: ExactTotals;
	trace: Trace;
}

function percentText( part: Dec, whole: Dec ): string {
	return whole === 0n ? '0' : fmt( mulDiv( part, HUNDRED, whole, 2 ), 2 );
}

export class DocumentLines {
	readonly lines: DraftLine[] = [];
	readonly rules: string[] = [];
	private readonly wooTax = new Map<
		string,
		{ amount: Dec; rateIds: Set< number > }
	>();

	constructor(
		readonly decimals: number,
		readonly unit: string,
		readonly resolver: TaxResolver
	) {}

	rule( text: string ): void {
		if ( ! this.rules.includes( text ) ) {
			this.rules.push( text );
		}
	}

	/**
	 * Records WooCommerce tax amounts against the Perfex keys of `combos` (first combo holding the rate).
	 * @param combos
	 * @param rateId
	 * @param amount
	 */
	addWooTax( combos: readonly Combo[], rateId: number, amount: Dec ): void {
		for ( const combo of combos ) {
			const tax = combo.taxes.find( ( t ) => t.rateId === rateId );
			if ( tax ) {
				this.addWooTaxKey( tax.key, rateId, amount );
				return;
			}
		}
	}

	addWooTaxKey( key: string, rateId: number | null, amount: Dec ): void {
		const entry = this.wooTax.get( key ) ?? {
			amount: 0n,
			rateIds: new Set< number >(),
		};
		entry.amount += amount;
		if ( rateId !== null ) {
			entry.rateIds.add( rateId );
		}
		this.wooTax.set( key, entry );
	}

	/**
	 * Quantity and unit rate for a line of exact net `amount`. Perfex keeps the
	 * rate to `decimals` places and multiplies it by qty; when the unit price has
	 * more decimals than that (3 x 3.3333 = 10.00, or tax-inclusive stores'
	 * ex-tax prices), qty x rounded rate would miss the line amount by up to
	 * qty/2 minor units. Then the line is posted as 1 x line amount and the real
	 * quantity and unit price are written into the long description.
	 * @param amount
	 * @param quantity
	 */
	quantityAndRate(
		amount: Dec,
		quantity: Dec
	): { qty: Dec; rate: Dec; note: string } {
		const d = this.decimals;
		const lineAmount = round( amount, d );
		if ( quantity > 0n && fitsDecimals( quantity, d ) ) {
			const rate = div( lineAmount, quantity, d );
			if ( ( rate * quantity ) / ONE === lineAmount ) {
				return { qty: quantity, rate, note: '' };
			}
		}
		if ( quantity === ONE ) {
			return { qty: ONE, rate: lineAmount, note: '' };
		}
		const unitPrice =
			quantity === 0n
				? ''
				: ` x ${ fmtExact( div( amount, quantity, 4 ) ) }`;
		return {
			qty: ONE,
			rate: lineAmount,
			note: `Quantity ${ fmtExact( quantity ) }${ unitPrice } (shown as one line: the unit price has more decimals than Perfex keeps)`,
		};
	}

	/**
	 * A product line at its price before discounts; returns the line's discount (subtotal - total).
	 * @param item
	 * @param sign
	 */
	product(
		item: LineItem,
		sign: 1n | -1n
	): {
		combo: Combo;
		discount: Dec;
		discountTaxes: { id: number; amount: Dec }[];
	} {
		const combo = this.resolver.combo(
			item.taxes,
			item.tax_class,
			plainText( item.name )
		);
		const subtotal = dec( item.subtotal ) * sign;
		const quantity = dec( item.quantity ) * sign;
		const { qty, rate, note } = this.quantityAndRate( subtotal, quantity );
		const details: string[] = [];
		if ( item.sku ) {
			details.push( `SKU: ${ plainText( item.sku ) }` );
		}
		for ( const meta of item.meta_data ) {
			if ( meta.key.startsWith( '_' ) ) {
				continue;
			}
			const shown = meta.display_value ?? meta.value;
			if ( typeof shown !== 'string' && typeof shown !== 'number' ) {
				continue;
			}
			const label = plainText(
				meta.display_key ?? meta.key.replace( /^pa_/, '' )
			);
			details.push( `${ label }: ${ plainText( String( shown ) ) }` );
		}
		if ( note ) {
			details.push( note );
		}
		this.lines.push( {
			description: plainText( item.name ),
			long_description: details.join( '\n' ),
			qty,
			rate,
			combo,
			source: 'line_item',
			sourceId: item.id,
			rule: sign > 0n ? 'product-before-discount' : 'refunded-product',
			note:
				sign > 0n
					? 'line subtotal (price x quantity before coupons, excluding tax)'
					: 'refunded line total (excluding tax)',
			wooNet: subtotal,
		} );
		const discountTaxes: { id: number; amount: Dec }[] = [];
		for ( const tax of item.taxes ) {
			const before = dec( tax.subtotal ?? tax.total ) * sign;
			const after = dec( tax.total ) * sign;
			this.addWooTax( [ combo ], tax.id, sign > 0n ? before : after );
			discountTaxes.push( { id: tax.id, amount: before - after } );
		}
		const discount = subtotal - dec( item.total ) * sign;
		return {
			combo,
			discount: sign > 0n ? discount : 0n,
			discountTaxes: sign > 0n ? discountTaxes : [],
		};
	}

	shipping( line: ShippingLine, sign: 1n | -1n ): void {
		const title =
			plainText( line.method_title ) ||
			plainText( line.method_id ) ||
			'Shipping';
		const combo = this.resolver.combo(
			line.taxes,
			'',
			`Shipping: ${ title }`
		);
		const total = dec( line.total ) * sign;
		this.lines.push( {
			description: `Shipping: ${ title }`,
			long_description: '',
			qty: ONE,
			rate: round( total, this.decimals ),
			combo,
			source: 'shipping_line',
			sourceId: line.id,
			rule: sign > 0n ? 'shipping' : 'refunded-shipping',
			note: 'shipping total excluding tax',
			wooNet: total,
		} );
		for ( const tax of line.taxes ) {
			this.addWooTax( [ combo ], tax.id, dec( tax.total ) * sign );
		}
	}

	/**
	 * A fee. Positive fees are taxed on their own tax class, like any item.
	 * A negative fee is a discount whose taxes WooCommerce apportions across the
	 * order's positive items by tax class (woocommerce-facts.md §1.4), so it is
	 * split into one line per tax combination of the order's composition (the
	 * combinations whose rates the fee carries, plus the untaxed share), in
	 * proportion to their net amounts.
	 * @param line
	 * @param sign
	 * @param composition
	 */
	fee( line: FeeLine, sign: 1n | -1n, composition: readonly Share[] ): void {
		const name = plainText( line.name ) || 'Fee';
		const feeCombo = this.resolver.combo(
			line.taxes,
			line.tax_class,
			name
		);
		const total = dec( line.total ) * sign;
		let parts: { combo: Combo; net: Dec; note: string }[];
		const rateIds = new Set( feeCombo.taxes.map( ( tax ) => tax.rateId ) );
		const candidates =
			total < 0n && sign > 0n && feeCombo.taxes.length > 0
				? composition.filter( ( share ) =>
						share.combo.taxes.every( ( tax ) =>
							rateIds.has( tax.rateId )
						)
					)
				: [];
		if ( candidates.length <= 1 ) {
			const combo =
				candidates.length === 1 &&
				candidates[ 0 ]!.combo.taxes.length > 0
					? candidates[ 0 ]!.combo
					: feeCombo;
			parts = [ { combo, net: total, note: '' } ];
		} else {
			this.rule(
				"negative-fee-split: a negative fee is split over the order's tax combinations in proportion to their net amounts"
			);
			const weights = candidates.map( ( share ) => share.weight );
			const whole = sum( weights );
			const units = allocate( toMinor( total, this.decimals ), weights );
			parts = [];
			candidates.forEach( ( share, index ) => {
				const part = units[ index ] ?? 0n;
				if ( part !== 0n ) {
					parts.push( {
						combo: share.combo,
						net: fromMinor( part, this.decimals ),
						note: `Part taxed at ${ describeCombo( share.combo ) } (${ percentText( share.weight, whole ) } % of the order's taxable value)`,
					} );
				}
			} );
			// The last part carries the exact remainder so the parts add up to the fee.
			const last = parts[ parts.length - 1 ];
			if ( last ) {
				last.net += total - sum( parts.map( ( part ) => part.net ) );
			}
		}
		for ( const part of parts ) {
			this.lines.push( {
				description: name,
				long_description: part.note,
				qty: ONE,
				rate: round( part.net, this.decimals ),
				combo: part.combo,
				source: 'fee_line',
				sourceId: line.id,
				rule: total < 0n ? 'negative-fee' : 'fee',
				note: 'fee total excluding tax',
				wooNet: part.net,
			} );
		}
		const combos = [ ...parts.map( ( part ) => part.combo ), feeCombo ];
		for ( const tax of line.taxes ) {
			this.addWooTax( combos, tax.id, dec( tax.total ) * sign );
		}
	}

	/**
	 * Amount-only lines ("Refund: <reason>") for a gross amount, following the
	 * order's tax composition: the amount is split over the tax combinations in
	 * proportion to their gross value in the order (largest remainder, in minor
	 * units, so the parts add up exactly), and each part's net is part x 100 /
	 * (100 + sum of the combination's Perfex rates), rounded. One line when the
	 * order has one combination (the usual case), one per combination otherwise.
	 * @param gross
	 * @param shares
	 * @param description
	 * @param sourceId
	 */
	amountOnly(
		gross: Dec,
		shares: readonly Share[],
		description: string,
		sourceId: number | null
	): void {
		this.rule(
			"amount-only-refund: the amount is split over the order's tax combinations by gross value; net = amount x 100 / (100 + rates)"
		);
		const d = this.decimals;
		const positive = shares.filter( ( share ) => share.weight > 0n );
		const list =
			positive.length > 0 ? positive : [ { combo: NO_TAX, weight: ONE } ];
		const whole = sum( list.map( ( share ) => share.weight ) );
		const units = allocate(
			toMinor( gross, d ),
			list.map( ( share ) => share.weight )
		);
		list.forEach( ( share, index ) => {
			const part = fromMinor( units[ index ] ?? 0n, d );
			if ( part === 0n ) {
				return;
			}
			const net = mulDiv(
				part,
				HUNDRED,
				HUNDRED + share.combo.perfexRate,
				d
			);
			this.lines.push( {
				description,
				long_description:
					list.length > 1
						? `Share taxed at ${ describeCombo( share.combo ) } (${ percentText( share.weight, whole ) } % of the order's value)`
						: `Taxed like the order: ${ describeCombo( share.combo ) }`,
				qty: ONE,
				rate: net,
				combo: share.combo,
				source: 'refund_amount',
				sourceId,
				rule: 'amount-only-refund',
				note: `gross ${ fmt( part, d ) } split by the order's tax composition`,
				wooNet: net,
			} );
			const first = share.combo.taxes[ 0 ];
			if ( first ) {
				this.addWooTaxKey( first.key, first.rateId, part - net );
			}
		} );
	}

	private exactLines() {
		return this.lines.map( ( line ) => ( {
			qty: line.qty,
			rate: line.rate,
			taxes: line.combo.taxes.map( ( tax ) => ( {
				key: tax.key,
				rate: tax.perfexRate,
			} ) ),
		} ) );
	}

	/**
	 * Perfex totals without adjustment, the residual against `target`, and the tolerance.
	 * @param target
	 */
	measure( target: Dec ): Measured {
		const d = this.decimals;
		const pre = perfexTotalsExact( this.exactLines(), { decimals: d } );
		let slack = 0n;
		this.lines.forEach( ( line, index ) => {
			slack += percentOf(
				abs( pre.lineAmounts[ index ] ?? 0n ),
				line.combo.rateSlack
			);
		} );
		const tolerance =
			fromMinor( BigInt( this.lines.length ), d ) + ceil( slack, d );
		return { pre, residual: target - pre.total, tolerance };
	}

	/**
	 * Applies the residual as adjustment (or refuses) and produces items, totals and trace.
	 * @param target
	 * @param documentName
	 * @param currency
	 */
	finalize( target: Dec, documentName: string, currency: string ): Finalized {
		const d = this.decimals;
		const { pre, residual, tolerance } = this.measure( target );
		if ( abs( residual ) > tolerance ) {
			throw new CoreRefusal(
				'residual_too_large',
				`The Perfex ${ documentName } would total ${ fmt( pre.total, d ) } ${ currency }, but WooCommerce says ${ fmt( target, d ) } ${ currency }: a difference of ${ fmt( abs( residual ), d ) } where rounding explains at most ${ fmt( tolerance, d ) }. This points to a tax mapped to the wrong Perfex rate, or an order whose total was edited without recalculation. Check the tax mapping and the order, then sync again.`
			);
		}
		const totals = perfexTotalsExact( this.exactLines(), {
			decimals: d,
			adjustment: residual,
		} );
		if ( totals.total !== target ) {
			throw new Error(
				`internal: Perfex total ${ fmt( totals.total, d ) } != target ${ fmt( target, d ) }`
			);
		}
		const items: PerfexItem[] = this.lines.map( ( line, index ) => ( {
			description: line.description,
			long_description: line.long_description,
			qty: fmtQty( line.qty, d ),
			rate: fmt( line.rate, d ),
			unit: this.unit,
			order: index + 1,
			taxname: line.combo.keys,
		} ) );
		const parts: AdjustmentPart[] = [];
		const traceLines: TraceLine[] = this.lines.map( ( line, index ) => {
			const amount = pre.lineAmounts[ index ] ?? 0n;
			if ( line.wooNet !== amount ) {
				parts.push( {
					kind: 'line_rounding',
					ref: `line ${ index + 1 }`,
					amount: fmtExact( line.wooNet - amount ),
				} );
			}
			return {
				order: index + 1,
				rule: line.rule,
				source: line.source,
				source_id: line.sourceId,
				woo_net: fmtExact( line.wooNet ),
				perfex_net: fmt( amount, d ),
				note: line.note,
			};
		} );
		const keys = [
			...new Set( [
				...pre.serverTaxByKey.keys(),
				...this.wooTax.keys(),
			] ),
		];
		const taxes = keys.map( ( key ) => {
			const woo = this.wooTax.get( key );
			const perfex = pre.serverTaxByKey.get( key ) ?? 0n;
			const wooAmount = woo?.amount ?? 0n;
			if ( wooAmount !== perfex ) {
				parts.push( {
					kind: 'tax_rounding',
					ref: key,
					amount: fmtExact( wooAmount - perfex ),
				} );
			}
			return {
				key,
				woo_rate_ids: [ ...( woo?.rateIds ?? [] ) ].sort(
					( a, b ) => a - b
				),
				woo_amount: fmtExact( wooAmount ),
				perfex_amount: fmtExact( perfex ),
			};
		} );
		const serverTax = sum( pre.serverTaxByKey.values() );
		if ( serverTax !== pre.totalTax ) {
			parts.push( {
				kind: 'perfex_tax_total_rounding',
				ref: 'total_tax',
				amount: fmtExact( serverTax - pre.totalTax ),
			} );
		}
		const explained = sum( parts.map( ( part ) => dec( part.amount ) ) );
		if ( residual !== explained ) {
			parts.push( {
				kind: 'woocommerce_total_rounding',
				ref: 'order total',
				amount: fmtExact( residual - explained ),
			} );
		}
		return {
			items,
			totals,
			trace: {
				lines: traceLines,
				taxes,
				adjustment: {
					target_total: fmt( target, d ),
					perfex_total_before_adjustment: fmt( pre.total, d ),
					residual: fmt( residual, d ),
					tolerance: fmt( tolerance, d ),
					parts,
				},
				rules: this.rules,
			},
		};
	}
}

/**
 * Quantity text: as few decimals as needed ("2", "1.5").
 * @param qty
 * @param decimals
 */
function fmtQty( qty: Dec, decimals: number ): string {
	for ( let places = 0; places < decimals; places++ ) {
		if ( fitsDecimals( qty, places ) ) {
			return fmt( qty, places );
		}
	}
	return fmt( qty, decimals );
}

/**
 * The order's tax composition by net (for negative fees): positive line item
 * totals (after discounts), positive fees and shipping, per tax combination,
 * in order of first appearance.
 * @param resolver
 * @param items
 * @param fees
 * @param shipping
 */
export function netComposition(
	resolver: TaxResolver,
	items: readonly LineItem[],
	fees: readonly FeeLine[],
	shipping: readonly ShippingLine[]
): Share[] {
	const shares = new Map< string, Share >();
	const add = ( combo: Combo, amount: Dec ) => {
		if ( amount <= 0n ) {
			return;
		}
		const share = shares.get( combo.id ) ?? { combo, weight: 0n };
		share.weight += amount;
		shares.set( combo.id, share );
	};
	for ( const item of items ) {
		add(
			resolver.combo(
				item.taxes,
				item.tax_class,
				plainText( item.name )
			),
			dec( item.total )
		);
	}
	for ( const fee of fees ) {
		add(
			resolver.combo( fee.taxes, fee.tax_class, plainText( fee.name ) ),
			dec( fee.total )
		);
	}
	for ( const line of shipping ) {
		add(
			resolver.combo(
				line.taxes,
				'',
				`Shipping: ${ plainText( line.method_title ) }`
			),
			dec( line.total )
		);
	}
	return [ ...shares.values() ];
}

/**
 * The order's tax composition by gross value (net + tax, after discounts) of
 * every item, per tax combination; used to split amount-only refunds.
 * @param resolver
 * @param items
 * @param fees
 * @param shipping
 * @param sign
 */
export function grossComposition(
	resolver: TaxResolver,
	items: readonly LineItem[],
	fees: readonly FeeLine[],
	shipping: readonly ShippingLine[],
	sign: 1n | -1n = 1n
): Share[] {
	const shares = new Map< string, Share >();
	const add = ( combo: Combo, amount: Dec ) => {
		const share = shares.get( combo.id ) ?? { combo, weight: 0n };
		share.weight += amount * sign;
		shares.set( combo.id, share );
	};
	for ( const item of items ) {
		add(
			resolver.combo(
				item.taxes,
				item.tax_class,
				plainText( item.name )
			),
			dec( item.total ) + dec( item.total_tax )
		);
	}
	for ( const fee of fees ) {
		add(
			resolver.combo( fee.taxes, fee.tax_class, plainText( fee.name ) ),
			dec( fee.total ) + dec( fee.total_tax )
		);
	}
	for ( const line of shipping ) {
		add(
			resolver.combo(
				line.taxes,
				'',
				`Shipping: ${ plainText( line.method_title ) }`
			),
			dec( line.total ) + dec( line.total_tax )
		);
	}
	return [ ...shares.values() ].filter( ( share ) => share.weight > 0n );
}
