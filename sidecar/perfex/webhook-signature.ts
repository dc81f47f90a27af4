/**
 * Perfex webhook signatures (REST API module, docs/webhooks.md and module code):
 * `X-Perfex-Signature: t=<unix>,v1=<hex hmac_sha256(secret, t + "." + rawBody)>`.
 *
 * Verify against the raw body bytes, compare in constant time, and reject stale timestamps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-perfex-signature';

export function computeSignature(
	secret: string,
	timestamp: number,
	rawBody: string | Uint8Array
): string {
	return createHmac( 'sha256', secret )
		.update( `${ timestamp }.` )
		.update( rawBody )
		.digest( 'hex' );
}

/**
 * Builds the header value for a body signed at `timestamp` (unix seconds).
 * @param secret
 * @param timestamp
 * @param rawBody
 */
export function signatureHeader(
	secret: string,
	timestamp: number,
	rawBody: string | Uint8Array
): string {
	return `t=${ timestamp },v1=${ computeSignature( secret, timestamp, rawBody ) }`;
}

export type SignatureCheck =
	| { ok: true; timestamp: number }
	| {
			ok: false;
			reason: 'missing' | 'malformed' | 'mismatch' | 'stale';
	  };

export interface VerifyOptions {
	/** Header value (string), or undefined/null when absent. */
	header: string | null | undefined;
	rawBody: string | Uint8Array;
	secret: string;
	/** Unix seconds now; default Date.now(). */
	now?: number;
	/** Largest allowed |now - t| in seconds; default 300. */
	toleranceSeconds?: number;
}

export function parseSignatureHeader(
	header: string
): { timestamp: number; signatures: string[] } | null {
	let timestamp: number | null = null;
	const signatures: string[] = [];
	for ( const piece of header.split( ',' ) ) {
		const eq = piece.indexOf( '=' );
		if ( eq <= 0 ) {
			continue;
		}
		const key = piece.slice( 0, eq ).trim();
		const value = piece.slice( eq + 1 ).trim();
		if ( key === 't' && /^\d{1,12}$/.test( value ) ) {
			timestamp = Number( value );
		} else if ( key === 'v1' && /^[0-9a-f]{64}$/i.test( value ) ) {
			signatures.push( value.toLowerCase() );
		}
	}
	if ( timestamp === null || signatures.length === 0 ) {
		return null;
	}
	return { timestamp, signatures };
}

export function verifySignature( options: VerifyOptions ): SignatureCheck {
	if ( ! options.header ) {
		return { ok: false, reason: 'missing' };
	}
	const parsed = parseSignatureHeader( options.header );
	if ( parsed === null ) {
		return { ok: false, reason: 'malformed' };
	}
	const expected = Buffer.from(
		computeSignature( options.secret, parsed.timestamp, options.rawBody ),
		'hex'
	);
	const matches = parsed.signatures.some( ( candidate ) => {
		const given = Buffer.from( candidate, 'hex' );
		return (
			given.length === expected.length &&
			timingSafeEqual( given, expected )
		);
	} );
	if ( ! matches ) {
		return { ok: false, reason: 'mismatch' };
	}
	const now = options.now ?? Math.floor( Date.now() / 1000 );
	if (
		Math.abs( now - parsed.timestamp ) > ( options.toleranceSeconds ?? 300 )
	) {
		return { ok: false, reason: 'stale' };
	}
	return { ok: true, timestamp: parsed.timestamp };
}
