/**
 * Perfex's arithmetic, as the sandbox (playing Perfex) does it. Written from
 * research/perfex-facts.md §2.3, §2.4 and §5.4 only, independently of WooSync's core.
 *
 * Exact rationals (BigInt) stand in for Perfex's floats: the formulas are Perfex's, the
 * rounding is done once where Perfex rounds (toFixed / number_format / DECIMAL(15,2)), half away
 * from zero.
 */

export class Frac {
	readonly n: bigint;
	readonly d: bigint;

	constructor( n: bigint, d: bigint = 1n ) {
		if ( d === 0n ) {
			throw new RangeError( 'division by zero' );
		}
		const sign = d < 0n ? -1n : 1n;
		const g = gcd( n < 0n ? -n : n, d < 0n ? -d : d ) || 1n;
		this.n = ( sign * n ) / g;
		this.d = ( sign * d ) / g;
	}

	static parse( text: string ): Frac {
		const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec( text );
		if (
			! match ||
			( ( match[ 2 ] ?? '' ) === '' && ( match[ 3 ] ?? '' ) === '' )
		) {
			throw new RangeError( `not a decimal: ${ text }` );
		}
		const frac = match[ 3 ] ?? '';
		const digits = BigInt( ( match[ 2 ] || '0' ) + frac );
		const value = new Frac( digits, 10n ** BigInt( frac.length ) );
		return match[ 1 ] === '-' ? value.neg() : value;
	}

	static isDecimal( text: string ): boolean {
		return /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test( text );
	}

	add( o: Frac ): Frac {
		return new Frac( this.n * o.d + o.n * this.d, this.d * o.d );
	}

	sub( o: Frac ): Frac {
		return this.add( o.neg() );
	}

	mul( o: Frac ): Frac {
		return new Frac( this.n * o.n, this.d * o.d );
	}

	div( o: Frac ): Frac {
		return new Frac( this.n * o.d, this.d * o.n );
	}

	neg(): Frac {
		return new Frac( -this.n, this.d );
	}

	isZero(): boolean {
		return this.n === 0n;
	}

	cmp( o: Frac ): number {
		const left = this.n * o.d;
		const right = o.n * this.d;
		if ( left === right ) {
			return 0;
		}
		return left < right ? -1 : 1;
	}

	/** Rounds to 2 decimals, half away from zero. */
	round2(): Frac {
		const scaled = this.n * 100n;
		const negative = scaled < 0n;
		const abs = negative ? -scaled : scaled;
		let q = abs / this.d;
		if ( ( abs % this.d ) * 2n >= this.d ) {
			q += 1n;
		}
		return new Frac( negative ? -q : q, 100n );
	}

	/** Fixed 2-decimal string (rounded). */
	toFixed2(): string {
		const r = this.round2();
		const cents = ( r.n * 100n ) / r.d;
		const negative = cents < 0n;
		const abs = negative ? -cents : cents;
		const whole = abs / 100n;
		const rest = ( abs % 100n ).toString().padStart( 2, '0' );
		return `${ negative && abs !== 0n ? '-' : '' }${ whole }.${ rest }`;
	}
}

function gcd( a: bigint, b: bigint ): bigint {
	while ( b !== 0n ) {
		[ a, b ] = [ b, a % b ];
	}
	return a;
}

const ZERO = new Frac( 0n );
const HUNDRED = new Frac( 100n );

export interface CalcTax {
	name: string;
	rate: Frac;
}

export interface CalcLine {
	qty: Frac;
	rate: Frac;
	taxes: CalcTax[];
}

export interface CalcInput {
	lines: CalcLine[];
	discountPercent: Frac;
	discountTotal: Frac;
	/** '' means no discount in the UI formula (the UI applies neither branch). */
	discountType: string;
	adjustment: Frac;
}

export interface UiTotals {
	subtotal: string;
	discountTotal: string;
	total: string;
	/** Per "name|rate" key, after a before-tax discount reduced it (rounded for display). */
	taxes: Map< string, string >;
	totalTax: string;
}

function taxKey( tax: CalcTax ): string {
	return `${ tax.name }|${ tax.rate.toFixed2() }`;
}

/**
 * The browser's `calculate_total()` (§2.3, main.js): line amounts rounded, taxes per key on the
 * rounded line amounts, discount before or after tax, total rounded once at the end.
 * @param input
 */
export function uiTotals( input: CalcInput ): UiTotals {
	let subtotal = ZERO;
	const taxes = new Map< string, Frac >();
	for ( const line of input.lines ) {
		const amount = line.rate.mul( line.qty ).round2();
		subtotal = subtotal.add( amount );
		for ( const tax of line.taxes ) {
			if ( tax.rate.isZero() ) {
				continue;
			}
			const key = taxKey( tax );
			taxes.set(
				key,
				( taxes.get( key ) ?? ZERO ).add(
					amount.div( HUNDRED ).mul( tax.rate )
				)
			);
		}
	}
	let discount = ZERO;
	const percent = input.discountPercent;
	const fixed = input.discountTotal;
	const usePercent = ! percent.isZero();
	if ( input.discountType === 'before_tax' ) {
		let factor = new Frac( 1n );
		if ( usePercent ) {
			discount = subtotal.mul( percent ).div( HUNDRED );
			factor = factor.sub( percent.div( HUNDRED ) );
		} else if ( ! fixed.isZero() ) {
			discount = fixed;
			factor = subtotal.isZero()
				? factor
				: factor.sub( fixed.div( subtotal ) );
		}
		for ( const [ key, value ] of taxes ) {
			taxes.set( key, value.mul( factor ) );
		}
	}
	let totalTax = ZERO;
	for ( const value of taxes.values() ) {
		totalTax = totalTax.add( value );
	}
	let total = subtotal.add( totalTax );
	if ( input.discountType === 'after_tax' ) {
		if ( usePercent ) {
			discount = total.mul( percent ).div( HUNDRED );
		} else if ( ! fixed.isZero() ) {
			discount = fixed;
		}
	}
	total = total.sub( discount ).add( input.adjustment );
	const shown = new Map< string, string >();
	for ( const [ key, value ] of taxes ) {
		shown.set( key, value.toFixed2() );
	}
	return {
		subtotal: subtotal.toFixed2(),
		discountTotal: discount.toFixed2(),
		total: total.toFixed2(),
		taxes: shown,
		totalTax: totalTax.toFixed2(),
	};
}

/**
 * The server's stored `total_tax` (`update_sales_total_tax_column`, §2.3): taxes on the
 * unrounded qty*rate, reduced by a before-tax discount, rounded once when stored.
 * @param input
 */
export function serverTotalTax(
	input: CalcInput & { storedSubtotal: Frac }
): string {
	let total = ZERO;
	let factor = new Frac( 1n );
	if ( input.discountType === 'before_tax' ) {
		if ( ! input.discountPercent.isZero() ) {
			factor = factor.sub( input.discountPercent.div( HUNDRED ) );
		} else if (
			! input.discountTotal.isZero() &&
			! input.storedSubtotal.isZero()
		) {
			factor = factor.sub(
				input.discountTotal.div( input.storedSubtotal )
			);
		}
	}
	for ( const line of input.lines ) {
		for ( const tax of line.taxes ) {
			total = total.add(
				line.qty
					.mul( line.rate )
					.div( HUNDRED )
					.mul( tax.rate )
					.mul( factor )
			);
		}
	}
	return total.toFixed2();
}

/**
 * REST API v3 auto-totals (§5.4), used only when the caller omits subtotal or total: ignores
 * the discount type, percent discount on the subtotal.
 * @param input
 */
export function autoTotals( input: CalcInput ): {
	subtotal: string;
	total: string;
	discountTotal: string;
} {
	let subtotal = ZERO;
	let tax = ZERO;
	for ( const line of input.lines ) {
		const amount = line.qty.mul( line.rate );
		subtotal = subtotal.add( amount );
		for ( const t of line.taxes ) {
			tax = tax.add( amount.mul( t.rate ).div( HUNDRED ) );
		}
	}
	const discount = ! input.discountPercent.isZero()
		? subtotal.mul( input.discountPercent ).div( HUNDRED )
		: input.discountTotal;
	return {
		subtotal: subtotal.toFixed2(),
		total: subtotal
			.sub( discount )
			.add( tax )
			.add( input.adjustment )
			.toFixed2(),
		discountTotal: discount.toFixed2(),
	};
}
