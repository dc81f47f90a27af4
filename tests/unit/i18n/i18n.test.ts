/**
 * bin/i18n.mjs: extraction from PHP (PHP's tokenizer) and TSX (TypeScript's parser), the
 * template, and the .po → .json (scripts) / .mo (PHP) files WordPress loads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	buildPot,
	extract,
	mergeEntries,
	moTranslations,
	readPo,
	scriptCalls,
	scriptTranslationFileName,
	scriptTranslations,
	writePo,
	type Entry,
} from '../../../bin/i18n-api';

const CLI = join( __dirname, '../../../bin/i18n.mjs' );

const FILES: Record< string, string > = {
	'woosync.php': `<?php
/**
 * Plugin Name: Fixture Sync
 * Plugin URI:  https://example.test/fixture
 * Description: A plugin made of test strings.
 * Version:     1.2.3
 * Author:      Fixture Team
 * License:     GPL-2.0-or-later
 * Text Domain: woosync
 */
echo esc_html__( 'Hello from the main file', 'woosync' );
`,
	'includes/Thing.php': `<?php
namespace WooSync;

final class Thing {
	public function strings( $name, $count ): void {
		_e( 'Hello from the main file', 'woosync' );
		echo esc_html_x( 'Order', 'noun', 'woosync' );
		echo esc_html_x( 'Order', 'verb', 'woosync' );
		// translators: %s: customer name.
		printf( esc_html__( 'Invoice for %s', 'woosync' ), $name );
		printf(
			/* translators: %d: number of orders. */
			_n( '%d order', '%d orders', $count, 'woosync' ),
			$count
		);
		$noop = _nx_noop( '%d refund', '%d refunds', 'document', 'woosync' );
		echo __( 'Belongs to WooCommerce', 'woocommerce' );
		echo __( $name, 'woosync' );
		echo __( "Hello $name", 'woosync' );
		echo __( 'No domain at all' );
		echo $this->__( 'A method, not gettext', 'woosync' );
		echo \\__( "Tab\\there \\"quoted\\" \\x41", 'woosync' );
		echo __( 'It\\'s escaped', 'woosync' );
		/* Just a comment. */
		echo esc_attr__( 'No translators comment', 'woosync' );
	}
}
`,
	'uninstall.php': `<?php
echo __( 'Removed', 'woosync' );
`,
	'tests/Ignored.php': `<?php
echo __( 'Only in the tests', 'woosync' );
`,
	'admin-src/App.tsx': `import { __, _n, _x, sprintf } from '@wordpress/i18n';

export function App( { count, name }: { count: number; name: string } ) {
	// translators: %s: customer name.
	const title = sprintf( __( 'Invoice for %s', 'woosync' ), name );
	return (
		<div title={ title }>
			<p>// translators: this is JSX text, not a comment.</p>
			{ __( 'Save', 'woosync' ) }
			{ _x( 'Order', 'noun', 'woosync' ) }
			{ sprintf(
				/* translators: %d: number of rates. */
				_n( '%d rate', '%d rates', count, 'woosync' ),
				count
			) }
			{ __( \`Hello \${ name }\`, 'woosync' ) }
			{ __( \`Template without substitutions\`, 'woosync' ) }
			{ __( 'Save', 'default' ) }
			{ __( 'Missing domain' ) }
			{ wp.i18n.__( 'Through wp.i18n', 'woosync' ) }
			{ other.__( 'Not i18n', 'woosync' ) }
		</div>
	);
}
declare const wp: { i18n: { __: ( text: string, domain: string ) => string } };
declare const other: { __: ( text: string, domain: string ) => string };
`,
	'admin-src/data/api.ts': `import { __ } from '@wordpress/i18n';
export const failure = () => __( 'Save', 'woosync' );
`,
};

let root: string;

function writeFixture( dir: string, files: Record< string, string > ) {
	for ( const [ path, text ] of Object.entries( files ) ) {
		mkdirSync( dirname( join( dir, path ) ), { recursive: true } );
		writeFileSync( join( dir, path ), text );
	}
}

beforeAll( () => {
	root = mkdtempSync( join( tmpdir(), 'woosync-i18n-' ) );
	writeFixture( root, FILES );
} );

afterAll( () => {
	rmSync( root, { recursive: true, force: true } );
} );

const find = ( entries: Entry[], msgid: string, msgctxt?: string ) =>
	entries.find(
		( entry ) => entry.msgid === msgid && entry.msgctxt === msgctxt
	);

describe( 'extraction', () => {
	it( 'finds the PHP and TSX strings of our domain with their references', () => {
		const { entries } = extract( root );
		const ids = entries.map( ( entry ) =>
			entry.msgctxt ? `${ entry.msgctxt }|${ entry.msgid }` : entry.msgid
		);
		expect( ids ).toEqual( [
			// The plugin header first, as wp-cli puts it.
			'Fixture Sync',
			'https://example.test/fixture',
			'A plugin made of test strings.',
			'Fixture Team',
			// Then by first reference.
			'Invoice for %s',
			'Save',
			'noun|Order',
			'%d rate',
			'Template without substitutions',
			'Through wp.i18n',
			'Hello from the main file',
			'verb|Order',
			'%d order',
			'document|%d refund',
			'Tab\there "quoted" A',
			"It's escaped",
			'No translators comment',
			'Removed',
		] );
	} );

	it( 'merges a string used twice, keeping every reference', () => {
		const { entries } = extract( root );
		expect( find( entries, 'Invoice for %s' )?.references ).toEqual( [
			'admin-src/App.tsx:5',
			'includes/Thing.php:10',
		] );
		expect( find( entries, 'Save' )?.references ).toEqual( [
			'admin-src/App.tsx:9',
			'admin-src/data/api.ts:2',
		] );
		expect(
			find( entries, 'Hello from the main file' )?.references
		).toEqual( [ 'includes/Thing.php:6', 'woosync.php:11' ] );
	} );

	it( 'keeps contexts apart and reads plurals', () => {
		const { entries } = extract( root );
		expect( find( entries, 'Order', 'noun' )?.references ).toEqual( [
			'admin-src/App.tsx:10',
			'includes/Thing.php:7',
		] );
		expect( find( entries, 'Order', 'verb' )?.references ).toEqual( [
			'includes/Thing.php:8',
		] );
		expect( find( entries, 'Order' ) ).toBeUndefined();
		expect( find( entries, '%d order' )?.msgid_plural ).toBe( '%d orders' );
		expect( find( entries, '%d rate' )?.msgid_plural ).toBe( '%d rates' );
		const noop = find( entries, '%d refund', 'document' );
		expect( noop?.msgid_plural ).toBe( '%d refunds' );
	} );

	it( 'carries translators comments, from the line before or inside the call', () => {
		const { entries } = extract( root );
		expect( find( entries, 'Invoice for %s' )?.extracted ).toEqual( [
			'translators: %s: customer name.',
		] );
		expect( find( entries, '%d order' )?.extracted ).toEqual( [
			'translators: %d: number of orders.',
		] );
		expect( find( entries, '%d rate' )?.extracted ).toEqual( [
			'translators: %d: number of rates.',
		] );
		// Not a translators comment; JSX text is not a comment at all.
		expect( find( entries, 'No translators comment' )?.extracted ).toEqual(
			[]
		);
		expect( find( entries, 'Save' )?.extracted ).toEqual( [] );
		expect( find( entries, 'Fixture Sync' )?.extracted ).toEqual( [
			'Plugin Name of the plugin',
		] );
	} );

	it( 'ignores other domains, non-literals, methods and tests/, and warns about what it cannot read', () => {
		const { entries, warnings } = extract( root );
		const ids = entries.map( ( entry ) => entry.msgid );
		for ( const absent of [
			'Belongs to WooCommerce',
			'No domain at all',
			'Missing domain',
			'A method, not gettext',
			'Not i18n',
			'Only in the tests',
		] ) {
			expect( ids ).not.toContain( absent );
		}
		expect( ids.filter( ( id ) => id.startsWith( 'Hello ' ) ) ).toEqual( [
			'Hello from the main file',
		] );
		expect( warnings ).toEqual( [
			'includes/Thing.php:18: __() has an argument that is not a plain string literal: not extracted',
			'includes/Thing.php:19: __() has an argument that is not a plain string literal: not extracted',
			"includes/Thing.php:20: __() has no text domain: not extracted (add 'woosync')",
			'admin-src/App.tsx:16: __() has an argument that is not a plain string literal: not extracted',
			"admin-src/App.tsx:19: __() has no text domain: not extracted (add 'woosync')",
		] );
	} );

	it( 'reads TSX with the TypeScript parser, not by pattern', () => {
		const calls = scriptCalls(
			'x.tsx',
			`const a = "__( 'in a string', 'woosync' )";
/* __( 'in a comment', 'woosync' ) */
const b = <p>__( 'in JSX text', 'woosync' )</p>;
const c = __( 'real', 'woosync' );`
		);
		expect( calls.map( ( call ) => call.args[ 0 ] ) ).toEqual( [ 'real' ] );
		expect( calls[ 0 ]?.line ).toBe( 4 );
	} );

	it( 'refuses one text with two different plurals', () => {
		const entry = ( plural?: string ): Entry => ( {
			msgid: '%d item',
			msgid_plural: plural,
			references: [ `a.php:${ plural ? 1 : 2 }` ],
			extracted: [],
		} );
		expect( () =>
			mergeEntries( [], [ entry( '%d items' ), entry() ] )
		).toThrow( /different plurals/ );
	} );
} );

describe( 'the template', () => {
	it( 'is the same text every time, whatever order the entries come in', () => {
		const first = buildPot( root ).text;
		expect( buildPot( root ).text ).toBe( first );
		const { entries } = extract( root );
		const shuffled = [ ...entries.slice( 4 ) ].reverse();
		expect( mergeEntries( entries.slice( 0, 4 ), shuffled ) ).toEqual(
			entries
		);
		expect( first ).not.toMatch( /POT-Creation-Date/ );
	} );

	it( 'has a proper header and plural entries', () => {
		const { text } = buildPot( root );
		expect( text ).toContain(
			'"Project-Id-Version: Fixture Sync 1.2.3\\n"'
		);
		expect( text ).toContain(
			'"Content-Type: text/plain; charset=UTF-8\\n"'
		);
		expect( text ).toContain(
			'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
		);
		expect( text ).toContain( '"X-Domain: woosync\\n"' );
		expect( text ).toContain(
			[
				'#. translators: %d: number of orders.',
				'#: includes/Thing.php:13',
				'msgid "%d order"',
				'msgid_plural "%d orders"',
				'msgstr[0] ""',
				'msgstr[1] ""',
			].join( '\n' )
		);
		expect( text ).toContain(
			[
				'#: includes/Thing.php:8',
				'msgctxt "verb"',
				'msgid "Order"',
				'msgstr ""',
			].join( '\n' )
		);
		expect( text ).toContain( 'msgid "Tab\\there \\"quoted\\" A"' );
	} );

	it( 'reads back as the entries it was written from (GNU msgfmt accepts it when present)', () => {
		const { text, entries } = buildPot( root );
		// The parser groups entries by context: compare them in one order.
		const comparable = ( list: Entry[] ) =>
			list
				.map( ( entry ) =>
					JSON.stringify( [
						entry.msgctxt,
						entry.msgid,
						entry.msgid_plural,
						entry.references,
						entry.extracted,
					] )
				)
				.sort();
		expect( comparable( readPo( text ).entries ) ).toEqual(
			comparable( entries )
		);
		const msgfmt = spawnSync( 'msgfmt', [ '--version' ] );
		if ( msgfmt.status === 0 ) {
			const file = join( root, 'check.pot' );
			writeFileSync( file, text );
			const run = spawnSync(
				'msgfmt',
				[ '-c', '-o', '/dev/null', file ],
				{
					encoding: 'utf8',
				}
			);
			expect( run.status, run.stderr ).toBe( 0 );
		}
	} );

	it( '`check` fails with the command to run when the template is stale, and passes once written', () => {
		const run = ( ...args: string[] ) =>
			spawnSync( process.execPath, [ CLI, ...args, '--root', root ], {
				encoding: 'utf8',
			} );
		const missing = run( 'check' );
		expect( missing.status ).toBe( 1 );
		expect( missing.stderr ).toContain( 'run `npm run i18n`' );

		expect( run( 'pot' ).status ).toBe( 0 );
		expect( run( 'check' ).status ).toBe( 0 );
		// The fixture's untranslatable calls (see above) fail a strict check, as lint runs it.
		const strict = run( 'check', '--strict' );
		expect( strict.status ).toBe( 1 );
		expect( strict.stderr ).toContain( 'cannot be translated' );

		// Moved lines are not stale: the build refreshes them.
		const pot = join( root, 'languages/woosync.pot' );
		const fresh = readFileSync( pot, 'utf8' );
		writeFileSync(
			pot,
			fresh.replace( /(#: includes\/Thing\.php:)8\b/, '$1' + '99' )
		);
		try {
			expect( readFileSync( pot, 'utf8' ) ).not.toBe( fresh );
			expect( run( 'check' ).status ).toBe( 0 );
		} finally {
			writeFileSync( pot, fresh );
		}

		writeFileSync(
			join( root, 'includes/New.php' ),
			"<?php\necho __( 'A new string', 'woosync' );\n"
		);
		try {
			const stale = run( 'check' );
			expect( stale.status ).toBe( 1 );
			expect( stale.stderr ).toContain( '+ "A new string"' );
		} finally {
			rmSync( join( root, 'includes/New.php' ) );
		}
		expect( run( 'check' ).status ).toBe( 0 );
	} );
} );

/**
 * A translated .po of the fixture: every string, one fuzzy, one left untranslated.
 *
 * @param locale The Language header.
 */
function translatedPo( locale = 'xx_PS' ) {
	const { entries } = extract( root );
	return writePo( {
		headers: {
			'Content-Type': 'text/plain; charset=UTF-8',
			Language: locale,
			'PO-Revision-Date': '2026-11-23 12:00+0000',
			'Plural-Forms': 'nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);',
		},
		entries: entries.map( ( entry ) => {
			if ( entry.msgid === 'Through wp.i18n' ) {
				return { ...entry, msgstr: [ '' ] };
			}
			const msgstr =
				entry.msgid_plural === undefined
					? [ `T:${ entry.msgid }` ]
					: [ 'one', 'two', 'many' ].map(
							( form ) => `T:${ form }:${ entry.msgid }`
						);
			return entry.msgid === 'Removed'
				? { ...entry, msgstr, flags: [ 'fuzzy' ] }
				: { ...entry, msgstr };
		} ),
	} );
}

describe( 'script translations (.json)', () => {
	it( 'are named as load_script_textdomain() looks them up', () => {
		const md5 = createHash( 'md5' )
			.update( 'build/admin/index.js' )
			.digest( 'hex' );
		expect( md5 ).toBe( '757eccaece1679b51289d2c0f1a3403c' );
		expect(
			scriptTranslationFileName( 'de_DE', 'build/admin/index.js' )
		).toBe( `woosync-de_DE-${ md5 }.json` );
		const [ file, ...more ] = scriptTranslations( translatedPo() );
		expect( more ).toEqual( [] );
		expect( file?.fileName ).toBe( `woosync-xx_PS-${ md5 }.json` );
	} );

	it( 'hold the admin-src strings only, in Jed 1.x', () => {
		const [ file ] = scriptTranslations( translatedPo() );
		expect( file?.json ).toEqual( {
			'translation-revision-date': '2026-11-23 12:00+0000',
			generator: 'WooSync bin/i18n.mjs',
			source: 'build/admin/index.js',
			domain: 'messages',
			locale_data: {
				messages: {
					'': {
						domain: 'messages',
						lang: 'xx_PS',
						'plural-forms':
							'nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);',
					},
					'Invoice for %s': [ 'T:Invoice for %s' ],
					Save: [ 'T:Save' ],
					'noun\u0004Order': [ 'T:Order' ],
					'%d rate': [
						'T:one:%d rate',
						'T:two:%d rate',
						'T:many:%d rate',
					],
					'Template without substitutions': [
						'T:Template without substitutions',
					],
				},
			},
		} );
	} );

	it( 'take the locale from the file name when the header has none, and the CLI writes them', () => {
		const dir = mkdtempSync( join( tmpdir(), 'woosync-json-' ) );
		try {
			const po = join( dir, 'woosync-fr_FR.po' );
			writeFileSync(
				po,
				translatedPo().replace( '"Language: xx_PS\\n"\n', '' )
			);
			const out = join( dir, 'out' );
			execFileSync( process.execPath, [ CLI, 'json', po, '--out', out ] );
			execFileSync( process.execPath, [ CLI, 'mo', po, '--out', out ] );
			expect( readdirSync( out ).sort() ).toEqual( [
				'woosync-fr_FR-757eccaece1679b51289d2c0f1a3403c.json',
				'woosync-fr_FR.mo',
			] );
			const json = JSON.parse(
				readFileSync(
					join(
						out,
						'woosync-fr_FR-757eccaece1679b51289d2c0f1a3403c.json'
					),
					'utf8'
				)
			);
			expect( json.locale_data.messages[ '' ].lang ).toBe( 'fr_FR' );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );

/**
 * A .mo file's strings, read by the format's definition (GNU gettext manual, "The Format of
 * GNU MO Files"): independent of the library that wrote it.
 *
 * @param buffer The .mo file.
 */
function readMo( buffer: Buffer ): Map< string, string > {
	const magic = buffer.readUInt32LE( 0 );
	const little = magic === 0x950412de;
	expect( little || buffer.readUInt32BE( 0 ) === 0x950412de ).toBe( true );
	const u32 = ( at: number ) =>
		little ? buffer.readUInt32LE( at ) : buffer.readUInt32BE( at );
	const count = u32( 8 );
	const originals = u32( 12 );
	const translations = u32( 16 );
	const text = ( table: number, i: number ) => {
		const length = u32( table + i * 8 );
		const offset = u32( table + i * 8 + 4 );
		return buffer.toString( 'utf8', offset, offset + length );
	};
	const out = new Map< string, string >();
	for ( let i = 0; i < count; i++ ) {
		out.set( text( originals, i ), text( translations, i ) );
	}
	return out;
}

describe( 'PHP translations (.mo)', () => {
	it( 'round-trip the PHP strings, with contexts, plurals and the header', () => {
		const { fileName, buffer } = moTranslations( translatedPo() );
		expect( fileName ).toBe( 'woosync-xx_PS.mo' );
		const mo = readMo( buffer );
		expect( mo.get( 'Invoice for %s' ) ).toBe( 'T:Invoice for %s' );
		expect( mo.get( 'verb\u0004Order' ) ).toBe( 'T:Order' );
		expect( mo.get( 'noun\u0004Order' ) ).toBe( 'T:Order' );
		expect( mo.get( '%d order\u0000%d orders' ) ).toBe(
			'T:one:%d order\u0000T:two:%d order\u0000T:many:%d order'
		);
		expect( mo.get( 'document\u0004%d refund\u0000%d refunds' ) ).toBe(
			'T:one:%d refund\u0000T:two:%d refund\u0000T:many:%d refund'
		);
		expect( mo.get( 'Fixture Sync' ) ).toBe( 'T:Fixture Sync' );
		expect( mo.get( 'Tab\there "quoted" A' ) ).toBe(
			'T:Tab\there "quoted" A'
		);
		// Script-only strings live in the JSON; fuzzy ones nowhere.
		expect( mo.has( 'Save' ) ).toBe( false );
		expect( mo.has( '%d rate\u0000%d rates' ) ).toBe( false );
		expect( mo.has( 'Removed' ) ).toBe( false );
		const header = mo.get( '' ) ?? '';
		expect( header ).toContain(
			'Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\n'
		);
		expect( header ).toContain( 'Language: xx_PS\n' );
	} );

	it( 'are what GNU msgunfmt reads, when it is installed', () => {
		const probe = spawnSync( 'msgunfmt', [ '--version' ] );
		if ( probe.status !== 0 ) {
			return;
		}
		const dir = mkdtempSync( join( tmpdir(), 'woosync-mo-' ) );
		try {
			const file = join( dir, 'x.mo' );
			writeFileSync( file, moTranslations( translatedPo() ).buffer );
			const text = execFileSync( 'msgunfmt', [ file ], {
				encoding: 'utf8',
			} );
			const back = readPo( text ).entries;
			expect(
				back.find( ( e ) => e.msgid === '%d order' )?.msgstr
			).toEqual( [
				'T:one:%d order',
				'T:two:%d order',
				'T:many:%d order',
			] );
			expect(
				back.find(
					( e ) => e.msgctxt === 'verb' && e.msgid === 'Order'
				)?.msgstr
			).toEqual( [ 'T:Order' ] );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
