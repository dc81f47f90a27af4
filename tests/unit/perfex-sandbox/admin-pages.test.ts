/**
 * The admin pages WooSync links to (/admin/invoices/list_invoices/<id> and the like), and the
 * staff login in front of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import { TOKEN, sandbox } from '../perfex-client/harness';

let box: RunningSandbox;
let session = '';
const ids = { customer: 0, invoice: 0, creditNote: 0, expense: 0 };

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

async function create(
	resource: string,
	fields: Record< string, string | string[] >
): Promise< number > {
	const form = new FormData();
	for ( const [ key, value ] of Object.entries( fields ) ) {
		for ( const v of Array.isArray( value ) ? value : [ value ] ) {
			form.append( key, v );
		}
	}
	const response = await fetch( `${ box.apiUrl }/${ resource }`, {
		method: 'POST',
		headers: { authtoken: TOKEN },
		body: form,
	} );
	const body = ( await response.json() ) as { record_id?: number };
	expect( response.status, JSON.stringify( body ) ).toBe( 200 );
	return Number( body.record_id );
}

function get( path: string, cookie = session ) {
	return fetch( `${ box.url }${ path }`, {
		redirect: 'manual',
		headers: cookie === '' ? {} : { cookie },
	} );
}

function login( token: string, r: string ) {
	return fetch( `${ box.url }/admin/authentication`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams( { token, r } ).toString(),
	} );
}

beforeAll( async () => {
	box = await sandbox();
	ids.customer = await create( 'customers', {
		company: '<script>alert("shop")</script> Ltd',
		billing_street: 'Main St',
	} );
	ids.invoice = await create( 'invoices', {
		clientid: String( ids.customer ),
		number: '12',
		date: '2026-03-10',
		duedate: '2026-04-10',
		currency: '1',
		'newitems[0][description]': 'Widget <script>alert(1)</script>',
		'newitems[0][long_description]': 'Blue, large',
		'newitems[0][qty]': '2',
		'newitems[0][rate]': '10.00',
		'newitems[0][order]': '1',
		'newitems[0][taxname][]': [ 'VAT|20.00' ],
		'newitems[1][description]': 'Shipping',
		'newitems[1][qty]': '1',
		'newitems[1][rate]': '5.00',
		'newitems[1][order]': '2',
		subtotal: '25.00',
		total: '29.00',
		'allowed_payment_modes[]': [ '1' ],
		billing_street: 'Main St',
		adminnote: 'woosync:site:order-7',
	} );
	ids.creditNote = await create( 'credit_notes', {
		clientid: String( ids.customer ),
		number: '3',
		date: '2026-03-11',
		currency: '1',
		reference_no: 'INV-000012',
		'newitems[0][description]': 'Refund: Widget',
		'newitems[0][qty]': '1',
		'newitems[0][rate]': '10.00',
		subtotal: '10.00',
		total: '10.00',
		adminnote: 'woosync:site:refund-9',
	} );
	ids.expense = await create( 'expenses', {
		category: '2',
		amount: '4.50',
		date: '2026-03-12',
		currency: '1',
		tax: '1',
		clientid: String( ids.customer ),
		note: 'Label <b>printed</b>',
		expense_name: 'Shipping label',
	} );
	// The document pages' tests read as a logged-in person, whichever test runs first.
	session = ( await login( TOKEN, '/admin/' ) ).headers
		.get( 'set-cookie' )!
		.split( ';' )[ 0 ]!;
} );
afterAll( async () => box.close() );

describe( 'staff login', () => {
	it( 'sends a visitor who is not logged in to the login page, with the way back in r', async () => {
		const path = `/admin/invoices/list_invoices/${ ids.invoice }`;
		const response = await get( path, '' );
		expect( response.status ).toBe( 302 );
		expect( response.headers.get( 'location' ) ).toBe(
			`/admin/authentication?r=${ encodeURIComponent( path ) }`
		);
		const form = await get( response.headers.get( 'location' )!, '' );
		expect( form.status ).toBe( 200 );
		expect( form.headers.get( 'content-security-policy' ) ).toBe( CSP );
		const html = await form.text();
		expect( html ).toContain( 'API token' );
		expect( html ).toContain( 'e-mail and password' );
		expect( html ).toContain( `name="r" value="${ path }"` );
	} );

	it( 'refuses a wrong token with the form again (401) and no cookie', async () => {
		const response = await login( 'wrong', '/admin/' );
		expect( response.status ).toBe( 401 );
		expect( response.headers.get( 'set-cookie' ) ).toBeNull();
		const html = await response.text();
		expect( html ).toContain( 'Invalid token.' );
		expect( html ).toContain( '<form method="post"' );
	} );

	it( 'logs in with a sandbox token: an HttpOnly, SameSite=Lax session id (not the token), back to r', async () => {
		const r = `/admin/credit_notes/list_credit_notes/${ ids.creditNote }`;
		const response = await login( TOKEN, r );
		expect( response.status ).toBe( 302 );
		expect( response.headers.get( 'location' ) ).toBe( r );
		const cookie = response.headers.get( 'set-cookie' ) ?? '';
		expect( cookie ).toMatch(
			/^sandbox_session=[0-9a-f]{48}; Path=\/; HttpOnly; SameSite=Lax$/
		);
		expect( cookie ).not.toContain( TOKEN );
		const own = cookie.split( ';' )[ 0 ]!;
		expect( ( await get( r, own ) ).status ).toBe( 200 );
		expect(
			( await get( '/admin/', own ) ).headers.get( 'location' )
		).toBe( '/' );
	} );

	it( 'never redirects off the site after login', async () => {
		for ( const r of [
			'https://evil.example/admin/',
			'//evil.example/admin/',
			'/\\evil.example/admin/',
			'/admin/../..//evil.example/',
			'/',
			'',
		] ) {
			const response = await login( TOKEN, r );
			expect( response.headers.get( 'location' ), r ).toBe( '/admin/' );
		}
	} );

	it( 'logs out', async () => {
		const own = ( await login( TOKEN, '/admin/' ) ).headers
			.get( 'set-cookie' )!
			.split( ';' )[ 0 ]!;
		const out = await get( '/admin/authentication/logout', own );
		expect( out.status ).toBe( 302 );
		expect( out.headers.get( 'set-cookie' ) ).toContain( 'Max-Age=0' );
		expect( ( await get( '/admin/', own ) ).status ).toBe( 302 );
		expect(
			( await get( '/admin/', own ) ).headers.get( 'location' )
		).toMatch( /^\/admin\/authentication\?r=/ );
	} );
} );

describe( 'document pages', () => {
	it( 'shows an invoice: number, status, customer, lines, totals, note; all escaped, strict CSP', async () => {
		const response = await get(
			`/admin/invoices/list_invoices/${ ids.invoice }`
		);
		expect( response.status ).toBe( 200 );
		expect( response.headers.get( 'content-security-policy' ) ).toBe( CSP );
		const html = await response.text();
		expect( html ).toContain(
			'<title>Invoice INV-000012 — Perfex sandbox</title>'
		);
		expect( html ).toContain( '<h1>Invoice INV-000012</h1>' );
		for ( const text of [
			'Unpaid',
			'2026-04-10',
			'USD',
			'Blue, large',
			'VAT 20.00%',
			'<td>20.00</td>',
			'<td>25.00</td>',
			'<td>4.00</td>',
			'<td>29.00</td>',
			'woosync:site:order-7',
			'Widget &lt;script&gt;alert(1)&lt;/script&gt;',
			'&lt;script&gt;alert(&quot;shop&quot;)&lt;/script&gt; Ltd',
		] ) {
			expect( html ).toContain( text );
		}
		expect( html ).not.toContain( '<script' );
	} );

	it( 'shows a credit note with its reference', async () => {
		const html = await (
			await get(
				`/admin/credit_notes/list_credit_notes/${ ids.creditNote }`
			)
		).text();
		expect( html ).toContain( '<h1>Credit note CN-000003</h1>' );
		for ( const text of [
			'Open',
			'INV-000012',
			'Refund: Widget',
			'<td>10.00</td>',
		] ) {
			expect( html ).toContain( text );
		}
		expect( html ).not.toContain( '<script' );
	} );

	it( 'shows an expense: category, amount, tax, date, note, customer', async () => {
		const html = await (
			await get( `/admin/expenses/list_expenses/${ ids.expense }` )
		).text();
		expect( html ).toContain( `<h1>Expense #${ ids.expense }</h1>` );
		for ( const text of [
			'Shipping label',
			'<td>Shipping</td>',
			'<td>4.50</td>',
			'VAT 20.00%',
			'2026-03-12',
			'Label &lt;b&gt;printed&lt;/b&gt;',
			'&lt;script&gt;alert(&quot;shop&quot;)&lt;/script&gt; Ltd',
		] ) {
			expect( html ).toContain( text );
		}
		expect( html ).not.toContain( '<script' );
	} );

	it( 'answers 404 (HTML, same CSP) for a document that does not exist', async () => {
		for ( const path of [
			'/admin/invoices/list_invoices/999',
			'/admin/credit_notes/list_credit_notes/999',
			'/admin/expenses/list_expenses/999',
		] ) {
			const response = await get( path );
			expect( response.status ).toBe( 404 );
			expect( response.headers.get( 'content-security-policy' ) ).toBe(
				CSP
			);
			expect( await response.text() ).toContain( '#999 does not exist' );
		}
	} );

	it( 'the overview links the numbers to these pages and takes the session cookie', async () => {
		expect( ( await get( '/', '' ) ).status ).toBe( 401 );
		const response = await get( '/' );
		expect( response.status ).toBe( 200 );
		const html = await response.text();
		expect( html ).toContain(
			`<a href="/admin/invoices/list_invoices/${ ids.invoice }">INV-000012</a>`
		);
		expect( html ).toContain(
			`<a href="/admin/credit_notes/list_credit_notes/${ ids.creditNote }">CN-000003</a>`
		);
		expect( ( await get( `/?authtoken=${ TOKEN }`, '' ) ).status ).toBe(
			200
		);
	} );
} );
