/**
 * Request signing (docs/sidecar-protocol.md, "Signing"): HMAC-SHA256 over
 * `timestamp \n METHOD \n path \n rawBody`, hex, prefixed with `v1=`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_S = 300;

export const HEADER_KEY = 'x-woosync-key';
export const HEADER_TIMESTAMP = 'x-woosync-timestamp';
export const HEADER_SIGNATURE = 'x-woosync-signature';

/**
 * The `X-WooSync-Signature` value for a request.
 * @param secret    The shared secret of the key id.
 * @param timestamp Unix seconds, as sent in `X-WooSync-Timestamp`.
 * @param method    HTTP method (upper case).
 * @param path      Path with the query string.
 * @param rawBody   The exact body bytes ("" when there is none).
 */
export function signature(
	secret: string,
	timestamp: string | number,
	method: string,
	path: string,
	rawBody: string | Buffer
): string {
	const mac = createHmac( 'sha256', secret );
	mac.update( `${ timestamp }\n${ method.toUpperCase() }\n${ path }\n` );
	mac.update( rawBody );
	return `v1=${ mac.digest( 'hex' ) }`;
}

/**
 * The three headers of a signed request (for tests, the benchmark and other callers).
 * @param keyId     Key id.
 * @param secret    Its secret.
 * @param method    HTTP method.
 * @param path      Path with the query string.
 * @param rawBody   Exact body.
 * @param timestamp Unix seconds (default: now).
 */
export function signedHeaders(
	keyId: string,
	secret: string,
	method: string,
	path: string,
	rawBody: string | Buffer,
	timestamp: number = Math.floor( Date.now() / 1000 )
): Record< string, string > {
	return {
		'X-WooSync-Key': keyId,
		'X-WooSync-Timestamp': String( timestamp ),
		'X-WooSync-Signature': signature(
			secret,
			timestamp,
			method,
			path,
			rawBody
		),
	};
}

export type VerifyFailure =
	| 'missing_header'
	| 'unknown_key'
	| 'bad_timestamp'
	| 'stale_timestamp'
	| 'bad_signature';

export interface VerifyInput {
	keyId: string | undefined;
	timestamp: string | undefined;
	signature: string | undefined;
	method: string;
	path: string;
	rawBody: Buffer;
	nowS: number;
}

// Used when the key id is unknown, so that the answer takes as long as for a known key.
const DUMMY_SECRET = 'woosync-sidecar-unknown-key-dummy-secret';

function sameText( a: string, b: string ): boolean {
	const left = Buffer.from( a, 'utf8' );
	const right = Buffer.from( b, 'utf8' );
	if ( left.length !== right.length ) {
		// Still compare something of the same length, so the time does not depend on where they differ.
		timingSafeEqual( right, right );
		return false;
	}
	return timingSafeEqual( left, right );
}

/**
 * Checks a request's signature; the reason is for logs only, never for the caller.
 * @param input   Headers, request line, body and the clock.
 * @param secrets Key id → secret.
 */
export function verify(
	input: VerifyInput,
	secrets: ReadonlyMap< string, string >
): { ok: true; keyId: string } | { ok: false; reason: VerifyFailure } {
	if ( ! input.keyId || ! input.timestamp || ! input.signature ) {
		return { ok: false, reason: 'missing_header' };
	}
	const secret = secrets.get( input.keyId );
	const expected = signature(
		secret ?? DUMMY_SECRET,
		input.timestamp,
		input.method,
		input.path,
		input.rawBody
	);
	const matches = sameText( expected, input.signature.trim() );
	let reason: VerifyFailure | null = null;
	if ( secret === undefined ) {
		reason = 'unknown_key';
	} else if ( ! /^\d{1,12}$/.test( input.timestamp ) ) {
		reason = 'bad_timestamp';
	} else if (
		Math.abs( input.nowS - Number( input.timestamp ) ) > SIGNATURE_WINDOW_S
	) {
		reason = 'stale_timestamp';
	} else if ( ! matches ) {
		reason = 'bad_signature';
	}
	if ( reason !== null ) {
		return { ok: false, reason };
	}
	return { ok: true, keyId: input.keyId };
}
