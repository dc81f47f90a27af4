/**
 * The admin app's own JavaScript, as a browser downloads it: size of build/admin/*.js raw and
 * gzipped, against the 150 KB (gzipped) target. WordPress packages are externals and not counted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TARGET_GZIP_BYTES = 150 * 1024;

export function run(): Promise< void > {
	const dir = fileURLToPath(
		new URL( '../../build/admin', import.meta.url )
	);
	if ( ! existsSync( dir ) ) {
		process.stdout.write(
			'build/admin is missing: run `npm run build` first.\n'
		);
		return Promise.resolve();
	}
	let raw = 0;
	let gzipped = 0;
	for ( const file of readdirSync( dir ).filter( ( name ) =>
		name.endsWith( '.js' )
	) ) {
		const bytes = readFileSync( join( dir, file ) );
		const zipped = gzipSync( bytes, { level: 9 } ).length;
		raw += bytes.length;
		gzipped += zipped;
		process.stdout.write(
			`${ file.padEnd( 24 ) } ${ kb( bytes.length ) } raw   ${ kb(
				zipped
			) } gzipped\n`
		);
	}
	process.stdout.write(
		`admin app total          ${ kb( raw ) } raw   ${ kb(
			gzipped
		) } gzipped   (${ ( gzipped / TARGET_GZIP_BYTES ).toFixed(
			2
		) }x the 150 KB target)\n`
	);
	return Promise.resolve();
}

function kb( bytes: number ): string {
	return `${ ( bytes / 1024 ).toFixed( 1 ).padStart( 7 ) } KB`;
}
