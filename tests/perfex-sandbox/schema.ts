/**
 * Tables (a subset of Perfex's, same column names) and the seed of a fresh Perfex install.
 * Money columns are TEXT holding DECIMAL(15,2) values, so nothing goes through binary floats.
 */
import { COUNTRY_ROWS } from './countries-data';
import type { SandboxDb } from './db';

const ADDRESS = ( prefix: string ) =>
	[ 'street', 'city', 'state', 'zip' ]
		.map( ( part ) => `${ prefix }_${ part } TEXT` )
		.concat( `${ prefix }_country INTEGER DEFAULT 0` )
		.join( ', ' );

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS options ( name TEXT PRIMARY KEY, value TEXT );
CREATE TABLE IF NOT EXISTS api_tokens ( token TEXT PRIMARY KEY, name TEXT, permissions TEXT NOT NULL, admin INTEGER DEFAULT 0 );
CREATE TABLE IF NOT EXISTS currencies ( id INTEGER PRIMARY KEY, symbol TEXT, name TEXT, decimal_separator TEXT, thousand_separator TEXT, placement TEXT, isdefault INTEGER );
CREATE TABLE IF NOT EXISTS countries ( country_id INTEGER PRIMARY KEY, iso2 TEXT, short_name TEXT, long_name TEXT, iso3 TEXT, numcode TEXT, un_member TEXT, calling_code TEXT, cctld TEXT );
CREATE TABLE IF NOT EXISTS taxes ( id INTEGER PRIMARY KEY, name TEXT, taxrate TEXT );
CREATE TABLE IF NOT EXISTS payment_modes ( id INTEGER PRIMARY KEY, name TEXT, description TEXT, show_on_pdf INTEGER DEFAULT 0, invoices_only INTEGER DEFAULT 0, expenses_only INTEGER DEFAULT 0, selected_by_default INTEGER DEFAULT 1, active INTEGER DEFAULT 1 );
CREATE TABLE IF NOT EXISTS expenses_categories ( id INTEGER PRIMARY KEY, name TEXT, description TEXT );
CREATE TABLE IF NOT EXISTS clients ( userid INTEGER PRIMARY KEY, company TEXT, vat TEXT, phonenumber TEXT, country INTEGER DEFAULT 0, city TEXT, zip TEXT, state TEXT, address TEXT, website TEXT, datecreated TEXT, active INTEGER DEFAULT 1, ${ ADDRESS( 'billing' ) }, ${ ADDRESS( 'shipping' ) }, default_currency INTEGER DEFAULT 0, default_language TEXT, addedfrom INTEGER DEFAULT 0 );
CREATE TABLE IF NOT EXISTS contacts ( id INTEGER PRIMARY KEY, userid INTEGER NOT NULL, is_primary INTEGER DEFAULT 1, firstname TEXT, lastname TEXT, email TEXT, phonenumber TEXT, title TEXT, datecreated TEXT, active INTEGER DEFAULT 1, invoice_emails INTEGER DEFAULT 1, credit_note_emails INTEGER DEFAULT 1 );
CREATE TABLE IF NOT EXISTS invoices ( id INTEGER PRIMARY KEY, sent INTEGER DEFAULT 0, datesend TEXT, clientid INTEGER NOT NULL, number INTEGER NOT NULL, prefix TEXT, number_format INTEGER DEFAULT 0, formatted_number TEXT, datecreated TEXT, date TEXT NOT NULL, duedate TEXT, currency INTEGER NOT NULL, subtotal TEXT, total_tax TEXT DEFAULT '0.00', total TEXT, adjustment TEXT, addedfrom INTEGER DEFAULT 0, hash TEXT, status INTEGER DEFAULT 1, clientnote TEXT, adminnote TEXT, terms TEXT, discount_percent TEXT DEFAULT '0.00', discount_total TEXT DEFAULT '0.00', discount_type TEXT DEFAULT '', allowed_payment_modes TEXT, ${ ADDRESS( 'billing' ) }, ${ ADDRESS( 'shipping' ) }, include_shipping INTEGER DEFAULT 0, show_shipping_on_invoice INTEGER DEFAULT 1, cancel_overdue_reminders INTEGER DEFAULT 0, sale_agent INTEGER DEFAULT 0, project_id INTEGER DEFAULT 0, show_quantity_as INTEGER DEFAULT 1 );
CREATE TABLE IF NOT EXISTS itemable ( id INTEGER PRIMARY KEY, rel_id INTEGER, rel_type TEXT, description TEXT, long_description TEXT, qty TEXT, rate TEXT, unit TEXT, item_order INTEGER );
CREATE TABLE IF NOT EXISTS item_tax ( id INTEGER PRIMARY KEY, itemid INTEGER, rel_id INTEGER, rel_type TEXT, taxrate TEXT, taxname TEXT );
CREATE TABLE IF NOT EXISTS invoicepaymentrecords ( id INTEGER PRIMARY KEY, invoiceid INTEGER, amount TEXT, paymentmode TEXT, paymentmethod TEXT, date TEXT, daterecorded TEXT, note TEXT, transactionid TEXT );
CREATE TABLE IF NOT EXISTS creditnotes ( id INTEGER PRIMARY KEY, clientid INTEGER, number INTEGER, prefix TEXT, number_format INTEGER DEFAULT 1, formatted_number TEXT, datecreated TEXT, date TEXT, adminnote TEXT, terms TEXT, clientnote TEXT, currency INTEGER, subtotal TEXT, total_tax TEXT DEFAULT '0.00', total TEXT, adjustment TEXT, addedfrom INTEGER DEFAULT 0, status INTEGER DEFAULT 1, discount_percent TEXT DEFAULT '0.00', discount_total TEXT DEFAULT '0.00', discount_type TEXT DEFAULT '', ${ ADDRESS( 'billing' ) }, ${ ADDRESS( 'shipping' ) }, include_shipping INTEGER DEFAULT 0, show_shipping_on_credit_note INTEGER DEFAULT 1, reference_no TEXT, project_id INTEGER DEFAULT 0 );
CREATE TABLE IF NOT EXISTS expenses ( id INTEGER PRIMARY KEY, category INTEGER NOT NULL, currency INTEGER NOT NULL, amount TEXT, tax INTEGER DEFAULT 0, tax2 INTEGER DEFAULT 0, reference_no TEXT, note TEXT, expense_name TEXT, clientid INTEGER DEFAULT 0, project_id INTEGER DEFAULT 0, billable INTEGER DEFAULT 0, invoiceid INTEGER, paymentmode TEXT, date TEXT, dateadded TEXT, addedfrom INTEGER DEFAULT 0 );
CREATE TABLE IF NOT EXISTS webhooks ( id INTEGER PRIMARY KEY, name TEXT, url TEXT, events TEXT, secret TEXT, active INTEGER DEFAULT 1, timeout INTEGER DEFAULT 10, retry_count INTEGER DEFAULT 5, created_at TEXT );
CREATE TABLE IF NOT EXISTS webhook_logs ( id INTEGER PRIMARY KEY, webhook_id INTEGER, event TEXT, attempt INTEGER, status_code INTEGER, error TEXT, payload TEXT, created_at TEXT );
`;

export const DEFAULT_OPTIONS: Record< string, string > = {
	invoice_prefix: 'INV-',
	invoice_number_format: '1',
	next_invoice_number: '1',
	number_padding_prefixes: '6',
	credit_note_prefix: 'CN-',
	credit_note_number_format: '1',
	next_credit_note_number: '1',
	invoice_due_after: '30',
	dateformat: 'Y-m-d|%Y-%m-%d',
	decimal_places: '2',
};

/**
 * Creates the tables and, on an empty database, the seed of a fresh install.
 * @param db
 */
export function migrate( db: SandboxDb ): void {
	db.exec( SCHEMA_SQL );
	if ( db.get( 'SELECT name FROM options LIMIT 1' ) !== undefined ) {
		return;
	}
	db.transaction( () => {
		for ( const [ name, value ] of Object.entries( DEFAULT_OPTIONS ) ) {
			db.run( 'INSERT INTO options ( name, value ) VALUES ( ?, ? )', [
				name,
				value,
			] );
		}
		db.run(
			"INSERT INTO currencies VALUES ( 1, '$', 'USD', '.', ',', 'before', 1 ), ( 2, '€', 'EUR', ',', '.', 'before', 0 )"
		);
		for ( const row of COUNTRY_ROWS ) {
			db.run(
				'INSERT INTO countries VALUES ( ?, ?, ?, ?, ?, ?, ?, ?, ? )',
				[ ...row ]
			);
		}
		// Perfex ships no taxes and no expense categories; a store owner creates a few first.
		db.run(
			"INSERT INTO taxes ( id, name, taxrate ) VALUES ( 1, 'VAT', '20.00' ), ( 2, 'Reduced VAT', '5.00' ), ( 3, 'Sales Tax', '8.25' )"
		);
		db.run(
			"INSERT INTO payment_modes ( id, name, description ) VALUES ( 1, 'Bank', '' ), ( 2, 'WooCommerce', 'Paid in the online store' )"
		);
		db.run(
			"INSERT INTO expenses_categories ( id, name, description ) VALUES ( 1, 'Refunds', '' ), ( 2, 'Shipping', '' ), ( 3, 'Payment fees', '' )"
		);
	} );
}
