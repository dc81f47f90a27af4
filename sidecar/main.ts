/**
 * Entry point: `node build/woosync-sidecar.mjs [--port N] [--host 127.0.0.1] [--secret-file F]`
 * (see config.ts for every flag and environment variable). Exits 2 on a bad configuration,
 * 1 when it cannot listen, 0 after a graceful shutdown (SIGTERM / SIGINT).
 */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { startSidecar } from './server';

async function main(): Promise< number | null > {
	let loaded;
	try {
		loaded = loadConfig( process.argv.slice( 2 ), process.env );
	} catch ( error ) {
		if ( error instanceof ConfigError ) {
			process.stderr.write( `woosync-sidecar: ${ error.message }\n` );
			return 2;
		}
		throw error;
	}
	if ( loaded.kind === 'help' ) {
		process.stdout.write( loaded.text );
		return 0;
	}
	const config = loaded.config;
	const logger = createLogger( config.logLevel );
	let sidecar;
	try {
		sidecar = await startSidecar( config, { logger } );
	} catch ( error ) {
		logger.error( 'cannot listen', {
			event: 'listen_failed',
			host: config.host,
			port: config.port,
			error: error instanceof Error ? error.message : String( error ),
		} );
		return 1;
	}
	const running = sidecar;
	const stop = ( signal: string ) => {
		logger.notice( 'shutting down', {
			event: 'shutdown',
			signal,
			in_flight: running.app.metrics.inFlight,
		} );
		running.close().then(
			() => process.exit( 0 ),
			() => process.exit( 1 )
		);
	};
	process.once( 'SIGTERM', () => stop( 'SIGTERM' ) );
	process.once( 'SIGINT', () => stop( 'SIGINT' ) );
	return null;
}

main().then(
	( code ) => {
		if ( code !== null ) {
			process.exit( code );
		}
	},
	( error: unknown ) => {
		process.stderr.write(
			`woosync-sidecar: ${ error instanceof Error ? error.stack : String( error ) }\n`
		);
		process.exit( 1 );
	}
);
