/**
 * The JSX runtime of the app, built on React.createElement (every WordPress since 5.0 has it;
 * `react-jsx-runtime` exists only since WordPress 6.6).
 */
import { createElement, Fragment } from 'react';

type Props = Record< string, unknown > | null;

export { Fragment };

export function jsx(
	type: Parameters< typeof createElement >[ 0 ],
	props: Props,
	key?: string
) {
	return createElement( type, key === undefined ? props : { ...props, key } );
}

export const jsxs = jsx;
export const jsxDEV = jsx;
