import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { loadSite, workDir } from './site';

const site = loadSite();

export default defineConfig( {
	testDir: '.',
	testMatch: '*.spec.ts',
	outputDir: join( workDir(), 'e2e-results' ),
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: [ [ 'list' ] ],
	use: {
		baseURL: site.wordpress.url,
		screenshot: 'only-on-failure',
		trace: 'off',
		launchOptions: {
			// Debian's Chromium, never a downloaded browser.
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		},
	},
} );
