import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCreditNote, buildInvoice, perfexTotals } from '../../../core';
import { dec, fmtExact } from '../../../core/money';

const here = dirname( fileURLToPath( import.meta.url ) );
const fixture = ( name: string ) =>
	JSON.parse(
		readFileSync(
			join( here, '../../fixtures/orders', `${ name }.json` ),
			'utf8'
		)
	) as {
		config: Record< string, unknown >;
		order: Record< string, unknown >;
	};

describe( 'input validation', () => {
	it( 'rejects invalid input with every bad path listed', () => {
		const { order } = fixture( 'j-cart-fees-shipping-coupon' );
		const items = order.line_items as Record< string, unknown >[];
		const bad = {
			...order,
			currency: 'euro',
			total: 'ten',
			line_items: [
				{ ...items[ 0 ], subtotal: '1,5' },
				{ ...items[ 1 ], taxes: [ { id: 'x', total: '1' } ] },
			],
		};
		const result = buildInvoice( {
			order: bad,
			settings: { timezone: 'Mars/Base' },
		} );
		expect( result.kind ).toBe( 'invalid' );
		if ( result.kind !== 'invalid' ) {
			return;
		}
		const paths = result.issues.map( ( issue ) => issue.path );
		expect( paths ).toEqual(
			expect.arrayContaining( [
				'settings.timezone',
				'order.currency',
				'order.total',
				'order.line_items.0.subtotal',
				'order.line_items.1.taxes.0.id',
			] )
		);
		expect( result.message ).toContain( 'order.line_items.0.subtotal' );
	} );
} );

describe( 'invoice rules', () => {
	it( 'is deterministic: same input, byte-identical output', () => {
		const { config, order } = fixture( 'i-inclusive-compound-coupon' );
		const first = JSON.stringify( buildInvoice( { ...config, order } ) );
		const second = JSON.stringify(
			buildInvoice( structuredClone( { ...config, order } ) )
		);
		expect( second ).toBe( first );
	} );

	it( 'traces every cent of the adjustment: the parts add up to the residual', () => {
		const { config, order } = fixture( 'i-inclusive-compound-coupon' );
		const result = buildInvoice( { ...config, order } );
		if ( result.kind !== 'invoice' ) {
			throw new Error( result.kind );
		}
		const { adjustment } = result.trace;
		const total = adjustment.parts.reduce(
			( s, part ) => s + dec( part.amount ),
			0n
		);
		expect( fmtExact( total ) ).toBe(
			fmtExact( dec( adjustment.residual ) )
		);
		expect( adjustment.residual ).toBe( result.document.adjustment );
		expect( result.trace.lines.map( ( line ) => line.rule ) ).toEqual( [
			'product-before-discount',
			'product-before-discount',
			'product-before-discount',
			'coupon-per-tax-combination',
			'coupon-per-tax-combination',
		] );
	} );

	it( 'uses identity tax mapping by rate without mappings, and says so', () => {
		const { order } = fixture( 'm-rest-docs-727' );
		const result = buildInvoice( { order } );
		expect( result.kind ).toBe( 'invoice' );
		if ( result.kind !== 'invoice' ) {
			return;
		}
		expect( result.document.newitems[ 0 ]?.taxname ).toEqual( [
			'State Tax|7.50',
		] );
		const codes = result.warnings.map( ( w ) => w.code );
		expect( codes ).toContain( 'identity_tax_mapping' );
		expect( codes ).toContain( 'currency_fallback' );
		expect( result.document.adminnote ).toBe( 'WooSync: Order #727' );
	} );

	it( 'takes dates from the chosen source and due date from the payment situation', () => {
		const { config, order } = fixture( 'm-rest-docs-727' );
		const created = buildInvoice( {
			...config,
			settings: { invoice_date_source: 'created', due_days: 7 },
			order,
		} );
		const paidByCard = buildInvoice( {
			...config,
			order: { ...order, payment_method: 'stripe' },
		} );
		expect(
			created.kind === 'invoice' && [
				created.document.date,
				created.document.duedate,
			]
		).toEqual( [ '2017-03-22', '2017-03-29' ] );
		expect(
			paidByCard.kind === 'invoice' && paidByCard.document.duedate
		).toBe( '2017-03-22' );
	} );

	it( 'takes payment modes from the settings per WooCommerce method, with a default', () => {
		const { config, order } = fixture( 'm-rest-docs-727' );
		const settings = {
			payment_modes: { bacs: [ '2' ], stripe: [ 'stripe' ] },
			default_payment_modes: [ '1', '3' ],
		};
		const bacs = buildInvoice( { ...config, settings, order } );
		const other = buildInvoice( {
			...config,
			settings,
			order: { ...order, payment_method: 'paypal' },
		} );
		expect(
			bacs.kind === 'invoice' && bacs.document.allowed_payment_modes
		).toEqual( [ '2' ] );
		expect(
			other.kind === 'invoice' && other.document.allowed_payment_modes
		).toEqual( [ '1', '3' ] );
	} );

	it( 'keeps Perfex total == order total on a 250-line order with per-line rounding', () => {
		// 250 x 1.99 at 19 %, rounding per line (RAS off): each line tax 0.3781 -> 0.38,
		// WooCommerce total 497.50 + 95.00 = 592.50. Perfex taxes the sum:
		// 497.50 x 19 % = 94.525 -> 94.53, total 592.03, so the adjustment is +0.47,
		// within 250 lines x 0.01.
		const lines = Array.from( { length: 250 }, ( _, i ) => ( {
			id: i + 1,
			name: `Line ${ i + 1 }`,
			quantity: 1,
			subtotal: '1.99',
			subtotal_tax: '0.38',
			total: '1.99',
			total_tax: '0.38',
			taxes: [ { id: 1, total: '0.38', subtotal: '0.38' } ],
		} ) );
		const result = buildInvoice( {
			mappings: { taxes: [ { wc_rate_id: 1, name: 'VAT', rate: '19' } ] },
			order: {
				id: 1,
				number: '1',
				currency: 'EUR',
				total: '592.50',
				date_created_gmt: '2024-01-01T10:00:00',
				line_items: lines,
				tax_lines: [
					{
						rate_id: 1,
						label: 'VAT',
						compound: false,
						rate_percent: '19.0000',
					},
				],
			},
		} );
		if ( result.kind !== 'invoice' ) {
			throw new Error( JSON.stringify( result ) );
		}
		expect( result.document.newitems ).toHaveLength( 250 );
		expect( result.document.subtotal ).toBe( '497.50' );
		expect( result.document.adjustment ).toBe( '0.47' );
		expect( result.document.total ).toBe( '592.50' );
		expect( perfexTotals( result.document ).total ).toBe( '592.50' );
	} );
} );

describe( 'credit note signature', () => {
	it( 'signs with "<prefix>: Order #N Refund #R" and a custom prefix', () => {
		const { config, order } = fixture( 'm-rest-docs-727' );
		const result = buildCreditNote( {
			...config,
			settings: { signature_prefix: 'Shop' },
			order,
			refund: {
				id: 726,
				amount: '10.00',
				date_created_gmt: '2017-03-21T20:07:11',
				line_items: [],
			},
		} );
		expect(
			result.kind === 'credit_note' && result.document.adminnote
		).toBe( 'Shop: Order #727 Refund #726' );
	} );

	it( 'refuses a refund larger than its order', () => {
		const { config, order } = fixture( 'm-rest-docs-727' );
		const result = buildCreditNote( {
			...config,
			order,
			refund: { id: 1, amount: '100.00', line_items: [] },
		} );
		expect( result.kind === 'refused' && result.refusal.code ).toBe(
			'refund_order_mismatch'
		);
	} );
} );
