/**
 * Typed fetchers: every answer of the `woosync/v1` routes is parsed with its zod schema.
 *
 * apiFetch adds the REST nonce WordPress gives the page.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';
import type { z } from 'zod';
import {
	attemptSchema,
	currencyMapSchema,
	historyQuerySchema,
	resyncResultSchema,
	healthSchema,
	perfexCheckSchema,
	previewResponseSchema,
	restErrorSchema,
	settingsSchema,
	settingsUpdateSchema,
	taxMapSchema,
	taxRatesSchema,
	type Attempt,
	type CurrencyMap,
	type HistoryQuery,
	type SettingsUpdate,
	type TaxMap,
} from './schemas';

const NAMESPACE = '/woosync/v1';

/** A failed request, in words the screen can show, with the server's field errors. */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly code: string,
		readonly status: number | null,
		readonly fields: Record< string, string > = {}
	) {
		super( message );
		this.name = 'ApiError';
	}
}

/**
 * Whatever apiFetch rejected with → ApiError.
 *
 * @param error The rejection.
 */
export function toApiError( error: unknown ): ApiError {
	if ( error instanceof ApiError ) {
		return error;
	}
	const result = resyncResultSchema.safeParse( error );
	if ( result.success && result.data.error ) {
		return new ApiError(
			result.data.error.message,
			result.data.error.code,
			null
		);
	}
	const rest = restErrorSchema.safeParse( error );
	if ( rest.success ) {
		return new ApiError(
			rest.data.message,
			rest.data.code,
			rest.data.data?.status ?? null,
			rest.data.data?.params ?? {}
		);
	}
	return new ApiError(
		__(
			'The site could not be reached. Check your connection and try again.',
			'woosync'
		),
		'fetch_error',
		null
	);
}

async function request< S extends z.ZodType >(
	schema: S,
	options: { path: string; method?: string; data?: unknown }
): Promise< z.infer< S > > {
	let body: unknown;
	try {
		body = await apiFetch( {
			path: NAMESPACE + options.path,
			method: options.method ?? 'GET',
			...( options.data === undefined ? {} : { data: options.data } ),
		} );
	} catch ( error ) {
		throw toApiError( error );
	}
	const parsed = schema.safeParse( body );
	if ( ! parsed.success ) {
		throw new ApiError(
			__(
				'The site answered in a shape this page does not understand. Reload the page; if it stays, the plugin files may be out of date.',
				'woosync'
			),
			'invalid_response',
			200
		);
	}
	return parsed.data;
}

/**
 * What is sent, checked against its schema first: a value the server would refuse is never sent.
 *
 * @param schema The shape the route accepts.
 * @param value  What the form produced.
 */
function outgoing< S extends z.ZodType >(
	schema: S,
	value: unknown
): z.infer< S > {
	const parsed = schema.safeParse( value );
	if ( ! parsed.success ) {
		const fields: Record< string, string > = {};
		for ( const issue of parsed.error.issues ) {
			const field = String( issue.path[ 0 ] ?? '' );
			fields[ field ] ??= __( 'This value is not valid.', 'woosync' );
		}
		throw new ApiError(
			__( 'Some values are not valid; nothing was saved.', 'woosync' ),
			'invalid_request',
			null,
			fields
		);
	}
	return parsed.data;
}

export const fetchSettings = () =>
	request( settingsSchema, { path: '/settings' } );

export const saveSettings = async ( changes: SettingsUpdate ) =>
	request( settingsSchema, {
		path: '/settings',
		method: 'POST',
		data: outgoing( settingsUpdateSchema, changes ),
	} );

export const fetchHealth = () => request( healthSchema, { path: '/health' } );

export const fetchCurrencyMap = () =>
	request( currencyMapSchema, { path: '/currency-map' } );

export const saveCurrencyMap = async ( map: CurrencyMap ) =>
	request( currencyMapSchema, {
		path: '/currency-map',
		method: 'POST',
		data: outgoing( currencyMapSchema, map ),
	} );

export const fetchTaxMap = () => request( taxMapSchema, { path: '/tax-map' } );

export const saveTaxMap = async ( map: TaxMap ) =>
	request( taxMapSchema, {
		path: '/tax-map',
		method: 'POST',
		data: outgoing( taxMapSchema, map ),
	} );

export const fetchTaxRates = () =>
	request( taxRatesSchema, { path: '/tax-rates' } );

export const fetchPerfexCheck = () =>
	request( perfexCheckSchema, { path: '/perfex-check' } );

export type HistoryPage = {
	rows: Attempt[];
	total: number;
	totalPages: number;
};

/**
 * One page of the sync history; the totals come from WordPress's X-WP-Total headers.
 *
 * @param query Page, filters and search.
 */
export async function fetchHistory(
	query: HistoryQuery
): Promise< HistoryPage > {
	const params = new URLSearchParams();
	for ( const [ key, value ] of Object.entries(
		outgoing( historyQuerySchema, query )
	) ) {
		if ( value !== undefined && value !== '' ) {
			params.set( key, String( value ) );
		}
	}
	let response: Response;
	try {
		response = await apiFetch< Response, false >( {
			path: `${ NAMESPACE }/history?${ params.toString() }`,
			parse: false,
		} );
	} catch ( error ) {
		// With parse: false a failed request rejects with its Response.
		if ( error instanceof Response ) {
			throw toApiError( await error.json().catch( () => null ) );
		}
		throw toApiError( error );
	}
	const rows = attemptSchema.array().safeParse( await response.json() );
	if ( ! rows.success ) {
		throw new ApiError(
			__(
				'The site answered in a shape this page does not understand. Reload the page; if it stays, the plugin files may be out of date.',
				'woosync'
			),
			'invalid_response',
			200
		);
	}
	return {
		rows: rows.data,
		total: Number(
			response.headers.get( 'X-WP-Total' ) ?? rows.data.length
		),
		totalPages: Number( response.headers.get( 'X-WP-TotalPages' ) ?? 1 ),
	};
}

/** What Resync runs: an order's invoice, or one of its refunds when `refundId` is given. */
export type ResyncTarget = { orderId: number; refundId?: number | null };

export const resyncOrder = ( { orderId, refundId }: ResyncTarget ) =>
	request( resyncResultSchema, {
		path: refundId
			? `/orders/${ orderId }/refunds/${ refundId }/resync`
			: `/orders/${ orderId }/invoice/resync`,
		method: 'POST',
	} );

export const previewInvoice = ( orderId: number ) =>
	request( previewResponseSchema, {
		path: `/orders/${ orderId }/invoice/preview`,
		method: 'POST',
	} );
