import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import { syncResultSchema } from '../../../sidecar';
import { withPerfexCountries } from '../../../sidecar/sync';
import { noteHasSignature, perfexCountryId } from '../../../sidecar/perfex';
import { settingsSchema } from '../../../core';
import {
	PERFEX_TOKEN,
	call,
	orderInput,
	perfexOf,
	sandbox,
	testApp,
} from './harness';

let box: RunningSandbox;
const { app } = testApp();

beforeAll( async () => {
	box = await sandbox();
} );
afterAll( async () => {
	await box.close();
} );

function invoicesWith( signature: string ) {
	return box.model
		.invoices()
		.filter( ( row ) => noteHasSignature( row.adminnote, signature ) );
}

async function sync( body: Record< string, unknown > ) {
	const res = await call( app, 'POST', '/v1/invoices/sync', body );
	// Every answer of the sync route is a sync result.
	expect( syncResultSchema.safeParse( res.json() ).success ).toBe( true );
	return res;
}

describe( 'POST /v1/invoices/sync', () => {
	it( 'creates one invoice whose total equals the order total, with the signature in adminnote', async () => {
		const input = orderInput();
		const res = await sync( { perfex: perfexOf( box ), ...input } );
		expect( res.status ).toBe( 200 );
		const result = res.json();
		expect( result.outcome ).toBe( 'created' );
		expect( result.error ).toBeNull();
		expect( result.invoice.total ).toBe( '40.35' );
		expect( result.invoice.total ).toBe( input.order.total );
		expect( result.customer.created ).toBe( true );
		expect( result.signature ).toBe(
			`WooSync:order:${ input.order.number }`
		);
		expect( result.trace.lines.length ).toBeGreaterThan( 0 );
		const rows = invoicesWith( result.signature );
		expect( rows ).toHaveLength( 1 );
		expect( rows[ 0 ]?.id ).toBe( String( result.invoice.id ) );
		expect( rows[ 0 ]?.total ).toBe( '40.35' );
		expect( rows[ 0 ]?.clientid ).toBe( String( result.customer.id ) );
		expect( result.invoice.number ).toMatch( /\d/ );
	} );

	it( 'links instead of duplicating when the same order is synced again, and reuses the customer', async () => {
		const input = orderInput();
		const first = (
			await sync( { perfex: perfexOf( box ), ...input } )
		).json();
		const again = await sync( { perfex: perfexOf( box ), ...input } );
		expect( again.status ).toBe( 200 );
		expect( again.json().outcome ).toBe( 'linked' );
		expect( again.json().invoice.id ).toBe( first.invoice.id );
		const withLink = await sync( {
			perfex: perfexOf( box ),
			...input,
			link: { invoice_id: first.invoice.id },
		} );
		expect( withLink.json().outcome ).toBe( 'linked' );
		expect( withLink.json().warnings ).toEqual( [] );
		expect( invoicesWith( first.signature ) ).toHaveLength( 1 );

		// Another order of the same buyer finds the customer by e-mail.
		const second = orderInput();
		second.order.billing = input.order.billing;
		const other = (
			await sync( { perfex: perfexOf( box ), ...second } )
		).json();
		expect( other.outcome ).toBe( 'created' );
		expect( other.customer ).toEqual( {
			id: first.customer.id,
			created: false,
		} );
	} );

	it( 'when the linked invoice is gone, finds the invoice by signature, else creates it', async () => {
		const input = orderInput();
		const first = (
			await sync( { perfex: perfexOf( box ), ...input } )
		).json();
		const found = await sync( {
			perfex: perfexOf( box ),
			...input,
			link: { invoice_id: 987654 },
		} );
		expect( found.json().outcome ).toBe( 'linked' );
		expect( found.json().invoice.id ).toBe( first.invoice.id );
		expect( found.json().warnings.join( ' ' ) ).toContain( '#987654' );

		const fresh = orderInput();
		const created = await sync( {
			perfex: perfexOf( box ),
			...fresh,
			link: { invoice_id: 987654 },
		} );
		expect( created.json().outcome ).toBe( 'created' );
		expect( invoicesWith( created.json().signature ) ).toHaveLength( 1 );
	} );

	it( "stops, creating nothing, when the linked invoice no longer carries the order's signature", async () => {
		const someone = (
			await sync( { perfex: perfexOf( box ), ...orderInput() } )
		).json();
		const input = orderInput();
		const before = box.model.invoices().length;
		const res = await sync( {
			perfex: perfexOf( box ),
			...input,
			link: { invoice_id: someone.invoice.id },
		} );
		expect( res.status ).toBe( 422 );
		expect( res.json().outcome ).toBe( 'refused' );
		expect( res.json().error ).toMatchObject( {
			code: 'link_signature_mismatch',
			invoice_id: someone.invoice.id,
			transient: false,
		} );
		expect( res.json().error.message ).toContain(
			'did not create another invoice'
		);
		expect( box.model.invoices() ).toHaveLength( before );
	} );

	it( 'reports an existing invoice whose total differs from the order as a failure, never as linked', async () => {
		const input = orderInput();
		const first = (
			await sync( { perfex: perfexOf( box ), ...input } )
		).json();
		const edited = {
			...input,
			order: { ...input.order, total: '41.35' },
		};
		for ( const link of [ undefined, { invoice_id: first.invoice.id } ] ) {
			const res = await sync( {
				perfex: perfexOf( box ),
				...edited,
				...( link ? { link } : {} ),
			} );
			expect( res.json().outcome ).toBe( 'failed' );
			expect( res.json().error ).toMatchObject( {
				code: 'totals_mismatch',
				invoice_id: first.invoice.id,
				transient: false,
			} );
		}
		expect( invoicesWith( first.signature ) ).toHaveLength( 1 );
	} );

	it( 'creates exactly one invoice when Perfex commits the create and drops the answer', async () => {
		const input = orderInput();
		box.faults.add( {
			method: 'POST',
			path: '/invoices',
			kind: 'drop',
			times: 1,
		} );
		const res = await sync( { perfex: perfexOf( box ), ...input } );
		expect( res.status ).toBe( 200 );
		expect( res.json().outcome ).toBe( 'created' );
		expect( res.json().warnings.join( ' ' ) ).toContain( 'lost' );
		expect( invoicesWith( res.json().signature ) ).toHaveLength( 1 );
		expect(
			box.requests.filter(
				( r ) => r.method === 'POST' && r.fault === 'drop'
			).length
		).toBeGreaterThanOrEqual( 1 );
	} );

	it( 'creates one invoice when the same order arrives twice at once', async () => {
		const input = orderInput();
		const [ a, b ] = await Promise.all( [
			sync( { perfex: perfexOf( box ), ...input } ),
			sync( { perfex: perfexOf( box ), ...input } ),
		] );
		expect( [ a.json().outcome, b.json().outcome ].sort() ).toEqual( [
			'created',
			'linked',
		] );
		expect( a.json().invoice.id ).toBe( b.json().invoice.id );
		expect( invoicesWith( a.json().signature ) ).toHaveLength( 1 );
	} );

	it( 'accepts the Perfex API base as well as the installation address', async () => {
		const res = await sync( {
			perfex: { url: `${ box.apiUrl }/`, token: PERFEX_TOKEN },
			...orderInput(),
		} );
		expect( res.json().outcome ).toBe( 'created' );
	} );

	it( 'creates exactly one invoice through 5xx answers', async () => {
		const input = orderInput();
		box.faults.add( {
			method: 'POST',
			path: '/invoices',
			kind: 'error',
			status: 503,
			times: 2,
		} );
		const res = await sync( { perfex: perfexOf( box ), ...input } );
		expect( res.json().outcome ).toBe( 'created' );
		expect( invoicesWith( res.json().signature ) ).toHaveLength( 1 );
	} );

	it( 'refuses an order with an unmapped tax rate (422), naming the rate, and writes nothing', async () => {
		const input = orderInput( 'refuse-unmapped-rate' );
		const before = box.model.invoices().length;
		const res = await sync( { perfex: perfexOf( box ), ...input } );
		expect( res.status ).toBe( 422 );
		expect( res.json().outcome ).toBe( 'refused' );
		expect( res.json().error.code ).toBe( 'unmapped_tax' );
		expect( res.json().error.transient ).toBe( false );
		expect( res.json().error.message ).toContain( 'Eco tax' );
		expect( res.json().error.message ).toContain( '#2' );
		expect( box.model.invoices().length ).toBe( before );
	} );

	it( 'skips a zero-total order (200, nothing written)', async () => {
		const before = box.model.invoices().length;
		const res = await sync( {
			perfex: perfexOf( box ),
			...orderInput( 'coupon-100pct-zero-total' ),
		} );
		expect( res.status ).toBe( 200 );
		expect( res.json().outcome ).toBe( 'skipped' );
		expect( res.json().invoice ).toBeNull();
		expect( box.model.invoices().length ).toBe( before );
	} );

	it( 'answers failed perfex_unauthorized (502, not transient) when Perfex refuses the token', async () => {
		const res = await sync( {
			perfex: perfexOf( box, 'wrong-token' ),
			...orderInput(),
		} );
		expect( res.status ).toBe( 502 );
		expect( res.json().outcome ).toBe( 'failed' );
		expect( res.json().error ).toMatchObject( {
			code: 'perfex_unauthorized',
			transient: false,
		} );
		expect( res.json().error.message ).toContain(
			'Perfex refused the API token'
		);
	} );

	it( 'answers failed perfex_forbidden (not transient) when the token may not create', async () => {
		const token = box.createToken( {
			invoices: [ 'get' ],
			contacts: [ 'get' ],
			customers: [ 'get' ],
		} );
		const res = await sync( {
			perfex: perfexOf( box, token ),
			...orderInput(),
		} );
		expect( res.status ).toBe( 502 );
		expect( res.json().error ).toMatchObject( {
			code: 'perfex_forbidden',
			transient: false,
		} );
		expect( res.json().error.message ).toContain( 'POST /customers' );
	} );

	it( 'answers failed and transient when Perfex cannot be reached', async () => {
		const down = await sandbox();
		const url = down.url;
		await down.close();
		const res = await sync( {
			perfex: { url, token: 'x' },
			...orderInput(),
		} );
		expect( res.status ).toBe( 502 );
		expect( res.json().outcome ).toBe( 'failed' );
		expect( res.json().error ).toMatchObject( {
			code: 'perfex_unreachable',
			transient: true,
		} );
	} );

	it( 'answers failed and transient when Perfex keeps answering 5xx', async () => {
		box.faults.add( {
			method: 'GET',
			path: '/invoices/search',
			kind: 'error',
			status: 500,
			times: 4,
		} );
		const res = await sync( { perfex: perfexOf( box ), ...orderInput() } );
		expect( res.status ).toBe( 502 );
		expect( res.json().error ).toMatchObject( {
			code: 'perfex_server_error',
			transient: true,
		} );
	} );

	it( 'answers invalid (422) for a bad order or a missing billing e-mail', async () => {
		const input = orderInput();
		const bad = await sync( {
			perfex: perfexOf( box ),
			...input,
			order: { ...input.order, total: 'lots' },
		} );
		expect( bad.status ).toBe( 422 );
		expect( bad.json().outcome ).toBe( 'invalid' );
		expect( bad.json().error.message ).toContain( 'order.total' );

		const noPerfex = await sync( { ...input } );
		expect( noPerfex.status ).toBe( 422 );
		expect( noPerfex.json().error.message ).toContain( 'perfex' );

		const notJson = await app.inject( {
			method: 'POST',
			url: '/v1/invoices/sync',
			headers: ( await import( '../../../sidecar' ) ).signedHeaders(
				'site1',
				'test-secret-0123456789abcdef',
				'POST',
				'/v1/invoices/sync',
				'{nope'
			),
			body: '{nope',
		} );
		expect( notJson.status ).toBe( 422 );
		expect( ( notJson.json() as { outcome: string } ).outcome ).toBe(
			'invalid'
		);

		const noEmail = orderInput();
		noEmail.order.billing = { ...noEmail.order.billing, email: '' };
		const res = await sync( { perfex: perfexOf( box ), ...noEmail } );
		expect( res.status ).toBe( 422 );
		expect( res.json().error.code ).toBe( 'missing_billing_email' );
	} );

	it( 'answers failed totals_mismatch with the invoice id when Perfex stores another total', async () => {
		// A Perfex that stores something else than what was posted: the read-back is altered.
		const lying: typeof fetch = async ( input, init ) => {
			const response = await fetch( input, init );
			const url = String( input );
			if ( /\/api\/invoices\/\d+$/.test( new URL( url ).pathname ) ) {
				const body = ( await response.json() ) as Record<
					string,
					unknown
				>;
				return new Response(
					JSON.stringify( { ...body, total: '40.36' } ),
					{ status: response.status, headers: response.headers }
				);
			}
			return response;
		};
		const { app: fooled } = testApp( {}, { fetch: lying } );
		const res = await call( fooled, 'POST', '/v1/invoices/sync', {
			perfex: perfexOf( box ),
			...orderInput(),
		} );
		expect( res.status ).toBe( 502 );
		const result = res.json();
		expect( result.outcome ).toBe( 'failed' );
		expect( result.error.code ).toBe( 'totals_mismatch' );
		expect( result.error.transient ).toBe( false );
		expect( result.error.invoice_id ).toBeGreaterThan( 0 );
		expect( result.error.message ).toContain( 'A person must look' );
		expect( result.error.message ).toContain( '40.36' );
	} );
} );

describe( 'country ids from the Perfex country table', () => {
	const settingsOf = ( countryIds: Record< string, number > ) =>
		settingsSchema.parse( { country_ids: countryIds } );
	const orderOf = ( billing: string, shipping: string ) =>
		( {
			billing: { country: billing },
			shipping: { country: shipping },
		} ) as Parameters< typeof withPerfexCountries >[ 1 ];

	it( "fills the order's billing and shipping countries; ids from the settings win", () => {
		const filled = withPerfexCountries(
			settingsOf( { DE: 7 } ),
			orderOf( 'us', 'DE' )
		);
		expect( filled.country_ids ).toEqual( {
			US: perfexCountryId( 'US' ),
			DE: 7,
		} );
		expect( perfexCountryId( 'US' ) ).toBe( 236 );
	} );

	it( 'leaves out a country Perfex does not know, and empty countries', () => {
		const settings = settingsOf( {} );
		expect(
			withPerfexCountries( settings, orderOf( 'ZZ', '' ) ).country_ids
		).toEqual( {} );
	} );

	it( 'creates the invoice with both country ids and no country warning when the settings have none', async () => {
		const input = orderInput();
		input.order.billing = { ...input.order.billing, country: 'US' };
		input.order.shipping = {
			first_name: 'Ada',
			last_name: 'Lovelace',
			address_1: '2 Dock Rd',
			city: 'Hamburg',
			postcode: '20095',
			country: 'DE',
		};
		const res = await sync( {
			perfex: perfexOf( box ),
			...input,
			settings: { ...input.settings, country_ids: {} },
		} );
		expect( res.json().outcome ).toBe( 'created' );
		expect(
			res
				.json()
				.warnings.filter( ( w: string ) => w.includes( 'country' ) )
		).toEqual( [] );
		const [ row ] = invoicesWith( res.json().signature );
		expect( Number( row?.billing_country ) ).toBe( 236 );
		expect( Number( row?.shipping_country ) ).toBe(
			perfexCountryId( 'DE' )
		);
	} );

	it( 'still warns, naming it, about a country Perfex does not know', async () => {
		const input = orderInput();
		input.order.billing = { ...input.order.billing, country: 'ZZ' };
		const res = await sync( {
			perfex: perfexOf( box ),
			...input,
			settings: { ...input.settings, country_ids: {} },
		} );
		expect( res.json().outcome ).toBe( 'created' );
		const countryWarnings = res
			.json()
			.warnings.filter( ( w: string ) => w.includes( 'country' ) );
		expect( countryWarnings ).toEqual( [
			'The billing country "ZZ" has no Perfex country id in the settings; it was left empty.',
		] );
	} );

	it( 'previews with the country id filled', async () => {
		const input = orderInput();
		input.order.billing = { ...input.order.billing, country: 'US' };
		const res = await call( app, 'POST', '/v1/invoices/preview', {
			...input,
			settings: { ...input.settings, country_ids: {} },
		} );
		expect( res.status ).toBe( 200 );
		expect( res.json().document.billing_country ).toBe( 236 );
		expect(
			res
				.json()
				.warnings.some( ( w: { code: string } ) =>
					w.code.startsWith( 'country' )
				)
		).toBe( false );
	} );
} );
