// settings.mjs — the admin's Settings pages in headless Chromium, as a
// creator would use them (by visible labels), each effect checked for real:
//  - Integrations: a Shopify secret set in the page signs deliveries that
//    the program accepts, a replaced one's signature is 401; the URL to
//    paste; WooCommerce's secret removed through its confirmation page;
//  - Webhooks: an endpoint added in the page (its whsec_ secret shown once)
//    receives the events of a Shopify order at the Node receiver, which
//    verifies them with the standardwebhooks package; its deliveries page
//    and "Send again" (the same webhook-id arrives again); deleting it
//    through its confirmation page;
//  - Store: the locale, with its example;
//  - the campaign form: Enter in a field saves, it does not search.
// axe-core (0 serious or critical) and 390 px width on every settings page.
// Screenshots: SG_ARTIFACTS/settings-*.png.
//
// Run by tests/integration/it_admin_settings.c: store "acme" (USD) with the
// account SG_ADMIN_EMAIL / SG_ADMIN_PASSWORD, a live campaign "board" with
// milestones at 1 and 2 units of Shopify product 8123456789012, the
// receiver on SG_RECEIVER_PORT, stretchgoal-deliver running, and the
// Shopify order fixture at SG_SHOPIFY_ORDER.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { launch, env, sql, artifact, check, finish, axe } from './lib.mjs';

const base = env('SG_BASE_URL');
const email = env('SG_ADMIN_EMAIL');
const password = env('SG_ADMIN_PASSWORD');
const rport = env('SG_RECEIVER_PORT');
const orderBody = readFileSync(env('SG_SHOPIFY_ORDER'));
const receiver = `http://127.0.0.1:${rport}`;


const pages = new Map();	// settings pages visited: name -> path
function seen(page, name) {
	const u = new URL(page.url());
	pages.set(name, u.pathname + u.search);
}

// A Shopify delivery signed with secret; returns [status, body].
async function shopify(secret, topic, eventId, body) {
	const sig = createHmac('sha256', secret).update(body).digest('base64');
	const r = await fetch(base + '/hooks/shopify/acme', {
		method: 'POST', body,
		headers: { 'Content-Type': 'application/json', 'X-Shopify-Hmac-Sha256': sig,
			'X-Shopify-Topic': topic, 'X-Shopify-Event-Id': eventId,
			'X-Shopify-Shop-Domain': 'acme.myshopify.com' },
	});
	return [r.status, await r.text()];
}

async function receiverLog(name) {
	const r = await fetch(`${receiver}/_log/${name}`);
	return r.json();
}

// Poll fn() until it returns a truthy value or ms pass; returns the last.
async function until(fn, ms) {
	const stop = Date.now() + ms;
	let v;
	while (!(v = await fn()) && Date.now() < stop)
		await new Promise((res) => setTimeout(res, 200));
	return v;
}

const browser = await launch();
try {
	const context = await browser.newContext({ viewport: { width: 1100, height: 900 },
		bypassCSP: true });
	const page = await context.newPage();
	const problems = [];
	page.on('pageerror', (e) => problems.push(String(e)));

	await page.goto(base + '/admin/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL('**/admin/campaigns');

	// --- Integrations ------------------------------------------------------
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.waitForURL('**/admin/settings/integrations');
	seen(page, 'integrations');
	const hookUrl = await page.getByLabel('Shopify webhook URL').inputValue();
	check(/^https?:\/\/[^/]+\/hooks\/shopify\/acme$/.test(hookUrl),
		`the page gives the exact Shopify URL to paste (${hookUrl})`);
	check(/\/hooks\/woocommerce\/acme$/.test(
		await page.getByLabel('WooCommerce webhook URL').inputValue()),
	'and the WooCommerce one');
	check((await page.locator('#shopify-state').innerText()).includes('No secret is set'),
		'before: no Shopify secret');
	check((await page.content()).includes('docs/integrations.md'),
		'a how-to names the step-by-step guide');

	// An empty secret: refused beside the field, nothing stored.
	await page.getByRole('button', { name: 'Save Shopify secret' }).click();
	check((await page.locator('#shopify-error').innerText()).includes('Paste the secret first'),
		'an empty secret is refused beside its field');
	check(sql("SELECT COUNT(*) FROM hook_secrets").trim() === '0', 'and nothing was stored');

	await page.getByLabel('Shopify webhook secret').fill('shpss_old_secret_0001');
	await page.getByRole('button', { name: 'Save Shopify secret' }).click();
	await page.waitForURL('**/admin/settings/integrations');
	check((await page.locator('.flash').innerText()).includes('Secret saved'),
		'a message says the secret was saved');
	check((await page.locator('#shopify-state').innerText()).includes('A secret is set (since 20'),
		'the page says when it was set');
	check(!(await page.content()).includes('shpss_old_secret_0001'),
		'the secret is never shown back');
	const ping = '{"id": 1, "name": "acme"}';
	let [st] = await shopify('shpss_old_secret_0001', 'shop/update', 'ev-1', ping);
	check(st === 200, `a delivery signed with the secret set in the page is accepted (${st})`);
	[st] = await shopify('not-the-secret', 'shop/update', 'ev-2', ping);
	check(st === 401, `one signed with another secret is 401 (${st})`);

	// Replace it: the old one no longer signs.
	await page.getByLabel('Shopify webhook secret').fill('shpss_new_secret_0002');
	await page.getByRole('button', { name: 'Replace Shopify secret' }).click();
	await page.waitForURL('**/admin/settings/integrations');
	[st] = await shopify('shpss_old_secret_0001', 'shop/update', 'ev-3', ping);
	check(st === 401, `after replacing, the old secret's signature is 401 (${st})`);
	[st] = await shopify('shpss_new_secret_0002', 'shop/update', 'ev-4', ping);
	check(st === 200, `and the new one's is accepted (${st})`);

	// WooCommerce: set, then removed through its confirmation page.
	await page.getByLabel('WooCommerce webhook secret').fill('wc-secret-to-remove');
	await page.getByRole('button', { name: 'Save WooCommerce secret' }).click();
	await page.waitForURL('**/admin/settings/integrations');
	await axe(page, 'integrations (both set)');
	await page.screenshot({ path: artifact('settings-1-integrations.png'), fullPage: true });
	await page.getByRole('link', { name: 'Remove WooCommerce secret…' }).click();
	seen(page, 'remove secret (confirm)');
	check(await page.getByRole('heading', { name: 'Remove the WooCommerce webhook secret?' }).count() === 1,
		'removing asks first, on a page of its own');
	check(sql("SELECT COUNT(*) FROM hook_secrets WHERE platform = 'woocommerce'").trim() === '1',
		'asking removed nothing');
	await page.getByRole('button', { name: 'Remove secret' }).click();
	await page.waitForURL('**/admin/settings/integrations');
	check((await page.locator('.flash').innerText()).includes('Secret removed'), 'a message after removing');
	check(sql("SELECT GROUP_CONCAT(platform) FROM hook_secrets").trim() === 'shopify',
		'the WooCommerce secret is gone, the Shopify one kept');

	// --- Webhooks ------------------------------------------------------------
	await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
	await page.waitForURL('**/admin/settings/webhooks');
	seen(page, 'webhooks (none)');
	const hookAt = `${receiver}/hook/admin`;
	await page.getByLabel('Address (URL) that receives the events').fill(hookAt);
	for (const box of await page.getByRole('checkbox').all())
		await box.uncheck();
	await page.getByRole('button', { name: 'Add endpoint' }).click();
	check((await page.locator('#events-error').innerText()).includes('Tick at least one event'),
		'an endpoint without events is refused beside the events');
	check(await page.getByLabel('Address (URL) that receives the events').inputValue() === hookAt,
		'and the address typed is kept');
	check(sql("SELECT COUNT(*) FROM webhook_endpoints").trim() === '0', 'nothing was added');
	await page.getByLabel('Address (URL) that receives the events').fill('ftp://example.com/x');
	await page.getByLabel('A milestone is reached').check();
	await page.getByRole('button', { name: 'Add endpoint' }).click();
	check((await page.locator('#url-error').innerText()).includes('http:// or https://'),
		'an ftp address is refused beside the address: ' + await page.locator('#url-error').innerText());
	check(await page.getByLabel('A milestone is reached').isChecked(), 'the ticked events are kept');
	await page.getByLabel('Address (URL) that receives the events').fill(hookAt);
	await page.getByLabel('The campaign reaches its goal').check();
	await page.getByRole('button', { name: 'Add endpoint' }).click();
	const secret = await page.getByLabel("The new endpoint's signing secret").inputValue();
	check(/^whsec_[A-Za-z0-9+/=]{32,}$/.test(secret), 'the whsec_ secret is shown once after adding');
	check((await page.locator('.notice').innerText()).includes('shown only this once'),
		'with a hint to copy it now');
	await axe(page, 'webhooks (secret shown)');
	await page.screenshot({ path: artifact('settings-2-webhook-added.png'), fullPage: true });
	check(sql("SELECT events FROM webhook_endpoints WHERE deleted_at IS NULL").trim() ===
		'milestone.reached,campaign.goal_reached', 'the endpoint has the events ticked');
	await page.goto(base + '/admin/settings/webhooks');
	seen(page, 'webhooks');
	check(!(await page.content()).includes(secret), 'the secret is not shown again');
	check((await page.locator('table').innerText()).includes(hookAt), 'the endpoint is listed');
	const put = await fetch(`${receiver}/_secret/admin`, { method: 'PUT', body: secret });
	check(put.status === 200, 'the receiver was given the secret copied from the page');

	// A Shopify order, signed with the secret set in the page, reaches both
	// milestones: two milestone.reached events arrive, verified.
	const [ost, obody] = await shopify('shpss_new_secret_0002', 'orders/create', 'ev-order-1',
		orderBody);
	check(ost === 200 && obody.includes('"counted"'), `the Shopify order counted (${ost} ${obody})`);
	let log = await until(async () => {
		const l = await receiverLog('admin');
		return l.length >= 2 ? l : null;
	}, 30000) || await receiverLog('admin');
	check(log.length === 2 && log.every((e) => e.type === 'milestone.reached' && e.verified),
		`the endpoint received 2 milestone.reached events, each verified by standardwebhooks (${JSON.stringify(log)})`);

	// Its deliveries page.
	await page.getByRole('link', { name: `Deliveries to ${hookAt}` }).click();
	await page.waitForURL(/\/admin\/settings\/webhooks\/\d+$/);
	seen(page, 'deliveries');
	const delivered = await until(async () => {
		await page.reload();
		return (await page.locator('tbody tr.delivery-delivered').count()) === 2;
	}, 20000);
	check(delivered, 'both deliveries are shown as delivered');
	const first = log[0].id;
	const row = page.locator('tbody tr', { hasText: first });
	const rowText = await row.innerText();
	check(rowText.includes('milestone.reached') && rowText.includes('Delivered') &&
		/\b200\b/.test(rowText) && /\b1\b/.test(rowText),
	`a row shows the event type, id, status, attempts and last answer (${rowText.replace(/\s+/g, ' ')})`);
	await axe(page, 'deliveries');
	await page.screenshot({ path: artifact('settings-3-deliveries.png'), fullPage: true });

	// Send again: the same event (same webhook-id) arrives once more.
	await page.getByRole('button', { name: `Send again ${first}` }).click();
	await page.waitForURL(/\/admin\/settings\/webhooks\/\d+$/);
	check((await page.locator('.flash').innerText()).includes('sent again'), 'a message says it will be sent again');
	log = await until(async () => {
		const l = await receiverLog('admin');
		return l.length >= 3 ? l : null;
	}, 30000) || await receiverLog('admin');
	check(log.length === 3 && log[2].id === first && log[2].verified,
		`"Send again" delivered the same event again, verified (${JSON.stringify(log[2] || null)})`);
	const again = await until(async () => {
		await page.reload();
		return (await page.locator('tbody tr.delivery-delivered').count()) === 2;
	}, 20000);
	check(again, 'and its row is delivered again');
	await page.screenshot({ path: artifact('settings-4-sent-again.png'), fullPage: true });

	// Delete, through the confirmation page.
	await page.getByRole('link', { name: 'Delete this endpoint…' }).click();
	seen(page, 'delete endpoint (confirm)');
	check(await page.getByRole('heading', { name: 'Delete this endpoint?' }).count() === 1,
		'deleting asks first');
	check(sql("SELECT COUNT(*) FROM webhook_endpoints WHERE deleted_at IS NULL").trim() === '1',
		'asking deleted nothing');
	await page.getByRole('button', { name: 'Delete endpoint' }).click();
	await page.waitForURL('**/admin/settings/webhooks');
	check((await page.locator('.flash').innerText()).includes('Endpoint deleted'), 'a message after deleting');
	check(sql("SELECT COUNT(*) FROM webhook_endpoints WHERE deleted_at IS NULL").trim() === '0',
		'the endpoint is deleted');

	// --- Store: the locale ------------------------------------------------
	await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Store' }).click();
	await page.waitForURL('**/admin/settings/store');
	seen(page, 'store');
	check((await page.locator('#locale-hint').innerText()).includes('5,000.50'),
		'the locale is explained with an example amount (5,000.50 in English)');
	await page.getByLabel('Language for amounts typed in the admin').selectOption('de');
	await page.getByRole('button', { name: 'Save' }).click();
	await page.waitForURL('**/admin/settings/store');
	check((await page.locator('.flash').innerText()).includes('Saved'), 'a message after saving');
	check(sql("SELECT locale FROM stores WHERE handle = 'acme'").trim() === 'de', 'the store\'s locale is de');
	check((await page.locator('#locale-hint').innerText()).includes('5.000,50'),
		'the example follows: 5.000,50');
	await page.screenshot({ path: artifact('settings-5-store.png'), fullPage: true });

	// --- the campaign form: Enter saves ------------------------------------
	await page.goto(base + '/admin/new-campaign');
	await page.getByLabel('Title', { exact: true }).fill('Enter test');
	await page.getByLabel(/Web address|Slug/).first().fill('enter-test');
	await page.getByLabel(/^Goal/).fill('20');
	await page.getByLabel('Search the catalog for products').fill('pin');
	await page.getByLabel(/^Goal/).press('Enter');
	await page.waitForURL('**/admin/campaigns/enter-test');
	check(sql("SELECT goal FROM campaigns WHERE slug = 'enter-test'").trim() === '20',
		'Enter in the goal field created the campaign (it did not search)');
	await page.goto(base + '/admin/campaigns/enter-test/edit');
	await page.getByLabel('Title', { exact: true }).fill('Enter test, saved');
	await page.getByLabel('Search the catalog for products').fill('nothing-like-this');
	await page.getByLabel('Search the catalog for products').press('Enter');
	await page.waitForURL('**/admin/campaigns/enter-test');
	check(sql("SELECT title FROM campaigns WHERE slug = 'enter-test'").trim() === 'Enter test, saved',
		'Enter in the search field saves the campaign too');
	check((await page.locator('.flash').innerText()).includes('Changes saved'), 'with its message');

	// --- axe and 390 px on every settings page -------------------------------
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 },
		bypassCSP: true });
	await phone.addCookies(await context.cookies());
	const p2 = await phone.newPage();
	// The endpoint list and its deliveries at phone width need an endpoint.
	await p2.goto(base + '/admin/settings/webhooks');
	await p2.getByLabel('Address (URL) that receives the events').fill(
		`${receiver}/hook/a-rather-long-path-name-for-the-phone-width-check`);
	await p2.getByLabel('A milestone is reached').check();
	await p2.getByRole('button', { name: 'Add endpoint' }).click();
	const id2 = sql("SELECT MAX(id) FROM webhook_endpoints").trim();
	sql(`INSERT INTO webhook_deliveries (endpoint_id, event_id, position, status, attempts, last_status) ` +
		`SELECT ${id2}, id, position, 'failed', 7, 503 FROM events ORDER BY id LIMIT 1`);
	pages.set('deliveries (failed)', `/admin/settings/webhooks/${id2}`);
	pages.set('delete endpoint (confirm)', `/admin/settings/webhooks/${id2}/delete`);
	pages.set('remove secret (confirm)', '/admin/settings/integrations/shopify/remove');
	for (const [name, path] of pages) {
		await p2.goto(base + path);
		await axe(p2, name + ' (390 px)');
		const w = await p2.evaluate(() => Math.max(document.documentElement.scrollWidth,
			document.body.scrollWidth));
		check(w <= 390, `at 390 px, ${name} is not wider than the screen (${w} px)`);
		await p2.screenshot({ path: artifact(`settings-phone-${name.replace(/\W+/g, '-')}.png`),
			fullPage: true });
	}
	const failedRow = await p2.locator('tbody tr.delivery-failed').innerText();
	check(failedRow.includes('Failed') && failedRow.includes('503') && failedRow.includes('7'),
		`a failed delivery shows its attempts and last answer (${failedRow.replace(/\s+/g, ' ')})`);
	check(await p2.getByRole('button', { name: /^Send again evt_\d+$/ }).count() === 1,
		'and can be sent again');
	await phone.close();
	check(problems.length === 0, 'no script errors: ' + problems.join('; '));
} catch (e) {
	console.log('FAIL - ' + (e.stack || e));
	check(false, 'the walk ran to its end');
} finally {
	await browser.close();
}
finish();
