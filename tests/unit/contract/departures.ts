/**
 * Where WooSync's requests knowingly depart from the vendor's OpenAPI spec
 * (../shared/reference/perfex-rest-api/openapi.json, API v3.1.0), because the module's CODE
 * behaves differently (research/perfex-facts.md §5). The one place these are listed.
 *
 * kind:
 * - path: the path/method is not in the spec at all
 * - field: a body field the spec does not list
 * - type: a field sent with another type than the spec says
 * - required: a field the spec requires that the code does not, and that WooSync may omit
 */
export interface Departure {
	operation: string;
	field?: string;
	kind: 'path' | 'field' | 'type' | 'required';
	reason: string;
}

const OMITTED_SALES_FIELDS =
	'§5.9: the spec omits fields Invoices_model / Credit_notes_model accept (discount_percent, discount_total, adjustment); WooSync needs them for coupons and rounding adjustments';
const PAYMENT_MODES =
	'§4.1/§5.9: allowed_payment_modes is an array of payment-mode id strings ("1", "stripe"), not "array of objects"';
const ZIP =
	'postal codes are text ("SW1A 1AA"); the column is varchar, the spec says integer';

export const DEPARTURES: Departure[] = [
	{
		operation: 'GET /common/{type}',
		kind: 'path',
		reason: '§5.6: module code serves /api/common/{expense_category|payment_mode|tax_data}; the spec has no /common path, yet it is the only API for taxes, payment modes and expense categories',
	},
	...[ 'POST /invoices', 'PUT /invoices/{id}', 'POST /credit_notes' ].flatMap(
		( operation ) =>
			[ 'discount_percent', 'discount_total', 'adjustment' ].map(
				( field ): Departure => ( {
					operation,
					field,
					kind: 'field',
					reason: OMITTED_SALES_FIELDS,
				} )
			)
	),
	{
		operation: 'POST /invoices',
		field: 'allowed_payment_modes',
		kind: 'type',
		reason: PAYMENT_MODES,
	},
	{
		operation: 'PUT /invoices/{id}',
		field: 'allowed_payment_modes',
		kind: 'type',
		reason: PAYMENT_MODES,
	},
	{
		operation: 'POST /invoices',
		field: 'billing_zip',
		kind: 'type',
		reason: ZIP,
	},
	{
		operation: 'POST /invoices',
		field: 'shipping_zip',
		kind: 'type',
		reason: ZIP,
	},
	{
		operation: 'PUT /invoices/{id}',
		field: 'billing_zip',
		kind: 'type',
		reason: ZIP,
	},
	{
		operation: 'PUT /invoices/{id}',
		field: 'removed_items',
		kind: 'type',
		reason: '§2.2: removed_items[] holds tblitemable ids (integers), not objects',
	},
	{
		operation: 'POST /customers',
		field: 'billing_state',
		kind: 'type',
		reason: 'state is text ("VA"); tblclients.billing_state is varchar, the spec says integer',
	},
	{
		operation: 'POST /credit_notes',
		field: 'adminnote',
		kind: 'field',
		reason: '§5.6: the spec has a mangled field "Admin" ("Note] Optional. Admin Note"); the real column is adminnote, where WooSync writes its signature',
	},
	{
		operation: 'POST /credit_notes',
		field: 'reference_no',
		kind: 'field',
		reason: '§4.3: tblcreditnotes.reference_no exists and Credit_notes_model stores it; the spec does not list it',
	},
	{
		operation: 'POST /credit_notes',
		field: 'billing_street',
		kind: 'required',
		reason: '§5.6: API300 Credit_notes controller does not require billing_street (the spec’s own description says "Optional")',
	},
	...[ 'clientid', 'tax', 'tax2', 'paymentmode' ].map(
		( field ): Departure => ( {
			operation: 'POST /expenses',
			field,
			kind: 'required',
			reason: '§4.4: the Expenses controller requires only category, date, currency and amount (the spec’s descriptions say "Optional")',
		} )
	),
];
