/**
 * "What works with this URL and token": read-only probes of the resources WooSync uses.
 * Create permissions are not probed, because a check never writes to Perfex.
 */
import { z } from 'zod';
import {
	PerfexNotFoundError,
	isPerfexError,
	type PerfexClient,
} from './perfex';
import { perfexFailure } from './failures';
import type { CheckResponse } from './schemas';

type Probe = 'invoices' | 'customers' | 'credit_notes' | 'taxes';

const anyRow = z.unknown();

/**
 * Runs the probes side by side.
 * @param client A Perfex client (best with one attempt per request).
 */
export async function checkPerfex(
	client: PerfexClient
): Promise< CheckResponse > {
	const transport = client.transport;
	let taxRates: CheckResponse[ 'tax_rates' ] = [];
	const probes: Record< Probe, () => Promise< unknown > > = {
		invoices: () =>
			transport.listPage( '/invoices', anyRow, { page: 1, per_page: 1 } ),
		customers: async () => {
			await transport.listPage( '/customers', anyRow, {
				page: 1,
				per_page: 1,
			} );
			// The sync finds customers through their contacts' e-mail.
			await client.findCustomerByEmail( 'woosync-check@example.invalid' );
		},
		credit_notes: () =>
			transport.listPage( '/credit_notes', anyRow, {
				page: 1,
				per_page: 1,
			} ),
		taxes: async () => {
			const taxes = await client.listTaxes();
			taxRates = taxes.map( ( tax ) => ( {
				id: tax.id,
				name: tax.name,
				rate: String( tax.taxrate ),
			} ) );
		},
	};
	const names = Object.keys( probes ) as Probe[];
	const outcomes = await Promise.all(
		names.map( async ( name ) => {
			try {
				await probes[ name ]();
				return { name, error: null };
			} catch ( error ) {
				// An empty legacy list answers 404 "No data were found": readable all the same.
				if (
					error instanceof PerfexNotFoundError &&
					name !== 'taxes'
				) {
					return { name, error: null };
				}
				return { name, error };
			}
		} )
	);
	const result: CheckResponse = {
		auth: true,
		invoices: false,
		customers: false,
		credit_notes: false,
		taxes: false,
		tax_rates: [],
		errors: [],
	};
	let answered = false;
	for ( const { name, error } of outcomes ) {
		if ( error === null ) {
			result[ name ] = true;
			answered = true;
			continue;
		}
		if ( isPerfexError( error ) ) {
			if ( error.kind === 'unauthorized' ) {
				result.auth = false;
			}
			if (
				error.kind !== 'network' &&
				error.kind !== 'timeout' &&
				error.kind !== 'unauthorized'
			) {
				answered = true;
			}
			const failure = perfexFailure( error );
			result.errors.push( {
				check: name,
				code: failure.code,
				message: failure.message,
			} );
		} else {
			result.errors.push( {
				check: name,
				code: 'sidecar_error',
				message:
					error instanceof Error ? error.message : String( error ),
			} );
		}
	}
	if ( ! answered ) {
		result.auth = false;
	}
	if ( ! result.auth ) {
		result.invoices = false;
		result.customers = false;
		result.credit_notes = false;
		result.taxes = false;
	}
	result.tax_rates = result.taxes ? taxRates : [];
	// One message per code is enough when every probe failed the same way (bad token, down).
	const seen = new Set< string >();
	result.errors = result.errors.filter( ( entry ) => {
		if ( entry.code === 'perfex_forbidden' ) {
			return true;
		}
		const duplicate = seen.has( entry.code );
		seen.add( entry.code );
		return ! duplicate;
	} );
	return result;
}
