/**
 * `npm run bench`: runs every benchmark module in tests/bench/ (each exports `run()`),
 * one after the other, so their figures do not disturb each other.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname( fileURLToPath( import.meta.url ) );
const only = process.argv.slice( 2 );
const modules = readdirSync( here )
	.filter( ( file ) => file.endsWith( '.ts' ) && file !== 'run.ts' )
	.filter(
		( file ) =>
			only.length === 0 ||
			only.some( ( name ) => file.startsWith( name ) )
	)
	.sort();

for ( const file of modules ) {
	const mod = ( await import(
		pathToFileURL( join( here, file ) ).href
	) ) as {
		run?: () => Promise< void >;
	};
	if ( typeof mod.run !== 'function' ) {
		throw new Error( `${ file } does not export run()` );
	}
	process.stdout.write( `\n== ${ file.replace( /\.ts$/, '' ) }\n` );
	await mod.run();
}
