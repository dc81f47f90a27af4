import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	PerfexClient,
	PerfexConflictError,
	PerfexError,
	PerfexForbiddenError,
	PerfexNetworkError,
	PerfexNotFoundError,
	PerfexProtocolError,
	PerfexRateLimitedError,
	PerfexServerError,
	PerfexTimeoutError,
	PerfexTotalsMismatchError,
	PerfexUnauthorizedError,
	PerfexValidationError,
	PerfexTransport,
	assertTotals,
	checkTotals,
	errorFromResponse,
	parseRetryAfter,
	type TransportEvent,
} from '../../../sidecar/perfex';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import {
	TOKEN,
	admin,
	client,
	customerAndInvoice,
	recordingFetch,
	sandbox,
	uniqueSignature,
} from './harness';

let box: RunningSandbox;
let perfex: PerfexClient;

beforeAll( async () => {
	box = await sandbox();
	perfex = client( box );
} );
afterEach( () => {
	box.faults.set( {} );
} );
afterAll( async () => box.close() );

async function counts(): Promise< Record< string, number > > {
	return ( await admin( box, 'GET', 'counts' ) ) as Record< string, number >;
}

describe( 'typed errors', () => {
	it( 'unauthorized: missing or unknown token', async () => {
		const bad = client( box, { token: 'nope' } );
		await expect( bad.listTaxes() ).rejects.toBeInstanceOf(
			PerfexUnauthorizedError
		);
		const err = await bad.getInvoice( 1 ).catch( ( e: unknown ) => e );
		expect( err ).toMatchObject( { kind: 'unauthorized', status: 401 } );
	} );

	it( 'forbidden: a token without the resource permission', async () => {
		const limited = box.createToken( { invoices: [ 'get' ] } );
		const reader = client( box, { token: limited } );
		await expect( reader.getInvoice( 12345 ) ).rejects.toBeInstanceOf(
			PerfexNotFoundError
		);
		const { input } = await customerAndInvoice( perfex );
		await expect(
			reader.createInvoice( { ...input, number: 42 } )
		).rejects.toBeInstanceOf( PerfexForbiddenError );
		await expect(
			reader.findCustomerByEmail( 'x@example.com' )
		).rejects.toMatchObject( { kind: 'forbidden', status: 403 } );
	} );

	it( 'not found: unknown invoice', async () => {
		await expect( perfex.getInvoice( 424242 ) ).rejects.toMatchObject( {
			kind: 'not_found',
			status: 404,
		} );
	} );

	it( 'validation: the module’s 404 with an error map on POST, with field messages', async () => {
		const { input } = await customerAndInvoice( perfex );
		const err = await perfex
			.createInvoice( { ...input, billing: { street: '' } } )
			.catch( ( e: unknown ) => e );
		expect( err ).toBeInstanceOf( PerfexValidationError );
		expect( ( err as PerfexValidationError ).status ).toBe( 404 );
		expect(
			Object.keys( ( err as PerfexValidationError ).fields )
		).toEqual( [ 'billing_street' ] );
	} );

	it( 'validation: a posted total that disagrees with Perfex’s arithmetic, and a zero total', async () => {
		const { input } = await customerAndInvoice( perfex );
		const wrong = await perfex
			.createInvoice( { ...input, total: '29.01' } )
			.catch( ( e: unknown ) => e );
		expect( wrong ).toBeInstanceOf( PerfexValidationError );
		expect( ( wrong as PerfexValidationError ).fields.total ).toMatch(
			/29\.01 does not match Perfex's computation 29\.00/
		);
		const zero = await perfex
			.createInvoice( {
				...input,
				lines: [
					{ description: 'Free', qty: '1', rate: '0', taxes: [] },
				],
				subtotal: '0.00',
				total: '0.00',
			} )
			.catch( ( e: unknown ) => e );
		expect( ( zero as PerfexValidationError ).fields.total ).toMatch(
			/greater than 0/
		);
	} );

	it( 'validation: 409 with an error map (contacts), and docs-shaped 422', () => {
		const info = { method: 'POST', path: '/contacts' };
		const e409 = errorFromResponse(
			409,
			{
				status: false,
				error: { email: 'taken' },
				message: '<p>taken</p>\n',
			},
			new Headers(),
			info
		);
		expect( e409 ).toMatchObject( {
			kind: 'validation',
			fields: { email: 'taken' },
			message: 'POST /contacts: taken',
		} );
		const e422 = errorFromResponse(
			422,
			{
				status: false,
				error: 'validation_failed',
				message: 'invalid',
				errors: { company: 'required' },
			},
			new Headers(),
			info
		);
		expect( e422 ).toMatchObject( {
			kind: 'validation',
			fields: { company: 'required' },
		} );
		const payments = errorFromResponse(
			404,
			{ paymentmode: false, message: 'No data were found' },
			new Headers(),
			info
		);
		expect( payments.kind ).toBe( 'not_found' );
	} );

	it( 'conflict: 409 without a field map', async () => {
		box.faults.set( {
			rules: [ { path: '/invoices', kind: 'error', status: 409 } ],
		} );
		await expect( perfex.getInvoice( 1 ) ).rejects.toBeInstanceOf(
			PerfexConflictError
		);
	} );

	it( 'server: 5xx after all retries', async () => {
		box.faults.set( {
			rules: [ { path: '/common', kind: 'error', status: 503 } ],
		} );
		await expect( perfex.listTaxes() ).rejects.toMatchObject( {
			kind: 'server',
			status: 503,
		} );
		expect(
			box.requests.filter(
				( r ) => r.path === '/common/tax_data' && r.status === 503
			)
		).toHaveLength( 4 );
	} );

	it( 'network: connection closed without an answer', async () => {
		box.faults.set( {
			rules: [ { path: '/common', kind: 'drop_before' } ],
		} );
		await expect( perfex.listTaxes() ).rejects.toBeInstanceOf(
			PerfexNetworkError
		);
	} );

	it( 'timeout: no answer within the per-call timeout', async () => {
		box.faults.set( {
			rules: [ { path: '/common', kind: 'timeout', hangMs: 5_000 } ],
		} );
		const impatient = client( box, {
			timeoutMs: 100,
			retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
		} );
		const started = Date.now();
		const err = await impatient.listTaxes().catch( ( e: unknown ) => e );
		expect( err ).toBeInstanceOf( PerfexTimeoutError );
		expect( Date.now() - started ).toBeLessThan( 2_000 );
	} );

	it( 'rate limited: 429 that does not end', async () => {
		box.faults.set( {
			rules: [ { path: '/common', kind: 'rate_limit', retryAfter: 0 } ],
		} );
		await expect( perfex.listTaxes() ).rejects.toBeInstanceOf(
			PerfexRateLimitedError
		);
	} );

	it( 'protocol: an answer that is not the expected JSON', async () => {
		const html: typeof fetch = async () =>
			new Response( '<html>maintenance</html>', { status: 200 } );
		const broken = new PerfexClient( {
			baseUrl: box.apiUrl,
			token: TOKEN,
			fetch: html,
		} );
		await expect( broken.listTaxes() ).rejects.toBeInstanceOf(
			PerfexProtocolError
		);
		const shape: typeof fetch = async () =>
			Response.json( [ { id: 'x' } ] );
		await expect(
			new PerfexClient( {
				baseUrl: box.apiUrl,
				token: TOKEN,
				fetch: shape,
			} ).listTaxes()
		).rejects.toMatchObject( { kind: 'protocol' } );
	} );

	it( 'totals mismatch: checkTotals / assertTotals', () => {
		const check = checkTotals(
			{ subtotal: '10', total: '12.00', total_tax: '2' },
			{ subtotal: '10.00', total: '12.01', total_tax: '2.00' }
		);
		expect( check ).toEqual( {
			ok: false,
			mismatches: [
				{ field: 'total', expected: '12.00', actual: '12.01' },
			],
		} );
		expect( () => assertTotals( check, 'invoice 7' ) ).toThrow(
			PerfexTotalsMismatchError
		);
		expect( () => assertTotals( { ok: true }, 'invoice 7' ) ).not.toThrow();
	} );
} );

describe( 'retries', () => {
	it( 'retries reads on 5xx and succeeds', async () => {
		box.faults.set( {
			rules: [
				{ path: '/common', kind: 'error', status: 500, times: 2 },
			],
		} );
		const events: TransportEvent[] = [];
		const patient = client( box, {
			onEvent: ( event ) => events.push( event ),
		} );
		expect( ( await patient.listTaxes() ).length ).toBe( 3 );
		expect( events.filter( ( e ) => e.type === 'retry' ) ).toHaveLength(
			2
		);
	} );

	it( 'honours Retry-After on 429', async () => {
		box.faults.set( {
			rules: [
				{
					path: '/common',
					kind: 'rate_limit',
					retryAfter: 1.5,
					times: 1,
				},
			],
		} );
		const waits: number[] = [];
		const patient = client( box, {
			sleep: async ( ms ) => void waits.push( ms ),
		} );
		await patient.listTaxes();
		expect( waits ).toEqual( [ 1500 ] );
		expect( parseRetryAfter( '2' ) ).toBe( 2000 );
		expect(
			parseRetryAfter( new Date( 10_000 ).toUTCString(), 4_000 )
		).toBe( 6_000 );
		expect( parseRetryAfter( 'soon' ) ).toBeUndefined();
	} );

	it( 'backs off exponentially with jitter, capped', () => {
		const low = new PerfexTransport( {
			baseUrl: 'http://x',
			token: 't',
			retry: { baseDelayMs: 100, maxDelayMs: 1000 },
			random: () => 0,
		} );
		const high = new PerfexTransport( {
			baseUrl: 'http://x',
			token: 't',
			retry: { baseDelayMs: 100, maxDelayMs: 1000 },
			random: () => 0.999999,
		} );
		const error = new PerfexServerError( 'x' );
		expect(
			[ 1, 2, 3, 4, 5 ].map( ( n ) => low.backoffMs( n, error ) )
		).toEqual( [ 50, 100, 200, 400, 500 ] );
		expect(
			[ 1, 2, 3, 4, 5 ].map( ( n ) => high.backoffMs( n, error ) )
		).toEqual( [ 100, 200, 400, 800, 1000 ] );
	} );

	it( 'commit then drop: the invoice is written, the answer lost, and exactly one invoice exists', async () => {
		const { input } = await customerAndInvoice( perfex );
		const before = ( await counts() ).invoices ?? 0;
		box.faults.set( {
			rules: [
				{ method: 'POST', path: '/invoices', kind: 'drop', times: 1 },
			],
		} );
		const result = await perfex.createInvoice( input );
		expect( result.created ).toBe( false );
		expect( result.totals ).toEqual( { ok: true } );
		expect( ( await counts() ).invoices ).toBe( before + 1 );
		expect(
			await perfex.findInvoicesBySignature( input.signature )
		).toEqual( [ result.id ] );
		const posts = box.requests.filter(
			( r ) => r.method === 'POST' && r.path === '/invoices'
		);
		expect( posts.at( -1 ) ).toMatchObject( {
			status: 'dropped',
			fault: 'drop',
		} );
	} );

	it( 'a create Perfex refused (500, 503) is sent again after the lookup finds nothing', async () => {
		const { input } = await customerAndInvoice( perfex );
		const before = ( await counts() ).invoices ?? 0;
		box.faults.set( {
			rules: [
				{
					method: 'POST',
					path: '/invoices',
					kind: 'error',
					status: 500,
					times: 1,
				},
				{
					method: 'POST',
					path: '/invoices',
					kind: 'error',
					status: 503,
					times: 1,
				},
			],
		} );
		const result = await perfex.createInvoice( input );
		expect( result.created ).toBe( true );
		expect( ( await counts() ).invoices ).toBe( before + 1 );
	} );

	it.each( [
		[ 'a timeout', { kind: 'timeout' as const, hangMs: 2000 } ],
		[ 'a gateway 504', { kind: 'error' as const, status: 504 } ],
	] )(
		'a create cut short by %s is never sent again: the client looks for it, then gives up for a later retry',
		async ( _name, fault ) => {
			const { input } = await customerAndInvoice( perfex );
			const before = ( await counts() ).invoices ?? 0;
			box.faults.set( {
				rules: [
					{ method: 'POST', path: '/invoices', times: 1, ...fault },
				],
			} );
			const quick = client( box, { timeoutMs: 150 } );
			const posts = () =>
				box.requests.filter(
					( r ) => r.method === 'POST' && r.path === '/invoices'
				).length;
			const postsBefore = posts();

			const failure = await quick.createInvoice( input ).then(
				() => null,
				( error: unknown ) => error
			);

			expect( failure ).toBeInstanceOf( PerfexError );
			expect( ( failure as PerfexError ).mayStillBeRunning ).toBe( true );
			expect( posts() - postsBefore ).toBe( 1 );
			expect( ( await counts() ).invoices ).toBe( before );

			// The later retry (WordPress's next attempt) starts with the lookup and creates one.
			const retried = await quick.createInvoice( input );
			expect( retried.created ).toBe( true );
			expect( ( await counts() ).invoices ).toBe( before + 1 );
		}
	);

	it( 'commit then drop on every attempt still gives exactly one invoice', async () => {
		const { input } = await customerAndInvoice( perfex );
		const before = ( await counts() ).invoices ?? 0;
		box.faults.set( {
			rules: [ { method: 'POST', path: '/invoices', kind: 'drop' } ],
		} );
		const result = await perfex.createInvoice( {
			...input,
			signature: uniqueSignature(),
		} );
		expect( result.created ).toBe( false );
		expect( ( await counts() ).invoices ).toBe( before + 1 );
	} );

	it( 'payments: recovered by transactionid; without one a lost answer is not retried', async () => {
		const { input } = await customerAndInvoice( perfex );
		const invoice = await perfex.createInvoice( input );
		box.faults.set( {
			rules: [
				{ method: 'POST', path: '/payments', kind: 'drop', times: 1 },
			],
		} );
		const payment = await perfex.recordPayment( {
			invoiceid: invoice.id,
			amount: '5.00',
			paymentmode: '1',
			transactionid: 'ch_1',
		} );
		expect( payment.created ).toBe( false );
		expect(
			( await perfex.getInvoice( invoice.id ) ).payments
		).toHaveLength( 1 );
		box.faults.set( {
			rules: [
				{ method: 'POST', path: '/payments', kind: 'drop', times: 1 },
			],
		} );
		await expect(
			perfex.recordPayment( {
				invoiceid: invoice.id,
				amount: '5.00',
				paymentmode: '1',
			} )
		).rejects.toBeInstanceOf( PerfexNetworkError );
		expect(
			( await perfex.getInvoice( invoice.id ) ).payments
		).toHaveLength( 2 );
	} );

	it( 'expenses and credit notes are recovered by signature after a dropped answer', async () => {
		const { customer } = await customerAndInvoice( perfex );
		box.faults.set( {
			rules: [
				{ method: 'POST', path: '/expenses', kind: 'drop', times: 1 },
				{
					method: 'POST',
					path: '/credit_notes',
					kind: 'drop',
					times: 1,
				},
			],
		} );
		const before = await counts();
		const expense = await perfex.createExpense( {
			signature: uniqueSignature(),
			category: 1,
			amount: '3.00',
			currency: 1,
			date: '2026-03-10',
		} );
		const note = await perfex.createCreditNote( {
			signature: uniqueSignature(),
			clientid: customer.customerId,
			date: '2026-03-10',
			currency: 1,
			lines: [
				{ description: 'Refund', qty: '1', rate: '3.00', taxes: [] },
			],
			subtotal: '3.00',
			total: '3.00',
		} );
		expect( [ expense.created, note.created ] ).toEqual( [ false, false ] );
		const after = await counts();
		expect( [
			( after.expenses ?? 0 ) - ( before.expenses ?? 0 ),
			( after.creditnotes ?? 0 ) - ( before.creditnotes ?? 0 ),
		] ).toEqual( [ 1, 1 ] );
	} );
} );

describe( 'pagination', () => {
	it( 'iterates over every invoice with the {data, meta} envelope', async () => {
		const { input } = await customerAndInvoice( perfex );
		for ( let i = 0; i < 5; i++ ) {
			await perfex.createInvoice( {
				...input,
				signature: uniqueSignature(),
			} );
		}
		const total = ( await counts() ).invoices ?? 0;
		const ids: number[] = [];
		for await ( const invoice of perfex.listInvoices( 3 ) ) {
			ids.push( invoice.id );
		}
		expect( ids ).toHaveLength( total );
		expect( new Set( ids ).size ).toBe( total );
	} );

	it( 'accepts a legacy plain array, and stops when the server clamps a page beyond the end', async () => {
		const rows = [
			{ id: '1', name: 'A', taxrate: '1.00' },
			{ id: '2', name: 'B', taxrate: '2.00' },
		];
		const legacy = new PerfexTransport( {
			baseUrl: 'http://perfex.invalid/api',
			token: 't',
			fetch: recordingFetch( async () => Response.json( rows ) ),
		} );
		const { taxSchema } = await import( '../../../sidecar/perfex' );
		const seen: number[] = [];
		for await ( const row of legacy.paginate( '/taxes', taxSchema ) ) {
			seen.push( row.id );
		}
		expect( seen ).toEqual( [ 1, 2 ] );
		// A server that always answers page 1 (clamped) without has_more.
		const clamped = new PerfexTransport( {
			baseUrl: 'http://perfex.invalid/api',
			token: 't',
			fetch: async () =>
				Response.json( {
					data: rows,
					meta: {
						page: 1,
						per_page: 2,
						total: 4,
						total_pages: 2,
						current_page: 1,
						last_page: 2,
					},
				} ),
		} );
		const pages: number[] = [];
		for await ( const row of clamped.paginate( '/taxes', taxSchema, {
			perPage: 2,
		} ) ) {
			pages.push( row.id );
		}
		expect( pages ).toEqual( [ 1, 2 ] );
	} );
} );
