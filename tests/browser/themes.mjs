// themes.mjs — a campaign's default look (issue 13 item 7) as a creator
// sets it and a backer meets it, at 390 px:
//  1. the campaign edit form by its labels ("Theme", "Use my own accent
//     colour", "Accent colour", "Accent colour as text", "Corner radius"):
//     an unreadable accent and a radius out of range come back inline with
//     the values kept; axe (no serious or critical violation); no sideways
//     scrolling; then a colour from the picker is saved;
//  2. the edit form shows what was saved;
//  3. the widget page (both views) uses the look, an embed's own theme=
//     and radius= win;
//  4. a store page: the drop-in uses the campaign's look, the custom
//     element's own theme and radius win.
// Screenshots: themes-*.png in SG_ARTIFACTS.
//
// Run by tests/integration/it_admin_browser.c (store "acme", the account
// SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD).
import { launch, env, sql, artifact, check, finish, axe, fits } from './lib.mjs';

const base = env('SG_BASE_URL');



sql("INSERT INTO campaigns (store_id, slug, title, description, goal_kind, goal, status) " +
	"SELECT id, 'look', 'Looking Glass', '', 'units', 100, 'live' FROM stores WHERE handle = 'acme'");

const browser = await launch();
try {
	// bypassCSP only so that axe can be injected.
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
	const page = await ctx.newPage();
	await page.goto(base + '/admin/login');
	await page.getByLabel('Email').fill(env('SG_ADMIN_EMAIL'));
	await page.getByLabel('Password').fill(env('SG_ADMIN_PASSWORD'));
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/admin/campaigns');

	// --- 1. the form by its labels: errors inline, values kept ------------
	await page.goto(base + '/admin/campaigns/look/edit');
	check(await page.getByLabel('Theme', { exact: true }).inputValue() === 'auto', 'the theme starts at auto');
	check(!(await page.getByLabel('Use my own accent colour').isChecked()), 'no accent colour of its own yet');
	check(await page.getByLabel('Accent colour', { exact: true }).getAttribute('type') === 'color',
		'"Accent colour" is a colour input');
	await page.getByLabel('Theme', { exact: true }).selectOption('light');
	await page.getByLabel('Use my own accent colour').check();
	await page.getByLabel(/^Accent colour as text/).fill('#ffff00');
	await page.getByLabel(/^Corner radius/).fill('30');
	await page.getByRole('button', { name: 'Save campaign' }).click();
	await page.waitForLoadState();
	const accent = page.getByLabel(/^Accent colour as text/);
	const err = await page.locator('#accent-error').innerText();
	check(/too light/.test(err) && /3:1/.test(err), `the accent's error says why (${err})`);
	check(await accent.getAttribute('aria-invalid') === 'true', 'the accent field is marked invalid');
	check((await accent.getAttribute('aria-describedby')).includes('accent-error'), 'and described by its error');
	check(await page.locator('#radius-error').count() === 1, 'the radius has its error');
	check(await accent.inputValue() === '#ffff00' && await page.getByLabel(/^Corner radius/).inputValue() === '30' &&
		await page.getByLabel('Theme', { exact: true }).inputValue() === 'light' &&
		await page.getByLabel('Use my own accent colour').isChecked(), 'what was typed is kept');
	check(sql("SELECT theme, IFNULL(accent, '-'), IFNULL(radius, '-') FROM campaigns WHERE slug = 'look'").trim() ===
		'auto\t-\t-', 'nothing was saved');
	await axe(page, 'the campaign form with look errors');
	await fits(page, 'the campaign form with look errors');
	await page.screenshot({ path: artifact('themes-1-errors-390.png'), fullPage: true });

	// The picker's colour when the text is empty.
	await accent.fill('');
	await page.getByLabel('Accent colour', { exact: true }).fill('#7b2ff7');
	await page.getByLabel(/^Corner radius/).fill('8');
	await page.getByRole('button', { name: 'Save campaign' }).click();
	await page.waitForURL('**/admin/campaigns/look');
	const row = sql("SELECT theme, accent, radius FROM campaigns WHERE slug = 'look'").trim();
	check(row === 'light\t#7b2ff7\t8', `saved the look (${row})`);

	// --- 2. the edit form shows it ----------------------------------------
	await page.goto(base + '/admin/campaigns/look/edit');
	check(await page.getByLabel('Theme', { exact: true }).inputValue() === 'light' &&
		await page.getByLabel('Use my own accent colour').isChecked() &&
		await page.getByLabel('Accent colour', { exact: true }).inputValue() === '#7b2ff7' &&
		await page.getByLabel(/^Corner radius/).inputValue() === '8', 'the edit form shows the saved look');
	await axe(page, 'the campaign form');
	await fits(page, 'the campaign form');
	await page.screenshot({ path: artifact('themes-2-form-390.png'), fullPage: true });

	// --- 3. the widget page -----------------------------------------------
	const looks = (p) => p.evaluate(() => {
		const w = document.querySelector('.sg-widget');
		return { cls: w.className, radius: getComputedStyle(w).borderTopLeftRadius,
			accent: getComputedStyle(w).getPropertyValue('--sg-custom-accent').trim() };
	});
	await page.emulateMedia({ colorScheme: 'dark' });
	for (const q of ['', '?view=compact']) {
		await page.goto(base + '/w/acme/look' + q);
		const l = await looks(page);
		check(/sg-theme-light/.test(l.cls) && l.radius === '8px' && l.accent === '#7b2ff7',
			`the page${q} has the campaign's look in a dark browser (${JSON.stringify(l)})`);
		await fits(page, 'the widget page' + q);
	}
	await page.screenshot({ path: artifact('themes-3-widget-390.png'), fullPage: true });
	await page.goto(base + '/w/acme/look?theme=dark&radius=0');
	const o = await looks(page);
	check(/sg-theme-dark/.test(o.cls) && o.radius === '0px' && o.accent === '#7b2ff7',
		`the embed's theme and radius win, the accent stays the campaign's (${JSON.stringify(o)})`);
	await page.emulateMedia({ colorScheme: 'light' });

	// --- 4. a store page: the drop-in and the element ---------------------
	const STORE = base.replace('//127.0.0.1:', '//localhost:') + '/shop/';
	const sp = await ctx.newPage();
	const problems = [];
	sp.on('pageerror', (e) => problems.push(String(e)));
	await sp.route(STORE + '**', (route) => route.fulfill({
		status: 200, contentType: 'text/html; charset=utf-8',
		headers: { 'Content-Security-Policy': `default-src 'none'; script-src ${base}; ` +
			`connect-src ${base}; style-src ${base}; img-src ${base}` },
		body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head>
<body><main><h1>Looking Glass</h1>
<div id="a" data-stretchgoal="acme/look"></div>
<stretch-goal id="c" campaign="acme/look" view="compact" theme="dark" radius="2"></stretch-goal>
</main><script src="${base}/static/stretchgoal.js" defer></script></body></html>`,
	}));
	await sp.goto(STORE);
	await sp.waitForSelector('#a .sg-widget', { timeout: 10000 });
	await sp.waitForSelector('#c .sg-widget', { timeout: 10000 });
	const dl = await sp.evaluate(() => [...document.querySelectorAll('.sg-widget')].map((w) => ({
		cls: w.className, radius: getComputedStyle(w).borderTopLeftRadius,
		accent: getComputedStyle(w).getPropertyValue('--sg-custom-accent').trim() })));
	check(/sg-theme-light/.test(dl[0].cls) && dl[0].radius === '8px' && dl[0].accent === '#7b2ff7',
		`the drop-in has the campaign's look (${JSON.stringify(dl[0])})`);
	check(/sg-theme-dark/.test(dl[1].cls) && dl[1].radius === '2px' && dl[1].accent === '#7b2ff7',
		`the element's own theme and radius win (${JSON.stringify(dl[1])})`);
	check(problems.length === 0, `no script errors on the store page (${problems.join('; ')})`);
	await sp.screenshot({ path: artifact('themes-4-store-390.png'), fullPage: true });
} finally {
	await browser.close();
}
finish();
