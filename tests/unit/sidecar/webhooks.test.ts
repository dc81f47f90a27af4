import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import { webhookRegisterResponseSchema } from '../../../sidecar';
import { PERFEX_TOKEN, call, perfexOf, sandbox, testApp } from './harness';

let box: RunningSandbox;
const { app } = testApp();

beforeAll( async () => {
	box = await sandbox();
} );
afterAll( async () => {
	await box.close();
} );

describe( 'POST /v1/webhooks/register', () => {
	it( 'creates the webhook with its secret, and replaces it (same name and URL) on a second call', async () => {
		const body = {
			perfex: perfexOf( box ),
			name: 'WooSync test-site',
			url: 'http://127.0.0.1:9/wp-json/woosync/v1/perfex-webhook',
			events: [ 'payment_created', 'invoice_paid' ],
			secret: 'first-secret-0123456789',
		};
		const first = await call( app, 'POST', '/v1/webhooks/register', body );
		expect( first.status ).toBe( 200 );
		const created = webhookRegisterResponseSchema.parse( first.json() );
		expect( created.replaced ).toEqual( [] );

		const second = await call( app, 'POST', '/v1/webhooks/register', {
			...body,
			secret: 'second-secret-0123456789',
		} );
		const replaced = webhookRegisterResponseSchema.parse( second.json() );
		expect( replaced.replaced ).toEqual( [ created.id ] );

		const listed = ( await (
			await fetch( `${ box.url }/api/webhooks`, {
				headers: { authtoken: PERFEX_TOKEN },
			} )
		).json() ) as Array< { id: string | number; name: string } >;
		const hooks = listed
			.filter( ( hook ) => hook.name === body.name )
			.map( ( hook ) => ( { id: Number( hook.id ) } ) );
		expect( hooks.map( ( hook ) => hook.id ) ).toEqual( [ replaced.id ] );
	} );

	it( 'refuses a short secret and a bad URL (422)', async () => {
		const res = await call( app, 'POST', '/v1/webhooks/register', {
			perfex: perfexOf( box ),
			name: 'x',
			url: 'not a url',
			events: [ 'payment_created' ],
			secret: 'short',
		} );
		expect( res.status ).toBe( 422 );
		expect( res.json().error.code ).toBe( 'invalid_request' );
	} );
} );
