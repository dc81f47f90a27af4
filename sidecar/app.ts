/**
 * The sidecar application: signing, routing, one schema per route, metrics and request logs.
 * Transport-free: `handle` takes a request value and gives a response value, so tests inject
 * requests without opening a port; server.ts adapts it to node:http.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import packageJson from '../package.json';
import { buildInvoiceFromParsed, orderSchema, perfexTotals } from '../core';
import { PerfexClient, type TransportEvent } from './perfex';
import type { Config } from './config';
import { createLogger, type Logger } from './log';
import { Metrics } from './metrics';
import {
	HEADER_KEY,
	HEADER_SIGNATURE,
	HEADER_TIMESTAMP,
	verify,
} from './signing';
import {
	INTERNAL_FAILURE,
	SHUTTING_DOWN,
	invalidFailure,
	perfexFailure,
	syncHttpStatus,
	zodIssues,
	type Failure,
} from './failures';
import {
	failureResult,
	invoiceSignature,
	syncInvoice,
	withPerfexCountries,
	type SyncInput,
} from './sync';
import { checkPerfex } from './check';
import {
	refundFailureResult,
	refundSignatureToken,
	syncRefund,
} from './refunds';
import {
	checkRequestSchema,
	checkResponseSchema,
	errorResponseSchema,
	healthResponseSchema,
	previewRequestSchema,
	previewResponseSchema,
	refundSyncRequestSchema,
	refundSyncResultSchema,
	statusRequestSchema,
	statusResponseSchema,
	syncBatchRequestSchema,
	syncBatchResponseSchema,
	syncRequestSchema,
	syncResultSchema,
	webhookRegisterRequestSchema,
	webhookRegisterResponseSchema,
	type PerfexConnection,
	type PreviewResponse,
	type RefundDocumentKind,
	type RefundSyncResult,
	type SyncResult,
} from './schemas';
import { isPerfexError } from './perfex';

export const VERSION: string = packageJson.version;

export interface AppRequest {
	method: string;
	/** Path with the query string, as received. */
	url: string;
	headers: Readonly< Record< string, string | string[] | undefined > >;
	body: Buffer;
}

export interface AppResponse {
	status: number;
	headers: Record< string, string >;
	body: string;
}

export interface InjectOptions {
	method: string;
	url: string;
	headers?: Record< string, string >;
	/** A string is sent as is; anything else as JSON. */
	body?: unknown;
}

export interface AppOptions {
	logger?: Logger;
	metrics?: Metrics;
	/** Clock in milliseconds (signature window, uptime). */
	now?: () => number;
	/** fetch used for Perfex (tests, instrumentation). */
	fetch?: typeof fetch;
}

export interface App {
	readonly config: Config;
	readonly metrics: Metrics;
	readonly logger: Logger;
	/** Set while shutting down: new work is refused with 503. */
	draining: boolean;
	handle: ( request: AppRequest ) => Promise< AppResponse >;
	inject: (
		options: InjectOptions
	) => Promise< AppResponse & { json: () => unknown } >;
}

interface Context {
	requestId: string;
	body: Buffer;
	query: URLSearchParams;
	/** Extra fields for the request's log line. */
	log: Record< string, unknown >;
}

interface RouteAnswer {
	status: number;
	body: unknown;
	contentType?: string;
}

interface Route {
	method: 'GET' | 'POST';
	path: string;
	signed: boolean;
	/** A sync route answers every failure with a sync result. */
	sync?: boolean;
	handler: ( ctx: Context ) => Promise< RouteAnswer >;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function header(
	headers: AppRequest[ 'headers' ],
	name: string
): string | undefined {
	const value = headers[ name ];
	return Array.isArray( value ) ? value[ 0 ] : value;
}

/**
 * The Perfex API base for a configured URL: `/api` is added when missing.
 * @param url The Perfex installation or its API base.
 */
export function perfexApiBase( url: string ): string {
	const trimmed = url.trim().replace( /\/+$/, '' );
	return /\/api$/i.test( trimmed ) ? trimmed : `${ trimmed }/api`;
}

function resourceOf( url: string ): string {
	const match = /\/api\/([A-Za-z_]+)/.exec( new URL( url ).pathname );
	return match?.[ 1 ] ?? 'other';
}

export function createApp( config: Config, options: AppOptions = {} ): App {
	const logger = options.logger ?? createLogger( config.logLevel );
	const metrics = options.metrics ?? new Metrics();
	const now = options.now ?? Date.now;
	const fetchImpl = options.fetch ?? fetch;
	const started = now();

	const instrumentedFetch: typeof fetch = async ( input, init ) => {
		const url = input instanceof Request ? input.url : String( input );
		const labels = {
			method: ( init?.method ?? 'GET' ).toUpperCase(),
			resource: resourceOf( url ),
		};
		const t0 = performance.now();
		const count = ( status: string ) => {
			metrics.perfexCalls.inc( { ...labels, status } );
			metrics.perfexSeconds.observe(
				labels,
				( performance.now() - t0 ) / 1000
			);
		};
		try {
			const response = await fetchImpl( input, init );
			count( String( response.status ) );
			return response;
		} catch ( error ) {
			const timeout =
				error instanceof Error &&
				( error.name === 'TimeoutError' ||
					error.name === 'AbortError' );
			count( timeout ? 'timeout' : 'network' );
			throw error;
		}
	};

	const perfexClient = (
		perfex: PerfexConnection,
		maxAttempts = config.perfex.maxAttempts
	): PerfexClient =>
		new PerfexClient( {
			baseUrl: perfexApiBase( perfex.url ),
			token: perfex.token,
			timeoutMs: config.perfex.timeoutMs,
			retry: {
				maxAttempts,
				baseDelayMs: config.perfex.retryBaseMs,
				maxDelayMs: config.perfex.retryMaxMs,
				maxRetryAfterMs: Math.max( config.perfex.retryMaxMs, 1_000 ),
			},
			fetch: instrumentedFetch,
			onEvent: ( event: TransportEvent ) => {
				if ( event.type === 'retry' ) {
					metrics.perfexRetries.inc( {
						method: event.method,
						resource:
							/^\/([A-Za-z_]+)/.exec( event.path )?.[ 1 ] ??
							'other',
					} );
				}
			},
		} );

	// Syncs of one order (same Perfex, same signature) run one after the other inside this
	// process, so a retry that arrives while the first attempt still runs finds its invoice
	// instead of creating a second one. Entries live only while a sync runs.
	const running = new Map< string, Promise< unknown > >();
	const oneAtATime = async < T >(
		key: string,
		work: () => Promise< T >
	): Promise< T > => {
		const before = running.get( key ) ?? Promise.resolve();
		const mine = before.catch( () => undefined ).then( work );
		running.set( key, mine );
		try {
			return await mine;
		} finally {
			if ( running.get( key ) === mine ) {
				running.delete( key );
			}
		}
	};
	const syncOne = (
		client: PerfexClient,
		input: SyncInput,
		ctx: Context
	): Promise< SyncResult > =>
		oneAtATime(
			`${ client.transport.baseUrl }\n${ invoiceSignature(
				input.settings,
				input.order
			) }`,
			() => syncInvoice( client, input, unexpected( ctx ) )
		);

	/**
	 * Counts a sync's outcome (invoice or refund), and its Perfex failure if it is one.
	 * @param result The sync result.
	 */
	const countSync = ( result: SyncResult | RefundSyncResult ) => {
		const code = result.error?.code ?? '';
		metrics.syncOutcomes.inc( { outcome: result.outcome, code } );
		if ( code.startsWith( 'perfex_' ) ) {
			metrics.perfexFailures.inc( { code } );
		}
	};

	const refundAnswer = ( result: RefundSyncResult ): RouteAnswer => {
		countSync( result );
		return answer(
			refundSyncResultSchema,
			syncHttpStatus( result.outcome, result.error?.code ),
			result
		);
	};

	const refundRoute = ( kind: RefundDocumentKind, path: string ): Route => ( {
		method: 'POST',
		path,
		signed: true,
		sync: true,
		handler: async ( ctx ) => {
			const input = parse( ctx, refundSyncRequestSchema );
			if ( ! input.ok ) {
				return refundAnswer(
					refundFailureResult( kind, input.failure, null, null )
				);
			}
			const { perfex, order, refund, settings, mappings, invoice, link } =
				input.data;
			ctx.log.order_id = order.id;
			ctx.log.refund_id = refund.id;
			const client = perfexClient( perfex );
			const result = await oneAtATime(
				`${ client.transport.baseUrl }\n${ refundSignatureToken(
					settings,
					order,
					refund
				) }`,
				() =>
					syncRefund(
						client,
						{
							kind,
							order,
							refund,
							settings,
							mappings,
							invoice,
							link,
						},
						unexpected( ctx )
					)
			);
			ctx.log.outcome = result.outcome;
			ctx.log.code = result.error?.code;
			return refundAnswer( result );
		},
	} );

	const unexpected = ( ctx: Context ) => ( error: unknown ) => {
		logger.error( 'unexpected error', {
			request_id: ctx.requestId,
			error: error instanceof Error ? error.stack : String( error ),
		} );
	};

	const answer = < S extends z.ZodType >(
		schema: S,
		status: number,
		value: z.input< S >
	): RouteAnswer => ( { status, body: schema.parse( value ) } );

	const errorAnswer = (
		status: number,
		code: string,
		message: string,
		extra: {
			transient?: boolean;
			issues?: { path: string; message: string }[];
		} = {}
	): RouteAnswer =>
		answer( errorResponseSchema, status, {
			error: { code, message, ...extra },
		} );

	const failureAnswer = ( failure: Failure ): RouteAnswer =>
		errorAnswer(
			failure.outcome === 'failed' ? 502 : 422,
			failure.code,
			failure.message,
			{ transient: failure.transient }
		);

	/**
	 * 422 with the issues of a body its route's schema refused.
	 * @param input         The failed parse.
	 * @param input.failure What was wrong, in words.
	 * @param input.issues  Each refused field.
	 */
	const invalidAnswer = ( input: {
		failure: Failure;
		issues: { path: string; message: string }[];
	} ): RouteAnswer =>
		errorAnswer( 422, input.failure.code, input.failure.message, {
			issues: input.issues,
		} );

	/**
	 * The answer to a Perfex client error (counted); anything else is rethrown.
	 * @param error What the Perfex calls threw.
	 */
	const perfexErrorAnswer = ( error: unknown ): RouteAnswer => {
		if ( ! isPerfexError( error ) ) {
			throw error;
		}
		const failure = perfexFailure( error );
		metrics.perfexFailures.inc( { code: failure.code } );
		return failureAnswer( failure );
	};

	const syncAnswer = ( result: SyncResult ): RouteAnswer => {
		countSync( result );
		return answer(
			syncResultSchema,
			syncHttpStatus( result.outcome, result.error?.code ),
			result
		);
	};

	/**
	 * JSON body parsed with the route's schema, or the failure to answer.
	 * @param ctx
	 * @param schema
	 */
	const parse = < S extends z.ZodType >(
		ctx: Context,
		schema: S
	):
		| { ok: true; data: z.output< S > }
		| {
				ok: false;
				failure: Failure;
				issues: { path: string; message: string }[];
		  } => {
		let json: unknown;
		try {
			json = JSON.parse( ctx.body.toString( 'utf8' ) );
		} catch {
			const issues = [
				{ path: '(body)', message: 'the body is not valid JSON' },
			];
			return { ok: false, failure: invalidFailure( issues ), issues };
		}
		const parsed = schema.safeParse( json );
		if ( ! parsed.success ) {
			const issues = zodIssues( parsed.error );
			return { ok: false, failure: invalidFailure( issues ), issues };
		}
		return { ok: true, data: parsed.data };
	};

	const routes: Route[] = [
		{
			method: 'GET',
			path: '/livez',
			signed: false,
			handler: async () => ( {
				status: 200,
				body: 'ok\n',
				contentType: 'text/plain; charset=utf-8',
			} ),
		},
		{
			method: 'GET',
			path: '/v1/health',
			signed: true,
			handler: async () =>
				answer( healthResponseSchema, 200, {
					status: 'ok',
					version: VERSION,
					uptime_s: Math.max(
						0,
						Math.round( ( now() - started ) / 1000 )
					),
				} ),
		},
		{
			method: 'GET',
			path: '/metrics',
			signed: ! config.metricsUnsigned,
			handler: async () => ( {
				status: 200,
				body: metrics.render(),
				contentType: 'text/plain; version=0.0.4; charset=utf-8',
			} ),
		},
		{
			method: 'POST',
			path: '/v1/invoices/sync',
			signed: true,
			sync: true,
			handler: async ( ctx ) => {
				const input = parse( ctx, syncRequestSchema );
				if ( ! input.ok ) {
					return syncAnswer( failureResult( input.failure, null ) );
				}
				const { perfex, order, settings, mappings, link } = input.data;
				ctx.log.order_id = order.id;
				const result = await syncOne(
					perfexClient( perfex ),
					{ order, settings, mappings, link },
					ctx
				);
				ctx.log.outcome = result.outcome;
				ctx.log.invoice_id =
					result.invoice?.id ?? result.error?.invoice_id;
				ctx.log.code = result.error?.code;
				return syncAnswer( result );
			},
		},
		refundRoute( 'credit_note', '/v1/credit-notes/sync' ),
		refundRoute( 'expense', '/v1/expenses/sync' ),
		{
			method: 'POST',
			path: '/v1/invoices/sync-batch',
			signed: true,
			handler: async ( ctx ) => {
				const input = parse( ctx, syncBatchRequestSchema );
				if ( ! input.ok ) {
					return invalidAnswer( input );
				}
				const { perfex, settings, mappings, items } = input.data;
				// One client for the batch (it remembers the invoice numbers it used); items one
				// after the other, so two items of one customer never race to create it.
				const client = perfexClient( perfex );
				const results: SyncResult[] = [];
				for ( const item of items ) {
					const order = orderSchema.safeParse( item.order );
					if ( ! order.success ) {
						const result = failureResult(
							invalidFailure( zodIssues( order.error ), 'order' ),
							null
						);
						countSync( result );
						results.push( result );
						continue;
					}
					const result = await syncOne(
						client,
						{
							order: order.data,
							settings,
							mappings,
							link: item.link,
						},
						ctx
					);
					countSync( result );
					results.push( result );
				}
				ctx.log.items = items.length;
				return answer( syncBatchResponseSchema, 200, { results } );
			},
		},
		{
			method: 'POST',
			path: '/v1/invoices/preview',
			signed: true,
			handler: async ( ctx ) => {
				const input = parse( ctx, previewRequestSchema );
				if ( ! input.ok ) {
					return answer( previewResponseSchema, 422, {
						kind: 'invalid',
						warnings: [],
						message: input.failure.message,
						issues: input.issues,
					} );
				}
				const built = buildInvoiceFromParsed( {
					...input.data,
					settings: withPerfexCountries(
						input.data.settings,
						input.data.order
					),
				} );
				let body: PreviewResponse;
				switch ( built.kind ) {
					case 'invoice':
						body = {
							kind: 'invoice',
							document: built.document,
							trace: built.trace,
							warnings: built.warnings,
							totals: perfexTotals(
								built.document,
								input.data.settings.perfex_decimals
							),
						};
						break;
					case 'skipped':
						body = {
							kind: 'skipped',
							warnings: built.warnings,
							message: built.message,
						};
						break;
					case 'refused':
						body = {
							kind: 'refused',
							warnings: built.warnings,
							refusal: built.refusal,
						};
						break;
					default:
						body = {
							kind: 'invalid',
							warnings: [],
							message: built.message,
							issues: built.issues,
						};
				}
				ctx.log.kind = body.kind;
				return answer(
					previewResponseSchema,
					body.kind === 'refused' || body.kind === 'invalid'
						? 422
						: 200,
					body
				);
			},
		},
		{
			method: 'POST',
			path: '/v1/invoices/status',
			signed: true,
			handler: async ( ctx ) => {
				const input = parse( ctx, statusRequestSchema );
				if ( ! input.ok ) {
					return invalidAnswer( input );
				}
				const ids = [ ...new Set( input.data.invoice_ids ) ];
				try {
					const found = await perfexClient(
						input.data.perfex
					).getInvoiceStatuses( ids );
					return answer( statusResponseSchema, 200, {
						invoices: ids.map( ( id ) => {
							const info = found.get( id ) ?? null;
							return {
								id,
								found: info !== null,
								status: info?.status ?? null,
								status_name: info?.statusName ?? null,
								total: info?.total ?? null,
								amount_due: info?.totalLeftToPay ?? null,
							};
						} ),
					} );
				} catch ( error ) {
					return perfexErrorAnswer( error );
				}
			},
		},
		{
			method: 'POST',
			path: '/v1/webhooks/register',
			signed: true,
			handler: async ( ctx ) => {
				const input = parse( ctx, webhookRegisterRequestSchema );
				if ( ! input.ok ) {
					return invalidAnswer( input );
				}
				const { perfex, name, url, events, secret } = input.data;
				const client = perfexClient( perfex );
				try {
					const replaced: number[] = [];
					for ( const hook of await client.listWebhooks() ) {
						if ( hook.name === name && hook.url === url ) {
							await client.deleteWebhook( hook.id );
							replaced.push( hook.id );
						}
					}
					const created = await client.registerWebhook( {
						name,
						url,
						events,
						secret,
					} );
					return answer( webhookRegisterResponseSchema, 200, {
						id: created.id,
						replaced,
					} );
				} catch ( error ) {
					return perfexErrorAnswer( error );
				}
			},
		},
		{
			method: 'POST',
			path: '/v1/perfex/check',
			signed: true,
			handler: async ( ctx ) => {
				const input = parse( ctx, checkRequestSchema );
				if ( ! input.ok ) {
					return invalidAnswer( input );
				}
				// One attempt per probe: a check should answer quickly, also when Perfex is down.
				const result = await checkPerfex(
					perfexClient( input.data.perfex, 1 )
				);
				return answer( checkResponseSchema, 200, result );
			},
		},
	];

	const app: App = {
		config,
		metrics,
		logger,
		draining: false,
		handle: async ( request ) => {
			const t0 = performance.now();
			const method = request.method.toUpperCase();
			const requested = header( request.headers, 'x-request-id' );
			const requestId =
				requested && /^[A-Za-z0-9._:-]{1,64}$/.test( requested )
					? requested
					: randomUUID();
			const url = new URL( request.url, 'http://sidecar.invalid' );
			const samePath = routes.filter(
				( route ) => route.path === url.pathname
			);
			const route = samePath.find( ( r ) => r.method === method );
			let routeName = route ? route.path : 'unmatched';
			if ( ! route && samePath.length > 0 ) {
				routeName = url.pathname;
			}
			const ctx: Context = {
				requestId,
				body: request.body,
				query: url.searchParams,
				log: {},
			};
			metrics.inFlight++;
			let result: RouteAnswer;
			try {
				result = await dispatch( route, samePath.length > 0 );
			} catch ( error ) {
				unexpected( ctx )( error );
				result = route?.sync
					? syncAnswer( failureResult( INTERNAL_FAILURE, null ) )
					: errorAnswer(
							500,
							INTERNAL_FAILURE.code,
							INTERNAL_FAILURE.message
						);
			} finally {
				metrics.inFlight--;
			}
			const seconds = ( performance.now() - t0 ) / 1000;
			metrics.requests.inc( {
				route: routeName,
				method,
				status: String( result.status ),
			} );
			metrics.requestSeconds.observe( { route: routeName }, seconds );
			if ( route?.path !== '/livez' ) {
				logger.log( result.status >= 500 ? 'warn' : 'info', 'request', {
					request_id: requestId,
					method,
					route: routeName,
					status: result.status,
					duration_ms: Math.round( seconds * 10_000 ) / 10,
					...ctx.log,
				} );
			}
			const headers: Record< string, string > = {
				'content-type': result.contentType ?? JSON_TYPE,
				'x-request-id': requestId,
				'cache-control': 'no-store',
			};
			if ( app.draining ) {
				headers.connection = 'close';
			}
			return {
				status: result.status,
				headers,
				body:
					typeof result.body === 'string'
						? result.body
						: JSON.stringify( result.body ),
			};

			async function dispatch(
				found: Route | undefined,
				known: boolean
			): Promise< RouteAnswer > {
				if ( ! found || found.signed ) {
					const verdict = verify(
						{
							keyId: header( request.headers, HEADER_KEY ),
							timestamp: header(
								request.headers,
								HEADER_TIMESTAMP
							),
							signature: header(
								request.headers,
								HEADER_SIGNATURE
							),
							method,
							path: request.url,
							rawBody: request.body,
							nowS: Math.floor( now() / 1000 ),
						},
						config.secrets
					);
					if ( ! verdict.ok ) {
						metrics.authFailures.inc( { reason: verdict.reason } );
						ctx.log.auth = verdict.reason;
						return errorAnswer(
							401,
							'unauthorized',
							'The request signature was not accepted.'
						);
					}
					ctx.log.key_id = verdict.keyId;
				}
				if ( ! found ) {
					return known
						? errorAnswer(
								405,
								'method_not_allowed',
								'Method not allowed.'
							)
						: errorAnswer( 404, 'not_found', 'No such route.' );
				}
				if ( app.draining && found.path !== '/livez' ) {
					return found.sync
						? syncAnswer( failureResult( SHUTTING_DOWN, null ) )
						: errorAnswer(
								503,
								SHUTTING_DOWN.code,
								SHUTTING_DOWN.message,
								{
									transient: true,
								}
							);
				}
				return found.handler( ctx );
			}
		},
		inject: async ( request ) => {
			let body: Buffer;
			if ( request.body === undefined ) {
				body = Buffer.alloc( 0 );
			} else if ( typeof request.body === 'string' ) {
				body = Buffer.from( request.body, 'utf8' );
			} else {
				body = Buffer.from( JSON.stringify( request.body ), 'utf8' );
			}
			const headers: Record< string, string > = {};
			for ( const [ name, value ] of Object.entries(
				request.headers ?? {}
			) ) {
				headers[ name.toLowerCase() ] = value;
			}
			const response = await app.handle( {
				method: request.method,
				url: request.url,
				headers,
				body,
			} );
			return {
				...response,
				json: () => JSON.parse( response.body ) as unknown,
			};
		},
	};
	return app;
}
