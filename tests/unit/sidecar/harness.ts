/**
 * Sidecar test harness: an in-process Perfex sandbox on a free port, a sidecar app with tiny
 * Perfex retry delays, signed injected requests, and order inputs from the core fixtures.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	createApp,
	createLogger,
	signedHeaders,
	validateConfig,
	type App,
	type AppOptions,
	type Config,
	type ConfigInput,
} from '../../../sidecar';
import { startSandbox, type RunningSandbox } from '../../perfex-sandbox/server';

export const KEY_ID = 'site1';
export const SECRET = 'test-secret-0123456789abcdef';
export const PERFEX_TOKEN = 'sidecar-test-perfex-token';

export function testConfig( overrides: Partial< ConfigInput > = {} ): Config {
	return validateConfig( {
		port: 0,
		secrets: new Map( [ [ KEY_ID, SECRET ] ] ),
		perfex: {
			timeoutMs: 2_000,
			maxAttempts: 4,
			retryBaseMs: 5,
			retryMaxMs: 20,
		},
		shutdownTimeoutMs: 5_000,
		logLevel: 'error',
		...overrides,
	} );
}

/** Log lines captured from the app, parsed. */
export interface Captured {
	lines: string[];
	records: () => Array< Record< string, unknown > >;
}

export function testApp(
	overrides: Partial< ConfigInput > = {},
	options: AppOptions = {}
): { app: App; logs: Captured } {
	const lines: string[] = [];
	const config = testConfig( overrides );
	const app = createApp( config, {
		logger: createLogger( 'debug', ( line ) => lines.push( line ) ),
		...options,
	} );
	return {
		app,
		logs: {
			lines,
			records: () =>
				lines.map(
					( line ) => JSON.parse( line ) as Record< string, unknown >
				),
		},
	};
}

export async function sandbox(): Promise< RunningSandbox > {
	return startSandbox( {
		tokens: [ PERFEX_TOKEN ],
		dataDir: null,
		today: '2026-03-10',
	} );
}

export interface Signed {
	status: number;
	headers: Record< string, string >;
	body: string;
	json: () => any;
}

/**
 * A signed request injected into the app (no socket).
 * @param app
 * @param method
 * @param path
 * @param body
 */
export async function call(
	app: App,
	method: string,
	path: string,
	body?: unknown
): Promise< Signed > {
	const raw = body === undefined ? '' : JSON.stringify( body );
	return app.inject( {
		method,
		url: path,
		headers: {
			...signedHeaders( KEY_ID, SECRET, method, path, raw ),
			'content-type': 'application/json',
		},
		body: raw === '' ? undefined : raw,
	} ) as Promise< Signed >;
}

interface Fixture {
	config: { settings?: Record< string, unknown >; mappings?: unknown };
	order: Record< string, unknown >;
}

const fixturesDir = join(
	dirname( fileURLToPath( import.meta.url ) ),
	'../../fixtures/orders'
);

let sequence = 0;

/**
 * Settings, mappings and order of a core fixture, with a fresh order number and e-mail so
 * that tests sharing a sandbox do not meet each other's invoices.
 * @param name  Fixture file name without .json.
 * @param fresh Give the order a unique number (default true).
 */
export function orderInput(
	name = 'b-exclusive-ras-shipping-21pct',
	fresh = true
): {
	settings: Record< string, unknown >;
	mappings: unknown;
	order: Record< string, unknown > & {
		total: string;
		number: string;
		billing: Record< string, unknown >;
	};
} {
	const fixture = JSON.parse(
		readFileSync( join( fixturesDir, `${ name }.json` ), 'utf8' )
	) as Fixture;
	sequence++;
	const order = fixture.order as Record< string, unknown > & {
		total: string;
		number: string;
		billing: Record< string, unknown >;
	};
	if ( fresh ) {
		const number = String( 5000 + sequence );
		order.id = 5000 + sequence;
		order.number = number;
		order.billing = {
			...order.billing,
			email: `buyer${ number }@example.com`,
		};
	}
	return {
		settings: fixture.config.settings ?? {},
		mappings: fixture.config.mappings ?? {},
		order,
	};
}

export function perfexOf( box: RunningSandbox, token = PERFEX_TOKEN ) {
	return { url: box.url, token };
}
