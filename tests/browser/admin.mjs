// admin.mjs — the creator's admin in headless Chromium, without any script
// of ours on the pages: sign in, create a campaign, add a gift milestone and
// a reveal milestone with a photo (first with a bad target, to see the
// validation message, then fixed), go live, open the widget and see the
// milestones, sign out.  Screenshots go to SG_ARTIFACTS (admin-*.png).
//
// Run by tests/integration/it_admin_browser.c, which creates store "acme"
// and the account SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD.
import { launch, env, sql, artifact, check, finish } from './lib.mjs';

const base = env('SG_BASE_URL');
const email = env('SG_ADMIN_EMAIL');
const password = env('SG_ADMIN_PASSWORD');
const photo = env('SG_ADMIN_PHOTO');

const browser = await launch();
try {
	const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
	const page = await context.newPage();
	const problems = [];
	const note = (what) => { problems.push(what); console.log('page: ' + what); };
	page.on('pageerror', (e) => note(String(e)));
	// Pages answer 401/422 on purpose (a wrong password, a bad target): the
	// console reports those documents; what matters is every other resource
	// (styles, photos) loading, and no CSP violation or script error.
	page.on('console', (m) => {
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
			note(m.text());
	});
	page.on('response', (r) => {
		const u = new URL(r.url());
		if (r.request().resourceType() !== 'document' && r.status() >= 400 &&
		    u.pathname !== '/favicon.ico')
			note(`${r.status()} for ${u.pathname}`);
	});

	// Signed out: the admin sends us to the sign-in form.
	await page.goto(base + '/admin/campaigns');
	check(new URL(page.url()).pathname === '/admin/login', 'signed out: redirected to the sign-in form');
	await page.screenshot({ path: artifact('admin-1-login.png'), fullPage: true });
	await page.fill('#email', email);
	await page.fill('#password', 'not the password');
	await page.click('button[type=submit]');
	check((await page.locator('.error-box').innerText()).includes('Wrong email or password'),
		'a wrong password is refused with a message');
	await page.fill('#password', password);
	await page.click('button[type=submit]');
	await page.waitForURL('**/admin/campaigns');
	check((await page.locator('header.top').innerText()).includes(email), 'signed in as the creator');

	// A new campaign.
	await page.click('text=New campaign');
	await page.fill('#title', 'Skyward Isles');
	await page.fill('#slug', 'skyward');
	await page.fill('#description', 'A cooperative exploration game.');
	await page.selectOption('#goal_kind', 'units');
	await page.fill('#goal', '100');
	await page.check('input[name=product_ids][value="p-1"]');
	await page.screenshot({ path: artifact('admin-2-campaign-form.png'), fullPage: true });
	await page.click('button:has-text("Create draft campaign")');
	await page.waitForURL('**/admin/campaigns/skyward');
	check((await page.locator('h1').innerText()).includes('Skyward Isles'), 'the campaign page opens');
	check((await page.locator('.status').first().innerText()) === 'draft', 'it starts as a draft');

	// A gift milestone for new backers.
	await page.click('text=Add milestone');
	await page.fill('#target', '30');
	await page.fill('#title', 'Enamel pin');
	await page.fill('#before_text', 'Something shiny at 30 copies.');
	await page.fill('#after_text', 'Unlocked: every new backer gets an enamel pin.');
	await page.check('input[name=reward][value=gift]');
	await page.fill('#gift_product_id', 'pin-1');
	await page.fill('#gift_quantity', '1');
	await page.check('input[name=scope][value=new]');
	await page.click('button:has-text("Add milestone")');
	await page.waitForURL('**/admin/campaigns/skyward');

	// A reveal milestone with a photo: first a bad target.
	await page.click('text=Add milestone');
	await page.fill('#target', 'sixty');
	await page.fill('#title', 'Frost Island');
	await page.fill('#before_text', 'A new island is hiding in the fog.');
	await page.fill('#after_text', 'The Frost Island joins the base game!');
	await page.check('input[name=reward][value=reveal]');
	await page.setInputFiles('#photo', photo);
	await page.click('button:has-text("Add milestone")');
	await page.waitForSelector('#target-error');
	check((await page.locator('#target-error').innerText()).includes('whole number'),
		'a bad target shows a message beside the field');
	check(await page.inputValue('#title') === 'Frost Island', 'the typed values are kept');
	check(await page.getAttribute('#target', 'aria-invalid') === 'true', 'the field is marked invalid');
	await page.screenshot({ path: artifact('admin-3-validation.png'), fullPage: true });
	check(sql("SELECT COUNT(*) FROM milestones").trim() === '1', 'nothing was saved');
	await page.fill('#target', '60');
	await page.setInputFiles('#photo', photo);
	await page.click('button:has-text("Add milestone")');
	await page.waitForURL('**/admin/campaigns/skyward');
	check(await page.locator('table.list tbody tr').first().locator('td').first().innerText() === '30',
		'milestones are listed in target order');
	const thumb = page.locator('img.thumb');
	check(await thumb.count() === 1 && await thumb.evaluate((e) => e.complete && e.naturalWidth === 7),
		'the uploaded photo shows');

	// Go live.
	await page.click('button:has-text("Go live")');
	await page.waitForURL('**/admin/campaigns/skyward');
	check((await page.locator('.status').first().innerText()) === 'live', 'the campaign is live');
	await page.screenshot({ path: artifact('admin-4-dashboard.png'), fullPage: true });

	// Rule 9 in the form: a reached milestone's locked fields are disabled.
	sql("UPDATE campaigns SET units = 40, version = version + 1 WHERE slug = 'skyward'; " +
		"UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target = 30");
	await page.goto(page.url());
	await page.locator('tr', { hasText: 'Enamel pin' }).locator('a:has-text("Edit")').click();
	await page.waitForSelector('#locked-reason');
	check(await page.isDisabled('#target') && await page.isDisabled('#gift_product_id') &&
		await page.isDisabled('input[name=scope][value=new]'), 'locked fields are disabled');
	check(!(await page.isDisabled('#title')) && !(await page.isDisabled('#after_text')),
		'texts stay editable');
	await page.screenshot({ path: artifact('admin-4b-reached-milestone.png'), fullPage: true });
	await page.fill('#title', 'Enamel pin (gold)');
	await page.click('button:has-text("Save milestone")');
	await page.waitForURL('**/admin/campaigns/skyward');
	check(sql("SELECT title FROM milestones WHERE target = 30").trim() === 'Enamel pin (gold)',
		'the title of a reached milestone still changes');

	// The widget shows both milestones, the after text of the locked one secret.
	const widgetUrl = await page.locator('a[href*="/w/acme/skyward"]').getAttribute('href');
	const w = await context.newPage();
	await w.goto(base + new URL(widgetUrl).pathname);
	await w.waitForSelector('.sg-milestone', { timeout: 10000 });
	check(await w.locator('.sg-milestone').count() === 2, 'the widget shows the two milestones');
	const wt = await w.locator('body').innerText();
	check(wt.includes('Enamel pin (gold)') && wt.includes('Frost Island'), 'with their titles');
	check(!wt.includes('joins the base game'), 'the locked after text stays secret');
	check(wt.includes('every new backer gets an enamel pin'), 'the reached one shows its after text');
	await w.screenshot({ path: artifact('admin-5-widget.png'), fullPage: true });
	await w.close();

	// Sign out: the session ends; the admin asks to sign in again.
	await page.click('button:has-text("Sign out")');
	await page.waitForURL('**/admin/login');
	await page.goto(base + '/admin/campaigns/skyward');
	check(new URL(page.url()).pathname === '/admin/login', 'signed out: the dashboard is closed');
	check(sql("SELECT COUNT(*) FROM sessions").trim() === '0', 'the session ended on the server');
	check(problems.length === 0, 'no script errors or CSP violations: ' + JSON.stringify(problems));
	await context.close();
} catch (e) {
	check(false, 'unexpected: ' + (e && e.stack || e));
} finally {
	await browser.close();
}
finish();
