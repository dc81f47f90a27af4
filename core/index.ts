/**
 * WooSync core: WooCommerce order and refund snapshots -> Perfex documents.
 * Pure TypeScript (no I/O, no clock, no randomness); safe to import from the
 * sidecar (Node) and the admin app (browser). See README.md.
 */
export { buildInvoice, buildInvoiceFromParsed } from './invoice';
export {
	buildCreditNote,
	buildCreditNoteFromParsed,
	buildExpense,
	buildExpenseFromParsed,
	expenseTotal,
} from './refund';
export { perfexTotals, perfexTotalsExact, parseTaxKey } from './perfex';
export type {
	PerfexTotals,
	PerfexTotalsInput,
	ExactLine,
	ExactTotals,
} from './perfex';
export {
	configSchema,
	invoiceInputSchema,
	mappingsSchema,
	orderSchema,
	refundInputSchema,
	refundSchema,
	settingsSchema,
	taxMappingSchema,
} from './schemas';
export type {
	Config,
	InvoiceInput,
	Mappings,
	Order,
	ParsedInvoiceInput,
	ParsedRefundInput,
	Refund,
	RefundInput,
	Settings,
	TaxMapping,
} from './schemas';
export {
	perfexCreditNoteSchema,
	perfexExpenseSchema,
	perfexInvoiceSchema,
	perfexItemSchema,
	refusalSchema,
	traceSchema,
	warningSchema,
} from './documents';
export type {
	CreditNoteResult,
	ExpenseResult,
	InvalidInput,
	InvoiceResult,
	PerfexCreditNote,
	PerfexExpense,
	PerfexInvoice,
	PerfexItem,
	Refusal,
	RefusalCode,
	Refused,
	Skipped,
	Trace,
	Warning,
} from './documents';
