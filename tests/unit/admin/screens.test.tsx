// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
	cleanup,
	fireEvent,
	render,
	screen,
	waitFor,
} from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const apiFetch = vi.fn();
vi.mock( '@wordpress/api-fetch', () => ( { default: apiFetch } ) );

beforeAll( () => {
	// jsdom has neither; @wordpress/components asks for both.
	window.matchMedia ??= ( ( query: string ) => ( {
		matches: false,
		media: query,
		onchange: null,
		addListener: () => {},
		removeListener: () => {},
		addEventListener: () => {},
		removeEventListener: () => {},
		dispatchEvent: () => false,
	} ) ) as unknown as typeof window.matchMedia;
	globalThis.ResizeObserver ??= class {
		observe() {}
		unobserve() {}
		disconnect() {}
	} as unknown as typeof ResizeObserver;
} );

afterEach( () => {
	cleanup();
	apiFetch.mockReset();
} );

const { StoreSettingsScreen } =
	await import( '../../../admin-src/screens/StoreSettings' );
const { TaxMappingScreen } =
	await import( '../../../admin-src/screens/TaxMapping' );
const { PreviewDocument } =
	await import( '../../../admin-src/screens/Preview' );
const { previewResponseSchema } =
	await import( '../../../admin-src/data/schemas' );
const { ConnectionScreen } =
	await import( '../../../admin-src/screens/Connection' );
const { HistoryScreen, canRetry } =
	await import( '../../../admin-src/screens/History' );
const { settingsAnswer } = await import( './fixtures' );

function wrap( children: ReactNode ) {
	const client = new QueryClient( {
		defaultOptions: { queries: { retry: false } },
	} );
	return render(
		<QueryClientProvider client={ client }>
			{ children }
		</QueryClientProvider>
	);
}

describe( 'Store settings', () => {
	it( 'shows the server’s field error by the field and keeps what was typed', async () => {
		apiFetch.mockImplementation( async ( { method } ) => {
			if ( method === 'POST' ) {
				throw {
					code: 'woosync_invalid_setting',
					message: 'Invalid value for: signature_prefix.',
					data: {
						status: 400,
						params: {
							signature_prefix:
								'signature_prefix must be at most 50 characters.',
						},
					},
				};
			}
			return settingsAnswer;
		} );
		wrap( <StoreSettingsScreen /> );

		const prefix = await screen.findByLabelText( 'Signature prefix' );
		fireEvent.change( prefix, { target: { value: 'Shop-7' } } );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save store settings' } )
		);

		expect(
			await screen.findByText(
				'signature_prefix must be at most 50 characters.'
			)
		).toBeTruthy();
		expect( screen.getByRole( 'alert' ).textContent ).toContain(
			'Invalid value for: signature_prefix.'
		);
		expect(
			( screen.getByLabelText( 'Signature prefix' ) as HTMLInputElement )
				.value
		).toBe( 'Shop-7' );
		expect( apiFetch ).toHaveBeenLastCalledWith(
			expect.objectContaining( {
				method: 'POST',
				data: expect.objectContaining( { signature_prefix: 'Shop-7' } ),
			} )
		);
	} );

	it( 'does not send a value zod refuses', async () => {
		apiFetch.mockResolvedValue( settingsAnswer );
		wrap( <StoreSettingsScreen /> );
		const attempts = await screen.findByLabelText(
			'Attempts before giving up'
		);
		fireEvent.change( attempts, { target: { value: '99' } } );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save store settings' } )
		);
		expect(
			await screen.findByText( 'Enter a whole number from 1 to 10.' )
		).toBeTruthy();
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );
	} );
} );

describe( 'Tax mapping', () => {
	it( 'shows a tax label with HTML as text, marks the unmapped rate, maps it by rate and saves the Perfex tax id', async () => {
		apiFetch.mockImplementation( async ( { path, method, data } ) => {
			if ( path.endsWith( '/tax-rates' ) ) {
				return {
					rates: [
						{
							id: 1,
							class: '',
							label: '<img src=x onerror="window.pwned=1">VAT',
							rate: '19.0000',
							country: 'DE',
							state: '',
							compound: false,
							shipping: true,
						},
					],
				};
			}
			if ( path.endsWith( '/tax-map' ) ) {
				return method === 'POST' ? data : { taxes: null };
			}
			return {
				auth: true,
				invoices: true,
				customers: true,
				credit_notes: true,
				taxes: true,
				tax_rates: [ { id: 4, name: 'VAT', rate: '19.00' } ],
				errors: [],
			};
		} );
		const { container } = wrap( <TaxMappingScreen /> );

		expect(
			await screen.findByText(
				'<img src=x onerror="window.pwned=1">VAT (#1)'
			)
		).toBeTruthy();
		expect( container.querySelector( 'img' ) ).toBeNull();
		expect( container.querySelector( '.is-unmapped' ) ).not.toBeNull();

		const match = await screen.findByRole( 'button', {
			name: 'Map by matching rate',
		} );
		await waitFor( () =>
			expect( ( match as HTMLButtonElement ).disabled ).toBe( false )
		);
		fireEvent.click( match );
		expect(
			( await screen.findAllByText( /Mapped by their rate:/ ) ).length
		).toBeGreaterThan( 0 );
		expect( container.querySelector( '.is-unmapped' ) ).toBeNull();

		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save tax mapping' } )
		);
		await waitFor( () =>
			expect( apiFetch ).toHaveBeenCalledWith( {
				path: '/woosync/v1/tax-map',
				method: 'POST',
				data: {
					taxes: [
						{
							wc_rate_id: 1,
							perfex_tax_id: 4,
							name: 'VAT',
							rate: '19.00',
						},
					],
				},
			} )
		);
	} );
} );

describe( 'Invoice preview', () => {
	it( 'shows lines, taxes, the adjustment and both totals; a description with HTML is text', () => {
		const preview = previewResponseSchema.parse( {
			kind: 'invoice',
			warnings: [],
			document: {
				number: 12,
				date: '2026-11-23',
				duedate: '2026-11-23',
				currency: 1,
				newitems: [
					{
						description: '<img src=x onerror="window.pwned=1">Mug',
						long_description: 'SKU: WS-MUG',
						qty: '1',
						rate: '9.99',
						unit: '',
						order: 1,
						taxname: [ 'Sales Tax|8.25' ],
					},
				],
				subtotal: '9.99',
				total: '10.81',
				adjustment: '-0.01',
				discount_percent: '0',
				discount_total: '0.00',
				discount_type: '',
				billing_street: '-',
				billing_city: '',
				billing_state: '',
				billing_zip: '',
				billing_country: 0,
				adminnote: 'WooSync: Order #12',
				clientnote: '',
				allowed_payment_modes: [ '1' ],
			},
			totals: {
				subtotal: '9.99',
				taxes: [
					{
						key: 'Sales Tax|8.25',
						name: 'Sales Tax',
						rate: '8.25',
						amount: '0.82',
					},
				],
				total_tax: '0.82',
				discount_total: '0.00',
				adjustment: '-0.01',
				total: '10.80',
				ui_total: '10.80',
				consistent: true,
			},
			trace: {
				lines: [],
				taxes: [],
				rules: [],
				adjustment: {
					target_total: '10.80',
					perfex_total_before_adjustment: '10.81',
					residual: '-0.01',
					tolerance: '0.05',
					parts: [
						{
							kind: 'tax_rounding',
							ref: 'Sales Tax|8.25',
							amount: '-0.01',
						},
					],
				},
			},
		} );
		const { container } = render( <PreviewDocument preview={ preview } /> );
		expect(
			screen.getByText( '<img src=x onerror="window.pwned=1">Mug' )
		).toBeTruthy();
		expect( container.querySelector( 'img' ) ).toBeNull();
		expect( screen.getAllByText( 'Sales Tax 8.25%' ) ).toHaveLength( 2 );
		expect(
			screen.getByText( 'Tax rounding (Sales Tax|8.25): -0.01', {
				exact: false,
			} )
		).toBeTruthy();
		expect( screen.getAllByText( '10.80' ) ).toHaveLength( 2 );
	} );
} );

describe( 'Connection', () => {
	it( 'replaces the token without ever showing it, and sends only what changed', async () => {
		apiFetch.mockResolvedValue( settingsAnswer );
		const { container } = wrap( <ConnectionScreen /> );

		expect( await screen.findAllByText( 'set (hidden)' ) ).toHaveLength(
			2
		);
		expect(
			container.querySelector( 'input[type="password"]' )
		).toBeNull();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Replace token' } )
		);
		const token = screen.getByLabelText( 'API token' ) as HTMLInputElement;
		expect( token.type ).toBe( 'password' );
		expect( token.value ).toBe( '' );
		fireEvent.change( token, { target: { value: 'new-token-value' } } );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save connection' } )
		);

		await waitFor( () =>
			expect( apiFetch ).toHaveBeenLastCalledWith( {
				path: '/woosync/v1/settings',
				method: 'POST',
				data: {
					perfex_url: 'http://127.0.0.1:8895',
					sidecar_url: 'http://127.0.0.1:8787',
					sidecar_key_id: 'site-1',
					perfex_token: 'new-token-value',
				},
			} )
		);
		// Saved: the field is gone again and the token is only "set".
		await waitFor( () =>
			expect(
				container.querySelector( 'input[type="password"]' )
			).toBeNull()
		);
		expect( container.innerHTML ).not.toContain( 'new-token-value' );
	} );
} );

describe( 'Sync history', () => {
	const attempt = {
		id: 1,
		order_id: 11,
		order_number: '11',
		refund_id: null,
		kind: 'invoice',
		source: 'queue',
		attempt: 1,
		outcome: 'created',
		error_code: '',
		perfex_id: 9,
		perfex_number: 'INV-000009',
		perfex_url: 'https://crm.example.com/admin/invoices/list_invoices/9',
		currency: 'EUR',
		order_total: '58.81',
		perfex_total: '58.81',
		message: '',
		duration_ms: 80,
		started_at: '2026-11-23T15:18:00Z',
		finished_at: '2026-11-23T15:18:00Z',
	};
	const refund = {
		...attempt,
		id: 2,
		refund_id: 12,
		kind: 'credit_note',
		outcome: 'failed',
		error_code: 'perfex_unreachable',
		perfex_id: null,
		perfex_number: '',
		perfex_url: '',
		perfex_total: '',
		message: 'Refund #12: <b>Perfex</b> did not answer.',
	};

	it( 'links each document to Perfex, filters by kind and retries a refund as a refund', async () => {
		const paths: string[] = [];
		apiFetch.mockImplementation( async ( { path } ) => {
			paths.push( path );
			if ( path.startsWith( '/woosync/v1/history' ) ) {
				return new Response( JSON.stringify( [ refund, attempt ] ), {
					headers: { 'X-WP-Total': '2', 'X-WP-TotalPages': '1' },
				} );
			}
			if ( path.endsWith( '/resync' ) ) {
				return { outcome: 'created' };
			}
			throw { code: 'rest_no_route', message: 'No route', data: {} };
		} );
		const { container } = wrap(
			<HistoryScreen orderUrl="/wp-admin/post.php?post=%d&action=edit" />
		);

		const link = ( await screen.findByRole( 'link', {
			name: /Invoice INV-000009/,
		} ) ) as HTMLAnchorElement;
		expect( link.href ).toBe( attempt.perfex_url );
		expect( link.target ).toBe( '_blank' );
		expect( screen.getAllByText( 'Credit note' ).length ).toBeGreaterThan(
			0
		);
		expect(
			screen.getByText( 'Refund #12: <b>Perfex</b> did not answer.' )
		).toBeTruthy();
		expect( container.querySelector( 'td b' ) ).toBeNull();

		fireEvent.change( screen.getByLabelText( 'Document' ), {
			target: { value: 'credit_note' },
		} );
		await waitFor( () =>
			expect(
				paths.some( ( path ) => path.includes( 'kind=credit_note' ) )
			).toBe( true )
		);

		fireEvent.click(
			await screen.findByRole( 'button', {
				name: 'Retry refund #12 of #11',
			} )
		);
		await waitFor( () =>
			expect( paths ).toContain(
				'/woosync/v1/orders/11/refunds/12/resync'
			)
		);
		expect( paths ).not.toContain( '/woosync/v1/orders/11/invoice/resync' );
	} );

	it( 'offers Retry only where it can run that attempt again', () => {
		const row = ( changes: object ) =>
			( { ...attempt, ...changes } ) as Parameters<
				typeof canRetry
			>[ 0 ];
		expect( canRetry( row( { outcome: 'failed' } ) ) ).toBe( true );
		expect( canRetry( row( { outcome: 'created' } ) ) ).toBe( false );
		expect( canRetry( row( refund ) ) ).toBe( true );
		// A refund row from before refund ids were recorded: Retry would run the invoice.
		expect( canRetry( row( { ...refund, refund_id: null } ) ) ).toBe(
			false
		);
		expect(
			canRetry(
				row( {
					...refund,
					outcome: 'invalid',
					error_code: 'refund_not_found',
				} )
			)
		).toBe( false );
	} );

	it( 'asks for an order number once typing pauses, not at every key', async () => {
		const searches: string[] = [];
		apiFetch.mockImplementation( async ( { path } ) => {
			const search = new URLSearchParams( path.split( '?' )[ 1 ] ).get(
				'search'
			);
			if ( search !== null ) {
				searches.push( search );
			}
			return new Response( '[]', {
				headers: { 'X-WP-Total': '0', 'X-WP-TotalPages': '0' },
			} );
		} );
		wrap( <HistoryScreen orderUrl="/wp-admin/post.php?post=%d" /> );
		const field = await screen.findByLabelText( 'Order number' );
		for ( const typed of [ '1', '12', '123' ] ) {
			fireEvent.change( field, { target: { value: typed } } );
		}
		await waitFor( () => expect( searches ).toContain( '123' ) );
		expect( searches ).toEqual( [ '123' ] );
	} );
} );
