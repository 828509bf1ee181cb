// widget-embed.mjs — the iframe page and the drop-in script as a backer and
// a store meet them, in headless Chromium:
//  1. axe-core on the iframe page of every state (upcoming, live, funded,
//     ended) × view (full, compact) × theme (light, dark): 0 violations of
//     any impact; no horizontal scrolling at 390 px; screenshots at 390 and
//     1280 px in light and dark (BUILD/tests/browser-artifacts/embed-*.png).
//  2. The iframe page updates in place (no reload): an unchanged campaign
//     costs 304s and announces nothing; a reached milestone shows and is
//     announced once in the polite live region.
//  3. A parent page on another origin (its own loopback port) embeds the
//     iframe with the documented snippet: it receives
//     {type: "stretchgoal:resize", height, campaign}, checks event.origin,
//     and the iframe ends at the content (nothing cut off) at 390 and 1280 px.
//  4. A store page with two drop-in widgets and a <stretch-goal> element of
//     one campaign: distinct landmark names, the custom element's theme, and
//     axe on the widgets.
//  5. Languages: a store page with <stretch-goal lang="de"> and a drop-in
//     div with data-stretchgoal-lang="de" at 390 px, and the iframe page
//     with ?lang=de and ?lang=ja: the catalogue's words, plural forms and
//     money format, lang/dir on the widget, long German compounds wrap (no
//     horizontal scrolling), axe 0 violations; the page updated in place
//     stays in its language.  Screenshots embed-lang-*.png.
// The instance is seeded by tests/integration/it_browser_widget.c.
import { createServer } from 'node:http';
import { launch, env, sql, artifact, check, finish, axe } from './lib.mjs';

const base = env('SG_BASE_URL');

const STATES = [
	{ slug: 'soon', state: 'upcoming', says: 'Starts in 3 days', not: 'days left' },
	{ slug: 'live', state: 'live', says: '17 days left', not: 'Funded!' },
	{ slug: 'funded', state: 'funded', says: 'Funded!', not: 'Starts in' },
	{ slug: 'ended', state: 'ended', says: 'Campaign ended on November 15, 2026', not: 'days left' },
];


const browser = await launch();
try {
	// --- 1. every state, view and theme ------------------------------------
	for (const theme of ['light', 'dark']) {
		for (const width of [1280, 390]) {
			// bypassCSP only so that axe can be injected; the page's own
			// script runs under the page's CSP in part 2 and 3.
			const ctx = await browser.newContext({ viewport: { width, height: 900 },
				colorScheme: theme, bypassCSP: true, reducedMotion: 'reduce' });
			const page = await ctx.newPage();
			for (const s of STATES) {
				for (const view of ['full', 'compact']) {
					const url = `${base}/w/demo/${s.slug}?view=${view}`;
					const r = await page.goto(url);
					check(r.status() === 200, `${url} is 200`);
					const text = await page.locator('main').innerText();
					if (view === 'full') {
						check(text.includes(s.says), `${s.state} ${view}: says "${s.says}"`);
						check(!text.includes(s.not), `${s.state} ${view}: does not say "${s.not}"`);
					}
					check(await page.locator(`.sg-state-${s.state}`).count() === 1,
						`${s.state} ${view}: its own state class`);
					check(await page.locator('main').count() === 1 && await page.locator('h1').count() === 1,
						`${s.state} ${view}: one main landmark and one h1`);
					const bar = page.locator('[role=progressbar]');
					check(/ of .* (raised|sold), \d[\d,]*%$/.test(await bar.getAttribute('aria-valuetext')),
						`${s.state} ${view}: aria-valuetext in words (${await bar.getAttribute('aria-valuetext')})`);
					if (view === 'full')
						check(await page.locator('ol.sg-milestones > li').count() === 3 &&
							await page.locator('[role=progressbar] li').count() === 0,
							`${s.state}: the milestones are a list outside the bar`);
					await axe(page, `${s.state} ${view} ${theme} ${width}px`, 'any');
					const sw = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
					check(sw <= 0, `${s.state} ${view} ${theme} ${width}px: no horizontal scrolling (${sw})`);
					if (view === 'full' || s.state === 'funded')
						await page.screenshot({ path: artifact(`embed-${s.state}-${view}-${theme}-${width}.png`), fullPage: true });
				}
			}
			// The themes an embed asks for beat the visitor's preference.
			const other = theme === 'light' ? 'dark' : 'light';
			await page.goto(`${base}/w/demo/funded?theme=${other}&accent=%237b2ff7`);
			check(await page.locator(`.sg-theme-${other}`).count() === 1, `theme=${other} under a ${theme} preference`);
			const fill = await page.locator('.sg-bar-fill').evaluate((e) => getComputedStyle(e).fill);
			check(fill === 'rgb(123, 47, 247)', `accent colours the bar (${fill})`);
			await axe(page, `funded theme=${other} accent=#7b2ff7 ${width}px`, 'any');
			await page.screenshot({ path: artifact(`embed-funded-accent-${other}-${width}.png`), fullPage: true });
			await ctx.close();
		}
	}

	// --- 2. in place, no reload, news announced once ---------------------------
	{
		const ctx = await browser.newContext({ viewport: { width: 800, height: 900 } });
		const page = await ctx.newPage();
		const problems = [];
		page.on('pageerror', (e) => problems.push(String(e)));
		page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
		const polls = [];
		page.on('response', (r) => { if (r.url().includes('/api/v1/public/demo/live')) polls.push(r.status()); });
		await page.goto(`${base}/w/demo/live?interval=2`);
		await page.evaluate(() => { window.__sameDocument = 1; });
		await page.waitForTimeout(5000);
		check(polls.length >= 2 && polls.every((s) => s === 304),
			`unchanged campaign: polls are 304s (${polls.join(',')})`);
		check(await page.locator('.sg-live').innerText() === '', 'unchanged campaign: nothing announced');
		check(!(await page.locator('main').innerText()).includes('Frost Island'), 'the after text is still secret');
		sql("UPDATE campaigns SET amount = 650000, backers = 52, orders = 52, version = version + 1 " +
			"WHERE slug = 'live'; UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target <= 650000 " +
			"AND reached_at IS NULL AND campaign_id = (SELECT id FROM campaigns WHERE slug = 'live')");
		await page.waitForFunction(() => document.querySelector('main').textContent
			.includes('The Frost Island joins the base game!'), null, { timeout: 8000 })
			.then(() => check(true, 'the iframe page shows the unlock in place'),
				() => check(false, 'the iframe page shows the unlock in place'));
		check(await page.evaluate(() => window.__sameDocument) === 1, 'the page did not reload');
		check(await page.locator('meta[http-equiv=refresh]').count() === 0, 'no meta refresh');
		check((await page.locator('.sg-live').innerText()).includes('A new island'), 'the unlock is announced');
		check(await page.locator('.sg-live').count() === 1 && await page.locator('[aria-live]').count() === 1,
			'one live region, kept across updates');
		check((await page.locator('[role=progressbar]').getAttribute('aria-valuetext')) ===
			'$6,500.00 of $10,000.00 raised, 65%', 'the bar says the new amount');
		const said = await page.locator('.sg-live').innerText();
		await page.waitForTimeout(4500);
		check(await page.locator('.sg-live').innerText() === said && polls.slice(-1)[0] === 304,
			'later polls (304) announce nothing new');
		check(problems.length === 0, 'no script errors or CSP violations: ' + JSON.stringify(problems));
		await page.screenshot({ path: artifact('embed-live-updated.png'), fullPage: true });
		await ctx.close();
	}

	// --- 3. resize: a parent on another origin --------------------------------
	{
		const parentHtml = (slug, view) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parent store</title>
<style>body{margin:0;font-family:sans-serif} main{padding:12px} iframe{display:block}</style></head>
<body><main><h1>A store on another origin</h1>
<iframe id="sg" src="${base}/w/demo/${slug}${view === 'compact' ? '?view=compact' : ''}" title="Campaign progress"
  style="border:0;width:100%;height:150px"></iframe>
<script>
window.__sg = [];
window.addEventListener("message", function (e) {
  if (e.origin !== ${JSON.stringify(base)} || !e.data || e.data.type !== "stretchgoal:resize") return;
  window.__sg.push(e.data);
  document.getElementById("sg").style.height = e.data.height + "px";
});
</script></main></body></html>`;
		const server = createServer((req, res) => {
			const u = new URL(req.url, 'http://x');
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end(parentHtml(u.searchParams.get('slug') || 'live', u.searchParams.get('view') || 'full'));
		});
		await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
		const parent = `http://127.0.0.1:${server.address().port}`;
		check(new URL(parent).origin !== new URL(base).origin, `the parent (${parent}) is another origin than ${base}`);
		for (const width of [390, 1280]) {
			for (const [slug, view] of [['live', 'full'], ['funded', 'full'], ['soon', 'compact']]) {
				const ctx = await browser.newContext({ viewport: { width, height: 700 } });
				const page = await ctx.newPage();
				await page.goto(`${parent}/?slug=${slug}&view=${view}`);
				await page.waitForFunction(() => window.__sg.length > 0, null, { timeout: 8000 })
					.catch(() => {});
				await page.waitForTimeout(600);
				const msgs = await page.evaluate(() => window.__sg);
				const last = msgs[msgs.length - 1];
				check(msgs.length > 0 && last.type === 'stretchgoal:resize' && last.campaign === `demo/${slug}` &&
					Number.isInteger(last.height), `${slug} ${view} ${width}px: resize message received (${JSON.stringify(last)})`);
				const frame = page.frame({ url: new RegExp(`/w/demo/${slug}`) });
				const inner = await frame.evaluate(() => ({
					content: document.documentElement.scrollHeight, view: innerHeight }));
				const box = await page.locator('#sg').boundingBox();
				check(last && Math.abs(box.height - inner.content) <= 1 && inner.content <= inner.view,
					`${slug} ${view} ${width}px: the iframe (${box.height}px) ends at its content (${inner.content}px), nothing cut off`);
				await page.screenshot({ path: artifact(`embed-parent-${slug}-${view}-${width}.png`), fullPage: true });
				await ctx.close();
			}
		}
		server.close();
	}

	// --- 4. store page: two drop-ins and a custom element of one campaign ------
	{
		const STORE = base.replace('//127.0.0.1:', '//localhost:') + '/shop/';
		const ctx = await browser.newContext({ viewport: { width: 1100, height: 1200 } });
		const page = await ctx.newPage();
		const problems = [];
		page.on('pageerror', (e) => problems.push(String(e)));
		page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
		await page.route(STORE + '**', (route) => route.fulfill({
			status: 200, contentType: 'text/html; charset=utf-8',
			headers: { 'Content-Security-Policy': `default-src 'none'; script-src ${base}; ` +
				`connect-src ${base}; style-src ${base}; img-src ${base}` },
			body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head>
<body><main><h1>Skyward Isles</h1>
<div id="a" data-stretchgoal="demo/funded" data-stretchgoal-interval="2"></div>
<div id="b" data-stretchgoal="demo/funded" data-stretchgoal-view="compact" data-stretchgoal-accent="#7b2ff7"></div>
<stretch-goal id="c" campaign="demo/funded" view="compact" theme="dark"></stretch-goal>
</main><script src="${base}/static/stretchgoal.js" defer></script></body></html>`,
		}));
		await page.goto(STORE);
		await page.waitForSelector('#c .sg-widget', { timeout: 10000 });
		await page.waitForSelector('#a .sg-milestone', { timeout: 10000 });
		const labels = await page.locator('section.sg-widget').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
		check(labels.length === 3 && new Set(labels).size === 3, `distinct landmark names: ${JSON.stringify(labels)}`);
		check(await page.locator('#c .sg-widget.sg-theme-dark.sg-compact').count() === 1,
			'the custom element takes view and theme');
		check(await page.locator('#a h2').count() === 1 && await page.locator('#a h1').count() === 0,
			'in a store page the widget heading is an h2 under the store\'s h1');
		const fill = await page.locator('#b .sg-bar-fill').evaluate((e) => getComputedStyle(e).fill);
		check(fill === 'rgb(123, 47, 247)', `data-stretchgoal-accent colours the drop-in bar (${fill})`);
		await page.waitForTimeout(4500);
		check(await page.locator('#a .sg-live').innerText() === '', 'drop-in: polls that change nothing announce nothing');
		await page.screenshot({ path: artifact('embed-store-three.png'), fullPage: true });
		check(problems.length === 0, 'store page: no script errors or CSP violations: ' + JSON.stringify(problems));
		await ctx.close();
		const ctx2 = await browser.newContext({ viewport: { width: 1100, height: 1200 }, bypassCSP: true });
		const p2 = await ctx2.newPage();
		await p2.route(STORE + '**', (route) => route.fulfill({
			status: 200, contentType: 'text/html; charset=utf-8',
			body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Store</title></head>
<body><main><h1>Skyward Isles</h1>
<div data-stretchgoal="demo/funded"></div><div data-stretchgoal="demo/funded" data-stretchgoal-view="compact"></div>
<stretch-goal campaign="demo/ended" theme="dark"></stretch-goal>
</main><script src="${base}/static/stretchgoal.js"></script></body></html>`,
		}));
		await p2.goto(STORE);
		await p2.waitForSelector('stretch-goal .sg-milestone', { timeout: 10000 });
		await p2.waitForSelector('div[data-stretchgoal] .sg-milestone', { timeout: 10000 });
		await axe(p2, 'a store page with three widgets');
		await ctx2.close();
	}

	// --- 5. languages ------------------------------------------------------
	{
		const NB = '\u00a0';
		const STORE = base.replace('//127.0.0.1:', '//localhost:') + '/laden/';
		const ctx = await browser.newContext({ viewport: { width: 390, height: 900 },
			bypassCSP: true, reducedMotion: 'reduce' });
		const page = await ctx.newPage();
		const problems = [];
		page.on('pageerror', (e) => problems.push(String(e)));
		page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
		await page.route(STORE + '**', (route) => route.fulfill({
			status: 200, contentType: 'text/html; charset=utf-8',
			body: `<!doctype html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Laden</title></head>
<body><main><h1>Unser Laden</h1>
<stretch-goal id="de" campaign="demo/lang" lang="de"></stretch-goal>
<div id="dc" data-stretchgoal="demo/lang" data-stretchgoal-view="compact" data-stretchgoal-lang="de"></div>
</main><script src="${base}/static/stretchgoal.js"></script></body></html>`,
		}));
		await page.goto(STORE);
		await page.waitForSelector('#de .sg-milestone', { timeout: 10000 });
		await page.waitForSelector('#dc .sg-widget', { timeout: 10000 });
		const de = await page.locator('#de').innerText();
		for (const w of ['4.200,00' + NB + '$', 'von 10.000,00' + NB + '$ gesammelt', '1 Unterstützer',
			'Noch 17 Tage', 'Stretchziele', 'Freigeschaltet', 'noch 1.800,00' + NB + '$'])
			check(de.includes(w), `drop-in lang="de" says "${w}"`);
		check(!/\d backers?\b|raised of|days left|to go|Stretch goals/.test(de), 'drop-in lang="de": no English words left');
		check(await page.locator('#de section.sg-widget').getAttribute('lang') === 'de' &&
			await page.locator('#de section.sg-widget').getAttribute('dir') === 'ltr',
			'the widget root takes lang="de" dir="ltr" from the JSON');
		const dc = await page.locator('#dc').innerText();
		check(dc.includes('Nächstes:') && dc.includes('bei 6.000,00' + NB + '$'),
			`compact drop-in data-stretchgoal-lang="de" (${dc.replace(/\s+/g, ' ')})`);
		check((await page.locator('#de [role=progressbar]').getAttribute('aria-valuetext')) ===
			'4.200,00' + NB + '$ von 10.000,00' + NB + '$ gesammelt, 42' + NB + '%',
			'the bar speaks German');
		const sw = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
		check(sw <= 0, `German drop-in at 390 px: long words wrap, no horizontal scrolling (${sw})`);
		await axe(page, 'store page with German widgets at 390px', 'any');
		await page.screenshot({ path: artifact('embed-lang-de-dropin-390.png'), fullPage: true });
		check(problems.length === 0, 'German store page: no script errors: ' + JSON.stringify(problems));
		await ctx.close();

		for (const [lang, says, width] of [['de', 'Noch 17 Tage', 390], ['de', 'Noch 17 Tage', 1280],
			['ja', '残り17日', 390]]) {
			const c2 = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true,
				reducedMotion: 'reduce' });
			const p = await c2.newPage();
			const r = await p.goto(`${base}/w/demo/lang?lang=${lang}&interval=2`);
			check(r.status() === 200, `iframe page lang=${lang} is 200`);
			check(await p.locator('html').getAttribute('lang') === lang &&
				await p.locator('html').getAttribute('dir') === 'ltr', `iframe page: <html lang="${lang}" dir="ltr">`);
			check((await p.locator('main').innerText()).includes(says), `iframe page lang=${lang} says "${says}"`);
			const w2 = await p.evaluate(() => document.documentElement.scrollWidth - innerWidth);
			check(w2 <= 0, `iframe page lang=${lang} at ${width} px: no horizontal scrolling (${w2})`);
			await axe(p, `iframe page lang=${lang} ${width}px`);
			await p.screenshot({ path: artifact(`embed-lang-${lang}-page-${width}.png`), fullPage: true });
			await c2.close();
		}
		// Updated in place, the page stays German (the script polls ?lang=de).
		{
			const c3 = await browser.newContext({ viewport: { width: 390, height: 900 } });
			const p = await c3.newPage();
			const polls = [];
			p.on('response', (r) => { if (r.url().includes('/api/v1/public/demo/lang')) polls.push(r.url()); });
			await p.goto(`${base}/w/demo/lang?lang=de&interval=2`);
			await p.waitForTimeout(2600);
			sql("UPDATE campaigns SET amount = 650000, backers = 2, orders = 2, version = version + 1 " +
				"WHERE slug = 'lang'");
			await p.waitForFunction(() => document.querySelector('main').textContent.includes('6.500,00'),
				null, { timeout: 8000 }).then(() => check(true, 'German page updated in place'),
				() => check(false, 'German page updated in place'));
			const t = await p.locator('main').innerText();
			check(t.includes('2 Unterstützende') && t.includes('von 10.000,00' + NB + '$ gesammelt'),
				'the updated page is still German, plural "other" for 2');
			check(polls.length > 0 && polls.every((u) => u.endsWith('?lang=de')),
				`the page polls the JSON in its language (${polls[0]})`);
			await c3.close();
		}
	}
} catch (e) {
	check(false, 'unexpected: ' + (e && e.stack || e));
} finally {
	await browser.close();
}
finish();
