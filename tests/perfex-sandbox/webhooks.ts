/**
 * Webhooks as the REST API module's code sends them (research/perfex-facts.md §5.8): event names
 * with underscores, payload `{event, timestamp, data}`, header
 * `X-Perfex-Signature: t=<unix>,v1=<hex hmac_sha256(secret, t + "." + body)>`, 2xx = delivered.
 *
 * Delivery is asynchronous with retries (the module's queue backs off 1, 5, 15, 60, 240 minutes;
 * the sandbox uses the same shape in milliseconds, configurable).
 *
 * Event mode:
 * - 'code' (default): what module v3.0.0 really fires. `invoice_paid`, `invoice_partially_paid`,
 *   `invoice_overdue` and `invoice_status_changed` are in the catalogue but never fire.
 * - 'full': also fires those four from the core's `invoice_status_changed` hook.
 */
import { createHmac } from 'node:crypto';
import type { SandboxDb } from './db';

export type WebhookEventMode = 'code' | 'full';

export const EVENT_CATALOG = [
	'customer_created',
	'customer_updated',
	'customer_deleted',
	'contact_created',
	'contact_updated',
	'contact_deleted',
	'invoice_created',
	'invoice_updated',
	'invoice_deleted',
	'invoice_sent',
	'invoice_paid',
	'invoice_partially_paid',
	'invoice_overdue',
	'invoice_status_changed',
	'invoice_cancelled',
	'payment_created',
	'payment_updated',
	'payment_deleted',
	'amount_paid',
	'credit_note_created',
	'credit_note_applied',
	'expense_created',
] as const;

const INVOICE_STATUS_EVENTS: Record< number, string > = {
	2: 'invoice_paid',
	3: 'invoice_partially_paid',
	4: 'invoice_overdue',
};

interface Delivery {
	webhookId: number;
	event: string;
	body: string;
	attempt: number;
}

export interface WebhookOptions {
	mode: WebhookEventMode;
	/** Delay before retry n (1-based); the list length also caps retries with each hook's retry_count. */
	retryDelaysMs: number[];
	/** Per-attempt timeout override (ms); default the webhook's `timeout` seconds. */
	timeoutMs?: number;
	log?: ( line: Record< string, unknown > ) => void;
}

export class WebhookDispatcher {
	private readonly timers = new Set< NodeJS.Timeout >();
	private readonly inFlight = new Set< Promise< void > >();
	private closed = false;

	constructor(
		private readonly db: SandboxDb,
		readonly options: WebhookOptions
	) {}

	/**
	 * Bridge from core hooks to webhook events.
	 * @param hook
	 * @param arg
	 */
	onHook( hook: string, arg: Record< string, unknown > | number ): void {
		const data =
			typeof arg === 'number'
				? { id: arg, _source_hook: hook }
				: { ...arg, _source_hook: hook };
		const full = this.options.mode === 'full';
		switch ( hook ) {
			case 'after_invoice_added':
				this.emit( 'invoice_created', data );
				break;
			case 'invoice_updated':
				this.emit( 'invoice_updated', data );
				break;
			case 'after_payment_added':
				this.emit( 'payment_created', data );
				this.emit( 'amount_paid', data );
				break;
			case 'after_create_credit_note':
				this.emit( 'credit_note_created', data );
				break;
			case 'invoice_status_changed':
				if ( full && typeof arg !== 'number' ) {
					this.emit( 'invoice_status_changed', data );
					const event = INVOICE_STATUS_EVENTS[ Number( arg.status ) ];
					if ( event ) {
						this.emit( event, {
							id: arg.invoice_id,
							_source_hook: hook,
						} );
					}
				}
				break;
			case 'after_client_added':
				if ( full ) {
					this.emit( 'customer_created', data );
				}
				break;
			case 'contact_created':
				if ( full ) {
					this.emit( 'contact_created', data );
				}
				break;
			case 'after_expense_added':
				if ( full ) {
					this.emit( 'expense_created', data );
				}
				break;
		}
	}

	emit( event: string, data: Record< string, unknown > ): void {
		if ( this.closed ) {
			return;
		}
		const hooks = this.db.all(
			'SELECT id, events FROM webhooks WHERE active = 1 ORDER BY id'
		);
		for ( const hook of hooks ) {
			const events = JSON.parse(
				String( hook.events ?? '[]' )
			) as unknown;
			if (
				! Array.isArray( events ) ||
				! ( events.includes( event ) || events.includes( '*' ) )
			) {
				continue;
			}
			const body = JSON.stringify( {
				event,
				timestamp: Math.floor( Date.now() / 1000 ),
				data,
			} );
			this.schedule(
				{ webhookId: Number( hook.id ), event, body, attempt: 1 },
				0
			);
		}
	}

	private schedule( delivery: Delivery, delayMs: number ): void {
		const timer = setTimeout( () => {
			this.timers.delete( timer );
			const run = this.deliver( delivery ).finally( () =>
				this.inFlight.delete( run )
			);
			this.inFlight.add( run );
		}, delayMs );
		this.timers.add( timer );
	}

	private async deliver( delivery: Delivery ): Promise< void > {
		if ( this.closed ) {
			return;
		}
		const hook = this.db.get(
			'SELECT * FROM webhooks WHERE id = ? AND active = 1',
			[ delivery.webhookId ]
		);
		if ( ! hook ) {
			return;
		}
		const timestamp = Math.floor( Date.now() / 1000 );
		const headers: Record< string, string > = {
			'content-type': 'application/json',
			'user-agent': 'Perfex-CRM-API/3.0',
			'x-perfex-event': delivery.event,
		};
		const secret = String( hook.secret ?? '' );
		if ( secret !== '' ) {
			const v1 = createHmac( 'sha256', secret )
				.update( `${ timestamp }.${ delivery.body }` )
				.digest( 'hex' );
			headers[ 'x-perfex-signature' ] = `t=${ timestamp },v1=${ v1 }`;
		}
		let statusCode: number | null = null;
		let error: string | null = null;
		try {
			const response = await fetch( String( hook.url ), {
				method: 'POST',
				headers,
				body: delivery.body,
				signal: AbortSignal.timeout(
					this.options.timeoutMs ??
						Number( hook.timeout ?? 10 ) * 1000
				),
			} );
			statusCode = response.status;
			await response.arrayBuffer().catch( () => undefined );
		} catch ( caught ) {
			error =
				caught instanceof Error
					? `${ caught.name }: ${ caught.message }`
					: String( caught );
		}
		if ( this.closed ) {
			return;
		}
		const delivered =
			statusCode !== null && statusCode >= 200 && statusCode < 300;
		this.db.transaction( () =>
			this.db.run(
				'INSERT INTO webhook_logs ( webhook_id, event, attempt, status_code, error, payload, created_at ) VALUES ( ?, ?, ?, ?, ?, ?, ? )',
				[
					delivery.webhookId,
					delivery.event,
					delivery.attempt,
					statusCode,
					error,
					delivery.body,
					new Date().toISOString(),
				]
			)
		);
		this.options.log?.( {
			event: 'webhook',
			webhook: delivery.webhookId,
			name: delivery.event,
			attempt: delivery.attempt,
			status: statusCode,
			error,
		} );
		const maxRetries = Math.min(
			Number( hook.retry_count ?? 5 ),
			this.options.retryDelaysMs.length
		);
		if ( ! delivered && delivery.attempt <= maxRetries ) {
			const delay =
				this.options.retryDelaysMs[ delivery.attempt - 1 ] ?? 0;
			this.schedule(
				{ ...delivery, attempt: delivery.attempt + 1 },
				delay
			);
		}
	}

	/**
	 * Resolves when nothing is scheduled or in flight (for tests).
	 * @param timeoutMs
	 */
	async idle( timeoutMs = 5000 ): Promise< void > {
		const end = Date.now() + timeoutMs;
		while (
			( this.timers.size > 0 || this.inFlight.size > 0 ) &&
			Date.now() < end
		) {
			await new Promise( ( resolve ) => setTimeout( resolve, 5 ) );
		}
	}

	close(): void {
		this.closed = true;
		for ( const timer of this.timers ) {
			clearTimeout( timer );
		}
		this.timers.clear();
	}
}
