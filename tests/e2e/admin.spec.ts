import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { loadSite, workDir } from './site';

const site = loadSite();

test.beforeAll( () => {
	process.stdout.write(
		`Site: WordPress ${ site.wordpress.version }, WooCommerce ${ site.woocommerce.version } (${ site.woocommerce.kind })\n`
	);
} );

test( 'an administrator logs in and finds WooSync active under WooCommerce', async ( {
	page,
} ) => {
	await page.goto( '/wp-login.php' );
	await page
		.getByLabel( 'Username or Email Address' )
		.fill( site.users.admin.login );
	await page
		.getByLabel( 'Password', { exact: true } )
		.fill( site.users.admin.password );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await expect( page.locator( '#wpadminbar' ) ).toBeVisible();

	await page.goto( '/wp-admin/plugins.php' );
	const row = page.locator( 'tr[data-plugin="woosync/woosync.php"]' );
	await expect( row ).toHaveClass( /\bactive\b/ );
	await expect( row ).toContainText( 'WooSync for Perfex CRM' );
	await expect( page.locator( '#woosync-missing-woocommerce' ) ).toHaveCount(
		0
	);
	await expect( page.locator( '#toplevel_page_woocommerce' ) ).toBeVisible();

	await page.screenshot( {
		path: join( workDir(), 'screenshots', 'plugins.png' ),
		fullPage: true,
	} );
} );
