/**
 * The WooSync sidecar, for in-process use (tests, benchmark): `createApp(config)` answers
 * requests without a socket, `startSidecar(config)` listens on loopback.
 */
export { createApp, perfexApiBase, VERSION } from './app';
export type {
	App,
	AppOptions,
	AppRequest,
	AppResponse,
	InjectOptions,
} from './app';
export { startSidecar } from './server';
export type { RunningSidecar } from './server';
export {
	ConfigError,
	configSchema,
	loadConfig,
	parseSecrets,
	validateConfig,
} from './config';
export type { Config, ConfigInput } from './config';
export { createLogger } from './log';
export type { Logger, LogLevel } from './log';
export { Metrics } from './metrics';
export { signature, signedHeaders, verify } from './signing';
export { invoiceSignature, syncInvoice } from './sync';
export * from './schemas';
export { refundSignatureToken, syncRefund } from './refunds';
