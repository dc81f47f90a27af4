import { describe, expect, it } from 'vitest';
import {
	isMapped,
	mapByMatchingRate,
	rowsFrom,
	toTaxMap,
} from '../../../admin-src/data/taxMap';
import type { TaxRate } from '../../../admin-src/data/schemas';

const rate = (
	id: number,
	percent: string,
	label = `Rate ${ id }`
): TaxRate => ( {
	id,
	class: '',
	label,
	rate: percent,
	country: 'DE',
	state: '',
	compound: false,
	shipping: true,
} );

const perfex = [
	{ id: 1, name: 'VAT', rate: '19.00' },
	{ id: 2, name: 'Reduced', rate: '7.00' },
	{ id: 3, name: 'Reduced food', rate: '7.00' },
];

describe( 'tax map rows', () => {
	it( 'one row per WooCommerce rate, with its stored mapping', () => {
		const rows = rowsFrom( [ rate( 1, '19.0000' ), rate( 2, '7.0000' ) ], {
			taxes: [
				{ wc_rate_id: 1, perfex_tax_id: 3, name: 'VAT', rate: '19.00' },
			],
		} );
		expect( rows.map( isMapped ) ).toEqual( [ true, false ] );
		expect( rows[ 0 ]?.perfexTaxId ).toBe( 3 );
	} );

	it( 'maps by matching rate only where exactly one Perfex tax fits, and says so', () => {
		const rows = rowsFrom(
			[ rate( 1, '19.0000' ), rate( 2, '7.0000' ), rate( 3, '5.5000' ) ],
			{ taxes: null }
		);
		const { rows: next, report } = mapByMatchingRate( rows, perfex );
		expect( next[ 0 ] ).toMatchObject( {
			name: 'VAT',
			percent: '19.00',
			perfexTaxId: 1,
		} );
		expect( isMapped( next[ 1 ]! ) ).toBe( false );
		expect( report ).toEqual( {
			mapped: [ 'Rate 1 (#1)' ],
			several: [ 'Rate 2 (#2)' ],
			none: [ 'Rate 3 (#3)' ],
		} );
	} );

	it( 'saves the mapped rows, keeps mappings of rates not listed, refuses a bad name', () => {
		const stored = {
			taxes: [
				{ wc_rate_id: 9, perfex_tax_id: 1, name: 'Old', rate: '10.00' },
			],
		};
		const rows = rowsFrom(
			[ rate( 1, '19.0000' ), rate( 2, '7.0000' ) ],
			stored
		);
		rows[ 0 ] = { ...rows[ 0 ]!, name: 'VAT', percent: '19.00' };
		expect( toTaxMap( rows, stored ) ).toEqual( {
			map: {
				taxes: [
					{
						wc_rate_id: 1,
						perfex_tax_id: null,
						name: 'VAT',
						rate: '19.00',
					},
					{
						wc_rate_id: 9,
						perfex_tax_id: 1,
						name: 'Old',
						rate: '10.00',
					},
				],
			},
		} );
		rows[ 1 ] = { ...rows[ 1 ]!, name: 'A|B', percent: '7' };
		expect( toTaxMap( rows, stored ) ).toEqual( {
			errors: { 'rate-2': expect.any( String ) },
		} );
	} );
} );
