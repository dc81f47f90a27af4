import { beforeEach, describe, expect, it, vi } from 'vitest';

const apiFetch = vi.fn();
vi.mock( '@wordpress/api-fetch', () => ( { default: apiFetch } ) );

const {
	ApiError,
	fetchCurrencyMap,
	fetchHealth,
	fetchHistory,
	fetchSettings,
	resyncOrder,
	saveCurrencyMap,
	saveSettings,
} = await import( '../../../admin-src/data/api' );
const { settingsAnswer } = await import( './fixtures' );

beforeEach( () => apiFetch.mockReset() );

describe( 'settings', () => {
	it( 'reads the settings; PHP’s empty arrays become empty maps; no secret value', async () => {
		apiFetch.mockResolvedValueOnce( settingsAnswer );
		const settings = await fetchSettings();
		expect( apiFetch ).toHaveBeenCalledWith( {
			path: '/woosync/v1/settings',
			method: 'GET',
		} );
		expect( settings.payment_modes ).toEqual( {} );
		expect( settings.country_ids ).toEqual( {} );
		expect( settings.perfex_token_set ).toBe( true );
		expect( settings ).not.toHaveProperty( 'perfex_token' );
	} );

	it( 'refuses an answer of the wrong shape with words a person can act on', async () => {
		apiFetch.mockResolvedValueOnce( { ...settingsAnswer, due_days: '30' } );
		const error = await fetchSettings().catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ApiError );
		expect( ( error as InstanceType< typeof ApiError > ).code ).toBe(
			'invalid_response'
		);
	} );

	it( 'sends only the changes and turns a 400 into field errors', async () => {
		apiFetch.mockRejectedValueOnce( {
			code: 'woosync_invalid_setting',
			message: 'Invalid value for: perfex_url.',
			data: {
				status: 400,
				params: { perfex_url: 'perfex_url does not match pattern.' },
			},
		} );
		const error = await saveSettings( {
			perfex_url: 'https://crm.example.com',
		} ).catch( ( e: unknown ) => e );
		expect( apiFetch ).toHaveBeenCalledWith( {
			path: '/woosync/v1/settings',
			method: 'POST',
			data: { perfex_url: 'https://crm.example.com' },
		} );
		expect( error ).toMatchObject( {
			status: 400,
			message: 'Invalid value for: perfex_url.',
			fields: { perfex_url: 'perfex_url does not match pattern.' },
		} );
	} );

	it( 'never sends a value the server would refuse', async () => {
		await expect(
			saveSettings( { perfex_url: 'http://crm.example.com' } )
		).rejects.toMatchObject( {
			code: 'invalid_request',
			fields: { perfex_url: 'This value is not valid.' },
		} );
		expect( apiFetch ).not.toHaveBeenCalled();
	} );

	it( 'reports a network failure without the raw error', async () => {
		apiFetch.mockRejectedValueOnce( new TypeError( 'Failed to fetch' ) );
		await expect( fetchSettings() ).rejects.toMatchObject( {
			code: 'fetch_error',
			status: null,
		} );
	} );
} );

describe( 'currency map', () => {
	it( 'reads `[]` as no currency and saves a map', async () => {
		apiFetch.mockResolvedValueOnce( {
			currencies: [],
			base_currency_id: 1,
		} );
		expect( await fetchCurrencyMap() ).toEqual( {
			currencies: {},
			base_currency_id: 1,
		} );
		apiFetch.mockResolvedValueOnce( {
			currencies: { USD: 1, EUR: 2 },
			base_currency_id: 1,
		} );
		await saveCurrencyMap( {
			currencies: { USD: 1, EUR: 2 },
			base_currency_id: 1,
		} );
		expect( apiFetch ).toHaveBeenLastCalledWith( {
			path: '/woosync/v1/currency-map',
			method: 'POST',
			data: { currencies: { USD: 1, EUR: 2 }, base_currency_id: 1 },
		} );
	} );
} );

describe( 'health', () => {
	it( 'parses the report', async () => {
		apiFetch.mockResolvedValueOnce( {
			sidecar: {
				reachable: true,
				version: '0.1.0',
				latency_ms: 4,
				error: null,
			},
			perfex: { reachable: true, auth: true, error: null },
			queue: { pending: 0 },
			last_error: null,
			secrets: { perfex_token: 'ok', sidecar_secret: 'ok' },
		} );
		const health = await fetchHealth();
		expect( health.perfex.auth ).toBe( true );
	} );
} );

describe( 'history', () => {
	it( 'asks for one filtered page and reads the totals from the headers', async () => {
		const row = {
			id: 7,
			order_id: 11,
			order_number: '11',
			refund_id: 12,
			kind: 'credit_note',
			source: 'manual',
			attempt: 1,
			outcome: 'created',
			error_code: '',
			perfex_id: 4,
			perfex_number: 'CN-000004',
			perfex_url:
				'https://crm.example.com/admin/credit_notes/list_credit_notes/4',
			currency: 'USD',
			order_total: '10.92',
			perfex_total: '10.92',
			message: '<b>not bold</b>',
			duration_ms: 80,
			started_at: '2026-11-23T15:18:00Z',
			finished_at: '2026-11-23T15:18:00Z',
		};
		apiFetch.mockResolvedValueOnce(
			new Response( JSON.stringify( [ row ] ), {
				headers: { 'X-WP-Total': '41', 'X-WP-TotalPages': '3' },
			} )
		);
		const page = await fetchHistory( {
			page: 2,
			per_page: 20,
			outcome: 'created',
			kind: 'credit_note',
			search: '11',
		} );
		expect( apiFetch ).toHaveBeenCalledWith( {
			path: '/woosync/v1/history?page=2&per_page=20&outcome=created&kind=credit_note&search=11',
			parse: false,
		} );
		expect( page ).toEqual( { rows: [ row ], total: 41, totalPages: 3 } );
	} );

	it( 'refuses a kind of document it does not know', async () => {
		const error = await fetchHistory( {
			page: 1,
			per_page: 20,
			kind: 'receipt' as 'invoice',
		} ).catch( ( e: unknown ) => e );
		expect( error ).toMatchObject( {
			code: 'invalid_request',
			fields: { kind: expect.any( String ) },
		} );
		expect( apiFetch ).not.toHaveBeenCalled();
	} );

	it( 'turns a failed page into the server’s words', async () => {
		apiFetch.mockRejectedValueOnce(
			new Response(
				JSON.stringify( {
					code: 'rest_invalid_param',
					message: 'Invalid parameter(s): outcome',
					data: { status: 400, params: { outcome: 'bad' } },
				} ),
				{ status: 400 }
			)
		);
		await expect(
			fetchHistory( { page: 1, per_page: 20 } )
		).rejects.toMatchObject( {
			status: 400,
			fields: { outcome: 'bad' },
		} );
	} );
} );

describe( 'resync', () => {
	it( 'runs the invoice, or one refund when a refund id is given', async () => {
		apiFetch.mockResolvedValue( { outcome: 'created' } );
		await resyncOrder( { orderId: 11 } );
		await resyncOrder( { orderId: 11, refundId: 12 } );
		expect( apiFetch.mock.calls.map( ( [ call ] ) => call.path ) ).toEqual(
			[
				'/woosync/v1/orders/11/invoice/resync',
				'/woosync/v1/orders/11/refunds/12/resync',
			]
		);
	} );
} );
