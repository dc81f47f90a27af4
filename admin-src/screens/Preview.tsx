/**
 * Invoice preview: for any order, the document WooSync would send, before anything is written.
 */
import { useQuery } from '@tanstack/react-query';
import {
	Button,
	Card,
	CardBody,
	Notice,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { Help, LoadError, Loading } from '../components';
import { previewQuery } from '../data/queries';
import type { Preview } from '../data/schemas';

export function PreviewScreen() {
	const [ typed, setTyped ] = useState( '' );
	const [ orderId, setOrderId ] = useState( 0 );
	const [ error, setError ] = useState< string | undefined >();
	const preview = useQuery( previewQuery( orderId ) );
	const submit = () => {
		const id = Number( typed.trim().replace( /^#/, '' ) );
		if ( ! Number.isInteger( id ) || id < 1 ) {
			setError( __( 'Enter an order id, such as 123.', 'woosync' ) );
			return;
		}
		setError( undefined );
		if ( id === orderId ) {
			preview.refetch();
		}
		setOrderId( id );
	};
	return (
		<Card>
			<CardBody>
				<form
					noValidate
					className="woosync-actions"
					onSubmit={ ( event ) => {
						event.preventDefault();
						submit();
					} }
				>
					<TextControl
						label={ __( 'Order id', 'woosync' ) }
						value={ typed }
						onChange={ setTyped }
						help={
							<Help
								text={ __(
									'Shows the invoice WooSync would create for this order. Nothing is sent to Perfex.',
									'woosync'
								) }
								error={ error }
							/>
						}
					/>
					<Button variant="secondary" type="submit">
						{ __( 'Preview invoice', 'woosync' ) }
					</Button>
				</form>
				<div aria-live="polite">
					{ orderId > 0 && preview.isFetching && (
						<Loading
							label={ __( 'Building the preview…', 'woosync' ) }
						/>
					) }
					{ ! preview.isFetching && preview.isError && (
						<LoadError
							error={ preview.error }
							onRetry={ () => preview.refetch() }
						/>
					) }
					{ ! preview.isFetching && preview.data && (
						<PreviewDocument preview={ preview.data } />
					) }
				</div>
			</CardBody>
		</Card>
	);
}

export function PreviewDocument( { preview }: { preview: Preview } ) {
	if ( preview.kind !== 'invoice' || ! preview.document ) {
		return (
			<Notice status="warning" isDismissible={ false }>
				{ preview.kind === 'skipped'
					? __( 'No invoice would be created:', 'woosync' )
					: __(
							'WooSync would refuse this order:',
							'woosync'
						) }{ ' ' }
				{ preview.refusal?.message ?? preview.message ?? '' }
				{ preview.issues && (
					<ul>
						{ preview.issues.map( ( issue ) => (
							<li key={ issue.path }>
								<code>{ issue.path }</code> { issue.message }
							</li>
						) ) }
					</ul>
				) }
			</Notice>
		);
	}
	const doc = preview.document;
	const adjustment = preview.trace?.adjustment;
	return (
		<div className="woosync-preview">
			{ preview.warnings.length > 0 && (
				<Notice status="info" isDismissible={ false }>
					<ul>
						{ preview.warnings.map( ( warning ) => (
							<li key={ warning.code }>{ warning.message }</li>
						) ) }
					</ul>
				</Notice>
			) }
			<p>
				{ sprintf(
					/* translators: 1: invoice date, 2: due date. */
					__( 'Invoice date %1$s, due %2$s.', 'woosync' ),
					doc.date,
					doc.duedate
				) }
			</p>
			<div className="woosync-scroll">
				<table className="widefat striped">
					<thead>
						<tr>
							<th scope="col">{ __( 'Line', 'woosync' ) }</th>
							<th scope="col">{ __( 'Qty', 'woosync' ) }</th>
							<th scope="col">{ __( 'Rate', 'woosync' ) }</th>
							<th scope="col">{ __( 'Taxes', 'woosync' ) }</th>
						</tr>
					</thead>
					<tbody>
						{ doc.newitems.map( ( item ) => (
							<tr key={ item.order }>
								<td>
									{ item.description }
									{ item.long_description && (
										<>
											<br />
											<span className="description">
												{ item.long_description }
											</span>
										</>
									) }
								</td>
								<td>{ item.qty }</td>
								<td>{ item.rate }</td>
								<td>
									{ item.taxname
										.map(
											( tax ) =>
												tax.replace( '|', ' ' ) + '%'
										)
										.join( ', ' ) || '—' }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			</div>
			<table className="woosync-totals">
				<tbody>
					<tr>
						<th scope="row">{ __( 'Subtotal', 'woosync' ) }</th>
						<td>{ preview.totals?.subtotal ?? doc.subtotal }</td>
					</tr>
					{ preview.totals?.taxes.map( ( tax ) => (
						<tr key={ tax.key }>
							<th scope="row">{ `${ tax.name } ${ tax.rate }%` }</th>
							<td>{ tax.amount }</td>
						</tr>
					) ) }
					{ doc.discount_total !== '0.00' &&
						doc.discount_total !== '0' && (
							<tr>
								<th scope="row">
									{ __( 'Discount', 'woosync' ) }
								</th>
								<td>{ doc.discount_total }</td>
							</tr>
						) }
					<tr>
						<th scope="row">{ __( 'Adjustment', 'woosync' ) }</th>
						<td>
							{ doc.adjustment }
							{ adjustment && adjustment.parts.length > 0 && (
								<ul className="woosync-adjustment">
									{ adjustment.parts.map( ( part ) => (
										<li
											key={ `${ part.kind }-${ part.ref }` }
										>
											{ adjustmentWords( part.kind ) }{ ' ' }
											{ `(${ part.ref }): ${ part.amount }` }
										</li>
									) ) }
								</ul>
							) }
						</td>
					</tr>
					<tr>
						<th scope="row">
							{ __( 'Invoice total', 'woosync' ) }
						</th>
						<td>
							<strong>
								{ preview.totals?.total ?? doc.total }
							</strong>
						</td>
					</tr>
					{ adjustment && (
						<tr>
							<th scope="row">
								{ __( 'Order total', 'woosync' ) }
							</th>
							<td>{ adjustment.target_total }</td>
						</tr>
					) }
				</tbody>
			</table>
		</div>
	);
}

function adjustmentWords( kind: string ): string {
	switch ( kind ) {
		case 'line_rounding':
			return __( 'Line rounding', 'woosync' );
		case 'tax_rounding':
			return __( 'Tax rounding', 'woosync' );
		case 'perfex_tax_total_rounding':
			return __( 'Perfex rounds the tax total', 'woosync' );
		default:
			return __( 'WooCommerce total rounding', 'woosync' );
	}
}
