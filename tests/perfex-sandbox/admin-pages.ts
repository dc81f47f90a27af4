/**
 * The Perfex admin pages WooSync links to (one invoice, credit note or expense) behind Perfex's
 * staff login at `/admin/authentication`. The sandbox has no staff: a sandbox API token logs in.
 * The session cookie holds a random id kept in memory, never the token.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Frac } from './arithmetic';
import type { SandboxDb } from './db';
import {
	CREDIT_NOTE_PAGE,
	EXPENSE_PAGE,
	INVOICE_PAGE,
	escapeHtml,
	fields,
	layout,
	plainNote,
	table,
	type Row,
} from './html';
import {
	CREDIT_NOTE_STATUS_LABEL,
	STATUS_LABEL,
	type PerfexModel,
} from './model';

export const SESSION_COOKIE = 'sandbox_session';
export const LOGIN_PATH = '/admin/authentication';

export interface PageResult {
	status: number;
	headers?: Record< string, string >;
	/** A whole HTML page; none for a redirect. */
	html?: string;
}

const redirect = (
	location: string,
	headers: Record< string, string > = {}
): PageResult => ( { status: 302, headers: { location, ...headers } } );

const cookie = ( value: string, extra = '' ) =>
	`${ SESSION_COOKIE }=${ value }; Path=/; HttpOnly; SameSite=Lax${ extra }`;

function cookieValue( header: string | undefined, name: string ): string {
	for ( const part of ( header ?? '' ).split( ';' ) ) {
		const [ key, ...value ] = part.trim().split( '=' );
		if ( key === name ) {
			return value.join( '=' );
		}
	}
	return '';
}

/**
 * Where to go after logging in: a local `/admin/…` path, anything else is the dashboard.
 * @param r
 */
function afterLogin( r: string | null ): string {
	if ( r === null || ! r.startsWith( '/admin/' ) ) {
		return '/admin/';
	}
	const target = new URL( r, 'http://sandbox.invalid' );
	return target.host === 'sandbox.invalid' &&
		target.pathname.startsWith( '/admin/' )
		? target.pathname + target.search
		: '/admin/';
}

function page( status: number, heading: string, body: string ): PageResult {
	return {
		status,
		html: layout(
			`${ heading } — Perfex sandbox`,
			`<p><a href="/">Sandbox overview</a> · <a href="${ LOGIN_PATH }/logout">Log out</a></p>\n<h1>${ escapeHtml( heading ) }</h1>\n${ body }`
		),
	};
}

function loginForm( r: string, error: string ): PageResult {
	return {
		status: error === '' ? 200 : 401,
		html: layout(
			'Log in — Perfex sandbox',
			`<h1>Log in</h1>
<p>In real Perfex this is the staff login (e-mail and password). The sandbox has no staff: log in with a sandbox API token.</p>
${ error === '' ? '' : `<p role="alert"><strong>${ escapeHtml( error ) }</strong></p>` }
<form method="post" action="${ LOGIN_PATH }">
<input type="hidden" name="r" value="${ escapeHtml( r ) }">
<label>API token <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Log in</button>
</form>`
		),
	};
}

function money( row: Row, key: string ): string {
	return String( row[ key ] ?? '0.00' );
}

/**
 * @param db
 * @param model
 * @param validToken Whether a token is (still) a sandbox API token.
 */
export function adminPages(
	db: SandboxDb,
	model: PerfexModel,
	validToken: ( token: string ) => boolean
) {
	const sessions = new Map< string, string >();
	const loggedIn = ( cookieHeader: string | undefined ): boolean => {
		const token = sessions.get(
			cookieValue( cookieHeader, SESSION_COOKIE )
		);
		return token !== undefined && validToken( token );
	};
	const name = ( sql: string, id: unknown ): string =>
		String( db.get( sql, [ Number( id ) ] )?.name ?? '' );
	const currency = ( id: unknown ) =>
		name( 'SELECT name FROM currencies WHERE id = ?', id );
	const company = ( id: unknown ) =>
		Number( id ) > 0
			? String( model.customerRow( Number( id ) )?.company ?? id )
			: '';
	const tax = ( id: unknown ): string => {
		const row = db.get( 'SELECT name, taxrate FROM taxes WHERE id = ?', [
			Number( id ),
		] );
		return row ? `${ String( row.name ) } ${ String( row.taxrate ) }%` : '';
	};

	/**
	 * Lines and totals, alike on invoices and credit notes.
	 * @param doc
	 * @param head The fields shown above the customer.
	 */
	const salesDocument = ( doc: Row, head: Array< [ string, unknown ] > ) => {
		const percent = money( doc, 'discount_percent' );
		const items = Array.isArray( doc.items ) ? ( doc.items as Row[] ) : [];
		return `${ fields( [
			...head,
			[ 'Customer', company( doc.clientid ) ],
			[ 'Currency', currency( doc.currency ) ],
		] ) }
${ table(
	'Items',
	[
		[ 'Description', ( item ) => item.description ],
		[ 'Long description', ( item ) => item.long_description ],
		[ 'Qty', ( item ) => item.qty ],
		[ 'Rate', ( item ) => item.rate ],
		[
			'Taxes',
			( item ) =>
				( item.taxname as string[] )
					.map(
						( taxName, i ) =>
							`${ taxName } ${ String( ( item.taxrate as string[] )[ i ] ) }%`
					)
					.join( ', ' ),
		],
		[
			'Amount',
			( item ) =>
				[ item.qty, item.rate ].every( ( v ) =>
					Frac.isDecimal( String( v ) )
				)
					? Frac.parse( String( item.qty ) )
							.mul( Frac.parse( String( item.rate ) ) )
							.toFixed2()
					: '',
		],
	],
	items
) }
${ fields( [
	[ 'Subtotal', money( doc, 'subtotal' ) ],
	[
		'Discount',
		Number( percent ) === 0
			? money( doc, 'discount_total' )
			: `${ money( doc, 'discount_total' ) } (${ percent }%)`,
	],
	[ 'Tax', money( doc, 'total_tax' ) ],
	[ 'Adjustment', money( doc, 'adjustment' ) ],
	[ 'Total', money( doc, 'total' ) ],
	[ 'Admin note', plainNote( doc.adminnote ) ],
] ) }`;
	};

	const documents: Array< {
		path: string;
		label: string;
		render: ( id: number ) => PageResult | null;
	} > = [
		{
			path: INVOICE_PAGE,
			label: 'Invoice',
			render: ( id ) => {
				const invoice = model.invoiceRow( id );
				return invoice
					? page(
							200,
							`Invoice ${ String( invoice.formatted_number ) }`,
							salesDocument( invoice, [
								[
									'Status',
									STATUS_LABEL[ Number( invoice.status ) ] ??
										invoice.status,
								],
								[ 'Date', invoice.date ],
								[ 'Due date', invoice.duedate ],
								[ 'Amount due', invoice.total_left_to_pay ],
							] )
						)
					: null;
			},
		},
		{
			path: CREDIT_NOTE_PAGE,
			label: 'Credit note',
			render: ( id ) => {
				const note = model.creditNoteRow( id );
				return note
					? page(
							200,
							`Credit note ${ String( note.formatted_number ) }`,
							salesDocument( note, [
								[
									'Status',
									CREDIT_NOTE_STATUS_LABEL[
										Number( note.status )
									] ?? note.status,
								],
								[ 'Date', note.date ],
								[ 'Reference', note.reference_no ],
							] )
						)
					: null;
			},
		},
		{
			path: EXPENSE_PAGE,
			label: 'Expense',
			render: ( id ) => {
				const expense = model.expenseRow( id );
				return expense
					? page(
							200,
							`Expense #${ id }`,
							fields( [
								[ 'Name', expense.expense_name ],
								[
									'Category',
									name(
										'SELECT name FROM expenses_categories WHERE id = ?',
										expense.category
									),
								],
								[ 'Amount', expense.amount ],
								[ 'Currency', currency( expense.currency ) ],
								[ 'Tax', tax( expense.tax ) ],
								[ 'Second tax', tax( expense.tax2 ) ],
								[ 'Date', expense.date ],
								[ 'Customer', company( expense.clientid ) ],
								[
									'Payment mode',
									name(
										'SELECT name FROM payment_modes WHERE id = ?',
										expense.paymentmode
									),
								],
								[ 'Reference', expense.reference_no ],
								[ 'Note', plainNote( expense.note ) ],
							] )
						)
					: null;
			},
		},
	];

	/**
	 * Answers everything under `/admin`; null for any other path.
	 * @param method
	 * @param url
	 * @param headers
	 * @param raw     The request body.
	 */
	function handle(
		method: string,
		url: URL,
		headers: IncomingHttpHeaders,
		raw: Buffer
	): PageResult | null {
		const path = url.pathname;
		const cookieHeader = headers.cookie;
		if ( path !== '/admin' && ! path.startsWith( '/admin/' ) ) {
			return null;
		}
		if ( path === `${ LOGIN_PATH }/logout` ) {
			sessions.delete( cookieValue( cookieHeader, SESSION_COOKIE ) );
			return redirect( LOGIN_PATH, {
				'set-cookie': cookie( '', '; Max-Age=0' ),
			} );
		}
		if ( path === LOGIN_PATH && method === 'POST' ) {
			const form = new URLSearchParams(
				String( headers[ 'content-type' ] ?? '' )
					.toLowerCase()
					.startsWith( 'application/x-www-form-urlencoded' )
					? raw.toString( 'utf8' )
					: ''
			);
			const token = form.get( 'token' ) ?? '';
			if ( token === '' || ! validToken( token ) ) {
				return loginForm( form.get( 'r' ) ?? '', 'Invalid token.' );
			}
			const id = randomBytes( 24 ).toString( 'hex' );
			sessions.set( id, token );
			return redirect( afterLogin( form.get( 'r' ) ), {
				'set-cookie': cookie( id ),
			} );
		}
		if ( path === LOGIN_PATH ) {
			return loginForm( url.searchParams.get( 'r' ) ?? '', '' );
		}
		if ( ! loggedIn( cookieHeader ) ) {
			return redirect(
				`${ LOGIN_PATH }?r=${ encodeURIComponent( path + url.search ) }`
			);
		}
		if ( path === '/admin' || path === '/admin/' ) {
			return redirect( '/' );
		}
		for ( const doc of documents ) {
			const id = path.startsWith( doc.path )
				? path.slice( doc.path.length )
				: '';
			if ( /^\d+$/.test( id ) ) {
				return (
					doc.render( Number( id ) ) ??
					page(
						404,
						`${ doc.label } not found`,
						`<p>${ escapeHtml( doc.label ) } #${ escapeHtml(
							id
						) } does not exist.</p>`
					)
				);
			}
		}
		return page( 404, 'Page not found', '<p>No such admin page.</p>' );
	}

	return { handle, loggedIn };
}
