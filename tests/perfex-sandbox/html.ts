/**
 * The read-only page: what WooSync created in the sandbox. Every value is escaped; customer
 * names and notes come from shop orders and may contain HTML.
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

type Row = Record< string, unknown >;

function table(
	title: string,
	columns: Array< [ string, ( row: Row ) => unknown ] >,
	rows: Row[]
): string {
	const head = columns
		.map( ( [ label ] ) => `<th>${ escapeHtml( label ) }</th>` )
		.join( '' );
	const body =
		rows.length === 0
			? `<tr><td colspan="${ columns.length }">None yet.</td></tr>`
			: rows
					.map(
						( row ) =>
							`<tr>${ columns.map( ( [ , get ] ) => `<td>${ escapeHtml( get( row ) ) }</td>` ).join( '' ) }</tr>`
					)
					.join( '\n' );
	return `<h2>${ escapeHtml( title ) } (${ rows.length })</h2>\n<table><thead><tr>${ head }</tr></thead><tbody>${ body }</tbody></table>`;
}

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
	const note = ( value: unknown ) =>
		String( value ?? '' ).replace( /<br \/>/g, '' );
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Perfex sandbox</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}</style>
</head><body>
<h1>Perfex sandbox</h1>
<p>Read-only view of what was created through the REST API. Sandbox date: ${ escapeHtml( data.today ) }.</p>
${ table(
	'Invoices',
	[
		[ 'id', ( row ) => row.id ],
		[ 'number', ( row ) => row.formatted_number ],
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
		[ 'admin note', ( row ) => note( row.adminnote ) ],
	],
	data.invoices
) }
${ table(
	'Credit notes',
	[
		[ 'id', ( row ) => row.id ],
		[ 'number', ( row ) => row.formatted_number ],
		[ 'customer', customer ],
		[ 'date', ( row ) => row.date ],
		[ 'currency', currency ],
		[ 'total', ( row ) => row.total ],
		[ 'reference', ( row ) => row.reference_no ],
		[ 'admin note', ( row ) => note( row.adminnote ) ],
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
) }
</body></html>
`;
}
