import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOICE_STATUS, type PerfexClient } from '../../../sidecar/perfex';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import {
	admin,
	client,
	customerAndInvoice,
	sandbox,
	uniqueSignature,
} from './harness';

let box: RunningSandbox;
let perfex: PerfexClient;

beforeAll( async () => {
	box = await sandbox();
	perfex = client( box );
} );
afterAll( async () => box.close() );

describe( 'customers', () => {
	it( 'creates a customer with its primary contact, with the Perfex country id of the ISO code', async () => {
		const created = await perfex.createCustomerWithContact( {
			company: 'Grace Hopper',
			firstname: 'Grace',
			lastname: 'Hopper',
			email: 'Grace@Example.com',
			billing: {
				street: '2 Cobol St',
				city: 'Arlington',
				state: 'VA',
				zip: '22201',
				countryIso2: 'us',
			},
		} );
		expect( created.created ).toBe( true );
		const customer = await perfex.getCustomer( created.customerId );
		expect( customer.company ).toBe( 'Grace Hopper' );
		expect( customer.billing_country ).toBe( 236 );
		expect( created.contact.email ).toBe( 'Grace@Example.com' );
		expect( String( created.contact.is_primary ) ).toBe( '1' );
	} );

	it( 'finds the customer by e-mail, exactly and case-insensitively, and reuses it', async () => {
		const found = await perfex.findCustomerByEmail( 'grace@example.COM' );
		expect( found ).not.toBeNull();
		expect(
			await perfex.findCustomerByEmail( 'race@example.com' )
		).toBeNull();
		expect(
			await perfex.findCustomerByEmail( 'nobody@example.com' )
		).toBeNull();
		const again = await perfex.createCustomerWithContact( {
			company: 'Other name',
			firstname: 'G',
			lastname: 'H',
			email: 'grace@example.com',
			billing: { street: 'x' },
		} );
		expect( again.created ).toBe( false );
		expect( again.customerId ).toBe( found?.customerId );
		const counts = ( await admin( box, 'GET', 'counts' ) ) as Record<
			string,
			number
		>;
		expect( counts.contacts ).toBe( 1 );
	} );
} );

describe( 'invoices', () => {
	it( 'creates an invoice with a free number, reads it back and verifies its totals', async () => {
		const { input } = await customerAndInvoice( perfex );
		const first = await perfex.createInvoice( input );
		expect( first.created ).toBe( true );
		expect( first.totals ).toEqual( { ok: true } );
		expect( first.document.total ).toBe( '29.00' );
		expect( first.document.total_tax ).toBe( '4.00' );
		expect( first.document.status ).toBe( INVOICE_STATUS.unpaid );
		const second = await perfex.createInvoice( {
			...input,
			signature: uniqueSignature(),
		} );
		expect( Number( second.document.number ) ).toBe(
			Number( first.document.number ) + 1
		);
		expect( second.document.formatted_number ).toBe(
			`INV-${ String( second.document.number ).padStart( 6, '0' ) }`
		);
	} );

	it( 'reports totals Perfex stored differently (total_tax with a before-tax discount)', async () => {
		const { input } = await customerAndInvoice( perfex );
		const result = await perfex.createInvoice( {
			...input,
			discount_percent: '10',
			discount_type: 'before_tax',
			total: '26.10',
			total_tax: '4.00',
		} );
		expect( result.totals ).toEqual( {
			ok: false,
			mismatches: [
				{ field: 'total_tax', expected: '4.00', actual: '3.60' },
			],
		} );
	} );

	it( 'finds an invoice by the exact signature in adminnote, not by a longer one', async () => {
		const { input } = await customerAndInvoice( perfex );
		const sig = uniqueSignature();
		const created = await perfex.createInvoice( {
			...input,
			signature: `${ sig }0`,
			adminnote: 'first line\nsecond',
		} );
		expect( await perfex.findInvoiceBySignature( sig ) ).toBeNull();
		const found = await perfex.findInvoiceBySignature( `${ sig }0` );
		expect( found?.id ).toBe( created.id );
		expect( found?.adminnote ).toContain( '<br />' );
	} );

	it( 'moves on to the next number when Perfex refuses a duplicate number', async () => {
		const { input } = await customerAndInvoice( perfex );
		const taken = await perfex.createInvoice( {
			...input,
			signature: uniqueSignature(),
			number: 5000,
		} );
		expect( taken.document.number ).toBe( '5000' );
		const next = await perfex.createInvoice( {
			...input,
			signature: uniqueSignature(),
			number: 5000,
		} );
		expect( next.document.number ).toBe( '5001' );
	} );

	it( 'updates an invoice (full replace, fewer and more lines) and verifies the new totals', async () => {
		const { input } = await customerAndInvoice( perfex );
		const created = await perfex.createInvoice( input );
		const number = Number( created.document.number );
		const one = await perfex.updateInvoice( created.id, {
			...input,
			number,
			lines: [
				{
					description: 'Only line',
					qty: '3',
					rate: '2.50',
					taxes: [ { name: 'VAT', rate: '20.00' } ],
				},
			],
			subtotal: '7.50',
			total: '9.00',
			total_tax: '1.50',
		} );
		expect( one.totals ).toEqual( { ok: true } );
		expect(
			one.document.items?.map( ( item ) => item.description )
		).toEqual( [ 'Only line' ] );
		const three = await perfex.updateInvoice( created.id, {
			...input,
			number,
			lines: [
				{ description: 'A', qty: '1', rate: '1.00', taxes: [] },
				{ description: 'B', qty: '1', rate: '2.00', taxes: [] },
				{ description: 'C', qty: '1', rate: '3.00', taxes: [] },
			],
			subtotal: '6.00',
			total: '6.00',
			total_tax: '0.00',
		} );
		expect( three.totals ).toEqual( { ok: true } );
		expect(
			three.document.items?.map( ( item ) => item.description )
		).toEqual( [ 'A', 'B', 'C' ] );
	} );

	it( 'reports the status of many invoices and follows payments (partially paid, paid)', async () => {
		const { input } = await customerAndInvoice( perfex );
		const a = await perfex.createInvoice( {
			...input,
			signature: uniqueSignature(),
		} );
		const b = await perfex.createInvoice( {
			...input,
			signature: uniqueSignature(),
		} );
		await perfex.recordPayment( {
			invoiceid: a.id,
			amount: '10.00',
			paymentmode: '1',
			transactionid: 'tx-a1',
		} );
		const paid = await perfex.recordPayment( {
			invoiceid: b.id,
			amount: '29.00',
			paymentmode: '1',
			transactionid: 'tx-b1',
		} );
		expect( paid.created ).toBe( true );
		const statuses = await perfex.getInvoiceStatuses( [
			a.id,
			b.id,
			99999,
		] );
		expect( statuses.get( a.id ) ).toMatchObject( {
			statusName: 'partiallyPaid',
			totalLeftToPay: '19.00',
		} );
		expect( statuses.get( b.id ) ).toMatchObject( {
			statusName: 'paid',
			totalLeftToPay: '0.00',
		} );
		expect( statuses.get( 99999 ) ).toBeNull();
		const invoice = await perfex.getInvoice( b.id );
		expect( invoice.payments?.[ 0 ]?.paymentid ).toBe( paid.paymentId );
	} );
} );

describe( 'credit notes, expenses and lists', () => {
	it( 'creates a credit note with a free number and verifies it', async () => {
		const { customer, input } = await customerAndInvoice( perfex );
		const note = await perfex.createCreditNote( {
			signature: uniqueSignature(),
			clientid: customer.customerId,
			date: '2026-03-12',
			currency: 1,
			lines: [ input.lines[ 0 ]! ],
			subtotal: '20.00',
			total: '24.00',
			total_tax: '4.00',
			reference_no: 'Refund #7',
		} );
		expect( note.totals ).toEqual( { ok: true } );
		const second = await perfex.createCreditNote( {
			signature: uniqueSignature(),
			clientid: customer.customerId,
			date: '2026-03-12',
			currency: 1,
			lines: [ input.lines[ 1 ]! ],
			subtotal: '5.00',
			total: '5.00',
		} );
		expect( Number( second.document.number ) ).toBe(
			Number( note.document.number ) + 1
		);
	} );

	it( 'creates an expense findable by its signature', async () => {
		const sig = uniqueSignature();
		const expense = await perfex.createExpense( {
			signature: sig,
			category: 1,
			amount: '12.34',
			currency: 2,
			date: '2026-03-12',
			expense_name: 'Refund',
		} );
		expect( expense.document.amount ).toBe( '12.34' );
		expect( await perfex.findExpenseBySignature( sig ) ).toBe( expense.id );
	} );

	it( 'lists taxes, payment modes and expense categories', async () => {
		const taxes = await perfex.listTaxes();
		expect(
			taxes.map( ( tax ) => `${ tax.name }|${ tax.taxrate }` )
		).toContain( 'VAT|20.00' );
		const modes = await perfex.listPaymentModes();
		expect( modes.map( ( mode ) => mode.id ) ).toEqual(
			expect.arrayContaining( [ '1', 'stripe' ] )
		);
		const categories = await perfex.listExpenseCategories();
		expect( categories.length ).toBeGreaterThan( 0 );
	} );

	it( 'registers, lists and deletes webhooks', async () => {
		expect( await perfex.listWebhooks() ).toEqual( [] );
		const hook = await perfex.registerWebhook( {
			name: 'WooSync',
			url: 'http://127.0.0.1:9/hook',
			events: [ 'invoice_created', 'payment_created' ],
			secret: 's3cret',
		} );
		const hooks = await perfex.listWebhooks();
		expect( hooks.map( ( h ) => [ h.id, h.events ] ) ).toEqual( [
			[ hook.id, [ 'invoice_created', 'payment_created' ] ],
		] );
		expect( await perfex.deleteWebhook( hook.id ) ).toBe( true );
		expect( await perfex.deleteWebhook( hook.id ) ).toBe( false );
		expect( await perfex.listWebhooks() ).toEqual( [] );
	} );
} );
