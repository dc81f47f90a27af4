/**
 * ISO 3166-1 alpha-2 → Perfex `tblcountries.country_id`.
 *
 * Fact table: Perfex's seed rows have ids 1..250 in this order (identical in Perfex 3.0.x and
 * 3.4.1; research/perfex-facts.md §4.8 and perfex-countries.csv). Each pair of letters below is the
 * iso2 of id 1, 2, 3, …; XK (Kosovo, 117) is included. There is no API for countries.
 */
const ISO2_IN_ID_ORDER =
	'AFAXALDZASADAOAIAQAGARAMAWAUATAZBSBHBDBBBYBEBZBJBMBTBOBQBABWBVBRIOBNBGBFBIKHCMCACVKYCFTDCLCNCXCCCOKM' +
	'CGCKCRCIHRCUCWCYCZCDDKDJDMDOECEGSVGQEREEETFKFOFJFIFRGFPFTFGAGMGEDEGHGIGRGLGDGPGUGTGGGNGWGYHTHMHNHKHU' +
	'ISINIDIRIQIEIMILITJMJPJEJOKZKEKIXKKWKGLALVLBLSLRLYLILTLUMOMKMGMWMYMVMLMTMHMQMRMUYTMXFMMDMCMNMEMSMAMZ' +
	'MMNANRNPNLNCNZNINENGNUNFKPMPNOOMPKPWPSPAPGPYPEPHPNPLPTPRQARERORURWBLSHKNLCMFPMVCWSSMSTSASNRSSCSLSGSX' +
	'SKSISBSOZAGSKRSSESLKSDSRSJSZSECHSYTWTJTZTHTLTGTKTOTTTNTRTMTCTVUGUAAEGBUSUMUYUZVUVAVEVNVGVIWFEHYEZMZW';

const ID_BY_ISO2: ReadonlyMap< string, number > = new Map(
	Array.from( { length: ISO2_IN_ID_ORDER.length / 2 }, ( _, index ) => [
		ISO2_IN_ID_ORDER.slice( index * 2, index * 2 + 2 ),
		index + 1,
	] )
);

/**
 * Perfex country id for an ISO2 code (case-insensitive); null when unknown or empty.
 * @param iso2
 */
export function perfexCountryId(
	iso2: string | null | undefined
): number | null {
	if ( ! iso2 ) {
		return null;
	}
	return ID_BY_ISO2.get( iso2.trim().toUpperCase() ) ?? null;
}

/**
 * ISO2 code of a Perfex country id; null when unknown (0 means "none" in Perfex).
 * @param id
 */
export function iso2OfPerfexCountry( id: number ): string | null {
	if ( ! Number.isInteger( id ) || id < 1 || id > ID_BY_ISO2.size ) {
		return null;
	}
	return ISO2_IN_ID_ORDER.slice( ( id - 1 ) * 2, id * 2 );
}

export const PERFEX_COUNTRY_COUNT = ID_BY_ISO2.size;
