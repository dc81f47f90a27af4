/**
 * WooCommerce tax rates -> Perfex "name|rate" taxes.
 *
 * A WooCommerce item lists its rates in `taxes[]` (by rate id). Every rate goes
 * through the tax mapping (rate id, optionally tax class -> Perfex tax id, name,
 * rate). An unmapped rate is a refusal that names it: never a silent 0 %.
 *
 * A "combination" is the set of Perfex taxes one line carries. Perfex applies
 * every tax of a line to the line amount (perfex-facts.md §2.3), which is
 * exactly how WooCommerce stacks the non-compound rates of one tax class.
 *
 * Compound rule. A compound WooCommerce rate C is charged on the price plus
 * the taxes before it (woocommerce-facts.md §1.6): C x (net + sum of earlier
 * taxes). Perfex has no compound taxes, but tblitem_tax copies the name and rate
 * as text (no foreign key to tbltaxes), so the line carries the compound tax at
 * its effective rate on the net: C_eff = C x (100 + sum of the effective rates
 * of the taxes before it) / 100, rounded to Perfex's decimals, under the mapped
 * name. Non-compound rates come first (in tax_lines order), then compound ones
 * in tax_lines order (WooCommerce sorts rates by priority). Example: GST 5 % +
 * QC PST 8.5 % compound -> "GST|5.00" and "QST|8.93" (8.925 rounded); the
 * 0.005 % rate rounding is allowed for in the adjustment tolerance.
 */
import { dec, fmt, mulDiv, round, abs, fitsDecimals, HUNDRED } from './money';
import type { Dec } from './money';
import type { ItemTax, Mappings, TaxLine, TaxMapping } from './schemas';
import { CoreRefusal } from './refusal';
import type { Warning } from './documents';

export interface RateInfo {
	id: number;
	label: string;
	code: string;
	compound: boolean;
	/** WooCommerce's own percentage when the snapshot has it (rate_percent). */
	percent: Dec | null;
	position: number;
}

export interface ComboTax {
	rateId: number;
	/** "name|rate" as posted to Perfex. */
	key: string;
	name: string;
	/** Effective rate on the net, as Perfex stores it (rounded to its decimals). */
	perfexRate: Dec;
	/** Effective rate WooCommerce charges (exact). */
	wooRate: Dec;
	perfexTaxId: number | null;
	compound: boolean;
}

export interface Combo {
	/** Stable identity: the Perfex keys joined, "" for no tax. */
	id: string;
	taxes: ComboTax[];
	keys: string[];
	/** Sum of effective Perfex rates. */
	perfexRate: Dec;
	/** Sum over taxes of |Perfex rate - WooCommerce rate|: rounding allowance per unit of net. */
	rateSlack: Dec;
}

export const NO_TAX: Combo = {
	id: '',
	taxes: [],
	keys: [],
	perfexRate: 0n,
	rateSlack: 0n,
};

/** Base amounts used to derive a rate when identity mapping lacks rate_percent. */
export interface RateSample {
	rateId: number;
	base: Dec;
	tax: Dec;
}

export class TaxResolver {
	private readonly rates = new Map< number, RateInfo >();
	private readonly byRate = new Map< number, TaxMapping[] >();
	private readonly identity: boolean;
	private readonly combos = new Map< string, Combo >();
	private readonly derived = new Map< number, Dec >();

	constructor(
		taxLines: readonly TaxLine[],
		mappings: Mappings,
		private readonly decimals: number,
		private readonly warnings: Warning[],
		samples: readonly RateSample[]
	) {
		taxLines.forEach( ( line, position ) => {
			if ( ! this.rates.has( line.rate_id ) ) {
				this.rates.set( line.rate_id, {
					id: line.rate_id,
					label: line.label,
					code: line.rate_code,
					compound: line.compound,
					percent:
						line.rate_percent === undefined
							? null
							: dec( line.rate_percent ),
					position,
				} );
			}
		} );
		this.identity = mappings.taxes === undefined;
		for ( const entry of mappings.taxes ?? [] ) {
			const list = this.byRate.get( entry.wc_rate_id ) ?? [];
			list.push( entry );
			this.byRate.set( entry.wc_rate_id, list );
		}
		if ( this.identity ) {
			this.deriveRates( samples );
			if ( this.rates.size > 0 || samples.length > 0 ) {
				warnings.push( {
					code: 'identity_tax_mapping',
					message:
						'No tax mapping is configured: each WooCommerce rate was sent to Perfex under its own label and percentage. Map the rates to Perfex taxes in WooSync to use your Perfex tax list.',
				} );
			}
		}
	}

	private deriveRates( samples: readonly RateSample[] ): void {
		const totals = new Map< number, { base: Dec; tax: Dec } >();
		for ( const sample of samples ) {
			const entry = totals.get( sample.rateId ) ?? { base: 0n, tax: 0n };
			entry.base += abs( sample.base );
			entry.tax += abs( sample.tax );
			totals.set( sample.rateId, entry );
		}
		for ( const [ rateId, { base, tax } ] of totals ) {
			const info = this.rates.get( rateId );
			if ( info?.percent !== null && info?.percent !== undefined ) {
				continue;
			}
			const percent = base === 0n ? 0n : mulDiv( tax, HUNDRED, base, 4 );
			this.derived.set( rateId, percent );
			this.warnings.push( {
				code: 'tax_rate_derived',
				message: `The order does not say the percentage of tax rate #${ rateId }${
					info?.label ? ` ("${ info.label }")` : ''
				}; ${ fmt( percent, 4 ) } % was derived from the amounts.`,
			} );
		}
	}

	private info( rateId: number ): RateInfo {
		return (
			this.rates.get( rateId ) ?? {
				id: rateId,
				label: '',
				code: '',
				compound: false,
				percent: null,
				position: Number.MAX_SAFE_INTEGER,
			}
		);
	}

	private describe( info: RateInfo ): string {
		const name = info.label || info.code || 'tax rate';
		return `"${ name }" (WooCommerce rate #${ info.id }${ info.code && info.label ? `, ${ info.code }` : '' })`;
	}

	/**
	 * The mapped Perfex name, nominal rate and id of one WooCommerce rate.
	 * @param info
	 * @param taxClass
	 * @param itemName
	 */
	private mapped(
		info: RateInfo,
		taxClass: string,
		itemName: string
	): { name: string; rate: Dec; id: number | null } {
		if ( this.identity ) {
			const rate = info.percent ?? this.derived.get( info.id ) ?? 0n;
			return {
				name: info.label || info.code || `Tax ${ info.id }`,
				rate,
				id: null,
			};
		}
		const candidates = this.byRate.get( info.id ) ?? [];
		const entry =
			candidates.find(
				( c ) =>
					c.wc_tax_class !== undefined && c.wc_tax_class === taxClass
			) ?? candidates.find( ( c ) => c.wc_tax_class === undefined );
		if ( ! entry ) {
			throw new CoreRefusal(
				'unmapped_tax',
				`The WooCommerce tax rate ${ this.describe( info ) }${
					taxClass ? ` of tax class "${ taxClass }"` : ''
				} on "${ itemName }" has no Perfex tax in the tax mapping. Map it in WooSync, then sync again; nothing was sent so that no tax is dropped silently.`
			);
		}
		const rate = dec( entry.rate );
		if (
			info.percent !== null &&
			abs( rate - info.percent ) * 2n >
				10n ** BigInt( 12 - this.decimals )
		) {
			throw new CoreRefusal(
				'tax_rate_mismatch',
				`The WooCommerce tax rate ${ this.describe( info ) } is ${ fmtPercent( info.percent ) } %, but it is mapped to the Perfex tax "${ entry.name }" at ${ fmtPercent( rate ) } %. Correct the tax mapping in WooSync.`
			);
		}
		return { name: entry.name, rate, id: entry.perfex_tax_id };
	}

	/**
	 * The Perfex taxes for an item carrying the given WooCommerce taxes.
	 * @param taxes
	 * @param taxClass
	 * @param itemName
	 */
	combo(
		taxes: readonly ItemTax[],
		taxClass: string,
		itemName: string
	): Combo {
		if ( taxes.length === 0 ) {
			return NO_TAX;
		}
		const ids = [ ...new Set( taxes.map( ( tax ) => tax.id ) ) ];
		const cacheKey = `${ taxClass }\u0000${ ids.join( ',' ) }`;
		const cached = this.combos.get( cacheKey );
		if ( cached ) {
			return cached;
		}
		const infos = ids
			.map( ( id ) => this.info( id ) )
			.sort( ( a, b ) => {
				if ( a.compound !== b.compound ) {
					return a.compound ? 1 : -1;
				}
				return a.position !== b.position
					? a.position - b.position
					: a.id - b.id;
			} );
		const result: ComboTax[] = [];
		let wooBefore = 0n;
		let mappedBefore = 0n;
		for ( const info of infos ) {
			const mapped = this.mapped( info, taxClass, itemName );
			const wooNominal = info.percent ?? mapped.rate;
			const wooRate = info.compound
				? mulDiv( wooNominal, HUNDRED + wooBefore, HUNDRED, 12 )
				: wooNominal;
			const mappedRate = info.compound
				? mulDiv( mapped.rate, HUNDRED + mappedBefore, HUNDRED, 12 )
				: mapped.rate;
			const perfexRate = round( mappedRate, this.decimals );
			wooBefore += wooRate;
			mappedBefore += mappedRate;
			const key = `${ mapped.name }|${ fmt( perfexRate, this.decimals ) }`;
			if ( result.some( ( tax ) => tax.key === key ) ) {
				throw new CoreRefusal(
					'tax_rate_mismatch',
					`Two WooCommerce tax rates on "${ itemName }" are mapped to the same Perfex tax "${ key.replace( '|', ' ' ) } %"; Perfex would charge it only once. Map each rate to its own Perfex tax.`
				);
			}
			result.push( {
				rateId: info.id,
				key,
				name: mapped.name,
				perfexRate,
				wooRate,
				perfexTaxId: mapped.id,
				compound: info.compound,
			} );
		}
		const keys = result.map( ( tax ) => tax.key );
		const combo: Combo = {
			id: keys.join( '\u0000' ),
			taxes: result,
			keys,
			perfexRate: result.reduce(
				( total, tax ) => total + tax.perfexRate,
				0n
			),
			rateSlack: result.reduce(
				( total, tax ) => total + abs( tax.perfexRate - tax.wooRate ),
				0n
			),
		};
		this.combos.set( cacheKey, combo );
		return combo;
	}
}

function fmtPercent( value: Dec ): string {
	for ( let places = 0; places <= 4; places++ ) {
		if ( fitsDecimals( value, places ) ) {
			return fmt( value, places );
		}
	}
	return fmt( value, 4 );
}

/**
 * "VAT 20 %, GST 5 %" for long descriptions; "no tax" for none.
 * @param combo
 */
export function describeCombo( combo: Combo ): string {
	if ( combo.taxes.length === 0 ) {
		return 'no tax';
	}
	return combo.taxes
		.map( ( tax ) => `${ tax.name } ${ fmtPercent( tax.perfexRate ) } %` )
		.join( ', ' );
}
