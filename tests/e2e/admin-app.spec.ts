/**
 * WooCommerce → WooSync, the admin app, in the running site's real WordPress admin.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadSite, workDir } from './site';

const site = loadSite();
const perfexToken = z
	.object( { perfex: z.object( { token: z.string().min( 8 ) } ) } )
	.parse(
		JSON.parse( readFileSync( join( workDir(), 'env.json' ), 'utf8' ) )
	).perfex.token;

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

test( 'an administrator connects, tests the connection and keeps a changed store setting', async ( {
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

	await page.getByRole( 'button', { name: 'Test connection' } ).click();
	await expect(
		page.getByText( 'Perfex answers and accepts the API token.' )
	).toBeVisible();
	await expect(
		page.getByText( /The sidecar answers \(version / )
	).toBeVisible();
	await expect( page.getByText( 'Invoices can be read.' ) ).toBeVisible();
	await expect(
		page.getByText( /Taxes can be read \(\d+ tax/ )
	).toBeVisible();
	expect( await page.content() ).not.toContain( perfexToken );
	await shot( page, 'connection' );

	// Store settings: a value that is not valid stays typed and is named next to its field.
	await openStoreSettings( page );
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
	await expect( page.locator( '.woosync-map-row.is-unmapped' ) ).toHaveCount(
		0
	);
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

	// Sync history: a resync of a store order appears, found by its number, linked to its order.
	const order = await page.evaluate( async () => {
		const wp = (
			window as unknown as {
				wp: {
					apiFetch: ( options: object ) => Promise< unknown >;
				};
			}
		 ).wp;
		const created = ( await wp.apiFetch( {
			path: '/wc/v3/orders',
			method: 'POST',
			data: {
				status: 'pending',
				currency: 'USD',
				billing: {
					first_name: 'Ada',
					last_name: 'History',
					email: 'ada.history@example.test',
					country: 'US',
					state: 'CA',
				},
				line_items: [ { sku: 'WS-MUG', quantity: 1 } ],
			},
		} ) ) as { id: number; number: string };
		await wp
			.apiFetch( {
				path: `/woosync/v1/orders/${ created.id }/invoice/resync`,
				method: 'POST',
			} )
			.catch( () => null );
		return created;
	} );
	await page.getByRole( 'tab', { name: 'Sync history' } ).click();
	await expect( page.locator( 'table.woosync-history' ) ).toBeVisible();
	await expect( page.getByRole( 'list', { name: 'Summary' } ) ).toContainText(
		/[1-9]\d* invoices? created today/
	);
	await page.getByLabel( 'Order number' ).fill( String( order?.number ) );
	const link = page
		.locator( 'table.woosync-history' )
		.getByRole( 'link', { name: `#${ order?.number }` } )
		.first();
	await expect( link ).toBeVisible();
	expect( await link.getAttribute( 'href' ) ).toContain(
		String( order?.id )
	);
	await expect(
		page.getByText( /^Page 1 of \d+ \(\d+ attempts?\)$/ )
	).toBeVisible();
	await shot( page, 'history' );

	// Retry on a refused row: a zero-total order while zero-total orders are refused.
	const refused = await page.evaluate( async () => {
		const wp = (
			window as unknown as {
				wp: {
					apiFetch: ( options: object ) => Promise< unknown >;
				};
			}
		 ).wp;
		await wp.apiFetch( {
			path: '/woosync/v1/settings',
			method: 'POST',
			data: { zero_total: 'refuse' },
		} );
		try {
			const free = ( await wp.apiFetch( {
				path: '/wc/v3/orders',
				method: 'POST',
				data: {
					status: 'pending',
					currency: 'USD',
					billing: {
						first_name: 'Zero',
						last_name: 'Total',
						email: 'zero.total@example.test',
						country: 'US',
						state: 'CA',
					},
					line_items: [
						{
							sku: 'WS-MUG',
							quantity: 1,
							subtotal: '0',
							total: '0',
						},
					],
				},
			} ) ) as { id: number; number: string };
			await wp
				.apiFetch( {
					path: `/woosync/v1/orders/${ free.id }/invoice/resync`,
					method: 'POST',
				} )
				.catch( () => null );
			return free;
		} finally {
			await wp.apiFetch( {
				path: '/woosync/v1/settings',
				method: 'POST',
				data: { zero_total: 'skip' },
			} );
		}
	} );
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

	const order = await page.evaluate( async () => {
		const wp = (
			window as unknown as {
				wp: {
					apiFetch: ( options: object ) => Promise< unknown >;
				};
			}
		 ).wp;
		return ( await wp.apiFetch( {
			path: '/wc/v3/orders',
			method: 'POST',
			data: {
				status: 'on-hold',
				currency: 'USD',
				billing: {
					first_name: 'Grace',
					last_name: 'Resync',
					email: 'grace.resync@example.test',
					country: 'US',
					state: 'CA',
				},
				line_items: [ { sku: 'WS-TSHIRT', quantity: 2 } ],
			},
		} ) ) as { id: number; number: string };
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
