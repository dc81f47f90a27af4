/**
 * The WooSync admin page: one tab per screen.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { TabPanel } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { Snackbars } from './components';
import { ConnectionScreen } from './screens/Connection';
import { CurrencyMappingScreen } from './screens/CurrencyMapping';
import { HistoryScreen } from './screens/History';
import { PreviewScreen } from './screens/Preview';
import { StoreSettingsScreen } from './screens/StoreSettings';
import { TaxMappingScreen } from './screens/TaxMapping';

export function App( {
	storeCurrency,
	orderUrl,
}: {
	storeCurrency: string;
	orderUrl: string;
} ) {
	const [ client ] = useState(
		() =>
			new QueryClient( {
				defaultOptions: {
					queries: { retry: 1, refetchOnWindowFocus: false },
				},
			} )
	);
	const tabs = [
		{ name: 'connection', title: __( 'Connection', 'woosync' ) },
		{ name: 'store', title: __( 'Store settings', 'woosync' ) },
		{ name: 'taxes', title: __( 'Tax mapping', 'woosync' ) },
		{ name: 'currencies', title: __( 'Currency mapping', 'woosync' ) },
		{ name: 'history', title: __( 'Sync history', 'woosync' ) },
		{ name: 'preview', title: __( 'Invoice preview', 'woosync' ) },
	];
	return (
		<QueryClientProvider client={ client }>
			<div className="woosync-admin">
				<TabPanel tabs={ tabs }>
					{ ( tab ) => {
						switch ( tab.name ) {
							case 'store':
								return <StoreSettingsScreen />;
							case 'preview':
								return <PreviewScreen />;
							case 'history':
								return <HistoryScreen orderUrl={ orderUrl } />;
							case 'taxes':
								return <TaxMappingScreen />;
							case 'currencies':
								return (
									<CurrencyMappingScreen
										storeCurrency={ storeCurrency }
									/>
								);
							default:
								return <ConnectionScreen />;
						}
					} }
				</TabPanel>
			</div>
			<Snackbars />
		</QueryClientProvider>
	);
}
