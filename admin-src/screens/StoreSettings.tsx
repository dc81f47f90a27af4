/**
 * Store settings: every setting that is not about the connection, each with one line saying
 * what it does.
 */
import { useQuery } from '@tanstack/react-query';
import {
	Card,
	CardBody,
	CheckboxControl,
	SelectControl,
	TextControl,
	TextareaControl,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import {
	Help,
	LoadError,
	Loading,
	SaveButton,
	SaveError,
	useNotify,
} from '../components';
import {
	issuesToFieldErrors,
	splitList,
	toInteger,
	type FieldErrors,
} from '../data/forms';
import { settingsQuery, useSaveSettings } from '../data/queries';
import {
	INVOICE_STATUSES,
	storeSettingsSchema,
	type Settings,
	type StoreSettings,
} from '../data/schemas';

/** What the form holds: text as typed, converted only when saving. */
export type StoreDraft = Omit<
	StoreSettings,
	| 'due_days'
	| 'reconcile_interval'
	| 'expense_category_id'
	| 'perfex_decimals'
	| 'max_attempts'
	| 'offline_payment_methods'
	| 'default_payment_modes'
	| 'payment_modes'
> & {
	due_days: string;
	reconcile_interval: string;
	expense_category_id: string;
	perfex_decimals: string;
	max_attempts: string;
	offline_payment_methods: string;
	default_payment_modes: string;
	payment_modes: string;
};

export function toDraft( settings: StoreSettings ): StoreDraft {
	return {
		...settings,
		due_days: String( settings.due_days ),
		reconcile_interval: String( settings.reconcile_interval ),
		expense_category_id:
			settings.expense_category_id === null
				? ''
				: String( settings.expense_category_id ),
		perfex_decimals: String( settings.perfex_decimals ),
		max_attempts: String( settings.max_attempts ),
		offline_payment_methods: settings.offline_payment_methods.join( ', ' ),
		default_payment_modes: settings.default_payment_modes.join( ', ' ),
		payment_modes: Object.entries( settings.payment_modes )
			.map(
				( [ gateway, modes ] ) =>
					`${ gateway } = ${ modes.join( ', ' ) }`
			)
			.join( '\n' ),
	};
}

/**
 * "bacs = 1, 2" per line → { bacs: [ "1", "2" ] }; a line without "=" gets no ids (invalid).
 *
 * @param text The lines as typed.
 */
export function parsePaymentModes( text: string ): Record< string, string[] > {
	const modes: Record< string, string[] > = {};
	for ( const line of text.split( '\n' ) ) {
		if ( line.trim() === '' ) {
			continue;
		}
		const [ gateway = '', ids = '' ] = line.split( '=' );
		modes[ gateway.trim() ] = splitList( ids );
	}
	return modes;
}

export function fromDraft( draft: StoreDraft ) {
	return storeSettingsSchema.safeParse( {
		...draft,
		signature_prefix: draft.signature_prefix.trim(),
		due_days: toInteger( draft.due_days ),
		reconcile_interval: toInteger( draft.reconcile_interval ),
		expense_category_id:
			draft.expense_category_id.trim() === ''
				? null
				: toInteger( draft.expense_category_id ),
		perfex_decimals: toInteger( draft.perfex_decimals ),
		max_attempts: toInteger( draft.max_attempts ),
		offline_payment_methods: splitList( draft.offline_payment_methods ),
		default_payment_modes: splitList( draft.default_payment_modes ),
		payment_modes: parsePaymentModes( draft.payment_modes ),
	} );
}

const messages = (): Record< string, string > => ( {
	invoice_statuses: __( 'Choose at least one status.', 'woosync' ),
	signature_prefix: __( 'Enter 1 to 50 characters.', 'woosync' ),
	due_days: __( 'Enter a whole number from 0 to 3650.', 'woosync' ),
	reconcile_interval: __(
		'Enter a whole number of minutes from 1 to 1440.',
		'woosync'
	),
	expense_category_id: __(
		'Enter a Perfex category id (1 or more), or leave it empty.',
		'woosync'
	),
	payment_modes: __(
		'Write one payment method per line, like: bacs = 1, 2',
		'woosync'
	),
	default_payment_modes: __(
		'Enter at least one Perfex payment mode id.',
		'woosync'
	),
	client_note: __( 'Keep the note under 5000 characters.', 'woosync' ),
	unit: __( 'Keep the unit under 40 characters.', 'woosync' ),
	perfex_decimals: __( 'Enter a whole number from 0 to 4.', 'woosync' ),
	max_attempts: __( 'Enter a whole number from 1 to 10.', 'woosync' ),
} );

const statusLabels = (): Record<
	( typeof INVOICE_STATUSES )[ number ],
	string
> => ( {
	pending: __( 'Pending payment', 'woosync' ),
	processing: __( 'Processing', 'woosync' ),
	'on-hold': __( 'On hold', 'woosync' ),
	completed: __( 'Completed', 'woosync' ),
} );

export function StoreSettingsScreen() {
	const settings = useQuery( settingsQuery() );
	if ( settings.isPending ) {
		return <Loading label={ __( 'Loading the settings…', 'woosync' ) } />;
	}
	if ( settings.isError ) {
		return (
			<LoadError
				error={ settings.error }
				onRetry={ () => settings.refetch() }
			/>
		);
	}
	return <StoreForm settings={ settings.data } />;
}

function StoreForm( { settings }: { settings: Settings } ) {
	const [ draft, setDraft ] = useState< StoreDraft >( () =>
		toDraft( storeSettingsSchema.parse( settings ) )
	);
	const [ errors, setErrors ] = useState< FieldErrors >( {} );
	const save = useSaveSettings();
	const notify = useNotify();
	const set = < K extends keyof StoreDraft >(
		key: K,
		value: StoreDraft[ K ]
	) => setDraft( ( current ) => ( { ...current, [ key ]: value } ) );

	const submit = () => {
		const parsed = fromDraft( draft );
		if ( ! parsed.success ) {
			setErrors( issuesToFieldErrors( parsed.error, messages() ) );
			return;
		}
		setErrors( {} );
		save.mutate( parsed.data, {
			onSuccess: () => notify( __( 'Store settings saved.', 'woosync' ) ),
			onError: ( error ) => setErrors( error.fields ),
		} );
	};

	const text = (
		key:
			| 'signature_prefix'
			| 'due_days'
			| 'reconcile_interval'
			| 'expense_category_id'
			| 'offline_payment_methods'
			| 'default_payment_modes'
			| 'unit'
			| 'perfex_decimals'
			| 'max_attempts',
		label: string,
		help: string,
		type: 'text' | 'number' = 'text'
	) => (
		<div className="woosync-field">
			<TextControl
				label={ label }
				type={ type }
				value={ draft[ key ] }
				onChange={ ( value ) => set( key, value ) }
				help={ <Help text={ help } error={ errors[ key ] } /> }
			/>
		</div>
	);

	const labels = statusLabels();
	return (
		<Card>
			<CardBody>
				<form
					noValidate
					onSubmit={ ( event ) => {
						event.preventDefault();
						submit();
					} }
				>
					<SaveError error={ save.error } />
					<div className="woosync-field">
						<ToggleControl
							label={ __(
								'Create invoices automatically',
								'woosync'
							) }
							checked={ draft.auto_create_invoice }
							onChange={ ( value ) =>
								set( 'auto_create_invoice', value )
							}
							help={ __(
								'When an order reaches one of the statuses below, its Perfex invoice is created without anyone asking.',
								'woosync'
							) }
						/>
					</div>
					<fieldset className="woosync-fieldset">
						<legend>
							{ __( 'Invoice when the order is', 'woosync' ) }
						</legend>
						{ INVOICE_STATUSES.map( ( status ) => (
							<CheckboxControl
								key={ status }
								label={ labels[ status ] }
								checked={ draft.invoice_statuses.includes(
									status
								) }
								onChange={ ( checked ) =>
									set(
										'invoice_statuses',
										INVOICE_STATUSES.filter( ( s ) =>
											s === status
												? checked
												: draft.invoice_statuses.includes(
														s
													)
										)
									)
								}
							/>
						) ) }
						<p className="description">
							<Help
								text={ __(
									'The first of these the order reaches creates the invoice; an order never gets a second one.',
									'woosync'
								) }
								error={ errors.invoice_statuses }
							/>
						</p>
					</fieldset>
					<div className="woosync-field">
						<ToggleControl
							label={ __(
								'Complete orders paid in Perfex',
								'woosync'
							) }
							checked={ draft.complete_on_payment }
							onChange={ ( value ) =>
								set( 'complete_on_payment', value )
							}
							help={ __(
								'When an invoice is paid in Perfex, its processing or on-hold order is marked completed here.',
								'woosync'
							) }
						/>
					</div>
					{ text(
						'reconcile_interval',
						__( 'Minutes between payment checks', 'woosync' ),
						__(
							'How often WooSync asks Perfex which unpaid invoices were paid (webhooks make it faster).',
							'woosync'
						),
						'number'
					) }
					{ text(
						'signature_prefix',
						__( 'Signature prefix', 'woosync' ),
						__(
							'Written in each invoice’s admin note ("WooSync: Order #123") so WooSync finds its invoices again.',
							'woosync'
						)
					) }
					<div className="woosync-field">
						<SelectControl
							label={ __( 'Invoice date', 'woosync' ) }
							value={ draft.invoice_date_source }
							options={ [
								{
									value: 'completed',
									label: __(
										'Date the order was completed',
										'woosync'
									),
								},
								{
									value: 'paid',
									label: __(
										'Date the order was paid',
										'woosync'
									),
								},
								{
									value: 'created',
									label: __(
										'Date the order was placed',
										'woosync'
									),
								},
							] }
							onChange={ ( value: string ) =>
								set(
									'invoice_date_source',
									value as StoreDraft[ 'invoice_date_source' ]
								)
							}
							help={ __(
								'Which order date becomes the invoice date.',
								'woosync'
							) }
						/>
					</div>
					{ text(
						'due_days',
						__( 'Days until due', 'woosync' ),
						__(
							'For orders not paid at checkout (bank transfer, cheque…): the due date is this many days after the invoice date.',
							'woosync'
						),
						'number'
					) }
					{ text(
						'offline_payment_methods',
						__( 'Payment methods paid later', 'woosync' ),
						__(
							'WooCommerce payment method ids, separated by commas; their invoices get a due date.',
							'woosync'
						)
					) }
					<div className="woosync-field">
						<SelectControl
							label={ __(
								'Orders with a zero total',
								'woosync'
							) }
							value={ draft.zero_total }
							options={ [
								{
									value: 'skip',
									label: __(
										'Skip them (no invoice)',
										'woosync'
									),
								},
								{
									value: 'refuse',
									label: __(
										'Refuse them with a message in the history',
										'woosync'
									),
								},
							] }
							onChange={ ( value: string ) =>
								set(
									'zero_total',
									value as StoreDraft[ 'zero_total' ]
								)
							}
							help={ __(
								'Free orders usually need no invoice.',
								'woosync'
							) }
						/>
					</div>
					<div className="woosync-field">
						<SelectControl
							label={ __( 'Refunds become', 'woosync' ) }
							value={ draft.refund_document }
							options={ [
								{
									value: 'credit_note',
									label: __( 'Credit notes', 'woosync' ),
								},
								{
									value: 'expense',
									label: __( 'Expenses', 'woosync' ),
								},
							] }
							onChange={ ( value: string ) =>
								set(
									'refund_document',
									value as StoreDraft[ 'refund_document' ]
								)
							}
							help={ __(
								'What a WooCommerce refund is booked as in Perfex.',
								'woosync'
							) }
						/>
					</div>
					{ text(
						'expense_category_id',
						__( 'Expense category id', 'woosync' ),
						__(
							'The Perfex expense category for refunds booked as expenses; leave empty when refunds become credit notes.',
							'woosync'
						),
						'number'
					) }
					<div className="woosync-field">
						<TextareaControl
							label={ __(
								'Payment mode per payment method',
								'woosync'
							) }
							value={ draft.payment_modes }
							onChange={ ( value ) =>
								set( 'payment_modes', value )
							}
							help={
								<Help
									text={ __(
										'One WooCommerce payment method per line with its Perfex payment mode ids, like: stripe = 2',
										'woosync'
									) }
									error={ errors.payment_modes }
								/>
							}
						/>
					</div>
					{ text(
						'default_payment_modes',
						__( 'Payment modes for other methods', 'woosync' ),
						__(
							'Perfex payment mode ids, separated by commas, for any payment method not listed above.',
							'woosync'
						)
					) }
					<div className="woosync-field">
						<TextareaControl
							label={ __( 'Client note', 'woosync' ) }
							value={ draft.client_note }
							onChange={ ( value ) =>
								set( 'client_note', value )
							}
							help={
								<Help
									text={ __(
										'Printed on every invoice.',
										'woosync'
									) }
									error={ errors.client_note }
								/>
							}
						/>
					</div>
					{ text(
						'unit',
						__( 'Unit', 'woosync' ),
						__(
							'Printed on every invoice line (e.g. "pcs"); may stay empty.',
							'woosync'
						)
					) }
					{ text(
						'perfex_decimals',
						__( 'Perfex decimal places', 'woosync' ),
						__(
							'How many decimals Perfex keeps: 2 unless Perfex was changed.',
							'woosync'
						),
						'number'
					) }
					{ text(
						'max_attempts',
						__( 'Attempts before giving up', 'woosync' ),
						__(
							'A sync that fails for a passing reason (Perfex down) is tried this many times before it is marked failed.',
							'woosync'
						),
						'number'
					) }
					<SaveButton busy={ save.isPending }>
						{ __( 'Save store settings', 'woosync' ) }
					</SaveButton>
				</form>
			</CardBody>
		</Card>
	);
}
