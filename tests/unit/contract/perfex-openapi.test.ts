/**
 * Contract: every request the Perfex client sends (a run of every operation against the
 * sandbox, with the faults that make it take its recovery paths) is checked against the vendor
 * spec ../shared/reference/perfex-rest-api/openapi.json. Known departures are in departures.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerfexClient } from '../../../sidecar/perfex';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import {
	client,
	customerAndInvoice,
	recorded,
	sandbox,
	uniqueSignature,
} from '../perfex-client/harness';
import { DEPARTURES, type Departure } from './departures';
import {
	checkRequest,
	openApiSchema,
	type Issue,
	type OpenApi,
} from './openapi';

const SPEC_FILE = fileURLToPath(
	new URL(
		'../../../../shared/reference/perfex-rest-api/openapi.json',
		import.meta.url
	)
);

let box: RunningSandbox;
let perfex: PerfexClient;
let spec: OpenApi | null = null;

function departureFor( issue: Issue ): Departure | undefined {
	return DEPARTURES.find(
		( d ) =>
			d.operation === issue.operation &&
			d.kind === issue.kind &&
			( d.field ?? null ) === ( issue.field ?? null )
	);
}

async function scenario(): Promise< void > {
	const drop = ( method: string, path: string ) =>
		box.faults.add( { method, path, kind: 'drop', times: 1 } );
	drop( 'POST', '/customers' );
	const { customer, input } = await customerAndInvoice(
		perfex,
		'contract@example.com'
	);
	await perfex.getCustomer( customer.customerId );
	drop( 'POST', '/invoices' );
	const invoice = await perfex.createInvoice( {
		...input,
		shipping: {
			street: '5 Ship Rd',
			city: 'Leeds',
			zip: 'LS1 1AA',
			countryIso2: 'GB',
		},
		discount_percent: '10',
		discount_total: '2.50',
		discount_type: 'before_tax',
		adjustment: '0.00',
		total: '26.10',
		total_tax: '3.60',
	} );
	await perfex.findInvoiceBySignature( input.signature );
	await perfex.updateInvoice( invoice.id, {
		...input,
		number: Number( invoice.document.number ),
		lines: [
			...input.lines,
			{ description: 'Gift wrap', qty: '1', rate: '1.00', taxes: [] },
		],
		subtotal: '26.00',
		total: '30.00',
		discount_percent: '0',
		discount_total: '0',
		adjustment: '0',
	} );
	await perfex.updateInvoice( invoice.id, {
		...input,
		number: Number( invoice.document.number ),
		lines: [
			{
				description: 'Only',
				qty: '1',
				rate: '10.00',
				taxes: [ { name: 'VAT', rate: '20.00' } ],
			},
		],
		subtotal: '10.00',
		total: '12.00',
	} );
	await perfex.getInvoiceStatuses( [ invoice.id ] );
	for await ( const row of perfex.listInvoices( 2 ) ) {
		void row;
	}
	drop( 'POST', '/payments' );
	await perfex.recordPayment( {
		invoiceid: invoice.id,
		amount: '1.00',
		paymentmode: '1',
		transactionid: 'pi_contract',
		note: 'contract',
	} );
	drop( 'POST', '/credit_notes' );
	await perfex.createCreditNote( {
		signature: uniqueSignature(),
		clientid: customer.customerId,
		date: '2026-03-10',
		currency: 1,
		lines: [ { description: 'Refund', qty: '1', rate: '5.00', taxes: [] } ],
		subtotal: '5.00',
		total: '5.00',
		discount_percent: '0',
		discount_total: '0',
		adjustment: '0',
		reference_no: 'Order 1 refund',
	} );
	drop( 'POST', '/expenses' );
	await perfex.createExpense( {
		signature: uniqueSignature(),
		category: 1,
		amount: '5.00',
		currency: 1,
		date: '2026-03-10',
		expense_name: 'Refund',
	} );
	await perfex.listTaxes();
	await perfex.listPaymentModes();
	await perfex.listExpenseCategories();
	drop( 'POST', '/webhooks' );
	const hook = await perfex.registerWebhook( {
		name: 'WooSync',
		url: 'http://127.0.0.1:9/perfex',
		events: [ 'invoice_created' ],
		secret: 'x',
	} );
	await perfex.listWebhooks();
	await perfex.deleteWebhook( hook.id );
	await perfex.createCustomerWithContact( {
		company: 'Second',
		firstname: 'Sec',
		lastname: 'Ond',
		email: 'second@example.com',
		billing: {
			street: '1 Road',
			state: 'VA',
			zip: '22201',
			countryIso2: 'US',
		},
	} );
}

beforeAll( async () => {
	if ( existsSync( SPEC_FILE ) ) {
		spec = openApiSchema.parse(
			JSON.parse( readFileSync( SPEC_FILE, 'utf8' ) )
		);
	}
	box = await sandbox();
	perfex = client( box );
	recorded.length = 0;
	await scenario();
} );
afterAll( async () => box.close() );

describe( 'Perfex client requests vs the vendor OpenAPI spec', () => {
	it( 'has the reference spec', () => {
		expect(
			spec,
			`reference folder absent: ${ SPEC_FILE } (CI keeps shared/ beside the checkout)`
		).not.toBeNull();
		expect( spec?.openapi ).toMatch( /^3\./ );
	} );

	it( 'sends every request as the spec says, apart from the listed departures', () => {
		expect(
			spec,
			`reference folder absent: ${ SPEC_FILE }`
		).not.toBeNull();
		const api = new URL( box.apiUrl ).pathname;
		const unexplained: string[] = [];
		const operations = new Set< string >();
		for ( const request of recorded ) {
			const issues = checkRequest( spec as OpenApi, {
				method: request.method,
				path: request.url.pathname.slice( api.length ),
				query: request.url.searchParams,
				headers: request.headers,
				body: request.body,
			} );
			operations.add(
				`${ request.method } ${ request.url.pathname.slice( api.length ).replace( /\d+/g, '{n}' ) }`
			);
			for ( const issue of issues ) {
				if ( ! departureFor( issue ) ) {
					unexplained.push(
						`${ issue.operation } ${ issue.field ?? '' }: ${ issue.message }`
					);
				}
			}
		}
		expect( recorded.length ).toBeGreaterThan( 30 );
		expect( [ ...operations ] ).toEqual(
			expect.arrayContaining( [
				'POST /invoices',
				'PUT /invoices/{n}',
				'POST /credit_notes',
				'POST /expenses',
				'POST /payments',
				'POST /customers',
				'POST /contacts',
				'POST /webhooks',
				'DELETE /webhooks/{n}',
			] )
		);
		expect( [ ...new Set( unexplained ) ] ).toEqual( [] );
	} );

	it( 'lists only departures that the client really needs', () => {
		expect(
			spec,
			`reference folder absent: ${ SPEC_FILE }`
		).not.toBeNull();
		const api = new URL( box.apiUrl ).pathname;
		const used = new Set< Departure >();
		for ( const request of recorded ) {
			for ( const issue of checkRequest( spec as OpenApi, {
				method: request.method,
				path: request.url.pathname.slice( api.length ),
				query: request.url.searchParams,
				headers: request.headers,
				body: request.body,
			} ) ) {
				const departure = departureFor( issue );
				if ( departure ) {
					used.add( departure );
				}
			}
		}
		const unused = DEPARTURES.filter( ( d ) => ! used.has( d ) ).map(
			( d ) => `${ d.operation } ${ d.field ?? '' } (${ d.kind })`
		);
		expect( unused ).toEqual( [] );
	} );

	it( 'the checker catches a wrong request (unknown field, wrong type, missing required, unknown path)', () => {
		expect(
			spec,
			`reference folder absent: ${ SPEC_FILE }`
		).not.toBeNull();
		const form = new FormData();
		form.append( 'clientid', 'abc' );
		form.append( 'colour', 'red' );
		const issues = checkRequest( spec as OpenApi, {
			method: 'POST',
			path: '/invoices',
			query: new URLSearchParams( 'foo=1' ),
			headers: new Headers(),
			body: form,
		} );
		const kinds = issues.map(
			( issue ) => `${ issue.kind }:${ issue.field ?? '' }`
		);
		expect( kinds ).toEqual(
			expect.arrayContaining( [
				'auth:',
				'query:foo',
				'type:clientid',
				'field:colour',
				'required:number',
				'required:newitems',
			] )
		);
		expect(
			checkRequest( spec as OpenApi, {
				method: 'PATCH',
				path: '/invoices/1',
				query: new URLSearchParams(),
				headers: new Headers( { authtoken: 't' } ),
				body: null,
			} ).map( ( i ) => i.kind )
		).toEqual( [ 'method' ] );
		expect(
			checkRequest( spec as OpenApi, {
				method: 'GET',
				path: '/nothing',
				query: new URLSearchParams(),
				headers: new Headers( { authtoken: 't' } ),
				body: null,
			} ).map( ( i ) => i.kind )
		).toEqual( [ 'path' ] );
	} );
} );
