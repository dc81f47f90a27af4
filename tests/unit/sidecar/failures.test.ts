import { describe, expect, it } from 'vitest';
import { perfexFailure } from '../../../sidecar/failures';
import {
	PerfexForbiddenError,
	PerfexTimeoutError,
} from '../../../sidecar/perfex';

describe( 'failure messages', () => {
	it( 'name the request without the search term: a customer lookup searches by e-mail address', () => {
		const request = {
			method: 'GET',
			path: '/contacts/search/jane%40example.com',
		};
		for ( const error of [
			new PerfexTimeoutError( 'no answer', 15_000, request ),
			new PerfexForbiddenError( 'forbidden', request, 403 ),
		] ) {
			const { message } = perfexFailure( error );
			expect( message ).toContain( 'GET /contacts/search/…' );
			expect( message ).not.toContain( 'jane' );
			expect( message ).not.toContain( 'example.com' );
		}
	} );

	it( 'keep the rest of the path, which says which document failed', () => {
		const { message } = perfexFailure(
			new PerfexTimeoutError( 'no answer', 15_000, {
				method: 'GET',
				path: '/invoices/42',
			} )
		);
		expect( message ).toContain( 'GET /invoices/42' );
	} );
} );
