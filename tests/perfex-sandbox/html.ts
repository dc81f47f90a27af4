/**
 * The read-only page: what WooSync created in the sandbox, and the helpers the admin pages
 * (admin-pages.ts) share with it. Every value is escaped; customer names and notes come from
 * shop orders and may contain HTML.
 */
import { STATUS_LABEL } from './model';

export function escapeHtml( value: unknown ): string {
	return String( value ?? '' )
		.replace( /&/g, '&amp;' )
		.replace( /</g, '&lt;' )
		.replace( />/g, '&gt;' )
		.replace( /"/g, '&quot;' )
		.replace( /'/g, '&#39;' );
}

/** Headers of every HTML page: no script, no image, nothing but inline style. */
export const PAGE_HEADERS = {
	'content-type': 'text/html; charset=utf-8',
	'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
	'cache-control': 'no-store',
};

export type Row = Record< string, unknown >;

/** A column: its label, its value, and optionally the (local) address its value links to. */
export type Column = [
	string,
	( row: Row ) => unknown,
	( ( row: Row ) => string )?,
];

function cell( value: unknown, href?: string ): string {
	return href === undefined
		? escapeHtml( value )
		: `<a href="${ escapeHtml( href ) }">${ escapeHtml( value ) }</a>`;
}

export function table( title: string, columns: Column[], rows: Row[] ): string {
	const head = columns
		.map( ( [ label ] ) => `<th>${ escapeHtml( label ) }</th>` )
		.join( '' );
	const body =
		rows.length === 0
			? `<tr><td colspan="${ columns.length }">None yet.</td></tr>`
			: rows
					.map(
						( row ) =>
							`<tr>${ columns.map( ( [ , get, href ] ) => `<td>${ cell( get( row ), href?.( row ) ) }</td>` ).join( '' ) }</tr>`
					)
					.join( '\n' );
	return `<h2>${ escapeHtml( title ) } (${ rows.length })</h2>\n<table><thead><tr>${ head }</tr></thead><tbody>${ body }</tbody></table>`;
}

/**
 * One record as label/value rows.
 * @param pairs
 */
export function fields( pairs: Array< [ string, unknown ] > ): string {
	return `<table>${ pairs
		.map(
			( [ label, value ] ) =>
				`<tr><th>${ escapeHtml( label ) }</th><td>${ escapeHtml( value ) }</td></tr>`
		)
		.join( '' ) }</table>`;
}

/**
 * Perfex stores notes with `<br />` for line breaks; show them as text.
 * @param value
 */
export const plainNote = ( value: unknown ): string =>
	String( value ?? '' ).replace( /<br \/>/g, '' );

/**
 * A whole page; `body` must already be escaped.
 * @param title
 * @param body
 */
export function layout( title: string, body: string ): string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${ escapeHtml( title ) }</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}</style>
</head><body>
${ body }
</body></html>
`;
}

export const INVOICE_PAGE = '/admin/invoices/list_invoices/';
export const CREDIT_NOTE_PAGE = '/admin/credit_notes/list_credit_notes/';
export const EXPENSE_PAGE = '/admin/expenses/list_expenses/';

export function renderPage( data: {
	invoices: Row[];
	creditNotes: Row[];
	customers: Row[];
	currencies: Map< string, string >;
	today: string;
} ): string {
	const company = new Map(
		data.customers.map( ( row ) => [
			String( row.userid ),
			String( row.company ?? '' ),
		] )
	);
	const customer = ( row: Row ) =>
		company.get( String( row.clientid ) ) ?? row.clientid;
	const currency = ( row: Row ) =>
		data.currencies.get( String( row.currency ) ) ?? String( row.currency );
	return layout(
		'Perfex sandbox',
		`<h1>Perfex sandbox</h1>
<p>Read-only view of what was created through the REST API. Sandbox date: ${ escapeHtml( data.today ) }. Numbers link to the documents' admin pages (staff login: <a href="/admin/authentication">/admin/authentication</a>).</p>
${ table(
	'Invoices',
	[
		[ 'id', ( row ) => row.id ],
		[
			'number',
			( row ) => row.formatted_number,
			( row ) => `${ INVOICE_PAGE }${ String( row.id ) }`,
		],
		[ 'customer', customer ],
		[ 'date', ( row ) => row.date ],
		[ 'due', ( row ) => row.duedate ],
		[ 'currency', currency ],
		[ 'subtotal', ( row ) => row.subtotal ],
		[ 'tax', ( row ) => row.total_tax ],
		[ 'total', ( row ) => row.total ],
		[
			'status',
			( row ) => STATUS_LABEL[ Number( row.status ) ] ?? row.status,
		],
		[ 'admin note', ( row ) => plainNote( row.adminnote ) ],
	],
	data.invoices
) }
${ table(
	'Credit notes',
	[
		[ 'id', ( row ) => row.id ],
		[
			'number',
			( row ) => row.formatted_number,
			( row ) => `${ CREDIT_NOTE_PAGE }${ String( row.id ) }`,
		],
		[ 'customer', customer ],
		[ 'date', ( row ) => row.date ],
		[ 'currency', currency ],
		[ 'total', ( row ) => row.total ],
		[ 'reference', ( row ) => row.reference_no ],
		[ 'admin note', ( row ) => plainNote( row.adminnote ) ],
	],
	data.creditNotes
) }
${ table(
	'Customers',
	[
		[ 'id', ( row ) => row.userid ],
		[ 'company', ( row ) => row.company ],
		[ 'city', ( row ) => row.billing_city ],
		[ 'country id', ( row ) => row.billing_country ],
		[ 'created', ( row ) => row.datecreated ],
	],
	data.customers
) }`
	);
}
