/**
 * The order screen's "Resync invoice" button (the Perfex invoice box), on the app's data layer.
 */
import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { useResync } from './data/queries';

export function ResyncBox( {
	orderId,
	onDone = () => window.location.reload(),
}: {
	orderId: number;
	onDone?: () => void;
} ) {
	const resync = useResync();
	const [ message, setMessage ] = useState( '' );
	const run = () => {
		setMessage( __( 'Syncing…', 'woosync' ) );
		resync.mutate(
			{ orderId },
			{
				onSuccess: ( result ) => {
					setMessage(
						result.invoice?.number
							? sprintf(
									/* translators: 1: outcome, 2: invoice number. */
									__( '%1$s: %2$s', 'woosync' ),
									result.outcome,
									result.invoice.number
								)
							: ( result.error?.message ?? result.outcome )
					);
					onDone();
				},
				onError: ( error ) => setMessage( error.message ),
			}
		);
	};
	return (
		<>
			<p>
				<Button
					variant="secondary"
					className="woosync-resync"
					onClick={ run }
					isBusy={ resync.isPending }
					disabled={ resync.isPending }
				>
					{ __( 'Resync invoice', 'woosync' ) }
				</Button>
			</p>
			<p className="woosync-resync-result" aria-live="polite">
				{ message }
			</p>
		</>
	);
}
