// backers.mjs — backers milestones (SPEC Milestones rule 10) as a creator
// and a backer meet them, at 390 px:
//  1. the milestone form by its labels: "Counts" (a select: progress or
//     backers) and the target; axe (no serious or critical violation), no
//     sideways scrolling; saved as a backers goal of 3 (not 3.00 dollars);
//  2. the widget page: the goal is listed with "N backers to go" and is
//     not drawn on the bar (one marker, the progress goal's); axe 0
//     violations of any impact, 390 px.
// Screenshots: backers-*.png in SG_ARTIFACTS.
//
// Run by tests/integration/it_admin_backers.c (store "acme", campaign
// "crowd" (money) with a progress milestone and one backer, the account
// SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD).
import { launch, env, sql, artifact, check, finish, axe, fits } from './lib.mjs';

const base = env('SG_BASE_URL');



const browser = await launch();
try {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 },
		bypassCSP: true });
	const page = await ctx.newPage();
	await page.goto(base + '/admin/login');
	await page.getByLabel('Email').fill(env('SG_ADMIN_EMAIL'));
	await page.getByLabel('Password').fill(env('SG_ADMIN_PASSWORD'));
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/admin/campaigns');

	// --- 1. the form by its labels ---------------------------------------
	await page.goto(base + '/admin/campaigns/crowd/milestones/new');
	const counts = page.getByLabel('Counts');
	check(await counts.inputValue() === 'progress', 'a new milestone counts progress');
	await counts.selectOption({ label: 'Backers (people with an active order)' });
	await page.getByLabel(/^Target/).fill('3');
	await page.getByLabel(/^Title/).fill('Three friends');
	await page.getByLabel(/^Text before it is reached/).fill('Bring two friends');
	await page.getByLabel(/^Text once reached/).fill('A sticker sheet for the crowd');
	await axe(page, 'the milestone form', 'serious');
	await fits(page, 'the milestone form');
	await page.screenshot({ path: artifact('backers-1-form-390.png'), fullPage: true });
	await page.getByRole('button', { name: 'Add milestone' }).click();
	await page.waitForURL('**/admin/campaigns/crowd');
	const row = sql("SELECT metric, target FROM milestones WHERE title = 'Three friends'").trim();
	check(row === 'backers\t3', `stored a backers goal of 3 (${row})`);
	const id = sql("SELECT id FROM milestones WHERE title = 'Three friends'").trim();
	await page.goto(`${base}/admin/campaigns/crowd/milestones/${id}/edit`);
	check(await page.getByLabel('Counts').inputValue() === 'backers', 'the edit form shows "Backers"');
	check(await page.getByLabel(/^Target/).inputValue() === '3', 'and the target as a count');

	// --- 2. the widget page ------------------------------------------------
	await page.goto(base + '/w/acme/crowd');
	const text = await page.locator('main').innerText();
	check(text.includes('Three friends') && text.includes('2 backers to go'),
		`the backers goal is listed with "2 backers to go"`);
	check(await page.locator('.sg-milestone').count() === 2, 'both goals listed');
	check(await page.locator('.sg-bar-marker').count() === 1, 'one marker on the bar: the progress goal');
	await axe(page, 'the widget with a backers goal', 'any');
	await fits(page, 'the widget with a backers goal');
	await page.screenshot({ path: artifact('backers-2-widget-390.png'), fullPage: true });
} finally {
	await browser.close();
}
finish();
