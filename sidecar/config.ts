/**
 * Sidecar configuration: command-line flags over environment variables, validated with zod.
 * A bad setting is reported by its flag and variable name; secrets never appear in messages.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const DEFAULT_PORT = 8787;

/**
 * 127.0.0.0/8, ::1 and "localhost": the sidecar never listens anywhere else.
 * @param host Address or host name.
 */
export function isLoopback( host: string ): boolean {
	if ( host === 'localhost' || host === '::1' ) {
		return true;
	}
	return isIP( host ) === 4 && host.startsWith( '127.' );
}

const keyIdSchema = z
	.string()
	.regex(
		/^[A-Za-z0-9._-]{1,64}$/,
		'a key id is 1-64 letters, digits, ".", "_" or "-"'
	);
const secretSchema = z
	.string()
	.min( 16, 'a secret must be at least 16 characters long' );

export const configSchema = z.object( {
	host: z
		.string()
		.refine(
			isLoopback,
			'only a loopback address is allowed (127.0.0.1, ::1 or localhost)'
		)
		.default( '127.0.0.1' ),
	port: z.number().int().min( 0 ).max( 65535 ).default( DEFAULT_PORT ),
	/** Key id → shared secret, one pair per site. */
	secrets: z
		.map( keyIdSchema, secretSchema )
		.refine( ( map ) => map.size > 0, 'at least one key:secret pair' ),
	perfex: z
		.object( {
			/** Per-attempt timeout of a Perfex request. */
			timeoutMs: z
				.number()
				.int()
				.min( 100 )
				.max( 300_000 )
				.default( 15_000 ),
			/** Attempts per Perfex request, the first included. */
			maxAttempts: z.number().int().min( 1 ).max( 10 ).default( 4 ),
			retryBaseMs: z.number().int().min( 0 ).max( 60_000 ).default( 250 ),
			retryMaxMs: z
				.number()
				.int()
				.min( 0 )
				.max( 120_000 )
				.default( 5_000 ),
		} )
		.default( () => ( {
			timeoutMs: 15_000,
			maxAttempts: 4,
			retryBaseMs: 250,
			retryMaxMs: 5_000,
		} ) ),
	/** How long a shutdown waits for requests in flight. */
	shutdownTimeoutMs: z
		.number()
		.int()
		.min( 0 )
		.max( 600_000 )
		.default( 30_000 ),
	/** Largest request body accepted. */
	maxBodyBytes: z
		.number()
		.int()
		.min( 1024 )
		.max( 100 * 1024 * 1024 )
		.default( 10 * 1024 * 1024 ),
	logLevel: z.enum( [ 'debug', 'info', 'warn', 'error' ] ).default( 'info' ),
	/** Serve GET /metrics without a signature (for a Prometheus scraper on the same host). */
	metricsUnsigned: z.boolean().default( false ),
} );

export type Config = z.output< typeof configSchema >;
export type ConfigInput = z.input< typeof configSchema >;

/** Where each setting comes from: flag, environment variable. */
export const SETTINGS = {
	host: { flag: '--host', env: 'WOOSYNC_SIDECAR_HOST' },
	port: { flag: '--port', env: 'WOOSYNC_SIDECAR_PORT' },
	secrets: {
		flag: '--secret-file',
		env: 'WOOSYNC_SIDECAR_SECRETS / WOOSYNC_SIDECAR_SECRET_FILE',
	},
	'perfex.timeoutMs': {
		flag: '--perfex-timeout-ms',
		env: 'WOOSYNC_SIDECAR_PERFEX_TIMEOUT_MS',
	},
	'perfex.maxAttempts': {
		flag: '--perfex-max-attempts',
		env: 'WOOSYNC_SIDECAR_PERFEX_MAX_ATTEMPTS',
	},
	'perfex.retryBaseMs': {
		flag: '--perfex-retry-base-ms',
		env: 'WOOSYNC_SIDECAR_PERFEX_RETRY_BASE_MS',
	},
	'perfex.retryMaxMs': {
		flag: '--perfex-retry-max-ms',
		env: 'WOOSYNC_SIDECAR_PERFEX_RETRY_MAX_MS',
	},
	shutdownTimeoutMs: {
		flag: '--shutdown-timeout-ms',
		env: 'WOOSYNC_SIDECAR_SHUTDOWN_TIMEOUT_MS',
	},
	maxBodyBytes: {
		flag: '--max-body-bytes',
		env: 'WOOSYNC_SIDECAR_MAX_BODY_BYTES',
	},
	logLevel: { flag: '--log-level', env: 'WOOSYNC_SIDECAR_LOG_LEVEL' },
	metricsUnsigned: {
		flag: '--metrics-unsigned',
		env: 'WOOSYNC_SIDECAR_METRICS_UNSIGNED',
	},
} as const;

export const USAGE = `Usage: node woosync-sidecar.mjs [options]

Options (each also read from the environment variable shown):
  --host ADDR                 loopback address to listen on (WOOSYNC_SIDECAR_HOST, default 127.0.0.1)
  --port N                    port, 0 = any free port (WOOSYNC_SIDECAR_PORT, default ${ DEFAULT_PORT })
  --secret-file PATH          file with one "keyid:secret" per line (WOOSYNC_SIDECAR_SECRET_FILE)
                              or WOOSYNC_SIDECAR_SECRETS="site1:secret1,site2:secret2"
  --perfex-timeout-ms N       per-attempt Perfex timeout (WOOSYNC_SIDECAR_PERFEX_TIMEOUT_MS, 15000)
  --perfex-max-attempts N     attempts per Perfex request (WOOSYNC_SIDECAR_PERFEX_MAX_ATTEMPTS, 4)
  --perfex-retry-base-ms N    first retry delay (WOOSYNC_SIDECAR_PERFEX_RETRY_BASE_MS, 250)
  --perfex-retry-max-ms N     longest retry delay (WOOSYNC_SIDECAR_PERFEX_RETRY_MAX_MS, 5000)
  --shutdown-timeout-ms N     wait for requests in flight on SIGTERM (WOOSYNC_SIDECAR_SHUTDOWN_TIMEOUT_MS, 30000)
  --max-body-bytes N          largest request body (WOOSYNC_SIDECAR_MAX_BODY_BYTES, 10485760)
  --log-level LEVEL           debug, info, warn or error (WOOSYNC_SIDECAR_LOG_LEVEL, info)
  --metrics-unsigned          serve GET /metrics without a signature (WOOSYNC_SIDECAR_METRICS_UNSIGNED=1)
  --help                      this text
`;

export class ConfigError extends Error {
	constructor( message: string ) {
		super( message );
		this.name = 'ConfigError';
	}
}

function settingName( path: string ): string {
	const where = SETTINGS[ path as keyof typeof SETTINGS ] as
		{ flag: string; env: string } | undefined;
	return where ? `${ path } (${ where.flag } / ${ where.env })` : path;
}

/**
 * "site1:secret1,site2:secret2" or one pair per line; "#" starts a comment line.
 * @param text  The pairs.
 * @param where Named in error messages (never the secret itself).
 */
export function parseSecrets(
	text: string,
	where: string
): Map< string, string > {
	const map = new Map< string, string >();
	const entries = text
		.split( /[\n,]/ )
		.map( ( entry ) => entry.trim() )
		.filter( ( entry ) => entry !== '' && ! entry.startsWith( '#' ) );
	entries.forEach( ( entry, index ) => {
		const colon = entry.indexOf( ':' );
		if ( colon <= 0 ) {
			throw new ConfigError(
				`secrets (${ where }): entry ${ index + 1 } is not "keyid:secret"`
			);
		}
		const keyId = entry.slice( 0, colon ).trim();
		if ( map.has( keyId ) ) {
			throw new ConfigError(
				`secrets (${ where }): key id "${ keyId }" appears twice`
			);
		}
		map.set( keyId, entry.slice( colon + 1 ).trim() );
	} );
	return map;
}

function integer(
	value: string | undefined,
	path: string
): number | undefined {
	if ( value === undefined || value === '' ) {
		return undefined;
	}
	if ( ! /^-?\d+$/.test( value.trim() ) ) {
		throw new ConfigError(
			`${ settingName( path ) }: expected a whole number, got "${ value }"`
		);
	}
	return Number( value.trim() );
}

function boolean( value: string | boolean | undefined ): boolean | undefined {
	if ( value === undefined || value === '' ) {
		return undefined;
	}
	if ( typeof value === 'boolean' ) {
		return value;
	}
	return [ '1', 'true', 'yes', 'on' ].includes( value.trim().toLowerCase() );
}

/**
 * Validates a configuration object; throws ConfigError naming the first bad settings.
 * @param input
 */
export function validateConfig( input: ConfigInput ): Config {
	const parsed = configSchema.safeParse( input );
	if ( parsed.success ) {
		return parsed.data;
	}
	const lines = parsed.error.issues.map( ( issue ) => {
		const path = issue.path
			.filter( ( part ) => typeof part === 'string' )
			.join( '.' );
		const top = path.startsWith( 'secrets' ) ? 'secrets' : path;
		return `${ settingName( top ) }: ${ issue.message }`;
	} );
	throw new ConfigError(
		`Invalid sidecar configuration:\n- ${ lines.join( '\n- ' ) }`
	);
}

export type CliResult =
	{ kind: 'help'; text: string } | { kind: 'config'; config: Config };

/**
 * Flags over environment variables. Secrets come from the environment or a file only (a
 * command line is visible to every user of the machine).
 * @param argv Arguments after the script name.
 * @param env  Environment variables.
 */
export function loadConfig(
	argv: readonly string[],
	env: Readonly< Record< string, string | undefined > >
): CliResult {
	let values: Record< string, string | boolean | undefined >;
	try {
		values = parseArgs( {
			args: [ ...argv ],
			strict: true,
			allowPositionals: false,
			options: {
				host: { type: 'string' },
				port: { type: 'string' },
				'secret-file': { type: 'string' },
				'perfex-timeout-ms': { type: 'string' },
				'perfex-max-attempts': { type: 'string' },
				'perfex-retry-base-ms': { type: 'string' },
				'perfex-retry-max-ms': { type: 'string' },
				'shutdown-timeout-ms': { type: 'string' },
				'max-body-bytes': { type: 'string' },
				'log-level': { type: 'string' },
				'metrics-unsigned': { type: 'boolean' },
				help: { type: 'boolean' },
			},
		} ).values;
	} catch ( error ) {
		throw new ConfigError(
			`${ error instanceof Error ? error.message : String( error ) }\n\n${ USAGE }`
		);
	}
	if ( values.help ) {
		return { kind: 'help', text: USAGE };
	}
	const pick = ( flag: string, envName: string ): string | undefined => {
		const value = values[ flag ];
		return typeof value === 'string' ? value : env[ envName ];
	};
	let secrets = new Map< string, string >();
	const secretFile = pick( 'secret-file', 'WOOSYNC_SIDECAR_SECRET_FILE' );
	if ( secretFile ) {
		let text: string;
		try {
			text = readFileSync( secretFile, 'utf8' );
		} catch ( error ) {
			throw new ConfigError(
				`secrets (--secret-file / WOOSYNC_SIDECAR_SECRET_FILE): cannot read ${ secretFile }: ${
					( error as NodeJS.ErrnoException ).code ?? String( error )
				}`
			);
		}
		secrets = parseSecrets( text, secretFile );
	}
	if ( env.WOOSYNC_SIDECAR_SECRETS ) {
		for ( const [ keyId, secret ] of parseSecrets(
			env.WOOSYNC_SIDECAR_SECRETS,
			'WOOSYNC_SIDECAR_SECRETS'
		) ) {
			if ( secrets.has( keyId ) ) {
				throw new ConfigError(
					`secrets: key id "${ keyId }" is both in the secret file and in WOOSYNC_SIDECAR_SECRETS`
				);
			}
			secrets.set( keyId, secret );
		}
	}
	const logLevel = pick( 'log-level', 'WOOSYNC_SIDECAR_LOG_LEVEL' );
	const input = {
		host: pick( 'host', 'WOOSYNC_SIDECAR_HOST' ),
		port: integer( pick( 'port', 'WOOSYNC_SIDECAR_PORT' ), 'port' ),
		secrets,
		perfex: {
			timeoutMs: integer(
				pick(
					'perfex-timeout-ms',
					'WOOSYNC_SIDECAR_PERFEX_TIMEOUT_MS'
				),
				'perfex.timeoutMs'
			),
			maxAttempts: integer(
				pick(
					'perfex-max-attempts',
					'WOOSYNC_SIDECAR_PERFEX_MAX_ATTEMPTS'
				),
				'perfex.maxAttempts'
			),
			retryBaseMs: integer(
				pick(
					'perfex-retry-base-ms',
					'WOOSYNC_SIDECAR_PERFEX_RETRY_BASE_MS'
				),
				'perfex.retryBaseMs'
			),
			retryMaxMs: integer(
				pick(
					'perfex-retry-max-ms',
					'WOOSYNC_SIDECAR_PERFEX_RETRY_MAX_MS'
				),
				'perfex.retryMaxMs'
			),
		},
		shutdownTimeoutMs: integer(
			pick(
				'shutdown-timeout-ms',
				'WOOSYNC_SIDECAR_SHUTDOWN_TIMEOUT_MS'
			),
			'shutdownTimeoutMs'
		),
		maxBodyBytes: integer(
			pick( 'max-body-bytes', 'WOOSYNC_SIDECAR_MAX_BODY_BYTES' ),
			'maxBodyBytes'
		),
		logLevel: logLevel === '' ? undefined : logLevel,
		metricsUnsigned: boolean(
			values[ 'metrics-unsigned' ] ?? env.WOOSYNC_SIDECAR_METRICS_UNSIGNED
		),
	};
	return {
		kind: 'config',
		config: validateConfig( input as ConfigInput ),
	};
}
