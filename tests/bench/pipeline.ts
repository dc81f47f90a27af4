/**
 * Pipeline benchmark on the running local stack (bin/env.sh up; env.json from $WOOSYNC_WORK or
 * work/default): latency from an order's "completed" transition to its invoice existing in the
 * Perfex sandbox, p50 and p99 over 200+ orders, and the sidecar process's RSS.
 *
 * Orders are created beforehand by a PHP driver (tests/bench/pipeline-orders.php, WooCommerce's
 * PHP API). Each one is then completed over WooCommerce's REST API as the shop manager (the
 * end-of-request runner syncs it, as on a real shop) while the sandbox's admin counts are
 * polled; the clock starts just before the status change and stops when the sandbox holds one
 * more invoice. Orders go one after the other. Figures and the ratio to the target are printed,
 * nothing is asserted. No stack running: it says so and prints no figures.
 */
import { readFileSync } from 'node:fs';
import {
	driver,
	login,
	percentile,
	runningStack,
	type Site,
} from './lib/stack';

const ORDERS = Number( process.env.WOOSYNC_BENCH_ORDERS ?? 200 );
const TARGET_P50_MS = 300;
const TARGET_P99_MS = 1000;
const GIVE_UP_MS = 10_000;

interface Env extends Site {
	perfex: { url: string; token: string };
	sidecar: { url: string; pid_file: string };
}

interface BenchOrder {
	id: number;
	total: string;
	signature: string;
}

async function invoiceCount( env: Env ): Promise< number > {
	const res = await fetch( `${ env.perfex.url }/__sandbox/counts`, {
		headers: { authtoken: env.perfex.token },
	} );
	return ( ( await res.json() ) as { invoices: number } ).invoices;
}

async function invoicesWith( env: Env, signature: string ): Promise< number > {
	const res = await fetch(
		`${ env.perfex.url }/api/invoices/search/${ encodeURIComponent(
			signature
		) }`,
		{ headers: { authtoken: env.perfex.token } }
	);
	if ( res.status !== 200 ) {
		return 0;
	}
	const rows = ( await res.json() ) as Array< { adminnote?: string } >;
	const token = new RegExp(
		`(?<![\\w:.-])${ signature.replace(
			/[.*+?^${}()|[\]\\]/g,
			'\\$&'
		) }(?![\\w:.-])`
	);
	return rows.filter( ( row ) => token.test( row.adminnote ?? '' ) ).length;
}

function rssMb( pidFile: string ): number {
	const pid = readFileSync( pidFile, 'utf8' ).trim();
	const status = readFileSync( `/proc/${ pid }/status`, 'utf8' );
	const kb = Number( /VmRSS:\s+(\d+)/.exec( status )?.[ 1 ] ?? NaN );
	return kb / 1024;
}

const sleep = ( ms: number ) =>
	new Promise( ( resolve ) => setTimeout( resolve, ms ) );

export async function run(): Promise< void > {
	const env = await runningStack< Env >( ( stack ) => [
		[ 'WordPress', `${ stack.wordpress.url }/wp-login.php` ],
		[ 'the Perfex sandbox', `${ stack.perfex.url }/__sandbox/health` ],
		[ 'the sidecar', `${ stack.sidecar.url }/livez` ],
	] );
	if ( typeof env === 'string' ) {
		process.stdout.write( `pipeline: ${ env }; no figures.\n` );
		return;
	}
	process.stdout.write(
		`pipeline: ${ ORDERS } orders on ${ env.wordpress.url } (sandbox ${ env.perfex.url }, sidecar ${ env.sidecar.url })\n`
	);

	const orders = await driver< BenchOrder[] >(
		'pipeline-orders.php',
		String( ORDERS )
	);
	const session = await login( env, 'manager' );

	const rssBefore = rssMb( env.sidecar.pid_file );
	let rssMax = rssBefore;
	const latencies: number[] = [];
	const failures: string[] = [];
	for ( const [ index, order ] of orders.entries() ) {
		const before = await invoiceCount( env );
		const started = performance.now();
		const put = fetch(
			`${ env.wordpress.url }/wp-json/wc/v3/orders/${ order.id }`,
			{
				method: 'PUT',
				headers: {
					cookie: session.cookie,
					'x-wp-nonce': session.nonce,
					'content-type': 'application/json',
				},
				body: JSON.stringify( { status: 'completed' } ),
			}
		);
		let elapsed = NaN;
		while ( performance.now() - started < GIVE_UP_MS ) {
			if ( ( await invoiceCount( env ) ) > before ) {
				elapsed = performance.now() - started;
				break;
			}
			await sleep( 2 );
		}
		const answer = await put;
		if ( answer.status !== 200 ) {
			failures.push( `#${ order.id }: PUT answered ${ answer.status }` );
		}
		if ( Number.isNaN( elapsed ) ) {
			failures.push(
				`#${ order.id }: no invoice after ${ GIVE_UP_MS } ms`
			);
		} else {
			latencies.push( elapsed );
		}
		if ( index % 20 === 0 ) {
			rssMax = Math.max( rssMax, rssMb( env.sidecar.pid_file ) );
		}
	}
	const rssAfter = rssMb( env.sidecar.pid_file );
	rssMax = Math.max( rssMax, rssAfter );

	// Every order has exactly one invoice (sampled: first, middle, last).
	for ( const order of [
		orders[ 0 ],
		orders[ Math.floor( orders.length / 2 ) ],
		orders[ orders.length - 1 ],
	] ) {
		if ( order && ( await invoicesWith( env, order.signature ) ) !== 1 ) {
			failures.push( `#${ order.id }: not exactly one invoice` );
		}
	}

	const sorted = [ ...latencies ].sort( ( a, b ) => a - b );
	const p50 = percentile( sorted, 50 );
	const p99 = percentile( sorted, 99 );
	const line = ( label: string, value: string ) =>
		process.stdout.write( `  ${ label.padEnd( 34 ) }${ value }\n` );
	line(
		'completed → invoice in Perfex',
		`${ sorted.length } orders, min ${ sorted[ 0 ]?.toFixed(
			0
		) } ms, max ${ sorted[ sorted.length - 1 ]?.toFixed( 0 ) } ms`
	);
	line(
		'  p50',
		`${ p50.toFixed( 0 ) } ms (target ≤ ${ TARGET_P50_MS } ms: ${ (
			p50 / TARGET_P50_MS
		).toFixed( 2 ) }× target)`
	);
	line(
		'  p99',
		`${ p99.toFixed( 0 ) } ms (target ≤ ${ TARGET_P99_MS } ms: ${ (
			p99 / TARGET_P99_MS
		).toFixed( 2 ) }× target)`
	);
	line(
		'sidecar RSS',
		`${ rssBefore.toFixed( 1 ) } MB before, ${ rssAfter.toFixed(
			1
		) } MB after, ${ rssMax.toFixed( 1 ) } MB max`
	);
	if ( failures.length > 0 ) {
		line( 'problems', `${ failures.length }` );
		for ( const failure of failures.slice( 0, 10 ) ) {
			process.stdout.write( `    ${ failure }\n` );
		}
	}
}
