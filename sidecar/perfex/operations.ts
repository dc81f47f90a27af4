/**
 * The Perfex operations WooSync needs, on top of the transport. Every create carries a
 * signature (WooSync's idempotency key) in a field Perfex's search looks at, so that a create
 * whose answer was lost can be found again instead of being repeated.
 */
import { z } from 'zod';
import {
	PerfexTransport,
	type PerfexClientOptions,
	type RetryMode,
} from './client';
import { perfexCountryId } from './countries';
import {
	PerfexNotFoundError,
	PerfexTotalsMismatchError,
	PerfexValidationError,
} from './errors';
import type { FormObject } from './multipart';
import {
	canonicalDecimal,
	contactSchema,
	createResponseSchema,
	creditNoteSchema,
	customerSchema,
	expenseCategorySchema,
	expenseSchema,
	invoiceSchema,
	invoiceSearchRowSchema,
	invoiceStatusName,
	listResponseSchema,
	messageResponseSchema,
	paymentModeSchema,
	taxSchema,
	webhookSchema,
	type Contact,
	type CreateResponse,
	type CreditNote,
	type Customer,
	type Expense,
	type ExpenseCategory,
	type Invoice,
	type InvoiceStatusName,
	type PaymentMode,
	type Tax,
	type Webhook,
} from './schemas';

/* ------------------------------------------------------------------ inputs */

export interface LineTax {
	name: string;
	/** Percent as a decimal string, e.g. "20.00". */
	rate: string;
}

export interface DocumentLine {
	description: string;
	long_description?: string;
	/** Decimal strings ("2", "19.99"): Perfex stores qty and rate at 2 dp. */
	qty: string;
	rate: string;
	unit?: string;
	taxes: LineTax[];
}

export interface Address {
	street: string;
	city?: string;
	state?: string;
	zip?: string;
	/** ISO 3166-1 alpha-2; mapped to Perfex's country id. */
	countryIso2?: string;
}

export interface DocumentTotals {
	subtotal: string;
	total: string;
	/** When given, the read-back total_tax is verified too. */
	total_tax?: string;
	discount_percent?: string;
	discount_total?: string;
	discount_type?: '' | 'before_tax' | 'after_tax';
	adjustment?: string;
}

export interface InvoiceInput extends DocumentTotals {
	/** WooSync signature: one token without whitespace, written into `adminnote`. */
	signature: string;
	clientid: number;
	/** Y-m-d */
	date: string;
	duedate?: string | null;
	currency: number;
	lines: DocumentLine[];
	/** Offline payment mode ids ("1") or gateway ids ("stripe"). */
	allowed_payment_modes: string[];
	billing: Address;
	shipping?: Address;
	/** Extra admin note text, written after the signature line. */
	adminnote?: string;
	clientnote?: string;
	terms?: string;
	/** Preferred number; the client moves on to a free one when Perfex refuses it. */
	number?: number;
}

export interface CreditNoteInput extends DocumentTotals {
	signature: string;
	clientid: number;
	date: string;
	currency: number;
	lines: DocumentLine[];
	billing?: Address;
	adminnote?: string;
	clientnote?: string;
	reference_no?: string;
	number?: number;
}

export interface ExpenseInput {
	/** Written into the expense `note`, which Perfex's expense search looks at. */
	signature: string;
	category: number;
	amount: string;
	currency: number;
	date: string;
	expense_name?: string;
	note?: string;
	clientid?: number;
	paymentmode?: string;
	reference_no?: string;
	tax?: number;
	tax2?: number;
}

export interface CustomerInput {
	company: string;
	firstname: string;
	lastname: string;
	email: string;
	phonenumber?: string;
	vat?: string;
	billing: Address;
	shipping?: Address;
	/** Perfex currency id; 0 or absent means the base currency. */
	defaultCurrency?: number;
}

export interface PaymentInput {
	invoiceid: number;
	amount: string;
	/** tblpayment_modes id ("1") or gateway id ("stripe"). */
	paymentmode: string;
	/** Strongly advised: the only field a lost create can be recognised by. */
	transactionid?: string;
	paymentmethod?: string;
	note?: string;
}

export interface WebhookInput {
	name: string;
	url: string;
	/** Event names as the module's code spells them: `invoice_created`, or `*`. */
	events: string[];
	secret: string;
}

/* ----------------------------------------------------------------- results */

export interface TotalsMismatch {
	field: string;
	expected: string;
	actual: string;
}

export type TotalsCheck =
	{ ok: true } | { ok: false; mismatches: TotalsMismatch[] };

export interface CreatedDocument< T > {
	id: number;
	/** False when the document already existed (found by its signature after a lost answer). */
	created: boolean;
	document: T;
	totals: TotalsCheck;
}

export interface InvoiceStatusInfo {
	id: number;
	status: number;
	statusName: InvoiceStatusName | 'unknown';
	total: string;
	totalLeftToPay: string | null;
}

export interface CustomerRef {
	customerId: number;
	contactId: number;
	contact: Contact;
}

/* ----------------------------------------------------------------- helpers */

function assertSignature( signature: string ): void {
	if ( signature === '' || /\s/.test( signature ) ) {
		throw new RangeError(
			'A Perfex signature must be one non-empty token without whitespace'
		);
	}
}

/**
 * Does this (possibly nl2br'd) note carry exactly this signature as a whole token?
 * @param note
 * @param signature
 */
export function noteHasSignature(
	note: string | null | undefined,
	signature: string
): boolean {
	if ( ! note ) {
		return false;
	}
	return note
		.replace( /<br\s*\/?>/gi, ' ' )
		.split( /\s+/ )
		.some( ( token ) => token === signature );
}

function noteWithSignature( signature: string, extra?: string ): string {
	return extra ? `${ signature }\n${ extra }` : signature;
}

function taxKey( tax: LineTax ): string {
	return `${ tax.name.trim() }|${ canonicalDecimal( tax.rate ) }`;
}

function formLine( line: DocumentLine, order: number ): FormObject {
	return {
		description: line.description,
		long_description: line.long_description ?? '',
		qty: line.qty,
		rate: line.rate,
		unit: line.unit ?? '',
		order,
		taxname: line.taxes.map( taxKey ),
	};
}

function addressFields(
	prefix: 'billing' | 'shipping',
	address: Address | undefined
): FormObject {
	if ( ! address ) {
		return {};
	}
	return {
		[ `${ prefix }_street` ]: address.street,
		[ `${ prefix }_city` ]: address.city,
		[ `${ prefix }_state` ]: address.state,
		[ `${ prefix }_zip` ]: address.zip,
		[ `${ prefix }_country` ]: perfexCountryId( address.countryIso2 ) ?? 0,
	};
}

function totalsFields( totals: DocumentTotals ): FormObject {
	return {
		subtotal: totals.subtotal,
		total: totals.total,
		discount_percent: totals.discount_percent,
		discount_total: totals.discount_total,
		discount_type: totals.discount_type,
		adjustment: totals.adjustment,
	};
}

/**
 * Compares read-back totals with what was posted (canonical decimals).
 * @param expected
 * @param actual
 * @param actual.subtotal
 * @param actual.total
 * @param actual.total_tax
 */
export function checkTotals(
	expected: DocumentTotals,
	actual: { subtotal: string; total: string; total_tax: string }
): TotalsCheck {
	const mismatches: TotalsMismatch[] = [];
	const compare = (
		field: string,
		want: string | undefined,
		got: string
	): void => {
		if (
			want !== undefined &&
			canonicalDecimal( want ) !== canonicalDecimal( got )
		) {
			mismatches.push( {
				field,
				expected: canonicalDecimal( want ),
				actual: canonicalDecimal( got ),
			} );
		}
	};
	compare( 'subtotal', expected.subtotal, actual.subtotal );
	compare( 'total', expected.total, actual.total );
	compare( 'total_tax', expected.total_tax, actual.total_tax );
	return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches };
}

/**
 * Throws `PerfexTotalsMismatchError` when a check failed.
 * @param check
 * @param what
 */
export function assertTotals( check: TotalsCheck, what: string ): void {
	if ( check.ok ) {
		return;
	}
	const expected: Record< string, string > = {};
	const actual: Record< string, string > = {};
	for ( const mismatch of check.mismatches ) {
		expected[ mismatch.field ] = mismatch.expected;
		actual[ mismatch.field ] = mismatch.actual;
	}
	throw new PerfexTotalsMismatchError(
		`${ what }: Perfex stored ${ check.mismatches
			.map(
				( m ) => `${ m.field } ${ m.actual } (expected ${ m.expected })`
			)
			.join( ', ' ) }`,
		expected,
		actual
	);
}

function isDuplicateNumber( error: unknown ): boolean {
	return error instanceof PerfexValidationError && 'number' in error.fields;
}

async function mapLimit< T, R >(
	items: readonly T[],
	limit: number,
	fn: ( item: T ) => Promise< R >
): Promise< R[] > {
	const results: R[] = new Array( items.length );
	let next = 0;
	const worker = async (): Promise< void > => {
		while ( next < items.length ) {
			const index = next++;
			results[ index ] = await fn( items[ index ] as T );
		}
	};
	await Promise.all(
		Array.from( { length: Math.min( limit, items.length ) }, worker )
	);
	return results;
}

const numberRowSchema = z.looseObject( {
	number: z.union( [ z.string(), z.number() ] ),
} );

const creditNoteSearchRowSchema = z.looseObject( {
	id: z
		.union( [ z.number().int(), z.string().regex( /^\d+$/ ) ] )
		.transform( Number ),
	adminnote: z.string().nullish(),
} );

/* ------------------------------------------------------------------ client */

export class PerfexClient {
	readonly transport: PerfexTransport;
	/** Highest number this client used per document type, so a busy process does not re-derive. */
	private readonly lastNumber = new Map< string, number >();
	/** How many numbers to try after a duplicate-number refusal. */
	numberAttempts = 8;

	constructor( options: PerfexClientOptions | PerfexTransport ) {
		this.transport =
			options instanceof PerfexTransport
				? options
				: new PerfexTransport( options );
	}

	/* ------------------------------------------------------------ customers */

	/**
	 * Finds the customer owning a contact with this e-mail (exact, case-insensitive).
	 * @param email
	 */
	async findCustomerByEmail( email: string ): Promise< CustomerRef | null > {
		const wanted = email.trim().toLowerCase();
		if ( wanted === '' ) {
			return null;
		}
		let rows: Contact[];
		try {
			rows = await this.transport.request( {
				method: 'GET',
				path: `/contacts/search/${ encodeURIComponent( wanted ) }`,
				schema: z.array( contactSchema ),
			} );
		} catch ( error ) {
			if ( error instanceof PerfexNotFoundError ) {
				return null;
			}
			throw error;
		}
		const matches = rows
			.filter( ( row ) => row.email.trim().toLowerCase() === wanted )
			.sort(
				( a, b ) =>
					Number( String( b.is_primary ?? '0' ) === '1' ) -
						Number( String( a.is_primary ?? '0' ) === '1' ) ||
					a.id - b.id
			);
		const contact = matches[ 0 ];
		return contact
			? { customerId: contact.userid, contactId: contact.id, contact }
			: null;
	}

	async getCustomer( id: number ): Promise< Customer > {
		return this.transport.request( {
			method: 'GET',
			path: `/customers/${ id }`,
			schema: customerSchema,
		} );
	}

	/**
	 * Creates a customer and its primary contact (POST /customers then POST /contacts).
	 * @param input
	 */
	async createCustomerWithContact(
		input: CustomerInput
	): Promise< CustomerRef & { created: boolean } > {
		const existing = await this.findCustomerByEmail( input.email );
		if ( existing ) {
			return { ...existing, created: false };
		}
		const billingCountry =
			perfexCountryId( input.billing.countryIso2 ) ?? 0;
		const customerForm: FormObject = {
			company: input.company,
			vat: input.vat,
			phonenumber: input.phonenumber,
			country: billingCountry,
			city: input.billing.city,
			zip: input.billing.zip,
			state: input.billing.state,
			address: input.billing.street,
			default_currency: input.defaultCurrency,
			...addressFields( 'billing', input.billing ),
			...addressFields( 'shipping', input.shipping ),
		};
		const customer = await this.transport.request( {
			method: 'POST',
			path: '/customers',
			body: { kind: 'form', data: customerForm },
			schema: createResponseSchema,
			retry: {
				recover: async () => {
					const found = await this.findOrphanCustomer( input );
					return found === null
						? null
						: { message: '', recordId: found };
				},
			},
		} );
		const customerId =
			customer.recordId ?? ( await this.findOrphanCustomer( input ) );
		if ( customerId === null ) {
			throw new PerfexValidationError(
				'POST /customers: Perfex answered without record_id and the customer cannot be found',
				{},
				{ method: 'POST', path: '/customers' }
			);
		}
		const contactForm: FormObject = {
			customer_id: customerId,
			firstname: input.firstname.trim() || input.company,
			lastname: input.lastname.trim() || '-',
			email: input.email.trim(),
			phonenumber: input.phonenumber,
			is_primary: 'on',
			donotsendwelcomeemail: 'on',
			invoice_emails: 'invoice_emails',
			credit_note_emails: 'credit_note_emails',
		};
		const contact = await this.transport.request( {
			method: 'POST',
			path: '/contacts',
			body: { kind: 'form', data: contactForm },
			schema: createResponseSchema,
			retry: {
				recover: async () => {
					const found = await this.findCustomerByEmail( input.email );
					return found === null
						? null
						: { message: '', recordId: found.contactId };
				},
			},
		} );
		const ref = await this.findCustomerByEmail( input.email );
		if (
			ref === null ||
			( contact.recordId !== null && ref.contactId !== contact.recordId )
		) {
			throw new PerfexNotFoundError(
				`Contact ${ input.email } was created but cannot be found by e-mail`
			);
		}
		return { ...ref, created: true };
	}

	/**
	 * A customer created by an earlier attempt whose answer was lost: same company and address.
	 * @param input
	 */
	private async findOrphanCustomer(
		input: CustomerInput
	): Promise< number | null > {
		let rows: Customer[];
		try {
			rows = await this.transport.request( {
				method: 'GET',
				path: `/customers/search/${ encodeURIComponent( input.company ) }`,
				schema: z.array( customerSchema ),
			} );
		} catch ( error ) {
			if ( error instanceof PerfexNotFoundError ) {
				return null;
			}
			throw error;
		}
		const same = ( a: string | null | undefined, b: string | undefined ) =>
			( a ?? '' ).trim() === ( b ?? '' ).trim();
		const ids = rows
			.filter(
				( row ) =>
					same( row.company, input.company ) &&
					same( row.billing_street, input.billing.street ) &&
					same( row.billing_zip, input.billing.zip )
			)
			.map( ( row ) => row.customerId );
		return ids.length === 0 ? null : Math.max( ...ids );
	}

	/* ------------------------------------------------------------- invoices */

	async getInvoice( id: number ): Promise< Invoice > {
		return this.transport.request( {
			method: 'GET',
			path: `/invoices/${ id }`,
			schema: invoiceSchema,
		} );
	}

	/**
	 * All invoices whose adminnote carries the signature, lowest id first.
	 * @param signature
	 */
	async findInvoicesBySignature( signature: string ): Promise< number[] > {
		assertSignature( signature );
		let rows: Array< z.output< typeof invoiceSearchRowSchema > >;
		try {
			rows = await this.transport.request( {
				method: 'GET',
				path: `/invoices/search/${ encodeURIComponent( signature ) }`,
				schema: z.array( invoiceSearchRowSchema ),
			} );
		} catch ( error ) {
			if ( error instanceof PerfexNotFoundError ) {
				return [];
			}
			throw error;
		}
		const ids = rows
			.filter( ( row ) => noteHasSignature( row.adminnote, signature ) )
			.map( ( row ) => row.invoiceId );
		return [ ...new Set( ids ) ].sort( ( a, b ) => a - b );
	}

	/**
	 * The invoice carrying this signature (the oldest if there are several), or null.
	 * @param signature
	 */
	async findInvoiceBySignature(
		signature: string
	): Promise< Invoice | null > {
		const [ id ] = await this.findInvoicesBySignature( signature );
		return id === undefined ? null : this.getInvoice( id );
	}

	/**
	 * Highest number in a list (sorted by the server when it can), plus one.
	 * @param resource
	 */
	async nextFreeNumber(
		resource: 'invoices' | 'credit_notes'
	): Promise< number > {
		const page = await this.transport.listPage(
			`/${ resource }`,
			numberRowSchema,
			{
				page: 1,
				per_page: 1,
				sort: '-number',
				fields: 'id,number',
			}
		);
		let highest = 0;
		for ( const row of page.data ) {
			const value = Number( row.number );
			if ( Number.isInteger( value ) ) {
				highest = Math.max( highest, value );
			}
		}
		return Math.max(
			highest + 1,
			( this.lastNumber.get( resource ) ?? 0 ) + 1
		);
	}

	private async createNumbered(
		resource: 'invoices' | 'credit_notes',
		preferred: number | undefined,
		build: ( number: number ) => FormObject,
		findBySignature: () => Promise< number | null >
	): Promise< { id: number; created: boolean } > {
		let number = preferred ?? ( await this.nextFreeNumber( resource ) );
		let created = true;
		for ( let attempt = 1; ; attempt++ ) {
			try {
				const response: CreateResponse = await this.transport.request( {
					method: 'POST',
					path: `/${ resource }`,
					body: { kind: 'form', data: build( number ) },
					schema: createResponseSchema,
					retry: {
						recover: async () => {
							const id = await findBySignature();
							if ( id === null ) {
								return null;
							}
							created = false;
							return {
								message: 'found by signature',
								recordId: id,
							};
						},
					},
				} );
				this.lastNumber.set(
					resource,
					Math.max( this.lastNumber.get( resource ) ?? 0, number )
				);
				const id = response.recordId ?? ( await findBySignature() );
				if ( id === null ) {
					throw new PerfexNotFoundError(
						`POST /${ resource }: created without record_id and not found by signature`
					);
				}
				return { id, created };
			} catch ( error ) {
				if (
					! isDuplicateNumber( error ) ||
					attempt >= this.numberAttempts
				) {
					throw error;
				}
				// Someone else took the number (or our earlier attempt did): is it ours?
				const mine = await findBySignature();
				if ( mine !== null ) {
					return { id: mine, created: false };
				}
				this.lastNumber.set(
					resource,
					Math.max( this.lastNumber.get( resource ) ?? 0, number )
				);
				number = Math.max(
					number + 1,
					await this.nextFreeNumber( resource )
				);
			}
		}
	}

	invoiceForm( input: InvoiceInput, number: number ): FormObject {
		return {
			clientid: input.clientid,
			number,
			date: input.date,
			duedate: input.duedate ?? undefined,
			currency: input.currency,
			newitems: input.lines.map( ( line, index ) =>
				formLine( line, index + 1 )
			),
			...totalsFields( input ),
			allowed_payment_modes: input.allowed_payment_modes,
			...addressFields( 'billing', input.billing ),
			...( input.shipping
				? {
						include_shipping: '1',
						show_shipping_on_invoice: '1',
						...addressFields( 'shipping', input.shipping ),
					}
				: {} ),
			adminnote: noteWithSignature( input.signature, input.adminnote ),
			clientnote: input.clientnote,
			terms: input.terms,
		};
	}

	/**
	 * Creates an invoice with a free number, never twice: a lost answer is resolved by looking for
	 * the signature; a duplicate-number refusal moves on to the next number. Reads the invoice
	 * back and compares its totals with the posted ones.
	 * @param input
	 */
	async createInvoice(
		input: InvoiceInput
	): Promise< CreatedDocument< Invoice > > {
		assertSignature( input.signature );
		const find = async () =>
			( await this.findInvoicesBySignature( input.signature ) )[ 0 ] ??
			null;
		const { id, created } = await this.createNumbered(
			'invoices',
			input.number,
			( number ) => this.invoiceForm( input, number ),
			find
		);
		const document = await this.getInvoice( id );
		return {
			id,
			created,
			document,
			totals: checkTotals( input, document ),
		};
	}

	/**
	 * Replaces an invoice (PUT is a full replace in the module's code: fields not sent are reset).
	 * Sent as JSON, the only PUT body the module reads. Lines are mapped onto the existing item
	 * ids; at least one line always goes in `newitems` (the module's normaliser turns `items`
	 * into `newitems` when `newitems` is empty, which would duplicate lines).
	 * @param id
	 * @param input
	 */
	async updateInvoice(
		id: number,
		input: InvoiceInput & { number: number }
	): Promise< { document: Invoice; totals: TotalsCheck } > {
		assertSignature( input.signature );
		const current = await this.getInvoice( id );
		const oldIds = ( current.items ?? [] )
			.map( ( item ) => item.id )
			.filter( ( itemId ): itemId is number => itemId !== undefined );
		const keep = Math.min(
			oldIds.length,
			Math.max( 0, input.lines.length - 1 )
		);
		const jsonLine = ( line: DocumentLine, order: number ) => ( {
			description: line.description,
			long_description: line.long_description ?? '',
			qty: Number( line.qty ),
			rate: Number( line.rate ),
			unit: line.unit ?? '',
			order,
			taxname: line.taxes.map( taxKey ),
		} );
		const form = this.invoiceForm( input, input.number );
		const body: Record< string, unknown > = {};
		for ( const [ key, value ] of Object.entries( form ) ) {
			if ( value !== undefined && key !== 'newitems' ) {
				body[ key ] = value;
			}
		}
		for ( const key of [
			'clientid',
			'number',
			'currency',
			'billing_country',
			'shipping_country',
		] ) {
			if ( typeof body[ key ] === 'string' ) {
				body[ key ] = Number( body[ key ] );
			}
		}
		for ( const key of [
			'subtotal',
			'total',
			'discount_percent',
			'discount_total',
			'adjustment',
		] ) {
			if ( typeof body[ key ] === 'string' ) {
				body[ key ] = Number( body[ key ] );
			}
		}
		for ( const key of [
			'include_shipping',
			'show_shipping_on_invoice',
		] ) {
			if ( key in body ) {
				body[ key ] = true;
			}
		}
		body.items = input.lines.slice( 0, keep ).map( ( line, index ) => ( {
			itemid: oldIds[ index ],
			...jsonLine( line, index + 1 ),
		} ) );
		body.newitems = input.lines
			.slice( keep )
			.map( ( line, index ) => jsonLine( line, keep + index + 1 ) );
		body.removed_items = oldIds.slice( keep );
		const matches = ( invoice: Invoice ) =>
			noteHasSignature( invoice.adminnote, input.signature ) &&
			checkTotals( input, invoice ).ok &&
			( invoice.items?.length ?? input.lines.length ) ===
				input.lines.length;
		await this.transport.request( {
			method: 'PUT',
			path: `/invoices/${ id }`,
			body: { kind: 'json', data: body },
			schema: messageResponseSchema,
			retry: {
				recover: async () => {
					const again = await this.getInvoice( id );
					return matches( again )
						? { message: 'already updated' }
						: null;
				},
			},
		} );
		const document = await this.getInvoice( id );
		return { document, totals: checkTotals( input, document ) };
	}

	/**
	 * Status of many invoices (null for ids Perfex does not know), a few requests at a time.
	 * @param ids
	 * @param concurrency
	 */
	async getInvoiceStatuses(
		ids: readonly number[],
		concurrency = 4
	): Promise< Map< number, InvoiceStatusInfo | null > > {
		const unique = [ ...new Set( ids ) ];
		const rows = await mapLimit( unique, concurrency, async ( id ) => {
			try {
				const invoice = await this.getInvoice( id );
				const info: InvoiceStatusInfo = {
					id,
					status: invoice.status,
					statusName: invoiceStatusName( invoice.status ),
					total: invoice.total,
					totalLeftToPay: invoice.total_left_to_pay ?? null,
				};
				return [ id, info ] as const;
			} catch ( error ) {
				if ( error instanceof PerfexNotFoundError ) {
					return [ id, null ] as const;
				}
				throw error;
			}
		} );
		return new Map( rows );
	}

	/**
	 * Iterates over all invoices (either list shape).
	 * @param perPage
	 */
	listInvoices( perPage = 100 ): AsyncGenerator< Invoice > {
		return this.transport.paginate( '/invoices', invoiceSchema, {
			perPage,
		} );
	}

	/* --------------------------------------------------------- credit notes */

	async getCreditNote( id: number ): Promise< CreditNote > {
		return this.transport.request( {
			method: 'GET',
			path: `/credit_notes/${ id }`,
			schema: creditNoteSchema,
		} );
	}

	async findCreditNoteBySignature(
		signature: string
	): Promise< number | null > {
		assertSignature( signature );
		let rows: Array< z.output< typeof creditNoteSearchRowSchema > >;
		try {
			rows = await this.transport.request( {
				method: 'GET',
				path: `/credit_notes/search/${ encodeURIComponent( signature ) }`,
				schema: z.array( creditNoteSearchRowSchema ),
			} );
		} catch ( error ) {
			if ( error instanceof PerfexNotFoundError ) {
				return null;
			}
			throw error;
		}
		const ids = rows
			.filter( ( row ) => noteHasSignature( row.adminnote, signature ) )
			.map( ( row ) => row.id );
		return ids.length === 0 ? null : Math.min( ...ids );
	}

	async createCreditNote(
		input: CreditNoteInput
	): Promise< CreatedDocument< CreditNote > > {
		assertSignature( input.signature );
		const { id, created } = await this.createNumbered(
			'credit_notes',
			input.number,
			( number ) => ( {
				clientid: input.clientid,
				number,
				date: input.date,
				currency: input.currency,
				newitems: input.lines.map( ( line, index ) =>
					formLine( line, index + 1 )
				),
				...totalsFields( input ),
				...addressFields( 'billing', input.billing ),
				adminnote: noteWithSignature(
					input.signature,
					input.adminnote
				),
				clientnote: input.clientnote,
				reference_no: input.reference_no,
			} ),
			() => this.findCreditNoteBySignature( input.signature )
		);
		const document = await this.getCreditNote( id );
		return {
			id,
			created,
			document,
			totals: checkTotals( input, document ),
		};
	}

	/* ------------------------------------------------------------- expenses */

	async getExpense( id: number ): Promise< Expense > {
		return this.transport.request( {
			method: 'GET',
			path: `/expenses/${ id }`,
			schema: expenseSchema,
		} );
	}

	async findExpenseBySignature(
		signature: string
	): Promise< number | null > {
		assertSignature( signature );
		let rows: Expense[];
		try {
			rows = await this.transport.request( {
				method: 'GET',
				path: `/expenses/search/${ encodeURIComponent( signature ) }`,
				schema: z.array( expenseSchema ),
			} );
		} catch ( error ) {
			if ( error instanceof PerfexNotFoundError ) {
				return null;
			}
			throw error;
		}
		const ids = rows
			.filter( ( row ) => noteHasSignature( row.note, signature ) )
			.map( ( row ) => row.id );
		return ids.length === 0 ? null : Math.min( ...ids );
	}

	async createExpense(
		input: ExpenseInput
	): Promise< CreatedDocument< Expense > > {
		assertSignature( input.signature );
		let created = true;
		const response = await this.transport.request( {
			method: 'POST',
			path: '/expenses',
			body: {
				kind: 'form',
				data: {
					category: input.category,
					amount: input.amount,
					date: input.date,
					currency: input.currency,
					expense_name: input.expense_name,
					note: noteWithSignature( input.signature, input.note ),
					clientid: input.clientid,
					paymentmode: input.paymentmode,
					reference_no: input.reference_no,
					tax: input.tax,
					tax2: input.tax2,
				},
			},
			schema: createResponseSchema,
			retry: {
				recover: async () => {
					const id = await this.findExpenseBySignature(
						input.signature
					);
					if ( id === null ) {
						return null;
					}
					created = false;
					return { message: 'found by signature', recordId: id };
				},
			},
		} );
		const id =
			response.recordId ??
			( await this.findExpenseBySignature( input.signature ) );
		if ( id === null ) {
			throw new PerfexNotFoundError(
				'POST /expenses: created without record_id and not found by signature'
			);
		}
		const document = await this.getExpense( id );
		const totals = checkTotals(
			{ subtotal: input.amount, total: input.amount },
			{
				subtotal: document.amount,
				total: document.amount,
				total_tax: '0',
			}
		);
		return { id, created, document, totals };
	}

	/* ------------------------------------------------------------- payments */

	/**
	 * Records a payment (POST /payments). Perfex ignores a posted date (now is used) and answers
	 * validation errors with 404 `{paymentmode:false}`. Without a transactionid a lost answer
	 * cannot be told apart from a failure, so such a create is attempted once only.
	 * @param input
	 */
	async recordPayment(
		input: PaymentInput
	): Promise< { paymentId: number; created: boolean } > {
		let created = true;
		const findMine = async (): Promise< number | null > => {
			if ( ! input.transactionid ) {
				return null;
			}
			const invoice = await this.getInvoice( input.invoiceid );
			const found = ( invoice.payments ?? [] ).find(
				( payment ) =>
					payment.transactionid === input.transactionid &&
					payment.amount === canonicalDecimal( input.amount )
			);
			return found?.paymentid ?? null;
		};
		const retry: RetryMode< CreateResponse > = input.transactionid
			? {
					recover: async () => {
						const id = await findMine();
						if ( id === null ) {
							return null;
						}
						created = false;
						return {
							message: 'found by transactionid',
							recordId: id,
						};
					},
				}
			: 'never';
		const response = await this.transport.request( {
			method: 'POST',
			path: '/payments',
			body: {
				kind: 'form',
				data: {
					invoiceid: input.invoiceid,
					amount: input.amount,
					paymentmode: input.paymentmode,
					paymentmethod: input.paymentmethod,
					note: input.note,
					transactionid: input.transactionid,
				},
			},
			schema: createResponseSchema,
			retry,
		} );
		const paymentId = response.recordId ?? ( await findMine() );
		if ( paymentId === null ) {
			throw new PerfexNotFoundError(
				'POST /payments: created without record_id and not found by transactionid'
			);
		}
		return { paymentId, created };
	}

	/* ------------------------------------------------------ lookup lists */

	private async common< S extends z.ZodType >(
		type: string,
		schema: S
	): Promise< Array< z.output< S > > > {
		const result = await this.transport.request( {
			method: 'GET',
			path: `/common/${ type }`,
			schema: listResponseSchema( schema ),
		} );
		return result.data as Array< z.output< S > >;
	}

	listTaxes(): Promise< Tax[] > {
		return this.common( 'tax_data', taxSchema );
	}

	listPaymentModes(): Promise< PaymentMode[] > {
		return this.common( 'payment_mode', paymentModeSchema );
	}

	listExpenseCategories(): Promise< ExpenseCategory[] > {
		return this.common( 'expense_category', expenseCategorySchema );
	}

	/* ------------------------------------------------------------- webhooks */

	async listWebhooks(): Promise< Webhook[] > {
		const out: Webhook[] = [];
		for await ( const hook of this.transport.paginate(
			'/webhooks',
			webhookSchema
		) ) {
			out.push( hook );
		}
		return out;
	}

	async registerWebhook(
		input: WebhookInput
	): Promise< { id: number; created: boolean } > {
		let created = true;
		const findSame = async (): Promise< number | null > => {
			const hooks = await this.listWebhooks();
			const same = hooks.filter(
				( hook ) => hook.url === input.url && hook.name === input.name
			);
			return same.length === 0
				? null
				: Math.max( ...same.map( ( hook ) => hook.id ) );
		};
		const response = await this.transport.request( {
			method: 'POST',
			path: '/webhooks',
			body: {
				kind: 'form',
				data: {
					name: input.name,
					url: input.url,
					events: input.events.join( ',' ),
					secret: input.secret,
				},
			},
			schema: createResponseSchema,
			retry: {
				recover: async () => {
					const id = await findSame();
					if ( id === null ) {
						return null;
					}
					created = false;
					return { message: 'found', recordId: id };
				},
			},
		} );
		const id = response.recordId ?? ( await findSame() );
		if ( id === null ) {
			throw new PerfexNotFoundError(
				'POST /webhooks: created but not found'
			);
		}
		return { id, created };
	}

	/**
	 * Deletes a webhook; false when Perfex did not know it.
	 * @param id
	 */
	async deleteWebhook( id: number ): Promise< boolean > {
		try {
			await this.transport.request( {
				method: 'DELETE',
				path: `/webhooks/${ id }`,
				schema: messageResponseSchema,
			} );
			return true;
		} catch ( error ) {
			if ( error instanceof PerfexNotFoundError ) {
				return false;
			}
			throw error;
		}
	}
}

export function createPerfexClient(
	options: PerfexClientOptions
): PerfexClient {
	return new PerfexClient( options );
}
