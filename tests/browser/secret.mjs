// secret.mjs — secret stretch goals and image teasers (SPEC Milestones
// rule 3) as a creator and a backer meet them, at 390 px:
//  1. the milestone form by its labels: "Secret until reached", "Show the
//     photo before it is reached (teaser)", "Photo description"; axe (no
//     serious or critical violation), no sideways scrolling;
//  2. the widget page: the secret goal is a locked card with its target and
//     "Secret stretch goal", its title and photo nowhere; axe 0 violations
//     of any impact in light and dark, 390 px;
//  3. the creator's preview marks it "Secret until reached";
//  4. reached while the page is open: the card turns over (the sg-flip
//     animation), and under prefers-reduced-motion it does not move.
// Screenshots: secret-*.png in SG_ARTIFACTS.
//
// Run by tests/integration/it_admin_secret.c (store "acme", the account
// SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD, SG_ADMIN_PHOTO).
import { launch, env, sql, artifact, check, finish, axe, fits } from './lib.mjs';

const base = env('SG_BASE_URL');



async function signIn(page) {
	await page.goto(base + '/admin/login');
	await page.getByLabel('Email').fill(env('SG_ADMIN_EMAIL'));
	await page.getByLabel('Password').fill(env('SG_ADMIN_PASSWORD'));
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/admin/campaigns');
}

// Reach the milestone with target t while a page is open.
function reach(t) {
	sql(`UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), reached_seq = ${t} WHERE target = ${t}`);
	sql(`UPDATE campaigns SET units = ${t + 5}, version = version + 1 WHERE slug = 'vault'`);
}

sql("INSERT INTO campaigns (store_id, slug, title, description, goal_kind, goal, status) " +
	"SELECT id, 'vault', 'The Vault', '', 'units', 100, 'live' FROM stores WHERE handle = 'acme'");

const browser = await launch();
try {
	// bypassCSP only so that axe can be injected.
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 },
		bypassCSP: true, reducedMotion: 'no-preference' });
	const page = await ctx.newPage();
	await signIn(page);

	// --- 1. the form by its labels ---------------------------------------
	await page.goto(base + '/admin/campaigns/vault/milestones/new');
	const form = await page.locator('form.form').innerText();
	check(form.includes('Before it is reached') && form.includes('Once reached'),
		'the form explains what backers see before and after');
	await page.getByLabel(/^Target/).fill('60');
	await page.getByLabel(/^Title/).fill('The inner vault');
	await page.getByLabel(/^Text before it is reached/).fill('Something glints behind the door');
	await page.getByLabel(/^Text once reached/).fill('Gold-leaf pages for everyone!');
	await page.getByLabel(/^Photo \(PNG/).setInputFiles(env('SG_ADMIN_PHOTO'));
	await page.getByLabel(/^Photo description/).fill('A steel vault door, ajar');
	await page.getByLabel('Secret until reached').check();
	check(!(await page.getByLabel('Show the photo before it is reached (teaser)').isChecked()),
		'the teaser box starts unticked');
	await axe(page, 'the milestone form', 'serious');
	await fits(page, 'the milestone form');
	await page.screenshot({ path: artifact('secret-1-form-390.png'), fullPage: true });
	await page.getByRole('button', { name: 'Add milestone' }).click();
	await page.waitForURL('**/admin/campaigns/vault');
	const row = sql("SELECT secret, image_teaser, image_alt, image_url FROM milestones WHERE target = 60")
		.trim().split('\t');
	check(row[0] === '1' && row[1] === '0', `stored secret, not a teaser (${row})`);
	check(row[2] === 'A steel vault door, ajar', 'stored the alt text');
	const photo = row[3];
	check(/^\/media\/[0-9a-f]{32}\.\w+$/.test(photo), `the photo is at an unguessable URL (${photo})`);

	// A second secret goal, this one a teaser (secret still wins), for part 4.
	await page.goto(base + '/admin/campaigns/vault/milestones/new');
	await page.getByLabel(/^Target/).fill('80');
	await page.getByLabel(/^Title/).fill('The crown room');
	await page.getByLabel(/^Text once reached/).fill('A crown for the cover');
	await page.getByLabel('Secret until reached').check();
	await page.getByLabel('Show the photo before it is reached (teaser)').check();
	await page.getByRole('button', { name: 'Add milestone' }).click();
	await page.waitForURL('**/admin/campaigns/vault');

	// The edit form shows the boxes as saved; unticking is saved too.
	const id = sql('SELECT id FROM milestones WHERE target = 80').trim();
	await page.goto(`${base}/admin/campaigns/vault/milestones/${id}/edit`);
	check(await page.getByLabel('Secret until reached').isChecked() &&
		await page.getByLabel('Show the photo before it is reached (teaser)').isChecked(),
		'the edit form shows both boxes ticked');
	await page.getByLabel('Show the photo before it is reached (teaser)').uncheck();
	await page.getByRole('button', { name: 'Save milestone' }).click();
	await page.waitForURL('**/admin/campaigns/vault');
	check(sql('SELECT secret, image_teaser FROM milestones WHERE target = 80').trim() === '1\t0',
		'unticking the teaser box is saved, the secret box stays');

	// --- 2. the widget page: locked cards ---------------------------------
	for (const scheme of ['light', 'dark']) {
		await page.emulateMedia({ colorScheme: scheme });
		await page.goto(base + '/w/acme/vault');
		const text = await page.locator('main').innerText();
		check(await page.locator('.sg-milestone.sg-hidden').count() === 2, `${scheme}: two locked cards`);
		check(text.includes('Secret stretch goal') && text.includes('60'), `${scheme}: "Secret stretch goal" and its target`);
		check(!text.includes('inner vault') && !text.includes('glints') && !text.includes('crown'),
			`${scheme}: no title or text of a secret goal`);
		check(!(await page.content()).includes(photo), `${scheme}: the photo is named nowhere`);
		await axe(page, `the widget with secret goals (${scheme})`, 'any');
		await fits(page, `the widget with secret goals (${scheme})`);
		await page.screenshot({ path: artifact(`secret-2-widget-${scheme}-390.png`), fullPage: true });
	}
	await page.emulateMedia({ colorScheme: 'light' });

	// --- 3. the creator's preview -----------------------------------------
	await page.goto(base + '/admin/campaigns/vault/preview');
	const pv = await page.locator('body').innerText();
	check(pv.includes('The inner vault') && pv.includes('Gold-leaf pages'),
		'the preview shows the goal as it will look once reached');
	check(pv.includes('Secret until reached'), 'and says it is secret until reached');
	check(!pv.includes('Unlocked'), 'nothing unreached is called unlocked');
	await fits(page, 'the preview');
	await page.screenshot({ path: artifact('secret-3-preview-390.png'), fullPage: true });

	// --- 4. reached while the page is open: the card turns over -----------
	await page.goto(base + '/w/acme/vault?interval=2');
	reach(60);
	const card = page.locator('.sg-milestone.sg-secret.sg-just-unlocked');
	await card.waitFor({ timeout: 20000 });
	const anim = await card.evaluate((e) => getComputedStyle(e).animationName);
	check(anim.split(',').map((s) => s.trim()).includes('sg-flip'), `the card turns over (${anim})`);
	const shown = await card.innerText();
	check(shown.includes('The inner vault') && shown.includes('Gold-leaf pages'),
		'and shows its title and text once reached');
	check(await card.locator('img').getAttribute('alt') === 'A steel vault door, ajar',
		'with the photo and its alt text');
	await page.waitForTimeout(1000);
	await page.screenshot({ path: artifact('secret-4-unlocked-390.png'), fullPage: true });
	await axe(page, 'the widget after the reach', 'any');

	const still = await browser.newContext({ viewport: { width: 390, height: 844 },
		reducedMotion: 'reduce' });
	const p2 = await still.newPage();
	await p2.goto(base + '/w/acme/vault?interval=2');
	reach(80);
	const card2 = p2.locator('.sg-milestone.sg-secret.sg-just-unlocked');
	await card2.waitFor({ timeout: 20000 });
	const st = await card2.evaluate((e) => [getComputedStyle(e).animationName, getComputedStyle(e).transform]);
	check(st[0] === 'none' && st[1] === 'none', `under reduced motion the card does not move (${st})`);
	check((await card2.innerText()).includes('The crown room'), 'and still shows what was reached');
} finally {
	await browser.close();
}
finish();
