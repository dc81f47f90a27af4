const wordpress = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	{
		ignores: [
			'build/**',
			'work/**',
			'vendor/**',
			'node_modules/**',
			'test-results/**',
			'playwright-report/**',
		],
	},
	...wordpress,
	{
		files: [ 'bin/**', 'core/cli.ts', 'sidecar/**', 'tests/**' ],
		rules: {
			// Command-line tools and servers talk on stdout/stderr.
			'no-console': 'off',
		},
	},
];
