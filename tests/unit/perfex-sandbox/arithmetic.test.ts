import { describe, expect, it } from 'vitest';
import {
	Frac,
	autoTotals,
	serverTotalTax,
	uiTotals,
	type CalcInput,
} from '../../perfex-sandbox/arithmetic';

const d = ( text: string ) => Frac.parse( text );

// research/perfex-facts.md §2.5: A = 2 × 10.00 with VAT|20.00, B = 1 × 5.00 untaxed, 10 % discount.
function example( type: string ): CalcInput {
	return {
		lines: [
			{
				qty: d( '2' ),
				rate: d( '10.00' ),
				taxes: [ { name: 'VAT', rate: d( '20.00' ) } ],
			},
			{ qty: d( '1' ), rate: d( '5.00' ), taxes: [] },
		],
		discountPercent: d( '10' ),
		discountTotal: d( '0' ),
		discountType: type,
		adjustment: d( '0' ),
	};
}

describe( 'sandbox arithmetic (Perfex formulas)', () => {
	it( 'reproduces the worked example of §2.5', () => {
		const before = uiTotals( example( 'before_tax' ) );
		expect( [
			before.subtotal,
			before.taxes.get( 'VAT|20.00' ),
			before.discountTotal,
			before.total,
		] ).toEqual( [ '25.00', '3.60', '2.50', '26.10' ] );
		const after = uiTotals( example( 'after_tax' ) );
		expect( [ after.discountTotal, after.total ] ).toEqual( [
			'2.90',
			'26.10',
		] );
		expect(
			serverTotalTax( {
				...example( 'before_tax' ),
				storedSubtotal: d( '25' ),
			} )
		).toBe( '3.60' );
		expect(
			serverTotalTax( {
				...example( 'after_tax' ),
				storedSubtotal: d( '25' ),
			} )
		).toBe( '4.00' );
		expect( autoTotals( example( 'before_tax' ) ).total ).toBe( '26.50' );
		expect( autoTotals( example( 'after_tax' ) ).total ).toBe( '26.50' );
	} );

	it( 'rounds each line, then the total once, half away from zero', () => {
		const input: CalcInput = {
			lines: [
				{
					qty: d( '3' ),
					rate: d( '0.335' ),
					taxes: [ { name: 'T', rate: d( '10' ) } ],
				},
			],
			discountPercent: d( '0' ),
			discountTotal: d( '0' ),
			discountType: '',
			adjustment: d( '-0.01' ),
		};
		// line 1.005 → 1.01; tax 0.101; total 1.01 + 0.101 - 0.01 = 1.101 → 1.10
		expect( uiTotals( input ) ).toMatchObject( {
			subtotal: '1.01',
			total: '1.10',
		} );
		// server: 3 × 0.335 × 10 % = 0.1005 → 0.10
		expect(
			serverTotalTax( { ...input, storedSubtotal: d( '1.01' ) } )
		).toBe( '0.10' );
		expect( d( '-2.345' ).toFixed2() ).toBe( '-2.35' );
		expect( d( '2.344' ).toFixed2() ).toBe( '2.34' );
	} );

	it( 'a fixed before-tax discount reduces the taxes proportionally', () => {
		const input: CalcInput = {
			...example( 'before_tax' ),
			discountPercent: d( '0' ),
			discountTotal: d( '5' ),
		};
		// taxes 4.00 × (1 - 5/25) = 3.20; total 25 + 3.20 - 5 = 23.20
		expect( uiTotals( input ) ).toMatchObject( {
			total: '23.20',
			discountTotal: '5.00',
		} );
		expect(
			serverTotalTax( { ...input, storedSubtotal: d( '25' ) } )
		).toBe( '3.20' );
		// no discount type: the UI applies no discount at all
		expect( uiTotals( { ...input, discountType: '' } ).total ).toBe(
			'29.00'
		);
	} );
} );
