/**
 * Transport for the Perfex REST API module: auth header, bodies, timeouts, retries, typed errors,
 * typed results and pagination. Operations (perfex/operations.ts) are built on `request`.
 *
 * Retry rules:
 * - network errors, timeouts, 5xx and 429 are retried with exponential backoff and jitter;
 *   429 waits for Retry-After when the server sends it;
 * - reads ('safe') are simply repeated;
 * - creates are never repeated blindly: before every retry the caller's `recover` lookup runs
 *   (find the document by its signature); if it finds the document, that is the result;
 * - 'never' means one attempt only.
 */
import type { z } from 'zod';
import {
	PerfexConflictError,
	PerfexError,
	PerfexForbiddenError,
	PerfexNetworkError,
	PerfexNotFoundError,
	PerfexProtocolError,
	PerfexRateLimitedError,
	PerfexServerError,
	PerfexTimeoutError,
	PerfexUnauthorizedError,
	PerfexValidationError,
	type RequestInfo,
} from './errors';
import { toFormData, type FormObject } from './multipart';
import { errorBodySchema, listResponseSchema, type ListMeta } from './schemas';

export interface RetryPolicy {
	/** Total attempts, first one included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After we are willing to wait; longer waits end the retries. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 250,
	maxDelayMs: 5_000,
	maxRetryAfterMs: 30_000,
};

export type TransportEvent =
	| {
			type: 'attempt';
			method: string;
			path: string;
			attempt: number;
	  }
	| {
			type: 'retry';
			method: string;
			path: string;
			attempt: number;
			delayMs: number;
			error: PerfexError;
	  }
	| {
			type: 'recovered';
			method: string;
			path: string;
			attempt: number;
	  };

export interface PerfexClientOptions {
	/** API base, e.g. `https://crm.example.com/api` (no trailing slash needed). */
	baseUrl: string;
	token: string;
	/** Per-attempt timeout. Default 15 s. */
	timeoutMs?: number;
	retry?: Partial< RetryPolicy >;
	fetch?: typeof fetch;
	sleep?: ( ms: number ) => Promise< void >;
	/** Random source in [0, 1) for jitter. */
	random?: () => number;
	onEvent?: ( event: TransportEvent ) => void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type RequestBody =
	{ kind: 'form'; data: FormObject } | { kind: 'json'; data: unknown };

export type RetryMode< T > =
	| 'safe'
	| 'never'
	| {
			/** Looks for the result of an earlier attempt; null when there is none. */
			recover: () => Promise< T | null >;
	  };

export interface RequestOptions< S extends z.ZodType > {
	method: HttpMethod;
	path: string;
	query?: Record< string, string | number | undefined >;
	body?: RequestBody;
	schema: S;
	retry?: RetryMode< z.output< S > >;
	timeoutMs?: number;
}

/** Lookups for a create that may still be running in Perfex before the client gives up. */
const STILL_RUNNING_LOOKS = 3;

const defaultSleep = ( ms: number ) =>
	new Promise< void >( ( resolve ) => setTimeout( resolve, ms ) );

function stripHtml( text: string ): string {
	return text
		.replace( /<[^>]*>/g, ' ' )
		.replace( /\s+/g, ' ' )
		.trim();
}

function messageOf( value: unknown ): string {
	return typeof value === 'string' ? stripHtml( value ) : '';
}

/**
 * Retry-After as delta-seconds or HTTP date → milliseconds.
 * @param value
 * @param nowMs
 */
export function parseRetryAfter(
	value: string | null,
	nowMs: number = Date.now()
): number | undefined {
	if ( value === null || value.trim() === '' ) {
		return undefined;
	}
	const trimmed = value.trim();
	if ( /^\d+(\.\d+)?$/.test( trimmed ) ) {
		return Math.round( Number( trimmed ) * 1000 );
	}
	const date = Date.parse( trimmed );
	if ( Number.isNaN( date ) ) {
		return undefined;
	}
	return Math.max( 0, date - nowMs );
}

function fieldMap( value: unknown ): Record< string, string > {
	const out: Record< string, string > = {};
	if (
		value === null ||
		typeof value !== 'object' ||
		Array.isArray( value )
	) {
		return out;
	}
	for ( const [ key, message ] of Object.entries( value ) ) {
		out[ key ] =
			typeof message === 'string'
				? stripHtml( message )
				: JSON.stringify( message );
	}
	return out;
}

/**
 * Maps a non-2xx answer to a typed error, tolerant of both the code's and the docs' shapes.
 * @param status
 * @param body
 * @param headers
 * @param request
 */
export function errorFromResponse(
	status: number,
	body: unknown,
	headers: Headers,
	request: RequestInfo
): PerfexError {
	const parsed = errorBodySchema.safeParse( body );
	const data = parsed.success ? parsed.data : {};
	const fields = {
		...fieldMap( data.errors ),
		...fieldMap( data.error ),
	};
	const message =
		messageOf( data.message ) ||
		( typeof data.error === 'string' ? data.error : '' ) ||
		Object.values( fields ).join( '; ' ) ||
		`HTTP ${ status }`;
	const hasFields = Object.keys( fields ).length > 0;
	const where = `${ request.method } ${ request.path }`;

	if ( status === 401 ) {
		return new PerfexUnauthorizedError(
			`${ where }: ${ message }`,
			request,
			status
		);
	}
	if ( status === 403 ) {
		return new PerfexForbiddenError(
			`${ where }: ${ message }`,
			request,
			status
		);
	}
	if ( status === 429 ) {
		return new PerfexRateLimitedError(
			`${ where }: ${ message }`,
			parseRetryAfter( headers.get( 'retry-after' ) ),
			request
		);
	}
	if ( status >= 500 ) {
		return new PerfexServerError(
			`${ where }: ${ message }`,
			request,
			status
		);
	}
	if ( hasFields || status === 400 || status === 422 || status === 406 ) {
		return new PerfexValidationError(
			`${ where }: ${ message }`,
			fields,
			request,
			status
		);
	}
	if ( status === 404 ) {
		return new PerfexNotFoundError(
			`${ where }: ${ message }`,
			request,
			status
		);
	}
	if ( status === 409 ) {
		return new PerfexConflictError(
			`${ where }: ${ message }`,
			request,
			status
		);
	}
	return new PerfexProtocolError(
		`${ where }: unexpected HTTP ${ status }: ${ message }`,
		request,
		status
	);
}

export interface Page< T > {
	data: T[];
	meta: ListMeta | null;
}

export class PerfexTransport {
	readonly baseUrl: string;
	private readonly token: string;
	private readonly timeoutMs: number;
	private readonly retryPolicy: RetryPolicy;
	private readonly fetchImpl: typeof fetch;
	private readonly sleep: ( ms: number ) => Promise< void >;
	private readonly random: () => number;
	private readonly onEvent: ( event: TransportEvent ) => void;

	constructor( options: PerfexClientOptions ) {
		this.baseUrl = options.baseUrl.replace( /\/+$/, '' );
		this.token = options.token;
		this.timeoutMs = options.timeoutMs ?? 15_000;
		this.retryPolicy = { ...DEFAULT_RETRY, ...options.retry };
		this.fetchImpl = options.fetch ?? fetch;
		this.sleep = options.sleep ?? defaultSleep;
		this.random = options.random ?? Math.random;
		this.onEvent = options.onEvent ?? ( () => undefined );
	}

	/**
	 * Backoff before attempt `attempt + 1`: exponential, capped, with "equal jitter".
	 * @param attempt
	 * @param error
	 */
	backoffMs( attempt: number, error: PerfexError ): number {
		if (
			error instanceof PerfexRateLimitedError &&
			error.retryAfterMs !== undefined
		) {
			return error.retryAfterMs;
		}
		const ceiling = Math.min(
			this.retryPolicy.maxDelayMs,
			this.retryPolicy.baseDelayMs * 2 ** ( attempt - 1 )
		);
		return Math.round( ceiling / 2 + ( this.random() * ceiling ) / 2 );
	}

	async request< S extends z.ZodType >(
		options: RequestOptions< S >
	): Promise< z.output< S > > {
		const retry = options.retry ?? 'safe';
		const info: RequestInfo = {
			method: options.method,
			path: options.path,
		};
		for ( let attempt = 1; ; attempt++ ) {
			this.onEvent( { type: 'attempt', ...info, attempt } );
			try {
				return await this.once( options, info );
			} catch ( error ) {
				if (
					! ( error instanceof PerfexError ) ||
					! error.retryable ||
					retry === 'never' ||
					attempt >= this.retryPolicy.maxAttempts
				) {
					throw error;
				}
				const delayMs = this.backoffMs( attempt, error );
				if ( delayMs > this.retryPolicy.maxRetryAfterMs ) {
					throw error;
				}
				this.onEvent( {
					type: 'retry',
					...info,
					attempt,
					delayMs,
					error,
				} );
				await this.sleep( delayMs );
				if ( retry !== 'safe' ) {
					const found = await this.recover( retry, error, attempt );
					if ( found !== null ) {
						this.onEvent( { type: 'recovered', ...info, attempt } );
						return found;
					}
					if ( error.mayStillBeRunning ) {
						// The create may still be running in Perfex: sending it again could make a
						// second document. The caller retries later, starting with the lookup.
						throw error;
					}
				}
			}
		}
	}

	/**
	 * Looks for the document a failed create may have written. When the create may still be
	 * running, looks a few more times, with backoff, before giving up.
	 *
	 * @param retry         The create's recovery.
	 * @param retry.recover Looks for the document by its signature.
	 * @param error         How the create failed.
	 * @param attempt       The create's attempt number.
	 */
	private async recover< T >(
		retry: { recover: () => Promise< T | null > },
		error: PerfexError,
		attempt: number
	): Promise< T | null > {
		const looks = error.mayStillBeRunning ? STILL_RUNNING_LOOKS : 1;
		for ( let look = 1; ; look++ ) {
			const found = await retry.recover();
			if ( found !== null || look >= looks ) {
				return found;
			}
			await this.sleep( this.backoffMs( attempt + look, error ) );
		}
	}

	private buildUrl( options: RequestOptions< z.ZodType > ): string {
		const url = new URL( this.baseUrl + options.path );
		for ( const [ key, value ] of Object.entries( options.query ?? {} ) ) {
			if ( value !== undefined ) {
				url.searchParams.set( key, String( value ) );
			}
		}
		return url.toString();
	}

	private async once< S extends z.ZodType >(
		options: RequestOptions< S >,
		info: RequestInfo
	): Promise< z.output< S > > {
		const timeoutMs = options.timeoutMs ?? this.timeoutMs;
		const headers: Record< string, string > = {
			authtoken: this.token,
			accept: 'application/json',
		};
		let body: FormData | string | undefined;
		if ( options.body?.kind === 'form' ) {
			body = toFormData( options.body.data );
		} else if ( options.body?.kind === 'json' ) {
			body = JSON.stringify( options.body.data );
			headers[ 'content-type' ] = 'application/json';
		}
		let response: Response;
		let text: string;
		try {
			response = await this.fetchImpl( this.buildUrl( options ), {
				method: options.method,
				headers,
				body,
				signal: AbortSignal.timeout( timeoutMs ),
			} );
			text = await response.text();
		} catch ( error ) {
			if (
				error instanceof Error &&
				( error.name === 'TimeoutError' || error.name === 'AbortError' )
			) {
				throw new PerfexTimeoutError(
					`${ info.method } ${ info.path }: no answer within ${ timeoutMs } ms`,
					timeoutMs,
					info
				);
			}
			const reason =
				error instanceof Error && error.cause instanceof Error
					? error.cause.message
					: String( error );
			throw new PerfexNetworkError(
				`${ info.method } ${ info.path }: network error: ${ reason }`,
				info,
				undefined,
				{ cause: error }
			);
		}
		let json: unknown;
		try {
			json = text === '' ? undefined : JSON.parse( text );
		} catch {
			json = undefined;
		}
		if ( ! response.ok ) {
			throw errorFromResponse(
				response.status,
				json,
				response.headers,
				info
			);
		}
		if ( json === undefined ) {
			throw new PerfexProtocolError(
				`${ info.method } ${ info.path }: expected JSON, got ${ JSON.stringify(
					text.slice( 0, 120 )
				) }`,
				info,
				response.status
			);
		}
		const parsed = options.schema.safeParse( json );
		if ( ! parsed.success ) {
			throw new PerfexProtocolError(
				`${ info.method } ${ info.path }: unexpected response shape: ${ parsed.error.issues
					.slice( 0, 3 )
					.map(
						( issue ) =>
							`${ issue.path.join( '.' ) } ${ issue.message }`
					)
					.join( '; ' ) }`,
				info,
				response.status
			);
		}
		return parsed.data;
	}

	/**
	 * One page of a list; works with both list shapes.
	 * @param path
	 * @param item
	 * @param query
	 */
	async listPage< S extends z.ZodType >(
		path: string,
		item: S,
		query: Record< string, string | number | undefined > = {}
	): Promise< Page< z.output< S > > > {
		const result = await this.request( {
			method: 'GET',
			path,
			query,
			schema: listResponseSchema( item ),
		} );
		return {
			data: result.data as Array< z.output< S > >,
			meta: result.meta,
		};
	}

	/**
	 * Iterates over every row of a list. Sends page/per_page; a legacy plain array means the
	 * server returned everything at once. Stops on `has_more: false`, on the last page, and when
	 * the server clamps a page beyond the end to the last page (module code does that).
	 * @param path
	 * @param item
	 * @param options
	 * @param options.perPage
	 * @param options.query
	 */
	async *paginate< S extends z.ZodType >(
		path: string,
		item: S,
		options: {
			perPage?: number;
			query?: Record< string, string | number | undefined >;
		} = {}
	): AsyncGenerator< z.output< S > > {
		const perPage = options.perPage ?? 100;
		for ( let page = 1; ; page++ ) {
			let result: Page< z.output< S > >;
			try {
				result = await this.listPage( path, item, {
					...options.query,
					page,
					per_page: perPage,
				} );
			} catch ( error ) {
				// Legacy lists answer an empty collection with 404 "No data were found".
				if ( error instanceof PerfexNotFoundError && page === 1 ) {
					return;
				}
				throw error;
			}
			const meta = result.meta;
			if ( meta === null ) {
				yield* result.data;
				return;
			}
			const served = meta.current_page ?? meta.page;
			if ( served !== undefined && served !== page ) {
				return;
			}
			yield* result.data;
			const totalPages = meta.total_pages ?? meta.last_page;
			if (
				result.data.length === 0 ||
				meta.has_more === false ||
				( meta.has_more === undefined &&
					( totalPages === undefined || page >= totalPages ) )
			) {
				return;
			}
		}
	}
}
