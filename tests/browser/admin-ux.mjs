// admin-ux.mjs — issue 12 in headless Chromium, as a creator would do it,
// by visible labels: money typed the European way and an ambiguous amount,
// the creator's preview of a draft (and the public URLs still 404), a
// double click on "Go live" that does not end the campaign, deleting a
// milestone and ending the campaign through their confirmation pages,
// flash messages, archive and "Show archived", duplicate.  On every admin
// page: axe-core (0 serious or critical violations) and, at 390 px, no
// page wider than the viewport.  Screenshots: SG_ARTIFACTS/ux-*.png.
//
// Run by tests/integration/it_admin_browser.c (store "acme" in USD, the
// account SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD, catalog products p-1, pin-1).
import { launch, env, sql, artifact, check, finish, axe } from './lib.mjs';

const base = env('SG_BASE_URL');
const email = env('SG_ADMIN_EMAIL');
const password = env('SG_ADMIN_PASSWORD');

// axe on the page as it is: no serious or critical violation.

const pages = new Map();	// every admin page visited: name -> path
function seen(page, name) {
	pages.set(name, new URL(page.url()).pathname + new URL(page.url()).search);
}

const browser = await launch();
try {
	// bypassCSP only so that axe can be injected into the admin's pages.
	const context = await browser.newContext({ viewport: { width: 1100, height: 900 },
		bypassCSP: true });
	const page = await context.newPage();
	const problems = [];
	page.on('pageerror', (e) => problems.push(String(e)));

	await page.goto(base + '/admin/login');
	await axe(page, 'sign in');
	{
		const signedOut = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const sp = await signedOut.newPage();
		await sp.goto(base + '/admin/login');
		const w = await sp.evaluate(() => document.documentElement.scrollWidth);
		check(w <= 390, `at 390 px, sign in is not wider than the screen (${w} px)`);
		await signedOut.close();
	}
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/admin/campaigns');

	// --- item 5: money typed the European way ------------------------------
	await page.getByRole('link', { name: 'New campaign' }).click();
	seen(page, 'new campaign');
	await page.getByLabel('Title', { exact: true }).fill('Art book');
	await page.getByLabel(/Web address|Slug/).first().fill('art-book');
	await page.getByLabel(/The goal counts/).selectOption('money');
	await page.getByLabel(/^Goal/).fill('5.000');
	// --- item 6: searching the catalog keeps what was typed and ticked ------
	await page.getByLabel(/Skyward Isles/).check();
	await page.getByLabel('Search the catalog for products').fill('pin');
	await page.getByRole('button', { name: 'Search', exact: true }).click();
	await page.waitForLoadState('load');
	check(await page.getByLabel('Title', { exact: true }).inputValue() === 'Art book' &&
		await page.getByLabel(/^Goal/).inputValue() === '5.000',
		'a catalog search keeps everything typed');
	check(await page.getByLabel(/Skyward Isles/).isChecked(), 'and what was ticked before it');
	check(await page.getByLabel(/Enamel pin/).count() === 1, 'and lists what it found');
	await page.getByLabel(/Enamel pin/).check();
	await page.screenshot({ path: artifact('ux-0-search-kept.png'), fullPage: true });
	await page.getByRole('button', { name: 'Create draft campaign' }).click();
	const goalErr = await page.locator('#goal-error').innerText();
	check(goalErr.includes('5.000 could be 5 or 5000') && goalErr.includes('write 5000 or 5.00'),
		'an ambiguous amount is refused, saying how it could be read: ' + goalErr);
	await page.screenshot({ path: artifact('ux-1-ambiguous-amount.png'), fullPage: true });
	check(sql("SELECT COUNT(*) FROM campaigns WHERE slug = 'art-book'").trim() === '0',
		'nothing was saved');
	await page.getByLabel(/^Goal/).fill('5000,00');
	await page.getByRole('button', { name: 'Create draft campaign' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check(sql("SELECT goal FROM campaigns WHERE slug = 'art-book'").trim() === '500000',
		'"5000,00" is read as 5,000.00 (not 500,000.00)');
	check(sql("SELECT GROUP_CONCAT(cp.product_id ORDER BY cp.product_id) FROM campaign_products cp " +
		"JOIN campaigns c ON c.id = cp.campaign_id WHERE c.slug = 'art-book'").trim() === 'p-1,pin-1',
		'both products ticked across the search count');
	check((await page.locator('.figures').innerText()).includes('$5,000.00'),
		'the dashboard shows a goal of $5,000.00');
	// --- item 10: a flash message after the create
	check((await page.locator('.flash').innerText()).includes('Campaign created'),
		'a message says the campaign was created');
	await page.reload();
	check(await page.locator('.flash').count() === 0, 'the message shows once');
	seen(page, 'dashboard');

	// --- milestones: one with a text, one reveal without an after text -------
	await page.getByRole('link', { name: 'Add milestone' }).click();
	seen(page, 'new milestone');
	await page.getByLabel(/^Target/).fill('1.000,50');
	await page.getByLabel('Title', { exact: true }).fill('Gold foil cover');
	await page.getByLabel(/Text before it is reached/).fill('Something shiny at $1,000.');
	await page.getByLabel(/Text once reached/).fill('Unlocked: a gold foil cover for everyone!');
	check((await page.locator('label[for=after_text]').innerText()).includes('kept secret until then'),
		'before the reach, the after text is said to be secret');
	const scopeNew = await page.locator('label', { hasText: 'New backers only' }).innerText();
	check(scopeNew.includes('by new or returning backers'),
		'"New backers only" says it means orders placed after the reach, by new or returning backers');
	await page.getByRole('button', { name: 'Add milestone' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check((await page.locator('.flash').innerText()).includes('Milestone added'), 'a message after adding');
	check(sql("SELECT target FROM milestones WHERE title = 'Gold foil cover'").trim() === '100050',
		'"1.000,50" is read as 1,000.50');
	await page.getByRole('link', { name: 'Add milestone' }).click();
	await page.getByLabel(/^Target/).fill('2500');
	await page.getByLabel('Title', { exact: true }).fill('Sketchbook pages');
	await page.getByRole('button', { name: 'Add milestone' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check((await page.locator('tr', { hasText: 'Sketchbook pages' }).innerText())
		.includes('No "text once reached"'), 'a reveal without an after text is warned about');
	await page.screenshot({ path: artifact('ux-2-dashboard-draft.png'), fullPage: true });

	// --- item 6: a gift id that is not in the catalog -----------------------
	await page.getByRole('link', { name: 'Add milestone' }).click();
	await page.getByLabel(/^Target/).fill('3000');
	await page.getByLabel('Title', { exact: true }).fill('Enamel pin for all');
	await page.getByLabel(/Text once reached/).fill('Everyone gets a pin.');
	await page.getByLabel(/Gift: attach a product/).check();
	await page.getByLabel('Gift product id').fill('pin-x');
	await page.getByRole('button', { name: 'Add milestone' }).click();
	check((await page.locator('#gift_product_id-error').innerText()).includes('"pin-x"'),
		'an unknown gift product id is refused, naming the id');
	await page.screenshot({ path: artifact('ux-2b-unknown-gift.png'), fullPage: true });
	await page.getByLabel('Gift product id').fill('pin-1');
	await page.getByRole('button', { name: 'Add milestone' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');

	// --- item 2: the preview of a draft --------------------------------------
	await page.locator('.actions').getByRole('link', { name: 'Preview' }).click();
	await page.waitForSelector('.sg-preview');
	seen(page, 'preview full');
	const pv = await page.locator('body').innerText();
	check(pv.includes("Preview — backers don't see this yet"), 'the preview says backers do not see it');
	check(pv.includes('Unlocked: a gold foil cover for everyone!'),
		'an unreached milestone shows as it will once reached (its after text)');
	check(await page.locator('.sg-milestone').count() === 3, 'the preview shows every milestone');
	await page.screenshot({ path: artifact('ux-3-preview-full.png'), fullPage: true });
	await page.getByRole('link', { name: 'Compact widget' }).click();
	await page.waitForSelector('.sg-preview');
	seen(page, 'preview compact');
	check(new URL(page.url()).search === '?view=compact', 'the compact preview');
	await page.screenshot({ path: artifact('ux-3b-preview-compact.png'), fullPage: true });
	const pub = await context.request.get(base + '/w/acme/art-book');
	const pubJson = await context.request.get(base + '/api/v1/public/acme/art-book');
	check(pub.status() === 404 && pubJson.status() === 404, 'the public URLs of the draft stay 404');
	check(!(await pub.text()).includes('gold foil cover for everyone'), 'and say nothing of it');
	await page.getByRole('link', { name: 'Back to the campaign' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');

	// --- item 1: a double click on "Go live" goes live and nothing more -------
	const goLive = page.getByRole('button', { name: 'Go live' });
	const liveBox = await goLive.boundingBox();
	await goLive.dblclick();
	await page.waitForLoadState('load');
	await page.waitForTimeout(700);
	await page.goto(base + '/admin/campaigns/art-book');
	check(sql("SELECT status FROM campaigns WHERE slug = 'art-book'").trim() === 'live',
		'a double click on "Go live" leaves the campaign live, not ended');
	const endLink = page.getByRole('link', { name: 'End campaign…' });
	const endBox = await endLink.boundingBox();
	const overlap = !(endBox.x > liveBox.x + liveBox.width || endBox.x + endBox.width < liveBox.x ||
		endBox.y > liveBox.y + liveBox.height || endBox.y + endBox.height < liveBox.y);
	check(!overlap && Math.abs(endBox.y - liveBox.y) > 200,
		`"End campaign" is nowhere near where "Go live" was (${JSON.stringify(liveBox)} / ${JSON.stringify(endBox)})`);
	check(await page.getByRole('button', { name: 'End campaign' }).count() === 0,
		'the dashboard has no button that ends the campaign at once');
	await page.screenshot({ path: artifact('ux-4-dashboard-live.png'), fullPage: true });

	// --- item 1: deleting a milestone asks first -----------------------------
	await page.locator('tr', { hasText: 'Sketchbook pages' }).getByRole('link', { name: 'Delete…' }).click();
	seen(page, 'delete milestone');
	check((await page.locator('h1').innerText()) === "Delete milestone 'Sketchbook pages'?",
		'the confirmation page asks');
	await page.screenshot({ path: artifact('ux-5-confirm-delete.png'), fullPage: true });
	await page.getByRole('link', { name: 'Cancel' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check(sql("SELECT COUNT(*) FROM milestones WHERE title = 'Sketchbook pages'").trim() === '1',
		'Cancel keeps the milestone');
	await page.locator('tr', { hasText: 'Sketchbook pages' }).getByRole('link', { name: 'Delete…' }).click();
	await page.getByRole('button', { name: 'Delete milestone' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check((await page.locator('.flash').innerText()).includes('Milestone deleted'),
		'a message says it was deleted');
	check(sql("SELECT COUNT(*) FROM milestones WHERE title = 'Sketchbook pages'").trim() === '0',
		'and it is gone');

	// --- item 7: fulfilment ------------------------------------------------
	sql("INSERT INTO orders (store_id, external_id, backer, placed_at, currency, fingerprint, response) " +
		"VALUES (1, 'A-1', 'ann@example.com', UTC_TIMESTAMP(), 'USD', REPEAT('x', 32), '{}'), " +
		"(1, 'A-2', 'c-200', UTC_TIMESTAMP(), 'USD', REPEAT('y', 32), '{}'); " +
		"INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, backer, product_id, quantity, status) " +
		"SELECT 1, c.id, m.id, o.id, o.backer, 'pin-1', 1, 'pending' FROM campaigns c " +
		"JOIN milestones m ON m.campaign_id = c.id AND m.title = 'Enamel pin for all' " +
		"JOIN orders o ON o.external_id IN ('A-1', 'A-2') WHERE c.slug = 'art-book'; " +
		"UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE title = 'Enamel pin for all'");
	await page.goto(base + '/admin/campaigns/art-book');
	await page.getByRole('link', { name: /Gifts to send/ }).click();
	seen(page, 'gifts to send');
	check((await page.locator('tbody').innerText()).includes('Enamel pin × 1'),
		'the gifts show the catalog\'s product name');
	await page.getByLabel('Choose the gift of ann@example.com, order A-1').check();
	await page.screenshot({ path: artifact('ux-5b-gifts.png'), fullPage: true });
	await page.getByRole('button', { name: 'Mark selected fulfilled' }).click();
	await page.waitForLoadState('load');
	check((await page.locator('.flash').innerText()).includes('Marked as fulfilled'), 'a message after marking');
	check(sql("SELECT status FROM grants WHERE backer = 'ann@example.com'").trim() === 'fulfilled',
		'the chosen gift is fulfilled');
	await page.getByRole('link', { name: 'c-200' }).first().click();
	seen(page, 'gifts of one backer');
	check((await page.locator('h1').innerText()) === 'Gifts of c-200', 'one backer\'s gifts');
	await page.goto(base + '/admin/campaigns/art-book');
	await page.getByRole('button', { name: 'Mark all 1 pending fulfilled' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'").trim() === '0',
		'"Mark all pending fulfilled" marks the rest of the milestone');
	const csv = await context.request.get(base + '/admin/campaigns/art-book/fulfilment.csv');
	const csvText = await csv.text();
	check(csv.status() === 200 && csvText.includes(',ann@example.com,ann@example.com,') &&
		csvText.includes(',pin-1,Enamel pin,') && /,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,/.test(csvText),
		'the fulfilment CSV has the e-mail, the product name and RFC 3339 times');

	// --- item 1: ending asks first, without any script -----------------------
	await page.getByRole('link', { name: 'End campaign…' }).click();
	seen(page, 'end campaign');
	const q = await page.locator('.confirm').innerText();
	check(q.includes("End campaign 'Art book'?") &&
		q.includes('New orders will no longer count. This cannot be undone.'),
		'the confirmation page says what ending means');
	await page.screenshot({ path: artifact('ux-6-confirm-end.png'), fullPage: true });
	await page.getByRole('button', { name: 'End campaign' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check(sql("SELECT status FROM campaigns WHERE slug = 'art-book'").trim() === 'ended',
		'confirmed: the campaign has ended');
	check((await page.locator('.flash').innerText()).includes('has ended'), 'a message says so');

	// --- item 10: archive, Show archived, duplicate --------------------------
	await page.getByRole('button', { name: 'Archive campaign' }).click();
	await page.waitForURL('**/admin/campaigns/art-book');
	check((await page.locator('.flash').innerText()).includes('archived'), 'a message after archiving');
	await page.getByRole('link', { name: 'Campaigns' }).first().click();
	await page.waitForURL('**/admin/campaigns');
	check(await page.getByRole('link', { name: 'Art book', exact: true }).count() === 0,
		'an archived campaign is hidden from the list');
	await page.getByRole('link', { name: 'Show archived (1)' }).click();
	seen(page, 'archived list');
	check(await page.getByRole('link', { name: 'Art book', exact: true }).count() === 1, '"Show archived" lists it');
	await page.getByRole('link', { name: 'Art book', exact: true }).click();
	await page.getByRole('button', { name: 'Duplicate campaign' }).click();
	await page.waitForURL('**/admin/campaigns/art-book-copy');
	seen(page, 'dashboard of the copy');
	check((await page.locator('.status').first().innerText()) === 'draft', 'the copy is a draft');
	check((await page.locator('.flash').innerText()).includes('This is the copy'), 'a message says so');
	check(sql("SELECT COUNT(*) FROM milestones m JOIN campaigns c ON c.id = m.campaign_id " +
		"WHERE c.slug = 'art-book-copy' AND m.title = 'Gold foil cover' AND m.reached_at IS NULL")
		.trim() === '1', 'with its milestones, none reached');
	await page.getByRole('link', { name: 'Edit campaign' }).click();
	seen(page, 'edit campaign');
	await page.getByRole('button', { name: /Save/ }).click();
	await page.waitForURL('**/admin/campaigns/art-book-copy');
	check((await page.locator('.flash').innerText()).includes('Changes saved'), 'a message after saving');
	await page.locator('tr', { hasText: 'Gold foil cover' }).getByRole('link', { name: 'Edit' }).click();
	seen(page, 'edit milestone');

	// --- axe on every admin page, and 390 px wide ----------------------------
	pages.set('campaign list', '/admin/campaigns');
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 },
		bypassCSP: true, storageState: await context.storageState() });
	const p2 = await phone.newPage();
	let i = 0;
	for (const [name, path] of pages) {
		await page.goto(base + path);
		await axe(page, name);
		await p2.goto(base + path);
		const w = await p2.evaluate(() => Math.max(document.documentElement.scrollWidth,
			document.body.scrollWidth));
		check(w <= 390, `at 390 px, ${name} is not wider than the screen (${w} px)`);
		await p2.screenshot({ path: artifact(`ux-7-phone-${String(++i).padStart(2, '0')}-` +
			name.replace(/[^a-z0-9]+/g, '-') + '.png'), fullPage: true });
	}
	await phone.close();
	check(problems.length === 0, 'no script errors: ' + JSON.stringify(problems));
	await context.close();
} catch (e) {
	check(false, 'unexpected: ' + (e && e.stack || e));
} finally {
	await browser.close();
}
finish();
