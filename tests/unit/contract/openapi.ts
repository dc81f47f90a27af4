/**
 * Checks a recorded HTTP request against the vendor's OpenAPI document: path, method, query
 * parameters, body field names, types and required fields. Returns the issues found.
 */
import { z } from 'zod';
import {
	parsePhpForm,
	type PostMap,
	type PostNode,
} from '../../perfex-sandbox/php-form';

const schemaObject: z.ZodType< SchemaObject > = z.lazy( () =>
	z.looseObject( {
		type: z.string().optional(),
		format: z.string().optional(),
		properties: z.record( z.string(), schemaObject ).optional(),
		required: z.array( z.string() ).optional(),
		items: schemaObject.optional(),
		$ref: z.string().optional(),
	} )
);
interface SchemaObject {
	type?: string;
	format?: string;
	properties?: Record< string, SchemaObject >;
	required?: string[];
	items?: SchemaObject;
	$ref?: string;
}

const parameterSchema = z.looseObject( {
	name: z.string().optional(),
	in: z.string().optional(),
	$ref: z.string().optional(),
} );
const operationSchema = z.looseObject( {
	parameters: z.array( parameterSchema ).optional(),
	requestBody: z
		.looseObject( {
			content: z.record(
				z.string(),
				z.looseObject( { schema: schemaObject } )
			),
		} )
		.optional(),
} );
export const openApiSchema = z.looseObject( {
	openapi: z.string(),
	paths: z.record( z.string(), z.record( z.string(), z.unknown() ) ),
	components: z
		.looseObject( {
			parameters: z.record( z.string(), parameterSchema ).optional(),
		} )
		.optional(),
	security: z.array( z.record( z.string(), z.unknown() ) ).optional(),
} );
export type OpenApi = z.output< typeof openApiSchema >;

export interface Issue {
	operation: string;
	field?: string;
	kind:
		| 'path'
		| 'method'
		| 'query'
		| 'field'
		| 'type'
		| 'required'
		| 'auth'
		| 'item';
	message: string;
}

export interface CapturedRequest {
	method: string;
	/** Path after the API base (`/invoices/12`). */
	path: string;
	query: URLSearchParams;
	headers: Headers;
	body: FormData | string | null;
}

function templateRegex( template: string ): RegExp {
	const escaped = template
		.replace( /[.*+?^$()|[\]\\]/g, '\\$&' )
		.replace( /\\?\{[^}]+\\?\}/g, '[^/]+' );
	return new RegExp( `^${ escaped.replace( /\{[^}]+\}/g, '[^/]+' ) }$` );
}

/**
 * The spec path template matching a concrete path (most specific first).
 * @param spec
 * @param path
 */
export function matchPath( spec: OpenApi, path: string ): string | null {
	const templates = Object.keys( spec.paths ).sort(
		( a, b ) =>
			( a.match( /\{/g )?.length ?? 0 ) -
			( b.match( /\{/g )?.length ?? 0 )
	);
	return (
		templates.find( ( template ) =>
			templateRegex( template ).test( path )
		) ?? null
	);
}

function formTypeOk( value: string, schema: SchemaObject ): boolean {
	switch ( schema.type ) {
		case 'integer':
			return /^-?\d+$/.test( value );
		case 'number':
			return /^-?(\d+(\.\d+)?|\.\d+)$/.test( value );
		case 'boolean':
			return [ '1', '0', 'true', 'false', 'on', 'yes', 'no' ].includes(
				value
			);
		case 'string':
			return schema.format === 'date'
				? /^\d{4}-\d{2}-\d{2}$/.test( value )
				: true;
		default:
			return true;
	}
}

function jsonTypeOk( value: unknown, schema: SchemaObject ): boolean {
	switch ( schema.type ) {
		case 'integer':
			return Number.isInteger( value );
		case 'number':
			return typeof value === 'number' && Number.isFinite( value );
		case 'boolean':
			return typeof value === 'boolean';
		case 'string':
			return (
				typeof value === 'string' &&
				( schema.format !== 'date' ||
					/^\d{4}-\d{2}-\d{2}$/.test( value ) )
			);
		case 'array':
			return (
				Array.isArray( value ) &&
				value.every( ( item ) =>
					schema.items ? jsonTypeOk( item, schema.items ) : true
				)
			);
		case 'object':
			return (
				value !== null &&
				typeof value === 'object' &&
				! Array.isArray( value )
			);
		default:
			return true;
	}
}

function formNodeOk( node: PostNode, schema: SchemaObject ): boolean {
	if ( schema.type === 'array' ) {
		return (
			node instanceof Map &&
			[ ...node.values() ].every( ( item ) =>
				schema.items ? formNodeOk( item, schema.items ) : true
			)
		);
	}
	if ( schema.type === 'object' ) {
		return node instanceof Map;
	}
	return typeof node === 'string' && formTypeOk( node, schema );
}

/** Line items as Perfex's `add_new_sales_item_post` reads them (perfex-facts §2.2). */
const ITEM_KEYS = [
	'description',
	'long_description',
	'qty',
	'rate',
	'order',
	'unit',
];

export function checkRequest(
	spec: OpenApi,
	request: CapturedRequest
): Issue[] {
	const template = matchPath( spec, request.path );
	const operation = `${ request.method } ${ template ?? request.path }`;
	const issues: Issue[] = [];
	if ( ! ( request.headers.get( 'authtoken' ) ?? '' ) ) {
		issues.push( {
			operation,
			kind: 'auth',
			message: 'no authtoken header',
		} );
	}
	if ( template === null ) {
		const generic = request.path.replace(
			/^\/common\/[^/]+$/,
			'/common/{type}'
		);
		issues.push( {
			operation: `${ request.method } ${ generic }`,
			kind: 'path',
			message: `no path in the spec for ${ request.path }`,
		} );
		return issues;
	}
	const pathItem = spec.paths[ template ] ?? {};
	const parsedOp = operationSchema.safeParse(
		pathItem[ request.method.toLowerCase() ]
	);
	if ( ! parsedOp.success ) {
		issues.push( {
			operation,
			kind: 'method',
			message: `${ request.method } is not defined for ${ template }`,
		} );
		return issues;
	}
	const op = parsedOp.data;
	const resolve = ( p: z.output< typeof parameterSchema > ) =>
		p.$ref
			? ( spec.components?.parameters?.[
					p.$ref.replace( '#/components/parameters/', '' )
				] ?? p )
			: p;
	const queryNames = new Set(
		( op.parameters ?? [] )
			.map( resolve )
			.filter( ( p ) => p.in === 'query' )
			.map( ( p ) => p.name )
	);
	for ( const name of request.query.keys() ) {
		if ( ! queryNames.has( name ) ) {
			issues.push( {
				operation,
				field: name,
				kind: 'query',
				message: `query parameter ${ name } is not in the spec`,
			} );
		}
	}
	if ( request.body === null ) {
		return issues;
	}
	const isJson = typeof request.body === 'string';
	const contentType = isJson ? 'application/json' : 'multipart/form-data';
	const bodySchema = op.requestBody?.content[ contentType ]?.schema;
	if ( ! bodySchema ) {
		issues.push( {
			operation,
			kind: 'method',
			message: `the spec has no ${ contentType } body for ${ operation }`,
		} );
		return issues;
	}
	const properties = bodySchema.properties ?? {};
	let fields: Map< string, { form?: PostNode; json?: unknown } >;
	if ( isJson ) {
		const parsed = z
			.record( z.string(), z.unknown() )
			.parse( JSON.parse( request.body as string ) );
		fields = new Map(
			Object.entries( parsed ).map( ( [ key, value ] ) => [
				key,
				{ json: value },
			] )
		);
	} else {
		const entries: Array< [ string, string ] > = [];
		( request.body as FormData ).forEach( ( value, key ) =>
			entries.push( [ key, String( value ) ] )
		);
		const tree: PostMap = parsePhpForm( entries );
		fields = new Map(
			[ ...tree ].map( ( [ key, value ] ) => [ key, { form: value } ] )
		);
	}
	for ( const [ name, value ] of fields ) {
		const property = properties[ name ];
		if ( ! property ) {
			issues.push( {
				operation,
				field: name,
				kind: 'field',
				message: `field ${ name } is not in the spec`,
			} );
			continue;
		}
		const ok = isJson
			? jsonTypeOk( value.json, property )
			: formNodeOk( value.form as PostNode, property );
		if ( ! ok ) {
			issues.push( {
				operation,
				field: name,
				kind: 'type',
				message: `field ${ name } does not have the spec type ${ property.type }${ property.items ? ` of ${ property.items.type }` : '' }`,
			} );
		}
	}
	for ( const name of bodySchema.required ?? [] ) {
		if ( ! fields.has( name ) ) {
			issues.push( {
				operation,
				field: name,
				kind: 'required',
				message: `required field ${ name } is missing`,
			} );
		}
	}
	for ( const listName of [ 'newitems', 'items' ] ) {
		const value = fields.get( listName );
		let items: unknown[] = [];
		if ( Array.isArray( value?.json ) ) {
			items = value.json;
		} else if ( value?.form instanceof Map ) {
			items = [ ...value.form.values() ];
		}
		items.forEach( ( item, index ) => {
			let keys: string[] = [];
			if ( item instanceof Map ) {
				keys = [ ...item.keys() ];
			} else if ( item !== null && typeof item === 'object' ) {
				keys = Object.keys( item );
			}
			const missing = ITEM_KEYS.filter(
				( key ) => ! keys.includes( key )
			);
			if ( missing.length > 0 ) {
				issues.push( {
					operation,
					field: `${ listName }[${ index }]`,
					kind: 'item',
					message: `item lacks ${ missing.join( ', ' ) } (perfex-facts §2.2)`,
				} );
			}
		} );
	}
	return issues;
}
