// chart.mjs — the dashboard's picture of the campaign (issue 12 item 9) in
// headless Chromium at 1280 and 390 px: the SVG is drawn (a series, lines,
// a reach marker) and named for a screen reader, the table behind it opens
// without JavaScript, axe-core finds no serious or critical violation, and
// at 390 px the page is not wider than the screen.  Screenshots:
// SG_ARTIFACTS/chart-1280.png, chart-390.png.
//
// Run by tests/integration/it_dashboard_chart.c (store "acme", campaign
// "fund" with orders, the account SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD).
import { launch, env, artifact, check, finish, axe } from './lib.mjs';

const base = env('SG_BASE_URL');


const browser = await launch();
try {
	for (const width of [1280, 390]) {
		// JavaScript off: the chart is the server's; bypassCSP for axe only.
		const context = await browser.newContext({ viewport: { width, height: 900 },
			bypassCSP: true, javaScriptEnabled: width === 390 ? false : true });
		const page = await context.newPage();
		await page.goto(base + '/admin/login');
		await page.getByLabel('Email').fill(env('SG_ADMIN_EMAIL'));
		await page.getByLabel('Password').fill(env('SG_ADMIN_PASSWORD'));
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL('**/admin/campaigns');
		await page.goto(base + '/admin/campaigns/fund');
		const chart = page.getByRole('img', { name: 'Funding over time' });
		check(await chart.count() === 1, `${width} px: the chart is an image named "Funding over time"`);
		const box = await chart.boundingBox();
		check(box !== null && box.width > 300 && box.height > 100,
			`${width} px: the chart is drawn (${box && Math.round(box.width)}×${box && Math.round(box.height)})`);
		check(box !== null && box.x >= 0 && box.x + box.width <= width,
			`${width} px: the chart fits the screen`);
		const pts = await page.locator('svg.chart polyline.chart-series').getAttribute('points');
		check(pts !== null && pts.split(' ').length === 21, `${width} px: 21 points drawn`);
		check(await page.locator('svg.chart circle.chart-reach').count() === 1,
			`${width} px: one reach marker`);
		const desc = await page.locator('svg.chart desc').textContent();
		check(desc.includes('$110.00 of $100.00'), `${width} px: the description says the figures (${desc})`);
		await page.getByText('The numbers behind the chart').click();
		check(await page.locator('details.chart-data td', { hasText: /^2026-11-06$/ }).isVisible(),
			`${width} px: the table behind the chart opens`);
		if (width === 390) {
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			check(w <= 390, `390 px: the dashboard is not wider than the screen (${w} px)`);
		} else {
			await axe(page, 'the dashboard with its chart');
		}
		await page.screenshot({ path: artifact(`chart-${width}.png`), fullPage: true });
		await context.close();
	}
} finally {
	await browser.close();
}
finish();
