/**
 * The tax map as the screen edits it: one row per WooCommerce tax rate.
 */
import { __ } from '@wordpress/i18n';
import type { FieldErrors } from './forms';
import {
	taxMappingSchema,
	type PerfexCheck,
	type TaxMap,
	type TaxMapping,
	type TaxRate,
} from './schemas';

export type PerfexTax = PerfexCheck[ 'tax_rates' ][ number ];

export type TaxRow = {
	rate: TaxRate;
	/** Perfex tax name and rate; both empty: not mapped. */
	name: string;
	percent: string;
	perfexTaxId: number | null;
	wcTaxClass?: string | undefined;
};

export const isMapped = ( row: TaxRow ) =>
	row.name.trim() !== '' && row.percent.trim() !== '';

/**
 * "19", "19.0", "19.0000" are the same rate.
 *
 * @param a A rate in percent.
 * @param b Another.
 */
export const sameRate = ( a: string, b: string ) =>
	a.trim() !== '' && b.trim() !== '' && Number( a ) === Number( b );

/**
 * One row per WooCommerce rate, with its mapping when there is one.
 *
 * @param rates WooCommerce's rates.
 * @param map   The stored tax map.
 */
export function rowsFrom( rates: TaxRate[], map: TaxMap ): TaxRow[] {
	return rates.map( ( rate ) => {
		const mapping = map.taxes?.find( ( m ) => m.wc_rate_id === rate.id );
		return {
			rate,
			name: mapping?.name ?? '',
			percent: mapping?.rate ?? '',
			perfexTaxId: mapping?.perfex_tax_id ?? null,
			wcTaxClass: mapping?.wc_tax_class,
		};
	} );
}

export type MatchReport = {
	mapped: string[];
	none: string[];
	several: string[];
};

/**
 * Maps every unmapped row to the one Perfex tax with the same rate; rows with none or several
 * are left for a person, and named in the report.
 *
 * @param rows   The rows.
 * @param perfex Perfex's taxes.
 */
export function mapByMatchingRate(
	rows: TaxRow[],
	perfex: PerfexTax[]
): { rows: TaxRow[]; report: MatchReport } {
	const report: MatchReport = { mapped: [], none: [], several: [] };
	const next = rows.map( ( row ) => {
		if ( isMapped( row ) ) {
			return row;
		}
		const matches = perfex.filter( ( tax ) =>
			sameRate( tax.rate, row.rate.rate )
		);
		const label = rowLabel( row.rate );
		if ( matches.length === 1 && matches[ 0 ] ) {
			report.mapped.push( label );
			return {
				...row,
				name: matches[ 0 ].name,
				percent: matches[ 0 ].rate,
				// Perfex ids start at 1; anything else is not an id to keep.
				perfexTaxId: matches[ 0 ].id || null,
			};
		}
		( matches.length === 0 ? report.none : report.several ).push( label );
		return row;
	} );
	return { rows: next, report };
}

export function rowLabel( rate: TaxRate ): string {
	return `${ rate.label || __( '(no name)', 'woosync' ) } (#${ rate.id })`;
}

/**
 * The map to save: the mapped rows, and the stored mappings of rates this screen does not list
 * (kept as they are). Errors are keyed `rate-<id>`.
 *
 * @param rows   The rows as edited.
 * @param stored The stored map.
 */
export function toTaxMap(
	rows: TaxRow[],
	stored: TaxMap
): { map: TaxMap } | { errors: FieldErrors } {
	const errors: FieldErrors = {};
	const taxes: TaxMapping[] = [];
	for ( const row of rows ) {
		if ( row.name.trim() === '' && row.percent.trim() === '' ) {
			continue;
		}
		const parsed = taxMappingSchema.safeParse( {
			wc_rate_id: row.rate.id,
			...( row.wcTaxClass === undefined
				? {}
				: { wc_tax_class: row.wcTaxClass } ),
			perfex_tax_id: row.perfexTaxId,
			name: row.name.trim(),
			rate: row.percent.trim(),
		} );
		if ( parsed.success ) {
			taxes.push( parsed.data );
		} else {
			errors[ `rate-${ row.rate.id }` ] = __(
				'Give the Perfex tax a name (without "|") and a rate such as 19.00.',
				'woosync'
			);
		}
	}
	if ( Object.keys( errors ).length > 0 ) {
		return { errors };
	}
	const listed = new Set( rows.map( ( row ) => row.rate.id ) );
	const kept = ( stored.taxes ?? [] ).filter(
		( mapping ) => ! listed.has( mapping.wc_rate_id )
	);
	return { map: { taxes: [ ...taxes, ...kept ] } };
}
