#!/usr/bin/env node
/**
 * WooSync's translation files, made the way WordPress plugins ship them (offline: no wp-cli
 * i18n-command here).
 *
 *   node bin/i18n.mjs pot [--out FILE]          languages/woosync.pot from the PHP and admin-src
 *   node bin/i18n.mjs check [--strict]          fail when languages/woosync.pot is out of date
 *                                               (moved line numbers aside; --strict: or when a
 *                                               call cannot be extracted)
 *   node bin/i18n.mjs json PO-FILE [--out DIR]  the admin script's translations (Jed 1.x JSON)
 *   node bin/i18n.mjs mo PO-FILE [--out DIR]    the PHP strings' translations (.mo)
 *
 * `pot` and `check` take `--root DIR` for another plugin directory (the tests' fixtures).
 *
 * PHP is read with PHP's tokenizer (bin/i18n-php.php), TypeScript with the TypeScript
 * compiler's parser. See docs/ARCHITECTURE.md, "Translations".
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import gettextParser from 'gettext-parser';
import ts from 'typescript';

export const DOMAIN = 'woosync';
export const PROJECT_ROOT = fileURLToPath( new URL( '..', import.meta.url ) );
export const POT_PATH = 'languages/woosync.pot';
const MAIN_FILE = 'woosync.php';
const GENERATOR = 'WooSync bin/i18n.mjs';
const PHP_HELPER = fileURLToPath(
	new URL( './i18n-php.php', import.meta.url )
);
const DEFAULT_PLURAL_FORMS = 'nplurals=2; plural=(n != 1);';

/**
 * The scripts the admin sources are built into, as WordPress enqueues them: the path relative to
 * the plugin's root is what load_script_textdomain() hashes (md5) into the JSON file's name.
 */
export const SCRIPTS = [
	{ sources: 'admin-src/', script: 'build/admin/index.js' },
];

/**
 * The gettext functions WordPress (PHP) and @wordpress/i18n (JS) define: what each argument is.
 * `number` is the count of _n()/_nx(), never read.
 */
export const FUNCTIONS = {
	__: [ 'text', 'domain' ],
	_e: [ 'text', 'domain' ],
	esc_html__: [ 'text', 'domain' ],
	esc_html_e: [ 'text', 'domain' ],
	esc_attr__: [ 'text', 'domain' ],
	esc_attr_e: [ 'text', 'domain' ],
	_x: [ 'text', 'context', 'domain' ],
	_ex: [ 'text', 'context', 'domain' ],
	esc_html_x: [ 'text', 'context', 'domain' ],
	esc_attr_x: [ 'text', 'context', 'domain' ],
	_n: [ 'single', 'plural', 'number', 'domain' ],
	_nx: [ 'single', 'plural', 'number', 'context', 'domain' ],
	_n_noop: [ 'single', 'plural', 'domain' ],
	_nx_noop: [ 'single', 'plural', 'context', 'domain' ],
};

/** The plugin header fields wp-cli's make-pot puts in a plugin's template. */
const HEADER_FIELDS = [
	'Plugin Name',
	'Plugin URI',
	'Description',
	'Author',
	'Author URI',
];

// ---------------------------------------------------------------------------------------------
// Finding the files
// ---------------------------------------------------------------------------------------------

function walk( root, dir, accept ) {
	let names;
	try {
		names = readdirSync( join( root, dir ), { withFileTypes: true } );
	} catch {
		return [];
	}
	const out = [];
	for ( const entry of names ) {
		const path = dir ? `${ dir }/${ entry.name }` : entry.name;
		if ( entry.isDirectory() ) {
			if ( entry.name !== 'node_modules' ) {
				out.push( ...walk( root, path, accept ) );
			}
		} else if ( entry.isFile() && accept( entry.name ) ) {
			out.push( path );
		}
	}
	return out;
}

/**
 * Plain code-unit order (the same on every machine, unlike localeCompare).
 *
 * @param {string} a One path.
 * @param {string} b Another.
 */
function byPath( a, b ) {
	if ( a === b ) {
		return 0;
	}
	return a < b ? -1 : 1;
}

/**
 * The files whose strings the plugin ships, relative to root: woosync.php, uninstall.php,
 * includes/**\/*.php, admin-src/**\/*.{ts,tsx}. Never tests/ or the WooCommerce stand-in.
 *
 * @param {string} root The plugin's directory.
 */
export function sourceFiles( root ) {
	const php = [ MAIN_FILE, 'uninstall.php' ]
		.filter( ( file ) => {
			try {
				readFileSync( join( root, file ) );
				return true;
			} catch {
				return false;
			}
		} )
		.concat( walk( root, 'includes', ( name ) => name.endsWith( '.php' ) ) )
		.sort( byPath );
	const script = walk(
		root,
		'admin-src',
		( name ) => /\.tsx?$/.test( name ) && ! name.endsWith( '.d.ts' )
	).sort( byPath );
	return { php, script };
}

// ---------------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------------

/**
 * The PHP gettext calls, found by bin/i18n-php.php with PHP's tokenizer.
 *
 * @param {string}   root  The plugin's directory.
 * @param {string[]} files PHP files relative to root.
 */
function phpCalls( root, files ) {
	if ( files.length === 0 ) {
		return [];
	}
	const out = execFileSync(
		'php',
		[ PHP_HELPER, root, Object.keys( FUNCTIONS ).join( ',' ), ...files ],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	return JSON.parse( out ).calls;
}

/**
 * The gettext calls of one TypeScript/TSX file, found with the TypeScript parser: `__( … )`,
 * `i18n.__( … )` and `wp.i18n.__( … )`.
 *
 * @param {string} file Path relative to the root (for references).
 * @param {string} text The file's text.
 */
export function scriptCalls( file, text ) {
	const source = ts.createSourceFile(
		file,
		text,
		ts.ScriptTarget.Latest,
		true,
		file.endsWith( '.tsx' ) ? ts.ScriptKind.TSX : ts.ScriptKind.TS
	);
	const lineOf = ( pos ) =>
		source.getLineAndCharacterOfPosition( pos ).line + 1;

	// Every comment, from the trivia before every token (JSX text is text, not trivia).
	const comments = new Map();
	const collect = ( node ) => {
		if ( node.kind === ts.SyntaxKind.JsxText ) {
			return;
		}
		for ( const range of ts.getLeadingCommentRanges( text, node.pos ) ??
			[] ) {
			comments.set( range.pos, {
				pos: range.pos,
				end: lineOf( range.end ),
				text: text.slice( range.pos, range.end ),
			} );
		}
		for ( const child of node.getChildren( source ) ) {
			collect( child );
		}
	};
	collect( source );

	const calleeName = ( expression ) => {
		if ( ts.isIdentifier( expression ) ) {
			return expression.text;
		}
		if (
			ts.isPropertyAccessExpression( expression ) &&
			ts.isIdentifier( expression.name )
		) {
			const owner = expression.expression;
			const isI18n =
				( ts.isIdentifier( owner ) && owner.text === 'i18n' ) ||
				( ts.isPropertyAccessExpression( owner ) &&
					owner.name.text === 'i18n' &&
					ts.isIdentifier( owner.expression ) &&
					owner.expression.text === 'wp' );
			return isI18n ? expression.name.text : undefined;
		}
		return undefined;
	};
	const literal = ( node ) =>
		ts.isStringLiteral( node ) || ts.isNoSubstitutionTemplateLiteral( node )
			? node.text
			: null;

	const calls = [];
	const visit = ( node ) => {
		if ( ts.isCallExpression( node ) ) {
			const name = calleeName( node.expression );
			if ( name !== undefined && Object.hasOwn( FUNCTIONS, name ) ) {
				const start = node.getStart( source );
				const line = lineOf( start );
				const open = node.arguments.pos;
				const first = node.arguments[ 0 ]
					? node.arguments[ 0 ].getStart( source )
					: node.end;
				const related = [ ...comments.values() ]
					.filter(
						( comment ) =>
							( comment.pos < start &&
								( comment.end === line ||
									comment.end === line - 1 ) ) ||
							( comment.pos >= open && comment.pos < first )
					)
					.map( ( comment ) => comment.text );
				calls.push( {
					file,
					line,
					name,
					args: node.arguments.map( literal ),
					comments: related,
				} );
			}
		}
		ts.forEachChild( node, visit );
	};
	visit( source );
	return calls;
}

/**
 * A `translators:` comment's text, without the comment markers; else undefined.
 *
 * @param {string} raw The comment as written.
 */
export function translatorsComment( raw ) {
	let body;
	if ( raw.startsWith( '/*' ) ) {
		body = raw
			.replace( /^\/\*+/, '' )
			.replace( /\*+\/$/, '' )
			.split( /\r?\n/ )
			.map( ( line ) => line.replace( /^\s*\*?\s?/, '' ).trim() );
	} else {
		body = [ raw.replace( /^(\/\/|#)\s*/, '' ).trim() ];
	}
	const text = body
		.filter( ( line ) => line !== '' )
		.join( ' ' )
		.trim();
	return /^translators:/i.test( text ) ? text : undefined;
}

/**
 * Calls → entries of our text domain. A call without the domain, or with an argument that is
 * not a literal, gives a warning and no entry; a call with another literal domain is skipped.
 *
 * @param {Array<{file:string,line:number,name:string,args:(string|null)[],comments:string[]}>} calls
 */
export function callsToEntries( calls ) {
	const entries = [];
	const warnings = [];
	for ( const call of calls ) {
		const roles = FUNCTIONS[ call.name ];
		const where = `${ call.file }:${ call.line }: ${ call.name }()`;
		const value = {};
		let literalOk = true;
		roles.forEach( ( role, i ) => {
			if ( role === 'number' ) {
				return;
			}
			const arg = call.args[ i ];
			if ( arg === undefined ) {
				value[ role ] = undefined;
			} else if ( arg === null ) {
				value[ role ] = null;
				literalOk = false;
			} else {
				value[ role ] = arg;
			}
		} );
		if ( value.domain === undefined ) {
			warnings.push(
				`${ where } has no text domain: not extracted (add '${ DOMAIN }')`
			);
			continue;
		}
		if ( value.domain !== null && value.domain !== DOMAIN ) {
			continue;
		}
		if ( ! literalOk ) {
			warnings.push(
				`${ where } has an argument that is not a plain string literal: not extracted`
			);
			continue;
		}
		const msgid = value.text ?? value.single;
		if ( msgid === undefined || msgid === '' ) {
			warnings.push(
				`${ where } has an empty or missing text: not extracted`
			);
			continue;
		}
		if ( roles.includes( 'plural' ) && value.plural === undefined ) {
			warnings.push( `${ where } has no plural: not extracted` );
			continue;
		}
		if ( roles.includes( 'context' ) && value.context === undefined ) {
			warnings.push( `${ where } has no context: not extracted` );
			continue;
		}
		entries.push( {
			msgctxt: value.context,
			msgid,
			msgid_plural: value.plural,
			references: [ `${ call.file }:${ call.line }` ],
			extracted: call.comments
				.map( translatorsComment )
				.filter( ( text ) => text !== undefined ),
		} );
	}
	return { entries, warnings };
}

/**
 * The plugin header, read as WordPress's get_file_data() reads it: the first 8 KB, one
 * `Name: value` line per field.
 *
 * @param {string} text The main plugin file.
 */
export function pluginHeaders( text ) {
	const head = text.slice( 0, 8192 ).replace( /\r/g, '\n' );
	const headers = {};
	for ( const field of [
		...HEADER_FIELDS,
		'Version',
		'License',
		'Text Domain',
	] ) {
		const escaped = field.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
		const match = new RegExp(
			`^(?:[ \\t]*<\\?php)?[ \\t/*#@]*${ escaped }:(.*)$`,
			'mi'
		).exec( head );
		if ( match ) {
			const value = match[ 1 ].replace( /\s*(?:\*\/|\?>).*/, '' ).trim();
			if ( value !== '' ) {
				headers[ field ] = value;
			}
		}
	}
	return headers;
}

const keyOf = ( entry ) => `${ entry.msgctxt ?? '' }\u0004${ entry.msgid }`;

function splitReference( reference ) {
	const match = /^(.*?)(?::(\d+))?$/.exec( reference );
	return { file: match[ 1 ], line: match[ 2 ] ? Number( match[ 2 ] ) : 0 };
}

function compareReferences( a, b ) {
	const x = splitReference( a );
	const y = splitReference( b );
	return byPath( x.file, y.file ) || x.line - y.line;
}

/**
 * One entry per context + text, with every reference and translators comment; the header
 * fields first (with the code's references when the code uses the same text), then by first
 * reference. Throws when the same text is used once with a plural
 * and once with another (or none): one key cannot hold both.
 *
 * @param {Array<object>} headerEntries Plugin header entries, in order.
 * @param {Array<object>} entries       Entries of the calls.
 */
export function mergeEntries( headerEntries, entries ) {
	const merged = new Map();
	for ( const entry of [ ...headerEntries, ...entries ] ) {
		const key = keyOf( entry );
		const seen = merged.get( key );
		if ( ! seen ) {
			merged.set( key, {
				...entry,
				references: [ ...entry.references ],
				extracted: [ ...entry.extracted ],
			} );
			continue;
		}
		if ( seen.msgid_plural !== entry.msgid_plural ) {
			throw new Error(
				`"${ entry.msgid }"${
					entry.msgctxt === undefined
						? ''
						: ` (context "${ entry.msgctxt }")`
				} is used with different plurals (${ seen.references[ 0 ] }, ${
					entry.references[ 0 ]
				}): give one of them a context or the same plural`
			);
		}
		seen.references.push( ...entry.references );
		seen.extracted.push( ...entry.extracted );
	}
	const tidy = ( entry ) => ( {
		...entry,
		references: [ ...new Set( entry.references ) ].sort(
			compareReferences
		),
		extracted: [ ...new Set( entry.extracted ) ],
	} );
	const headerKeys = new Set( headerEntries.map( keyOf ) );
	const list = [ ...merged.values() ]
		.filter( ( entry ) => ! headerKeys.has( keyOf( entry ) ) )
		.map( tidy )
		.sort(
			( a, b ) =>
				compareReferences( a.references[ 0 ], b.references[ 0 ] ) ||
				byPath( keyOf( a ), keyOf( b ) )
		);
	return [
		...headerEntries.map( ( entry ) =>
			tidy( merged.get( keyOf( entry ) ) )
		),
		...list,
	];
}

/**
 * Every translatable string of the plugin at root.
 *
 * @param {string} root The plugin's directory.
 */
export function extract( root = PROJECT_ROOT ) {
	const files = sourceFiles( root );
	const calls = [
		...phpCalls( root, files.php ),
		...files.script.flatMap( ( file ) =>
			scriptCalls( file, readFileSync( join( root, file ), 'utf8' ) )
		),
	];
	const { entries, warnings } = callsToEntries( calls );
	const headers = pluginHeaders(
		readFileSync( join( root, MAIN_FILE ), 'utf8' )
	);
	const headerEntries = HEADER_FIELDS.filter(
		( field ) => headers[ field ]
	).map( ( field ) => ( {
		msgid: headers[ field ],
		references: [ MAIN_FILE ],
		extracted: [ `${ field } of the plugin` ],
	} ) );
	return {
		headers,
		entries: mergeEntries( headerEntries, entries ),
		warnings,
	};
}

// ---------------------------------------------------------------------------------------------
// PO text
// ---------------------------------------------------------------------------------------------

const ESCAPES = {
	'\\': '\\\\',
	'"': '\\"',
	'\n': '\\n',
	'\t': '\\t',
	'\r': '\\r',
	'\v': '\\v',
	'\f': '\\f',
	'\b': '\\b',
	'\x07': '\\a',
};

function quote( value ) {
	return `"${ value.replace( /[\\"\n\t\r\v\f\b\x07]/g, ( c ) => ESCAPES[ c ] ) }"`;
}

function poString( keyword, value ) {
	const lines = value.split( /(?<=\n)/ );
	if ( lines.length < 2 ) {
		return `${ keyword } ${ quote( value ) }`;
	}
	return [ `${ keyword } ""`, ...lines.map( quote ) ].join( '\n' );
}

/**
 * A PO/POT file's text.
 *
 * Entries have msgctxt?, msgid, msgid_plural?, msgstr? (array), references, extracted, flags?.
 *
 * @param {{comments?: string[], headers: Record<string,string>, entries: Array<object>}} po The file.
 */
export function writePo( { comments = [], headers, entries } ) {
	const blocks = [
		[
			...comments.map( ( line ) => `# ${ line }`.trimEnd() ),
			'msgid ""',
			'msgstr ""',
			...Object.entries( headers ).map( ( [ name, value ] ) =>
				quote( `${ name }: ${ value }\n` )
			),
		].join( '\n' ),
	];
	for ( const entry of entries ) {
		const lines = [
			...( entry.extracted ?? [] ).map( ( text ) => `#. ${ text }` ),
			...( entry.references ?? [] ).map( ( ref ) => `#: ${ ref }` ),
		];
		if ( entry.flags?.length ) {
			lines.push( `#, ${ entry.flags.join( ', ' ) }` );
		}
		if ( entry.msgctxt !== undefined ) {
			lines.push( poString( 'msgctxt', entry.msgctxt ) );
		}
		lines.push( poString( 'msgid', entry.msgid ) );
		const msgstr = entry.msgstr ?? [];
		if ( entry.msgid_plural !== undefined ) {
			lines.push( poString( 'msgid_plural', entry.msgid_plural ) );
			const forms = msgstr.length ? msgstr : [ '', '' ];
			forms.forEach( ( form, i ) =>
				lines.push( poString( `msgstr[${ i }]`, form ) )
			);
		} else {
			lines.push( poString( 'msgstr', msgstr[ 0 ] ?? '' ) );
		}
		blocks.push( lines.join( '\n' ) );
	}
	return blocks.join( '\n\n' ) + '\n';
}

/**
 * The template's text: deterministic (no creation date), header first.
 *
 * @param {string} root The plugin's directory.
 */
export function buildPot( root = PROJECT_ROOT ) {
	const { headers, entries, warnings } = extract( root );
	const name = headers[ 'Plugin Name' ] ?? DOMAIN;
	const text = writePo( {
		comments: [
			`Copyright (C) ${ headers.Author ?? name }`,
			`This file is distributed under the ${
				headers.License ?? 'same license as the plugin'
			}.`,
		],
		headers: {
			'Project-Id-Version': `${ name } ${ headers.Version ?? '' }`.trim(),
			'Last-Translator': 'FULL NAME <EMAIL@ADDRESS>',
			'Language-Team': 'LANGUAGE <LL@li.org>',
			Language: '',
			'MIME-Version': '1.0',
			'Content-Type': 'text/plain; charset=UTF-8',
			'Content-Transfer-Encoding': '8bit',
			'PO-Revision-Date': 'YEAR-MO-DA HO:MI+ZONE',
			'Plural-Forms': DEFAULT_PLURAL_FORMS,
			'X-Generator': GENERATOR,
			'X-Domain': DOMAIN,
		},
		entries,
	} );
	return { text, entries, warnings };
}

/**
 * A PO file read into headers and entries (references split, one per item).
 *
 * @param {string|Buffer} input The .po or .pot file.
 */
export function readPo( input ) {
	const parsed = gettextParser.po.parse( input );
	const entries = [];
	for ( const context of Object.values( parsed.translations ) ) {
		for ( const item of Object.values( context ) ) {
			if ( item.msgid === '' ) {
				continue;
			}
			const flags = ( item.comments?.flag ?? '' )
				.split( ',' )
				.map( ( flag ) => flag.trim() )
				.filter( Boolean );
			entries.push( {
				msgctxt:
					item.msgctxt === undefined || item.msgctxt === ''
						? undefined
						: item.msgctxt,
				msgid: item.msgid,
				msgid_plural: item.msgid_plural,
				msgstr: item.msgstr ?? [],
				references: ( item.comments?.reference ?? '' )
					.split( /\s+/ )
					.filter( Boolean ),
				extracted: ( item.comments?.extracted ?? '' )
					.split( '\n' )
					.filter( Boolean ),
				flags,
			} );
		}
	}
	return { headers: parsed.headers, entries };
}

// ---------------------------------------------------------------------------------------------
// .po → .json (scripts) and .mo (PHP)
// ---------------------------------------------------------------------------------------------

const isTranslated = ( entry ) =>
	! entry.flags.includes( 'fuzzy' ) &&
	entry.msgstr.length > 0 &&
	entry.msgstr.every( ( form ) => form !== '' );

const referenceFile = ( reference ) => splitReference( reference ).file;

/**
 * The locale of a PO file: its Language header, else the file name's `woosync-<locale>.po`.
 *
 * @param {Record<string,string>} headers The PO headers.
 * @param {string}                file    The PO file's path.
 */
export function localeOf( headers, file = '' ) {
	const language = ( headers.Language ?? '' ).trim();
	if ( language ) {
		return language;
	}
	const match = new RegExp( `^${ DOMAIN }-(.+)\\.po$` ).exec(
		basename( file )
	);
	if ( match ) {
		return match[ 1 ];
	}
	throw new Error(
		`${ file || 'the PO file' }: no Language header and no ${ DOMAIN }-<locale>.po name`
	);
}

/**
 * The file name load_script_textdomain() looks for: `<domain>-<locale>-<md5(script path)>.json`.
 *
 * @param {string} locale The locale, e.g. de_DE.
 * @param {string} script The script's path relative to the plugin root.
 */
export function scriptTranslationFileName( locale, script ) {
	return `${ DOMAIN }-${ locale }-${ createHash( 'md5' )
		.update( script )
		.digest( 'hex' ) }.json`;
}

/**
 * The JSON translation files (Jed 1.x, as WordPress's load_script_textdomain() reads them) of a
 * PO file: one per script in SCRIPTS with the translated strings referenced from its sources.
 *
 * @param {string|Buffer} input The .po file.
 * @param {string}        file  Its path (for the locale when the header has none).
 * @return {Array<{script:string,fileName:string,json:object,count:number}>} Scripts without a
 *   translated string are left out.
 */
export function scriptTranslations( input, file = '' ) {
	const { headers, entries } = readPo( input );
	const locale = localeOf( headers, file );
	const out = [];
	for ( const { sources, script } of SCRIPTS ) {
		const messages = {
			'': {
				domain: 'messages',
				lang: locale,
				'plural-forms':
					headers[ 'Plural-Forms' ] || DEFAULT_PLURAL_FORMS,
			},
		};
		let count = 0;
		for ( const entry of entries ) {
			if (
				! isTranslated( entry ) ||
				! entry.references.some( ( ref ) =>
					referenceFile( ref ).startsWith( sources )
				)
			) {
				continue;
			}
			const key =
				entry.msgctxt === undefined
					? entry.msgid
					: `${ entry.msgctxt }\u0004${ entry.msgid }`;
			messages[ key ] = entry.msgstr;
			count++;
		}
		if ( count === 0 ) {
			continue;
		}
		out.push( {
			script,
			fileName: scriptTranslationFileName( locale, script ),
			count,
			json: {
				'translation-revision-date':
					headers[ 'PO-Revision-Date' ] ?? '',
				generator: GENERATOR,
				source: script,
				domain: 'messages',
				locale_data: { messages },
			},
		} );
	}
	return out;
}

/**
 * The .mo of a PO file for WordPress's load_plugin_textdomain(): `<domain>-<locale>.mo` with
 * the translated strings used by PHP (every string not referenced from script sources only).
 *
 * @param {string|Buffer} input The .po file.
 * @param {string}        file  Its path (for the locale when the header has none).
 */
export function moTranslations( input, file = '' ) {
	const { headers, entries } = readPo( input );
	const locale = localeOf( headers, file );
	const scriptOnly = ( entry ) =>
		entry.references.length > 0 &&
		entry.references.every( ( ref ) =>
			SCRIPTS.some( ( { sources } ) =>
				referenceFile( ref ).startsWith( sources )
			)
		);
	const translations = { '': {} };
	let count = 0;
	for ( const entry of entries ) {
		if ( ! isTranslated( entry ) || scriptOnly( entry ) ) {
			continue;
		}
		const context = entry.msgctxt ?? '';
		translations[ context ] ??= {};
		translations[ context ][ entry.msgid ] = {
			...( entry.msgctxt === undefined
				? {}
				: { msgctxt: entry.msgctxt } ),
			msgid: entry.msgid,
			...( entry.msgid_plural === undefined
				? {}
				: { msgid_plural: entry.msgid_plural } ),
			msgstr: entry.msgstr,
		};
		count++;
	}
	const buffer = gettextParser.mo.compile( {
		charset: 'utf-8',
		headers: {
			...headers,
			Language: locale,
			'Content-Type': 'text/plain; charset=UTF-8',
			'Plural-Forms': headers[ 'Plural-Forms' ] || DEFAULT_PLURAL_FORMS,
		},
		translations,
	} );
	return { fileName: `${ DOMAIN }-${ locale }.mo`, buffer, count };
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

function option( args, name ) {
	const i = args.indexOf( name );
	if ( i === -1 ) {
		return undefined;
	}
	const value = args[ i + 1 ];
	if ( value === undefined || value.startsWith( '--' ) ) {
		throw new Error( `${ name } needs a value` );
	}
	args.splice( i, 2 );
	return value;
}

const rel = ( path ) =>
	relative( process.cwd(), path ).split( sep ).join( '/' ) || '.';

function printWarnings( warnings ) {
	for ( const warning of warnings ) {
		process.stderr.write( `i18n: warning: ${ warning }\n` );
	}
}

/**
 * @param {string[]} argv Arguments after the script's name.
 * @return {number} Exit code.
 */
export function main( argv ) {
	const args = [ ...argv ];
	const command = args.shift();
	const out = option( args, '--out' );
	const root = option( args, '--root' ) ?? PROJECT_ROOT;
	switch ( command ) {
		case 'pot': {
			const { text, entries, warnings } = buildPot( root );
			printWarnings( warnings );
			const target = out ?? join( root, POT_PATH );
			mkdirSync( dirname( target ), { recursive: true } );
			writeFileSync( target, text );
			process.stdout.write(
				`i18n: ${ rel( target ) }: ${ entries.length } strings\n`
			);
			return 0;
		}
		case 'check': {
			const { text, warnings } = buildPot( root );
			printWarnings( warnings );
			if ( args.includes( '--strict' ) && warnings.length > 0 ) {
				process.stderr.write(
					`i18n: ${ warnings.length } call(s) above cannot be translated: give them literal strings and the 'woosync' domain.\n`
				);
				return 1;
			}
			let current = '';
			try {
				current = readFileSync( join( root, POT_PATH ), 'utf8' );
			} catch {
				// Missing: stale.
			}
			// Line numbers that moved are not a stale template (the build refreshes them);
			// a string, a comment or a file that changed is.
			const lineless = ( potText ) =>
				potText.replace( /^#: .*$/gm, ( line ) =>
					line.replace( /:\d+/g, '' )
				);
			if ( lineless( current ) !== lineless( text ) ) {
				const ids = ( potText ) =>
					new Set(
						potText
							? readPo( potText ).entries.map( ( entry ) =>
									keyOf( entry )
								)
							: []
					);
				const before = ids( current );
				const after = ids( text );
				const show = ( key ) =>
					JSON.stringify( key.replace( /^\u0004/, '' ) );
				const added = [ ...after ].filter(
					( key ) => ! before.has( key )
				);
				const removed = [ ...before ].filter(
					( key ) => ! after.has( key )
				);
				process.stderr.write(
					`i18n: ${ POT_PATH } is out of date with the code: run \`npm run i18n\` and commit it.\n` +
						added
							.map( ( key ) => `  + ${ show( key ) }\n` )
							.join( '' ) +
						removed
							.map( ( key ) => `  - ${ show( key ) }\n` )
							.join( '' ) +
						( added.length + removed.length === 0
							? '  (references, comments or header changed)\n'
							: '' )
				);
				return 1;
			}
			process.stdout.write( `i18n: ${ POT_PATH } is up to date\n` );
			return 0;
		}
		case 'json':
		case 'mo': {
			const file = args.shift();
			if ( ! file || args.length ) {
				throw new Error(
					`usage: node bin/i18n.mjs ${ command } PO-FILE [--out DIR]`
				);
			}
			const input = readFileSync( file );
			const dir = out ?? dirname( file );
			mkdirSync( dir, { recursive: true } );
			if ( command === 'mo' ) {
				const { fileName, buffer, count } = moTranslations(
					input,
					file
				);
				writeFileSync( join( dir, fileName ), buffer );
				process.stdout.write(
					`i18n: ${ rel( join( dir, fileName ) ) }: ${ count } strings\n`
				);
				return 0;
			}
			const files = scriptTranslations( input, file );
			if ( files.length === 0 ) {
				process.stdout.write(
					`i18n: ${ file } translates no script string: no JSON written\n`
				);
			}
			for ( const { fileName, json, count, script } of files ) {
				writeFileSync( join( dir, fileName ), JSON.stringify( json ) );
				process.stdout.write(
					`i18n: ${ rel( join( dir, fileName ) ) } (${ script }): ${ count } strings\n`
				);
			}
			return 0;
		}
		default:
			process.stderr.write(
				'usage: node bin/i18n.mjs pot [--out FILE] | check | json PO-FILE [--out DIR] | mo PO-FILE [--out DIR]\n'
			);
			return 2;
	}
}

if (
	process.argv[ 1 ] &&
	import.meta.url === pathToFileURL( process.argv[ 1 ] ).href
) {
	try {
		process.exitCode = main( process.argv.slice( 2 ) );
	} catch ( error ) {
		process.stderr.write(
			`i18n: ${ error instanceof Error ? error.message : String( error ) }\n`
		);
		process.exitCode = 1;
	}
}
