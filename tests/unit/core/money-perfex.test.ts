import { describe, expect, it } from 'vitest';
import {
	allocate,
	dec,
	div,
	fmt,
	fmtExact,
	round,
	toMinor,
} from '../../../core/money';
import { perfexTotals } from '../../../core';
import { addDays, localDate } from '../../../core/dates';
import { plainText } from '../../../core/text';

describe( 'money: exact decimals, explicit rounding', () => {
	it( 'parses WooCommerce decimals exactly, beyond two places', () => {
		expect( fmtExact( dec( '909.0909090909' ) ) ).toBe( '909.0909090909' );
		expect( fmtExact( dec( '0.588' ) + dec( '0.735' ) ) ).toBe( '1.323' );
		expect( fmtExact( dec( '0.1' ) + dec( '0.2' ) ) ).toBe( '0.3' );
		expect( fmtExact( dec( '-1.5' ) ) ).toBe( '-1.5' );
		expect( dec( '' ) ).toBe( 0n );
		expect( () => dec( 'abc' ) ).toThrow();
	} );

	it( 'rounds with the named mode at ties', () => {
		expect( fmt( round( dec( '2.345' ), 2, 'half-away' ), 2 ) ).toBe(
			'2.35'
		);
		expect( fmt( round( dec( '-2.345' ), 2, 'half-away' ), 2 ) ).toBe(
			'-2.35'
		);
		expect( fmt( round( dec( '-2.345' ), 2, 'half-up' ), 2 ) ).toBe(
			'-2.34'
		);
		expect( fmt( round( dec( '1.665' ), 2, 'half-down' ), 2 ) ).toBe(
			'1.66'
		);
		expect( fmt( round( dec( '1.665' ), 2, 'half-even' ), 2 ) ).toBe(
			'1.66'
		);
		expect( fmt( round( dec( '1.675' ), 2, 'half-even' ), 2 ) ).toBe(
			'1.68'
		);
		expect( toMinor( dec( '10.125' ), 3 ) ).toBe( 10125n );
		expect( fmt( div( dec( '6.59' ), dec( '1.075' ), 2 ), 2 ) ).toBe(
			'6.13'
		);
	} );

	it( 'allocates by largest remainder, summing exactly, ties to the earlier weight', () => {
		expect( allocate( 1000n, [ dec( '19.35' ), dec( '10' ) ] ) ).toEqual( [
			659n,
			341n,
		] );
		expect(
			allocate( 10n, [ dec( '1' ), dec( '1' ), dec( '1' ) ] )
		).toEqual( [ 4n, 3n, 3n ] );
		expect(
			allocate( -10n, [ dec( '1' ), dec( '1' ), dec( '1' ) ] )
		).toEqual( [ -4n, -3n, -3n ] );
		expect( allocate( 7n, [ dec( '0' ), dec( '2' ) ] ) ).toEqual( [
			0n,
			7n,
		] );
	} );
} );

describe( 'Perfex arithmetic (perfex-facts.md §2.3-§2.5)', () => {
	const items = [
		{ qty: '2', rate: '10', taxname: [ 'VAT|20.00' ] },
		{ qty: 1, rate: 5, taxname: [] },
	];

	it( 'reproduces the worked example with a 10 % discount before tax', () => {
		const totals = perfexTotals( {
			newitems: items,
			discount_percent: '10',
			discount_type: 'before_tax',
		} );
		expect( totals.subtotal ).toBe( '25.00' );
		expect( totals.discount_total ).toBe( '2.50' );
		expect( totals.total_tax ).toBe( '3.60' );
		expect( totals.total ).toBe( '26.10' );
		expect( totals.ui_total ).toBe( '26.10' );
	} );

	it( 'reproduces the worked example with a 10 % discount after tax (tax not reduced)', () => {
		const totals = perfexTotals( {
			newitems: items,
			discount_percent: '10',
			discount_type: 'after_tax',
		} );
		expect( totals.total_tax ).toBe( '4.00' );
		expect( totals.discount_total ).toBe( '2.90' );
		expect( totals.total ).toBe( '26.10' );
	} );

	it( 'sums tax per "name|rate" before rounding, and adds the adjustment', () => {
		const totals = perfexTotals( {
			newitems: [
				{ qty: 1, rate: '0.05', taxname: [ 'VAT|10.00' ] },
				{ qty: 1, rate: '0.05', taxname: [ 'VAT|10' ] },
			],
			adjustment: '-0.01',
		} );
		// Per line 0.005 each would round to 0.01 + 0.01; Perfex sums 0.01 first.
		expect( totals.taxes ).toEqual( [
			{
				key: 'VAT|10.00',
				name: 'VAT',
				rate: '10.00',
				amount: '0.010000',
			},
		] );
		expect( totals.total ).toBe( '0.10' );
	} );

	it( 'stores rate and qty with number_format / DECIMAL rounding', () => {
		const totals = perfexTotals( {
			newitems: [ { qty: '1.005', rate: '3.335', taxname: [] } ],
		} );
		// qty 1.01 x rate 3.34 = 3.3734 -> 3.37
		expect( totals.subtotal ).toBe( '3.37' );
	} );
} );

describe( 'dates in the store time zone, without a clock', () => {
	it( 'converts GMT instants with IANA zones and fixed offsets', () => {
		expect(
			localDate( null, '2024-03-30T23:30:00', 'Europe/Berlin' )
		).toBe( '2024-03-31' );
		expect(
			localDate( null, '2024-07-30T21:59:00', 'Europe/Berlin' )
		).toBe( '2024-07-30' );
		expect(
			localDate( null, '2024-07-30T22:00:00', 'Europe/Berlin' )
		).toBe( '2024-07-31' );
		expect( localDate( null, '2024-01-01T03:00:00', '-05:00' ) ).toBe(
			'2023-12-31'
		);
		expect( localDate( null, '2024-01-01T22:30:00', '+0230' ) ).toBe(
			'2024-01-02'
		);
		expect( localDate( '2017-03-22T16:28:02', null, 'UTC' ) ).toBe(
			'2017-03-22'
		);
		expect( localDate( null, null, 'UTC' ) ).toBeNull();
	} );

	it( 'adds days across months and leap years', () => {
		expect( addDays( '2024-02-20', 10 ) ).toBe( '2024-03-01' );
		expect( addDays( '2023-12-31', 1 ) ).toBe( '2024-01-01' );
	} );
} );

describe( 'plain text from WooCommerce names', () => {
	it( 'strips tags, decodes entities, keeps unicode', () => {
		expect(
			plainText( 'A &amp; <b>B</b>&nbsp;&#8211; &#x1F9C0; &unknown;' )
		).toBe( 'A & B – 🧀 &unknown;' );
		expect( plainText( 'Plain' ) ).toBe( 'Plain' );
	} );
} );
