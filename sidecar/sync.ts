/**
 * The invoice sync pipeline: existing invoice (link, then signature) → core → customer →
 * create (never twice) → read back → verify the total against the order total.
 */
import {
	buildInvoiceFromParsed,
	perfexTotals,
	type Mappings,
	type Order,
	type PerfexInvoice,
	type PerfexItem,
	type Settings,
} from '../core';
import {
	PerfexClient,
	PerfexNotFoundError,
	canonicalDecimal,
	isPerfexError,
	noteHasSignature,
	perfexCountryId,
	type Address,
	type DocumentLine,
	type Invoice,
	type InvoiceInput,
} from './perfex';
import {
	INTERNAL_FAILURE,
	SyncStop,
	perfexFailure,
	refusalFailure,
	type Failure,
} from './failures';
import type { StorePayment, SyncResult } from './schemas';

export interface SyncInput {
	settings: Settings;
	mappings: Mappings;
	order: Order;
	link: { invoice_id: number } | null;
}

/**
 * The token written as the first line of the invoice's admin note and searched for in Perfex:
 * "<prefix>:order:<number>", whitespace replaced by "-" (the Perfex client matches whole tokens).
 * @param settings Store settings (signature_prefix).
 * @param order    The order (its number).
 */
export function invoiceSignature( settings: Settings, order: Order ): string {
	const token = ( text: string ) => text.trim().replace( /\s+/g, '-' );
	return `${ token( settings.signature_prefix ) }:order:${ token( order.number ) }`;
}

/**
 * The settings with `country_ids` filled from Perfex's country table for the order's billing and
 * shipping countries, so the core sets billing_country / shipping_country. Ids given in the
 * settings (from WordPress) win; a country Perfex does not know stays absent (the core warns).
 * @param settings Store settings.
 * @param order    The order (its billing and shipping countries).
 */
export function withPerfexCountries(
	settings: Settings,
	order: Pick< Order, 'billing' | 'shipping' >
): Settings {
	const known: Record< string, number > = {};
	for ( const code of [ order.billing.country, order.shipping.country ] ) {
		const id = perfexCountryId( code );
		if ( code && id !== null ) {
			known[ code.toUpperCase() ] = id;
		}
	}
	if ( Object.keys( known ).length === 0 ) {
		return settings;
	}
	return {
		...settings,
		country_ids: { ...known, ...settings.country_ids },
	};
}

function displayNumber( invoice: Invoice ): string {
	return (
		invoice.formatted_number ||
		`${ invoice.prefix ?? '' }${ invoice.number }`
	);
}

function invoiceSummary(
	invoice: Invoice
): NonNullable< SyncResult[ 'invoice' ] > {
	return {
		id: invoice.id,
		number: displayNumber( invoice ),
		total: invoice.total,
		status: invoice.status,
	};
}

function base( signature: string | null ): SyncResult {
	return {
		outcome: 'failed',
		invoice: null,
		customer: null,
		signature,
		warnings: [],
		trace: null,
		error: null,
		payment: null,
	};
}

export function failureResult(
	failure: Failure,
	signature: string | null,
	warnings: string[] = []
): SyncResult {
	return {
		...base( signature ),
		outcome: failure.outcome,
		warnings,
		error: {
			code: failure.code,
			message: failure.message,
			transient: failure.transient,
			...( failure.invoiceId !== undefined
				? { invoice_id: failure.invoiceId }
				: {} ),
		},
	};
}

/**
 * The failure a pipeline (invoice or refund) answers for what it caught: a stop it raised, a
 * Perfex client error, else a bug (passed to `onUnexpected`) answered as an internal failure.
 * @param error        What was caught.
 * @param onUnexpected Called with errors that are bugs.
 */
export function caughtFailure(
	error: unknown,
	onUnexpected: ( error: unknown ) => void
): Failure {
	if ( error instanceof SyncStop ) {
		return error.failure;
	}
	if ( isPerfexError( error ) ) {
		return perfexFailure( error );
	}
	onUnexpected( error );
	return INTERNAL_FAILURE;
}

/**
 * The invoice this order already has: the link WordPress sent (if it still exists), else the
 * oldest invoice carrying the signature.
 *
 * A linked invoice that exists but no longer carries the signature (the prefix or the order
 * number changed, or someone edited its note) stops the sync: creating another invoice could
 * bill the customer twice, and linking on could attach someone else's invoice. A person decides.
 * @param client
 * @param signature
 * @param link
 * @param warnings
 */
async function existingInvoice(
	client: PerfexClient,
	signature: string,
	link: SyncInput[ 'link' ],
	warnings: string[]
): Promise< Invoice | null > {
	if ( link ) {
		try {
			const linked = await client.getInvoice( link.invoice_id );
			if ( noteHasSignature( linked.adminnote, signature ) ) {
				return linked;
			}
			throw new SyncStop( {
				outcome: 'refused',
				code: 'link_signature_mismatch',
				message: `Perfex invoice ${ displayNumber( linked ) } (#${
					linked.id
				}) is linked to this order but its note no longer carries the order's signature (${ signature }): the signature prefix or the order number may have changed, or the note was edited. WooSync did not create another invoice. Check the invoice in Perfex, then restore the signature in its admin note or remove the link.`,
				transient: false,
				invoiceId: linked.id,
			} );
		} catch ( error ) {
			if ( ! ( error instanceof PerfexNotFoundError ) ) {
				throw error;
			}
			warnings.push(
				`The linked Perfex invoice #${ link.invoice_id } no longer exists; WooSync looked the order up by its signature instead.`
			);
		}
	}
	const ids = await client.findInvoicesBySignature( signature );
	if ( ids.length > 1 ) {
		warnings.push(
			`Perfex holds ${ ids.length } invoices with this order's signature (#${ ids.join(
				', #'
			) }); the oldest is used. A person should cancel the others.`
		);
	}
	const first = ids[ 0 ];
	return first === undefined ? null : client.getInvoice( first );
}

function address(
	street: string,
	part: Order[ 'billing' ],
	iso2: string
): Address {
	return {
		street,
		city: part.city,
		state: part.state,
		zip: part.postcode,
		countryIso2: iso2 || undefined,
	};
}

function splitTax( key: string ): { name: string; rate: string } {
	const bar = key.lastIndexOf( '|' );
	return { name: key.slice( 0, bar ), rate: key.slice( bar + 1 ) };
}

/**
 * The Perfex client's lines for a document's `newitems` (invoice or credit note).
 * @param items The core's items, taxes as "name|rate".
 */
export function perfexLines( items: readonly PerfexItem[] ): DocumentLine[] {
	return items.map( ( item ) => ( {
		description: item.description,
		long_description: item.long_description,
		qty: item.qty,
		rate: item.rate,
		unit: item.unit,
		taxes: item.taxname.map( splitTax ),
	} ) );
}

/**
 * The Perfex client's invoice input for a document the core built.
 * @param document  The core's invoice.
 * @param order     The order (addresses).
 * @param signature Admin-note signature.
 * @param clientid  Perfex customer.
 */
export function invoiceInput(
	document: PerfexInvoice,
	order: Order,
	signature: string,
	clientid: number
): InvoiceInput {
	return {
		signature,
		clientid,
		date: document.date,
		duedate: document.duedate,
		currency: document.currency,
		lines: perfexLines( document.newitems ),
		subtotal: document.subtotal,
		total: document.total,
		total_tax: perfexTotals( document ).total_tax,
		adjustment: document.adjustment,
		discount_percent: document.discount_percent,
		discount_total: document.discount_total,
		discount_type: document.discount_type,
		allowed_payment_modes: document.allowed_payment_modes,
		billing: address(
			document.billing_street,
			order.billing,
			order.billing.country
		),
		shipping:
			document.include_shipping && document.shipping_street
				? address(
						document.shipping_street,
						order.shipping,
						order.shipping.country
					)
				: undefined,
		adminnote: document.adminnote,
		clientnote: document.clientnote || undefined,
		number: document.number ?? undefined,
	};
}

/**
 * Whether the order was paid in the store: a paid date and an online method (not one of
 * `offline_payment_methods`: bank transfer, cheque, cash on delivery).
 * @param order    The order.
 * @param settings Store settings.
 */
export function paidInStore( order: Order, settings: Settings ): boolean {
	return (
		Boolean( order.date_paid_gmt || order.date_paid ) &&
		order.payment_method !== '' &&
		! settings.offline_payment_methods.includes( order.payment_method )
	);
}

function minor( amount: string ): bigint {
	const [ whole = '0', fraction = '' ] = canonicalDecimal( amount )
		.replace( '-', '' )
		.split( '.' );
	const value =
		BigInt( whole || '0' ) * 10000n +
		BigInt( ( fraction + '0000' ).slice( 0, 4 ) );
	return amount.trim().startsWith( '-' ) ? -value : value;
}

/**
 * Records the store's payment on the order's invoice, once: the payment's note carries the
 * token "<signature>:payment" (and its transaction id the order's), so a repeated sync finds it
 * instead of paying twice. Never more than the invoice has left to pay. Never throws for a
 * Perfex failure: the invoice stands and the result says why the payment is missing.
 * @param client    Perfex client.
 * @param invoiceId The order's invoice.
 * @param order     The order.
 * @param settings  Store settings.
 * @param signature The order's signature token.
 */
export async function storePayment(
	client: PerfexClient,
	invoiceId: number,
	order: Order,
	settings: Settings,
	signature: string
): Promise< StorePayment | null > {
	if ( ! paidInStore( order, settings ) ) {
		return null;
	}
	const token = `${ signature }:payment`;
	const transaction = order.transaction_id.trim();
	const paymentmode = ( settings.payment_modes[ order.payment_method ] ??
		settings.default_payment_modes )[ 0 ] as string;
	const result = (
		status: StorePayment[ 'status' ],
		message: string,
		extra: Partial< StorePayment > = {}
	): StorePayment => ( {
		status,
		id: null,
		amount: order.total,
		paymentmode,
		transaction_id: transaction || null,
		code: null,
		message,
		...extra,
	} );
	try {
		const invoice = await client.getInvoice( invoiceId );
		const mine = ( invoice.payments ?? [] ).find(
			( payment ) =>
				noteHasSignature( payment.note, token ) ||
				( transaction !== '' && payment.transactionid === transaction )
		);
		if ( mine ) {
			return result(
				'existing',
				`The store's payment is already recorded on Perfex invoice ${ displayNumber(
					invoice
				) }.`,
				{ id: mine.paymentid ?? null, amount: mine.amount }
			);
		}
		const paid = ( invoice.payments ?? [] ).reduce(
			( sum, payment ) => sum + minor( payment.amount ),
			0n
		);
		const left =
			invoice.total_left_to_pay !== undefined &&
			invoice.total_left_to_pay !== null
				? minor( String( invoice.total_left_to_pay ) )
				: minor( invoice.total ) - paid;
		if ( left <= 0n ) {
			return result(
				'skipped',
				`Perfex invoice ${ displayNumber(
					invoice
				) } has nothing left to pay; the store's payment was not recorded again.`,
				{ code: 'already_paid' }
			);
		}
		if ( minor( order.total ) > left ) {
			return result(
				'skipped',
				`The store's payment of ${ order.total } is more than what is left to pay on Perfex invoice ${ displayNumber(
					invoice
				) }; it was not recorded (overpayment). A person should check the invoice's payments.`,
				{ code: 'overpayment' }
			);
		}
		const recorded = await client.recordPayment( {
			invoiceid: invoiceId,
			amount: order.total,
			paymentmode,
			transactionid: transaction || undefined,
			paymentmethod: order.payment_method_title || undefined,
			note: `${ token }\n${ settings.signature_prefix }: payment of order #${ order.number } in the store`,
		} );
		return result(
			recorded.created ? 'recorded' : 'existing',
			`Payment of ${ order.total } recorded on Perfex invoice ${ displayNumber(
				invoice
			) }${ transaction ? ` (transaction ${ transaction })` : '' }.`,
			{ id: recorded.paymentId }
		);
	} catch ( error ) {
		if ( ! isPerfexError( error ) ) {
			throw error;
		}
		const failure = perfexFailure( error );
		return result(
			'failed',
			`The store's payment could not be recorded in Perfex: ${ failure.message } Resync the order to try again.`,
			{ code: failure.code }
		);
	}
}

/**
 * The invoice again after a payment (its status changed), or as it was when Perfex fails.
 * @param client  Perfex client.
 * @param invoice The invoice before.
 */
async function reread(
	client: PerfexClient,
	invoice: Invoice
): Promise< Invoice > {
	try {
		return await client.getInvoice( invoice.id );
	} catch ( error ) {
		if ( isPerfexError( error ) ) {
			return invoice;
		}
		throw error;
	}
}

async function resolveCustomer(
	client: PerfexClient,
	order: Order,
	document: PerfexInvoice,
	mappings: Mappings
): Promise< { id: number; created: boolean } > {
	const billing = order.billing;
	const email = billing.email.trim();
	if ( email === '' ) {
		throw new SyncStop( {
			outcome: 'invalid',
			code: 'missing_billing_email',
			message: `Order #${ order.number } has no billing e-mail; WooSync finds or creates the Perfex customer by e-mail. Add one to the order and sync again.`,
			transient: false,
		} );
	}
	const name = `${ billing.first_name } ${ billing.last_name }`.trim();
	const shipping = document.include_shipping && document.shipping_street;
	const ref = await client.createCustomerWithContact( {
		company: billing.company.trim() || name || email,
		firstname: billing.first_name,
		lastname: billing.last_name,
		email,
		phonenumber: billing.phone || undefined,
		billing: address( document.billing_street, billing, billing.country ),
		shipping: shipping
			? address( shipping, order.shipping, order.shipping.country )
			: undefined,
		defaultCurrency:
			document.currency === mappings.base_currency_id
				? undefined
				: document.currency,
	} );
	return { id: ref.customerId, created: ref.created };
}

/**
 * Syncs one order's invoice. Never throws: every failure is a result.
 * @param client       Perfex client for this request.
 * @param input        Parsed settings, mappings, order and link.
 * @param onUnexpected Called with errors that are bugs (logged by the caller).
 */
export async function syncInvoice(
	client: PerfexClient,
	input: SyncInput,
	onUnexpected: ( error: unknown ) => void = () => undefined
): Promise< SyncResult > {
	const { order, mappings } = input;
	const settings = withPerfexCountries( input.settings, order );
	const signature = invoiceSignature( settings, order );
	const warnings: string[] = [];
	try {
		const existing = await existingInvoice(
			client,
			signature,
			input.link,
			warnings
		);
		if ( existing ) {
			if (
				canonicalDecimal( existing.total ) !==
				canonicalDecimal( order.total )
			) {
				// Never a silent success: the books disagree until a person looks.
				return failureResult(
					{
						outcome: 'failed',
						code: 'totals_mismatch',
						message: `Perfex invoice ${ displayNumber(
							existing
						) } (#${ existing.id }) totals ${
							existing.total
						}, but order #${ order.number } totals ${
							order.total
						}. A person must look at this invoice in Perfex; WooSync will not create another one for this order.`,
						transient: false,
						invoiceId: existing.id,
					},
					signature,
					warnings
				);
			}
			const payment = await storePayment(
				client,
				existing.id,
				order,
				settings,
				signature
			);
			return {
				...base( signature ),
				outcome: 'linked',
				invoice: invoiceSummary(
					payment?.status === 'recorded'
						? await reread( client, existing )
						: existing
				),
				customer: { id: existing.clientid, created: false },
				warnings,
				payment,
			};
		}

		const built = buildInvoiceFromParsed( { order, settings, mappings } );
		if ( built.kind === 'skipped' ) {
			return {
				...base( signature ),
				outcome: 'skipped',
				warnings: [
					...built.warnings.map( ( w ) => w.message ),
					built.message,
				],
			};
		}
		if ( built.kind === 'refused' ) {
			return failureResult(
				refusalFailure( built.refusal ),
				signature,
				built.warnings.map( ( w ) => w.message )
			);
		}
		if ( built.kind === 'invalid' ) {
			return failureResult(
				{
					outcome: 'invalid',
					code: 'invalid_order',
					message: built.message,
					transient: false,
				},
				signature
			);
		}
		warnings.push( ...built.warnings.map( ( w ) => w.message ) );
		const document = built.document;

		const customer = await resolveCustomer(
			client,
			order,
			document,
			mappings
		);
		const created = await client.createInvoice(
			invoiceInput( document, order, signature, customer.id )
		);
		if ( ! created.created ) {
			warnings.push(
				"Perfex's answer to the invoice create was lost; the invoice was found again by its signature, not created twice."
			);
		}
		const stored = created.document;
		if (
			canonicalDecimal( stored.total ) !== canonicalDecimal( order.total )
		) {
			return failureResult(
				{
					outcome: 'failed',
					code: 'totals_mismatch',
					message: `Perfex stored invoice ${ displayNumber(
						stored
					) } (#${ stored.id }) with a total of ${ stored.total }, but order #${ order.number } totals ${ order.total }. A person must look at this invoice in Perfex; WooSync will not create another one for this order.`,
					transient: false,
					invoiceId: stored.id,
				},
				signature,
				warnings
			);
		}
		if ( ! created.totals.ok ) {
			for ( const mismatch of created.totals.mismatches ) {
				warnings.push(
					`Perfex stored ${ mismatch.field } ${ mismatch.actual } where WooSync expected ${ mismatch.expected }; the total is right.`
				);
			}
		}
		const payment = await storePayment(
			client,
			stored.id,
			order,
			settings,
			signature
		);
		return {
			...base( signature ),
			outcome: 'created',
			invoice: invoiceSummary(
				payment?.status === 'recorded'
					? await reread( client, stored )
					: stored
			),
			customer,
			warnings,
			trace: built.trace,
			payment,
		};
	} catch ( error ) {
		return failureResult(
			caughtFailure( error, onUnexpected ),
			signature,
			warnings
		);
	}
}
