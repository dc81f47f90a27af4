/**
 * WooCommerce → WooSync: the admin app, mounted on #woosync-admin.
 */
import './compat/react';
import { createRoot, render } from '@wordpress/element';
import { App } from './App';
import './style.css';

const root = document.getElementById( 'woosync-admin' );
if ( root ) {
	const app = (
		<App
			storeCurrency={ root.dataset.storeCurrency ?? '' }
			orderUrl={ root.dataset.orderUrl ?? '' }
		/>
	);
	// createRoot arrived with React 18 (WordPress 6.2); WordPress 6.1 renders with render().
	if ( typeof createRoot === 'function' ) {
		createRoot( root ).render( app );
	} else {
		render( app, root );
	}
}
