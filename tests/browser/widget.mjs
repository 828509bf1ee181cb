// widget.mjs — the drop-in widget on a plain storefront page in headless
// Chromium: the bar and milestones show, a milestone reached while the page
// is open shows its after text within the poll interval and celebrates;
// with reduced motion there is no confetti.  Screenshots go to SG_ARTIFACTS.
//
// The storefront is http://localhost:PORT/shop/ (served by the test itself
// through request interception) while the service is http://127.0.0.1:PORT,
// so the widget runs cross-origin under a strict store CSP, as in
// production.  (Both are loopback, which Chromium's private network rules
// ask for; a public store and a public service behave the same.)
import { launch, env, sql, artifact, check, finish } from './lib.mjs';

const base = env('SG_BASE_URL');
const STORE = base.replace('//127.0.0.1:', '//localhost:') + '/shop/';
const csp = [
	"default-src 'none'",
	`script-src ${base}`,
	`connect-src ${base}`,
	`style-src 'unsafe-inline' ${base}`,
	`img-src ${base} https:`,
	`frame-src ${base}`,
].join('; ');
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Skyward Isles — Demo Board Games</title>
<style>
body { margin: 0; font-family: Georgia, serif; background: #f6f3ec; color: #222; }
header { padding: 16px 24px; background: #2b2d42; color: #fff; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 24px; padding: 24px; }
.card { background: #fff; border-radius: 10px; padding: 12px; box-shadow: 0 1px 3px #0002; }
iframe { border: 0; width: 100%; height: 560px; }
@media (max-width: 700px) { main { grid-template-columns: 1fr; padding: 12px; } }
</style></head>
<body>
<header><strong>Demo Board Games</strong></header>
<main>
<section>
<h1>Skyward Isles</h1>
<p>A cooperative exploration game. Every copy sold unlocks more.</p>
<div id="full" data-stretchgoal="demo/skyward-isles" data-stretchgoal-interval="2"></div>
</section>
<aside>
<div class="card"><h2>Product card</h2>
<div id="compact" data-stretchgoal="demo/skyward-isles" data-stretchgoal-view="compact" data-stretchgoal-interval="2"></div>
</div>
<h2>In an iframe</h2>
<iframe id="frame" title="Campaign progress" src="${base}/w/demo/skyward-isles"></iframe>
</aside>
</main>
<script src="${base}/static/stretchgoal.js" defer></script>
</body></html>`;

async function openStore(browser, options) {
	const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, ...options });
	const page = await context.newPage();
	const problems = [];
	const note = (what) => { problems.push(what); console.log('page: ' + what); };
	page.on('pageerror', (e) => note(String(e)));
	page.on('console', (m) => { if (m.type() === 'error') note(m.text()); });
	await page.route(STORE + '**', (route) => route.fulfill({
		status: 200, contentType: 'text/html; charset=utf-8',
		headers: { 'Content-Security-Policy': csp }, body: html,
	}));
	await page.goto(STORE);
	return { context, page, problems };
}

const browser = await launch();
try {
	const { context, page, problems } = await openStore(browser, {});
	await page.waitForSelector('#full .sg-milestone', { timeout: 10000 });
	check(await page.locator('#full .sg-milestone').count() === 3, 'three milestones listed');
	const bar = page.locator('#full [role=progressbar]');
	check(await bar.getAttribute('aria-valuenow') === '60', 'progressbar aria-valuenow is 60');
	check(await bar.getAttribute('aria-valuemax') === '250', 'progressbar spans 0..250');
	const fill = await page.locator('#full .sg-bar-fill').getAttribute('width');
	check(fill === '240', `bar fill is 60/250 (width ${fill})`);
	check(await page.locator('#full .sg-bar-marker').count() === 3, 'a marker per milestone');
	check(await page.locator('#full .sg-bar-goal').count() === 1, 'the goal is marked');
	const img = page.locator('#full .sg-ms-image');
	check(await img.count() === 1 && await img.evaluate((e) => e.complete && e.naturalWidth === 7),
		'the /media/ photo loads from the service');
	const text = await page.locator('#full').innerText();
	check(text.includes('Something is hiding in the fog'), 'locked milestone shows its before text');
	check(!text.includes('Frost Island'), 'after text of a locked milestone is absent');
	check(text.includes('Unlocked! Every backer gets an enamel pin.'), 'reached milestone shows its after text');
	await page.waitForSelector('#compact .sg-next', { timeout: 10000 });
	check((await page.locator('#compact .sg-next').innerText()).includes('A new island'),
		'compact view names the next milestone');
	const frame = page.frameLocator('#frame');
	await frame.locator('.sg-widget').waitFor({ timeout: 10000 });
	check(await frame.locator('.sg-milestone').count() === 3, 'the iframe page shows the widget');
	check(!(await frame.locator('body').innerText()).includes('Frost Island'), 'iframe keeps the secret too');
	await page.screenshot({ path: artifact('widget-before.png'), fullPage: true });

	// The pipeline counts orders: 130 copies reach the 120 milestone.
	sql("UPDATE campaigns SET units = 130, orders = 30, backers = 29, version = version + 1 " +
		"WHERE slug = 'skyward-isles'; UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) " +
		"WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = 'skyward-isles') " +
		"AND target <= 130 AND reached_at IS NULL");
	await page.waitForFunction(() => document.querySelector('#full')?.textContent
		.includes('The Frost Island joins the base game!'), null, { timeout: 8000 })
		.then(() => check(true, 'after text appears within the poll interval'),
			() => check(false, 'after text appears within the poll interval'));
	check(await page.locator('#full .sg-just-unlocked').count() === 1, 'the unlocked milestone is highlighted');
	check(await page.locator('#full .sg-confetti').count() === 1, 'confetti celebrates the unlock');
	check((await page.locator('#full .sg-live').innerText()).includes('A new island'),
		'the unlock is announced to screen readers');
	await page.waitForTimeout(500);
	await page.screenshot({ path: artifact('widget-unlocked.png'), fullPage: true });
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: artifact('widget-dark.png'), fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.emulateMedia({ colorScheme: 'light' });
	await page.screenshot({ path: artifact('widget-phone.png'), fullPage: true });
	check(problems.length === 0, 'no script errors or CSP violations: ' + JSON.stringify(problems));
	await context.close();

	// Reduced motion: the unlock shows, without confetti.
	const rm = await openStore(browser, { reducedMotion: 'reduce' });
	await rm.page.waitForSelector('#full .sg-milestone', { timeout: 10000 });
	sql("UPDATE campaigns SET units = 205, version = version + 1 WHERE slug = 'skyward-isles'; " +
		"UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE campaign_id = " +
		"(SELECT id FROM campaigns WHERE slug = 'skyward-isles') AND target <= 205 AND reached_at IS NULL");
	await rm.page.waitForFunction(() => document.querySelector('#full')?.textContent
		.includes('Everyone who backs from now on gets a custom dice set.'), null, { timeout: 8000 })
		.then(() => check(true, 'reduced motion: the unlock shows'),
			() => check(false, 'reduced motion: the unlock shows'));
	check(await rm.page.locator('#full .sg-confetti').count() === 0, 'reduced motion: no confetti');
	check(rm.problems.length === 0, 'reduced motion: no errors ' + JSON.stringify(rm.problems));
	await rm.context.close();

	// Hostile creator text in every field, on a store page without any CSP:
	// nothing may run, and each text shows literally.
	const xss = await browser.newContext();
	const xp = await xss.newPage();
	let dialogs = 0;
	xp.on('dialog', (d) => { dialogs++; d.dismiss(); });
	await xp.route(STORE + '**', (route) => route.fulfill({
		status: 200, contentType: 'text/html; charset=utf-8', body: `<!doctype html>
<html><head><meta charset="utf-8"><title>xss</title></head><body>
<div id="x1" data-stretchgoal="demo/xss" data-stretchgoal-interval="2"></div>
<div id="x2" data-stretchgoal="demo/xss" data-stretchgoal-view="compact"></div>
<iframe id="xf" src="${base}/w/demo/xss"></iframe>
<iframe id="xc" src="${base}/w/demo/xss?view=compact"></iframe>
<script src="${base}/static/stretchgoal.js"></script></body></html>`,
	}));
	await xp.goto(STORE + 'xss');
	await xp.waitForSelector('#x1 .sg-milestone', { timeout: 10000 });
	await xp.waitForSelector('#x2 .sg-next', { timeout: 10000 });
	await xp.frameLocator('#xf').locator('.sg-milestone').first().waitFor({ timeout: 10000 });
	await xp.frameLocator('#xc').locator('.sg-widget').waitFor({ timeout: 10000 });
	await xp.waitForTimeout(3000);	/* a poll or two, images tried */
	let pwned = await xp.evaluate(() => window.__pwned);
	for (const f of xp.frames()) pwned = pwned ?? await f.evaluate(() => window.__pwned).catch(() => undefined);
	check(pwned === undefined && dialogs === 0, `no payload ran (window.__pwned=${pwned}, dialogs=${dialogs})`);
	check(await xp.locator('#x1 .sg-milestone.sg-locked').count() === 1, 'xss campaign: one milestone still locked');
	check(await xp.locator('#x1 .sg-title').innerText() === '<img src=x onerror="window.__pwned=1">',
		'drop-in: the campaign title shows literally');
	check(await xp.locator('#x1 img, #x1 script, #x1 iframe, #x1 svg a, #x1 a').count() === 0,
		'drop-in: no element made from creator text');
	check(await xp.frameLocator('#xf').locator('.sg-title').innerText() ===
		'<img src=x onerror="window.__pwned=1">', 'iframe: the campaign title shows literally');
	// The page's one script is the service's own widget script (it updates
	// the page in place); nothing else may be an element.
	check(await xp.frameLocator('#xf').locator('img, script:not([src="/static/stretchgoal.js"]), iframe, a').count() === 0 &&
		await xp.frameLocator('#xf').locator('script').count() === 1,
		'iframe: no element made from creator text');
	await xp.screenshot({ path: artifact('widget-xss.png'), fullPage: true });
	await xss.close();
} catch (e) {
	check(false, 'unexpected: ' + (e && e.stack || e));
} finally {
	await browser.close();
}
finish();
