/**
 * The translation files bin/i18n.mjs makes are the ones WordPress loads: a pseudo-translation of
 * languages/woosync.pot for a made-up locale, turned into the .mo (PHP) and the script's .json
 * (admin app) in the site's wp-content/languages/plugins/, shown to a user with that locale.
 * Everything made here lives outside the repository and is removed afterwards.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	rmdirSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readPo, writePo } from '../../bin/i18n-api';
import { workDir } from './site';

const LOCALE = 'xx_PS';
const LOGIN = 'woosync-i18n-e2e';
const PASSWORD = randomBytes( 12 ).toString( 'hex' );
const ROOT = fileURLToPath( new URL( '../..', import.meta.url ) );
const CLI = join( ROOT, 'bin/i18n.mjs' );

const env = z
	.object( {
		wordpress: z.object( { path: z.string() } ),
		wpcli: z.object( { command: z.array( z.string() ).min( 1 ) } ),
	} )
	.parse(
		JSON.parse( readFileSync( join( workDir(), 'env.json' ), 'utf8' ) )
	);

const contentLanguages = join( env.wordpress.path, 'wp-content/languages' );
const pluginLanguages = join( contentLanguages, 'plugins' );

/**
 * ‹text›: visibly translated, and still holding every placeholder.
 *
 * @param text The English text.
 */
const pseudo = ( text: string ) => `‹${ text }›`;

function wp( ...args: string[] ): string {
	const [ command, ...base ] = env.wpcli.command;
	return execFileSync( command as string, [ ...base, ...args ], {
		encoding: 'utf8',
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} ).trim();
}

function userId(): string | undefined {
	try {
		return wp( 'user', 'get', LOGIN, '--field=ID' ) || undefined;
	} catch {
		return undefined;
	}
}

function deleteUser() {
	const id = userId();
	if ( id ) {
		wp( 'user', 'delete', id, '--yes' );
	}
}

const made = {
	tmp: undefined as string | undefined,
	files: [] as string[],
	dirs: [] as string[],
};

test.beforeAll( () => {
	// The pseudo .po, outside the repository.
	made.tmp = mkdtempSync( join( tmpdir(), 'woosync-i18n-e2e-' ) );
	const pot = readPo( readFileSync( join( ROOT, 'languages/woosync.pot' ) ) );
	const po = join( made.tmp, `woosync-${ LOCALE }.po` );
	writeFileSync(
		po,
		writePo( {
			headers: {
				...pot.headers,
				Language: LOCALE,
				'PO-Revision-Date': '2026-01-01 00:00+0000',
				'Plural-Forms': 'nplurals=2; plural=(n != 1);',
			},
			entries: pot.entries.map( ( entry ) => ( {
				...entry,
				msgstr:
					entry.msgid_plural === undefined
						? [ pseudo( entry.msgid ) ]
						: [
								pseudo( entry.msgid ),
								pseudo( entry.msgid_plural ),
							],
			} ) ),
		} )
	);

	// The .mo and .json, made by the project's command into the site's languages folder.
	for ( const dir of [ contentLanguages, pluginLanguages ] ) {
		if ( ! existsSync( dir ) ) {
			mkdirSync( dir );
			made.dirs.unshift( dir );
		}
	}
	const before = new Set( readdirSync( pluginLanguages ) );
	const out = join( made.tmp, 'out' );
	for ( const kind of [ 'mo', 'json' ] ) {
		execFileSync( process.execPath, [ CLI, kind, po, '--out', out ] );
	}
	for ( const name of readdirSync( out ) ) {
		if ( before.has( name ) ) {
			throw new Error( `${ pluginLanguages }/${ name } exists already` );
		}
		made.files.push( join( pluginLanguages, name ) );
		writeFileSync(
			join( pluginLanguages, name ),
			readFileSync( join( out, name ) )
		);
	}
	expect(
		made.files
			.map( ( file ) => file.slice( pluginLanguages.length + 1 ) )
			.sort()
	).toEqual( [
		// md5( 'build/admin/index.js' ): the script's path in the plugin, as WordPress hashes it.
		`woosync-${ LOCALE }-757eccaece1679b51289d2c0f1a3403c.json`,
		`woosync-${ LOCALE }.mo`,
	] );

	// A store manager of our own who reads the admin in that locale.
	deleteUser();
	wp(
		'user',
		'create',
		LOGIN,
		`${ LOGIN }@example.test`,
		'--role=shop_manager',
		`--user_pass=${ PASSWORD }`
	);
	wp( 'user', 'meta', 'update', LOGIN, 'locale', LOCALE );
} );

test.afterAll( () => {
	const problems: string[] = [];
	const attempt = ( what: string, step: () => void ) => {
		try {
			step();
		} catch ( error ) {
			problems.push( `${ what }: ${ String( error ) }` );
		}
	};
	attempt( 'delete the user', deleteUser );
	for ( const file of made.files ) {
		attempt( `remove ${ file }`, () => rmSync( file, { force: true } ) );
	}
	for ( const dir of made.dirs ) {
		attempt( `remove ${ dir }`, () => {
			if ( existsSync( dir ) && readdirSync( dir ).length === 0 ) {
				rmdirSync( dir );
			}
		} );
	}
	if ( made.tmp ) {
		const tmp = made.tmp;
		attempt( `remove ${ tmp }`, () =>
			rmSync( tmp, { recursive: true, force: true } )
		);
	}
	if ( problems.length ) {
		throw new Error( problems.join( '\n' ) );
	}
} );

async function logIn( page: Page ) {
	await page.goto( '/wp-login.php' );
	const login = page.getByLabel( 'Username or Email Address' );
	const password = page.getByLabel( 'Password', { exact: true } );
	// wp-login.php empties and focuses the username shortly after loading: type until it stays.
	await expect( async () => {
		await login.fill( LOGIN );
		await password.fill( PASSWORD );
		await page.waitForTimeout( 250 );
		await expect( login ).toHaveValue( LOGIN );
		await expect( password ).toHaveValue( PASSWORD );
	} ).toPass();
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await page.waitForURL(
		( url ) => ! url.pathname.endsWith( '/wp-login.php' )
	);
}

test( 'the generated .mo and .json translate the WooSync page, PHP and admin app alike', async ( {
	page,
} ) => {
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );
	await logIn( page );
	await page.goto( '/wp-admin/admin.php?page=woosync' );

	// PHP, from the .mo: the page's heading and the menu entry.
	await expect(
		page.getByRole( 'heading', {
			name: pseudo( 'WooSync for Perfex CRM' ),
			exact: true,
		} )
	).toBeVisible();
	await expect(
		page.locator( '#toplevel_page_woocommerce a[href$="page=woosync"]' )
	).toHaveText( pseudo( 'WooSync' ) );

	// The admin app, from the .json WordPress printed for the script.
	await expect(
		page.locator( '#woosync-admin-js-translations' )
	).toHaveCount( 1 );
	await expect(
		page.getByRole( 'tab', { name: pseudo( 'Connection' ), exact: true } )
	).toHaveAttribute( 'aria-selected', 'true' );
	await expect(
		page.getByRole( 'tab', { name: pseudo( 'Sync history' ), exact: true } )
	).toBeVisible();
	await expect(
		page.getByRole( 'tab', { name: 'Connection', exact: true } )
	).toHaveCount( 0 );
	expect( errors ).toEqual( [] );
} );
