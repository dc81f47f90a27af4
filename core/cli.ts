/**
 * Command line (bundled to build/woosync-core.mjs):
 *
 *   node build/woosync-core.mjs invoice ORDER.json [SETTINGS.json] [--trace]
 *   node build/woosync-core.mjs credit-note REFUND.json ORDER.json [SETTINGS.json] [--trace]
 *   node build/woosync-core.mjs expense REFUND.json ORDER.json [SETTINGS.json] [--trace]
 *
 * stdout: the document JSON (with --trace: { document, trace, warnings }).
 * stderr: warnings, one per line ("warning: ...").
 * Exit codes: 0 document printed; 2 invalid input or refusal (reason on
 * stderr); 3 skipped (zero total, reason on stderr); 1 usage or unreadable file.
 * SETTINGS.json is { "settings": {...}, "mappings": {...} } (configSchema);
 * without it the defaults and identity tax mapping by rate are used.
 */
import { readFileSync } from 'node:fs';
import { buildCreditNote, buildExpense, buildInvoice } from './index';
import type { Warning } from './documents';

const USAGE = `usage:
  woosync-core invoice ORDER.json [SETTINGS.json] [--trace]
  woosync-core credit-note REFUND.json ORDER.json [SETTINGS.json] [--trace]
  woosync-core expense REFUND.json ORDER.json [SETTINGS.json] [--trace]
`;

function readJson( path: string ): unknown {
	let text: string;
	try {
		text = readFileSync( path, 'utf8' );
	} catch ( error ) {
		throw new UsageError(
			`cannot read ${ path }: ${ ( error as Error ).message }`
		);
	}
	try {
		return JSON.parse( text ) as unknown;
	} catch ( error ) {
		throw new InputError(
			`${ path } is not valid JSON: ${ ( error as Error ).message }`
		);
	}
}

class UsageError extends Error {}
class InputError extends Error {}

function config( path: string | undefined ): Record< string, unknown > {
	if ( path === undefined ) {
		return {};
	}
	const value = readJson( path );
	return typeof value === 'object' && value !== null
		? ( value as Record< string, unknown > )
		: { settings: value };
}

function warn( warnings: Warning[] ): void {
	for ( const warning of warnings ) {
		process.stderr.write( `warning: ${ warning.message }\n` );
	}
}

function run( argv: string[] ): number {
	const [ command, ...files ] = argv.filter( ( arg ) => arg !== '--trace' );
	let result;
	if ( command === 'invoice' && files.length >= 1 && files.length <= 2 ) {
		result = buildInvoice( {
			...config( files[ 1 ] ),
			order: readJson( files[ 0 ]! ),
		} );
	} else if (
		( command === 'credit-note' || command === 'expense' ) &&
		files.length >= 2 &&
		files.length <= 3
	) {
		const input = {
			...config( files[ 2 ] ),
			refund: readJson( files[ 0 ]! ),
			order: readJson( files[ 1 ]! ),
		};
		result =
			command === 'expense'
				? buildExpense( input )
				: buildCreditNote( input );
	} else {
		process.stderr.write( USAGE );
		return 1;
	}
	switch ( result.kind ) {
		case 'invalid':
			process.stderr.write( `${ result.message }\n` );
			return 2;
		case 'refused':
			warn( result.warnings );
			process.stderr.write(
				`refused (${ result.refusal.code }): ${ result.refusal.message }\n`
			);
			return 2;
		case 'skipped':
			warn( result.warnings );
			process.stderr.write( `${ result.message }\n` );
			return 3;
		default:
			warn( result.warnings );
			process.stdout.write(
				`${ JSON.stringify(
					argv.includes( '--trace' )
						? {
								document: result.document,
								trace: result.trace,
								warnings: result.warnings,
							}
						: result.document,
					null,
					2
				) }\n`
			);
			return 0;
	}
}

try {
	process.exitCode = run( process.argv.slice( 2 ) );
} catch ( error ) {
	if ( error instanceof InputError ) {
		process.stderr.write( `${ error.message }\n` );
		process.exitCode = 2;
	} else if ( error instanceof UsageError ) {
		process.stderr.write( `${ error.message }\n` );
		process.exitCode = 1;
	} else {
		throw error;
	}
}
