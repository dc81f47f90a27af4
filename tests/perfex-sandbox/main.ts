/**
 * CLI: `npm run sandbox -- --port 8099 --data .sandbox --token dev-token`
 *
 * Flags:
 *   --port P               0 picks a free port (default 0); listens on 127.0.0.1 only
 *   --data DIR             where perfex.sqlite lives (default: in memory, nothing kept)
 *   --token T              admin token with every permission (repeatable; at least one)
 *   --latency MS           added latency on every /api request
 *   --error-rate PATH=R    answer 500 on R (0..1) of requests whose path starts with PATH (repeatable)
 *   --fault JSON           any fault rule, e.g. '{"path":"/invoices","method":"POST","kind":"drop","times":1}'
 *   --seed N               seed for fault rates (default 1)
 *   --webhook-events code|full   'code' (default) never fires invoice_paid/status_changed, like module v3.0.0
 *   --webhook-retry-ms LIST      comma list of retry delays (default 1000,5000,15000,60000,240000)
 *   --today YYYY-MM-DD     pretend today is this date
 */
import { parseArgs } from 'node:util';
import { faultRuleSchema, type FaultRule } from './faults';
import { startSandbox } from './server';

function fatal( message: string ): never {
	process.stderr.write(
		`${ JSON.stringify( { event: 'error', message } ) }\n`
	);
	process.exit( 2 );
}

const { values } = parseArgs( {
	options: {
		port: { type: 'string', default: '0' },
		data: { type: 'string' },
		token: { type: 'string', multiple: true },
		latency: { type: 'string', default: '0' },
		'error-rate': { type: 'string', multiple: true },
		fault: { type: 'string', multiple: true },
		seed: { type: 'string', default: '1' },
		'webhook-events': { type: 'string', default: 'code' },
		'webhook-retry-ms': { type: 'string' },
		today: { type: 'string' },
	},
	strict: true,
} );

const tokens = values.token ?? [];
if ( tokens.length === 0 ) {
	fatal( '--token is required' );
}
const port = Number( values.port );
if ( ! Number.isInteger( port ) || port < 0 || port > 65535 ) {
	fatal( `bad --port ${ values.port }` );
}
const rules: FaultRule[] = [];
for ( const spec of values[ 'error-rate' ] ?? [] ) {
	const [ path, rate ] = spec.split( '=' );
	rules.push(
		faultRuleSchema.parse( { path, kind: 'error', rate: Number( rate ) } )
	);
}
for ( const spec of values.fault ?? [] ) {
	try {
		rules.push( faultRuleSchema.parse( JSON.parse( spec ) ) );
	} catch ( error ) {
		fatal(
			`bad --fault ${ spec }: ${ error instanceof Error ? error.message : String( error ) }`
		);
	}
}
const mode = values[ 'webhook-events' ];
if ( mode !== 'code' && mode !== 'full' ) {
	fatal( '--webhook-events must be code or full' );
}

const sandbox = await startSandbox( {
	port,
	dataDir: values.data ?? null,
	tokens,
	faults: {
		latencyMs: Number( values.latency ) || 0,
		seed: Number( values.seed ) || 1,
		rules,
	},
	webhookEvents: mode,
	webhookRetryDelaysMs: values[ 'webhook-retry-ms' ]
		?.split( ',' )
		.map( Number ),
	today: values.today,
	log: ( line ) => process.stderr.write( `${ JSON.stringify( line ) }\n` ),
} );

process.stdout.write(
	`${ JSON.stringify( {
		event: 'listening',
		url: sandbox.apiUrl,
		port: sandbox.port,
		admin: `${ sandbox.url }/__sandbox`,
		page: `${ sandbox.url }/?authtoken=<token>`,
	} ) }\n`
);

let stopping = false;
const stop = ( signal: string ) => {
	if ( stopping ) {
		return;
	}
	stopping = true;
	sandbox
		.close()
		.then( () => {
			process.stdout.write(
				`${ JSON.stringify( { event: 'stopped', signal } ) }\n`
			);
			process.exit( 0 );
		} )
		.catch( ( error: unknown ) => fatal( String( error ) ) );
};
process.on( 'SIGTERM', () => stop( 'SIGTERM' ) );
process.on( 'SIGINT', () => stop( 'SIGINT' ) );
