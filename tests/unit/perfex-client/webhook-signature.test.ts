import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	computeSignature,
	parseSignatureHeader,
	signatureHeader,
	verifySignature,
} from '../../../sidecar/perfex';

// The vendor's documented format (docs/webhooks.md §4): t=<unix>,v1=hex(HMAC_SHA256(secret, t + "." + rawBody)).
const secret = 'whsec_your_signing_secret';
const rawBody =
	'{"event":"invoice_created","timestamp":1753104000,"data":{"id":12,"_source_hook":"after_invoice_added"}}';
const t = 1753104000;
const vendorV1 = createHmac( 'sha256', secret )
	.update( `${ t }.${ rawBody }` )
	.digest( 'hex' );

describe( 'Perfex webhook signature', () => {
	it( 'computes the documented HMAC and header', () => {
		expect( computeSignature( secret, t, rawBody ) ).toBe( vendorV1 );
		expect( signatureHeader( secret, t, rawBody ) ).toBe(
			`t=${ t },v1=${ vendorV1 }`
		);
		expect( computeSignature( secret, t, Buffer.from( rawBody ) ) ).toBe(
			vendorV1
		);
	} );

	it( 'accepts a genuine header within the time window', () => {
		expect(
			verifySignature( {
				header: `t=${ t },v1=${ vendorV1 }`,
				rawBody,
				secret,
				now: t + 30,
			} )
		).toEqual( { ok: true, timestamp: t } );
		expect(
			verifySignature( {
				header: ` t=${ t } , v1=${ vendorV1.toUpperCase() }`,
				rawBody,
				secret,
				now: t,
			} ).ok
		).toBe( true );
	} );

	it( 'rejects a changed body, a wrong secret, a stale or future timestamp, and malformed headers', () => {
		// A genuine delivery checked at its own timestamp; each case changes one thing.
		const genuine = {
			header: `t=${ t },v1=${ vendorV1 }`,
			rawBody,
			secret,
			now: t,
		};
		const rejected: Array< [ Partial< typeof genuine >, string ] > = [
			[ { rawBody: rawBody.replace( '12', '13' ) }, 'mismatch' ],
			[ { secret: 'other' }, 'mismatch' ],
			[ { header: `t=${ t + 1 },v1=${ vendorV1 }` }, 'mismatch' ],
			[ { now: t + 301 }, 'stale' ],
			[ { now: t - 301 }, 'stale' ],
		];
		for ( const [ change, reason ] of rejected ) {
			expect(
				verifySignature( { ...genuine, ...change } ),
				JSON.stringify( change )
			).toEqual( { ok: false, reason } );
		}
		expect(
			verifySignature( {
				...genuine,
				now: t + 500,
				toleranceSeconds: 600,
			} ).ok
		).toBe( true );
		expect(
			verifySignature( { header: undefined, rawBody, secret } )
		).toEqual( { ok: false, reason: 'missing' } );
		expect(
			verifySignature( { header: `v1=${ vendorV1 }`, rawBody, secret } )
		).toEqual( { ok: false, reason: 'malformed' } );
		expect(
			verifySignature( { header: `t=${ t },v1=abc`, rawBody, secret } )
		).toEqual( { ok: false, reason: 'malformed' } );
		expect(
			parseSignatureHeader(
				`t=${ t },v1=${ vendorV1 },v1=${ '0'.repeat( 64 ) }`
			)?.signatures
		).toHaveLength( 2 );
	} );
} );
