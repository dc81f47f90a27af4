/**
 * PHP-style form encoding: nested objects and arrays become bracketed keys, the way PHP's
 * `$_POST` parser expects them (`newitems[0][taxname][]=VAT|20.00`).
 *
 * - objects → `key[prop]`
 * - arrays of scalars → `key[]` repeated (order kept)
 * - arrays of objects → `key[0][prop]`, `key[1][prop]`, …
 * - booleans → "1" / "0"; numbers → their decimal string; `undefined` and `null` are left out
 */

export type FormScalar = string | number | boolean | null | undefined;
export type FormValue = FormScalar | FormObject | readonly FormValue[];
export interface FormObject {
	readonly [ key: string ]: FormValue;
}

function scalarToString( value: string | number | boolean ): string {
	if ( typeof value === 'boolean' ) {
		return value ? '1' : '0';
	}
	if ( typeof value === 'number' ) {
		if ( ! Number.isFinite( value ) ) {
			throw new RangeError( `Cannot encode ${ value } in a form` );
		}
		return String( value );
	}
	return value;
}

function isScalar( value: FormValue ): value is FormScalar {
	return value === null || typeof value !== 'object';
}

/**
 * Flattens a nested object into ordered `[key, value]` pairs.
 * @param data
 */
export function flattenForm( data: FormObject ): Array< [ string, string ] > {
	const out: Array< [ string, string ] > = [];
	const walk = ( prefix: string, value: FormValue ): void => {
		if ( value === undefined || value === null ) {
			return;
		}
		if ( isScalar( value ) ) {
			out.push( [ prefix, scalarToString( value ) ] );
			return;
		}
		if ( Array.isArray( value ) ) {
			const list: readonly FormValue[] = value;
			const allScalars = list.every( isScalar );
			list.forEach( ( item, index ) => {
				walk(
					allScalars ? `${ prefix }[]` : `${ prefix }[${ index }]`,
					item
				);
			} );
			return;
		}
		for ( const [ key, child ] of Object.entries( value as FormObject ) ) {
			walk( prefix === '' ? key : `${ prefix }[${ key }]`, child );
		}
	};
	walk( '', data );
	return out;
}

/**
 * Builds a `FormData` (sent as multipart/form-data by fetch).
 * @param data
 */
export function toFormData( data: FormObject ): FormData {
	const form = new FormData();
	for ( const [ key, value ] of flattenForm( data ) ) {
		form.append( key, value );
	}
	return form;
}
