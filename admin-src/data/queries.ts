/**
 * TanStack Query: one `queryOptions` factory per resource, and the mutations that change them
 * (each puts the server's answer in the cache and invalidates what depends on it).
 */
import {
	keepPreviousData,
	queryOptions,
	useMutation,
	useQueryClient,
} from '@tanstack/react-query';
import {
	fetchCurrencyMap,
	fetchHealth,
	fetchHistory,
	fetchPerfexCheck,
	fetchSettings,
	fetchTaxMap,
	fetchTaxRates,
	previewInvoice,
	saveCurrencyMap,
	saveSettings,
	resyncOrder,
	saveTaxMap,
	type ApiError,
	type ResyncTarget,
} from './api';
import type {
	CurrencyMap,
	HistoryQuery,
	ResyncResult,
	SettingsUpdate,
	TaxMap,
} from './schemas';

export const keys = {
	all: [ 'woosync' ] as const,
	settings: () => [ ...keys.all, 'settings' ] as const,
	health: () => [ ...keys.all, 'health' ] as const,
	currencyMap: () => [ ...keys.all, 'currency-map' ] as const,
	taxMap: () => [ ...keys.all, 'tax-map' ] as const,
	taxRates: () => [ ...keys.all, 'tax-rates' ] as const,
	perfexCheck: () => [ ...keys.all, 'perfex-check' ] as const,
	history: () => [ ...keys.all, 'history' ] as const,
	preview: ( orderId: number ) =>
		[ ...keys.all, 'preview', orderId ] as const,
	historyPage: ( query: HistoryQuery ) =>
		[ ...keys.history(), query ] as const,
};

export const settingsQuery = () =>
	queryOptions( { queryKey: keys.settings(), queryFn: fetchSettings } );

/** The health check talks to the sidecar and Perfex: only when asked, never retried. */
export const healthQuery = () =>
	queryOptions( {
		queryKey: keys.health(),
		queryFn: fetchHealth,
		enabled: false,
		retry: false,
		staleTime: 0,
	} );

/** Perfex through the sidecar: asked once per visit (and by Test connection), never retried. */
export const perfexCheckQuery = () =>
	queryOptions( {
		queryKey: keys.perfexCheck(),
		queryFn: fetchPerfexCheck,
		retry: false,
		staleTime: 5 * 60_000,
	} );

export const taxRatesQuery = () =>
	queryOptions( { queryKey: keys.taxRates(), queryFn: fetchTaxRates } );

/**
 * A page of the history; the previous page stays on screen while the next one loads.
 *
 * @param query Page, filters and search.
 */
export const historyQuery = ( query: HistoryQuery ) =>
	queryOptions( {
		queryKey: keys.historyPage( query ),
		queryFn: () => fetchHistory( query ),
		placeholderData: keepPreviousData,
	} );

/**
 * The invoice WooSync would send for an order; nothing is written. Asked on demand.
 *
 * @param orderId Order id.
 */
export const previewQuery = ( orderId: number ) =>
	queryOptions( {
		queryKey: keys.preview( orderId ),
		queryFn: () => previewInvoice( orderId ),
		enabled: orderId > 0,
		retry: false,
		staleTime: 0,
	} );

export const currencyMapQuery = () =>
	queryOptions( { queryKey: keys.currencyMap(), queryFn: fetchCurrencyMap } );

export const taxMapQuery = () =>
	queryOptions( { queryKey: keys.taxMap(), queryFn: fetchTaxMap } );

export function useSaveSettings() {
	const client = useQueryClient();
	return useMutation<
		Awaited< ReturnType< typeof saveSettings > >,
		ApiError,
		SettingsUpdate
	>( {
		mutationFn: saveSettings,
		onSuccess: ( settings ) => {
			client.setQueryData( keys.settings(), settings );
			// A new address or token changes what the checks find.
			return Promise.all( [
				client.invalidateQueries( { queryKey: keys.health() } ),
				client.invalidateQueries( { queryKey: keys.perfexCheck() } ),
			] );
		},
	} );
}

export function useSaveCurrencyMap() {
	const client = useQueryClient();
	return useMutation< CurrencyMap, ApiError, CurrencyMap >( {
		mutationFn: saveCurrencyMap,
		onSuccess: ( map ) => client.setQueryData( keys.currencyMap(), map ),
	} );
}

export function useSaveTaxMap() {
	const client = useQueryClient();
	return useMutation< TaxMap, ApiError, TaxMap >( {
		mutationFn: saveTaxMap,
		onSuccess: ( map ) => client.setQueryData( keys.taxMap(), map ),
	} );
}

/** Runs an order's (or one refund's) sync now; the history (and health's last error) change. */
export function useResync() {
	const client = useQueryClient();
	return useMutation< ResyncResult, ApiError, ResyncTarget >( {
		mutationFn: resyncOrder,
		onSettled: () =>
			Promise.all( [
				client.invalidateQueries( { queryKey: keys.history() } ),
				client.invalidateQueries( { queryKey: keys.health() } ),
				client.invalidateQueries( {
					queryKey: [ ...keys.all, 'preview' ],
				} ),
			] ),
	} );
}
