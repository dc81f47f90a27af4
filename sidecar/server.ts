/**
 * node:http adapter for the app: loopback only, body size limit, graceful shutdown (stop
 * accepting, let requests in flight finish within a bounded wait, then close).
 */
import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isLoopback, type Config } from './config';
import { createApp, type App, type AppOptions } from './app';
import { HEADER_KEY, HEADER_SIGNATURE } from './signing';

export interface RunningSidecar {
	app: App;
	server: Server;
	/** `http://127.0.0.1:<port>` */
	url: string;
	port: number;
	/**
	 * Stops accepting, waits up to `shutdownTimeoutMs` for requests in flight, then closes every
	 * connection. Resolves true when every request finished in time.
	 */
	close: () => Promise< boolean >;
}

class BodyTooLarge extends Error {}

async function readBody(
	req: IncomingMessage,
	limit: number
): Promise< Buffer > {
	const declared = Number( req.headers[ 'content-length' ] ?? 0 );
	if ( declared > limit ) {
		throw new BodyTooLarge();
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await ( const chunk of req ) {
		size += ( chunk as Buffer ).length;
		if ( size > limit ) {
			throw new BodyTooLarge();
		}
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}

function send(
	res: ServerResponse,
	status: number,
	headers: Record< string, string >,
	body: string
): void {
	res.writeHead( status, {
		...headers,
		'content-length': String( Buffer.byteLength( body ) ),
	} );
	res.end( body );
}

export async function startSidecar(
	config: Config,
	options: AppOptions = {}
): Promise< RunningSidecar > {
	if ( ! isLoopback( config.host ) ) {
		throw new RangeError(
			`host ${ config.host } is not a loopback address`
		);
	}
	const app = createApp( config, options );
	const sockets = new Set< Socket >();
	const busy = new Set< Socket >();
	let inFlight = 0;
	let drained: ( () => void ) | null = null;

	const server = createServer( ( req, res ) => {
		inFlight++;
		busy.add( req.socket );
		const done = () => {
			inFlight--;
			busy.delete( req.socket );
			if ( app.draining ) {
				req.socket.end();
			}
			if ( inFlight === 0 && drained ) {
				drained();
			}
		};
		res.once( 'close', done );
		// A request that cannot be signed (no signature, or a key id this sidecar does not
		// know) is answered 401 without its body being read: no one buffers megabytes here
		// without a secret. Unsigned routes (/livez) carry no body anyway.
		const key = req.headers[ HEADER_KEY ];
		const signable =
			typeof key === 'string' &&
			config.secrets.has( key ) &&
			typeof req.headers[ HEADER_SIGNATURE ] === 'string';
		( signable
			? readBody( req, config.maxBodyBytes )
			: Promise.resolve( Buffer.alloc( 0 ) )
		)
			.then( ( body ) =>
				app.handle( {
					method: req.method ?? 'GET',
					url: req.url ?? '/',
					headers: req.headers,
					body,
				} )
			)
			.then( ( response ) =>
				send( res, response.status, response.headers, response.body )
			)
			.catch( ( error: unknown ) => {
				if ( res.headersSent ) {
					res.destroy();
					return;
				}
				const tooLarge = error instanceof BodyTooLarge;
				if ( ! tooLarge ) {
					app.logger.error( 'request failed', {
						error:
							error instanceof Error
								? error.stack
								: String( error ),
					} );
				}
				send(
					res,
					tooLarge ? 413 : 500,
					{
						'content-type': 'application/json; charset=utf-8',
						connection: 'close',
					},
					JSON.stringify( {
						error: tooLarge
							? {
									code: 'body_too_large',
									message: `The request body is larger than ${ config.maxBodyBytes } bytes.`,
								}
							: {
									code: 'sidecar_error',
									message:
										'The sidecar hit an unexpected error.',
								},
					} )
				);
			} );
	} );
	server.keepAliveTimeout = 5_000;
	server.on( 'connection', ( socket ) => {
		sockets.add( socket );
		socket.on( 'close', () => {
			sockets.delete( socket );
			busy.delete( socket );
		} );
	} );
	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( config.port, config.host, () => {
			server.off( 'error', reject );
			resolve();
		} );
	} );
	const port = ( server.address() as AddressInfo ).port;
	const host = config.host.includes( ':' )
		? `[${ config.host }]`
		: config.host;
	const url = `http://${ host }:${ port }`;

	let closing: Promise< boolean > | null = null;
	const close = (): Promise< boolean > => {
		closing ??= ( async () => {
			app.draining = true;
			const closed = new Promise< void >( ( resolve ) =>
				server.close( () => resolve() )
			);
			// Idle keep-alive connections would hold close() open: end them now.
			for ( const socket of sockets ) {
				if ( ! busy.has( socket ) ) {
					socket.end();
				}
			}
			let finished = true;
			if ( inFlight > 0 ) {
				finished = await new Promise< boolean >( ( resolve ) => {
					const timer = setTimeout(
						() => resolve( false ),
						config.shutdownTimeoutMs
					);
					drained = () => {
						clearTimeout( timer );
						resolve( true );
					};
				} );
			}
			for ( const socket of sockets ) {
				socket.destroy();
			}
			await closed;
			app.logger.notice( 'stopped', {
				event: 'stopped',
				finished_in_flight: finished,
			} );
			return finished;
		} )();
		return closing;
	};

	app.logger.notice( 'listening', { event: 'listening', url } );
	return { app, server, url, port, close };
}
