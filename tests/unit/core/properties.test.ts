/**
 * Property-based tests over generated orders that obey WooCommerce's rules
 * (woocommerce-facts.md §1): line subtotal = price x qty, a percent coupon
 * taken off each line's total, per-rate taxes rounded per line (round at
 * subtotal off) or kept unrounded and rounded once on the order (on), shipping
 * and fees taxed on their own, grand total = items + fees + shipping + taxes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInvoice, perfexTotals } from '../../../core';

const RATES: Record< string, { id: number; percent: number }[] > = {
	'': [ { id: 1, percent: 20 } ],
	reduced: [ { id: 2, percent: 7 } ],
	zero: [ { id: 3, percent: 0 } ],
	stacked: [
		{ id: 4, percent: 6 },
		{ id: 5, percent: 2.5 },
	],
	none: [],
};
const TAX_MAP = [
	{ wc_rate_id: 1, name: 'VAT', rate: '20' },
	{ wc_rate_id: 2, name: 'Reduced', rate: '7' },
	{ wc_rate_id: 3, name: 'Zero', rate: '0' },
	{ wc_rate_id: 4, name: 'State', rate: '6' },
	{ wc_rate_id: 5, name: 'City', rate: '2.5' },
];
/** A number in exponent notation, or NaN/Infinity, as float arithmetic would print it. */
const FLOAT_TEXT = /^(-?[\d.]+e[+-]?\d+|-?NaN|-?Infinity)$/i;

const NAMES = new Set( TAX_MAP.map( ( entry ) => entry.name ) );

/**
 * Tax of `cents` at `percent`, in 1/100000 of a currency unit (exact for rates in tenths).
 * @param cents
 * @param percent
 */
function taxUnits5( cents: number, percent: number ): number {
	return Math.round( cents * percent * 10 );
}
/**
 * Unrounded tax as WooCommerce stores it with round at subtotal on (5 places).
 * @param cents
 * @param percent
 */
function rawTax( cents: number, percent: number ): string {
	const units = taxUnits5( cents, percent );
	return `${ Math.floor( units / 100000 ) }.${ String( units % 100000 ).padStart( 5, '0' ) }`;
}
function money2( cents: number ): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs( cents );
	return `${ sign }${ Math.floor( abs / 100 ) }.${ String( abs % 100 ).padStart( 2, '0' ) }`;
}
/**
 * Tax in cents rounded half up (WooCommerce's default tax rounding, exclusive prices).
 * @param cents
 * @param percent
 */
function roundedTax( cents: number, percent: number ): number {
	return Math.floor( ( taxUnits5( cents, percent ) + 500 ) / 1000 );
}

const lineArb = fc.record( {
	price: fc.integer( { min: 1, max: 50_000 } ),
	qty: fc.integer( { min: 1, max: 12 } ),
	taxClass: fc.constantFrom( '', '', 'reduced', 'zero', 'stacked', 'none' ),
	// A name that itself reads like a leaked float would trip numericLeaks() below.
	name: fc
		.string( { maxLength: 20 } )
		.filter( ( name ) => ! FLOAT_TEXT.test( name.trim() ) ),
} );

const orderArb = fc.record( {
	lines: fc.array( lineArb, { minLength: 1, maxLength: 15 } ),
	couponPercent: fc.constantFrom( 0, 0, 5, 10, 33, 100 ),
	roundAtSubtotal: fc.boolean(),
	shipping: fc.option( fc.integer( { min: 0, max: 3000 } ), {
		nil: undefined,
	} ),
	fee: fc.option( fc.integer( { min: 1, max: 2000 } ), { nil: undefined } ),
} );

type Spec = typeof orderArb extends fc.Arbitrary< infer T > ? T : never;

function makeOrder( spec: Spec ) {
	let totalCents = 0;
	const taxUnits: number[] = []; // 1/100000 units, for round at subtotal
	let roundedTaxCents = 0;
	const taxed = ( cents: number, taxClass: string ) =>
		( RATES[ taxClass ] ?? [] ).map( ( rate ) => {
			const raw = rawTax( cents, rate.percent );
			taxUnits.push( taxUnits5( cents, rate.percent ) );
			const rounded = roundedTax( cents, rate.percent );
			roundedTaxCents += rounded;
			return { id: rate.id, raw, rounded };
		} );
	const lineItems = spec.lines.map( ( line, index ) => {
		const subtotal = line.price * line.qty;
		const discount = Math.floor( ( subtotal * spec.couponPercent ) / 100 );
		const total = subtotal - discount;
		totalCents += total;
		const before = ( RATES[ line.taxClass ] ?? [] ).map( ( rate ) => ( {
			raw: rawTax( subtotal, rate.percent ),
			rounded: roundedTax( subtotal, rate.percent ),
		} ) );
		const after = taxed( total, line.taxClass );
		return {
			id: index + 1,
			name: line.name || `Item ${ index + 1 }`,
			quantity: line.qty,
			tax_class: line.taxClass,
			subtotal: money2( subtotal ),
			total: money2( total ),
			taxes: after.map( ( tax, i ) => ( {
				id: tax.id,
				total: spec.roundAtSubtotal ? tax.raw : money2( tax.rounded ),
				subtotal: spec.roundAtSubtotal
					? before[ i ]!.raw
					: money2( before[ i ]!.rounded ),
			} ) ),
		};
	} );
	const discountCents =
		spec.lines.reduce( ( s, l ) => s + l.price * l.qty, 0 ) - totalCents;
	const shippingLines =
		spec.shipping === undefined
			? []
			: [
					{
						id: 100,
						method_title: 'Flat rate',
						total: money2( spec.shipping ),
						taxes: taxed( spec.shipping, '' ).map( ( tax ) => ( {
							id: tax.id,
							total: spec.roundAtSubtotal
								? tax.raw
								: money2( tax.rounded ),
						} ) ),
					},
				];
	totalCents += spec.shipping ?? 0;
	const feeLines =
		spec.fee === undefined
			? []
			: [
					{
						id: 200,
						name: 'Handling',
						total: money2( spec.fee ),
						taxes: taxed( spec.fee, 'reduced' ).map( ( tax ) => ( {
							id: tax.id,
							total: spec.roundAtSubtotal
								? tax.raw
								: money2( tax.rounded ),
						} ) ),
					},
				];
	totalCents += spec.fee ?? 0;
	const taxCents = spec.roundAtSubtotal
		? Math.floor( ( taxUnits.reduce( ( s, u ) => s + u, 0 ) + 500 ) / 1000 )
		: roundedTaxCents;
	return {
		id: 5,
		number: '5',
		currency: 'EUR',
		date_created_gmt: '2024-02-29T12:00:00',
		total: money2( totalCents + taxCents ),
		line_items: lineItems,
		shipping_lines: shippingLines,
		fee_lines: feeLines,
		coupon_lines:
			discountCents > 0
				? [
						{
							id: 300,
							code: `P${ spec.couponPercent }`,
							discount: money2( discountCents ),
						},
					]
				: [],
		tax_lines: TAX_MAP.map( ( entry ) => ( {
			rate_id: entry.wc_rate_id,
			label: entry.name,
			compound: false,
			rate_percent: entry.rate,
		} ) ),
	};
}

const input = ( spec: Spec ) => ( {
	mappings: { taxes: TAX_MAP, currencies: { EUR: 2 } },
	order: makeOrder( spec ),
} );

describe( 'properties of generated WooCommerce orders', () => {
	it( 'Perfex total of the document == order total, with a rounding-sized adjustment', () => {
		fc.assert(
			fc.property( orderArb, ( spec ) => {
				const { order, ...config } = input( spec );
				const result = buildInvoice( { ...config, order } );
				if ( order.total === '0.00' ) {
					expect( result.kind ).toBe( 'skipped' );
					return;
				}
				if ( result.kind !== 'invoice' ) {
					throw new Error( JSON.stringify( result ) );
				}
				const doc = result.document;
				expect( doc.total ).toBe( order.total );
				const totals = perfexTotals( doc );
				expect( totals.total ).toBe( order.total );
				expect( totals.consistent ).toBe( true );
				expect(
					Math.abs( Number( doc.adjustment ) )
				).toBeLessThanOrEqual( doc.newitems.length * 0.01 + 1e-9 );
			} ),
			{ numRuns: 300 }
		);
	} );

	it( 'has no NaN or float drift: every amount is a 2-decimal string', () => {
		fc.assert(
			fc.property( orderArb, ( spec ) => {
				const result = buildInvoice( input( spec ) );
				// Every value, not the JSON text: product names may well read "e+0" or "NaN".
				expect( numericLeaks( result ) ).toEqual( [] );
				if ( result.kind !== 'invoice' ) {
					return;
				}
				const money = /^-?\d+\.\d{2}$/;
				const doc = result.document;
				for ( const value of [
					doc.subtotal,
					doc.total,
					doc.adjustment,
					...doc.newitems.map( ( i ) => i.rate ),
				] ) {
					expect( value ).toMatch( money );
				}
			} ),
			{ numRuns: 200 }
		);
	} );

	it( 'every taxed line carries its mapped taxes', () => {
		fc.assert(
			fc.property( orderArb, ( spec ) => {
				const built = input( spec );
				const result = buildInvoice( built );
				if ( result.kind !== 'invoice' ) {
					return;
				}
				result.trace.lines.forEach( ( line, index ) => {
					const item = result.document.newitems[ index ]!;
					if ( line.source === 'line_item' ) {
						const source = built.order.line_items.find(
							( l ) => l.id === line.source_id
						)!;
						expect( item.taxname ).toHaveLength(
							source.taxes.length
						);
					}
					for ( const key of item.taxname ) {
						expect( NAMES.has( key.split( '|' )[ 0 ]! ) ).toBe(
							true
						);
					}
				} );
			} ),
			{ numRuns: 200 }
		);
	} );

	it( 'is deterministic', () => {
		fc.assert(
			fc.property( orderArb, ( spec ) => {
				const a = JSON.stringify( buildInvoice( input( spec ) ) );
				const b = JSON.stringify(
					buildInvoice( structuredClone( input( spec ) ) )
				);
				expect( b ).toBe( a );
			} ),
			{ numRuns: 100 }
		);
	} );
} );

/**
 * Paths of values that betray float arithmetic: non-finite numbers, or strings that are a
 * number in exponent notation or NaN/Infinity.
 *
 * @param value Any JSON-like value.
 * @param path  Path so far.
 */
function numericLeaks( value: unknown, path = '$' ): string[] {
	if ( typeof value === 'number' ) {
		return Number.isFinite( value ) ? [] : [ path ];
	}
	if ( typeof value === 'string' ) {
		return FLOAT_TEXT.test( value.trim() ) ? [ path ] : [];
	}
	if ( Array.isArray( value ) ) {
		return value.flatMap( ( item, index ) =>
			numericLeaks( item, `${ path }[${ index }]` )
		);
	}
	if ( value !== null && typeof value === 'object' ) {
		return Object.entries( value ).flatMap( ( [ key, item ] ) =>
			numericLeaks( item, `${ path }.${ key }` )
		);
	}
	return [];
}
