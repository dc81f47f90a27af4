/**
 * Plain text for Perfex from WooCommerce names: WooCommerce product names and
 * attribute values may carry HTML and entities ("Ship Your Idea &ndash; Color:
 * Black"); Perfex item descriptions are shown as text. Tags are removed, the
 * common named entities and all numeric entities decoded, whitespace collapsed.
 * Unicode is kept as is (no normalisation, so the output is byte-stable).
 */

const NAMED: Record< string, string > = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0',
	ndash: '\u2013',
	mdash: '\u2014',
	hellip: '\u2026',
	lsquo: '\u2018',
	rsquo: '\u2019',
	sbquo: '\u201a',
	ldquo: '\u201c',
	rdquo: '\u201d',
	bdquo: '\u201e',
	laquo: '\u00ab',
	raquo: '\u00bb',
	times: '\u00d7',
	divide: '\u00f7',
	euro: '\u20ac',
	pound: '\u00a3',
	yen: '\u00a5',
	cent: '\u00a2',
	copy: '\u00a9',
	reg: '\u00ae',
	trade: '\u2122',
	deg: '\u00b0',
	middot: '\u00b7',
	bull: '\u2022',
	shy: '',
	auml: '\u00e4',
	ouml: '\u00f6',
	uuml: '\u00fc',
	Auml: '\u00c4',
	Ouml: '\u00d6',
	Uuml: '\u00dc',
	szlig: '\u00df',
	eacute: '\u00e9',
	egrave: '\u00e8',
	agrave: '\u00e0',
	ccedil: '\u00e7',
};

function decodeEntity( entity: string, body: string ): string {
	if ( body.startsWith( '#x' ) || body.startsWith( '#X' ) ) {
		const code = Number.parseInt( body.slice( 2 ), 16 );
		return Number.isFinite( code ) && code > 0 && code <= 0x10ffff
			? String.fromCodePoint( code )
			: entity;
	}
	if ( body.startsWith( '#' ) ) {
		const code = Number.parseInt( body.slice( 1 ), 10 );
		return Number.isFinite( code ) && code > 0 && code <= 0x10ffff
			? String.fromCodePoint( code )
			: entity;
	}
	return NAMED[ body ] ?? entity;
}

const NOT_PLAIN = /[<&]|[^\S ]| {2}|^ | $/;

/**
 * HTML fragment -> one line of plain text.
 * @param html
 */
export function plainText( html: string ): string {
	// Already plain: no tag, no entity, only single inner spaces ("Product 1").
	if ( ! NOT_PLAIN.test( html ) ) {
		return html;
	}
	return html
		.replace( /<[^>]*>/g, ' ' )
		.replace(
			/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g,
			( entity, body: string ) => decodeEntity( entity, body )
		)
		.replace( /[\s\u00a0]+/g, ' ' )
		.trim();
}
