/**
 * Sync history benchmark on the running local stack (bin/env.sh up; env.json from $WOOSYNC_WORK
 * or work/default): does `GET /woosync/v1/history` (the admin app's Sync history) stay fast with
 * tens of thousands of rows?
 *
 * A PHP driver (tests/bench/history-rows.php, run with plain `php` in the site like
 * pipeline-orders.php) inserts 50,000 rows (WOOSYNC_BENCH_HISTORY_ROWS) into WooSync's history
 * table in multi-row INSERTs: ~90% invoice, ~7% credit note, ~3% expense attempts, mostly
 * created/linked with some retrying/failed/refused/skipped/invalid, started over 90 days (ending
 * a day ago), one attempt in ten another try for a recent order. They are marked (order number
 * `BENCH-…`, order ids from 900,000,000) and always deleted at the end (also on Ctrl-C; leftovers
 * of a killed run are deleted first). Then each query below is asked over HTTP as the shop
 * manager (cookie login + REST nonce): 3 warm-ups, 30 timed requests, one after the other; p50 /
 * p95, the X-WP-Total it answered and the ratio to the 300 ms p95 target are printed, with
 * MariaDB's EXPLAIN of the two statements History::query() runs (COUNT and the page; captured
 * through the `query` filter while the same REST request runs inside the site) and their time.
 * Nothing is asserted. No stack running: it says so and prints no figures.
 */
import { execFileSync } from 'node:child_process';
import {
	driver as runDriver,
	driverArgs,
	login,
	percentile,
	runningStack,
	type Site,
} from './lib/stack';

const DRIVER = 'history-rows.php';
const driver = < T >( ...args: string[] ) => runDriver< T >( DRIVER, ...args );
const ROWS = Number( process.env.WOOSYNC_BENCH_HISTORY_ROWS ?? 50_000 );
const PER_PAGE = 20;
const WARMUPS = 3;
const RUNS = 30;
const TARGET_P95_MS = 300;
const DAY_MS = 86_400_000;

interface Seeded {
	inserted: number;
	sample: string;
	orders: number;
	first: string;
	last: string;
	table_rows: number;
}

interface Statement {
	sql: string;
	ms: number;
	plan: Array< Record< string, string | null > >;
}

type Explained = Record<
	string,
	{ status: number; total: string | null; statements: Statement[] }
>;

/**
 * Midnight UTC some days ago, as RFC 3339.
 * @param days How many days ago.
 */
function daysAgo( days: number ): string {
	const midnight = Math.floor( Date.now() / DAY_MS ) * DAY_MS;
	return new Date( midnight - days * DAY_MS )
		.toISOString()
		.replace( /\.\d+Z$/, 'Z' );
}

/**
 * The queries the admin app asks, as REST params.
 * @param seeded What the driver inserted.
 */
function queries( seeded: Seeded ): Record< string, Record< string, string > > {
	const deep = Math.max(
		1,
		Math.floor( ( seeded.inserted * 0.8 ) / PER_PAGE )
	);
	const week = { after: daysAgo( 40 ), before: daysAgo( 33 ) };
	const page = { per_page: String( PER_PAGE ) };
	return {
		'order_id, no rows (WP + REST)': { ...page, order_id: '899999999' },
		'first page': page,
		[ `deep page ${ deep }` ]: { ...page, page: String( deep ) },
		'outcome=failed': { ...page, outcome: 'failed' },
		'kind=credit_note': { ...page, kind: 'credit_note' },
		'one week (after/before)': { ...page, ...week },
		[ `search ${ seeded.sample }` ]: { ...page, search: seeded.sample },
		[ `search ${ seeded.sample.slice( 0, -2 ) }…` ]: {
			...page,
			search: seeded.sample.slice( 0, -2 ),
		},
		'search BENCH-1… (every row)': { ...page, search: 'BENCH-1' },
		'credit_note+created+week': {
			...page,
			kind: 'credit_note',
			outcome: 'created',
			...week,
		},
	};
}

/**
 * One EXPLAIN row, short: the statement, access type, key, rows, Extra and its time.
 * @param statement What the driver saw.
 */
function planLine( statement: Statement ): string {
	const what = statement.sql.startsWith( 'SELECT COUNT' ) ? 'count' : 'page ';
	const plan = statement.plan
		.map(
			( row ) =>
				`${ row.type ?? '?' } key=${ row.key ?? 'NULL' } rows=${
					row.rows ?? '?'
				} ${ row.Extra ?? '' }`
		)
		.join( ' | ' );
	return `${ what } ${ statement.ms.toFixed( 1 ).padStart( 6 ) } ms SQL  ${ plan }`;
}

export async function run(): Promise< void > {
	// Only WordPress and its database are needed.
	const env = await runningStack< Site >( ( stack ) => [
		[ 'WordPress', `${ stack.wordpress.url }/wp-login.php` ],
	] );
	if ( typeof env === 'string' ) {
		process.stdout.write( `history: ${ env }; no figures.\n` );
		return;
	}
	const line = ( label: string, value: string ) =>
		process.stdout.write( `  ${ label.padEnd( 34 ) }${ value }\n` );

	const leftovers = await driver< { deleted: number } >( 'clean' );
	if ( leftovers.deleted > 0 ) {
		line( 'leftovers of an earlier run', `${ leftovers.deleted } deleted` );
	}
	// Ctrl-C or a kill while the rows are in: delete them before leaving.
	const onSignal = ( signal: NodeJS.Signals ) => {
		try {
			execFileSync( 'php', driverArgs( DRIVER, 'clean' ), {
				stdio: 'ignore',
			} );
		} finally {
			process.exit( signal === 'SIGINT' ? 130 : 143 );
		}
	};
	process.once( 'SIGINT', onSignal );
	process.once( 'SIGTERM', onSignal );
	try {
		const started = performance.now();
		const seeded = await driver< Seeded >( 'seed', String( ROWS ) );
		process.stdout.write(
			`history: ${ seeded.inserted } bench rows (${
				seeded.orders
			} orders, ${ seeded.first } … ${ seeded.last }) inserted in ${ (
				( performance.now() - started ) /
				1000
			).toFixed( 1 ) } s; table now ${ seeded.table_rows } rows; ${
				env.wordpress.url
			}, as the shop manager, ${ RUNS } requests per query after ${ WARMUPS } warm-ups\n`
		);
		const asked = queries( seeded );
		const explained = await driver< Explained >(
			'explain',
			JSON.stringify( asked )
		);
		const session = await login( env, 'manager' );
		const problems: string[] = [];
		const slow: string[] = [];
		const notes: string[] = [];
		for ( const [ name, params ] of Object.entries( asked ) ) {
			const url = `${
				env.wordpress.url
			}/wp-json/woosync/v1/history?${ new URLSearchParams(
				params
			).toString() }`;
			const times: number[] = [];
			let total = '?';
			for ( let i = 0; i < WARMUPS + RUNS; i++ ) {
				const begun = performance.now();
				const res = await fetch( url, {
					headers: {
						cookie: session.cookie,
						'x-wp-nonce': session.nonce,
					},
					signal: AbortSignal.timeout( 30_000 ),
				} );
				const body = await res.text();
				const elapsed = performance.now() - begun;
				if ( res.status !== 200 ) {
					problems.push(
						`${ name }: ${ res.status } ${ body.slice( 0, 200 ) }`
					);
					break;
				}
				total = res.headers.get( 'x-wp-total' ) ?? '?';
				if ( i >= WARMUPS ) {
					times.push( elapsed );
				}
			}
			const sorted = [ ...times ].sort( ( a, b ) => a - b );
			const p50 = percentile( sorted, 50 );
			const p95 = percentile( sorted, 95 );
			line(
				name,
				`p50 ${ p50.toFixed( 0 ).padStart( 4 ) } ms  p95 ${ p95
					.toFixed( 0 )
					.padStart( 4 ) } ms  (${ ( p95 / TARGET_P95_MS ).toFixed(
					2
				) }× the ${ TARGET_P95_MS } ms p95 target)  X-WP-Total ${ total }`
			);
			const inside = explained[ name ];
			for ( const statement of inside?.statements ?? [] ) {
				process.stdout.write( `      ${ planLine( statement ) }\n` );
				// A scan of most of the table for a filtered list, or a sort of
				// thousands of rows, is worth an index (the unfiltered COUNT has to
				// read them all whatever the index).
				const filtered = Object.keys( params ).some(
					( key ) => key !== 'per_page' && key !== 'page'
				);
				const heavy = statement.plan.some( ( row ) => {
					const rows = Number( row.rows );
					return (
						( row.type === 'ALL' && rows > 1000 ) ||
						( filtered && rows > 0.5 * seeded.table_rows ) ||
						( /filesort/i.test( row.Extra ?? '' ) && rows > 1000 )
					);
				} );
				if ( heavy ) {
					slow.push( `${ name }: ${ planLine( statement ) }` );
				}
			}
			if ( inside && inside.total !== total ) {
				// Others' tests may add rows to the shared table meanwhile.
				notes.push(
					`${ name }: X-WP-Total ${ total } over HTTP, ${ inside.total } inside the site a moment earlier`
				);
			}
			if ( p95 > TARGET_P95_MS ) {
				slow.push( `${ name }: p95 ${ p95.toFixed( 0 ) } ms` );
			}
		}
		if ( slow.length > 0 ) {
			line( 'worth a look', `${ slow.length }` );
			for ( const item of slow ) {
				process.stdout.write( `    ${ item }\n` );
			}
		}
		if ( notes.length > 0 ) {
			line( 'rows added by others meanwhile?', `${ notes.length }` );
			for ( const note of notes ) {
				process.stdout.write( `    ${ note }\n` );
			}
		}
		if ( problems.length > 0 ) {
			line( 'problems', `${ problems.length }` );
			for ( const problem of problems.slice( 0, 10 ) ) {
				process.stdout.write( `    ${ problem }\n` );
			}
		}
	} finally {
		const cleaned = await driver< { deleted: number; table_rows: number } >(
			'clean'
		);
		process.removeListener( 'SIGINT', onSignal );
		process.removeListener( 'SIGTERM', onSignal );
		line(
			'bench rows deleted',
			`${ cleaned.deleted } (table back to ${ cleaned.table_rows } rows)`
		);
	}
}
