/**
 * Perfex arithmetic: recomputes a document's totals the way Perfex does
 * (perfex-facts.md §2.3 UI formula in main.js `calculate_total()`, §2.3 server
 * `update_sales_total_tax_column`, §2.4 rounding, §5.4 REST auto-totals).
 *
 * What Perfex stores for a posted item:
 * - `qty` and `rate` in DECIMAL(15,d) (rate through number_format: half away from zero);
 * - each "name|rate" tax in tblitem_tax with the rate in DECIMAL(15,d).
 * Then:
 * - UI: line amount = toFixed(qty x rate, d) (Math.round: half toward +infinity);
 *   subtotal = sum of line amounts; tax per "name|rate" = sum(line amount x rate / 100),
 *   not rounded per line; discount before/after tax; total = toFixed(subtotal +
 *   taxes - discount + adjustment, d). The browser posts subtotal and total.
 * - Server: total_tax = sum over items of qty x rate x taxrate / 100 (stored qty and
 *   rate, not the rounded line amount), reduced by a before-tax discount, rounded
 *   by MySQL DECIMAL (half away from zero).
 * The server trusts the posted `subtotal` and `total`. A document is consistent
 * when the posted total equals both the UI total and subtotal - discount +
 * total_tax + adjustment (what the PDF shows). The builders only emit
 * consistent documents; the sidecar can use `perfexTotals` to verify one it
 * reads back.
 */
import { dec, fmt, mulDiv, percentOf, round, sum, HUNDRED, ONE } from './money';
import type { Dec } from './money';

export interface PerfexTotalsInput {
	newitems: readonly {
		qty: string | number;
		rate: string | number;
		taxname?: readonly string[];
	}[];
	adjustment?: string | number | null;
	discount_percent?: string | number | null;
	discount_total?: string | number | null;
	discount_type?: string | null;
}

export interface PerfexTotals {
	/** Sum of rounded line amounts. */
	subtotal: string;
	/** Per "name|rate" key, the UI amount (unrounded, as main.js shows before toFixed) to 6 places. */
	taxes: { key: string; name: string; rate: string; amount: string }[];
	/** Server-side total_tax column. */
	total_tax: string;
	discount_total: string;
	adjustment: string;
	/** subtotal - discount_total + total_tax + adjustment: what the stored columns add up to. */
	total: string;
	/** What the Perfex UI computes and would post. */
	ui_total: string;
	/** total === ui_total. */
	consistent: boolean;
}

/** A line already in exact form (used by the builders, no string round-trips). */
export interface ExactLine {
	qty: Dec;
	rate: Dec;
	taxes: readonly { key: string; rate: Dec }[];
}

export interface ExactTotals {
	lineAmounts: Dec[];
	subtotal: Dec;
	/** Per key: UI tax amount (exact, before any rounding). */
	taxByKey: Map< string, Dec >;
	/** Per key: server tax amount (exact). */
	serverTaxByKey: Map< string, Dec >;
	totalTax: Dec;
	discountTotal: Dec;
	adjustment: Dec;
	total: Dec;
	uiTotal: Dec;
}

/**
 * Exact Perfex totals for lines whose qty, rate and tax rates are already
 * stored values (rounded to `decimals`).
 * @param lines
 * @param options
 * @param options.decimals
 * @param options.adjustment
 * @param options.discountPercent
 * @param options.discountTotal
 * @param options.discountType
 */
export function perfexTotalsExact(
	lines: readonly ExactLine[],
	options: {
		decimals: number;
		adjustment?: Dec;
		discountPercent?: Dec;
		discountTotal?: Dec;
		discountType?: string;
	}
): ExactTotals {
	const d = options.decimals;
	const adjustment = round( options.adjustment ?? 0n, d );
	const lineAmounts: Dec[] = [];
	const taxByKey = new Map< string, Dec >();
	const serverTaxByKey = new Map< string, Dec >();
	let subtotal = 0n;
	for ( const line of lines ) {
		const exact = ( line.qty * line.rate ) / ONE;
		const amount = round( exact, d, 'half-up' );
		lineAmounts.push( amount );
		subtotal += amount;
		for ( const tax of line.taxes ) {
			taxByKey.set(
				tax.key,
				( taxByKey.get( tax.key ) ?? 0n ) +
					percentOf( amount, tax.rate )
			);
			serverTaxByKey.set(
				tax.key,
				( serverTaxByKey.get( tax.key ) ?? 0n ) +
					percentOf( exact, tax.rate )
			);
		}
	}
	const percent = options.discountPercent ?? 0n;
	const fixed = options.discountTotal ?? 0n;
	const type = options.discountType ?? '';
	let uiTax = sum( taxByKey.values() );
	let serverTax = sum( serverTaxByKey.values() );
	let discount = 0n;
	if ( type === 'before_tax' ) {
		if ( percent !== 0n ) {
			discount = percentOf( subtotal, percent );
			uiTax = mulDiv( uiTax, HUNDRED - percent, HUNDRED, 12 );
			serverTax = mulDiv( serverTax, HUNDRED - percent, HUNDRED, 12 );
		} else if ( fixed !== 0n && subtotal !== 0n ) {
			discount = fixed;
			uiTax = mulDiv( uiTax, subtotal - fixed, subtotal, 12 );
			serverTax = mulDiv( serverTax, subtotal - fixed, subtotal, 12 );
		}
	} else if ( type === 'after_tax' ) {
		discount =
			percent !== 0n ? percentOf( subtotal + uiTax, percent ) : fixed;
	}
	const discountTotal = round( discount, d, 'half-up' );
	const totalTax = round( serverTax, d, 'half-away' );
	const uiTotal = round(
		subtotal + uiTax - discount + adjustment,
		d,
		'half-up'
	);
	const total = subtotal - discountTotal + totalTax + adjustment;
	return {
		lineAmounts,
		subtotal,
		taxByKey,
		serverTaxByKey,
		totalTax,
		discountTotal,
		adjustment,
		total,
		uiTotal,
	};
}

/**
 * Splits "VAT|20.00" into its name and rate (the text after the last "|").
 * @param key
 */
export function parseTaxKey( key: string ): { name: string; rate: Dec } {
	const bar = key.lastIndexOf( '|' );
	if ( bar <= 0 ) {
		throw new RangeError( `tax "${ key }" is not in the "name|rate" form` );
	}
	return {
		name: key.slice( 0, bar ).trim(),
		rate: dec( key.slice( bar + 1 ) ),
	};
}

/**
 * Recomputes a posted document's totals the way Perfex does.
 * @param document
 * @param decimals
 */
export function perfexTotals(
	document: PerfexTotalsInput,
	decimals = 2
): PerfexTotals {
	const lines: ExactLine[] = document.newitems.map( ( item ) => ( {
		qty: round( dec( item.qty ), decimals ),
		rate: round( dec( item.rate ), decimals ),
		taxes: ( item.taxname ?? [] )
			.filter( ( key ) => key.trim() !== '' )
			.map( ( key ) => {
				const { name, rate } = parseTaxKey( key );
				const stored = round( rate, decimals );
				return {
					key: `${ name }|${ fmt( stored, decimals ) }`,
					rate: stored,
				};
			} ),
	} ) );
	const totals = perfexTotalsExact( lines, {
		decimals,
		adjustment: dec( document.adjustment ?? 0 ),
		discountPercent: dec( document.discount_percent ?? 0 ),
		discountTotal: dec( document.discount_total ?? 0 ),
		discountType: document.discount_type ?? '',
	} );
	return {
		subtotal: fmt( totals.subtotal, decimals ),
		taxes: [ ...totals.taxByKey ].map( ( [ key, amount ] ) => {
			const { name, rate } = parseTaxKey( key );
			return {
				key,
				name,
				rate: fmt( rate, decimals ),
				amount: fmt( amount, 6 ),
			};
		} ),
		total_tax: fmt( totals.totalTax, decimals ),
		discount_total: fmt( totals.discountTotal, decimals ),
		adjustment: fmt( totals.adjustment, decimals ),
		total: fmt( totals.total, decimals ),
		ui_total: fmt( totals.uiTotal, decimals ),
		consistent: totals.total === totals.uiTotal,
	};
}
