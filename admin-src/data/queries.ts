/**
 * TanStack Query: one `queryOptions` factory per resource, and the mutations that change them
 * (each puts the server's answer in the cache and invalidates what depends on it).
 */
import {
	queryOptions,
	useMutation,
	useQueryClient,
} from '@tanstack/react-query';
import {
	fetchCurrencyMap,
	fetchHealth,
	fetchSettings,
	fetchTaxMap,
	saveCurrencyMap,
	saveSettings,
	saveTaxMap,
	type ApiError,
} from './api';
import type { CurrencyMap, SettingsUpdate, TaxMap } from './schemas';

export const keys = {
	all: [ 'woosync' ] as const,
	settings: () => [ ...keys.all, 'settings' ] as const,
	health: () => [ ...keys.all, 'health' ] as const,
	currencyMap: () => [ ...keys.all, 'currency-map' ] as const,
	taxMap: () => [ ...keys.all, 'tax-map' ] as const,
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
			// A new address or token changes what the health check finds.
			return client.invalidateQueries( { queryKey: keys.health() } );
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
