import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../perfex-sandbox/server';
import { refundSyncResultSchema, syncResultSchema } from '../../../sidecar';
import { call, orderInput, perfexOf, sandbox, testApp } from './harness';

let box: RunningSandbox;
const { app } = testApp();

beforeAll( async () => {
	box = await sandbox();
} );
afterAll( async () => {
	await box.close();
} );

const refundsDir = join(
	dirname( fileURLToPath( import.meta.url ) ),
	'../../fixtures/refunds'
);

function refundFixture( name: string ): {
	order_fixture: string;
	refund: Record< string, unknown > & { id: number; amount: string };
	config?: { settings?: Record< string, unknown >; mappings?: unknown };
} {
	return JSON.parse(
		readFileSync( join( refundsDir, `${ name }.json` ), 'utf8' )
	);
}

/**
 * An order of a refund fixture, invoiced in the sandbox, with the refund and the config.
 * @param name  Refund fixture.
 * @param extra Settings over the fixture's.
 */
async function invoicedRefund(
	name: string,
	extra: Record< string, unknown > = {}
) {
	const fixture = refundFixture( name );
	const input = orderInput( fixture.order_fixture );
	const settings = {
		...input.settings,
		...( fixture.config?.settings ?? {} ),
		...extra,
	};
	const mappings = fixture.config?.mappings ?? input.mappings;
	const res = await call( app, 'POST', '/v1/invoices/sync', {
		perfex: perfexOf( box ),
		settings,
		mappings,
		order: input.order,
	} );
	const invoice = syncResultSchema.parse( res.json() );
	expect( invoice.outcome ).toBe( 'created' );
	return {
		body: {
			perfex: perfexOf( box ),
			settings,
			mappings,
			order: input.order,
			refund: fixture.refund,
			invoice: { id: invoice.invoice?.id },
		},
		invoice,
		order: input.order,
		refund: fixture.refund,
	};
}

describe( 'POST /v1/credit-notes/sync', () => {
	it( "creates one credit note for the invoice's customer and currency, totalling the refund, then links it", async () => {
		const { body, invoice, order, refund } =
			await invoicedRefund( 'taxed-line-refund' );
		const before = box.model.creditNotes().length;

		const res = await call( app, 'POST', '/v1/credit-notes/sync', body );

		expect( res.status ).toBe( 200 );
		const result = refundSyncResultSchema.parse( res.json() );
		expect( result.outcome ).toBe( 'created' );
		expect( result.kind ).toBe( 'credit_note' );
		expect( result.document?.total ).toBe( '10.80' );
		expect( result.invoice_id ).toBe( invoice.invoice?.id );
		expect( result.customer_id ).toBe( invoice.customer?.id );
		expect( result.signature ).toBe(
			`WooSync:order:${ order.number }:refund:${ refund.id }`
		);
		const notes = box.model.creditNotes();
		expect( notes.length ).toBe( before + 1 );
		const stored = notes[ notes.length - 1 ];
		expect( Number( stored?.clientid ) ).toBe( invoice.customer?.id );
		expect( stored?.adminnote ).toContain(
			`WooSync: Order #${ order.number } Refund #${ refund.id }`
		);

		// Again with the link, again without it (the signature): never a second credit note.
		const again = await call( app, 'POST', '/v1/credit-notes/sync', {
			...body,
			link: { document_id: result.document?.id },
		} );
		expect( again.json().outcome ).toBe( 'linked' );
		expect( again.json().document.id ).toBe( result.document?.id );
		const lost = await call( app, 'POST', '/v1/credit-notes/sync', body );
		expect( lost.json().outcome ).toBe( 'linked' );
		expect( lost.json().document.id ).toBe( result.document?.id );
		expect( box.model.creditNotes().length ).toBe( before + 1 );
	} );

	it( 'books an amount-only refund for its amount', async () => {
		const { body } = await invoicedRefund( 'rest-docs-726-amount-only' );
		const res = await call( app, 'POST', '/v1/credit-notes/sync', body );
		expect( res.status ).toBe( 200 );
		expect( res.json().outcome ).toBe( 'created' );
		expect( res.json().document.total ).toBe( '10.00' );
	} );

	it( 'refuses a refund whose invoice no longer exists, and a body without the invoice (422)', async () => {
		const { body } = await invoicedRefund( 'taxed-line-refund' );
		const gone = await call( app, 'POST', '/v1/credit-notes/sync', {
			...body,
			invoice: { id: 999999 },
		} );
		expect( gone.status ).toBe( 422 );
		expect( gone.json().error.code ).toBe( 'invoice_not_found' );

		const { invoice, ...missing } = body;
		expect( invoice.id ).toBeGreaterThan( 0 );
		const bad = await call( app, 'POST', '/v1/credit-notes/sync', missing );
		expect( bad.status ).toBe( 422 );
		expect( bad.json().outcome ).toBe( 'invalid' );
		expect( bad.json().error.code ).toBe( 'invalid_request' );
	} );
} );

describe( 'POST /v1/expenses/sync', () => {
	it( 'creates one expense for the refund and links it on the next call', async () => {
		const { body, invoice, refund } = await invoicedRefund(
			'expense-amount-only',
			{ expense_category_id: 1 }
		);
		const before = box.model.expenses().length;

		const res = await call( app, 'POST', '/v1/expenses/sync', body );

		expect( res.status ).toBe( 200 );
		const result = refundSyncResultSchema.parse( res.json() );
		expect( result.outcome ).toBe( 'created' );
		expect( result.kind ).toBe( 'expense' );
		expect( result.document?.total ).toBe( refund.amount );
		expect( result.customer_id ).toBe( invoice.customer?.id );
		expect( box.model.expenses().length ).toBe( before + 1 );

		const again = await call( app, 'POST', '/v1/expenses/sync', body );
		expect( again.json().outcome ).toBe( 'linked' );
		expect( again.json().document.id ).toBe( result.document?.id );
		expect( box.model.expenses().length ).toBe( before + 1 );
	} );
} );
