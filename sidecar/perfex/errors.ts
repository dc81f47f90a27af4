/**
 * Typed errors of the Perfex client. Every error has a discriminating `kind`.
 *
 * The REST API module's code answers validation failures with 404 (POST), 409 (PUT, contacts,
 * expenses) or 422 (webhooks), while its docs say 422; the client maps all of them to
 * `PerfexValidationError` by looking at the body (a field map), not only at the status.
 */

export type PerfexErrorKind =
	| 'unauthorized'
	| 'forbidden'
	| 'not_found'
	| 'validation'
	| 'conflict'
	| 'rate_limited'
	| 'server'
	| 'network'
	| 'timeout'
	| 'protocol'
	| 'totals_mismatch';

export interface RequestInfo {
	method: string;
	path: string;
}

export abstract class PerfexError extends Error {
	abstract readonly kind: PerfexErrorKind;
	readonly request: RequestInfo | undefined;
	readonly status: number | undefined;

	constructor(
		message: string,
		request?: RequestInfo,
		status?: number,
		options?: { cause?: unknown }
	) {
		super( message, options );
		this.name = new.target.name;
		this.request = request;
		this.status = status;
	}

	/** Whether a retry of the same request could succeed. */
	get retryable(): boolean {
		return false;
	}

	/**
	 * Whether the request may have reached Perfex and still be running there: its answer was
	 * lost or cut short, not refused. A create that failed this way is never sent again blindly.
	 */
	get mayStillBeRunning(): boolean {
		return false;
	}
}

export class PerfexUnauthorizedError extends PerfexError {
	readonly kind = 'unauthorized' as const;
}

export class PerfexForbiddenError extends PerfexError {
	readonly kind = 'forbidden' as const;
}

export class PerfexNotFoundError extends PerfexError {
	readonly kind = 'not_found' as const;
}

export class PerfexValidationError extends PerfexError {
	readonly kind = 'validation' as const;
	/** Field name → message, as sent by Perfex (`error` map in code, `errors` map in docs). */
	readonly fields: Readonly< Record< string, string > >;

	constructor(
		message: string,
		fields: Record< string, string >,
		request?: RequestInfo,
		status?: number
	) {
		super( message, request, status );
		this.fields = fields;
	}
}

export class PerfexConflictError extends PerfexError {
	readonly kind = 'conflict' as const;
}

export class PerfexRateLimitedError extends PerfexError {
	readonly kind = 'rate_limited' as const;
	/** Milliseconds the server asked us to wait, if it said. */
	readonly retryAfterMs: number | undefined;

	constructor(
		message: string,
		retryAfterMs: number | undefined,
		request?: RequestInfo
	) {
		super( message, request, 429 );
		this.retryAfterMs = retryAfterMs;
	}

	override get retryable(): boolean {
		return true;
	}
}

export class PerfexServerError extends PerfexError {
	readonly kind = 'server' as const;

	override get retryable(): boolean {
		return true;
	}

	/** 502 and 504 come from a gateway that stopped waiting while PHP may still be running. */
	override get mayStillBeRunning(): boolean {
		return this.status === 502 || this.status === 504;
	}
}

/** Socket errors that mean the request never reached the server. */
const NOT_SENT_CODES = new Set( [
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
] );

export class PerfexNetworkError extends PerfexError {
	readonly kind = 'network' as const;

	override get retryable(): boolean {
		return true;
	}

	/** Unless the connection was never made, the request may have been received. */
	override get mayStillBeRunning(): boolean {
		for (
			let cause: unknown = this.cause;
			cause instanceof Error;
			cause = cause.cause
		) {
			const code = ( cause as { code?: unknown } ).code;
			if ( typeof code === 'string' && NOT_SENT_CODES.has( code ) ) {
				return false;
			}
		}
		return true;
	}
}

export class PerfexTimeoutError extends PerfexError {
	readonly kind = 'timeout' as const;
	readonly timeoutMs: number;

	constructor( message: string, timeoutMs: number, request?: RequestInfo ) {
		super( message, request );
		this.timeoutMs = timeoutMs;
	}

	override get retryable(): boolean {
		return true;
	}

	/** Perfex does not stop when the client stops waiting. */
	override get mayStillBeRunning(): boolean {
		return true;
	}
}

/** The server answered, but not with a shape we understand. */
export class PerfexProtocolError extends PerfexError {
	readonly kind = 'protocol' as const;
}

/** An invoice (or credit note) read back from Perfex does not carry the totals we posted. */
export class PerfexTotalsMismatchError extends PerfexError {
	readonly kind = 'totals_mismatch' as const;
	readonly expected: Readonly< Record< string, string > >;
	readonly actual: Readonly< Record< string, string > >;

	constructor(
		message: string,
		expected: Record< string, string >,
		actual: Record< string, string >
	) {
		super( message );
		this.expected = expected;
		this.actual = actual;
	}
}

export type AnyPerfexError =
	| PerfexUnauthorizedError
	| PerfexForbiddenError
	| PerfexNotFoundError
	| PerfexValidationError
	| PerfexConflictError
	| PerfexRateLimitedError
	| PerfexServerError
	| PerfexNetworkError
	| PerfexTimeoutError
	| PerfexProtocolError
	| PerfexTotalsMismatchError;

export function isPerfexError( error: unknown ): error is AnyPerfexError {
	return error instanceof PerfexError;
}
