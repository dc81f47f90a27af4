/**
 * The running local site for e2e tests: its env.json (written by bin/env.sh).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const user = z.object( { login: z.string(), password: z.string() } );

export const siteSchema = z.object( {
	wordpress: z.object( { url: z.string().url(), version: z.string() } ),
	woocommerce: z.object( {
		kind: z.enum( [ 'real', 'stand-in' ] ),
		version: z.string(),
	} ),
	users: z.object( { admin: user, manager: user, subscriber: user } ),
} );

export type Site = z.infer< typeof siteSchema >;

export function workDir(): string {
	return (
		process.env.WOOSYNC_WORK ??
		fileURLToPath( new URL( '../../work/default', import.meta.url ) )
	);
}

export function loadSite(): Site {
	const file = join( workDir(), 'env.json' );
	let text: string;
	try {
		text = readFileSync( file, 'utf8' );
	} catch {
		throw new Error(
			`No running site: ${ file } is missing. Start one with \`bash bin/env.sh up\`.`
		);
	}
	return siteSchema.parse( JSON.parse( text ) );
}
