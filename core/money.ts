/**
 * Exact decimal money for the core.
 *
 * A `Dec` is a bigint counting "atoms" of 10^-12. Every amount the core reads
 * (WooCommerce strings such as "909.0909090909", "0.588", "12.00") is parsed
 * into atoms without going through a binary float, so additions are exact and
 * roundings happen only where a rule says so, with an explicit mode.
 *
 * Why 12 decimals: WooCommerce stores line values unrounded (PHP floats printed
 * with at most 17 significant digits) and rounds to the store's price decimals
 * (0, 2 or 3) only in totals; Perfex keeps 2 decimals (DECIMAL(15,2)). Products
 * such as qty (2 dp) x rate (2 dp) x tax rate (2 dp) / 100 need 8 decimals, so 12
 * leaves room. Digits beyond the 12th are rounded half away from zero when
 * parsing; they are far below any currency's minor unit.
 */

export type Dec = bigint;

export const SCALE = 12;
export const ONE: Dec = 10n ** 12n;
export const HUNDRED: Dec = 100n * ONE;

const POW10: bigint[] = [];
for ( let i = 0; i <= 30; i++ ) {
	POW10.push( 10n ** BigInt( i ) );
}

function pow10( exponent: number ): bigint {
	const value = POW10[ exponent ];
	if ( value === undefined ) {
		throw new RangeError( `10^${ exponent } is out of range` );
	}
	return value;
}

/** How a value exactly halfway between two steps is rounded. */
export type Rounding =
	| 'half-away' // PHP round()/number_format(), MySQL DECIMAL: 2.5 -> 3, -2.5 -> -3
	| 'half-up' // JS Math.round (accounting.toFixed): 2.5 -> 3, -2.5 -> -2
	| 'half-down' // PHP_ROUND_HALF_DOWN: 2.5 -> 2, -2.5 -> -2
	| 'half-even';

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Shortest decimal text of a JS number; exponent notation is refused.
 * @param value
 */
export function numberToText( value: number ): string {
	if ( ! Number.isFinite( value ) ) {
		throw new RangeError( `not a finite number: ${ value }` );
	}
	const text = String( value );
	if ( /e/i.test( text ) ) {
		throw new RangeError(
			`number ${ text } needs exponent notation; send it as a decimal string`
		);
	}
	return text;
}

/**
 * True when `text` is a plain decimal ("12", "-0.5", "3.", ".25").
 * @param text
 */
export function isDecimalText( text: string ): boolean {
	const match = DECIMAL_TEXT.exec( text.trim() );
	return (
		match !== null &&
		( ( match[ 2 ] ?? '' ) !== '' || ( match[ 3 ] ?? '' ) !== '' )
	);
}

// Parsed values by text: snapshots repeat the same strings ("0", "20.00") a lot.
// A pure memo (same text, same value), bounded so it cannot grow without limit.
const parsedCache = new Map< string, Dec >();
const PARSED_CACHE_LIMIT = 4096;

/**
 * Parses a decimal string (or a JS number via its shortest text) into atoms; "" is 0.
 * @param value
 */
export function dec( value: string | number ): Dec {
	const text =
		typeof value === 'number' ? numberToText( value ) : value.trim();
	if ( text === '' ) {
		return 0n;
	}
	const cached = parsedCache.get( text );
	if ( cached !== undefined ) {
		return cached;
	}
	const parsed = parseDecimal( text );
	if ( parsedCache.size >= PARSED_CACHE_LIMIT ) {
		parsedCache.clear();
	}
	parsedCache.set( text, parsed );
	return parsed;
}

function parseDecimal( text: string ): Dec {
	const match = DECIMAL_TEXT.exec( text );
	const whole = match?.[ 2 ] ?? '';
	let fraction = match?.[ 3 ] ?? '';
	if ( ! match || ( whole === '' && fraction === '' ) ) {
		throw new RangeError( `not a decimal number: "${ text }"` );
	}
	let carry = 0n;
	if ( fraction.length > SCALE ) {
		carry = fraction.charCodeAt( SCALE ) - 48 >= 5 ? 1n : 0n;
		fraction = fraction.slice( 0, SCALE );
	}
	const atoms =
		BigInt( ( whole || '0' ) + fraction.padEnd( SCALE, '0' ) ) + carry;
	return match[ 1 ] === '-' ? -atoms : atoms;
}

/**
 * An integer count of units of 10^-decimals, as atoms.
 * @param units
 * @param decimals
 */
export function fromMinor( units: bigint, decimals: number ): Dec {
	return units * pow10( SCALE - decimals );
}

/**
 * Rounds to `decimals` places and returns the count of 10^-decimals units.
 * @param value
 * @param decimals
 * @param mode
 */
export function toMinor(
	value: Dec,
	decimals: number,
	mode: Rounding = 'half-away'
): bigint {
	return roundQuotient( value, pow10( SCALE - decimals ), mode );
}

/**
 * Rounds `value` to `decimals` places.
 * @param value
 * @param decimals
 * @param mode
 */
export function round(
	value: Dec,
	decimals: number,
	mode: Rounding = 'half-away'
): Dec {
	const step = pow10( SCALE - decimals );
	return roundQuotient( value, step, mode ) * step;
}

/**
 * numerator / denominator rounded to an integer with the given mode.
 * @param numerator
 * @param denominator
 * @param mode
 */
function roundQuotient(
	numerator: bigint,
	denominator: bigint,
	mode: Rounding
): bigint {
	if ( denominator < 0n ) {
		return roundQuotient( -numerator, -denominator, mode );
	}
	const quotient = numerator / denominator; // truncates toward zero
	const remainder = numerator - quotient * denominator;
	if ( remainder === 0n ) {
		return quotient;
	}
	const twice = ( remainder < 0n ? -remainder : remainder ) * 2n;
	const sign = remainder < 0n ? -1n : 1n;
	if ( twice > denominator ) {
		return quotient + sign;
	}
	if ( twice < denominator ) {
		return quotient;
	}
	switch ( mode ) {
		case 'half-away':
			return quotient + sign;
		case 'half-up':
			return sign > 0n ? quotient + 1n : quotient;
		case 'half-down':
			return quotient;
		case 'half-even':
			return quotient % 2n === 0n ? quotient : quotient + sign;
	}
}

/**
 * Smallest multiple of 10^-decimals that is >= value.
 * @param value
 * @param decimals
 */
export function ceil( value: Dec, decimals: number ): Dec {
	const step = pow10( SCALE - decimals );
	const units = value / step;
	return ( value > units * step ? units + 1n : units ) * step;
}

/**
 * Exact product when the result needs no more than 12 decimals (truncated beyond).
 * @param a
 * @param b
 */
export function mul( a: Dec, b: Dec ): Dec {
	return ( a * b ) / ONE;
}

/**
 * a x percent / 100, exact up to 12 decimals (truncated beyond).
 * @param amount
 * @param percent
 */
export function percentOf( amount: Dec, percent: Dec ): Dec {
	return ( amount * percent ) / ( ONE * 100n );
}

/**
 * a / b rounded to `decimals` places.
 * @param a
 * @param b
 * @param decimals
 * @param mode
 */
export function div(
	a: Dec,
	b: Dec,
	decimals: number,
	mode: Rounding = 'half-away'
): Dec {
	if ( b === 0n ) {
		throw new RangeError( 'division by zero' );
	}
	const units = roundQuotient( a * pow10( decimals ), b, mode );
	return units * pow10( SCALE - decimals );
}

/**
 * a x b / c rounded to `decimals` places (one rounding, no intermediate loss).
 * @param a
 * @param b
 * @param c
 * @param decimals
 * @param mode
 */
export function mulDiv(
	a: Dec,
	b: Dec,
	c: Dec,
	decimals: number,
	mode: Rounding = 'half-away'
): Dec {
	if ( c === 0n ) {
		throw new RangeError( 'division by zero' );
	}
	const units = roundQuotient( a * b * pow10( decimals ), c * ONE, mode );
	return units * pow10( SCALE - decimals );
}

export function abs( value: Dec ): Dec {
	return value < 0n ? -value : value;
}

export function sum( values: Iterable< Dec > ): Dec {
	let total = 0n;
	for ( const value of values ) {
		total += value;
	}
	return total;
}

/**
 * True when `value` has no digits beyond `decimals` places.
 * @param value
 * @param decimals
 */
export function fitsDecimals( value: Dec, decimals: number ): boolean {
	return value % pow10( SCALE - decimals ) === 0n;
}

/**
 * Fixed-point text with exactly `decimals` places ("12.50", "-0.01", "7");
 * the value is rounded half away from zero first.
 * @param value
 * @param decimals
 */
export function fmt( value: Dec, decimals: number ): string {
	const units = toMinor( value, decimals );
	const negative = units < 0n;
	const digits = ( negative ? -units : units )
		.toString()
		.padStart( decimals + 1, '0' );
	const whole = digits.slice( 0, digits.length - decimals );
	const fraction = digits.slice( digits.length - decimals );
	return (
		( negative ? '-' : '' ) + whole + ( decimals > 0 ? '.' + fraction : '' )
	);
}

/**
 * Shortest exact text (trailing zeros removed): "2", "0.588", "-1.5".
 * @param value
 */
export function fmtExact( value: Dec ): string {
	const negative = value < 0n;
	const digits = ( negative ? -value : value )
		.toString()
		.padStart( SCALE + 1, '0' );
	const whole = digits.slice( 0, digits.length - SCALE );
	const fraction = digits.slice( digits.length - SCALE ).replace( /0+$/, '' );
	return ( negative ? '-' : '' ) + whole + ( fraction ? '.' + fraction : '' );
}

/**
 * Splits `total` (a count of minor units) in proportion to non-negative
 * `weights` by the largest-remainder method: the parts are integers, they sum
 * to `total` exactly, and ties go to the earlier weight (deterministic).
 * @param total
 * @param weights
 */
export function allocate( total: bigint, weights: readonly Dec[] ): bigint[] {
	const weightSum = sum( weights );
	if ( weightSum <= 0n ) {
		throw new RangeError( 'allocate needs a positive weight sum' );
	}
	const negative = total < 0n;
	const magnitude = negative ? -total : total;
	const parts: bigint[] = [];
	const remainders: { index: number; remainder: bigint }[] = [];
	let given = 0n;
	weights.forEach( ( weight, index ) => {
		const exact = magnitude * weight;
		const part = exact / weightSum;
		parts.push( part );
		given += part;
		remainders.push( { index, remainder: exact - part * weightSum } );
	} );
	remainders.sort( ( a, b ) => {
		if ( a.remainder === b.remainder ) {
			return a.index - b.index;
		}
		return a.remainder > b.remainder ? -1 : 1;
	} );
	let left = magnitude - given;
	for ( const { index } of remainders ) {
		if ( left === 0n ) {
			break;
		}
		parts[ index ] = ( parts[ index ] ?? 0n ) + 1n;
		left -= 1n;
	}
	return negative ? parts.map( ( part ) => -part ) : parts;
}
