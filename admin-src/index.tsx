/**
 * The WooSync admin script: the app on WooCommerce → WooSync (#woosync-admin), and the Resync
 * button of the order screen's Perfex invoice box (.woosync-resync-root). One data layer.
 */
import './compat/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot, render } from '@wordpress/element';
import type { ReactElement } from 'react';
import { App } from './App';
import { ResyncBox } from './ResyncBox';
import './style.css';

function mount( element: ReactElement, root: HTMLElement ) {
	// createRoot arrived with React 18 (WordPress 6.2); WordPress 6.1 renders with render().
	if ( typeof createRoot === 'function' ) {
		createRoot( root ).render( element );
	} else {
		render( element, root );
	}
}

const root = document.getElementById( 'woosync-admin' );
if ( root ) {
	mount(
		<App
			storeCurrency={ root.dataset.storeCurrency ?? '' }
			orderUrl={ root.dataset.orderUrl ?? '' }
		/>,
		root
	);
}

const boxes = document.querySelectorAll< HTMLElement >(
	'.woosync-resync-root'
);
if ( boxes.length > 0 ) {
	const client = new QueryClient();
	boxes.forEach( ( box ) =>
		mount(
			<QueryClientProvider client={ client }>
				<ResyncBox orderId={ Number( box.dataset.orderId ) } />
			</QueryClientProvider>,
			box
		)
	);
}
