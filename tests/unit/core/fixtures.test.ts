/**
 * Fixture-driven tests: each JSON file in tests/fixtures/orders and
 * tests/fixtures/refunds carries the WooCommerce snapshot, the settings, the
 * expected document and, in `why`, the reasoning that derives it from
 * WooCommerce's and Perfex's rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	buildCreditNote,
	buildExpense,
	buildInvoice,
	perfexTotals,
} from '../../../core';
import type { PerfexItem } from '../../../core';

const root = join(
	dirname( fileURLToPath( import.meta.url ) ),
	'../../fixtures'
);

interface Expectation {
	kind: string;
	code?: string;
	message_contains?: string[];
	newitems?: [ string, string, string, string[] ][];
	long_descriptions?: Record< string, string >;
	warnings?: string[];
	[ field: string ]: unknown;
}

interface OrderFixture {
	why: string[];
	config: Record< string, unknown >;
	order: Record< string, unknown >;
	expect: Expectation;
}

interface RefundFixture {
	why: string[];
	order_fixture: string;
	config?: Record< string, unknown >;
	refund: Record< string, unknown >;
	build: 'credit_note' | 'expense';
	expect: Expectation;
}

function load< T >( folder: string ): [ string, T ][] {
	const dir = join( root, folder );
	return readdirSync( dir )
		.filter( ( file ) => file.endsWith( '.json' ) )
		.sort()
		.map( ( file ) => [
			file.replace( /\.json$/, '' ),
			JSON.parse( readFileSync( join( dir, file ), 'utf8' ) ) as T,
		] );
}

const orders = load< OrderFixture >( 'orders' );
const ordersByName = new Map( orders );

function compact( items: PerfexItem[] ) {
	return items.map( ( item ) => [
		item.description,
		item.qty,
		item.rate,
		item.taxname,
	] );
}

const SPECIAL = new Set( [
	'kind',
	'code',
	'message_contains',
	'newitems',
	'long_descriptions',
	'warnings',
] );

function checkResult(
	result:
		| ReturnType< typeof buildInvoice >
		| ReturnType< typeof buildCreditNote >
		| ReturnType< typeof buildExpense >,
	expected: Expectation,
	target?: string
) {
	if ( result.kind === 'invalid' ) {
		throw new Error( result.message );
	}
	if ( expected.kind !== result.kind && result.kind === 'refused' ) {
		throw new Error( `refused: ${ result.refusal.message }` );
	}
	expect( result.kind ).toBe( expected.kind );
	if ( result.kind === 'refused' ) {
		expect( result.refusal.code ).toBe( expected.code );
		for ( const part of expected.message_contains ?? [] ) {
			expect( result.refusal.message ).toContain( part );
		}
		return;
	}
	if ( result.kind === 'skipped' ) {
		return;
	}
	const document = result.document as unknown as Record< string, unknown >;
	if ( expected.newitems ) {
		expect( compact( document.newitems as PerfexItem[] ) ).toEqual(
			expected.newitems
		);
	}
	for ( const [ order, text ] of Object.entries(
		expected.long_descriptions ?? {}
	) ) {
		const item = ( document.newitems as PerfexItem[] ).find(
			( i ) => i.order === Number( order )
		);
		expect( item?.long_description ).toBe( text );
	}
	for ( const [ field, value ] of Object.entries( expected ) ) {
		if ( ! SPECIAL.has( field ) ) {
			expect( document[ field ], field ).toEqual( value );
		}
	}
	for ( const code of expected.warnings ?? [] ) {
		expect( result.warnings.map( ( w ) => w.code ) ).toContain( code );
	}
	if ( 'newitems' in document && target !== undefined ) {
		// The invariant, checked with the independent Perfex arithmetic.
		const decimals =
			String( document.total ).split( '.' )[ 1 ]?.length ?? 0;
		const totals = perfexTotals( document as never, decimals );
		expect( totals.total ).toBe( document.total );
		expect( totals.consistent ).toBe( true );
		expect( totals.subtotal ).toBe( document.subtotal );
		expect( Number( document.total ) ).toBe( Number( target ) );
	}
}

describe( 'invoice fixtures (WooCommerce vectors A-N, REST docs, constructed cases)', () => {
	it.each( orders )( '%s', ( _name, fixture ) => {
		const result = buildInvoice( {
			...fixture.config,
			order: fixture.order,
		} );
		checkResult( result, fixture.expect, String( fixture.order.total ) );
	} );
} );

describe( 'refund fixtures (credit notes and expenses)', () => {
	it.each( load< RefundFixture >( 'refunds' ) )( '%s', ( _name, fixture ) => {
		const base = ordersByName.get( fixture.order_fixture );
		if ( ! base ) {
			throw new Error(
				`unknown order fixture ${ fixture.order_fixture }`
			);
		}
		const input = {
			...( fixture.config ?? base.config ),
			order: base.order,
			refund: fixture.refund,
		};
		const result =
			fixture.build === 'expense'
				? buildExpense( input )
				: buildCreditNote( input );
		checkResult( result, fixture.expect, String( fixture.refund.amount ) );
	} );
} );
