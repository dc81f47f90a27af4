/**
 * Form helpers: zod issues and the server's `data.params` become one message per field.
 */
import { __ } from '@wordpress/i18n';
import type { z } from 'zod';

export type FieldErrors = Record< string, string >;

/**
 * The first problem of each field, in the words given for that field (zod's own messages are
 * not translated), else a general one.
 *
 * @param error    The failed parse.
 * @param messages Field → what a valid value looks like.
 */
export function issuesToFieldErrors(
	error: z.ZodError,
	messages: Record< string, string > = {}
): FieldErrors {
	const errors: FieldErrors = {};
	for ( const issue of error.issues ) {
		const field = String( issue.path[ 0 ] ?? '' );
		if ( field !== '' && ! ( field in errors ) ) {
			errors[ field ] =
				messages[ field ] ??
				__( 'This value is not valid.', 'woosync' );
		}
	}
	return errors;
}

/**
 * "1, 2 ,3" → [ "1", "2", "3" ].
 *
 * @param text The list as typed.
 */
export function splitList( text: string ): string[] {
	return text
		.split( ',' )
		.map( ( part ) => part.trim() )
		.filter( ( part ) => part !== '' );
}

/**
 * A whole number typed in a field, or NaN (zod then says it is not valid).
 *
 * @param text The number as typed.
 */
export function toInteger( text: string ): number {
	return /^\s*-?\d+\s*$/.test( text ) ? Number( text ) : Number.NaN;
}
