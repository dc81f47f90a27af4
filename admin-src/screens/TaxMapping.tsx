/**
 * Tax mapping: one row per WooCommerce tax rate → a Perfex tax read live from Perfex.
 */
import { useQuery } from '@tanstack/react-query';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import {
	Help,
	LoadError,
	Loading,
	SaveButton,
	SaveError,
	useNotify,
} from '../components';
import type { FieldErrors } from '../data/forms';
import {
	perfexCheckQuery,
	taxMapQuery,
	taxRatesQuery,
	useSaveTaxMap,
} from '../data/queries';
import type { TaxMap } from '../data/schemas';
import {
	isMapped,
	mapByMatchingRate,
	rowLabel,
	rowsFrom,
	type MatchReport,
	type PerfexTax,
	toTaxMap,
	type TaxRow,
} from '../data/taxMap';

export function TaxMappingScreen() {
	const rates = useQuery( taxRatesQuery() );
	const map = useQuery( taxMapQuery() );
	const perfex = useQuery( perfexCheckQuery() );
	if ( rates.isPending || map.isPending ) {
		return <Loading label={ __( 'Loading the tax rates…', 'woosync' ) } />;
	}
	if ( rates.isError || map.isError ) {
		return (
			<LoadError
				error={ rates.error ?? map.error }
				onRetry={ () => {
					rates.refetch();
					map.refetch();
				} }
			/>
		);
	}
	if ( rates.data.rates.length === 0 ) {
		return (
			<Notice status="info" isDismissible={ false }>
				{ __(
					'This store has no tax rates (WooCommerce → Settings → Tax), so there is nothing to map: invoices carry no tax.',
					'woosync'
				) }
			</Notice>
		);
	}
	let perfexTaxes: PerfexTax[] | null = null;
	if ( perfex.data?.taxes ) {
		perfexTaxes = perfex.data.tax_rates;
	}
	return (
		<TaxForm
			rows={ rowsFrom( rates.data.rates, map.data ) }
			stored={ map.data }
			perfexTaxes={ perfexTaxes }
			perfexLoading={ perfex.isPending }
			perfexProblem={
				perfex.isError
					? perfex.error.message
					: perfex.data &&
						! perfex.data.taxes &&
						__(
							'Perfex did not let WooSync read its taxes with this token.',
							'woosync'
						)
			}
		/>
	);
}

function TaxForm( {
	rows: initial,
	stored,
	perfexTaxes,
	perfexLoading,
	perfexProblem,
}: {
	rows: TaxRow[];
	stored: TaxMap;
	perfexTaxes: PerfexTax[] | null;
	perfexLoading: boolean;
	perfexProblem: string | false | undefined;
} ) {
	const [ rows, setRows ] = useState( initial );
	const [ errors, setErrors ] = useState< FieldErrors >( {} );
	const [ report, setReport ] = useState< MatchReport | null >( null );
	const reportRef = useRef< HTMLDivElement >( null );
	const save = useSaveTaxMap();
	const notify = useNotify();
	const unmapped = rows.filter( ( row ) => ! isMapped( row ) ).length;
	const update = ( id: number, changes: Partial< TaxRow > ) =>
		setRows( ( current ) =>
			current.map( ( row ) =>
				row.rate.id === id ? { ...row, ...changes } : row
			)
		);

	const matchRates = () => {
		if ( ! perfexTaxes ) {
			return;
		}
		const result = mapByMatchingRate( rows, perfexTaxes );
		setRows( result.rows );
		setReport( result.report );
		window.setTimeout( () => reportRef.current?.focus(), 0 );
	};

	const submit = () => {
		const result = toTaxMap( rows, stored );
		if ( 'errors' in result ) {
			setErrors( result.errors );
			return;
		}
		setErrors( {} );
		save.mutate( result.map, {
			onSuccess: () => notify( __( 'Tax mapping saved.', 'woosync' ) ),
			onError: ( error ) => setErrors( error.fields ),
		} );
	};

	return (
		<Card>
			<CardHeader>
				<h2>{ __( 'Tax mapping', 'woosync' ) }</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ stored.taxes === null
						? __(
								'No tax map is saved yet: every WooCommerce rate goes to Perfex with its own name and rate. Map each rate to a Perfex tax so invoices use the taxes your bookkeeper set up.',
								'woosync'
							)
						: __(
								'Each WooCommerce tax rate becomes the Perfex tax chosen here. An order with an unmapped rate is not invoiced until the rate is mapped.',
								'woosync'
							) }
				</p>
				{ perfexLoading && (
					<Loading
						label={ __(
							'Reading the taxes from Perfex…',
							'woosync'
						) }
					/>
				) }
				{ perfexProblem && (
					<Notice status="warning" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: the reason. */
							__(
								'The Perfex taxes could not be read: %s Type the Perfex tax name and rate instead, or fix the connection.',
								'woosync'
							),
							perfexProblem
						) }
					</Notice>
				) }
				<form
					noValidate
					onSubmit={ ( event ) => {
						event.preventDefault();
						submit();
					} }
				>
					<SaveError error={ save.error } />
					{ errors.taxes && (
						<p className="woosync-field-error">{ errors.taxes }</p>
					) }
					<div className="woosync-actions">
						<Button
							variant="secondary"
							onClick={ matchRates }
							disabled={ ! perfexTaxes || unmapped === 0 }
						>
							{ __( 'Map by matching rate', 'woosync' ) }
						</Button>
						<span>
							{ unmapped === 0
								? __( 'Every rate is mapped.', 'woosync' )
								: sprintf(
										/* translators: %d: number of rates. */
										_n(
											'%d rate is not mapped.',
											'%d rates are not mapped.',
											unmapped,
											'woosync'
										),
										unmapped
									) }
						</span>
					</div>
					<div ref={ reportRef } tabIndex={ -1 } aria-live="polite">
						{ report && <Report report={ report } /> }
					</div>
					{ rows.map( ( row ) => (
						<RateRow
							key={ row.rate.id }
							row={ row }
							perfexTaxes={ perfexTaxes }
							error={ errors[ `rate-${ row.rate.id }` ] }
							onChange={ ( changes ) =>
								update( row.rate.id, changes )
							}
						/>
					) ) }
					<SaveButton
						busy={ save.isPending }
						style={ { marginTop: 16 } }
					>
						{ __( 'Save tax mapping', 'woosync' ) }
					</SaveButton>
				</form>
			</CardBody>
		</Card>
	);
}

function Report( { report }: { report: MatchReport } ) {
	return (
		<Notice status="info" isDismissible={ false }>
			<p>
				{ report.mapped.length === 0
					? __( 'No rate could be matched.', 'woosync' )
					: sprintf(
							/* translators: %s: list of tax rates. */
							__( 'Mapped by their rate: %s.', 'woosync' ),
							report.mapped.join( ', ' )
						) }
			</p>
			{ report.none.length > 0 && (
				<p>
					{ sprintf(
						/* translators: %s: list of tax rates. */
						__(
							'No Perfex tax has the rate of: %s. Create it in Perfex or pick one by hand.',
							'woosync'
						),
						report.none.join( ', ' )
					) }
				</p>
			) }
			{ report.several.length > 0 && (
				<p>
					{ sprintf(
						/* translators: %s: list of tax rates. */
						__(
							'Several Perfex taxes have the rate of: %s. Pick the right one by hand.',
							'woosync'
						),
						report.several.join( ', ' )
					) }
				</p>
			) }
		</Notice>
	);
}

function RateRow( {
	row,
	perfexTaxes,
	error,
	onChange,
}: {
	row: TaxRow;
	perfexTaxes: PerfexTax[] | null;
	error?: string | undefined;
	onChange: ( changes: Partial< TaxRow > ) => void;
} ) {
	const { rate } = row;
	const where = [ rate.country, rate.state ].filter( Boolean ).join( ' ' );
	const description = [
		rate.class === ''
			? __( 'Standard rate', 'woosync' )
			: sprintf(
					/* translators: %s: tax class slug. */
					__( 'Class "%s"', 'woosync' ),
					rate.class
				),
		`${ Number( rate.rate ) }%`,
		where || __( 'all countries', 'woosync' ),
		rate.compound ? __( 'compound', 'woosync' ) : '',
	]
		.filter( Boolean )
		.join( ' · ' );
	const mapped = isMapped( row );
	const current = `${ row.name }|${ row.percent }`;
	const options = perfexTaxes
		? [
				{ value: '', label: __( '— Not mapped —', 'woosync' ) },
				...( mapped &&
				! perfexTaxes.some(
					( tax ) => `${ tax.name }|${ tax.rate }` === current
				)
					? [
							{
								value: current,
								label: sprintf(
									/* translators: 1: tax name, 2: rate. */
									__(
										'%1$s (%2$s%%) — not in Perfex',
										'woosync'
									),
									row.name,
									row.percent
								),
							},
						]
					: [] ),
				...perfexTaxes.map( ( tax ) => ( {
					value: `${ tax.name }|${ tax.rate }`,
					label: `${ tax.name } (${ tax.rate }%)`,
				} ) ),
			]
		: null;
	const label = sprintf(
		/* translators: %s: WooCommerce tax rate name and id. */
		__( 'Perfex tax for %s', 'woosync' ),
		rowLabel( rate )
	);
	return (
		<div className={ 'woosync-map-row' + ( mapped ? '' : ' is-unmapped' ) }>
			<div>
				<strong>{ rowLabel( rate ) }</strong>
				<br />
				<span className="description">{ description }</span>
				{ ! mapped && (
					<>
						<br />
						<strong className="woosync-unmapped">
							{ __( 'Not mapped', 'woosync' ) }
						</strong>
					</>
				) }
			</div>
			{ options ? (
				<SelectControl
					label={ label }
					value={ mapped ? current : '' }
					options={ options }
					onChange={ ( value: string ) => {
						const [ name = '', percent = '' ] =
							value === '' ? [] : value.split( '|' );
						const tax = perfexTaxes?.find(
							( entry ) =>
								`${ entry.name }|${ entry.rate }` === value
						);
						// A Perfex tax picked: its id; the stored choice kept: its id.
						const kept = value === current ? row.perfexTaxId : null;
						onChange( {
							name,
							percent,
							perfexTaxId: tax ? tax.id || null : kept,
						} );
					} }
					help={ <Help text="" error={ error } /> }
				/>
			) : (
				<>
					<TextControl
						label={ label }
						value={ row.name }
						onChange={ ( name ) =>
							onChange( { name, perfexTaxId: null } )
						}
					/>
					<TextControl
						label={ __( 'Perfex rate (%)', 'woosync' ) }
						value={ row.percent }
						onChange={ ( percent ) =>
							onChange( { percent, perfexTaxId: null } )
						}
						help={ <Help text="" error={ error } /> }
					/>
				</>
			) }
		</div>
	);
}
