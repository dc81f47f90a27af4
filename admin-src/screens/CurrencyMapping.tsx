/**
 * Currency mapping: WooCommerce currency code → Perfex currency id, and the base currency
 * every other currency falls back to.
 */
import { useQuery } from '@tanstack/react-query';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	Help,
	LoadError,
	Loading,
	SaveButton,
	SaveError,
	useNotify,
} from '../components';
import { toInteger, type FieldErrors } from '../data/forms';
import { currencyMapQuery, useSaveCurrencyMap } from '../data/queries';
import { currencyMapSchema, type CurrencyMap } from '../data/schemas';

type Row = { key: number; code: string; id: string };

let nextKey = 1;
const row = ( code: string, id: string ): Row => ( {
	key: nextKey++,
	code,
	id,
} );

export function rowsFrom( map: CurrencyMap, storeCurrency: string ): Row[] {
	const rows = Object.entries( map.currencies ).map( ( [ code, id ] ) =>
		row( code, String( id ) )
	);
	if ( storeCurrency !== '' && ! ( storeCurrency in map.currencies ) ) {
		rows.unshift( row( storeCurrency, '' ) );
	}
	return rows;
}

/**
 * The rows and base id as typed → a map, or the errors per row ("row-<n>") and field.
 *
 * @param rows The rows as typed.
 * @param base The base currency id as typed.
 */
export function mapFrom(
	rows: Row[],
	base: string
): { map: CurrencyMap } | { errors: FieldErrors } {
	const errors: FieldErrors = {};
	const currencies: Record< string, number > = {};
	rows.forEach( ( r, index ) => {
		const code = r.code.trim().toUpperCase();
		if ( code === '' && r.id.trim() === '' ) {
			return;
		}
		const id = toInteger( r.id );
		if ( ! /^[A-Z]{3}$/.test( code ) ) {
			errors[ `row-${ index }` ] = __(
				'Use a three-letter currency code such as EUR.',
				'woosync'
			);
		} else if ( ! ( id >= 1 ) ) {
			errors[ `row-${ index }` ] = __(
				'Enter the Perfex currency id (1 or more), or remove the row to use the base currency.',
				'woosync'
			);
		} else if ( code in currencies ) {
			errors[ `row-${ index }` ] = __(
				'This currency is already in the list.',
				'woosync'
			);
		} else {
			currencies[ code ] = id;
		}
	} );
	const parsed = currencyMapSchema.safeParse( {
		currencies,
		base_currency_id: toInteger( base ),
	} );
	if ( ! parsed.success ) {
		errors.base_currency_id = __(
			'Enter the Perfex base currency id (1 or more).',
			'woosync'
		);
	}
	if ( Object.keys( errors ).length > 0 || ! parsed.success ) {
		return { errors };
	}
	return { map: parsed.data };
}

export function CurrencyMappingScreen( {
	storeCurrency,
}: {
	storeCurrency: string;
} ) {
	const map = useQuery( currencyMapQuery() );
	if ( map.isPending ) {
		return (
			<Loading label={ __( 'Loading the currency map…', 'woosync' ) } />
		);
	}
	if ( map.isError ) {
		return (
			<LoadError error={ map.error } onRetry={ () => map.refetch() } />
		);
	}
	return <CurrencyForm map={ map.data } storeCurrency={ storeCurrency } />;
}

function CurrencyForm( {
	map,
	storeCurrency,
}: {
	map: CurrencyMap;
	storeCurrency: string;
} ) {
	const [ rows, setRows ] = useState< Row[] >( () =>
		rowsFrom( map, storeCurrency )
	);
	const [ base, setBase ] = useState( String( map.base_currency_id ) );
	const [ errors, setErrors ] = useState< FieldErrors >( {} );
	const save = useSaveCurrencyMap();
	const notify = useNotify();
	const update = ( key: number, changes: Partial< Row > ) =>
		setRows( ( current ) =>
			current.map( ( r ) => ( r.key === key ? { ...r, ...changes } : r ) )
		);

	const submit = () => {
		const result = mapFrom( rows, base );
		if ( 'errors' in result ) {
			setErrors( result.errors );
			return;
		}
		setErrors( {} );
		save.mutate( result.map, {
			onSuccess: () =>
				notify( __( 'Currency mapping saved.', 'woosync' ) ),
			onError: ( error ) => setErrors( error.fields ),
		} );
	};

	return (
		<Card>
			<CardHeader>
				<h2>{ __( 'Currency mapping', 'woosync' ) }</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ __(
						'Each currency your orders use needs its Perfex currency id (Perfex → Setup → Finance → Currencies). A currency not listed here is invoiced in the Perfex base currency below, with the order’s amounts unchanged — so list every currency you sell in.',
						'woosync'
					) }
				</p>
				<form
					noValidate
					onSubmit={ ( event ) => {
						event.preventDefault();
						submit();
					} }
				>
					<SaveError error={ save.error } />
					{ errors.currencies && (
						<p className="woosync-field-error">
							{ errors.currencies }
						</p>
					) }
					{ rows.length === 0 && (
						<p>
							{ __(
								'No currency is mapped yet: every order uses the base currency.',
								'woosync'
							) }
						</p>
					) }
					{ rows.map( ( r, index ) => (
						<div
							key={ r.key }
							className={
								'woosync-map-row' +
								( r.id.trim() === '' ? ' is-unmapped' : '' )
							}
						>
							<TextControl
								label={ __( 'Currency code', 'woosync' ) }
								value={ r.code }
								maxLength={ 3 }
								onChange={ ( code ) =>
									update( r.key, { code } )
								}
							/>
							<TextControl
								label={ sprintf(
									/* translators: %s: currency code. */
									__(
										'Perfex currency id for %s',
										'woosync'
									),
									r.code || '…'
								) }
								type="number"
								value={ r.id }
								onChange={ ( id ) => update( r.key, { id } ) }
								help={
									<Help
										text={
											r.id.trim() === ''
												? __(
														'Not mapped: uses the base currency.',
														'woosync'
													)
												: ''
										}
										error={ errors[ `row-${ index }` ] }
									/>
								}
							/>
							<div>
								<Button
									variant="tertiary"
									isDestructive
									onClick={ () =>
										setRows( ( current ) =>
											current.filter(
												( other ) => other.key !== r.key
											)
										)
									}
								>
									{ sprintf(
										/* translators: %s: currency code. */
										__( 'Remove %s', 'woosync' ),
										r.code || __( 'row', 'woosync' )
									) }
								</Button>
							</div>
						</div>
					) ) }
					<p>
						<Button
							variant="secondary"
							onClick={ () =>
								setRows( ( current ) => [
									...current,
									row( '', '' ),
								] )
							}
						>
							{ __( 'Add a currency', 'woosync' ) }
						</Button>
					</p>
					<div className="woosync-field">
						<TextControl
							label={ __( 'Perfex base currency id', 'woosync' ) }
							type="number"
							value={ base }
							onChange={ setBase }
							help={
								<Help
									text={ __(
										'Used for every currency not in the list above (Perfex’s own default currency is usually 1).',
										'woosync'
									) }
									error={ errors.base_currency_id }
								/>
							}
						/>
					</div>
					<SaveButton busy={ save.isPending }>
						{ __( 'Save currency mapping', 'woosync' ) }
					</SaveButton>
				</form>
			</CardBody>
		</Card>
	);
}
