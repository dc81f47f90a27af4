/**
 * Bundles the Node entry points (core CLI, sidecar) into single files in build/.
 *
 * Each bundle carries everything it imports, so build/ runs with no node_modules.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join( dirname( fileURLToPath( import.meta.url ) ), '..' );

const entries = [
	{ in: 'core/cli.ts', out: 'build/woosync-core.mjs' },
	{ in: 'sidecar/main.ts', out: 'build/woosync-sidecar.mjs' },
];

for ( const entry of entries ) {
	if ( ! existsSync( join( root, entry.in ) ) ) {
		continue;
	}
	await build( {
		absWorkingDir: root,
		entryPoints: [ entry.in ],
		outfile: entry.out,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		sourcemap: false,
		legalComments: 'none',
		banner: {
			js: "import { createRequire as __woosyncCreateRequire } from 'node:module'; const require = __woosyncCreateRequire( import.meta.url );",
		},
		logLevel: 'warning',
	} );
	process.stdout.write( `built ${ entry.out }\n` );
}
