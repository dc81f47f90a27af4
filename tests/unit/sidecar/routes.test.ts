import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import {
	checkResponseSchema,
	previewResponseSchema,
	statusResponseSchema,
	syncBatchResponseSchema,
} from '../../../sidecar';
import { call, orderInput, perfexOf, sandbox, testApp } from './harness';

let box: RunningSandbox;
const { app } = testApp();

beforeAll( async () => {
	box = await sandbox();
} );
afterAll( async () => {
	await box.close();
} );

describe( 'POST /v1/invoices/sync-batch', () => {
	it( 'answers one sync result per item, in order, each item on its own', async () => {
		const good = orderInput();
		const refused = orderInput( 'refuse-unmapped-rate' );
		const before = box.model.invoices().length;
		const res = await call( app, 'POST', '/v1/invoices/sync-batch', {
			perfex: perfexOf( box ),
			settings: good.settings,
			mappings: good.mappings,
			items: [
				{ order: good.order },
				{ order: { ...good.order, total: 'x' } },
				{ order: refused.order },
				{ order: good.order },
			],
		} );
		expect( res.status ).toBe( 200 );
		const body = syncBatchResponseSchema.parse( res.json() );
		expect( body.results.map( ( r ) => r.outcome ) ).toEqual( [
			'created',
			'invalid',
			'refused',
			'linked',
		] );
		expect( body.results[ 1 ]?.error?.code ).toBe( 'invalid_order' );
		// The batch's mappings know rate #1 at another rate than this order's 20 %.
		expect( body.results[ 2 ]?.error?.code ).toBe( 'tax_rate_mismatch' );
		expect( body.results[ 2 ]?.error?.transient ).toBe( false );
		expect( body.results[ 3 ]?.invoice?.id ).toBe(
			body.results[ 0 ]?.invoice?.id
		);
		expect( box.model.invoices().length ).toBe( before + 1 );
	} );

	it( 'refuses more than 50 items and an empty batch (422)', async () => {
		const { order, settings, mappings } = orderInput();
		for ( const count of [ 0, 51 ] ) {
			const res = await call( app, 'POST', '/v1/invoices/sync-batch', {
				perfex: perfexOf( box ),
				settings,
				mappings,
				items: Array.from( { length: count }, () => ( { order } ) ),
			} );
			expect( res.status ).toBe( 422 );
			expect( res.json().error.code ).toBe( 'invalid_request' );
			expect( res.json().error.issues[ 0 ].path ).toBe( 'items' );
		}
	} );
} );

describe( 'POST /v1/invoices/preview', () => {
	it( "answers the core's document, trace and Perfex totals, and writes nothing to Perfex", async () => {
		const requests = box.requests.length;
		const invoices = box.model.invoices().length;
		const input = orderInput();
		const res = await call( app, 'POST', '/v1/invoices/preview', input );
		expect( res.status ).toBe( 200 );
		const body = previewResponseSchema.parse( res.json() );
		expect( body.kind ).toBe( 'invoice' );
		expect( body.document?.total ).toBe( '40.35' );
		expect( body.totals?.total ).toBe( '40.35' );
		expect( body.document?.adminnote ).toContain( input.order.number );
		expect( body.trace?.lines.length ).toBeGreaterThan( 0 );
		expect( box.requests.length ).toBe( requests );
		expect( box.model.invoices().length ).toBe( invoices );
	} );

	it( 'answers a refusal and an invalid order with 422', async () => {
		const refused = await call(
			app,
			'POST',
			'/v1/invoices/preview',
			orderInput( 'refuse-unmapped-rate' )
		);
		expect( refused.status ).toBe( 422 );
		expect( refused.json().kind ).toBe( 'refused' );
		expect( refused.json().refusal.code ).toBe( 'unmapped_tax' );
		const input = orderInput();
		const invalid = await call( app, 'POST', '/v1/invoices/preview', {
			...input,
			order: { ...input.order, currency: 'euro' },
		} );
		expect( invalid.status ).toBe( 422 );
		expect( invalid.json().kind ).toBe( 'invalid' );
		expect( invalid.json().issues[ 0 ].path ).toBe( 'order.currency' );
	} );
} );

describe( 'POST /v1/invoices/status', () => {
	it( 'answers the status of several invoices, unknown ids as not found', async () => {
		// Bank transfers: the invoices are created unpaid (no store payment).
		const unpaid = () => {
			const input = orderInput();
			return {
				...input,
				order: { ...input.order, payment_method: 'bacs' },
			};
		};
		const a = (
			await call( app, 'POST', '/v1/invoices/sync', {
				perfex: perfexOf( box ),
				...unpaid(),
			} )
		).json();
		const b = (
			await call( app, 'POST', '/v1/invoices/sync', {
				perfex: perfexOf( box ),
				...unpaid(),
			} )
		).json();
		box.model.addPayment( {
			invoiceid: b.invoice.id,
			amount: '40.35',
			paymentmode: '1',
		} );
		const res = await call( app, 'POST', '/v1/invoices/status', {
			perfex: perfexOf( box ),
			invoice_ids: [ a.invoice.id, b.invoice.id, 999999 ],
		} );
		expect( res.status ).toBe( 200 );
		const body = statusResponseSchema.parse( res.json() );
		expect( body.invoices ).toEqual( [
			{
				id: a.invoice.id,
				found: true,
				// Dated 2024, due 30 days later: overdue on the sandbox's 2026-03-10.
				status: 4,
				status_name: 'overdue',
				total: '40.35',
				amount_due: '40.35',
			},
			{
				id: b.invoice.id,
				found: true,
				status: 2,
				status_name: 'paid',
				total: '40.35',
				amount_due: '0.00',
			},
			{
				id: 999999,
				found: false,
				status: null,
				status_name: null,
				total: null,
				amount_due: null,
			},
		] );
	} );

	it( 'answers 502 perfex_unauthorized for a refused token, 422 for too many ids', async () => {
		const denied = await call( app, 'POST', '/v1/invoices/status', {
			perfex: perfexOf( box, 'nope' ),
			invoice_ids: [ 1 ],
		} );
		expect( denied.status ).toBe( 502 );
		expect( denied.json().error ).toMatchObject( {
			code: 'perfex_unauthorized',
			transient: false,
		} );
		const many = await call( app, 'POST', '/v1/invoices/status', {
			perfex: perfexOf( box ),
			invoice_ids: Array.from( { length: 201 }, ( _, i ) => i + 1 ),
		} );
		expect( many.status ).toBe( 422 );
	} );
} );

describe( 'POST /v1/perfex/check', () => {
	it( 'reports everything working for a full token, with the Perfex taxes', async () => {
		const res = await call( app, 'POST', '/v1/perfex/check', {
			perfex: perfexOf( box ),
		} );
		expect( res.status ).toBe( 200 );
		const body = checkResponseSchema.parse( res.json() );
		expect( body ).toMatchObject( {
			auth: true,
			invoices: true,
			customers: true,
			credit_notes: true,
			taxes: true,
			errors: [],
		} );
		expect( body.tax_rates ).toContainEqual( {
			id: expect.any( Number ),
			name: 'VAT',
			rate: '20.00',
		} );
	} );

	it( 'reports what a limited token cannot read', async () => {
		const token = box.createToken( { invoices: [ 'get' ] } );
		const body = checkResponseSchema.parse(
			(
				await call( app, 'POST', '/v1/perfex/check', {
					perfex: perfexOf( box, token ),
				} )
			).json()
		);
		expect( body ).toMatchObject( {
			auth: true,
			invoices: true,
			customers: false,
			credit_notes: false,
			taxes: true,
		} );
		expect( body.errors.map( ( e ) => e.check ).sort() ).toEqual( [
			'credit_notes',
			'customers',
		] );
		expect( body.errors[ 0 ]?.code ).toBe( 'perfex_forbidden' );
	} );

	it( 'reports a refused token and an unreachable Perfex', async () => {
		const bad = checkResponseSchema.parse(
			(
				await call( app, 'POST', '/v1/perfex/check', {
					perfex: perfexOf( box, 'nope' ),
				} )
			).json()
		);
		expect( bad ).toMatchObject( {
			auth: false,
			invoices: false,
			taxes: false,
		} );
		expect( bad.errors.map( ( e ) => e.code ) ).toContain(
			'perfex_unauthorized'
		);
		const down = await sandbox();
		const url = down.url;
		await down.close();
		const gone = checkResponseSchema.parse(
			(
				await call( app, 'POST', '/v1/perfex/check', {
					perfex: { url, token: 'x' },
				} )
			).json()
		);
		expect( gone.auth ).toBe( false );
		expect( gone.errors.map( ( e ) => e.code ) ).toEqual( [
			'perfex_unreachable',
		] );
	} );
} );
