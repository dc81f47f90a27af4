/**
 * Request bodies as PHP sees them: `$_POST` built from bracketed form keys
 * (`newitems[0][taxname][]`), or from a JSON body. Every node is a string or an ordered map
 * (PHP arrays keep insertion order; `[]` appends the next integer key).
 */
export type PostNode = string | PostMap;
export type PostMap = Map< string, PostNode >;

function keySegments( key: string ): string[] | null {
	const first = key.indexOf( '[' );
	if ( first === -1 ) {
		return [ key ];
	}
	const head = key.slice( 0, first );
	const rest = key.slice( first );
	const segments = [ head ];
	const re = /\[([^\]]*)\]/gy;
	let match: RegExpExecArray | null;
	let consumed = 0;
	while ( ( match = re.exec( rest ) ) !== null ) {
		segments.push( match[ 1 ] ?? '' );
		consumed = re.lastIndex;
	}
	if ( consumed !== rest.length || head === '' ) {
		return null;
	}
	return segments;
}

function nextIndex( map: PostMap ): string {
	let max = -1;
	for ( const key of map.keys() ) {
		if ( /^\d+$/.test( key ) ) {
			max = Math.max( max, Number( key ) );
		}
	}
	return String( max + 1 );
}

/**
 * Builds the `$_POST` tree from ordered form entries.
 * @param entries
 */
export function parsePhpForm(
	entries: Iterable< [ string, string ] >
): PostMap {
	const root: PostMap = new Map();
	for ( const [ key, value ] of entries ) {
		const segments = keySegments( key );
		if ( segments === null ) {
			root.set( key, value );
			continue;
		}
		let node: PostMap = root;
		segments.forEach( ( raw, index ) => {
			const segment = raw === '' ? nextIndex( node ) : raw;
			if ( index === segments.length - 1 ) {
				node.set( segment, value );
				return;
			}
			const child = node.get( segment );
			if ( child instanceof Map ) {
				node = child;
			} else {
				const created: PostMap = new Map();
				node.set( segment, created );
				node = created;
			}
		} );
	}
	return root;
}

/**
 * Converts a decoded JSON value into the same tree (numbers/booleans become strings).
 * @param value
 */
export function fromJson( value: unknown ): PostNode {
	if ( value === null || value === undefined ) {
		return '';
	}
	if ( typeof value === 'boolean' ) {
		return value ? '1' : '';
	}
	if ( typeof value === 'number' || typeof value === 'string' ) {
		return String( value );
	}
	const map: PostMap = new Map();
	if ( Array.isArray( value ) ) {
		value.forEach( ( item, index ) =>
			map.set( String( index ), fromJson( item ) )
		);
		return map;
	}
	for ( const [ key, item ] of Object.entries(
		value as Record< string, unknown >
	) ) {
		map.set( key, fromJson( item ) );
	}
	return map;
}

export function str( node: PostNode | undefined ): string | undefined {
	return typeof node === 'string' ? node : undefined;
}

export function list( node: PostNode | undefined ): PostNode[] {
	if ( node === undefined ) {
		return [];
	}
	if ( typeof node === 'string' ) {
		return node === '' ? [] : [ node ];
	}
	return [ ...node.values() ];
}

/**
 * Plain JS view of a tree (for logs and contract checks).
 * @param node
 */
export function toPlain( node: PostNode ): unknown {
	if ( typeof node === 'string' ) {
		return node;
	}
	const keys = [ ...node.keys() ];
	if (
		keys.length > 0 &&
		keys.every( ( key, index ) => key === String( index ) )
	) {
		return [ ...node.values() ].map( toPlain );
	}
	const out: Record< string, unknown > = {};
	for ( const [ key, value ] of node ) {
		out[ key ] = toPlain( value );
	}
	return out;
}
