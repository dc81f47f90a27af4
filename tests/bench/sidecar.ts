/**
 * Sidecar benchmark: invoice sync latency (p50/p99) through the signed HTTP service against
 * the in-process Perfex sandbox, over 200+ orders each: sequential creates, concurrent creates
 * (requests/s), re-syncs that link; preview requests/s (no Perfex); and the sidecar process's
 * RSS and heap (read from its /metrics). The sidecar runs as its own process from its bundle
 * (built as bin/build-node.mjs does, into an empty temporary folder without node_modules), so
 * its figures are the shipped file's, and its memory is its own, not the sandbox's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedHeaders } from '../../sidecar/signing';
import { startSandbox } from '../perfex-sandbox/server';

const root = join( dirname( fileURLToPath( import.meta.url ) ), '../..' );
const KEY = 'bench';
const SECRET = 'bench-secret-0123456789abcdef';
const TOKEN = 'bench-perfex-token';
const ORDERS = 200;

const fixture = JSON.parse(
	readFileSync(
		join(
			root,
			'tests/fixtures/orders/b-exclusive-ras-shipping-21pct.json'
		),
		'utf8'
	)
) as {
	config: { settings: unknown; mappings: unknown };
	order: Record< string, unknown > & { billing: Record< string, unknown > };
};

function orderNumber( n: number ) {
	return {
		...fixture.order,
		id: n,
		number: String( n ),
		// 50 customers: most syncs find the customer, some create it.
		billing: { ...fixture.order.billing, email: `c${ n % 50 }@bench.test` },
	};
}

function percentile( sorted: number[], p: number ): number {
	const index = Math.min(
		sorted.length - 1,
		Math.ceil( ( p / 100 ) * sorted.length ) - 1
	);
	return sorted[ Math.max( 0, index ) ] ?? NaN;
}

async function startChild(): Promise< {
	url: string;
	stop: () => Promise< void >;
} > {
	const dir = mkdtempSync( join( tmpdir(), 'woosync-sidecar-bench-' ) );
	const bundle = join( dir, 'woosync-sidecar.mjs' );
	await build( {
		absWorkingDir: root,
		entryPoints: [ 'sidecar/main.ts' ],
		outfile: bundle,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		legalComments: 'none',
		banner: {
			js: "import { createRequire as __woosyncCreateRequire } from 'node:module'; const require = __woosyncCreateRequire( import.meta.url );",
		},
		logLevel: 'warning',
	} );
	const child = spawn( process.execPath, [ bundle, '--port', '0' ], {
		cwd: dir,
		env: {
			PATH: process.env.PATH ?? '',
			WOOSYNC_SIDECAR_SECRETS: `${ KEY }:${ SECRET }`,
			WOOSYNC_SIDECAR_LOG_LEVEL: 'warn',
		},
		stdio: [ 'ignore', 'pipe', 'inherit' ],
	} );
	const url = await new Promise< string >( ( resolve, reject ) => {
		let buffer = '';
		child.stdout.on( 'data', ( chunk: Buffer ) => {
			buffer += chunk.toString();
			for ( const line of buffer.split( '\n' ) ) {
				if ( line.includes( '"listening"' ) ) {
					resolve( ( JSON.parse( line ) as { url: string } ).url );
				}
			}
		} );
		child.once( 'exit', ( code ) =>
			reject( new Error( `sidecar exited ${ code }` ) )
		);
	} );
	return {
		url,
		stop: () =>
			new Promise( ( resolve ) => {
				child.once( 'exit', () => {
					rmSync( dir, { recursive: true, force: true } );
					resolve();
				} );
				child.kill( 'SIGTERM' );
			} ),
	};
}

export async function run(): Promise< void > {
	const box = await startSandbox( {
		tokens: [ TOKEN ],
		dataDir: null,
		today: '2026-03-10',
	} );
	const sidecar = await startChild();
	const perfex = { url: box.url, token: TOKEN };

	const send = async ( path: string, body: unknown ): Promise< number > => {
		const raw = JSON.stringify( body );
		const t0 = performance.now();
		const res = await fetch( `${ sidecar.url }${ path }`, {
			method: 'POST',
			headers: {
				...signedHeaders( KEY, SECRET, 'POST', path, raw ),
				'content-type': 'application/json',
			},
			body: raw,
		} );
		const json = ( await res.json() ) as {
			outcome?: string;
			kind?: string;
		};
		const ms = performance.now() - t0;
		if ( res.status !== 200 ) {
			throw new Error(
				`${ path }: HTTP ${ res.status } ${ JSON.stringify( json ) }`
			);
		}
		return ms;
	};
	const sync = ( n: number ) =>
		send( '/v1/invoices/sync', {
			perfex,
			...fixture.config,
			order: orderNumber( n ),
		} );

	const series = async (
		label: string,
		numbers: number[],
		concurrency: number,
		fn: ( n: number ) => Promise< number >
	) => {
		const times: number[] = [];
		let next = 0;
		const t0 = performance.now();
		await Promise.all(
			Array.from( { length: concurrency }, async () => {
				while ( next < numbers.length ) {
					const n = numbers[ next++ ] as number;
					times.push( await fn( n ) );
				}
			} )
		);
		const seconds = ( performance.now() - t0 ) / 1000;
		times.sort( ( a, b ) => a - b );
		process.stdout.write(
			`${ label.padEnd( 44 ) } n=${ numbers.length } c=${ concurrency }  p50 ${ percentile(
				times,
				50
			).toFixed( 1 ) } ms  p99 ${ percentile( times, 99 ).toFixed(
				1
			) } ms  ${ ( numbers.length / seconds ).toFixed( 0 ) } req/s\n`
		);
	};

	const metricsText = async () => {
		const path = '/metrics';
		return (
			await fetch( `${ sidecar.url }${ path }`, {
				headers: signedHeaders( KEY, SECRET, 'GET', path, '' ),
			} )
		).text();
	};
	const cpuSeconds = async () =>
		Number(
			/^process_cpu_seconds_total (\S+)$/m.exec(
				await metricsText()
			)?.[ 1 ]
		);

	const range = ( from: number, count: number ) =>
		Array.from( { length: count }, ( _, i ) => from + i );

	try {
		// Warm-up (JIT, sandbox tables).
		await series( 'warm-up sync (created)', range( 100_000, 30 ), 1, sync );
		await series(
			'sync, new orders (created)',
			range( 1, ORDERS ),
			1,
			sync
		);
		await series(
			'sync, new orders, 8 at a time (created)',
			range( 10_001, ORDERS ),
			8,
			sync
		);
		await series( 'sync again (linked)', range( 1, ORDERS ), 1, sync );
		const cpuBefore = await cpuSeconds();
		await series(
			'preview (core only, no Perfex)',
			range( 20_001, ORDERS * 5 ),
			8,
			( n ) =>
				send( '/v1/invoices/preview', {
					...fixture.config,
					order: orderNumber( n ),
				} )
		);
		const cpuAfter = await cpuSeconds();
		process.stdout.write(
			`sidecar CPU per preview request: ${ (
				( ( cpuAfter - cpuBefore ) * 1000 ) /
				( ORDERS * 5 )
			).toFixed(
				2
			) } ms (the rest of the latency is the benchmark's own HTTP client)\n`
		);
		const metrics = await metricsText();
		const gauge = ( name: string ) =>
			Number(
				new RegExp( `^${ name } (\\S+)$`, 'm' ).exec( metrics )?.[ 1 ]
			);
		const mib = ( bytes: number ) =>
			`${ ( bytes / 1048576 ).toFixed( 1 ) } MiB`;
		process.stdout.write(
			`sidecar process after the runs: RSS ${ mib(
				gauge( 'process_resident_memory_bytes' )
			) }, heap used ${ mib( gauge( 'nodejs_heap_used_bytes' ) ) }\n`
		);
		process.stdout.write(
			`Perfex invoices in the sandbox: ${ box.model.invoices().length } (expected ${
				30 + 2 * ORDERS
			})\n`
		);
	} finally {
		await sidecar.stop();
		await box.close();
	}
}
