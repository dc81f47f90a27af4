/**
 * Running the sidecar: metrics, logs, configuration, the listening server and its shutdown.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import {
	ConfigError,
	createLogger,
	loadConfig,
	signedHeaders,
	startSidecar,
} from '../../../sidecar';
import {
	KEY_ID,
	PERFEX_TOKEN,
	SECRET,
	call,
	orderInput,
	perfexOf,
	sandbox,
	testApp,
	testConfig,
} from './harness';

const root = join( dirname( fileURLToPath( import.meta.url ) ), '../../..' );

let box: RunningSandbox;

beforeAll( async () => {
	box = await sandbox();
} );
afterAll( async () => {
	await box.close();
} );

/**
 * Prometheus text → samples; throws on a line that is not a comment or a sample.
 * @param text
 */
function parseMetrics( text: string ): Map< string, number > {
	const samples = new Map< string, number >();
	for ( const line of text.split( '\n' ) ) {
		if ( line === '' || line.startsWith( '# HELP ' ) ) {
			continue;
		}
		if ( line.startsWith( '# TYPE ' ) ) {
			expect( line ).toMatch(
				/^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram)$/
			);
			continue;
		}
		const match =
			/^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (-?[0-9.e+]+|\+Inf|NaN)$/.exec(
				line
			);
		if ( ! match ) {
			throw new Error( `not a Prometheus sample: ${ line }` );
		}
		samples.set( match[ 1 ] as string, Number( match[ 2 ] ) );
	}
	return samples;
}

describe( 'GET /metrics', () => {
	it( 'counts requests by route and status, Perfex calls, retries and latencies in Prometheus text', async () => {
		const { app } = testApp();
		await call( app, 'POST', '/v1/invoices/sync', {
			perfex: perfexOf( box ),
			...orderInput(),
		} );
		box.faults.add( {
			method: 'GET',
			path: '/invoices/search',
			kind: 'error',
			status: 502,
			times: 1,
		} );
		await call( app, 'POST', '/v1/invoices/sync', {
			perfex: perfexOf( box ),
			...orderInput(),
		} );
		await call( app, 'POST', '/v1/invoices/sync', {
			perfex: perfexOf( box, 'bad' ),
			...orderInput(),
		} );
		await app.inject( { method: 'GET', url: '/v1/health' } );
		const res = await call( app, 'GET', '/metrics' );
		expect( res.status ).toBe( 200 );
		expect( res.headers[ 'content-type' ] ).toContain( 'text/plain' );
		const m = parseMetrics( res.body );
		const get = ( name: string ) => m.get( name ) ?? 0;
		expect(
			get(
				'woosync_sidecar_http_requests_total{route="/v1/invoices/sync",method="POST",status="200"}'
			)
		).toBe( 2 );
		expect(
			get(
				'woosync_sidecar_http_requests_total{route="/v1/invoices/sync",method="POST",status="502"}'
			)
		).toBe( 1 );
		expect(
			get(
				'woosync_sidecar_http_requests_total{route="/v1/health",method="GET",status="401"}'
			)
		).toBe( 1 );
		expect(
			get(
				'woosync_sidecar_auth_failures_total{reason="missing_header"}'
			)
		).toBe( 1 );
		expect(
			get(
				'woosync_sidecar_sync_outcomes_total{outcome="created",code=""}'
			)
		).toBe( 2 );
		expect(
			get(
				'woosync_sidecar_perfex_failures_total{code="perfex_unauthorized"}'
			)
		).toBe( 1 );
		expect(
			get(
				'woosync_sidecar_perfex_retries_total{method="GET",resource="invoices"}'
			)
		).toBe( 1 );
		expect(
			get(
				'woosync_sidecar_perfex_requests_total{method="GET",resource="invoices",status="502"}'
			)
		).toBe( 1 );
		expect(
			get(
				'woosync_sidecar_perfex_requests_total{method="POST",resource="invoices",status="200"}'
			)
		).toBe( 2 );
		// Histogram: cumulative buckets, +Inf equals the count.
		const prefix =
			'woosync_sidecar_http_request_duration_seconds_bucket{route="/v1/invoices/sync",le=';
		const buckets = [ ...m.entries() ]
			.filter( ( [ name ] ) => name.startsWith( prefix ) )
			.map( ( [ , value ] ) => value );
		expect( buckets.length ).toBeGreaterThan( 5 );
		for ( let i = 1; i < buckets.length; i++ ) {
			expect( buckets[ i ] ).toBeGreaterThanOrEqual(
				buckets[ i - 1 ] as number
			);
		}
		expect( buckets.at( -1 ) ).toBe( 3 );
		expect(
			get(
				'woosync_sidecar_http_request_duration_seconds_count{route="/v1/invoices/sync"}'
			)
		).toBe( 3 );
		expect(
			get(
				'woosync_sidecar_perfex_request_duration_seconds_count{method="POST",resource="invoices"}'
			)
		).toBe( 2 );
		expect( get( 'process_resident_memory_bytes' ) ).toBeGreaterThan( 0 );
	} );
} );

describe( 'logs', () => {
	it( 'writes one JSON object per request with time, level, msg, route, status, duration and request id, and no secrets', async () => {
		const { app, logs } = testApp();
		const input = orderInput();
		await call( app, 'POST', '/v1/invoices/sync', {
			perfex: perfexOf( box ),
			...input,
		} );
		await app.inject( {
			method: 'GET',
			url: '/v1/health',
			headers: { 'x-request-id': 'abc-123' },
		} );
		const records = logs.records();
		const sync = records.find( ( r ) => r.route === '/v1/invoices/sync' );
		expect( sync ).toMatchObject( {
			level: 'info',
			msg: 'request',
			method: 'POST',
			status: 200,
			outcome: 'created',
			order_id: input.order.id,
			key_id: KEY_ID,
		} );
		expect( typeof sync?.time ).toBe( 'string' );
		expect( typeof sync?.duration_ms ).toBe( 'number' );
		expect( sync?.request_id ).toMatch( /^[0-9a-f-]{36}$/ );
		expect(
			records.find( ( r ) => r.route === '/v1/health' )
		).toMatchObject( {
			status: 401,
			request_id: 'abc-123',
			auth: 'missing_header',
		} );
		const all = logs.lines.join( '' );
		expect( all ).not.toContain( SECRET );
		expect( all ).not.toContain( PERFEX_TOKEN );
		expect( all ).not.toContain( String( input.order.billing.email ) );
	} );

	it( 'drops lines below the configured level', () => {
		const lines: string[] = [];
		const logger = createLogger( 'warn', ( line ) => lines.push( line ) );
		logger.info( 'quiet' );
		logger.warn( 'loud', { route: '/x' } );
		expect( lines ).toHaveLength( 1 );
		expect( JSON.parse( lines[ 0 ] as string ) ).toMatchObject( {
			level: 'warn',
			msg: 'loud',
			route: '/x',
		} );
	} );
} );

describe( 'configuration', () => {
	const env = { WOOSYNC_SIDECAR_SECRETS: `site1:${ SECRET }` };

	it( 'reads flags over environment variables, with defaults', () => {
		const loaded = loadConfig( [ '--port', '9001' ], {
			...env,
			WOOSYNC_SIDECAR_PORT: '9000',
			WOOSYNC_SIDECAR_PERFEX_TIMEOUT_MS: '5000',
		} );
		expect( loaded.kind ).toBe( 'config' );
		if ( loaded.kind !== 'config' ) {
			return;
		}
		expect( loaded.config.port ).toBe( 9001 );
		expect( loaded.config.host ).toBe( '127.0.0.1' );
		expect( loaded.config.perfex.timeoutMs ).toBe( 5000 );
		expect( loaded.config.perfex.maxAttempts ).toBe( 4 );
		expect( loaded.config.secrets.get( 'site1' ) ).toBe( SECRET );
		expect( loadConfig( [], env ).kind ).toBe( 'config' );
		expect( loadConfig( [ '--help' ], {} ).kind ).toBe( 'help' );
	} );

	it( 'reads key:secret pairs from a file', () => {
		const dir = mkdtempSync( join( tmpdir(), 'woosync-sidecar-' ) );
		const file = join( dir, 'secrets' );
		writeFileSync(
			file,
			`# sites\nshop-a:${ SECRET }\nshop-b:another-secret-0123456789\n`
		);
		const loaded = loadConfig( [ '--secret-file', file ], {} );
		expect(
			loaded.kind === 'config' && [ ...loaded.config.secrets.keys() ]
		).toEqual( [ 'shop-a', 'shop-b' ] );
	} );

	const bad: Array< [ string, string[], Record< string, string >, string ] > =
		[
			[ 'a public host', [ '--host', '0.0.0.0' ], env, '--host' ],
			[ 'a port out of range', [ '--port', '70000' ], env, '--port' ],
			[
				'a port that is not a number',
				[],
				{ ...env, WOOSYNC_SIDECAR_PORT: 'http' },
				'WOOSYNC_SIDECAR_PORT',
			],
			[ 'no secrets', [], {}, 'WOOSYNC_SIDECAR_SECRETS' ],
			[
				'a short secret',
				[],
				{ WOOSYNC_SIDECAR_SECRETS: 'site1:short' },
				'at least 16',
			],
			[
				'a pair without a colon',
				[],
				{ WOOSYNC_SIDECAR_SECRETS: 'site1' },
				'keyid:secret',
			],
			[
				'a missing secret file',
				[ '--secret-file', '/nonexistent/secrets' ],
				{},
				'--secret-file',
			],
			[ 'an unknown flag', [ '--prot', '1' ], env, '--prot' ],
			[
				'a bad log level',
				[ '--log-level', 'loud' ],
				env,
				'--log-level',
			],
			[
				'a zero attempt count',
				[ '--perfex-max-attempts', '0' ],
				env,
				'--perfex-max-attempts',
			],
		];
	it.each( bad )(
		'refuses %s, naming the setting',
		( _name, argv, vars, named ) => {
			let error: unknown;
			try {
				loadConfig( argv, vars );
			} catch ( caught ) {
				error = caught;
			}
			expect( error ).toBeInstanceOf( ConfigError );
			expect( ( error as Error ).message ).toContain( named );
			expect( ( error as Error ).message ).not.toContain( SECRET );
		}
	);

	it( 'exits 2 with the setting named when started with a bad configuration', async () => {
		const run = await runMain( [ '--host', '192.168.1.10' ], env );
		expect( run.code ).toBe( 2 );
		expect( run.stderr ).toContain(
			'host (--host / WOOSYNC_SIDECAR_HOST)'
		);
	} );
} );

function runMain(
	argv: string[],
	env: Record< string, string >,
	onLine?: ( line: string, kill: () => void ) => void
): Promise< { code: number | null; stdout: string; stderr: string } > {
	return new Promise( ( resolve ) => {
		const child = spawn(
			process.execPath,
			[ '--import', 'tsx', join( root, 'sidecar/main.ts' ), ...argv ],
			{ cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on( 'data', ( chunk: Buffer ) => {
			stdout += chunk.toString();
			for ( const line of chunk.toString().split( '\n' ) ) {
				if ( line ) {
					onLine?.( line, () => child.kill( 'SIGTERM' ) );
				}
			}
		} );
		child.stderr.on( 'data', ( chunk: Buffer ) => {
			stderr += chunk.toString();
		} );
		child.on( 'close', ( code ) => resolve( { code, stdout, stderr } ) );
	} );
}

describe( 'the listening server', () => {
	it( 'prints a "listening" line with its URL, answers, and exits 0 on SIGTERM', async () => {
		let url = '';
		let health = 0;
		const run = await runMain(
			[ '--port', '0' ],
			{ WOOSYNC_SIDECAR_SECRETS: `${ KEY_ID }:${ SECRET }` },
			( line, kill ) => {
				const record = JSON.parse( line ) as Record< string, string >;
				if ( record.event === 'listening' ) {
					url = record.url ?? '';
					fetch( `${ url }/v1/health`, {
						headers: signedHeaders(
							KEY_ID,
							SECRET,
							'GET',
							'/v1/health',
							''
						),
					} ).then( ( res ) => {
						health = res.status;
						kill();
					}, kill );
				}
			}
		);
		expect( url ).toMatch( /^http:\/\/127\.0\.0\.1:\d+$/ );
		expect( health ).toBe( 200 );
		expect( run.code ).toBe( 0 );
		expect( run.stdout ).toContain( '"event":"stopped"' );
	} );

	it( 'finishes a request in flight when shutting down, then refuses new connections', async () => {
		const lines: string[] = [];
		const sidecar = await startSidecar( testConfig(), {
			logger: createLogger( 'info', ( line ) => lines.push( line ) ),
		} );
		expect(
			JSON.parse( lines[ 0 ] as string ) as Record< string, string >
		).toMatchObject( { event: 'listening', url: sidecar.url } );
		box.faults.set( { latencyMs: 60 } );
		try {
			const raw = JSON.stringify( {
				perfex: perfexOf( box ),
				...orderInput(),
			} );
			const path = '/v1/invoices/sync';
			const pending = fetch( `${ sidecar.url }${ path }`, {
				method: 'POST',
				headers: {
					...signedHeaders( KEY_ID, SECRET, 'POST', path, raw ),
					'content-type': 'application/json',
				},
				body: raw,
			} );
			await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
			expect( sidecar.app.metrics.inFlight ).toBe( 1 );
			const closed = sidecar.close();
			// While draining, requests that still arrive are told to come back later.
			const late = await sidecar.app.inject( {
				method: 'POST',
				url: path,
				headers: signedHeaders( KEY_ID, SECRET, 'POST', path, raw ),
				body: raw,
			} );
			expect( late.status ).toBe( 503 );
			expect( late.json() ).toMatchObject( {
				outcome: 'failed',
				error: { code: 'sidecar_shutting_down', transient: true },
			} );
			const res = await pending;
			expect( res.status ).toBe( 200 );
			expect(
				( ( await res.json() ) as { outcome: string } ).outcome
			).toBe( 'created' );
			expect( await closed ).toBe( true );
			await expect( fetch( `${ sidecar.url }/livez` ) ).rejects.toThrow();
		} finally {
			box.faults.set( {} );
			await sidecar.close();
		}
	} );

	it( 'answers 413 to a body over the limit', async () => {
		const sidecar = await startSidecar(
			testConfig( { maxBodyBytes: 1024 } ),
			{
				logger: createLogger( 'error', () => undefined ),
			}
		);
		try {
			const raw = JSON.stringify( { pad: 'x'.repeat( 2000 ) } );
			const path = '/v1/invoices/preview';
			const res = await fetch( `${ sidecar.url }${ path }`, {
				method: 'POST',
				headers: signedHeaders( KEY_ID, SECRET, 'POST', path, raw ),
				body: raw,
			} );
			expect( res.status ).toBe( 413 );
			expect(
				( ( await res.json() ) as { error: { code: string } } ).error
					.code
			).toBe( 'body_too_large' );
		} finally {
			await sidecar.close();
		}
	} );

	it( 'answers 401, not 413, to an unsigned body over the limit: it is never read', async () => {
		const sidecar = await startSidecar(
			testConfig( { maxBodyBytes: 1024 } ),
			{
				logger: createLogger( 'error', () => undefined ),
			}
		);
		try {
			const raw = JSON.stringify( { pad: 'x'.repeat( 200_000 ) } );
			for ( const headers of [
				{},
				signedHeaders( 'unknown-key', SECRET, 'POST', '/', raw ),
			] ) {
				const res = await fetch(
					`${ sidecar.url }/v1/invoices/preview`,
					{ method: 'POST', headers, body: raw }
				);
				expect( res.status ).toBe( 401 );
			}
		} finally {
			await sidecar.close();
		}
	} );

	it( 'gives up waiting after the shutdown timeout', async () => {
		const lines: string[] = [];
		const sidecar = await startSidecar(
			testConfig( { shutdownTimeoutMs: 50 } ),
			{ logger: createLogger( 'error', ( line ) => lines.push( line ) ) }
		);
		// The "listening" line is written whatever the log level.
		expect( lines[ 0 ] ).toContain( '"event":"listening"' );
		box.faults.set( { latencyMs: 400 } );
		try {
			const raw = JSON.stringify( {
				perfex: perfexOf( box ),
				invoice_ids: [ 1 ],
			} );
			const path = '/v1/invoices/status';
			const pending = fetch( `${ sidecar.url }${ path }`, {
				method: 'POST',
				headers: signedHeaders( KEY_ID, SECRET, 'POST', path, raw ),
				body: raw,
			} ).catch( () => 'aborted' );
			await new Promise( ( resolve ) => setTimeout( resolve, 50 ) );
			expect( await sidecar.close() ).toBe( false );
			expect( await pending ).toBe( 'aborted' );
		} finally {
			box.faults.set( {} );
		}
	} );
} );
