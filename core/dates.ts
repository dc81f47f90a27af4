/**
 * Calendar dates in the store's time zone, without a clock.
 *
 * WooCommerce gives each date twice: local (`date_completed`, site time zone,
 * no offset) and `*_gmt`. The core prefers the GMT instant and converts it to
 * the store's zone from the settings: an IANA name through Intl (deterministic
 * for a given instant and ICU data), or a fixed offset such as "+02:00" by
 * arithmetic (Node 20's Intl does not accept offsets). Without a GMT value the
 * local date's first ten characters are used as they are.
 */

const formatters = new Map< string, Intl.DateTimeFormat >();

function formatterFor( zone: string ): Intl.DateTimeFormat {
	let formatter = formatters.get( zone );
	if ( ! formatter ) {
		formatter = new Intl.DateTimeFormat( 'en-US', {
			timeZone: zone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
		} );
		formatters.set( zone, formatter );
	}
	return formatter;
}

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}/;
const US_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const GMT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/;

/**
 * Milliseconds since the epoch of a WooCommerce GMT date ("2017-03-22T19:28:02").
 * @param value
 */
function parseGmt( value: string ): number | null {
	const match = GMT.exec( value );
	if ( ! match ) {
		return null;
	}
	const [ , y, mo, d, h, mi, s ] = match;
	return Date.UTC(
		Number( y ),
		Number( mo ) - 1,
		Number( d ),
		Number( h ),
		Number( mi ),
		Number( s ?? 0 )
	);
}

function ymdUtc( epoch: number ): string {
	const date = new Date( epoch );
	const y = String( date.getUTCFullYear() ).padStart( 4, '0' );
	const m = String( date.getUTCMonth() + 1 ).padStart( 2, '0' );
	const d = String( date.getUTCDate() ).padStart( 2, '0' );
	return `${ y }-${ m }-${ d }`;
}

/**
 * The store-local calendar date (Y-m-d) of a WooCommerce date pair, or null.
 * @param local
 * @param gmt
 * @param zone
 */
export function localDate(
	local: string | null,
	gmt: string | null,
	zone: string
): string | null {
	const epoch = gmt ? parseGmt( gmt ) : null;
	if ( epoch === null ) {
		const match = local ? LOCAL_DATE.exec( local ) : null;
		return match ? match[ 0 ] : null;
	}
	const offset = OFFSET.exec( zone );
	if ( offset ) {
		const minutes = Number( offset[ 2 ] ) * 60 + Number( offset[ 3 ] );
		return ymdUtc(
			epoch + ( offset[ 1 ] === '-' ? -minutes : minutes ) * 60_000
		);
	}
	const formatter = formatterFor( zone );
	// format() is about twice as fast as formatToParts(); en-US gives "05/01/2024".
	const short = US_DATE.exec( formatter.format( epoch ) );
	if ( short ) {
		return `${ short[ 3 ] }-${ short[ 1 ] }-${ short[ 2 ] }`;
	}
	let year = '';
	let month = '';
	let day = '';
	for ( const part of formatter.formatToParts( epoch ) ) {
		if ( part.type === 'year' ) {
			year = part.value;
		} else if ( part.type === 'month' ) {
			month = part.value;
		} else if ( part.type === 'day' ) {
			day = part.value;
		}
	}
	return `${ year.padStart( 4, '0' ) }-${ month }-${ day }`;
}

/**
 * True when localDate( local, gmt, zone ) is not null, for any zone (no Intl call).
 * @param local
 * @param gmt
 */
export function hasDate( local: string | null, gmt: string | null ): boolean {
	if ( gmt && parseGmt( gmt ) !== null ) {
		return true;
	}
	return local ? LOCAL_DATE.test( local ) : false;
}

/**
 * Y-m-d plus whole days.
 * @param ymd
 * @param days
 */
export function addDays( ymd: string, days: number ): string {
	const [ y, m, d ] = ymd.split( '-' ).map( Number );
	return ymdUtc( Date.UTC( y ?? 1970, ( m ?? 1 ) - 1, ( d ?? 1 ) + days ) );
}
