/**
 * WooCommerce → WooSync, the admin app, in the running site's real WordPress admin.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadSite, workDir } from './site';

const site = loadSite();
const perfex = z
	.object( {
		perfex: z.object( {
			token: z.string().min( 8 ),
			api_url: z.string().url(),
		} ),
	} )
	.parse(
		JSON.parse( readFileSync( join( workDir(), 'env.json' ), 'utf8' ) )
	).perfex;
const perfexToken = perfex.token;

type WpApi = { apiFetch: < T >( options: object ) => Promise< T > };

/**
 * Calls a REST route from the logged-in page (cookie + nonce, as the admin app does).
 *
 * @param page    Page.
 * @param options apiFetch options.
 */
const apiFetch = < T >( page: Page, options: object ): Promise< T > =>
	page.evaluate(
		( request ) =>
			( window as unknown as { wp: WpApi } ).wp.apiFetch< T >( request ),
		options
	);

type Order = { id: number; number: string; total: string };

/**
 * An order placed over WooCommerce's REST API by a customer in California.
 *
 * @param page   Page.
 * @param status Order status.
 * @param name   The customer's first and last name.
 * @param line   Its one line item.
 */
const createOrder = (
	page: Page,
	status: string,
	name: [ string, string ],
	line: Record< string, unknown >
) =>
	apiFetch< Order >( page, {
		path: '/wc/v3/orders',
		method: 'POST',
		data: {
			status,
			currency: 'USD',
			billing: {
				first_name: name[ 0 ],
				last_name: name[ 1 ],
				email: `${ name.join( '.' ).toLowerCase() }@example.test`,
				country: 'US',
				state: 'CA',
			},
			line_items: [ line ],
		},
	} );

const shot = ( page: Page, name: string ) =>
	page.screenshot( {
		path: join( workDir(), 'screenshots', `admin-app-${ name }.png` ),
		fullPage: true,
	} );

async function logIn( page: Page, who: 'admin' | 'manager' | 'subscriber' ) {
	await page.goto( '/wp-login.php' );
	const login = page.getByLabel( 'Username or Email Address' );
	const password = page.getByLabel( 'Password', { exact: true } );
	// wp-login.php empties and focuses the username shortly after loading: type until it stays.
	await expect( async () => {
		await login.fill( site.users[ who ].login );
		await password.fill( site.users[ who ].password );
		await page.waitForTimeout( 250 );
		await expect( login ).toHaveValue( site.users[ who ].login );
		await expect( password ).toHaveValue( site.users[ who ].password );
	} ).toPass();
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	// Staff land in wp-admin; WooCommerce sends customers and subscribers to the shop instead.
	await page.waitForURL(
		( url ) => ! url.pathname.endsWith( '/wp-login.php' )
	);
	const cookies = await page.context().cookies();
	expect(
		cookies.some( ( cookie ) =>
			cookie.name.startsWith( 'wordpress_logged_in_' )
		)
	).toBe( true );
}

/**
 * A snackbar notice with this text is shown.
 *
 * @param page Page.
 * @param text The notice's text.
 */
async function expectNotice( page: Page, text: string ) {
	await expect(
		page.locator( '.components-snackbar' ).getByText( text ).first()
	).toBeVisible();
}

async function openStoreSettings( page: Page ) {
	await page.getByRole( 'tab', { name: 'Store settings' } ).click();
	await expect(
		page.getByRole( 'button', { name: 'Save store settings' } )
	).toBeVisible();
}

test( 'an administrator connects to Perfex, maps taxes and currencies, turns automatic invoices on, completes an order and follows it to Perfex, retries a failed row', async ( {
	page,
} ) => {
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );
	await logIn( page, 'admin' );

	await page.goto( '/wp-admin/' );
	await page.locator( '#toplevel_page_woocommerce > a' ).hover();
	await page
		.locator( '#toplevel_page_woocommerce a[href$="page=woosync"]' )
		.click();
	await expect(
		page.getByRole( 'heading', { name: 'WooSync for Perfex CRM' } )
	).toBeVisible();

	// Connection: the token is set, never shown.
	await expect(
		page.getByRole( 'tab', { name: 'Connection' } )
	).toHaveAttribute( 'aria-selected', 'true' );
	await expect( page.getByLabel( 'Perfex address' ) ).toHaveValue(
		/^http:\/\/127\.0\.0\.1:\d+/
	);
	await expect( page.locator( '.woosync-secret-state' ).first() ).toHaveText(
		'set (hidden)'
	);
	await expect(
		page.getByRole( 'button', { name: 'Replace token' } )
	).toBeVisible();
	expect( await page.content() ).not.toContain( perfexToken );

	// Connect to the sandbox: its API address and a replaced token, saved; the token is only "set".
	await page.getByLabel( 'Perfex address' ).fill( perfex.api_url );
	await page.getByRole( 'button', { name: 'Replace token' } ).click();
	await page.getByLabel( 'API token' ).fill( perfexToken );
	await page.getByRole( 'button', { name: 'Save connection' } ).click();
	await expectNotice( page, 'Connection saved.' );
	await expect( page.locator( '.woosync-secret-state' ).first() ).toHaveText(
		'set (hidden)'
	);

	await page.getByRole( 'button', { name: 'Test connection' } ).click();
	await expect(
		page.getByText( 'Perfex answers and accepts the API token.' )
	).toBeVisible();
	await expect(
		page.getByText( /The sidecar answers \(version [^)]+\) in \d+ ms/ )
	).toBeVisible();
	await expect( page.getByText( 'Invoices can be read.' ) ).toBeVisible();
	await expect(
		page.getByText( /Taxes can be read \(\d+ tax/ )
	).toBeVisible();
	expect( await page.content() ).not.toContain( perfexToken );
	await shot( page, 'connection' );

	// Store settings: invoices are created automatically once turned on (off, as on a new site)…
	await apiFetch( page, {
		path: '/woosync/v1/settings',
		method: 'POST',
		data: { auto_create_invoice: false },
	} );
	await page.reload();
	await openStoreSettings( page );
	const auto = page.getByLabel( 'Create invoices automatically' );
	await expect( auto ).not.toBeChecked();
	await auto.check();
	// …and a value that is not valid stays typed and is named next to its field.
	const due = page.getByLabel( 'Days until due' );
	const before = await due.inputValue();
	const changed = before === '45' ? '46' : '45';
	await due.fill( '-3' );
	await page.getByRole( 'button', { name: 'Save store settings' } ).click();
	await expect(
		page.getByText( 'Enter a whole number from 0 to 3650.' )
	).toBeVisible();
	await expect( due ).toHaveValue( '-3' );
	await shot( page, 'store-settings-error' );

	await due.fill( changed );
	await page.getByRole( 'button', { name: 'Save store settings' } ).click();
	await expectNotice( page, 'Store settings saved.' );
	await shot( page, 'store-settings' );

	await page.reload();
	await openStoreSettings( page );
	await expect( page.getByLabel( 'Days until due' ) ).toHaveValue( changed );
	await expect(
		page.getByLabel( 'Create invoices automatically' )
	).toBeChecked();

	// Put it back for the other tests of this site.
	await page.getByLabel( 'Days until due' ).fill( before );
	await page.getByRole( 'button', { name: 'Save store settings' } ).click();
	await expectNotice( page, 'Store settings saved.' );

	// Tax mapping: every seeded rate is mapped onto a Perfex tax read live through the sidecar.
	await page.getByRole( 'tab', { name: 'Tax mapping' } ).click();
	await expect( page.getByText( 'Every rate is mapped.' ) ).toBeVisible();
	const firstTax = page.getByLabel( /^Perfex tax for / ).first();
	await expect( firstTax ).toBeVisible();
	// The Perfex taxes arrive after the rows (a live call through the sidecar): wait for them.
	await expect
		.poll( () => firstTax.locator( 'option' ).count() )
		.toBeGreaterThan( 1 );
	const unmapped = page.locator( '.woosync-map-row.is-unmapped' );
	await expect( unmapped ).toHaveCount( 0 );
	// An unmapped rate stands out; "Map by matching rate" maps it again and says so.
	await firstTax.selectOption( '' );
	await expect( unmapped ).toHaveCount( 1 );
	await shot( page, 'tax-mapping-unmapped' );
	await page.getByRole( 'button', { name: 'Map by matching rate' } ).click();
	await expect(
		page.getByText( /^Mapped by their rate: / ).first()
	).toBeVisible();
	await expect( unmapped ).toHaveCount( 0 );
	await shot( page, 'tax-mapping' );
	await page.getByRole( 'button', { name: 'Save tax mapping' } ).click();
	await expectNotice( page, 'Tax mapping saved.' );

	await page.getByRole( 'tab', { name: 'Currency mapping' } ).click();
	await expect( page.getByLabel( 'Perfex base currency id' ) ).toBeVisible();
	await expect( page.getByLabel( 'Perfex currency id for USD' ) ).toHaveValue(
		/^\d+$/
	);
	await shot( page, 'currency-mapping' );
	// A currency code that is not one is named by its row, and nothing is sent.
	await page.getByRole( 'button', { name: 'Add a currency' } ).click();
	await page.getByLabel( 'Currency code' ).last().fill( 'E1' );
	await page.getByRole( 'button', { name: 'Save currency mapping' } ).click();
	await expect(
		page.getByText( 'Use a three-letter currency code such as EUR.' )
	).toBeVisible();
	await page.getByRole( 'button', { name: 'Remove E1' } ).click();
	await page.getByRole( 'button', { name: 'Save currency mapping' } ).click();
	await expectNotice( page, 'Currency mapping saved.' );

	// An order completed on its order screen is invoiced (auto_create_invoice is on).
	const order = await createOrder( page, 'processing', [ 'Ada', 'History' ], {
		sku: 'WS-MUG',
		quantity: 1,
	} );
	const orderUrl = String(
		await page.locator( '#woosync-admin' ).getAttribute( 'data-order-url' )
	);
	await page.goto( orderUrl.replace( '%d', String( order.id ) ) );
	// Real WooCommerce dresses the select up (select2); the select itself takes the value.
	await page
		.locator( 'select#order_status' )
		.selectOption( 'wc-completed', { force: true } );
	await page.getByRole( 'button', { name: 'Update', exact: true } ).click();
	const box = page.locator( '#woosync-invoice' );
	await expect( box ).toContainText( /Invoice INV-\d+/ );
	const invoiceNumber = String(
		( await box.textContent() )?.match( /INV-\d+/ )?.[ 0 ]
	);

	// Sync history: the order's attempt, found by its number, linked to the order and to Perfex.
	await page.goto( '/wp-admin/admin.php?page=woosync' );
	await page.getByRole( 'tab', { name: 'Sync history' } ).click();
	const history = page.locator( 'table.woosync-history' );
	await expect( history ).toBeVisible();
	await expect( page.getByRole( 'list', { name: 'Summary' } ) ).toContainText(
		/[1-9]\d* invoices? created today/
	);
	await page.getByLabel( 'Order number' ).fill( order.number );
	// The filtered list (one page) has replaced the unfiltered one.
	await expect(
		page.getByText( /^Page 1 of 1 \(\d+ attempts?\)$/ )
	).toBeVisible();
	const link = history
		.getByRole( 'link', { name: `#${ order.number }` } )
		.first();
	await expect( link ).toBeVisible();
	expect( await link.getAttribute( 'href' ) ).toContain( String( order.id ) );
	await shot( page, 'history' );

	// The invoice's link opens its page in Perfex (a new tab), behind Perfex's staff login.
	const invoiceLink = history.getByRole( 'link', {
		name: new RegExp( `^Invoice ${ invoiceNumber }` ),
	} );
	const [ perfexPage ] = await Promise.all( [
		page.context().waitForEvent( 'page' ),
		invoiceLink.click(),
	] );
	await perfexPage.getByLabel( 'API token' ).fill( perfexToken );
	await perfexPage.getByRole( 'button', { name: 'Log in' } ).click();
	await expect( perfexPage.getByRole( 'heading', { level: 1 } ) ).toHaveText(
		`Invoice ${ invoiceNumber }`
	);
	await expect(
		perfexPage.locator( 'tr', {
			has: perfexPage.locator( 'th', { hasText: /^Total$/ } ),
		} )
	).toContainText( order.total );
	await shot( perfexPage, 'perfex-invoice' );
	await perfexPage.close();

	// A refund becomes a credit note; the Document filter finds it, linked to its Perfex page.
	await apiFetch( page, {
		path: `/wc/v3/orders/${ order.id }/refunds`,
		method: 'POST',
		data: { amount: '1.00', reason: 'Chipped mug', api_refund: false },
	} );
	await page.getByLabel( 'Document' ).selectOption( 'credit_note' );
	const note = history.getByRole( 'link', { name: /^Credit note CN-\d+/ } );
	await expect( note ).toBeVisible();
	expect( await note.getAttribute( 'href' ) ).toContain(
		'/admin/credit_notes/list_credit_notes/'
	);
	await expect(
		history.getByRole( 'link', { name: /^Invoice / } )
	).toHaveCount( 0 );
	await shot( page, 'history-credit-notes' );
	await page.getByLabel( 'Document' ).selectOption( '' );

	// Retry on a refused row: a zero-total order while zero-total orders are refused.
	const zeroTotal = ( policy: 'refuse' | 'skip' ) =>
		apiFetch( page, {
			path: '/woosync/v1/settings',
			method: 'POST',
			data: { zero_total: policy },
		} );
	await zeroTotal( 'refuse' );
	let refused: Order;
	try {
		refused = await createOrder( page, 'pending', [ 'Zero', 'Total' ], {
			sku: 'WS-MUG',
			quantity: 1,
			subtotal: '0',
			total: '0',
		} );
		await apiFetch( page, {
			path: `/woosync/v1/orders/${ refused.id }/invoice/resync`,
			method: 'POST',
		} ).catch( () => null );
	} finally {
		await zeroTotal( 'skip' );
	}
	await page.getByLabel( 'Outcome' ).selectOption( 'refused' );
	await page.getByLabel( 'Order number' ).fill( refused.number );
	const retry = page.getByRole( 'button', {
		name: `Retry #${ refused.number }`,
	} );
	await expect( retry ).toBeVisible();
	await retry.click();
	// Zero-total orders are skipped again now: the retry says what happened.
	await expectNotice( page, `Order #${ refused.number }: Skipped.` );
	await page.getByLabel( 'Outcome' ).selectOption( 'skipped' );
	await expect(
		page.getByRole( 'link', { name: `#${ refused.number }` } )
	).toBeVisible();

	// Invoice preview of that order: the product "Enamel Mug <b>limited</b>" never becomes markup.
	await page.getByRole( 'tab', { name: 'Invoice preview' } ).click();
	await page.getByLabel( 'Order id' ).fill( String( order.id ) );
	await page.getByRole( 'button', { name: 'Preview invoice' } ).click();
	await expect( page.getByText( /^Enamel Mug/ ) ).toBeVisible();
	await expect( page.locator( '.woosync-preview b' ) ).toHaveCount( 0 );
	await expect(
		page.getByRole( 'rowheader', { name: 'Invoice total' } )
	).toBeVisible();
	await shot( page, 'preview' );

	// 375 px wide: no screen runs off the side.
	await page.setViewportSize( { width: 375, height: 800 } );
	for ( const [ tab, slug ] of [
		[ 'Connection', 'connection' ],
		[ 'Store settings', 'store-settings' ],
		[ 'Tax mapping', 'tax-mapping' ],
		[ 'Currency mapping', 'currency-mapping' ],
		[ 'Sync history', 'history' ],
		[ 'Invoice preview', 'preview' ],
	] as const ) {
		await page.getByRole( 'tab', { name: tab } ).click();
		await expect( page.getByRole( 'tab', { name: tab } ) ).toHaveAttribute(
			'aria-selected',
			'true'
		);
		await page.waitForTimeout( 300 );
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect( overflow, tab ).toBeLessThanOrEqual( 0 );
		await shot( page, `${ slug }-375` );
	}

	expect( errors ).toEqual( [] );
} );

test( 'a shop manager opens WooSync and resyncs an order from the order screen', async ( {
	page,
} ) => {
	await logIn( page, 'manager' );
	await page.goto( '/wp-admin/admin.php?page=woosync' );
	await expect( page.getByLabel( 'Perfex address' ) ).toBeVisible();
	const orderUrl = String(
		await page.locator( '#woosync-admin' ).getAttribute( 'data-order-url' )
	);

	const order = await createOrder( page, 'on-hold', [ 'Grace', 'Resync' ], {
		sku: 'WS-TSHIRT',
		quantity: 2,
	} );

	await page.goto( orderUrl.replace( '%d', String( order.id ) ) );
	const box = page.locator( '#woosync-invoice' );
	await expect( box ).toContainText( 'No Perfex invoice yet.' );
	// The admin script's button (the app's data layer), not the server's fallback.
	await expect(
		box.locator( '.woosync-resync-root .components-button' )
	).toBeVisible();
	await box.getByRole( 'button', { name: 'Resync invoice' } ).click();
	// The box reloads the page once the invoice exists.
	await expect( box ).toContainText( /Invoice INV-\d+/ );
	await shot( page, 'order-box' );
} );

test( 'a shop manager resyncs orders in bulk from the orders list', async ( {
	page,
} ) => {
	await logIn( page, 'manager' );
	await page.goto( '/wp-admin/admin.php?page=woosync' );
	const orders = [
		await createOrder( page, 'on-hold', [ 'Bulk', 'One' ], {
			sku: 'WS-MUG',
			quantity: 1,
		} ),
		await createOrder( page, 'on-hold', [ 'Bulk', 'Two' ], {
			sku: 'WS-TSHIRT',
			quantity: 1,
		} ),
	];
	await page.goto( '/wp-admin/admin.php?page=wc-orders' );
	for ( const order of orders ) {
		await page
			.locator( `input[name="id[]"][value="${ order.id }"]` )
			.check();
	}
	await page
		.locator( '#bulk-action-selector-top' )
		.selectOption( 'woosync_resync_invoices' );
	await page.locator( '#doaction' ).click();
	await expect(
		page.getByText( '2 orders are being synced to Perfex.' )
	).toBeVisible();
	// WordPress drops the count from the address: a reload does not say it again.
	await expect( page ).not.toHaveURL( /woosync_resynced/ );
	await shot( page, 'orders-bulk' );
	// By the end of that request both were invoiced: the Perfex column links each invoice.
	for ( const order of orders ) {
		const cell = page.locator(
			`#order-${ order.id } .column-woosync_perfex`
		);
		await expect(
			cell.getByRole( 'link', { name: /^INV-\d+$/ } )
		).toHaveAttribute( 'href', /\/admin\/invoices\/list_invoices\/\d+$/ );
	}
} );

test( 'a subscriber gets no access', async ( { page } ) => {
	await logIn( page, 'subscriber' );
	const response = await page.goto( '/wp-admin/admin.php?page=woosync' );
	// WordPress answers 403; a real WooCommerce first redirects non-staff out of wp-admin.
	const redirectedOut = ! new URL( page.url() ).pathname.startsWith(
		'/wp-admin/'
	);
	expect( redirectedOut || response?.status() === 403 ).toBe( true );
	await expect( page.locator( '#woosync-admin' ) ).toHaveCount( 0 );
	const rest = await page.request.get( '/wp-json/woosync/v1/settings' );
	expect( [ 401, 403 ] ).toContain( rest.status() );
} );
