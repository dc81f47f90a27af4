/**
 * Header fields shared by the documents: currency, addresses, payment modes,
 * signatures, and turning zod errors and refusals into typed results.
 */
import type { z } from 'zod';
import type { InvalidInput, Refused, Warning } from './documents';
import type { Mappings, Order, Settings } from './schemas';
import type { Dec } from './money';
import { dec } from './money';
import { CoreRefusal } from './refusal';

/**
 * Every bad path with zod's message, e.g. "order.line_items.0.total: expected a decimal number".
 * @param error
 */
export function invalid( error: z.ZodError ): InvalidInput {
	const issues = error.issues.map( ( issue ) => ( {
		path: issue.path.map( String ).join( '.' ) || '(root)',
		message: issue.message,
	} ) );
	return {
		kind: 'invalid',
		message: `Invalid input:\n${ issues.map( ( issue ) => `- ${ issue.path }: ${ issue.message }` ).join( '\n' ) }`,
		issues,
	};
}

/**
 * Turns a CoreRefusal into a typed result; rethrows anything else (a bug).
 * @param error
 * @param warnings
 */
export function refused( error: unknown, warnings: Warning[] ): Refused {
	if ( error instanceof CoreRefusal ) {
		return {
			kind: 'refused',
			refusal: { code: error.code, message: error.message },
			warnings,
		};
	}
	throw error;
}

export function resolveCurrency(
	code: string,
	mappings: Mappings,
	warnings: Warning[]
): number {
	const id = mappings.currencies[ code ];
	if ( id !== undefined ) {
		return id;
	}
	warnings.push( {
		code: 'currency_fallback',
		message: `The currency ${ code } has no Perfex currency in the mapping; the Perfex base currency (#${ mappings.base_currency_id }) was used. Amounts are not converted.`,
	} );
	return mappings.base_currency_id;
}

export function paymentModes( method: string, settings: Settings ): string[] {
	return settings.payment_modes[ method ] ?? settings.default_payment_modes;
}

function country(
	code: string,
	settings: Settings,
	warnings: Warning[],
	which: string
): number {
	if ( ! code ) {
		return 0;
	}
	const id = settings.country_ids[ code.toUpperCase() ];
	if ( id === undefined ) {
		if (
			! warnings.some(
				( w ) =>
					w.code === 'country_unmapped' &&
					w.message.includes( `"${ code }"` )
			)
		) {
			warnings.push( {
				code: 'country_unmapped',
				message: `The ${ which } country "${ code }" has no Perfex country id in the settings; it was left empty.`,
			} );
		}
		return 0;
	}
	return id;
}

function street( address: Order[ 'billing' ] ): string {
	return [ address.address_1, address.address_2 ]
		.map( ( line ) => line.trim() )
		.filter( Boolean )
		.join( '\n' );
}

/**
 * billing_* and (when the order has a shipping address) shipping_* fields.
 * @param order
 * @param settings
 * @param warnings
 */
export function addressFields(
	order: Order,
	settings: Settings,
	warnings: Warning[]
) {
	let billingStreet = street( order.billing );
	if ( ! billingStreet ) {
		// Perfex's API requires billing_street (perfex-facts.md §5.2).
		billingStreet = '-';
		warnings.push( {
			code: 'no_billing_street',
			message:
				'The order has no billing street; "-" was sent because Perfex requires one.',
		} );
	}
	const fields: {
		billing_street: string;
		billing_city: string;
		billing_state: string;
		billing_zip: string;
		billing_country: number;
		include_shipping?: 1;
		show_shipping_on_invoice?: 1;
		shipping_street?: string;
		shipping_city?: string;
		shipping_state?: string;
		shipping_zip?: string;
		shipping_country?: number;
	} = {
		billing_street: billingStreet,
		billing_city: order.billing.city,
		billing_state: order.billing.state,
		billing_zip: order.billing.postcode,
		billing_country: country(
			order.billing.country,
			settings,
			warnings,
			'billing'
		),
	};
	const shippingStreet = street( order.shipping );
	if ( shippingStreet ) {
		// Perfex includes shipping when the key is present at all (perfex-facts.md §4.1).
		fields.include_shipping = 1;
		fields.show_shipping_on_invoice = 1;
		fields.shipping_street = shippingStreet;
		fields.shipping_city = order.shipping.city;
		fields.shipping_state = order.shipping.state;
		fields.shipping_zip = order.shipping.postcode;
		fields.shipping_country = country(
			order.shipping.country,
			settings,
			warnings,
			'shipping'
		);
	}
	return fields;
}

export function orderSignature( settings: Settings, order: Order ): string {
	return `${ settings.signature_prefix }: Order #${ order.number }`;
}

export function refundSignature(
	settings: Settings,
	order: Order,
	refundId: number
): string {
	return `${ orderSignature( settings, order ) } Refund #${ refundId }`;
}

/**
 * The order total, checked to fit Perfex's decimals.
 * @param value
 * @param decimals
 * @param what
 */
export function targetTotal(
	value: string,
	decimals: number,
	what: string
): Dec {
	const total = dec( value );
	const step = 10n ** BigInt( 12 - decimals );
	if ( total % step !== 0n ) {
		throw new CoreRefusal(
			'total_precision',
			`The ${ what } ${ value } has more decimals than Perfex keeps (${ decimals }); Perfex cannot hold this amount exactly. Raise Perfex's decimal places or the WooSync "Perfex decimals" setting to match the store.`
		);
	}
	return total;
}
