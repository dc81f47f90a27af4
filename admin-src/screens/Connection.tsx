/**
 * Connection: where Perfex and the sidecar are, the write-only secrets, and a live check.
 */
import { useQuery } from '@tanstack/react-query';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	TextControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import {
	Help,
	LoadError,
	Loading,
	SaveButton,
	SaveError,
	useNotify,
} from '../components';
import { issuesToFieldErrors, type FieldErrors } from '../data/forms';
import {
	healthQuery,
	perfexCheckQuery,
	settingsQuery,
	useSaveSettings,
} from '../data/queries';
import {
	settingsUpdateSchema,
	type Health,
	type PerfexCheck,
	type Settings,
} from '../data/schemas';

type Draft = {
	perfex_url: string;
	sidecar_url: string;
	sidecar_key_id: string;
	perfex_token: string | null;
	sidecar_secret: string | null;
};

const messages = (): Record< string, string > => ( {
	perfex_url: __(
		'Enter an https:// address (plain http:// only for this machine).',
		'woosync'
	),
	sidecar_url: __(
		'Enter an address on this machine, such as http://127.0.0.1:8787.',
		'woosync'
	),
	sidecar_key_id: __(
		'Use letters, digits, dots, dashes and underscores only.',
		'woosync'
	),
	perfex_token: __( 'Enter the token (at most 1000 characters).', 'woosync' ),
	sidecar_secret: __(
		'Enter the secret (at most 1000 characters).',
		'woosync'
	),
} );

function draftFrom( settings: Settings ): Draft {
	return {
		perfex_url: settings.perfex_url,
		sidecar_url: settings.sidecar_url,
		sidecar_key_id: settings.sidecar_key_id,
		perfex_token: null,
		sidecar_secret: null,
	};
}

export function ConnectionScreen() {
	const settings = useQuery( settingsQuery() );
	if ( settings.isPending ) {
		return <Loading label={ __( 'Loading the connection…', 'woosync' ) } />;
	}
	if ( settings.isError ) {
		return (
			<LoadError
				error={ settings.error }
				onRetry={ () => settings.refetch() }
			/>
		);
	}
	return (
		<>
			<ConnectionForm settings={ settings.data } />
			<ConnectionCheck />
		</>
	);
}

/**
 * A secret: never shown; "set" and a replace action, or a field to enter it.
 *
 * @param props              Props.
 * @param props.label        Field label.
 * @param props.isSet        Whether the server has one.
 * @param props.value        What is typed (null: keep the stored one).
 * @param props.onChange     Called with what is typed, or null to keep.
 * @param props.help         One line on what it is.
 * @param props.error        What is wrong with it.
 * @param props.replaceLabel Label of the replace button.
 */
function SecretField( {
	label,
	isSet,
	value,
	onChange,
	help,
	error,
	replaceLabel,
}: {
	label: string;
	isSet: boolean;
	value: string | null;
	onChange: ( value: string | null ) => void;
	help: string;
	error?: string | undefined;
	replaceLabel: string;
} ) {
	if ( isSet && value === null ) {
		return (
			<div className="woosync-field">
				<p>
					<strong>{ label }</strong>
					{ ': ' }
					<span className="woosync-secret-state">
						{ __( 'set (hidden)', 'woosync' ) }
					</span>
				</p>
				<Button variant="secondary" onClick={ () => onChange( '' ) }>
					{ replaceLabel }
				</Button>
			</div>
		);
	}
	return (
		<div className="woosync-field">
			<TextControl
				label={ label }
				type="password"
				autoComplete="new-password"
				value={ value ?? '' }
				onChange={ ( next ) => onChange( next ) }
				help={ <Help text={ help } error={ error } /> }
			/>
			{ isSet && (
				<Button variant="tertiary" onClick={ () => onChange( null ) }>
					{ __( 'Keep the current one', 'woosync' ) }
				</Button>
			) }
		</div>
	);
}

function ConnectionForm( { settings }: { settings: Settings } ) {
	const [ draft, setDraft ] = useState< Draft >( () =>
		draftFrom( settings )
	);
	const [ errors, setErrors ] = useState< FieldErrors >( {} );
	const save = useSaveSettings();
	const notify = useNotify();
	const set = < K extends keyof Draft >( key: K, value: Draft[ K ] ) =>
		setDraft( ( current ) => ( { ...current, [ key ]: value } ) );

	const submit = () => {
		const changes = {
			perfex_url: draft.perfex_url.trim(),
			sidecar_url: draft.sidecar_url.trim(),
			sidecar_key_id: draft.sidecar_key_id.trim(),
			...( draft.perfex_token
				? { perfex_token: draft.perfex_token }
				: {} ),
			...( draft.sidecar_secret
				? { sidecar_secret: draft.sidecar_secret }
				: {} ),
		};
		const parsed = settingsUpdateSchema.safeParse( changes );
		if ( ! parsed.success ) {
			setErrors( issuesToFieldErrors( parsed.error, messages() ) );
			return;
		}
		setErrors( {} );
		save.mutate( parsed.data, {
			onSuccess: ( saved ) => {
				setDraft( draftFrom( saved ) );
				notify( __( 'Connection saved.', 'woosync' ) );
			},
			onError: ( error ) => setErrors( error.fields ),
		} );
	};

	return (
		<Card>
			<CardHeader>
				<h2>{ __( 'Perfex CRM', 'woosync' ) }</h2>
			</CardHeader>
			<CardBody>
				<form
					onSubmit={ ( event ) => {
						event.preventDefault();
						submit();
					} }
					noValidate
				>
					<SaveError error={ save.error } />
					<div className="woosync-field">
						<TextControl
							label={ __( 'Perfex address', 'woosync' ) }
							type="url"
							value={ draft.perfex_url }
							onChange={ ( value ) => set( 'perfex_url', value ) }
							help={
								<Help
									text={ __(
										'Where your Perfex CRM is, e.g. https://crm.example.com. A new address needs the token again.',
										'woosync'
									) }
									error={ errors.perfex_url }
								/>
							}
						/>
					</div>
					<SecretField
						label={ __( 'API token', 'woosync' ) }
						isSet={ settings.perfex_token_set }
						value={ draft.perfex_token }
						onChange={ ( value ) => set( 'perfex_token', value ) }
						help={ __(
							'The token of the Perfex REST API module. It is stored encrypted and never shown again.',
							'woosync'
						) }
						error={ errors.perfex_token }
						replaceLabel={ __( 'Replace token', 'woosync' ) }
					/>
					<h3>{ __( 'Sidecar', 'woosync' ) }</h3>
					<div className="woosync-field">
						<TextControl
							label={ __( 'Sidecar address', 'woosync' ) }
							type="url"
							value={ draft.sidecar_url }
							onChange={ ( value ) =>
								set( 'sidecar_url', value )
							}
							help={
								<Help
									text={ __(
										'The WooSync service running on this server; only this machine is allowed.',
										'woosync'
									) }
									error={ errors.sidecar_url }
								/>
							}
						/>
					</div>
					<div className="woosync-field">
						<TextControl
							label={ __( 'Signing key id', 'woosync' ) }
							value={ draft.sidecar_key_id }
							onChange={ ( value ) =>
								set( 'sidecar_key_id', value )
							}
							help={
								<Help
									text={ __(
										'The key id the sidecar knows this site by.',
										'woosync'
									) }
									error={ errors.sidecar_key_id }
								/>
							}
						/>
					</div>
					<SecretField
						label={ __( 'Signing secret', 'woosync' ) }
						isSet={ settings.sidecar_secret_set }
						value={ draft.sidecar_secret }
						onChange={ ( value ) => set( 'sidecar_secret', value ) }
						help={ __(
							'Shared with the sidecar to sign every request. Stored encrypted, never shown again.',
							'woosync'
						) }
						error={ errors.sidecar_secret }
						replaceLabel={ __( 'Replace secret', 'woosync' ) }
					/>
					<SaveButton busy={ save.isPending }>
						{ __( 'Save connection', 'woosync' ) }
					</SaveButton>
				</form>
			</CardBody>
		</Card>
	);
}

function Check( { ok, children }: { ok: boolean; children: ReactNode } ) {
	return (
		<li className={ ok ? 'is-ok' : 'is-bad' }>
			<span className="screen-reader-text">
				{ ok ? __( 'Works:', 'woosync' ) : __( 'Problem:', 'woosync' ) }
			</span>{ ' ' }
			{ children }
		</li>
	);
}

export function HealthReport( {
	health,
	took,
}: {
	health: Health;
	took: number | null;
} ) {
	const { sidecar, perfex } = health;
	return (
		<ul className="woosync-checks">
			<Check ok={ sidecar.reachable }>
				{ sidecar.reachable
					? sprintf(
							/* translators: 1: sidecar version, 2: milliseconds, 3: milliseconds. */
							__(
								'The sidecar answers (version %1$s) in %2$d ms; the whole check took %3$d ms.',
								'woosync'
							),
							sidecar.version ?? '?',
							sidecar.latency_ms ?? 0,
							took ?? 0
						)
					: sprintf(
							/* translators: %s: the reason. */
							__(
								'The sidecar does not answer: %s Start it on this server (the command `wp woosync sidecar` prints how) and check the address above.',
								'woosync'
							),
							sidecar.error?.message ?? ''
						) }
			</Check>
			{ sidecar.reachable && (
				<Check ok={ perfex.auth }>
					{ perfex.auth &&
						__(
							'Perfex answers and accepts the API token.',
							'woosync'
						) }
					{ ! perfex.auth &&
						perfex.reachable &&
						sprintf(
							/* translators: %s: the reason. */
							__(
								'Perfex answers but refuses the token: %s Replace the token with one of the Perfex API module.',
								'woosync'
							),
							perfex.error?.message ?? ''
						) }
					{ ! perfex.auth &&
						! perfex.reachable &&
						sprintf(
							/* translators: %s: the reason. */
							__(
								'Perfex could not be reached: %s Check the Perfex address.',
								'woosync'
							),
							perfex.error?.message ?? ''
						) }
				</Check>
			) }
			{ Object.entries( health.secrets ).map( ( [ name, state ] ) => (
				<Check key={ name } ok={ state === 'ok' }>
					{ secretWords( name, state ) }
				</Check>
			) ) }
			<li>
				{ sprintf(
					/* translators: %d: number of jobs. */
					__( 'Jobs waiting in the queue: %d.', 'woosync' ),
					health.queue.pending
				) }
			</li>
		</ul>
	);
}

/**
 * What the token may do in Perfex, in plain words.
 *
 * @param props       Props.
 * @param props.check The sidecar's check of Perfex.
 */
export function PermissionReport( { check }: { check: PerfexCheck } ) {
	const parts: Array< [ boolean, string, string ] > = [
		[
			check.invoices,
			__( 'Invoices can be read.', 'woosync' ),
			__(
				'Invoices cannot be read: give the token the invoices permissions in Perfex.',
				'woosync'
			),
		],
		[
			check.customers,
			__( 'Customers can be read.', 'woosync' ),
			__(
				'Customers cannot be read: give the token the customers permissions in Perfex.',
				'woosync'
			),
		],
		[
			check.credit_notes,
			__( 'Credit notes can be read.', 'woosync' ),
			__(
				'Credit notes cannot be read: refunds will not reach Perfex until the token may use them.',
				'woosync'
			),
		],
		[
			check.taxes,
			sprintf(
				/* translators: %d: number of taxes. */
				_n(
					'Taxes can be read (%d tax).',
					'Taxes can be read (%d taxes).',
					check.tax_rates.length,
					'woosync'
				),
				check.tax_rates.length
			),
			__(
				'Taxes cannot be read: the tax mapping cannot offer the Perfex taxes.',
				'woosync'
			),
		],
	];
	return (
		<ul className="woosync-checks">
			{ parts.map( ( [ ok, good, bad ] ) => (
				<Check key={ good } ok={ ok }>
					{ ok ? good : bad }
				</Check>
			) ) }
		</ul>
	);
}

function secretWords( name: string, state: string ): string {
	const label =
		name === 'perfex_token'
			? __( 'The API token', 'woosync' )
			: __( 'The signing secret', 'woosync' );
	if ( state === 'ok' ) {
		/* translators: %s: "The API token" or "The signing secret". */
		return sprintf( __( '%s is set and readable.', 'woosync' ), label );
	}
	if ( state === 'missing' ) {
		/* translators: %s: "The API token" or "The signing secret". */
		return sprintf( __( '%s is not set.', 'woosync' ), label );
	}
	return sprintf(
		/* translators: %s: "The API token" or "The signing secret". */
		__(
			'%s cannot be read any more (the site keys changed): enter it again.',
			'woosync'
		),
		label
	);
}

function ConnectionCheck() {
	const health = useQuery( healthQuery() );
	const perfex = useQuery( { ...perfexCheckQuery(), enabled: false } );
	const [ took, setTook ] = useState< number | null >( null );
	const result = useRef< HTMLDivElement >( null );
	const run = async () => {
		const start = performance.now();
		const report = await health.refetch();
		setTook( Math.round( performance.now() - start ) );
		if ( report.data?.perfex.auth ) {
			await perfex.refetch();
		}
	};
	useEffect( () => {
		if ( took !== null ) {
			result.current?.focus();
		}
	}, [ took ] );
	return (
		<Card>
			<CardHeader>
				<h2>{ __( 'Test connection', 'woosync' ) }</h2>
			</CardHeader>
			<CardBody>
				<p>
					{ __(
						'Asks the sidecar and, through it, Perfex whether everything needed to create invoices works. Save your changes first.',
						'woosync'
					) }
				</p>
				<Button
					variant="secondary"
					onClick={ run }
					isBusy={ health.isFetching }
					disabled={ health.isFetching }
				>
					{ __( 'Test connection', 'woosync' ) }
				</Button>
				<div
					ref={ result }
					tabIndex={ -1 }
					aria-live="polite"
					className="woosync-check-result"
				>
					{ health.isFetching && (
						<Loading label={ __( 'Checking…', 'woosync' ) } />
					) }
					{ ! health.isFetching && health.isError && (
						<LoadError error={ health.error } onRetry={ run } />
					) }
					{ ! health.isFetching && health.data && (
						<HealthReport health={ health.data } took={ took } />
					) }
					{ ! health.isFetching &&
						health.data?.perfex.auth &&
						perfex.isFetching && (
							<Loading
								label={ __(
									'Checking what the token may do…',
									'woosync'
								) }
							/>
						) }
					{ ! health.isFetching &&
						health.data?.perfex.auth &&
						! perfex.isFetching &&
						perfex.data && (
							<PermissionReport check={ perfex.data } />
						) }
				</div>
			</CardBody>
		</Card>
	);
}
