/**
 * Every way a sync can fail, as the protocol's outcome, code, transient flag and words a
 * bookkeeper can act on. Perfex client errors are mapped by their `kind`.
 */
import type { z } from 'zod';
import type { AnyPerfexError, PerfexErrorKind } from './perfex';
import type { SyncOutcome } from './schemas';

export interface Failure {
	outcome: Extract< SyncOutcome, 'refused' | 'invalid' | 'failed' >;
	code: string;
	message: string;
	transient: boolean;
	invoiceId?: number;
}

/** Thrown inside the pipeline to stop with a typed failure. */
export class SyncStop extends Error {
	constructor( readonly failure: Failure ) {
		super( failure.message );
		this.name = 'SyncStop';
	}
}

/**
 * The request a failure came from, for the message people read (history, order notes, Site
 * Health): method and resource path, with search terms left out — a customer lookup searches
 * by e-mail address, which must not end up there.
 *
 * @param error The Perfex client's error.
 */
const where = ( error: AnyPerfexError ): string =>
	error.request
		? ` (${ error.request.method } ${ error.request.path.replace(
				/\/search\/.*$/,
				'/search/…'
			) })`
		: '';

const PERFEX: Record<
	PerfexErrorKind,
	( error: AnyPerfexError ) => Omit< Failure, 'invoiceId' >
> = {
	unauthorized: () => ( {
		outcome: 'failed',
		code: 'perfex_unauthorized',
		message:
			'Perfex refused the API token. Check the token in the WooSync settings against Perfex → Setup → API; retrying will not help until it is fixed.',
		transient: false,
	} ),
	forbidden: ( error ) => ( {
		outcome: 'failed',
		code: 'perfex_forbidden',
		message: `The Perfex API token is not allowed to do this${ where(
			error
		) }. Give the token the permissions WooSync needs (customers, contacts, invoices, credit notes) in Perfex → Setup → API.`,
		transient: false,
	} ),
	not_found: ( error ) => ( {
		outcome: 'failed',
		code: 'perfex_not_found',
		message: `Perfex answered "not found"${ where(
			error
		) }. Check that the Perfex URL points to the Perfex installation and that its REST API module is active.`,
		transient: false,
	} ),
	validation: ( error ) => ( {
		outcome: 'refused',
		code: 'perfex_validation',
		message: `Perfex did not accept the data: ${ error.message }. Retrying will not help; correct the order or the WooSync mappings.`,
		transient: false,
	} ),
	conflict: ( error ) => ( {
		outcome: 'failed',
		code: 'perfex_conflict',
		message: `Perfex reported a conflict: ${ error.message }.`,
		transient: false,
	} ),
	rate_limited: () => ( {
		outcome: 'failed',
		code: 'perfex_rate_limited',
		message:
			'Perfex asked WooSync to slow down (too many requests). The sync will be retried later.',
		transient: true,
	} ),
	server: ( error ) => ( {
		outcome: 'failed',
		code: 'perfex_server_error',
		message: `Perfex had an internal error${
			error.status ? ` (HTTP ${ error.status })` : ''
		}. The sync will be retried later, starting with a look for the invoice, so none is created twice.`,
		transient: true,
	} ),
	network: () => ( {
		outcome: 'failed',
		code: 'perfex_unreachable',
		message:
			'Perfex could not be reached (network error). Check that Perfex is up and its address is right; the sync will be retried later.',
		transient: true,
	} ),
	timeout: ( error ) => ( {
		outcome: 'failed',
		code: 'perfex_timeout',
		message: `Perfex did not answer in time${ where(
			error
		) }. The sync will be retried later, starting with a look for the invoice, so none is created twice.`,
		transient: true,
	} ),
	protocol: ( error ) => ( {
		outcome: 'failed',
		code: 'perfex_bad_response',
		message: `Perfex answered with something WooSync does not understand${ where(
			error
		) }. Check that the Perfex URL points to the Perfex REST API.`,
		transient: false,
	} ),
	totals_mismatch: ( error ) => ( {
		outcome: 'failed',
		code: 'totals_mismatch',
		message: `${ error.message }. A person must look at this invoice in Perfex.`,
		transient: false,
	} ),
};

export function perfexFailure( error: AnyPerfexError ): Failure {
	return PERFEX[ error.kind ]( error );
}

/**
 * The failure for a document the core refused to build (its code and words kept).
 * @param refusal         The core's refusal.
 * @param refusal.code    Its code (e.g. `zero_total`).
 * @param refusal.message Its words.
 */
export function refusalFailure( refusal: {
	code: string;
	message: string;
} ): Failure {
	return {
		outcome: 'refused',
		code: refusal.code,
		message: refusal.message,
		transient: false,
	};
}

export function invalidFailure(
	issues: readonly { path: string; message: string }[],
	what = 'request'
): Failure {
	return {
		outcome: 'invalid',
		code: what === 'order' ? 'invalid_order' : 'invalid_request',
		message: `The ${ what } is not valid:\n${ issues
			.map( ( issue ) => `- ${ issue.path }: ${ issue.message }` )
			.join( '\n' ) }`,
		transient: false,
	};
}

export function zodIssues(
	error: z.ZodError
): { path: string; message: string }[] {
	return error.issues.map( ( issue ) => ( {
		path: issue.path.map( String ).join( '.' ) || '(root)',
		message: issue.message,
	} ) );
}

export const INTERNAL_FAILURE: Failure = {
	outcome: 'failed',
	code: 'sidecar_error',
	message:
		'The WooSync sidecar hit an unexpected error; its log has the details. Nothing was duplicated.',
	transient: false,
};

export const SHUTTING_DOWN: Failure = {
	outcome: 'failed',
	code: 'sidecar_shutting_down',
	message: 'The WooSync sidecar is shutting down; the sync will be retried.',
	transient: true,
};

/**
 * HTTP status of a sync result: 200 done, 422 bad data, 502 failed (503 shutting down).
 * @param outcome
 * @param code
 */
export function syncHttpStatus( outcome: SyncOutcome, code?: string ): number {
	if ( outcome === 'refused' || outcome === 'invalid' ) {
		return 422;
	}
	if ( outcome === 'failed' ) {
		return code === SHUTTING_DOWN.code ? 503 : 502;
	}
	return 200;
}
