/**
 * React 17 (WordPress 6.1) has no useSyncExternalStore, which TanStack Query calls; React's own
 * shim provides it there. Newer WordPress versions keep their own.
 */
import { useSyncExternalStore } from 'use-sync-external-store/shim';

const react = ( window as unknown as { React?: Record< string, unknown > } )
	.React;
if ( react && typeof react.useSyncExternalStore !== 'function' ) {
	react.useSyncExternalStore = useSyncExternalStore;
}
