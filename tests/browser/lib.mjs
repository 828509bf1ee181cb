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
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

// axe-core on the page: no serious or critical violation (worst 'serious',
// the default), or none at all (worst 'any').  Every violation is printed.
let axeSource = null;
export async function axe(page, what, worst = 'serious') {
	if (axeSource === null) {
		const require = createRequire(import.meta.url);
		axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	}
	await page.addScriptTag({ content: axeSource });
	const res = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { resultTypes: ['violations'] });
		return r.violations.map((v) => ({ id: v.id, impact: v.impact,
			nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary).slice(0, 3) }));
	});
	const bad = worst === 'any' ? res : res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	if (res.length) console.log(`axe ${what}: ` + JSON.stringify(res, null, 1));
	check(bad.length === 0, `axe: ${worst === 'any' ? 'no violation' : 'no serious or critical violation'} ` +
		`on ${what} (${bad.map((v) => v.id + '/' + v.impact).join(', ')})`);
}

// The page fits width px (a phone: 390) without sideways scrolling.
export async function fits(page, what, width = 390) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	check(w <= width, `${what}: ${w} px wide, fits ${width} px`);
}
