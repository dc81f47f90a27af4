/**
 * What the benchmarks that run against the local stack share: finding it (env.json from
 * $WOOSYNC_WORK or work/default), logging a user in over HTTP, running a PHP driver inside the
 * site, and percentiles. Not a benchmark itself (tests/bench/run.ts reads only its own folder).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const root = join(
	dirname( fileURLToPath( import.meta.url ) ),
	'../../..'
);

/** What every stack benchmark reads from env.json. */
export interface Site {
	wordpress: { url: string };
	users: Record< string, { login: string; password: string } >;
}

export function envFile(): string {
	return join(
		process.env.WOOSYNC_WORK || join( root, 'work/default' ),
		'env.json'
	);
}

export function percentile( sorted: number[], p: number ): number {
	const index = Math.min(
		sorted.length - 1,
		Math.ceil( ( p / 100 ) * sorted.length ) - 1
	);
	return sorted[ Math.max( 0, index ) ] ?? NaN;
}

async function answers( url: string ): Promise< boolean > {
	try {
		const res = await fetch( url, { signal: AbortSignal.timeout( 2000 ) } );
		return res.status < 500;
	} catch {
		return false;
	}
}

/**
 * The running stack's env.json, or why there is none.
 *
 * @param needs The parts the benchmark needs, as [what, address that answers when it is up].
 */
export async function runningStack< E extends Site >(
	needs: ( env: E ) => Array< [ string, string ] >
): Promise< E | string > {
	const file = envFile();
	if ( ! existsSync( file ) ) {
		return `no local stack: ${ file } is missing (start one with \`bash bin/env.sh up\`, or set WOOSYNC_WORK)`;
	}
	const env = JSON.parse( readFileSync( file, 'utf8' ) ) as E;
	for ( const [ what, url ] of needs( env ) ) {
		if ( ! ( await answers( url ) ) ) {
			return `no local stack running: ${ what } does not answer at ${ url } (start it with \`bash bin/env.sh up\`)`;
		}
	}
	return env;
}

/**
 * Cookie header of a logged-in user and a REST nonce.
 *
 * @param env The stack.
 * @param who Key under env.json's users.
 */
export async function login(
	env: Site,
	who: string
): Promise< { cookie: string; nonce: string } > {
	const user = env.users[ who ];
	if ( ! user ) {
		throw new Error( `env.json has no user ${ who }` );
	}
	const res = await fetch( `${ env.wordpress.url }/wp-login.php`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
		},
		body: new URLSearchParams( {
			log: user.login,
			pwd: user.password,
			testcookie: '1',
			redirect_to: '/wp-admin/',
		} ).toString(),
	} );
	const cookie = res.headers
		.getSetCookie()
		.map( ( line ) => line.split( ';' )[ 0 ] )
		.join( '; ' );
	const nonce = await (
		await fetch(
			`${ env.wordpress.url }/wp-admin/admin-ajax.php?action=rest-nonce`,
			{ headers: { cookie } }
		)
	).text();
	if ( ! /^[0-9a-f]{10}$/.test( nonce ) ) {
		throw new Error(
			`login as ${ who } failed (nonce answer: ${ nonce })`
		);
	}
	return { cookie, nonce };
}

/**
 * The command line of a PHP driver in tests/bench/ (it loads the site through lib/wp-load.php).
 *
 * @param script Its file name.
 * @param args   Its arguments after env.json.
 */
export const driverArgs = ( script: string, ...args: string[] ) => [
	'-d',
	'memory_limit=1G',
	join( root, 'tests/bench', script ),
	envFile(),
	...args,
];

/**
 * Runs a PHP driver and reads its answer: the JSON after its last `WOOSYNC_BENCH_JSON ` marker.
 *
 * @param script Its file name.
 * @param args   Its arguments after env.json.
 */
export async function driver< T >(
	script: string,
	...args: string[]
): Promise< T > {
	const { stdout } = await promisify( execFile )(
		'php',
		driverArgs( script, ...args ),
		{ maxBuffer: 64 * 1024 * 1024 }
	);
	const marker = 'WOOSYNC_BENCH_JSON ';
	const at = stdout.lastIndexOf( marker );
	if ( at < 0 ) {
		throw new Error( `${ script } answered: ${ stdout.slice( -500 ) }` );
	}
	return JSON.parse( stdout.slice( at + marker.length ) ) as T;
}
