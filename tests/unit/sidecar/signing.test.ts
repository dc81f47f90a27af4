import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signature } from '../../../sidecar';
import { KEY_ID, SECRET, call, testApp } from './harness';

const now = 1_770_000_000;

function headers(
	overrides: Record< string, string | undefined >,
	method = 'GET',
	path = '/v1/health',
	body = ''
): Record< string, string > {
	const all: Record< string, string | undefined > = {
		'X-WooSync-Key': KEY_ID,
		'X-WooSync-Timestamp': String( now ),
		'X-WooSync-Signature': signature( SECRET, now, method, path, body ),
		...overrides,
	};
	return Object.fromEntries(
		Object.entries( all ).filter(
			( entry ): entry is [ string, string ] => entry[ 1 ] !== undefined
		)
	);
}

describe( 'request signing', () => {
	const { app } = testApp( {}, { now: () => now * 1000 } );

	it( 'signs timestamp, method, path with query and raw body with HMAC-SHA256 as the protocol says', () => {
		const expected = createHmac( 'sha256', SECRET )
			.update( `${ now }\nPOST\n/v1/invoices/status?x=1\n{"a":1}` )
			.digest( 'hex' );
		expect(
			signature(
				SECRET,
				now,
				'POST',
				'/v1/invoices/status?x=1',
				'{"a":1}'
			)
		).toBe( `v1=${ expected }` );
	} );

	it( 'accepts a correctly signed request', async () => {
		const res = await app.inject( {
			method: 'GET',
			url: '/v1/health',
			headers: headers( {} ),
		} );
		expect( res.status ).toBe( 200 );
		expect( res.json() ).toMatchObject( { status: 'ok' } );
	} );

	const refused: Array< [ string, Record< string, string | undefined > ] > = [
		[ 'no signature header', { 'X-WooSync-Signature': undefined } ],
		[ 'no key header', { 'X-WooSync-Key': undefined } ],
		[ 'no timestamp header', { 'X-WooSync-Timestamp': undefined } ],
		[ 'an unknown key id', { 'X-WooSync-Key': 'site2' } ],
		[
			'a wrong signature',
			{
				'X-WooSync-Signature': signature(
					'another-secret-0123456789',
					now,
					'GET',
					'/v1/health',
					''
				),
			},
		],
		[
			'a signature of another path',
			{
				'X-WooSync-Signature': signature(
					SECRET,
					now,
					'GET',
					'/metrics',
					''
				),
			},
		],
		[
			'a timestamp 301 s old',
			{
				'X-WooSync-Timestamp': String( now - 301 ),
				'X-WooSync-Signature': signature(
					SECRET,
					now - 301,
					'GET',
					'/v1/health',
					''
				),
			},
		],
		[
			'a timestamp 301 s ahead',
			{
				'X-WooSync-Timestamp': String( now + 301 ),
				'X-WooSync-Signature': signature(
					SECRET,
					now + 301,
					'GET',
					'/v1/health',
					''
				),
			},
		],
		[
			'a timestamp that is not a number',
			{ 'X-WooSync-Timestamp': 'yesterday' },
		],
	];
	it.each( refused )(
		'answers 401 to %s, without saying why',
		async ( _name, over ) => {
			const res = await app.inject( {
				method: 'GET',
				url: '/v1/health',
				headers: headers( over ),
			} );
			expect( res.status ).toBe( 401 );
			expect( res.json() ).toEqual( {
				error: {
					code: 'unauthorized',
					message: 'The request signature was not accepted.',
				},
			} );
		}
	);

	it( 'accepts a timestamp 299 s old', async () => {
		const res = await app.inject( {
			method: 'GET',
			url: '/v1/health',
			headers: headers( {
				'X-WooSync-Timestamp': String( now - 299 ),
				'X-WooSync-Signature': signature(
					SECRET,
					now - 299,
					'GET',
					'/v1/health',
					''
				),
			} ),
		} );
		expect( res.status ).toBe( 200 );
	} );

	it( 'refuses a body changed after signing', async () => {
		const path = '/v1/invoices/preview';
		const res = await app.inject( {
			method: 'POST',
			url: path,
			headers: headers( {}, 'POST', path, '{"order":1}' ),
			body: '{"order":2}',
		} );
		expect( res.status ).toBe( 401 );
	} );

	it( 'serves /livez unsigned and checks the signature before saying a route does not exist', async () => {
		const live = await app.inject( { method: 'GET', url: '/livez' } );
		expect( live.status ).toBe( 200 );
		expect( live.body ).toBe( 'ok\n' );
		const unsigned = await app.inject( { method: 'GET', url: '/v1/nope' } );
		expect( unsigned.status ).toBe( 401 );
		const { app: realClock } = testApp();
		const signed = await call( realClock, 'GET', '/v1/nope' );
		expect( signed.status ).toBe( 404 );
		const wrongMethod = await call( realClock, 'GET', '/v1/invoices/sync' );
		expect( wrongMethod.status ).toBe( 405 );
	} );

	it( 'refuses unsigned /metrics unless configured otherwise', async () => {
		expect(
			( await app.inject( { method: 'GET', url: '/metrics' } ) ).status
		).toBe( 401 );
		const { app: open } = testApp( { metricsUnsigned: true } );
		expect(
			( await open.inject( { method: 'GET', url: '/metrics' } ) ).status
		).toBe( 200 );
		expect(
			( await open.inject( { method: 'GET', url: '/v1/health' } ) ).status
		).toBe( 401 );
	} );
} );
