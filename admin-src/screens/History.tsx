/**
 * Sync history: every attempt, newest first, paged on the server, with Retry on failed rows.
 */
import { useQuery } from '@tanstack/react-query';
import {
	Button,
	Card,
	CardBody,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { LoadError, Loading, useNotify } from '../components';
import { healthQuery, historyQuery, useResync } from '../data/queries';
import {
	DOCUMENT_KINDS,
	HISTORY_OUTCOMES,
	type Attempt,
	type HistoryQuery,
} from '../data/schemas';

const PER_PAGE = 20;

/** Outcomes a person can do something about with Retry. */
const RETRYABLE = new Set( [ 'failed', 'refused', 'invalid' ] );

/**
 * Whether Retry can run this attempt again: an invoice, or a refund that still exists and that
 * the row names (rows written before WooSync recorded refund ids cannot say which refund).
 *
 * @param row The attempt.
 */
export const canRetry = ( row: Attempt ) =>
	RETRYABLE.has( row.outcome ) &&
	( row.kind === 'invoice' ||
		( row.refund_id !== null && row.error_code !== 'refund_not_found' ) );

export const outcomeLabels = (): Record< Attempt[ 'outcome' ], string > => ( {
	created: __( 'Created', 'woosync' ),
	linked: __( 'Linked', 'woosync' ),
	skipped: __( 'Skipped', 'woosync' ),
	refused: __( 'Refused', 'woosync' ),
	invalid: __( 'Invalid', 'woosync' ),
	failed: __( 'Failed', 'woosync' ),
	retrying: __( 'Retrying', 'woosync' ),
	waiting: __( 'Waiting', 'woosync' ),
	deleted: __( 'Deleted', 'woosync' ),
} );

export const kindLabels = (): Record< Attempt[ 'kind' ], string > => ( {
	invoice: __( 'Invoice', 'woosync' ),
	credit_note: __( 'Credit note', 'woosync' ),
	expense: __( 'Expense', 'woosync' ),
} );

/**
 * A day typed in a date field → the RFC 3339 bound the route takes.
 *
 * @param day     "2026-11-23" or "".
 * @param nextDay Whether the bound is the end of that day.
 */
export function dayBound( day: string, nextDay: boolean ): string | undefined {
	if ( ! /^\d{4}-\d{2}-\d{2}$/.test( day ) ) {
		return undefined;
	}
	const date = new Date( `${ day }T00:00:00Z` );
	if ( nextDay ) {
		date.setUTCDate( date.getUTCDate() + 1 );
	}
	return date.toISOString().replace( '.000Z', 'Z' );
}

/** Midnight today (this browser's day) as an RFC 3339 bound. */
function startOfToday(): string {
	const today = new Date();
	today.setHours( 0, 0, 0, 0 );
	return today.toISOString().replace( /\.\d{3}Z$/, 'Z' );
}

/**
 * The strip above the history: synced and failed today (the history's own totals), jobs waiting
 * and the last error (the health report).
 */
export function HistorySummary() {
	const [ after ] = useState( startOfToday );
	const synced = useQuery(
		historyQuery( { page: 1, per_page: 1, outcome: 'created', after } )
	);
	const failed = useQuery(
		historyQuery( { page: 1, per_page: 1, outcome: 'failed', after } )
	);
	const health = useQuery( { ...healthQuery(), enabled: true } );
	const count = ( total: number | undefined ) =>
		total === undefined ? '…' : String( total );
	const last = health.data?.last_error;
	return (
		<ul
			className="woosync-summary"
			aria-label={ __( 'Summary', 'woosync' ) }
		>
			<li>
				<strong>{ count( synced.data?.total ) }</strong>{ ' ' }
				{ __( 'invoices created today', 'woosync' ) }
			</li>
			<li>
				<strong>{ count( failed.data?.total ) }</strong>{ ' ' }
				{ __( 'failed today', 'woosync' ) }
			</li>
			<li>
				<strong>{ count( health.data?.queue.pending ) }</strong>{ ' ' }
				{ __( 'waiting in the queue', 'woosync' ) }
			</li>
			<li>
				{ last
					? sprintf(
							/* translators: 1: order number, 2: message. */
							__( 'Last error (order #%1$s): %2$s', 'woosync' ),
							String( last.order_number ?? '?' ),
							last.message ?? ''
						)
					: __( 'No error so far.', 'woosync' ) }
			</li>
		</ul>
	);
}

export function HistoryScreen( { orderUrl }: { orderUrl: string } ) {
	const [ page, setPage ] = useState( 1 );
	const [ outcome, setOutcome ] = useState< '' | Attempt[ 'outcome' ] >( '' );
	const [ kind, setKind ] = useState< '' | Attempt[ 'kind' ] >( '' );
	const [ search, setSearch ] = useState( '' );
	// The order number is asked for once typing pauses, not at every key.
	const [ searched, setSearched ] = useState( '' );
	useEffect( () => {
		const timer = setTimeout( () => setSearched( search.trim() ), 300 );
		return () => clearTimeout( timer );
	}, [ search ] );
	const [ from, setFrom ] = useState( '' );
	const [ to, setTo ] = useState( '' );
	const query: HistoryQuery = {
		page,
		per_page: PER_PAGE,
		...( outcome ? { outcome } : {} ),
		...( kind ? { kind } : {} ),
		...( searched ? { search: searched } : {} ),
		...( dayBound( from, false )
			? { after: dayBound( from, false ) }
			: {} ),
		...( dayBound( to, true ) ? { before: dayBound( to, true ) } : {} ),
	};
	const history = useQuery( historyQuery( query ) );
	const labels = outcomeLabels();
	const kinds = kindLabels();
	const filter =
		< T, >( set: ( value: T ) => void ) =>
		( value: T ) => {
			set( value );
			setPage( 1 );
		};

	return (
		<Card>
			<CardBody>
				<HistorySummary />
				<div
					className="woosync-map-row woosync-history-filters"
					role="search"
				>
					<SelectControl
						label={ __( 'Outcome', 'woosync' ) }
						value={ outcome }
						options={ [
							{ value: '', label: __( 'All', 'woosync' ) },
							...HISTORY_OUTCOMES.map( ( value ) => ( {
								value,
								label: labels[ value ],
							} ) ),
						] }
						onChange={ filter( setOutcome ) }
					/>
					<SelectControl
						label={ __( 'Document', 'woosync' ) }
						value={ kind }
						options={ [
							{ value: '', label: __( 'All', 'woosync' ) },
							...DOCUMENT_KINDS.map( ( value ) => ( {
								value,
								label: kinds[ value ],
							} ) ),
						] }
						onChange={ filter( setKind ) }
					/>
					<TextControl
						label={ __( 'Order number', 'woosync' ) }
						value={ search }
						onChange={ filter( setSearch ) }
					/>
					<TextControl
						label={ __( 'From', 'woosync' ) }
						type="date"
						value={ from }
						onChange={ filter( setFrom ) }
					/>
					<TextControl
						label={ __( 'To', 'woosync' ) }
						type="date"
						value={ to }
						onChange={ filter( setTo ) }
					/>
				</div>
				{ history.isPending && (
					<Loading
						label={ __( 'Loading the history…', 'woosync' ) }
					/>
				) }
				{ history.isError && (
					<LoadError
						error={ history.error }
						onRetry={ () => history.refetch() }
					/>
				) }
				{ history.data && history.data.rows.length === 0 && (
					<p>
						{ page === 1 &&
						! outcome &&
						! kind &&
						! searched &&
						! from &&
						! to
							? __(
									'Nothing has been synced yet. Completed orders appear here once invoices are created automatically or by Resync.',
									'woosync'
								)
							: __(
									'No attempt matches these filters.',
									'woosync'
								) }
					</p>
				) }
				{ history.data && history.data.rows.length > 0 && (
					<>
						<HistoryTable
							rows={ history.data.rows }
							orderUrl={ orderUrl }
						/>
						<div
							className="woosync-actions"
							style={ { marginTop: 12 } }
						>
							<Button
								variant="secondary"
								disabled={ page <= 1 }
								onClick={ () => setPage( page - 1 ) }
							>
								{ __( 'Previous page', 'woosync' ) }
							</Button>
							<span aria-live="polite">
								{ sprintf(
									/* translators: 1: page, 2: pages, 3: attempts. */
									_n(
										'Page %1$d of %2$d (%3$d attempt)',
										'Page %1$d of %2$d (%3$d attempts)',
										history.data.total,
										'woosync'
									),
									page,
									Math.max( 1, history.data.totalPages ),
									history.data.total
								) }
							</span>
							<Button
								variant="secondary"
								disabled={ page >= history.data.totalPages }
								onClick={ () => setPage( page + 1 ) }
							>
								{ __( 'Next page', 'woosync' ) }
							</Button>
						</div>
					</>
				) }
			</CardBody>
		</Card>
	);
}

function HistoryTable( {
	rows,
	orderUrl,
}: {
	rows: Attempt[];
	orderUrl: string;
} ) {
	const labels = outcomeLabels();
	const kinds = kindLabels();
	const resync = useResync();
	const notify = useNotify();
	const retry = ( row: Attempt ) =>
		resync.mutate(
			{ orderId: row.order_id, refundId: row.refund_id },
			{
				onSuccess: ( result ) =>
					notify(
						sprintf(
							/* translators: 1: order number, 2: outcome. */
							__( 'Order #%1$s: %2$s.', 'woosync' ),
							row.order_number,
							labels[ result.outcome as Attempt[ 'outcome' ] ] ??
								result.outcome
						)
					),
				onError: ( error ) =>
					notify(
						sprintf(
							/* translators: 1: order number, 2: reason. */
							__( 'Order #%1$s was not synced: %2$s', 'woosync' ),
							row.order_number,
							error.message
						)
					),
			}
		);
	const retrying = ( row: Attempt ) =>
		resync.isPending &&
		resync.variables?.orderId === row.order_id &&
		( resync.variables.refundId ?? null ) === row.refund_id;
	return (
		<div className="woosync-scroll">
			<table className="widefat striped woosync-history">
				<thead>
					<tr>
						<th scope="col">{ __( 'When', 'woosync' ) }</th>
						<th scope="col">{ __( 'Order', 'woosync' ) }</th>
						<th scope="col">{ __( 'Outcome', 'woosync' ) }</th>
						<th scope="col">
							{ __( 'Perfex document', 'woosync' ) }
						</th>
						<th scope="col">{ __( 'Message', 'woosync' ) }</th>
						<th scope="col">
							<span className="screen-reader-text">
								{ __( 'Actions', 'woosync' ) }
							</span>
						</th>
					</tr>
				</thead>
				<tbody>
					{ rows.map( ( row ) => (
						<tr key={ row.id }>
							<td>
								<time dateTime={ row.started_at }>
									{ new Date(
										row.started_at
									).toLocaleString() }
								</time>
							</td>
							<td>
								<a
									href={ orderUrl.replace(
										'%d',
										String( row.order_id )
									) }
								>
									{ sprintf(
										/* translators: %s: order number. */
										__( '#%s', 'woosync' ),
										row.order_number
									) }
								</a>
							</td>
							<td>
								<strong>{ labels[ row.outcome ] }</strong>
								{ row.error_code && (
									<>
										<br />
										<code>{ row.error_code }</code>
									</>
								) }
							</td>
							<td>
								<PerfexDocument
									row={ row }
									kind={ kinds[ row.kind ] }
								/>
							</td>
							<td>{ row.message }</td>
							<td>
								{ canRetry( row ) && (
									<Button
										variant="secondary"
										isBusy={ retrying( row ) }
										disabled={ resync.isPending }
										onClick={ () => retry( row ) }
									>
										{ row.refund_id
											? sprintf(
													/* translators: 1: refund id, 2: order number. */
													__(
														'Retry refund #%1$d of #%2$s',
														'woosync'
													),
													row.refund_id,
													row.order_number
												)
											: sprintf(
													/* translators: %s: order number. */
													__(
														'Retry #%s',
														'woosync'
													),
													row.order_number
												) }
									</Button>
								) }
							</td>
						</tr>
					) ) }
				</tbody>
			</table>
		</div>
	);
}

/**
 * The Perfex document of an attempt: its kind and number, linked to its page in Perfex (a new
 * tab), and its total.
 *
 * @param props      Props.
 * @param props.row  The attempt.
 * @param props.kind The kind in words.
 */
function PerfexDocument( { row, kind }: { row: Attempt; kind: string } ) {
	const number =
		row.perfex_number || ( row.perfex_id ? `#${ row.perfex_id }` : '' );
	if ( ! number ) {
		return <>{ kind }</>;
	}
	const label = `${ kind } ${ number }`;
	return (
		<>
			{ row.perfex_url ? (
				<a href={ row.perfex_url } target="_blank" rel="noreferrer">
					{ label }
					<span className="screen-reader-text">
						{ __( '(opens in Perfex, in a new tab)', 'woosync' ) }
					</span>
				</a>
			) : (
				label
			) }
			{ row.perfex_total && (
				<>
					<br />
					{ `${ row.perfex_total } ${ row.currency }` }
				</>
			) }
		</>
	);
}
