/**
 * Test harness: an in-memory Perfex sandbox on a free port and a client with tiny retry delays
 * whose every request is recorded (for the contract test).
 */
import {
	PerfexClient,
	type PerfexClientOptions,
} from '../../../sidecar/perfex';
import {
	startSandbox,
	type RunningSandbox,
	type SandboxOptions,
} from '../../perfex-sandbox/server';

export const TOKEN = 'test-admin-token';

export interface RecordedRequest {
	method: string;
	url: URL;
	headers: Headers;
	body: FormData | string | null;
}

export const recorded: RecordedRequest[] = [];

export function recordingFetch( inner: typeof fetch = fetch ): typeof fetch {
	return async ( input, init ) => {
		const url = new URL(
			input instanceof Request ? input.url : String( input )
		);
		const body = init?.body;
		recorded.push( {
			method: init?.method ?? 'GET',
			url,
			headers: new Headers( init?.headers ),
			body:
				body instanceof FormData || typeof body === 'string'
					? body
					: null,
		} );
		return inner( input, init );
	};
}

export async function sandbox(
	options: Partial< SandboxOptions > = {}
): Promise< RunningSandbox > {
	return startSandbox( {
		tokens: [ TOKEN ],
		dataDir: null,
		webhookRetryDelaysMs: [ 20, 40, 80 ],
		today: '2026-03-10',
		...options,
	} );
}

export function client(
	box: RunningSandbox,
	options: Partial< PerfexClientOptions > = {}
): PerfexClient {
	return new PerfexClient( {
		baseUrl: box.apiUrl,
		token: TOKEN,
		timeoutMs: 2_000,
		retry: {
			maxAttempts: 4,
			baseDelayMs: 5,
			maxDelayMs: 20,
			maxRetryAfterMs: 2_000,
		},
		fetch: recordingFetch(),
		...options,
	} );
}

export async function admin(
	box: RunningSandbox,
	method: string,
	path: string,
	body?: unknown
): Promise< unknown > {
	const response = await fetch( `${ box.url }/__sandbox/${ path }`, {
		method,
		headers: { authtoken: TOKEN, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify( body ),
	} );
	if ( ! response.ok ) {
		throw new Error(
			`admin ${ method } ${ path }: ${ response.status } ${ await response.text() }`
		);
	}
	return response.json() as Promise< unknown >;
}

let counter = 0;
export function uniqueSignature(): string {
	counter++;
	return `woosync:test:order-${ counter }-${ Math.random().toString( 36 ).slice( 2, 8 ) }`;
}

/**
 * A customer + an invoice input with 2 × 10.00 VAT 20 % and 1 × 5.00 untaxed: total 29.00.
 * @param perfex
 * @param email
 */
export async function customerAndInvoice(
	perfex: PerfexClient,
	email = `buyer${ ++counter }@example.com`
) {
	const customer = await perfex.createCustomerWithContact( {
		company: 'Ada <Lovelace> & Co',
		firstname: 'Ada',
		lastname: 'Lovelace',
		email,
		billing: {
			street: '1 Analytical Way',
			city: 'London',
			zip: 'SW1A 1AA',
			countryIso2: 'GB',
		},
	} );
	const input = {
		signature: uniqueSignature(),
		clientid: customer.customerId,
		date: '2026-03-10',
		duedate: '2026-04-10',
		currency: 1,
		lines: [
			{
				description: 'Widget',
				qty: '2',
				rate: '10.00',
				taxes: [ { name: 'VAT', rate: '20.00' } ],
			},
			{ description: 'Shipping', qty: '1', rate: '5.00', taxes: [] },
		],
		subtotal: '25.00',
		total: '29.00',
		total_tax: '4.00',
		allowed_payment_modes: [ '1' ],
		billing: {
			street: '1 Analytical Way',
			city: 'London',
			zip: 'SW1A 1AA',
			countryIso2: 'GB',
		},
	};
	return { customer, input };
}
