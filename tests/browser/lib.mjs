// lib.mjs — shared helpers of the browser tests.  A test file is run by a C
// integration program (tests/integration/it_browser.c) as
//   node tests/browser/NAME.mjs
// with the instance in the environment:
//   SG_BASE_URL      http://127.0.0.1:PORT (nginx in front of the program)
//   SG_DB_SOCKET     the test MariaDB's unix socket
//   SG_DB_NAME       this instance's database
//   SG_ARTIFACTS     a directory for screenshots (in the build tree)
// It exits 0 when every check passed, non-zero otherwise, printing why.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function env(name) {
	const v = process.env[name];
	if (!v) {
		console.error(`browser test: ${name} is not set (run through it_browser)`);
		process.exit(2);
	}
	return v;
}

// Headless Debian Chromium, no network of its own.  Tests serve their
// storefront pages by request interception, which Chromium counts as a
// public origin: its local-network-access checks would then refuse every
// request to the loopback service, so they are off.
export async function launch() {
	return chromium.launch({
		executablePath: process.env.SG_CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--headless',
			'--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,' +
			'PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests'],
	});
}

// Run SQL on the instance's database (the mariadb client); returns stdout.
export function sql(text) {
	return execFileSync('mariadb', ['--socket', env('SG_DB_SOCKET'), '-u', 'root',
		'--batch', '--skip-column-names', env('SG_DB_NAME'), '-e', text],
		{ encoding: 'utf8' });
}

export function artifact(name) {
	const dir = env('SG_ARTIFACTS');
	mkdirSync(dir, { recursive: true });
	return join(dir, name);
}

let failures = 0;
export function check(ok, what) {
	console.log(`${ok ? 'ok' : 'FAIL'} - ${what}`);
	if (!ok) failures++;
}

export function finish() {
	console.log(`${failures === 0 ? 'all checks passed' : failures + ' check(s) failed'}`);
	process.exit(failures === 0 ? 0 : 1);
}
