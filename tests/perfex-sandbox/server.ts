/**
 * The Perfex sandbox: a local stand-in for Perfex CRM + the Themesic REST API module, for
 * `npm start` and for every test. `startSandbox()` runs it in-process; main.ts is the CLI.
 *
 * - API under `/api` (authtoken header or ?authtoken=), status codes and bodies of the module's code
 * - admin under `/__sandbox/…` (admin token): faults, tokens, payments "as a person", clock, settings
 * - read-only page at `/` (token in ?authtoken=, or the admin session cookie)
 * - Perfex's admin pages for one invoice / credit note / expense, behind a staff login that
 *   takes a sandbox token (admin-pages.ts)
 */
import {
	createServer,
	type IncomingMessage,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SandboxDb } from './db';
import { Faults, type FaultConfig } from './faults';
import { adminPages } from './admin-pages';
import { PAGE_HEADERS, renderPage } from './html';
import { PerfexModel, fail, ok, stringRow, ymd, type ApiResult } from './model';
import { fromJson, parsePhpForm, str, list, type PostMap } from './php-form';
import { migrate } from './schema';
import {
	EVENT_CATALOG,
	WebhookDispatcher,
	type WebhookEventMode,
} from './webhooks';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Directory for perfex.sqlite; null keeps everything in memory. */
	dataDir?: string | null;
	/** Tokens with every permission and admin rights. */
	tokens: string[];
	faults?: Partial< FaultConfig >;
	webhookEvents?: WebhookEventMode;
	webhookRetryDelaysMs?: number[];
	webhookTimeoutMs?: number;
	/** Pretend today is this date (Y-m-d). */
	today?: string;
	log?: ( line: Record< string, unknown > ) => void;
}

export type Permission = 'get' | 'create' | 'update' | 'delete';
export type Permissions = '*' | Partial< Record< string, Permission[] > >;

export interface RequestLogEntry {
	method: string;
	path: string;
	status: number | 'dropped' | 'timeout';
	fault: string | null;
	at: number;
}

export interface RunningSandbox {
	/** `http://127.0.0.1:<port>` */
	url: string;
	/** `http://127.0.0.1:<port>/api`: the base URL for the client. */
	apiUrl: string;
	port: number;
	model: PerfexModel;
	faults: Faults;
	webhooks: WebhookDispatcher;
	requests: RequestLogEntry[];
	createToken: ( permissions: Permissions, name?: string ) => string;
	setToday: ( date: string ) => void;
	close: () => Promise< void >;
}

const RESOURCES = [
	'customers',
	'contacts',
	'invoices',
	'credit_notes',
	'payments',
	'expenses',
	'webhooks',
	'common',
];

const permissionsSchema = z.union( [
	z.literal( '*' ),
	z.record(
		z.string(),
		z.array( z.enum( [ 'get', 'create', 'update', 'delete' ] ) )
	),
] );

function sendJson( res: ServerResponse, result: ApiResult ): void {
	const body = JSON.stringify( result.body );
	res.writeHead( result.status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength( body ),
		...result.headers,
	} );
	res.end( body );
}

async function readBody( req: IncomingMessage ): Promise< Buffer > {
	const chunks: Buffer[] = [];
	for await ( const chunk of req ) {
		chunks.push( chunk as Buffer );
	}
	return Buffer.concat( chunks );
}

async function parseBody(
	req: IncomingMessage,
	raw: Buffer
): Promise< PostMap > {
	if ( raw.length === 0 ) {
		return new Map();
	}
	const type = String( req.headers[ 'content-type' ] ?? '' ).toLowerCase();
	if ( type.startsWith( 'application/json' ) ) {
		const value = fromJson(
			JSON.parse( raw.toString( 'utf8' ) ) as unknown
		);
		return value instanceof Map ? value : new Map();
	}
	if ( req.method === 'PUT' ) {
		// The module fills $_POST on PUT from a JSON body only (§5.1).
		return new Map();
	}
	if (
		type.startsWith( 'multipart/form-data' ) ||
		type.startsWith( 'application/x-www-form-urlencoded' )
	) {
		const form = await new Request( 'http://sandbox.invalid/', {
			method: 'POST',
			headers: { 'content-type': type },
			body: new Uint8Array( raw ),
		} ).formData();
		const entries: Array< [ string, string ] > = [];
		form.forEach( ( value, key ) => {
			entries.push( [
				key,
				typeof value === 'string' ? value : value.name,
			] );
		} );
		return parsePhpForm( entries );
	}
	return new Map();
}

interface ListOptions {
	alwaysEnvelope: boolean;
	defaultPerPage: number;
	notFound?: ApiResult;
}

/** How a resource that is routed like the others reaches the model. */
interface RecordRoutes {
	search: ( key: string ) => Array< Record< string, unknown > >;
	one: ( id: number ) => unknown;
	all: () => Array< Record< string, unknown > >;
	create: ( post: PostMap ) => ApiResult;
	list: ListOptions;
}

/**
 * List responses as the module's code builds them (§5.3): sort, fields, date filters, pages.
 * @param rows
 * @param query
 * @param options
 */
function listResult(
	rows: Array< Record< string, unknown > >,
	query: URLSearchParams,
	options: ListOptions
): ApiResult {
	let data = rows;
	for ( const [ param, keep ] of [
		[ 'created_after', ( a: string, b: string ) => a >= b ],
		[ 'created_before', ( a: string, b: string ) => a <= b ],
	] as const ) {
		const value = query.get( param );
		if ( value === null || value === '' ) {
			continue;
		}
		if (
			! /^\d{4}-\d{2}-\d{2}/.test( value ) ||
			Number.isNaN( Date.parse( value ) )
		) {
			return {
				status: 422,
				body: {
					status: false,
					error: 'validation_failed',
					message: `Invalid ${ param }`,
					errors: { [ param ]: 'Invalid date' },
				},
			};
		}
		data = data.filter( ( row ) => {
			const created = [
				'datecreated',
				'date_created',
				'dateadded',
				'created_at',
				'date',
				'startdate',
			]
				.map( ( key ) => row[ key ] )
				.find( ( v ) => typeof v === 'string' && v !== '' );
			return (
				typeof created === 'string' &&
				keep( created.slice( 0, 10 ), value.slice( 0, 10 ) )
			);
		} );
	}
	const sort = query.get( 'sort' );
	if ( sort ) {
		const keys = sort
			.split( ',' )
			.map( ( key ) => key.trim() )
			.filter( Boolean )
			.map( ( key ) =>
				key.startsWith( '-' )
					? { key: key.slice( 1 ), dir: -1 }
					: { key, dir: 1 }
			);
		data = [ ...data ].sort( ( a, b ) => {
			for ( const { key, dir } of keys ) {
				const x = a[ key ];
				const y = b[ key ];
				const numeric =
					typeof x === 'string' &&
					typeof y === 'string' &&
					/^-?\d+(\.\d+)?$/.test( x ) &&
					/^-?\d+(\.\d+)?$/.test( y );
				const c = numeric
					? Number( x ) - Number( y )
					: String( x ?? '' ).localeCompare( String( y ?? '' ) );
				if ( c !== 0 ) {
					return c * dir;
				}
			}
			return 0;
		} );
	}
	const fields = query.get( 'fields' );
	if ( fields ) {
		const wanted = new Set( [
			'id',
			...fields.split( ',' ).map( ( field ) => field.trim() ),
		] );
		data = data.map( ( row ) =>
			Object.fromEntries(
				Object.entries( row ).filter( ( [ key ] ) => wanted.has( key ) )
			)
		);
	}
	const paginated =
		options.alwaysEnvelope ||
		query.has( 'page' ) ||
		query.has( 'per_page' );
	if ( ! paginated ) {
		return data.length === 0
			? ( options.notFound ?? fail( 404, 'No data were found' ) )
			: ok( data );
	}
	const perPageRaw = Number(
		query.get( 'per_page' ) ??
			( query.has( 'page' ) ? query.get( 'limit' ) : null ) ??
			options.defaultPerPage
	);
	const perPage = Math.min(
		100,
		Math.max(
			1,
			Number.isFinite( perPageRaw )
				? Math.floor( perPageRaw )
				: options.defaultPerPage
		)
	);
	const total = data.length;
	const totalPages = Math.max( 1, Math.ceil( total / perPage ) );
	const requested = Math.floor( Number( query.get( 'page' ) ?? 1 ) ) || 1;
	const page = Math.min( Math.max( 1, requested ), totalPages );
	return ok( {
		data: data.slice( ( page - 1 ) * perPage, page * perPage ),
		meta: {
			page,
			per_page: perPage,
			total,
			total_pages: totalPages,
			has_more: page < totalPages,
			current_page: page,
			last_page: totalPages,
		},
	} );
}

function notFound(): ApiResult {
	return fail( 404, 'No data were found' );
}

function searchResult( rows: Array< Record< string, unknown > > ): ApiResult {
	return rows.length === 0 ? notFound() : ok( rows );
}

export async function startSandbox(
	options: SandboxOptions
): Promise< RunningSandbox > {
	const db = await SandboxDb.open( options.dataDir ?? null );
	migrate( db );
	let offsetMs = 0;
	const clock = { now: () => new Date( Date.now() + offsetMs ) };
	const setToday = ( date: string ): void => {
		if ( ! /^\d{4}-\d{2}-\d{2}$/.test( date ) ) {
			throw new RangeError( `not a Y-m-d date: ${ date }` );
		}
		const now = new Date();
		offsetMs =
			Date.parse( `${ date }T${ now.toISOString().slice( 11 ) }` ) -
			now.getTime();
	};
	if ( options.today ) {
		setToday( options.today );
	}
	const log = options.log ?? ( () => undefined );
	const webhooks = new WebhookDispatcher( db, {
		mode: options.webhookEvents ?? 'code',
		retryDelaysMs: options.webhookRetryDelaysMs ?? [
			1000, 5000, 15000, 60000, 240000,
		],
		timeoutMs: options.webhookTimeoutMs,
		log,
	} );
	const model = new PerfexModel( db, clock, ( hook, arg ) =>
		webhooks.onHook( hook, arg )
	);
	const faults = new Faults( options.faults );
	const requests: RequestLogEntry[] = [];

	const createToken = (
		permissions: Permissions,
		name = 'sandbox',
		isAdmin = false,
		token?: string
	): string => {
		const value = token ?? randomBytes( 16 ).toString( 'hex' );
		db.transaction( () =>
			db.run(
				'INSERT OR REPLACE INTO api_tokens ( token, name, permissions, admin ) VALUES ( ?, ?, ?, ? )',
				[ value, name, JSON.stringify( permissions ), isAdmin ? 1 : 0 ]
			)
		);
		return value;
	};
	for ( const token of options.tokens ) {
		createToken( '*', 'cli', true, token );
	}

	const tokenOf = ( req: IncomingMessage, url: URL ): string =>
		String( req.headers.authtoken ?? '' ) ||
		url.searchParams.get( 'authtoken' ) ||
		url.searchParams.get( 'Authtoken' ) ||
		url.searchParams.get( 'api_key' ) ||
		'';

	const lookupToken = (
		token: string
	): { permissions: Permissions; admin: boolean } | null => {
		if ( token === '' ) {
			return null;
		}
		const row = db.get(
			'SELECT permissions, admin FROM api_tokens WHERE token = ?',
			[ token ]
		);
		if ( ! row ) {
			return null;
		}
		const parsed = permissionsSchema.safeParse(
			JSON.parse( String( row.permissions ) )
		);
		return parsed.success
			? { permissions: parsed.data, admin: Number( row.admin ) === 1 }
			: null;
	};

	const pages = adminPages(
		db,
		model,
		( token ) => lookupToken( token ) !== null
	);

	const allowed = (
		permissions: Permissions,
		resource: string,
		action: Permission
	): boolean =>
		permissions === '*' ||
		( permissions[ resource ] ?? [] ).includes( action );

	/* ---------------------------------------------------------------- API */

	/** The resources routed alike: search, one by id, the list (with its own paging), create. */
	const recordResources = new Map< string, RecordRoutes >( [
		[
			'customers',
			{
				search: ( key ) => model.searchCustomers( key ),
				one: ( id ) => model.customerRow( id ),
				all: () => model.customers(),
				create: ( post ) => model.createCustomer( post ),
				list: { alwaysEnvelope: true, defaultPerPage: 20 },
			},
		],
		[
			'contacts',
			{
				search: ( key ) => model.searchContacts( key ),
				one: ( id ) => model.contactRow( id ),
				all: () => model.contacts(),
				create: ( post ) => model.createContact( post ),
				list: { alwaysEnvelope: false, defaultPerPage: 25 },
			},
		],
		[
			'invoices',
			{
				search: ( key ) => model.searchInvoices( key ),
				one: ( id ) => model.invoiceRow( id ),
				all: () => model.invoices(),
				create: ( post ) => model.createInvoice( post ),
				list: { alwaysEnvelope: true, defaultPerPage: 20 },
			},
		],
		[
			'credit_notes',
			{
				search: ( key ) => model.searchCreditNotes( key ),
				one: ( id ) => model.creditNoteRow( id ),
				all: () => model.creditNotes(),
				create: ( post ) => model.createCreditNote( post ),
				list: { alwaysEnvelope: false, defaultPerPage: 25 },
			},
		],
		[
			'expenses',
			{
				search: ( key ) => model.searchExpenses( key ),
				one: ( id ) => model.expenseRow( id ),
				all: () => model.expenses(),
				create: ( post ) => model.createExpense( post ),
				list: { alwaysEnvelope: false, defaultPerPage: 25 },
			},
		],
	] );

	async function api(
		method: string,
		path: string,
		query: URLSearchParams,
		body: PostMap
	): Promise< ApiResult > {
		const parts = path
			.split( '/' )
			.filter( Boolean )
			.map( decodeURIComponent );
		const [ resource = '', second, third ] = parts;
		const id =
			second !== undefined && /^\d+$/.test( second )
				? Number( second )
				: null;
		const searchKey =
			second === 'search'
				? ( third ?? query.get( 'q' ) ?? query.get( 'query' ) ?? '' )
				: null;
		if ( searchKey !== null && searchKey.trim() === '' ) {
			return fail( 400, 'Search keyword is required' );
		}
		// PUT is the one route the record resources do not share.
		if ( resource === 'invoices' && method === 'PUT' && id !== null ) {
			return model.updateInvoice( id, body );
		}
		const routes = recordResources.get( resource );
		if ( routes !== undefined ) {
			if ( method === 'GET' && searchKey !== null ) {
				return searchResult( routes.search( searchKey ) );
			}
			if ( method === 'GET' && id !== null ) {
				const row = routes.one( id );
				return row ? ok( row ) : notFound();
			}
			if ( method === 'GET' && second === undefined ) {
				return listResult( routes.all(), query, routes.list );
			}
			if ( method === 'POST' && second === undefined ) {
				return routes.create( body );
			}
		}
		switch ( resource ) {
			case 'payments': {
				const paymentNotFound: ApiResult = {
					status: 404,
					body: { paymentmode: false, message: 'No data were found' },
				};
				if ( method === 'GET' && id !== null ) {
					const row = model
						.payments()
						.find(
							( payment ) => payment.paymentid === String( id )
						);
					return row ? ok( row ) : paymentNotFound;
				}
				if ( method === 'GET' && second === undefined ) {
					return listResult( model.payments(), query, {
						alwaysEnvelope: false,
						defaultPerPage: 25,
						notFound: paymentNotFound,
					} );
				}
				if ( method === 'POST' && second === undefined ) {
					return model.createPaymentFromApi( body );
				}
				break;
			}
			case 'common':
				if ( method === 'GET' && second !== undefined ) {
					return model.common( second );
				}
				break;
			case 'webhooks':
				return webhookRoutes( method, second, id, third, query, body );
		}
		return fail( 404, 'Unknown method' );
	}

	const webhookOut = ( row: Record< string, unknown > ) => {
		const { secret, events, ...rest } = stringRow(
			row as Parameters< typeof stringRow >[ 0 ]
		);
		return {
			...rest,
			events: JSON.parse( events ?? '[]' ) as unknown,
			has_secret: Boolean( secret ),
		};
	};

	function webhookRoutes(
		method: string,
		second: string | undefined,
		id: number | null,
		third: string | undefined,
		query: URLSearchParams,
		body: PostMap
	): ApiResult {
		if ( method === 'GET' && second === 'events' ) {
			return ok( { status: true, events: EVENT_CATALOG } );
		}
		if ( method === 'GET' && second === undefined ) {
			return listResult(
				db
					.all( 'SELECT * FROM webhooks ORDER BY id' )
					.map( webhookOut ),
				query,
				{ alwaysEnvelope: false, defaultPerPage: 25 }
			);
		}
		if ( id !== null ) {
			const row = db.get( 'SELECT * FROM webhooks WHERE id = ?', [ id ] );
			if ( ! row ) {
				return fail( 404, 'Webhook not found' );
			}
			if ( method === 'GET' && third === undefined ) {
				return ok( webhookOut( row ) );
			}
			if ( method === 'GET' && third === 'logs' ) {
				return ok(
					db
						.all(
							'SELECT * FROM webhook_logs WHERE webhook_id = ? ORDER BY id',
							[ id ]
						)
						.map( stringRow )
				);
			}
			if ( method === 'POST' && third === 'toggle' ) {
				db.transaction( () =>
					db.run(
						'UPDATE webhooks SET active = 1 - active WHERE id = ?',
						[ id ]
					)
				);
				return ok( { status: true, message: 'Webhook toggled.' } );
			}
			if ( method === 'DELETE' && third === undefined ) {
				db.transaction( () =>
					db.run( 'DELETE FROM webhooks WHERE id = ?', [ id ] )
				);
				return ok( {
					status: true,
					message: 'Webhook deleted successfully.',
				} );
			}
		}
		if ( method === 'POST' && second === undefined ) {
			const errors: Record< string, string > = {};
			const name = ( str( body.get( 'name' ) ) ?? '' ).trim();
			const url = ( str( body.get( 'url' ) ) ?? '' ).trim();
			const eventsNode = body.get( 'events' );
			const events = (
				typeof eventsNode === 'string'
					? eventsNode.split( ',' )
					: list( eventsNode ).map( ( node ) => str( node ) ?? '' )
			)
				.map( ( event ) => event.trim() )
				.filter( Boolean );
			if ( name === '' ) {
				errors.name = 'The name field is required.';
			}
			if ( ! /^https?:\/\/[^\s]+$/.test( url ) ) {
				errors.url = 'The url field must be an http(s) URL.';
			}
			const catalog = new Set< string >( EVENT_CATALOG );
			const unknown = events.filter(
				( event ) => event !== '*' && ! catalog.has( event )
			);
			if ( events.length === 0 ) {
				errors.events = 'The events field is required.';
			} else if ( unknown.length > 0 ) {
				errors.events = `Unknown event(s): ${ unknown.join( ', ' ) }`;
			}
			if ( Object.keys( errors ).length > 0 ) {
				return {
					status: 422,
					body: {
						status: false,
						error: 'validation_failed',
						message: 'The given data was invalid.',
						errors,
					},
				};
			}
			const timeout = Math.min(
				120,
				Math.max(
					1,
					Number( str( body.get( 'timeout' ) ) ?? 10 ) || 10
				)
			);
			const retryCount = Math.min(
				10,
				Math.max(
					0,
					Number( str( body.get( 'retry_count' ) ) ?? 5 ) || 0
				)
			);
			const newId = db.transaction(
				() =>
					db.run(
						'INSERT INTO webhooks ( name, url, events, secret, active, timeout, retry_count, created_at ) VALUES ( ?, ?, ?, ?, 1, ?, ?, ? )',
						[
							name,
							url,
							JSON.stringify( events ),
							str( body.get( 'secret' ) ) ?? '',
							timeout,
							retryCount,
							new Date().toISOString(),
						]
					).lastId
			);
			return ok( {
				status: true,
				message: 'Webhook created successfully.',
				id: newId,
				record_id: newId,
			} );
		}
		return fail( 404, 'Unknown method' );
	}

	/* -------------------------------------------------------------- admin */

	const adminPaymentSchema = z.object( {
		invoiceid: z.number().int().positive(),
		amount: z.union( [ z.string(), z.number() ] ).transform( String ),
		paymentmode: z.string().default( '1' ),
		date: z
			.string()
			.regex( /^\d{4}-\d{2}-\d{2}$/ )
			.optional(),
		transactionid: z.string().optional(),
		note: z.string().optional(),
	} );

	async function admin(
		method: string,
		path: string,
		raw: Buffer
	): Promise< ApiResult > {
		let json: unknown = {};
		if ( raw.length > 0 ) {
			try {
				json = JSON.parse( raw.toString( 'utf8' ) ) as unknown;
			} catch {
				return fail( 400, 'Admin endpoints take JSON bodies' );
			}
		}
		const route = `${ method } ${ path }`;
		try {
			switch ( route ) {
				case 'GET /__sandbox/faults':
					return ok( faults.current() );
				case 'PUT /__sandbox/faults':
					return ok( faults.set( json ) );
				case 'POST /__sandbox/faults/rules':
					return ok( faults.add( json ) );
				case 'DELETE /__sandbox/faults':
					return ok( faults.set( {} ) );
				case 'POST /__sandbox/tokens': {
					const input = z
						.object( {
							permissions: permissionsSchema,
							name: z.string().optional(),
						} )
						.parse( json );
					return ok( {
						token: createToken( input.permissions, input.name ),
					} );
				}
				case 'POST /__sandbox/payments': {
					const input = adminPaymentSchema.parse( json );
					if ( ! model.invoiceRow( input.invoiceid ) ) {
						return fail( 404, 'Invoice not found' );
					}
					const result = model.addPayment( input );
					return ok( {
						paymentid: result.paymentId,
						status: result.status,
					} );
				}
				case 'GET /__sandbox/clock':
					return ok( {
						today: model.today(),
						now: clock.now().toISOString(),
					} );
				case 'PUT /__sandbox/clock': {
					const input = z
						.object( { today: z.string() } )
						.parse( json );
					setToday( input.today );
					const checked = model.runOverdueCron();
					return ok( { today: model.today(), checked } );
				}
				case 'POST /__sandbox/cron':
					return ok( { checked: model.runOverdueCron() } );
				case 'GET /__sandbox/settings':
					return ok( {
						webhookEvents: webhooks.options.mode,
						webhookRetryDelaysMs: webhooks.options.retryDelaysMs,
					} );
				case 'PUT /__sandbox/settings': {
					const input = z
						.object( {
							webhookEvents: z
								.enum( [ 'code', 'full' ] )
								.optional(),
							webhookRetryDelaysMs: z
								.array( z.number().int().min( 0 ) )
								.optional(),
						} )
						.parse( json );
					if ( input.webhookEvents ) {
						webhooks.options.mode = input.webhookEvents;
					}
					if ( input.webhookRetryDelaysMs ) {
						webhooks.options.retryDelaysMs =
							input.webhookRetryDelaysMs;
					}
					return ok( {
						webhookEvents: webhooks.options.mode,
						webhookRetryDelaysMs: webhooks.options.retryDelaysMs,
					} );
				}
				case 'GET /__sandbox/webhook-deliveries':
					return ok(
						db
							.all( 'SELECT * FROM webhook_logs ORDER BY id' )
							.map( stringRow )
					);
				case 'GET /__sandbox/counts':
					return ok( model.counts() );
				case 'GET /__sandbox/requests':
					return ok( requests );
			}
		} catch ( error ) {
			if ( error instanceof z.ZodError ) {
				return fail(
					400,
					error.issues
						.map(
							( issue ) =>
								`${ issue.path.join( '.' ) }: ${ issue.message }`
						)
						.join( '; ' )
				);
			}
			if ( error instanceof RangeError ) {
				return fail( 400, error.message );
			}
			throw error;
		}
		return fail( 404, 'Unknown admin endpoint' );
	}

	/* ------------------------------------------------------------- server */

	const sockets = new Set< Socket >();
	const hangTimers = new Set< NodeJS.Timeout >();
	const record = ( entry: Omit< RequestLogEntry, 'at' > ) => {
		requests.push( { ...entry, at: Date.now() } );
		if ( requests.length > 1000 ) {
			requests.shift();
		}
	};

	async function handle(
		req: IncomingMessage,
		res: ServerResponse
	): Promise< void > {
		const url = new URL( req.url ?? '/', 'http://127.0.0.1' );
		if ( url.pathname === '/__sandbox/health' ) {
			sendJson( res, ok( { ok: true } ) );
			return;
		}
		const method = ( req.method ?? 'GET' ).toUpperCase();
		const raw = await readBody( req );
		const page = pages.handle( method, url, req.headers, raw );
		if ( page !== null ) {
			res.writeHead( page.status, {
				...( page.html === undefined ? {} : PAGE_HEADERS ),
				...page.headers,
			} );
			res.end( page.html );
			return;
		}
		const token = lookupToken( tokenOf( req, url ) );
		if ( url.pathname === '/' && method === 'GET' ) {
			if ( ! token && ! pages.loggedIn( req.headers.cookie ) ) {
				res.writeHead( 401, {
					'content-type': 'text/plain; charset=utf-8',
				} );
				res.end(
					'Open this page with ?authtoken=<sandbox token>, or log in at /admin/authentication\n'
				);
				return;
			}
			const html = renderPage( {
				invoices: model.invoices(),
				creditNotes: model.creditNotes(),
				customers: model.customers(),
				currencies: new Map(
					db
						.all( 'SELECT id, name FROM currencies' )
						.map( ( row ) => [
							String( row.id ),
							String( row.name ),
						] )
				),
				today: model.today(),
			} );
			res.writeHead( 200, PAGE_HEADERS );
			res.end( html );
			return;
		}
		if ( url.pathname.startsWith( '/__sandbox/' ) ) {
			if ( ! token?.admin ) {
				sendJson(
					res,
					fail( 401, 'Admin endpoints need a sandbox admin token' )
				);
				return;
			}
			sendJson( res, await admin( method, url.pathname, raw ) );
			return;
		}
		if ( ! url.pathname.startsWith( '/api/' ) ) {
			sendJson( res, fail( 404, 'Not found' ) );
			return;
		}
		const path = url.pathname.slice( 4 );
		if ( faults.latencyMs > 0 ) {
			await new Promise( ( resolve ) =>
				setTimeout( resolve, faults.latencyMs )
			);
		}
		const rawToken = tokenOf( req, url );
		if ( ! token ) {
			record( { method, path, status: 401, fault: null } );
			sendJson(
				res,
				fail(
					401,
					rawToken === '' ? 'Token is not defined.' : 'Invalid Token'
				)
			);
			return;
		}
		const resource = path.split( '/' ).filter( Boolean )[ 0 ] ?? '';
		const actions: Record< string, Permission > = {
			GET: 'get',
			POST: 'create',
			PUT: 'update',
		};
		const action: Permission = actions[ method ] ?? 'delete';
		const permissionResource = path.match( /^\/webhooks\/\d+\/toggle/ )
			? 'webhooks'
			: resource;
		if (
			RESOURCES.includes( resource ) &&
			resource !== 'common' &&
			! allowed( token.permissions, permissionResource, action )
		) {
			record( { method, path, status: 403, fault: null } );
			sendJson(
				res,
				fail(
					403,
					`This token has no "${ action }" permission on ${ resource }.`
				)
			);
			return;
		}
		const fault = faults.pick( method, path );
		if ( fault?.kind === 'error' ) {
			record( { method, path, status: fault.status, fault: 'error' } );
			sendJson( res, fail( fault.status, 'Injected fault (sandbox)' ) );
			return;
		}
		if ( fault?.kind === 'rate_limit' ) {
			record( { method, path, status: 429, fault: 'rate_limit' } );
			sendJson( res, {
				...fail( 429, 'Too Many Requests' ),
				headers: { 'retry-after': String( fault.retryAfter ) },
			} );
			return;
		}
		if ( fault?.kind === 'drop_before' ) {
			record( { method, path, status: 'dropped', fault: 'drop_before' } );
			req.socket.destroy();
			return;
		}
		if ( fault?.kind === 'timeout' ) {
			record( { method, path, status: 'timeout', fault: 'timeout' } );
			const timer = setTimeout( () => {
				hangTimers.delete( timer );
				req.socket.destroy();
			}, fault.hangMs );
			hangTimers.add( timer );
			return;
		}
		let result: ApiResult;
		try {
			result = await api(
				method,
				path,
				url.searchParams,
				await parseBody( req, raw )
			);
		} catch ( error ) {
			if ( error instanceof SyntaxError ) {
				result = fail( 400, 'Invalid JSON body' );
			} else {
				log( {
					event: 'error',
					error:
						error instanceof Error ? error.stack : String( error ),
				} );
				result = fail( 500, 'Internal Server Error' );
			}
		}
		if ( fault?.kind === 'drop' ) {
			record( { method, path, status: 'dropped', fault: 'drop' } );
			req.socket.destroy();
			return;
		}
		record( { method, path, status: result.status, fault: null } );
		sendJson( res, result );
	}

	const server = createServer( ( req, res ) => {
		handle( req, res ).catch( ( error: unknown ) => {
			log( {
				event: 'error',
				error: error instanceof Error ? error.stack : String( error ),
			} );
			if ( ! res.headersSent ) {
				sendJson( res, fail( 500, 'Internal Server Error' ) );
			}
		} );
	} );
	server.on( 'connection', ( socket ) => {
		sockets.add( socket );
		socket.on( 'close', () => sockets.delete( socket ) );
	} );
	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( options.port ?? 0, '127.0.0.1', () => resolve() );
	} );
	const port = ( server.address() as AddressInfo ).port;
	const url = `http://127.0.0.1:${ port }`;

	return {
		url,
		apiUrl: `${ url }/api`,
		port,
		model,
		faults,
		webhooks,
		requests,
		createToken: ( permissions, name ) => createToken( permissions, name ),
		setToday,
		close: async () => {
			webhooks.close();
			for ( const timer of hangTimers ) {
				clearTimeout( timer );
			}
			for ( const socket of sockets ) {
				socket.destroy();
			}
			await new Promise< void >( ( resolve ) =>
				server.close( () => resolve() )
			);
			db.persist();
			db.close();
		},
	};
}

export { ymd };
