import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join( dirname( fileURLToPath( import.meta.url ) ), '../../..' );
const bundle = join( root, 'build/woosync-core.mjs' );
const work = mkdtempSync( join( tmpdir(), 'woosync-core-cli-' ) );

function fixtureFiles( name: string ) {
	const fixture = JSON.parse(
		readFileSync(
			join( root, 'tests/fixtures/orders', `${ name }.json` ),
			'utf8'
		)
	) as {
		config: unknown;
		order: unknown;
	};
	const order = join( work, `${ name }.order.json` );
	const settings = join( work, `${ name }.settings.json` );
	writeFileSync( order, JSON.stringify( fixture.order ) );
	writeFileSync( settings, JSON.stringify( fixture.config ) );
	return { order, settings };
}

const run = ( args: string[] ) =>
	spawnSync( process.execPath, [ bundle, ...args ], { encoding: 'utf8' } );

describe( 'woosync-core CLI (bundled)', () => {
	beforeAll( () => {
		execFileSync(
			process.execPath,
			[ join( root, 'bin/build-node.mjs' ) ],
			{ cwd: root }
		);
	} );

	it( 'prints the invoice document for ORDER.json SETTINGS.json', () => {
		const { order, settings } = fixtureFiles(
			'j-cart-fees-shipping-coupon'
		);
		const result = run( [ 'invoice', order, settings ] );
		expect( result.status ).toBe( 0 );
		const document = JSON.parse( result.stdout ) as {
			total: string;
			adminnote: string;
		};
		expect( document.total ).toBe( '101.20' );
		expect( document.adminnote ).toBe( 'WooSync: Order #111' );
	} );

	it( 'works without a settings file and says so in the warnings', () => {
		const { order } = fixtureFiles( 'm-rest-docs-727' );
		const result = run( [ 'invoice', order ] );
		expect( result.status ).toBe( 0 );
		expect( result.stderr ).toContain( 'No tax mapping is configured' );
		expect(
			( JSON.parse( result.stdout ) as { total: string } ).total
		).toBe( '29.35' );
	} );

	it( 'exits 2 with a readable reason on a refusal and on invalid input', () => {
		const { order, settings } = fixtureFiles( 'refuse-unmapped-rate' );
		const refused = run( [ 'invoice', order, settings ] );
		expect( refused.status ).toBe( 2 );
		expect( refused.stdout ).toBe( '' );
		expect( refused.stderr ).toContain( 'Eco tax' );
		const bad = join( work, 'bad.json' );
		writeFileSync( bad, JSON.stringify( { id: 1 } ) );
		const invalid = run( [ 'invoice', bad ] );
		expect( invalid.status ).toBe( 2 );
		expect( invalid.stderr ).toContain( 'order.total' );
	} );

	it( 'builds credit notes and expenses from REFUND.json ORDER.json', () => {
		const { order, settings } = fixtureFiles( 'm-rest-docs-727' );
		const refund = join( work, 'refund.json' );
		writeFileSync(
			refund,
			JSON.stringify( {
				id: 726,
				amount: '10.00',
				date_created_gmt: '2017-03-21T20:07:11',
				line_items: [],
			} )
		);
		const note = run( [ 'credit-note', refund, order, settings ] );
		expect( note.status ).toBe( 0 );
		expect( ( JSON.parse( note.stdout ) as { total: string } ).total ).toBe(
			'10.00'
		);
		const expense = run( [ 'expense', refund, order, settings ] );
		expect( expense.status ).toBe( 2 );
		expect( expense.stderr ).toContain( 'expense category' );
	} );
} );
