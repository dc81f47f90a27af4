import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../sidecar/perfex';
import { startSandbox, type RunningSandbox } from '../../perfex-sandbox/server';
import { TOKEN, admin, sandbox } from '../perfex-client/harness';

let box: RunningSandbox;

type Json = Record< string, unknown >;

async function call(
	method: string,
	path: string,
	body?: Record< string, string | string[] > | Json,
	options: { token?: string; json?: boolean } = {}
) {
	let payload: FormData | string | undefined;
	const headers: Record< string, string > = {
		authtoken: options.token ?? TOKEN,
	};
	if ( body && options.json ) {
		payload = JSON.stringify( body );
		headers[ 'content-type' ] = 'application/json';
	} else if ( body ) {
		const form = new FormData();
		for ( const [ key, value ] of Object.entries( body ) ) {
			for ( const v of Array.isArray( value ) ? value : [ value ] ) {
				form.append( key, String( v ) );
			}
		}
		payload = form;
	}
	const response = await fetch( `${ box.apiUrl }${ path }`, {
		method,
		headers,
		body: payload,
	} );
	return {
		status: response.status,
		body: ( await response.json() ) as Json & Json[],
	};
}

let customerId = 0;
let nextNumber = 100;
function invoiceForm(
	overrides: Record< string, string | string[] > = {}
): Record< string, string | string[] > {
	return {
		clientid: String( customerId ),
		number: String( nextNumber++ ),
		date: '2026-03-10',
		duedate: '2026-03-20',
		currency: '1',
		'newitems[0][description]': 'Widget <script>',
		'newitems[0][long_description]': '',
		'newitems[0][qty]': '2',
		'newitems[0][rate]': '10.00',
		'newitems[0][unit]': '',
		'newitems[0][order]': '1',
		'newitems[0][taxname][]': [ 'VAT|20.00' ],
		subtotal: '20.00',
		total: '24.00',
		'allowed_payment_modes[]': [ '1' ],
		billing_street: 'Main St',
		adminnote: 'woosync:sig-1',
		...overrides,
	};
}

beforeAll( async () => {
	box = await sandbox( { webhookEvents: 'code' } );
	const created = await call( 'POST', '/customers', {
		company: '<img src=x onerror=alert(1)> Ltd',
		billing_street: 'Main St',
	} );
	customerId = Number( created.body.record_id );
} );
afterEach( () => {
	box.faults.set( {} );
	box.webhooks.options.mode = 'code';
} );
afterAll( async () => box.close() );

describe( 'auth', () => {
	it( 'answers 401 without a valid token and 403 without the resource permission', async () => {
		expect(
			( await call( 'GET', '/invoices', undefined, { token: '' } ) )
				.status
		).toBe( 401 );
		expect(
			( await call( 'GET', '/invoices', undefined, { token: 'wrong' } ) )
				.status
		).toBe( 401 );
		const limited = box.createToken( { customers: [ 'get' ] } );
		expect(
			( await call( 'GET', '/customers', undefined, { token: limited } ) )
				.status
		).toBe( 200 );
		const denied = await call(
			'POST',
			'/customers',
			{ company: 'x' },
			{ token: limited }
		);
		expect( denied ).toMatchObject( {
			status: 403,
			body: { status: false },
		} );
		expect(
			( await call( 'GET', '/invoices', undefined, { token: limited } ) )
				.status
		).toBe( 403 );
		const viaAdmin = ( await admin( box, 'POST', 'tokens', {
			permissions: { invoices: [ 'get' ] },
		} ) ) as { token: string };
		expect(
			(
				await call( 'GET', '/invoices', undefined, {
					token: viaAdmin.token,
				} )
			).status
		).toBe( 200 );
		const notAdmin = await fetch( `${ box.url }/__sandbox/counts`, {
			headers: { authtoken: limited },
		} );
		expect( notAdmin.status ).toBe( 401 );
	} );
} );

describe( 'seed', () => {
	it( 'has the currencies, taxes, payment modes and expense categories of a fresh install', async () => {
		const modes = await call( 'GET', '/common/payment_mode' );
		expect( modes.body.map( ( m ) => m.id ) ).toEqual( [
			'1',
			'2',
			'stripe',
			'paypal',
		] );
		expect(
			( await call( 'GET', '/common/tax_data' ) ).body.map(
				( t ) => t.taxrate
			)
		).toEqual( [ '5.00', '8.25', '20.00' ] );
		expect(
			( await call( 'GET', '/common/expense_category' ) ).body.length
		).toBe( 3 );
		expect( ( await call( 'GET', '/common/currencies' ) ).status ).toBe(
			404
		);
	} );
} );

describe( 'invoices', () => {
	it( 'creates with 200 + record_id, computes total_tax, status and formatted number', async () => {
		const created = await call(
			'POST',
			'/invoices',
			invoiceForm( { number: '0042' } )
		);
		expect( created ).toMatchObject( {
			status: 200,
			body: { status: true, record_id: expect.any( Number ) },
		} );
		const invoice = (
			await call( 'GET', `/invoices/${ created.body.record_id }` )
		).body;
		expect( invoice ).toMatchObject( {
			number: '42',
			formatted_number: 'INV-000042',
			total_tax: '4.00',
			total: '24.00',
			status: '1',
			name: 'USD',
			total_left_to_pay: '24.00',
		} );
		expect( invoice.allowed_payment_modes ).toBe( 'a:1:{i:0;s:1:"1";}' );
		expect( ( invoice.items as Json[] )[ 0 ] ).toMatchObject( {
			qty: '2.00',
			rate: '10.00',
			taxname: [ 'VAT' ],
			taxrate: [ '20.00' ],
		} );
	} );

	it( 'refuses (404 + error map) missing fields, a zero total, a total that disagrees, a duplicate number in the same year', async () => {
		const missing = await call(
			'POST',
			'/invoices',
			invoiceForm( { billing_street: '', 'allowed_payment_modes[]': [] } )
		);
		expect( missing.status ).toBe( 404 );
		expect( Object.keys( missing.body.error as Json ).sort() ).toEqual( [
			'allowed_payment_modes[]',
			'billing_street',
		] );
		expect( String( missing.body.message ) ).toContain( '<p>' );
		const zero = await call(
			'POST',
			'/invoices',
			invoiceForm( {
				'newitems[0][rate]': '0',
				subtotal: '0',
				total: '0',
			} )
		);
		expect( ( zero.body.error as Json ).total ).toMatch( /greater than 0/ );
		const wrong = await call(
			'POST',
			'/invoices',
			invoiceForm( { total: '20.00' } )
		);
		expect( ( wrong.body.error as Json ).total ).toMatch(
			/does not match Perfex's computation 24\.00/
		);
		await call( 'POST', '/invoices', invoiceForm( { number: '700' } ) );
		const dup = await call(
			'POST',
			'/invoices',
			invoiceForm( { number: '700' } )
		);
		expect( dup ).toMatchObject( {
			status: 404,
			body: { error: { number: 'The Invoice number is already in use' } },
		} );
		const otherYear = await call(
			'POST',
			'/invoices',
			invoiceForm( { number: '700', date: '2025-12-31', duedate: '' } )
		);
		expect( otherYear.status ).toBe( 200 );
	} );

	it( 'fills in missing totals with the v3 auto-calculation, and 500s on unknown columns', async () => {
		const form = invoiceForm();
		delete form.total;
		delete form.subtotal;
		const auto = await call( 'POST', '/invoices', form );
		expect(
			( await call( 'GET', `/invoices/${ auto.body.record_id }` ) ).body
		).toMatchObject( { subtotal: '20.00', total: '24.00' } );
		expect(
			( await call( 'POST', '/invoices', invoiceForm( { foo: 'bar' } ) ) )
				.status
		).toBe( 500 );
	} );

	it( 'PUT is JSON-only (multipart gives 406), a full replace of items, 409 on failure', async () => {
		const created = await call( 'POST', '/invoices', invoiceForm() );
		const id = Number( created.body.record_id );
		expect(
			( await call( 'PUT', `/invoices/${ id }`, { number: '1' } ) ).status
		).toBe( 406 );
		const invoice = ( await call( 'GET', `/invoices/${ id }` ) ).body;
		const itemId = Number( ( invoice.items as Json[] )[ 0 ]?.id );
		// Replace the one line by a 5.00 line; only the posted total differs.
		const replacement = {
			clientid: customerId,
			number: Number( invoice.number ),
			date: '2026-03-10',
			currency: 1,
			allowed_payment_modes: [ '1' ],
			billing_street: 'Main St',
			adminnote: 'x',
			removed_items: [ itemId ],
			newitems: [ { description: 'N', qty: 1, rate: 5, taxname: [] } ],
			subtotal: 5,
		};
		const bad = await call(
			'PUT',
			`/invoices/${ id }`,
			{ ...replacement, total: 6 },
			{ json: true }
		);
		expect( bad.status ).toBe( 409 );
		const good = await call(
			'PUT',
			`/invoices/${ id }`,
			{ ...replacement, total: 5 },
			{ json: true }
		);
		expect( good.status ).toBe( 200 );
		const after = ( await call( 'GET', `/invoices/${ id }` ) ).body;
		expect( after ).toMatchObject( { total: '5.00', total_tax: '0.00' } );
		expect(
			( after.items as Json[] ).map( ( item ) => item.description )
		).toEqual( [ 'N' ] );
	} );

	it( 'search matches adminnote with LIKE, the number exactly (prefix and zeros stripped), 404 when nothing', async () => {
		const created = await call(
			'POST',
			'/invoices',
			invoiceForm( {
				number: '9001',
				adminnote: 'woosync:site-a:order-77',
			} )
		);
		const bySig = await call( 'GET', '/invoices/search/order-77' );
		expect( bySig.body.map( ( row ) => row.invoiceid ) ).toContain(
			String( created.body.record_id )
		);
		expect(
			( await call( 'GET', '/invoices/search/INV-009001' ) ).body.map(
				( row ) => row.id
			)
		).toEqual( [ String( created.body.record_id ) ] );
		expect(
			( await call( 'GET', '/invoices/search/no-such-thing' ) ).status
		).toBe( 404 );
	} );

	it( 'recalculates the status: overdue by the clock, partially paid, paid; payments 404 quirk', async () => {
		const created = await call(
			'POST',
			'/invoices',
			invoiceForm( { duedate: '2026-03-20' } )
		);
		const id = Number( created.body.record_id );
		const status = async () =>
			( await call( 'GET', `/invoices/${ id }` ) ).body.status;
		expect( await status() ).toBe( '1' );
		await admin( box, 'PUT', 'clock', { today: '2026-03-25' } );
		expect( await status() ).toBe( '4' );
		const part = ( await admin( box, 'POST', 'payments', {
			invoiceid: id,
			amount: '4.00',
			date: '2026-03-01',
		} ) ) as Json;
		expect( part.status ).toBe( 3 );
		await admin( box, 'POST', 'cron' );
		expect( await status() ).toBe( '3' );
		const rest = await call( 'POST', '/payments', {
			invoiceid: String( id ),
			amount: '20.00',
			paymentmode: '1',
			date: '2020-01-01',
		} );
		expect( rest.status ).toBe( 200 );
		expect( await status() ).toBe( '2' );
		const payments = ( await call( 'GET', `/invoices/${ id }` ) ).body
			.payments as Json[];
		expect( payments.map( ( p ) => [ p.amount, p.date, p.id ] ) ).toEqual( [
			[ '4.00', '2026-03-01', '1' ],
			[ '20.00', '2026-03-25', '1' ],
		] );
		const quirk = await call( 'POST', '/payments', {
			invoiceid: String( id ),
		} );
		expect( quirk ).toMatchObject( {
			status: 404,
			body: { paymentmode: false },
		} );
		await admin( box, 'PUT', 'clock', { today: '2026-03-10' } );
	} );

	it( 'lists: invoices always as {data, meta} (page clamped), credit notes as a plain array unless paginated', async () => {
		const page = await call( 'GET', '/invoices?per_page=2&page=999' );
		const meta = page.body.meta as Json;
		expect( meta.page ).toBe( meta.total_pages );
		expect( meta.has_more ).toBe( false );
		expect( ( await call( 'GET', '/invoices' ) ).body.meta ).toMatchObject(
			{ per_page: 20 }
		);
		expect( ( await call( 'GET', '/credit_notes' ) ).status ).toBe( 404 );
		await call( 'POST', '/credit_notes', {
			clientid: String( customerId ),
			currency: '1',
			date: '2026-03-10',
			number: '1',
			'newitems[0][description]': 'R',
			'newitems[0][qty]': '1',
			'newitems[0][rate]': '3',
			subtotal: '3',
			total: '3',
			adminnote: 'cn',
		} );
		const plain = await call( 'GET', '/credit_notes' );
		expect( Array.isArray( plain.body ) ).toBe( true );
		expect(
			( await call( 'GET', '/credit_notes?page=1' ) ).body
		).toHaveProperty( 'meta' );
		expect(
			( await call( 'GET', '/invoices?created_after=nope' ) ).status
		).toBe( 422 );
	} );

	it( 'expenses: 409 on validation failure, record_id on success', async () => {
		expect(
			(
				await call( 'POST', '/expenses', {
					category: '99',
					amount: '1',
					date: '2026-03-10',
					currency: '1',
				} )
			).status
		).toBe( 409 );
		expect(
			(
				await call( 'POST', '/expenses', {
					category: '1',
					amount: '1.5',
					date: '2026-03-10',
					currency: '1',
				} )
			).body
		).toMatchObject( { status: true, record_id: expect.any( Number ) } );
	} );
} );

describe( 'webhooks', () => {
	it( 'delivers signed events asynchronously with retries; paid/status events only in "full" mode', async () => {
		const received: Array< {
			event: string;
			body: string;
			signature: string | undefined;
		} > = [];
		let failures = 1;
		const receiver = createServer( ( req: IncomingMessage, res ) => {
			const chunks: Buffer[] = [];
			req.on( 'data', ( chunk: Buffer ) => chunks.push( chunk ) );
			req.on( 'end', () => {
				if ( failures-- > 0 ) {
					res.writeHead( 500 ).end();
					return;
				}
				received.push( {
					event: String( req.headers[ 'x-perfex-event' ] ),
					body: Buffer.concat( chunks ).toString(),
					signature: req.headers[ 'x-perfex-signature' ] as
						string | undefined,
				} );
				res.writeHead( 200 ).end( 'ok' );
			} );
		} );
		await new Promise< void >( ( resolve ) =>
			receiver.listen( 0, '127.0.0.1', resolve )
		);
		const url = `http://127.0.0.1:${ ( receiver.address() as AddressInfo ).port }/hook`;
		const bad = await call( 'POST', '/webhooks', {
			name: 'x',
			url,
			events: 'invoice.created',
		} );
		expect( bad.status ).toBe( 422 );
		const hook = await call( 'POST', '/webhooks', {
			name: 'WooSync',
			url,
			'events[]': [
				'invoice_created',
				'invoice_paid',
				'invoice_status_changed',
			],
			secret: 'shh',
		} );
		expect( hook.status ).toBe( 200 );
		const inv = await call( 'POST', '/invoices', invoiceForm() );
		await admin( box, 'POST', 'payments', {
			invoiceid: inv.body.record_id,
			amount: '24.00',
		} );
		await box.webhooks.idle();
		expect( received.map( ( r ) => r.event ) ).toEqual( [
			'invoice_created',
		] );
		const first = received[ 0 ]!;
		expect(
			verifySignature( {
				header: first.signature,
				rawBody: first.body,
				secret: 'shh',
			} ).ok
		).toBe( true );
		expect( JSON.parse( first.body ) ).toMatchObject( {
			event: 'invoice_created',
			data: {
				id: inv.body.record_id,
				_source_hook: 'after_invoice_added',
			},
		} );
		const logs = ( await call( 'GET', `/webhooks/${ hook.body.id }/logs` ) )
			.body;
		expect( logs.map( ( l ) => l.status_code ) ).toEqual( [
			'500',
			'200',
		] );

		box.webhooks.options.mode = 'full';
		const inv2 = await call( 'POST', '/invoices', invoiceForm() );
		await admin( box, 'POST', 'payments', {
			invoiceid: inv2.body.record_id,
			amount: '24.00',
		} );
		await box.webhooks.idle();
		expect(
			received
				.map( ( r ) => r.event )
				.slice( 1 )
				.sort()
		).toEqual( [
			'invoice_created',
			'invoice_paid',
			'invoice_status_changed',
		] );
		await new Promise( ( resolve ) => receiver.close( resolve ) );
	} );
} );

describe( 'faults', () => {
	it( 'adds latency, errors at a rate, 429 with Retry-After, drops after commit', async () => {
		box.faults.set( { latencyMs: 60 } );
		const started = Date.now();
		await call( 'GET', '/common/tax_data' );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( 55 );
		await admin( box, 'PUT', 'faults', {
			seed: 7,
			rules: [ { path: '/common', kind: 'error', rate: 0.5 } ],
		} );
		const statuses: number[] = [];
		for ( let i = 0; i < 40; i++ ) {
			statuses.push( ( await call( 'GET', '/common/tax_data' ) ).status );
		}
		const errors = statuses.filter( ( s ) => s === 500 ).length;
		expect( errors ).toBeGreaterThan( 8 );
		expect( errors ).toBeLessThan( 32 );
		await admin( box, 'PUT', 'faults', {
			rules: [
				{
					path: '/common',
					kind: 'rate_limit',
					retryAfter: 3,
					times: 1,
				},
			],
		} );
		const limited = await fetch( `${ box.apiUrl }/common/tax_data`, {
			headers: { authtoken: TOKEN },
		} );
		expect( [
			limited.status,
			limited.headers.get( 'retry-after' ),
		] ).toEqual( [ 429, '3' ] );
		const before = ( ( await admin( box, 'GET', 'counts' ) ) as Json )
			.clients;
		await admin( box, 'POST', 'faults/rules', {
			method: 'POST',
			path: '/customers',
			kind: 'drop',
			times: 1,
		} );
		await expect(
			call( 'POST', '/customers', { company: 'Dropped' } )
		).rejects.toThrow();
		expect(
			( ( await admin( box, 'GET', 'counts' ) ) as Json ).clients
		).toBe( Number( before ) + 1 );
	} );
} );

describe( 'page, persistence and CLI', () => {
	it( 'serves a read-only page with every value escaped', async () => {
		expect( ( await fetch( `${ box.url }/` ) ).status ).toBe( 401 );
		const html = await (
			await fetch( `${ box.url }/?authtoken=${ TOKEN }` )
		).text();
		expect( html ).toContain( '&lt;img src=x onerror=alert(1)&gt; Ltd' );
		expect( html ).not.toContain( '<img' );
		expect( html ).toContain( 'INV-000042' );
	} );

	it( 'keeps its data across a restart', async () => {
		const dir = mkdtempSync( join( tmpdir(), 'perfex-sandbox-' ) );
		const first = await startSandbox( {
			tokens: [ 'persist' ],
			dataDir: dir,
		} );
		const res = await fetch( `${ first.apiUrl }/customers`, {
			method: 'POST',
			headers: { authtoken: 'persist' },
			body: ( () => {
				const f = new FormData();
				f.append( 'company', 'Kept Ltd' );
				return f;
			} )(),
		} );
		expect( res.status ).toBe( 200 );
		await first.close();
		expect( existsSync( join( dir, 'perfex.sqlite' ) ) ).toBe( true );
		const second = await startSandbox( {
			tokens: [ 'persist' ],
			dataDir: dir,
		} );
		const list = ( await (
			await fetch( `${ second.apiUrl }/customers`, {
				headers: { authtoken: 'persist' },
			} )
		).json() ) as { data: Json[] };
		expect( list.data.map( ( c ) => c.company ) ).toEqual( [ 'Kept Ltd' ] );
		expect( second.model.counts().clients ).toBe( 1 );
		await second.close();
	} );

	it( 'npm run sandbox: prints the listening line, serves, stops cleanly on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				'tests/perfex-sandbox/main.ts',
				'--port',
				'0',
				'--token',
				'cli-token',
			],
			{ stdio: [ 'ignore', 'pipe', 'pipe' ] }
		);
		const line = await new Promise< string >( ( resolve, reject ) => {
			let out = '';
			child.stdout.on( 'data', ( chunk: Buffer ) => {
				out += chunk.toString();
				if ( out.includes( '\n' ) ) {
					resolve( out.split( '\n' )[ 0 ] ?? '' );
				}
			} );
			child.on( 'exit', ( code ) =>
				reject( new Error( `exited ${ code }` ) )
			);
		} );
		const listening = JSON.parse( line ) as { event: string; url: string };
		expect( listening.event ).toBe( 'listening' );
		expect( listening.url ).toMatch( /^http:\/\/127\.0\.0\.1:\d+\/api$/ );
		expect(
			(
				await fetch( `${ listening.url }/invoices`, {
					headers: { authtoken: 'cli-token' },
				} )
			).status
		).toBe( 200 );
		const code = await new Promise< number | null >( ( resolve ) => {
			child.on( 'exit', resolve );
			child.kill( 'SIGTERM' );
		} );
		expect( code ).toBe( 0 );
	} );
} );
