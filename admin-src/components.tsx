/**
 * Small pieces every screen shares: loading / error states, a field's error, notices.
 */
import { Button, Notice, SnackbarList, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { __ } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';
import type { CSSProperties, ReactNode } from 'react';
import type { ApiError } from './data/api';

export function Loading( { label }: { label: string } ) {
	return (
		<p role="status" aria-live="polite">
			<Spinner /> { label }
		</p>
	);
}

export function LoadError( {
	error,
	onRetry,
}: {
	error: Error | null;
	onRetry: () => void;
} ) {
	return (
		<Notice status="error" isDismissible={ false }>
			<p>
				{ error?.message ?? __( 'Something went wrong.', 'woosync' ) }
			</p>
			<Button variant="secondary" onClick={ onRetry }>
				{ __( 'Try again', 'woosync' ) }
			</Button>
		</Notice>
	);
}

/**
 * The explanation of a field and, when there is one, what is wrong with it.
 *
 * @param props       Props.
 * @param props.text  The explanation.
 * @param props.error What is wrong, if anything.
 */
export function Help( {
	text,
	error,
}: {
	text: ReactNode;
	error?: string | undefined;
} ) {
	return (
		<>
			{ text }
			{ error && <span className="woosync-field-error">{ error }</span> }
		</>
	);
}

/**
 * A failed save: the server's words, above the form.
 *
 * @param props       Props.
 * @param props.error The failure, if any.
 */
export function SaveError( { error }: { error: ApiError | null } ) {
	if ( ! error ) {
		return null;
	}
	return (
		<div role="alert">
			<Notice status="error" isDismissible={ false }>
				{ error.message }
			</Notice>
		</div>
	);
}

export function useNotify() {
	const { createSuccessNotice } = useDispatch( noticesStore );
	return ( message: string ) =>
		createSuccessNotice( message, { type: 'snackbar' } );
}

export function Snackbars() {
	const notices = useSelect(
		( select ) =>
			select( noticesStore )
				.getNotices()
				.filter( ( notice ) => notice.type === 'snackbar' ),
		[]
	);
	const { removeNotice } = useDispatch( noticesStore );
	return (
		<SnackbarList
			className="woosync-snackbars"
			notices={ notices }
			onRemove={ removeNotice }
		/>
	);
}

/**
 * A form's submit button, busy and disabled while the save runs.
 *
 * @param props          Props.
 * @param props.busy     Whether the save is running.
 * @param props.style    Extra style of the button row.
 * @param props.children The button's label.
 */
export function SaveButton( {
	busy,
	style,
	children,
}: {
	busy: boolean;
	style?: CSSProperties;
	children: ReactNode;
} ) {
	return (
		<div className="woosync-actions" style={ style }>
			<Button
				variant="primary"
				type="submit"
				isBusy={ busy }
				disabled={ busy }
			>
				{ children }
			</Button>
		</div>
	);
}
