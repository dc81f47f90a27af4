import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	PERFEX_COUNTRY_COUNT,
	iso2OfPerfexCountry,
	perfexCountryId,
} from '../../../sidecar/perfex';
import { COUNTRY_ROWS } from '../../perfex-sandbox/countries-data';

const reference = fileURLToPath(
	new URL( '../../../../shared/reference/research/', import.meta.url )
);

describe( 'Perfex country ids', () => {
	it( 'maps ISO codes to the ids of Perfex’s seed table', () => {
		expect( perfexCountryId( 'US' ) ).toBe( 236 );
		expect( perfexCountryId( 'gb' ) ).toBe( 235 );
		expect( perfexCountryId( 'DE' ) ).toBe( 83 );
		expect( perfexCountryId( 'XK' ) ).toBe( 117 );
		expect( perfexCountryId( 'ZZ' ) ).toBeNull();
		expect( perfexCountryId( '' ) ).toBeNull();
		expect( iso2OfPerfexCountry( 155 ) ).toBe( 'NL' );
		expect( iso2OfPerfexCountry( 0 ) ).toBeNull();
		expect( PERFEX_COUNTRY_COUNT ).toBe( 250 );
	} );

	it( 'agrees with research/perfex-country-iso2-to-id.json and the sandbox seed (perfex-countries.csv)', () => {
		const file = `${ reference }perfex-country-iso2-to-id.json`;
		expect(
			existsSync( file ),
			`reference folder absent: ${ file } (shared/ must sit beside the checkout)`
		).toBe( true );
		const table = JSON.parse( readFileSync( file, 'utf8' ) ) as Record<
			string,
			number
		>;
		expect( Object.keys( table ) ).toHaveLength( 250 );
		for ( const [ iso2, id ] of Object.entries( table ) ) {
			expect( perfexCountryId( iso2 ), iso2 ).toBe( id );
		}
		const csv = readFileSync( `${ reference }perfex-countries.csv`, 'utf8' )
			.trim()
			.split( /\r?\n/ )
			.slice( 1 );
		expect(
			COUNTRY_ROWS.map( ( row ) => `${ row[ 0 ] },${ row[ 1 ] }` )
		).toEqual(
			csv.map( ( line ) => line.split( ',' ).slice( 0, 2 ).join( ',' ) )
		);
	} );
} );
