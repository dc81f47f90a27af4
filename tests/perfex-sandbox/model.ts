/**
 * What Perfex and the REST API module do with a request: validation (with the module's status
 * codes), the models' side effects (numbers, statuses, totals, hooks) and the JSON they answer.
 * Sources: research/perfex-facts.md §1–§5; where docs and code differ, this follows the code.
 */
import { randomBytes } from 'node:crypto';
import {
	Frac,
	autoTotals,
	serverTotalTax,
	uiTotals,
	type CalcInput,
	type CalcLine,
} from './arithmetic';
import type { Param, Row, SandboxDb } from './db';
import { list, str, toPlain, type PostMap, type PostNode } from './php-form';

export interface ApiResult {
	status: number;
	body: unknown;
	headers?: Record< string, string >;
}

export interface Clock {
	now: () => Date;
}

/** A core hook fired by the models (the webhook bridge decides what goes out). */
export type HookListener = (
	hook: string,
	arg: Record< string, unknown > | number
) => void;

export const STATUS = {
	unpaid: 1,
	paid: 2,
	partially: 3,
	overdue: 4,
	cancelled: 5,
	draft: 6,
};
export const STATUS_LABEL: Record< number, string > = {
	1: 'Unpaid',
	2: 'Paid',
	3: 'Partially Paid',
	4: 'Overdue',
	5: 'Cancelled',
	6: 'Draft',
};
/** `Credit_notes_model::get_statuses`. */
export const CREDIT_NOTE_STATUS_LABEL: Record< number, string > = {
	1: 'Open',
	2: 'Closed',
	3: 'Void',
};
const DRAFT_NUMBER = 1000000000;

export function ok( body: unknown ): ApiResult {
	return { status: 200, body };
}

export function fail(
	status: number,
	message: string,
	extra: Record< string, unknown > = {}
): ApiResult {
	return { status, body: { status: false, ...extra, message } };
}

/**
 * The answer to a create: `{ status: true, message, record_id }`.
 * @param message
 * @param id
 */
function created( message: string, id: number ): ApiResult {
	return ok( { status: true, message, record_id: id } );
}

/**
 * The module's form-validation failure: `{status:false, error:{field:msg}, message:"<p>…"}`.
 * @param status
 * @param errors
 */
export function validationFailure(
	status: number,
	errors: Record< string, string >
): ApiResult {
	const message = Object.values( errors )
		.map( ( text ) => `<p>${ text }</p>\n` )
		.join( '' );
	return { status, body: { status: false, error: errors, message } };
}

/**
 * mysqli returns every column as a string (or null).
 * @param row
 */
export function stringRow( row: Row ): Record< string, string | null > {
	const out: Record< string, string | null > = {};
	for ( const [ key, value ] of Object.entries( row ) ) {
		out[ key ] = value === null ? null : String( value );
	}
	return out;
}

export function ymd( date: Date ): string {
	return date.toISOString().slice( 0, 10 );
}

function datetime( date: Date ): string {
	return date.toISOString().slice( 0, 19 ).replace( 'T', ' ' );
}

function nl2br( text: string ): string {
	return text.replace( /(\r\n|\n\r|\r|\n)/g, '<br />$1' );
}

/**
 * PHP serialize() of a list of strings.
 * @param values
 */
export function phpSerializeList( values: string[] ): string {
	const body = values
		.map(
			( value, index ) =>
				`i:${ index };s:${ Buffer.byteLength( value ) }:"${ value }";`
		)
		.join( '' );
	return `a:${ values.length }:{${ body }}`;
}

function money( text: string | undefined, fallback = '0.00' ): string {
	if (
		text === undefined ||
		text.trim() === '' ||
		! Frac.isDecimal( text )
	) {
		return fallback;
	}
	return Frac.parse( text ).toFixed2();
}

function isPositiveDecimal( text: string | undefined ): boolean {
	return (
		text !== undefined &&
		Frac.isDecimal( text ) &&
		Frac.parse( text ).cmp( new Frac( 0n ) ) > 0
	);
}

function isYmd( text: string | undefined ): text is string {
	return (
		text !== undefined &&
		/^\d{4}-\d{2}-\d{2}$/.test( text ) &&
		! Number.isNaN( Date.parse( text ) )
	);
}

interface ParsedLine {
	itemid?: number;
	description: string;
	long_description: string;
	qty: string;
	rate: string;
	unit: string;
	order: number;
	taxes: Array< { name: string; rate: string } >;
}

/**
 * `_maybe_insert_post_item_tax`: "name|rate" strings (also `taxes:[{name,rate}]`, v3 normaliser).
 * @param node
 */
function parseTaxes( node: PostMap ): Array< { name: string; rate: string } > {
	const out: Array< { name: string; rate: string } > = [];
	const seen = new Set< string >();
	const add = ( name: string, rate: string ) => {
		if ( name === '' || rate === '' || ! Frac.isDecimal( rate ) ) {
			return;
		}
		const key = `${ name }|${ Frac.parse( rate ).toFixed2() }`;
		if ( ! seen.has( key ) ) {
			seen.add( key );
			out.push( { name, rate: Frac.parse( rate ).toFixed2() } );
		}
	};
	for ( const entry of list( node.get( 'taxname' ) ) ) {
		const text = str( entry );
		if ( text === undefined || text === '' ) {
			continue;
		}
		const bar = text.lastIndexOf( '|' );
		if ( bar > 0 ) {
			add( text.slice( 0, bar ).trim(), text.slice( bar + 1 ).trim() );
		}
	}
	for ( const entry of list( node.get( 'taxes' ) ) ) {
		if ( entry instanceof Map ) {
			add(
				( str( entry.get( 'name' ) ) ?? '' ).trim(),
				( str( entry.get( 'rate' ) ) ?? '' ).trim()
			);
		}
	}
	return out;
}

function parseLines( node: PostNode | undefined ): ParsedLine[] | string {
	const lines: ParsedLine[] = [];
	let index = 0;
	for ( const entry of list( node ) ) {
		index++;
		if ( ! ( entry instanceof Map ) ) {
			return 'Each item must be an object';
		}
		const qty =
			str( entry.get( 'qty' ) ) ?? str( entry.get( 'quantity' ) ) ?? '1';
		const rate = str( entry.get( 'rate' ) ) ?? '0';
		if ( ! Frac.isDecimal( qty ) || ! Frac.isDecimal( rate ) ) {
			return `Item ${ index }: qty and rate must be numbers`;
		}
		const itemid = str( entry.get( 'itemid' ) );
		lines.push( {
			itemid:
				itemid !== undefined && /^\d+$/.test( itemid )
					? Number( itemid )
					: undefined,
			description: str( entry.get( 'description' ) ) ?? '',
			long_description: str( entry.get( 'long_description' ) ) ?? '',
			qty: Frac.parse( qty ).toFixed2(),
			rate: Frac.parse( rate ).toFixed2(),
			unit: str( entry.get( 'unit' ) ) ?? '',
			order: Number( str( entry.get( 'order' ) ) ?? index ) || index,
			taxes: parseTaxes( entry ),
		} );
	}
	return lines;
}

function calcLines(
	lines: Array< Pick< ParsedLine, 'qty' | 'rate' | 'taxes' > >
): CalcLine[] {
	return lines.map( ( line ) => ( {
		qty: Frac.parse( line.qty ),
		rate: Frac.parse( line.rate ),
		taxes: line.taxes.map( ( tax ) => ( {
			name: tax.name,
			rate: Frac.parse( tax.rate ),
		} ) ),
	} ) );
}

/** What `totalsFor` settles for a sales document. */
interface DocumentTotals {
	subtotal: string;
	total: string;
	discount_total: string;
	calc: CalcInput;
}

/**
 * The totals' columns of an `invoices` / `creditnotes` row.
 * @param totals
 */
function totalsColumns( totals: DocumentTotals ): Record< string, Param > {
	return {
		subtotal: totals.subtotal,
		total: totals.total,
		discount_total: totals.discount_total,
		discount_type: totals.calc.discountType,
	};
}

/**
 * The fields an invoice (created or updated) needs and a credit note does not.
 * @param post
 * @param errors
 */
function requireInvoiceFields(
	post: PostMap,
	errors: Record< string, string >
): void {
	if ( list( post.get( 'allowed_payment_modes' ) ).length === 0 ) {
		errors[ 'allowed_payment_modes[]' ] =
			'The Allowed payment modes field is required.';
	}
	if ( ( str( post.get( 'billing_street' ) ) ?? '' ).trim() === '' ) {
		errors.billing_street = 'The Billing street field is required.';
	}
}

/**
 * The v3 normaliser: items[] → newitems when newitems is empty.
 * @param post
 */
function itemsAsNewitems( post: PostMap ): void {
	if (
		list( post.get( 'newitems' ) ).length === 0 &&
		list( post.get( 'items' ) ).length > 0
	) {
		post.set( 'newitems', post.get( 'items' ) as PostNode );
		post.delete( 'items' );
	}
}

const SALES_COLUMNS = new Set( [
	'clientid',
	'number',
	'date',
	'duedate',
	'currency',
	'subtotal',
	'total',
	'total_tax',
	'adjustment',
	'discount_percent',
	'discount_total',
	'discount_type',
	'clientnote',
	'adminnote',
	'terms',
	'billing_street',
	'billing_city',
	'billing_state',
	'billing_zip',
	'billing_country',
	'shipping_street',
	'shipping_city',
	'shipping_state',
	'shipping_zip',
	'shipping_country',
	'include_shipping',
	'show_shipping_on_invoice',
	'show_shipping_on_credit_note',
	'sale_agent',
	'project_id',
	'show_quantity_as',
	'cancel_overdue_reminders',
	'allowed_payment_modes',
	'status',
	'reference_no',
	'recurring',
	'repeat_every_custom',
	'repeat_type_custom',
	'cycles',
	'prefix',
] );
/** Keys the module or `_format_data_sales_feature` strips before the INSERT. */
const HELPER_KEYS = new Set( [
	'newitems',
	'items',
	'removed_items',
	'taxname',
	'description',
	'rate',
	'quantity',
	'tags',
	'save_and_send',
	'save_as_draft',
	'save_and_send_later',
	'custom_fields',
	'task_id',
	'expense_id',
	'authtoken',
	'api_key',
] );

export class PerfexModel {
	constructor(
		private readonly db: SandboxDb,
		private readonly clock: Clock,
		private readonly hook: HookListener
	) {}

	today(): string {
		return ymd( this.clock.now() );
	}

	option( name: string ): string {
		return String(
			this.db.get( 'SELECT value FROM options WHERE name = ?', [ name ] )
				?.value ?? ''
		);
	}

	private setOption( name: string, value: string ): void {
		this.db.run( 'UPDATE options SET value = ? WHERE name = ?', [
			value,
			name,
		] );
	}

	formatNumber( number: number, prefix: string ): string {
		if ( number === DRAFT_NUMBER ) {
			return `${ prefix }DRAFT`;
		}
		const pad = Number( this.option( 'number_padding_prefixes' ) ) || 0;
		return prefix + String( number ).padStart( pad, '0' );
	}

	/* ------------------------------------------------------------ customers */

	createCustomer( post: PostMap ): ApiResult {
		const company = ( str( post.get( 'company' ) ) ?? '' ).trim();
		if ( company === '' ) {
			return validationFailure( 404, {
				company: 'The Company field is required.',
			} );
		}
		const text = ( key: string ) => str( post.get( key ) ) ?? null;
		const int = ( key: string ) =>
			Number( str( post.get( key ) ) ?? 0 ) || 0;
		const id = this.db.transaction(
			() =>
				this.db.run(
					`INSERT INTO clients ( company, vat, phonenumber, country, city, zip, state, address, website, datecreated, active,
				billing_street, billing_city, billing_state, billing_zip, billing_country,
				shipping_street, shipping_city, shipping_state, shipping_zip, shipping_country, default_currency, default_language )
				VALUES ( ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? )`,
					[
						company,
						text( 'vat' ),
						text( 'phonenumber' ),
						int( 'country' ),
						text( 'city' ),
						text( 'zip' ),
						text( 'state' ),
						text( 'address' ),
						text( 'website' ),
						datetime( this.clock.now() ),
						text( 'billing_street' ),
						text( 'billing_city' ),
						text( 'billing_state' ),
						text( 'billing_zip' ),
						int( 'billing_country' ),
						text( 'shipping_street' ),
						text( 'shipping_city' ),
						text( 'shipping_state' ),
						text( 'shipping_zip' ),
						int( 'shipping_country' ),
						int( 'default_currency' ),
						text( 'default_language' ),
					]
				).lastId
		);
		this.hook( 'after_client_added', id );
		return created( 'Client add successful.', id );
	}

	customerRow( id: number ): Record< string, string | null > | null {
		const row = this.db.get( 'SELECT * FROM clients WHERE userid = ?', [
			id,
		] );
		return row ? { id: String( row.userid ), ...stringRow( row ) } : null;
	}

	customers(): Array< Record< string, string | null > > {
		return this.db
			.all( 'SELECT * FROM clients ORDER BY userid' )
			.map( ( row ) => ( {
				id: String( row.userid ),
				...stringRow( row ),
			} ) );
	}

	/**
	 * API300 `_search_customers`: active clients by company/vat/phone, or by a contact's name/e-mail.
	 * @param q
	 */
	searchCustomers( q: string ): Array< Record< string, string | null > > {
		const like = `%${ q }%`;
		return this.db
			.all(
				`SELECT * FROM clients WHERE active = 1 AND ( company LIKE ? OR vat LIKE ? OR phonenumber LIKE ?
				OR userid IN ( SELECT userid FROM contacts WHERE firstname LIKE ? OR lastname LIKE ? OR email LIKE ? ) )
				ORDER BY userid`,
				[ like, like, like, like, like, like ]
			)
			.map( ( row ) => ( {
				id: String( row.userid ),
				...stringRow( row ),
			} ) );
	}

	/* ------------------------------------------------------------- contacts */

	createContact( post: PostMap ): ApiResult {
		const errors: Record< string, string > = {};
		const customerId = str( post.get( 'customer_id' ) ) ?? '';
		const firstname = ( str( post.get( 'firstname' ) ) ?? '' ).trim();
		const lastname = ( str( post.get( 'lastname' ) ) ?? '' ).trim();
		const email = ( str( post.get( 'email' ) ) ?? '' ).trim();
		if ( customerId === '' ) {
			errors.customer_id = 'The Customer Id field is required.';
		} else if (
			! /^\d+$/.test( customerId ) ||
			! this.customerRow( Number( customerId ) )
		) {
			errors.customer_id = 'The Customer Id is not found.';
		}
		if ( firstname === '' ) {
			errors.firstname = 'The First Name field is required.';
		}
		if ( lastname === '' ) {
			errors.lastname = 'The Last Name field is required.';
		}
		if ( email === '' ) {
			errors.email = 'The Email field is required.';
		} else if ( ! /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test( email ) ) {
			errors.email =
				'The Email field must contain a valid email address.';
		} else if (
			this.db.get(
				'SELECT id FROM contacts WHERE lower( email ) = lower( ? )',
				[ email ]
			)
		) {
			errors.email = 'The Email field must contain a unique value.';
		}
		if ( Object.keys( errors ).length > 0 ) {
			return validationFailure( 409, errors );
		}
		const isPrimary = post.has( 'is_primary' ) ? 1 : 0;
		const id = this.db.transaction( () => {
			if ( isPrimary ) {
				this.db.run(
					'UPDATE contacts SET is_primary = 0 WHERE userid = ?',
					[ Number( customerId ) ]
				);
			}
			return this.db.run(
				`INSERT INTO contacts ( userid, is_primary, firstname, lastname, email, phonenumber, title, datecreated, active, invoice_emails, credit_note_emails )
				VALUES ( ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ? )`,
				[
					Number( customerId ),
					isPrimary,
					firstname,
					lastname,
					email,
					str( post.get( 'phonenumber' ) ) ?? '',
					str( post.get( 'title' ) ) ?? null,
					datetime( this.clock.now() ),
					post.has( 'invoice_emails' ) ? 1 : 0,
					post.has( 'credit_note_emails' ) ? 1 : 0,
				]
			).lastId;
		} );
		this.hook( 'contact_created', id );
		return created( 'Contact added successfully.', id );
	}

	contacts(): Array< Record< string, string | null > > {
		return this.db
			.all( 'SELECT * FROM contacts ORDER BY id' )
			.map( stringRow );
	}

	contactRow( id: number ): Record< string, string | null > | null {
		const row = this.db.get( 'SELECT * FROM contacts WHERE id = ?', [
			id,
		] );
		return row ? stringRow( row ) : null;
	}

	searchContacts( q: string ): Array< Record< string, string | null > > {
		const like = `%${ q }%`;
		return this.db
			.all(
				`SELECT * FROM contacts WHERE firstname LIKE ? OR lastname LIKE ? OR email LIKE ? OR phonenumber LIKE ?
				OR ( firstname || ' ' || lastname ) LIKE ? ORDER BY id`,
				[ like, like, like, like, like ]
			)
			.map( stringRow );
	}

	/* ------------------------------------------------------ sales documents */

	private numberTaken(
		table: 'invoices' | 'creditnotes',
		number: number,
		date: string,
		exceptId?: number
	): boolean {
		const row = this.db.get(
			`SELECT id FROM ${ table } WHERE number = ? AND substr( date, 1, 4 ) = ? AND id != ?`,
			[ number, date.slice( 0, 4 ), exceptId ?? -1 ]
		);
		return row !== undefined;
	}

	/**
	 * Validates totals the way the sandbox is stricter than Perfex: posted subtotal/total must be
	 * what the Perfex UI would have posted for these lines.
	 * @param post
	 * @param lines
	 * @param errors
	 */
	private totalsFor(
		post: PostMap,
		lines: ParsedLine[],
		errors: Record< string, string >
	): DocumentTotals | null {
		const discountPercent = money( str( post.get( 'discount_percent' ) ) );
		const postedDiscountTotal = str( post.get( 'discount_total' ) );
		let discountType = str( post.get( 'discount_type' ) ) ?? '';
		const calc: CalcInput = {
			lines: calcLines( lines ),
			discountPercent: Frac.parse( discountPercent ),
			discountTotal: Frac.parse( money( postedDiscountTotal ) ),
			discountType,
			adjustment: Frac.parse( money( str( post.get( 'adjustment' ) ) ) ),
		};
		const postedSubtotal = str( post.get( 'subtotal' ) );
		const postedTotal = str( post.get( 'total' ) );
		if (
			postedSubtotal === undefined ||
			postedTotal === undefined ||
			postedSubtotal === '' ||
			postedTotal === ''
		) {
			// §5.4: v3 fills in what is missing; the caller's values win.
			const auto = autoTotals( calc );
			const subtotal = postedSubtotal || auto.subtotal;
			const total = postedTotal || auto.total;
			post.set( 'subtotal', subtotal );
			post.set( 'total', total );
			if (
				postedDiscountTotal === undefined &&
				! calc.discountPercent.isZero()
			) {
				post.set( 'discount_total', auto.discountTotal );
			}
		}
		const subtotal = str( post.get( 'subtotal' ) );
		const total = str( post.get( 'total' ) );
		for ( const [ field, value ] of [
			[ 'subtotal', subtotal ],
			[ 'total', total ],
		] as const ) {
			if ( value === undefined || value === '' ) {
				errors[ field ] = `The ${ field } field is required.`;
			} else if ( ! Frac.isDecimal( value ) ) {
				errors[ field ] =
					`The ${ field } field must contain a decimal number.`;
			} else if ( ! isPositiveDecimal( value ) ) {
				errors[ field ] =
					`The ${ field } field must contain a number greater than 0.`;
			}
		}
		if (
			errors.subtotal ||
			errors.total ||
			subtotal === undefined ||
			total === undefined
		) {
			return null;
		}
		const expected = uiTotals( calc );
		if ( postedSubtotal && postedTotal ) {
			if ( money( subtotal ) !== expected.subtotal ) {
				errors.subtotal = `The subtotal ${ money( subtotal ) } does not match Perfex's sum of the lines ${ expected.subtotal } (sandbox check: Perfex would store it silently).`;
			}
			if ( money( total ) !== expected.total ) {
				errors.total = `The total ${ money( total ) } does not match Perfex's computation ${ expected.total } (subtotal ${ expected.subtotal } + taxes ${ expected.totalTax } - discount ${ expected.discountTotal } + adjustment ${ calc.adjustment.toFixed2() }; discount_type '${ discountType }') (sandbox check: Perfex would store it silently).`;
			}
		}
		let discountTotal = money( str( post.get( 'discount_total' ) ) );
		if (
			! calc.discountPercent.isZero() &&
			postedDiscountTotal === undefined
		) {
			discountTotal = expected.discountTotal;
		}
		if ( Frac.parse( discountTotal ).isZero() ) {
			discountType = '';
		}
		calc.discountType = discountType;
		return {
			subtotal: money( subtotal ),
			total: money( total ),
			discount_total: discountTotal,
			calc,
		};
	}

	private unknownColumn(
		post: PostMap,
		extraAllowed: string[] = []
	): string | null {
		for ( const key of post.keys() ) {
			if (
				! SALES_COLUMNS.has( key ) &&
				! HELPER_KEYS.has( key ) &&
				! extraAllowed.includes( key )
			) {
				return key;
			}
		}
		return null;
	}

	/**
	 * The 500 Perfex answers when the post names a column the table does not have.
	 * @param post
	 * @param statement e.g. `INSERT INTO tblinvoices`
	 */
	private unknownColumnFailure(
		post: PostMap,
		statement: string
	): ApiResult | null {
		const unknown = this.unknownColumn( post );
		if ( unknown === null ) {
			return null;
		}
		return fail(
			500,
			`Unknown column '${ unknown }' in 'field list' (${ statement })`
		);
	}

	/**
	 * The lines of a new sales document (`newitems[]`) and their totals; what is wrong goes to
	 * `errors` (totals are not checked when the lines cannot be read).
	 * @param post
	 * @param errors
	 */
	private newItemsWithTotals(
		post: PostMap,
		errors: Record< string, string >
	): { lines: ParsedLine[]; totals: DocumentTotals } | null {
		const lines = parseLines( post.get( 'newitems' ) );
		if ( typeof lines === 'string' ) {
			errors[ 'newitems[]' ] = lines;
			return null;
		}
		if ( lines.length === 0 ) {
			errors[ 'newitems[]' ] = 'The Items field is required.';
		}
		const totals = this.totalsFor( post, lines, errors );
		return totals === null ? null : { lines, totals };
	}

	/**
	 * Inserts one row from a column → value map; returns its id.
	 * @param table
	 * @param columns
	 */
	private insertRow(
		table: 'invoices' | 'creditnotes',
		columns: Record< string, Param >
	): number {
		const keys = Object.keys( columns );
		return this.db.run(
			`INSERT INTO ${ table } ( ${ keys.join( ', ' ) } ) VALUES ( ${ keys.map( () => '?' ).join( ', ' ) } )`,
			keys.map( ( key ) => columns[ key ] ?? null )
		).lastId;
	}

	private insertItems(
		relId: number,
		relType: string,
		lines: ParsedLine[]
	): void {
		for ( const line of lines ) {
			const itemId = this.db.run(
				'INSERT INTO itemable ( rel_id, rel_type, description, long_description, qty, rate, unit, item_order ) VALUES ( ?, ?, ?, ?, ?, ?, ?, ? )',
				[
					relId,
					relType,
					line.description,
					nl2br( line.long_description ),
					line.qty,
					line.rate,
					line.unit,
					line.order,
				]
			).lastId;
			this.insertItemTaxes( itemId, relId, relType, line );
		}
	}

	private insertItemTaxes(
		itemId: number,
		relId: number,
		relType: string,
		line: ParsedLine
	): void {
		for ( const tax of line.taxes ) {
			this.db.run(
				'INSERT INTO item_tax ( itemid, rel_id, rel_type, taxrate, taxname ) VALUES ( ?, ?, ?, ?, ? )',
				[ itemId, relId, relType, tax.rate, tax.name ]
			);
		}
	}

	private storedLines( relId: number, relType: string ): ParsedLine[] {
		return this.db
			.all(
				'SELECT * FROM itemable WHERE rel_id = ? AND rel_type = ? ORDER BY item_order, id',
				[ relId, relType ]
			)
			.map( ( item ) => ( {
				itemid: Number( item.id ),
				description: String( item.description ?? '' ),
				long_description: String( item.long_description ?? '' ),
				qty: String( item.qty ),
				rate: String( item.rate ),
				unit: String( item.unit ?? '' ),
				order: Number( item.item_order ),
				taxes: this.db
					.all(
						'SELECT taxname, taxrate FROM item_tax WHERE itemid = ? ORDER BY id',
						[ Number( item.id ) ]
					)
					.map( ( tax ) => ( {
						name: String( tax.taxname ),
						rate: String( tax.taxrate ),
					} ) ),
			} ) );
	}

	/**
	 * `update_sales_total_tax_column` from the stored rows.
	 * @param table
	 * @param id
	 * @param relType
	 */
	private updateTotalTax(
		table: 'invoices' | 'creditnotes',
		id: number,
		relType: string
	): void {
		const doc = this.db.get(
			`SELECT subtotal, discount_percent, discount_total, discount_type FROM ${ table } WHERE id = ?`,
			[ id ]
		);
		if ( ! doc ) {
			return;
		}
		const totalTax = serverTotalTax( {
			lines: calcLines( this.storedLines( id, relType ) ),
			discountPercent: Frac.parse(
				String( doc.discount_percent ?? '0' )
			),
			discountTotal: Frac.parse( String( doc.discount_total ?? '0' ) ),
			discountType: String( doc.discount_type ?? '' ),
			adjustment: new Frac( 0n ),
			storedSubtotal: Frac.parse( String( doc.subtotal ?? '0' ) ),
		} );
		this.db.run( `UPDATE ${ table } SET total_tax = ? WHERE id = ?`, [
			totalTax,
			id,
		] );
	}

	private headerValues(
		post: PostMap,
		isInvoice: boolean
	): Record< string, Param > {
		const text = ( key: string ) => str( post.get( key ) ) ?? null;
		const values: Record< string, Param > = {
			billing_street: nl2br( ( text( 'billing_street' ) ?? '' ).trim() ),
			billing_city: text( 'billing_city' ),
			billing_state: text( 'billing_state' ),
			billing_zip: text( 'billing_zip' ),
			billing_country: Number( text( 'billing_country' ) || 0 ) || 0,
			adminnote: nl2br( text( 'adminnote' ) ?? '' ),
			clientnote: nl2br( text( 'clientnote' ) ?? '' ),
			terms: nl2br( text( 'terms' ) ?? '' ),
			adjustment: money( text( 'adjustment' ) ?? undefined ),
			discount_percent: money( text( 'discount_percent' ) ?? undefined ),
			project_id: Number( text( 'project_id' ) || 0 ) || 0,
		};
		// map_shipping_columns: the key's presence, whatever its value, turns shipping on.
		if ( post.has( 'include_shipping' ) ) {
			values.include_shipping = 1;
			for ( const part of [ 'street', 'city', 'state', 'zip' ] ) {
				values[ `shipping_${ part }` ] = text( `shipping_${ part }` );
			}
			values.shipping_country =
				Number( text( 'shipping_country' ) || 0 ) || 0;
		} else {
			values.include_shipping = 0;
			for ( const part of [ 'street', 'city', 'state', 'zip' ] ) {
				values[ `shipping_${ part }` ] = null;
			}
			values.shipping_country = 0;
		}
		if ( isInvoice ) {
			values.sale_agent = Number( text( 'sale_agent' ) || 0 ) || 0;
			values.show_shipping_on_invoice =
				post.has( 'include_shipping' ) &&
				! post.has( 'show_shipping_on_invoice' )
					? 0
					: 1;
			values.cancel_overdue_reminders = post.has(
				'cancel_overdue_reminders'
			)
				? 1
				: 0;
			values.allowed_payment_modes = phpSerializeList(
				list( post.get( 'allowed_payment_modes' ) )
					.map( ( mode ) => str( mode ) ?? '' )
					.filter( ( mode ) => mode !== '' )
			);
			const duedate = text( 'duedate' );
			values.duedate =
				duedate === null || duedate === '' ? null : duedate;
		} else {
			values.reference_no = text( 'reference_no' );
		}
		return values;
	}

	/**
	 * `POST /api/invoices` (§5.2).
	 * @param post
	 */
	createInvoice( post: PostMap ): ApiResult {
		itemsAsNewitems( post );
		const errors: Record< string, string > = {};
		const clientid = str( post.get( 'clientid' ) ) ?? '';
		const numberText = ( str( post.get( 'number' ) ) ?? '' ).trim();
		const date = str( post.get( 'date' ) ) ?? '';
		const currency = str( post.get( 'currency' ) ) ?? '';
		if ( clientid === '' ) {
			errors.clientid = 'The Customer field is required.';
		} else if (
			! /^\d+$/.test( clientid ) ||
			! this.customerRow( Number( clientid ) )
		) {
			errors.clientid = 'The Customer is not found. (sandbox check)';
		}
		if ( date === '' ) {
			errors.date = 'The Invoice date field is required.';
		} else if ( ! isYmd( date ) ) {
			errors.date = 'The Invoice date must be Y-m-d. (sandbox check)';
		}
		if ( currency === '' ) {
			errors.currency = 'The Currency field is required.';
		} else if (
			! this.db.get( 'SELECT id FROM currencies WHERE id = ?', [
				Number( currency ) || 0,
			] )
		) {
			errors.currency = 'The Currency is not found. (sandbox check)';
		}
		const number = numberText.replace( /^0+(?=\d)/, '' );
		if ( numberText === '' ) {
			errors.number = 'The Invoice number field is required.';
		} else if ( ! /^\d+$/.test( number ) ) {
			errors.number =
				'The Invoice number must be an integer. (sandbox check)';
		} else if (
			isYmd( date ) &&
			this.numberTaken( 'invoices', Number( number ), date )
		) {
			errors.number = 'The Invoice number is already in use';
		}
		requireInvoiceFields( post, errors );
		const items = this.newItemsWithTotals( post, errors );
		if ( Object.keys( errors ).length > 0 || items === null ) {
			return validationFailure( 404, errors );
		}
		const { lines, totals } = items;
		const rejected = this.unknownColumnFailure(
			post,
			'INSERT INTO tblinvoices'
		);
		if ( rejected !== null ) {
			return rejected;
		}
		const isDraft =
			post.has( 'save_as_draft' ) ||
			post.has( 'save_and_send_later' ) ||
			str( post.get( 'status' ) ) === '6';
		const prefix = this.option( 'invoice_prefix' );
		const stored = isDraft ? DRAFT_NUMBER : Number( number );
		const header = this.headerValues( post, true );
		const id = this.db.transaction( () => {
			const columns: Record< string, Param > = {
				...header,
				clientid: Number( clientid ),
				number: stored,
				prefix,
				number_format:
					Number( this.option( 'invoice_number_format' ) ) || 1,
				formatted_number: this.formatNumber( stored, prefix ),
				datecreated: datetime( this.clock.now() ),
				date,
				currency: Number( currency ),
				...totalsColumns( totals ),
				addedfrom: 0,
				hash: randomBytes( 16 ).toString( 'hex' ),
				status: isDraft ? STATUS.draft : STATUS.unpaid,
				sent: 0,
			};
			const newId = this.insertRow( 'invoices', columns );
			// Invoices_model::add: status right after the header insert, then items, then total_tax.
			this.updateInvoiceStatus( newId, false, false );
			this.insertItems( newId, 'invoice', lines );
			this.updateTotalTax( 'invoices', newId, 'invoice' );
			if ( ! isDraft ) {
				this.setOption(
					'next_invoice_number',
					String( Number( this.option( 'next_invoice_number' ) ) + 1 )
				);
			}
			return newId;
		} );
		this.hook( 'after_invoice_added', id );
		this.flushStatusHooks();
		return created( 'Invoice Added Successfully', id );
	}

	/**
	 * `PUT /api/invoices/{id}` (§5.3): JSON only, 409 on failure, no merge of items.
	 * @param id
	 * @param post
	 */
	updateInvoice( id: number, post: PostMap ): ApiResult {
		if ( post.size === 0 ) {
			return fail( 406, 'Data Not Acceptable OR Not Provided' );
		}
		const existing = this.db.get( 'SELECT * FROM invoices WHERE id = ?', [
			id,
		] );
		if ( ! existing ) {
			return validationFailure( 409, { id: 'Invalid Invoice ID' } );
		}
		// The v3 normaliser moves items[] to newitems and drops items[]; validation then fails.
		itemsAsNewitems( post );
		const errors: Record< string, string > = {};
		const date = str( post.get( 'date' ) ) ?? '';
		const numberText = ( str( post.get( 'number' ) ) ?? '' )
			.trim()
			.replace( /^0+(?=\d)/, '' );
		if ( ! isYmd( date ) ) {
			errors.date = 'The Invoice date field is required.';
		}
		if ( ( str( post.get( 'currency' ) ) ?? '' ) === '' ) {
			errors.currency = 'The Currency field is required.';
		}
		if ( ! /^\d+$/.test( numberText ) ) {
			errors.number = 'The Invoice number field is required.';
		} else if (
			Number( numberText ) !== Number( existing.number ) &&
			isYmd( date ) &&
			this.numberTaken( 'invoices', Number( numberText ), date, id )
		) {
			errors.number = 'The Invoice number is already in use';
		}
		requireInvoiceFields( post, errors );
		const updates = parseLines( post.get( 'items' ) );
		const additions = parseLines( post.get( 'newitems' ) );
		const removed = new Set(
			list( post.get( 'removed_items' ) ).map( ( node ) =>
				Number( str( node ) )
			)
		);
		if ( typeof updates === 'string' || typeof additions === 'string' ) {
			errors[ 'items[]' ] =
				typeof updates === 'string' ? updates : String( additions );
			return validationFailure( 409, errors );
		}
		if (
			post.has( 'items' ) === false &&
			list( post.get( 'newitems' ) ).length === 0
		) {
			errors[ 'items[]' ] = 'The Items field is required.';
		}
		// The lines the invoice will have: stored (minus removed, with updates) plus additions.
		const byId = new Map(
			updates
				.filter( ( line ) => line.itemid !== undefined )
				.map( ( line ) => [ line.itemid, line ] )
		);
		const resulting = this.storedLines( id, 'invoice' )
			.filter( ( line ) => ! removed.has( line.itemid ?? -1 ) )
			.map( ( line ) => byId.get( line.itemid ) ?? line )
			.concat( additions );
		if ( resulting.length === 0 ) {
			errors[ 'items[]' ] = 'An invoice needs at least one item.';
		}
		const totals = this.totalsFor( post, resulting, errors );
		if ( Object.keys( errors ).length > 0 || totals === null ) {
			return validationFailure( 409, errors );
		}
		const rejected = this.unknownColumnFailure(
			post,
			'UPDATE tblinvoices'
		);
		if ( rejected !== null ) {
			return rejected;
		}
		const header = this.headerValues( post, true );
		const before = Number( existing.status );
		this.db.transaction( () => {
			const columns: Record< string, Param > = {
				...header,
				clientid: Number(
					str( post.get( 'clientid' ) ) ?? existing.clientid
				),
				number: Number( numberText ),
				formatted_number: this.formatNumber(
					Number( numberText ),
					String( existing.prefix )
				),
				date,
				currency: Number( str( post.get( 'currency' ) ) ),
				...totalsColumns( totals ),
			};
			const keys = Object.keys( columns );
			this.db.run(
				`UPDATE invoices SET ${ keys.map( ( key ) => `${ key } = ?` ).join( ', ' ) } WHERE id = ?`,
				[ ...keys.map( ( key ) => columns[ key ] ?? null ), id ]
			);
			for ( const itemId of removed ) {
				this.db.run(
					"DELETE FROM item_tax WHERE itemid = ? AND rel_type = 'invoice' AND rel_id = ?",
					[ itemId, id ]
				);
				this.db.run(
					"DELETE FROM itemable WHERE id = ? AND rel_type = 'invoice' AND rel_id = ?",
					[ itemId, id ]
				);
			}
			for ( const line of updates ) {
				if ( line.itemid === undefined ) {
					continue;
				}
				const changed = this.db.run(
					"UPDATE itemable SET description = ?, long_description = ?, qty = ?, rate = ?, unit = ?, item_order = ? WHERE id = ? AND rel_id = ? AND rel_type = 'invoice'",
					[
						line.description,
						nl2br( line.long_description ),
						line.qty,
						line.rate,
						line.unit,
						line.order,
						line.itemid,
						id,
					]
				).changes;
				if ( changed > 0 ) {
					this.db.run( 'DELETE FROM item_tax WHERE itemid = ?', [
						line.itemid,
					] );
					this.insertItemTaxes( line.itemid, id, 'invoice', line );
				}
			}
			this.insertItems( id, 'invoice', additions );
			this.updateTotalTax( 'invoices', id, 'invoice' );
			this.updateInvoiceStatus( id, false, false );
		} );
		this.hook( 'invoice_updated', { id, status_before: before } );
		this.flushStatusHooks();
		return ok( { status: true, message: 'Invoice Updated Successfully' } );
	}

	private pendingStatusHooks: Array< Record< string, unknown > > = [];

	private flushStatusHooks(): void {
		const pending = this.pendingStatusHooks;
		this.pendingStatusHooks = [];
		for ( const arg of pending ) {
			this.hook( 'invoice_status_changed', arg );
		}
	}

	/**
	 * `update_invoice_status` (§1.2). Hooks fire after the surrounding transaction.
	 * @param id
	 * @param force
	 * @param flush
	 */
	updateInvoiceStatus( id: number, force: boolean, flush = true ): number {
		const invoice = this.db.get(
			'SELECT status, total, duedate FROM invoices WHERE id = ?',
			[ id ]
		);
		if ( ! invoice ) {
			return 0;
		}
		const current = Number( invoice.status );
		if (
			! force &&
			( current === STATUS.draft || current === STATUS.cancelled )
		) {
			return current;
		}
		const total = Frac.parse( String( invoice.total ?? '0' ) );
		const payments = this.db
			.all(
				'SELECT amount FROM invoicepaymentrecords WHERE invoiceid = ? ORDER BY id',
				[ id ]
			)
			.map( ( row ) => Frac.parse( String( row.amount ) ) );
		let status: number;
		if ( payments.length > 0 ) {
			const sum = payments.reduce(
				( acc, value ) => acc.add( value ),
				new Frac( 0n )
			);
			if (
				( payments[ 0 ] as Frac ).cmp( total ) === 0 ||
				sum.round2().cmp( total.round2() ) >= 0
			) {
				status = STATUS.paid;
			} else if ( sum.isZero() ) {
				status = STATUS.unpaid;
			} else {
				status = STATUS.partially;
			}
		} else if ( total.isZero() ) {
			status = STATUS.paid;
		} else {
			const due =
				invoice.duedate === null ? '' : String( invoice.duedate );
			status =
				due !== '' && due < this.today()
					? STATUS.overdue
					: STATUS.unpaid;
		}
		if ( status !== current ) {
			this.db.run( 'UPDATE invoices SET status = ? WHERE id = ?', [
				status,
				id,
			] );
			this.pendingStatusHooks.push( {
				invoice_id: id,
				status,
				previous_status: current,
			} );
		}
		if ( flush ) {
			this.flushStatusHooks();
		}
		return status;
	}

	/** Cron `invoice_overdue`: recalculates every dated invoice that is not paid, cancelled or draft. */
	runOverdueCron(): number {
		const ids = this.db
			.all(
				'SELECT id FROM invoices WHERE duedate IS NOT NULL AND status NOT IN ( 2, 5, 6 )'
			)
			.map( ( row ) => Number( row.id ) );
		this.db.transaction( () => {
			for ( const id of ids ) {
				this.updateInvoiceStatus( id, false, false );
			}
		} );
		this.flushStatusHooks();
		return ids.length;
	}

	invoiceRow( id: number ): Record< string, unknown > | null {
		const row = this.db.get(
			`SELECT invoices.*, currencies.id AS currencyid, currencies.name AS currency_name, currencies.symbol, currencies.name,
			currencies.decimal_separator, currencies.thousand_separator, currencies.placement, currencies.isdefault
			FROM invoices LEFT JOIN currencies ON currencies.id = invoices.currency WHERE invoices.id = ?`,
			[ id ]
		);
		if ( ! row ) {
			return null;
		}
		const out: Record< string, unknown > = stringRow( row );
		const paid = this.db
			.all(
				'SELECT amount FROM invoicepaymentrecords WHERE invoiceid = ?',
				[ id ]
			)
			.reduce(
				( acc, payment ) =>
					acc.add( Frac.parse( String( payment.amount ) ) ),
				new Frac( 0n )
			);
		out.total_left_to_pay = Frac.parse( String( row.total ) )
			.sub( paid )
			.toFixed2();
		out.items = this.itemsOut( id, 'invoice' );
		out.attachments = [];
		out.client = this.customerRow( Number( row.clientid ) );
		out.payments = this.paymentsOf( id );
		out.scheduled_email = null;
		return out;
	}

	private itemsOut(
		relId: number,
		relType: string
	): Array< Record< string, unknown > > {
		return this.db
			.all(
				'SELECT * FROM itemable WHERE rel_id = ? AND rel_type = ? ORDER BY item_order, id',
				[ relId, relType ]
			)
			.map( ( item ) => {
				const taxes = this.db.all(
					'SELECT taxname, taxrate FROM item_tax WHERE itemid = ? ORDER BY id',
					[ Number( item.id ) ]
				);
				return {
					...stringRow( item ),
					taxname: taxes.map( ( tax ) => String( tax.taxname ) ),
					taxrate: taxes.map( ( tax ) => String( tax.taxrate ) ),
				};
			} );
	}

	/**
	 * `get_invoice_payments`: joined with payment modes, so `id` is the mode's id (§4.2).
	 * @param invoiceId
	 */
	private paymentsOf(
		invoiceId: number
	): Array< Record< string, string | null > > {
		return this.db
			.all(
				`SELECT invoicepaymentrecords.*, payment_modes.id AS id, payment_modes.name AS name, invoicepaymentrecords.id AS paymentid
				FROM invoicepaymentrecords LEFT JOIN payment_modes ON CAST( payment_modes.id AS TEXT ) = invoicepaymentrecords.paymentmode
				WHERE invoiceid = ? ORDER BY invoicepaymentrecords.id`,
				[ invoiceId ]
			)
			.map( stringRow );
	}

	invoices(): Array< Record< string, string | null > > {
		return this.db
			.all( 'SELECT * FROM invoices ORDER BY id' )
			.map( stringRow );
	}

	/**
	 * `_search_invoices` (§5.3): exact number, or LIKE on notes, client and address columns.
	 * @param rawKey
	 */
	searchInvoices( rawKey: string ): Array< Record< string, string | null > > {
		let q = rawKey.trim();
		const prefix = this.option( 'invoice_prefix' );
		if ( /^\d+$/.test( q ) ) {
			q = q.replace( /^0+(?=\d)/, '' );
		} else if ( prefix !== '' && q.startsWith( prefix ) ) {
			q = q
				.slice( prefix.length )
				.trim()
				.replace( /^0+(?=\d)/, '' );
		}
		const like = `%${ q }%`;
		const likeColumns = [
			'clients.company',
			'invoices.clientnote',
			'invoices.adminnote',
			'clients.vat',
			'clients.phonenumber',
			'clients.city',
			'clients.state',
			'clients.zip',
			'clients.address',
			"( SELECT firstname || ' ' || lastname FROM contacts WHERE contacts.userid = clients.userid AND is_primary = 1 LIMIT 1 )",
			'invoices.billing_street',
			'invoices.billing_city',
			'invoices.billing_state',
			'invoices.billing_zip',
			'invoices.shipping_street',
			'invoices.shipping_city',
			'invoices.shipping_state',
			'invoices.shipping_zip',
			'clients.billing_street',
			'clients.billing_city',
			'clients.billing_state',
			'clients.billing_zip',
			'clients.shipping_street',
			'clients.shipping_city',
			'clients.shipping_state',
			'clients.shipping_zip',
		];
		const rows = this.db.all(
			`SELECT clients.*, invoices.*, invoices.id AS invoiceid, clients.company AS company
			FROM invoices JOIN currencies ON currencies.id = invoices.currency
			LEFT JOIN clients ON clients.userid = invoices.clientid
			WHERE CAST( invoices.number AS TEXT ) LIKE ? OR ${ likeColumns.map( ( column ) => `${ column } LIKE ?` ).join( ' OR ' ) }
			ORDER BY invoices.number DESC, substr( invoices.date, 1, 4 ) DESC`,
			[ q, ...likeColumns.map( () => like ) ]
		);
		return rows.map( stringRow );
	}

	/* ------------------------------------------------------------- payments */

	/**
	 * `Payments_model::add` (§1.3, §5.5).
	 * @param input
	 * @param input.invoiceid
	 * @param input.amount
	 * @param input.paymentmode
	 * @param input.paymentmethod
	 * @param input.note
	 * @param input.transactionid
	 * @param input.date
	 */
	addPayment( input: {
		invoiceid: number;
		amount: string;
		paymentmode: string;
		paymentmethod?: string;
		note?: string;
		transactionid?: string;
		date?: string;
	} ): { paymentId: number; status: number } {
		const now = this.clock.now();
		const paymentId = this.db.transaction( () => {
			const newId = this.db.run(
				'INSERT INTO invoicepaymentrecords ( invoiceid, amount, paymentmode, paymentmethod, date, daterecorded, note, transactionid ) VALUES ( ?, ?, ?, ?, ?, ?, ?, ? )',
				[
					input.invoiceid,
					money( input.amount ),
					input.paymentmode,
					input.paymentmethod ?? '',
					input.date ?? ymd( now ),
					datetime( now ),
					input.note ?? '',
					input.transactionid ?? '',
				]
			).lastId;
			const invoice = this.db.get(
				'SELECT status, prefix FROM invoices WHERE id = ?',
				[ input.invoiceid ]
			);
			if ( invoice && Number( invoice.status ) === STATUS.draft ) {
				const next = Number( this.option( 'next_invoice_number' ) );
				this.db.run(
					'UPDATE invoices SET number = ?, formatted_number = ?, status = ? WHERE id = ?',
					[
						next,
						this.formatNumber( next, String( invoice.prefix ) ),
						STATUS.unpaid,
						input.invoiceid,
					]
				);
				this.setOption( 'next_invoice_number', String( next + 1 ) );
				this.updateInvoiceStatus( input.invoiceid, true, false );
			} else {
				this.updateInvoiceStatus( input.invoiceid, false, false );
			}
			return newId;
		} );
		this.flushStatusHooks();
		this.hook( 'after_payment_added', paymentId );
		const status = Number(
			this.db.get( 'SELECT status FROM invoices WHERE id = ?', [
				input.invoiceid,
			] )?.status ?? 0
		);
		return { paymentId, status };
	}

	/**
	 * `POST /api/payments`: validation failures are 404 with `paymentmode:false` (upstream quirk).
	 * @param post
	 */
	createPaymentFromApi( post: PostMap ): ApiResult {
		const invoiceid = str( post.get( 'invoiceid' ) ) ?? '';
		const amount = str( post.get( 'amount' ) ) ?? '';
		const paymentmode = str( post.get( 'paymentmode' ) ) ?? '';
		const missing = [
			[ 'invoiceid', invoiceid ],
			[ 'amount', amount ],
			[ 'paymentmode', paymentmode ],
		]
			.filter( ( [ , value ] ) => value === '' )
			.map( ( [ key ] ) => key );
		if ( missing.length > 0 ) {
			return {
				status: 404,
				body: {
					paymentmode: false,
					message: `The ${ missing.join( ', ' ) } field is required.`,
				},
			};
		}
		if (
			! /^\d+$/.test( invoiceid ) ||
			! this.db.get( 'SELECT id FROM invoices WHERE id = ?', [
				Number( invoiceid ),
			] )
		) {
			return {
				status: 404,
				body: {
					paymentmode: false,
					message: 'Invoice not found (sandbox check)',
				},
			};
		}
		if ( ! Frac.isDecimal( amount ) ) {
			return {
				status: 404,
				body: {
					paymentmode: false,
					message: 'The amount must be a number (sandbox check)',
				},
			};
		}
		const { paymentId } = this.addPayment( {
			invoiceid: Number( invoiceid ),
			amount,
			paymentmode,
			paymentmethod: str( post.get( 'paymentmethod' ) ),
			note: str( post.get( 'note' ) ),
			transactionid: str( post.get( 'transactionid' ) ),
			// The posted date is ignored: the module forces today.
		} );
		return created( 'Payment add successful.', paymentId );
	}

	payments(): Array< Record< string, string | null > > {
		return this.db
			.all(
				`SELECT invoicepaymentrecords.*, payment_modes.id AS id, payment_modes.name AS name, invoicepaymentrecords.id AS paymentid
				FROM invoicepaymentrecords LEFT JOIN payment_modes ON CAST( payment_modes.id AS TEXT ) = invoicepaymentrecords.paymentmode
				ORDER BY invoicepaymentrecords.id`
			)
			.map( stringRow );
	}

	/* --------------------------------------------------------- credit notes */

	createCreditNote( post: PostMap ): ApiResult {
		itemsAsNewitems( post );
		const errors: Record< string, string > = {};
		const clientid = str( post.get( 'clientid' ) ) ?? '';
		const currency = str( post.get( 'currency' ) ) ?? '';
		const date = str( post.get( 'date' ) ) ?? '';
		const numberText = ( str( post.get( 'number' ) ) ?? '' ).trim();
		if ( ! /^\d+$/.test( clientid ) || Number( clientid ) <= 0 ) {
			errors.clientid =
				'The Customer field is required and must be numeric.';
		} else if ( ! this.customerRow( Number( clientid ) ) ) {
			errors.clientid = 'The Customer is not found. (sandbox check)';
		}
		if ( ! /^\d+$/.test( currency ) || Number( currency ) <= 0 ) {
			errors.currency =
				'The Currency field is required and must be numeric.';
		}
		if ( ! isYmd( date ) ) {
			errors.date = 'The Credit Note date field is required.';
		}
		if ( ! /^\d+$/.test( numberText ) ) {
			errors.number =
				'The Credit Note number field is required and must be numeric.';
		} else if (
			isYmd( date ) &&
			this.numberTaken( 'creditnotes', Number( numberText ), date )
		) {
			errors.number = 'The Credit Note number is already in use';
		}
		const items = this.newItemsWithTotals( post, errors );
		if ( Object.keys( errors ).length > 0 || items === null ) {
			return validationFailure( 404, errors );
		}
		const { lines, totals } = items;
		const rejected = this.unknownColumnFailure(
			post,
			'INSERT INTO tblcreditnotes'
		);
		if ( rejected !== null ) {
			return rejected;
		}
		const prefix = this.option( 'credit_note_prefix' );
		const number = Number( numberText );
		const header = this.headerValues( post, false );
		const id = this.db.transaction( () => {
			const columns: Record< string, Param > = {
				...header,
				clientid: Number( clientid ),
				number,
				prefix,
				number_format:
					Number( this.option( 'credit_note_number_format' ) ) || 1,
				formatted_number: this.formatNumber( number, prefix ),
				datecreated: datetime( this.clock.now() ),
				date,
				currency: Number( currency ),
				...totalsColumns( totals ),
				status: 1,
			};
			const newId = this.insertRow( 'creditnotes', columns );
			this.insertItems( newId, 'credit_note', lines );
			this.updateTotalTax( 'creditnotes', newId, 'credit_note' );
			this.setOption(
				'next_credit_note_number',
				String( Number( this.option( 'next_credit_note_number' ) ) + 1 )
			);
			return newId;
		} );
		this.hook( 'after_create_credit_note', id );
		return created( 'Credit Note Added Successfully', id );
	}

	creditNoteRow( id: number ): Record< string, unknown > | null {
		const row = this.db.get( 'SELECT * FROM creditnotes WHERE id = ?', [
			id,
		] );
		if ( ! row ) {
			return null;
		}
		return {
			...stringRow( row ),
			items: this.itemsOut( id, 'credit_note' ),
			client: this.customerRow( Number( row.clientid ) ),
		};
	}

	creditNotes(): Array< Record< string, string | null > > {
		return this.db
			.all( 'SELECT * FROM creditnotes ORDER BY id' )
			.map( stringRow );
	}

	searchCreditNotes( q: string ): Array< Record< string, string | null > > {
		const like = `%${ q }%`;
		return this.db
			.all(
				`SELECT clients.*, creditnotes.* FROM creditnotes LEFT JOIN clients ON clients.userid = creditnotes.clientid
				WHERE CAST( creditnotes.number AS TEXT ) = ? OR creditnotes.adminnote LIKE ? OR creditnotes.clientnote LIKE ?
				OR creditnotes.reference_no LIKE ? OR clients.company LIKE ? ORDER BY creditnotes.id`,
				[ q.replace( /^0+(?=\d)/, '' ), like, like, like, like ]
			)
			.map( stringRow );
	}

	/* ------------------------------------------------------------- expenses */

	createExpense( post: PostMap ): ApiResult {
		const errors: Record< string, string > = {};
		const category = str( post.get( 'category' ) ) ?? '';
		const amount = str( post.get( 'amount' ) ) ?? '';
		const date = str( post.get( 'date' ) ) ?? '';
		const currency = str( post.get( 'currency' ) ) ?? '';
		if ( category === '' ) {
			errors.category = 'The Expense Category field is required.';
		} else if (
			! /^\d+$/.test( category ) ||
			! this.db.get( 'SELECT id FROM expenses_categories WHERE id = ?', [
				Number( category ),
			] )
		) {
			errors.category = 'The Expense Category is not found.';
		}
		if ( ! isYmd( date ) ) {
			errors.date = 'The Expense Date field is required.';
		}
		if ( currency === '' ) {
			errors.currency = 'The Currency field is required.';
		}
		if ( ! isPositiveDecimal( amount ) ) {
			errors.amount =
				'The Amount field must contain a decimal number greater than 0.';
		}
		if ( Object.keys( errors ).length > 0 ) {
			return validationFailure( 409, errors );
		}
		const text = ( key: string ) => str( post.get( key ) ) ?? null;
		const id = this.db.transaction(
			() =>
				this.db.run(
					`INSERT INTO expenses ( category, currency, amount, tax, tax2, reference_no, note, expense_name, clientid, paymentmode, date, dateadded )
					VALUES ( ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? )`,
					[
						Number( category ),
						Number( currency ),
						money( amount ),
						Number( text( 'tax' ) || 0 ) || 0,
						Number( text( 'tax2' ) || 0 ) || 0,
						text( 'reference_no' ),
						text( 'note' ),
						text( 'expense_name' ),
						Number( text( 'clientid' ) || 0 ) || 0,
						text( 'paymentmode' ),
						date,
						datetime( this.clock.now() ),
					]
				).lastId
		);
		this.hook( 'after_expense_added', id );
		return created( 'Expense added successfully.', id );
	}

	expenseRow( id: number ): Record< string, string | null > | null {
		const row = this.db.get( 'SELECT * FROM expenses WHERE id = ?', [
			id,
		] );
		return row ? stringRow( row ) : null;
	}

	expenses(): Array< Record< string, string | null > > {
		return this.db
			.all( 'SELECT * FROM expenses ORDER BY id' )
			.map( stringRow );
	}

	searchExpenses( q: string ): Array< Record< string, string | null > > {
		const like = `%${ q }%`;
		return this.db
			.all(
				'SELECT * FROM expenses WHERE expense_name LIKE ? OR note LIKE ? OR reference_no LIKE ? OR amount LIKE ? ORDER BY id',
				[ like, like, like, like ]
			)
			.map( stringRow );
	}

	/* --------------------------------------------------------------- common */

	common( type: string ): ApiResult {
		if ( type === 'expense_category' ) {
			return ok(
				this.db
					.all( 'SELECT * FROM expenses_categories ORDER BY id' )
					.map( stringRow )
			);
		}
		if ( type === 'tax_data' ) {
			return ok(
				this.db
					.all(
						'SELECT * FROM taxes ORDER BY CAST( taxrate AS REAL ), id'
					)
					.map( stringRow )
			);
		}
		if ( type === 'payment_mode' ) {
			const offline = this.db
				.all(
					'SELECT * FROM payment_modes WHERE active = 1 AND invoices_only != 1 ORDER BY id'
				)
				.map( stringRow );
			const gateways = [
				{
					id: 'stripe',
					name: 'Stripe Checkout',
					description: '',
					active: '1',
				},
				{ id: 'paypal', name: 'Paypal', description: '', active: '1' },
			];
			return ok( [ ...offline, ...gateways ] );
		}
		return fail( 404, 'Not valid data' );
	}

	/** Counts for tests and the page. */
	counts(): Record< string, number > {
		const out: Record< string, number > = {};
		for ( const table of [
			'clients',
			'contacts',
			'invoices',
			'itemable',
			'invoicepaymentrecords',
			'creditnotes',
			'expenses',
			'webhooks',
		] ) {
			out[ table ] = Number(
				this.db.get( `SELECT COUNT(*) AS n FROM ${ table }` )?.n ?? 0
			);
		}
		return out;
	}
}

export { toPlain };
