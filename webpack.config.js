/**
 * The admin app's build: @wordpress/scripts' own configuration, with one change so the app runs
 * on every supported WordPress (6.1+).
 *
 * WordPress provides `react-jsx-runtime` only since 6.6; before that a script depending on it is
 * never printed. The app's JSX therefore goes through a small runtime of its own
 * (admin-src/compat/jsx-runtime.ts) built on React.createElement, which every WordPress has.
 */
import defaultConfig from '@wordpress/scripts/config/webpack.config.js';
import { fileURLToPath } from 'node:url';

const jsxRuntime = fileURLToPath(
	new URL( './admin-src/compat/jsx-runtime.ts', import.meta.url )
);

const isExtraction = ( plugin ) =>
	plugin.constructor.name === 'DependencyExtractionWebpackPlugin';
const DependencyExtractionWebpackPlugin =
	defaultConfig.plugins.find( isExtraction ).constructor;

export default {
	...defaultConfig,
	resolve: {
		...defaultConfig.resolve,
		alias: {
			...defaultConfig.resolve?.alias,
			'react/jsx-runtime$': jsxRuntime,
			'react/jsx-dev-runtime$': jsxRuntime,
		},
	},
	plugins: [
		...defaultConfig.plugins.filter(
			( plugin ) => ! isExtraction( plugin )
		),
		new DependencyExtractionWebpackPlugin( {
			requestToExternal: ( request ) =>
				request.startsWith( 'react/jsx' ) ? false : undefined,
		} ),
	],
};
