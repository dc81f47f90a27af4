import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import { syncResultSchema } from '../../../sidecar';
import { call, orderInput, perfexOf, sandbox, testApp } from './harness';

let box: RunningSandbox;
const { app } = testApp();

beforeAll( async () => {
	box = await sandbox();
} );
afterAll( async () => {
	await box.close();
} );

/**
 * A fixture order paid in the store by card (or by another method).
 * @param method      Payment method.
 * @param transaction Transaction id.
 */
function paidOrder( method = 'stripe', transaction = '' ) {
	const input = orderInput();
	return {
		perfex: perfexOf( box ),
		...input,
		order: {
			...input.order,
			payment_method: method,
			payment_method_title: 'Card',
			transaction_id: transaction,
			date_paid: '2024-05-01T10:00:00',
			date_paid_gmt: '2024-05-01T10:00:00',
		},
	};
}

async function sync( body: unknown ) {
	const res = await call( app, 'POST', '/v1/invoices/sync', body );
	return syncResultSchema.parse( res.json() );
}

const paymentsOf = ( invoiceId: number ) =>
	box.model
		.payments()
		.filter( ( payment ) => Number( payment.invoiceid ) === invoiceId );

describe( 'store payment on the invoice', () => {
	it( 'records a card payment with its transaction id right after creating the invoice, once', async () => {
		const body = paidOrder( 'stripe', 'ch_test_1' );

		const first = await sync( body );

		expect( first.outcome ).toBe( 'created' );
		expect( first.payment?.status ).toBe( 'recorded' );
		expect( first.payment?.amount ).toBe( body.order.total );
		expect( first.payment?.transaction_id ).toBe( 'ch_test_1' );
		expect( first.payment?.paymentmode ).toBe( '1' );
		expect( first.invoice?.status ).toBe( 2 );
		const id = first.invoice?.id as number;
		const payments = paymentsOf( id );
		expect( payments ).toHaveLength( 1 );
		expect( payments[ 0 ]?.transactionid ).toBe( 'ch_test_1' );

		const again = await sync( body );
		expect( again.outcome ).toBe( 'linked' );
		expect( again.payment?.status ).toBe( 'existing' );
		expect( again.payment?.id ).toBe( first.payment?.id );
		expect( paymentsOf( id ) ).toHaveLength( 1 );
	} );

	it( 'maps the gateway to its Perfex payment mode and finds a payment without transaction id by its note', async () => {
		const body = paidOrder( 'stripe' );
		body.settings = {
			...body.settings,
			payment_modes: { stripe: [ 'stripe' ] },
		};

		const first = await sync( body );
		expect( first.payment?.status ).toBe( 'recorded' );
		expect( first.payment?.paymentmode ).toBe( 'stripe' );
		expect( first.payment?.transaction_id ).toBeNull();

		const again = await sync( body );
		expect( again.payment?.status ).toBe( 'existing' );
		expect( paymentsOf( first.invoice?.id as number ) ).toHaveLength( 1 );
	} );

	it( 'records nothing for a bank transfer: the invoice stays unpaid', async () => {
		const result = await sync( paidOrder( 'bacs' ) );
		expect( result.outcome ).toBe( 'created' );
		expect( result.payment ).toBeNull();
		expect( result.invoice?.status ).not.toBe( 2 );
		expect( paymentsOf( result.invoice?.id as number ) ).toHaveLength( 0 );
	} );

	it( 'never records more than is left to pay: skips and says overpayment, or already paid', async () => {
		const body = paidOrder( 'stripe', 'ch_test_2' );
		const unpaid = await sync( {
			...body,
			order: { ...body.order, payment_method: 'bacs' },
		} );
		const id = unpaid.invoice?.id as number;
		box.model.addPayment( {
			invoiceid: id,
			amount: '10.00',
			paymentmode: '1',
		} );

		const partly = await sync( body );
		expect( partly.outcome ).toBe( 'linked' );
		expect( partly.payment?.status ).toBe( 'skipped' );
		expect( partly.payment?.code ).toBe( 'overpayment' );
		expect( paymentsOf( id ) ).toHaveLength( 1 );

		box.model.addPayment( {
			invoiceid: id,
			amount: String( ( Number( body.order.total ) - 10 ).toFixed( 2 ) ),
			paymentmode: '1',
		} );
		const paid = await sync( body );
		expect( paid.payment?.status ).toBe( 'skipped' );
		expect( paid.payment?.code ).toBe( 'already_paid' );
		expect( paymentsOf( id ) ).toHaveLength( 2 );
	} );
} );
