// How long a blogger who has never seen the code takes to tell another company's story
// with the author page and embed it: the README's "Make your own story" steps, done in
// the built author page (dist/author.html) at a person's pace.
//
//   node bench/author-walkthrough.mjs          ($DIST_DIR overrides dist/)
//   PACE=fast node bench/author-walkthrough.mjs   (no pauses: checks the steps, and
//                                                   writes the README's screenshots)
//
// The pace, stated so the figure can be re-weighed: typing at 200 ms a character (about
// 60 words a minute), 3 s to find and read each field before typing in it, 2 s before
// each click or choice, and 20 s to read the page once at the start. The story is an
// invented one (Northwind Semiconductor and its customer Contoso), every figure with a
// source kind and its words. Prints each step's time and the total, and writes
// docs/author-375.png, docs/author-700.png and docs/author-1280.png.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer } from '../tests/e2e/support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.env.DIST_DIR ?? path.join(root, 'dist'));
const fast = process.env.PACE === 'fast';
const TYPE_MS = fast ? 0 : 200;
const FIND_MS = fast ? 0 : 3000;
const CLICK_MS = fast ? 0 : 2000;
const READ_PAGE_MS = fast ? 0 : 20_000;

const fieldId = (p) => `#au-${p.replace(/[^A-Za-z0-9_]/g, '-')}`;

const server = await startServer(dist);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
const page = await context.newPage();
page.setDefaultTimeout(30_000);
const steps = [];
let typed = 0;
let fields = 0;
let clicks = 0;
const started = Date.now();
let stepStart = started;

function step(name) {
  const now = Date.now();
  steps.push({ name, seconds: (now - stepStart) / 1000 });
  stepStart = now;
}

async function type(p, text) {
  const field = page.locator(fieldId(p));
  await delay(FIND_MS);
  await field.scrollIntoViewIfNeeded();
  await field.fill('');
  await field.pressSequentially(text, { delay: TYPE_MS });
  typed += text.length;
  fields += 1;
}

async function choose(p, value) {
  await delay(CLICK_MS);
  await page.locator(fieldId(p)).selectOption(value);
  clicks += 1;
}

async function click(locator) {
  await delay(CLICK_MS);
  await locator.scrollIntoViewIfNeeded();
  await locator.click();
  clicks += 1;
}

async function source(p, kind, text) {
  await choose(`${p}.kind`, kind);
  await type(`${p}.${kind}`, text);
}

await page.goto(`${server.url}author.html`);
await page.locator(fieldId('question')).waitFor();
await delay(READ_PAGE_MS);
step('open the page and read it');

const template = page.getByRole('button', { name: /template|your company/i });
if ((await template.count()) > 0) {
  await click(template.first());
}
step('start from the template');

await type('question', "How much of Northwind Semiconductor's revenue is Contoso?");
await type('company', 'Northwind Semiconductor');
await type('business', 'chip revenue');
await type('title', "Northwind's chip revenue and its Contoso dependence");
await type('id', 'northwind-contoso');
if (!(await page.locator('#au-source-on').isChecked())) {
  await click(page.locator('#au-source-on'));
}
await type('source.name', "Northwind's annual report");
await type('source.date', 'March 2025');
await type('source.url', 'https://example.com/northwind/annual-report-2025');
step('the question and the source article');

await type('start.value', '2025-03');
await source('start.source', 'article', 'published March 2025');
await type('target.annual_revenue_musd.value', '6000');
await source('target.annual_revenue_musd.source', 'article', 'aims for $6 billion of yearly chip revenue');
step('the start month and the target');

// The headline client, then the rest of the customers as one group.
const clients = page.locator('details.au-client');
await type('clients[0].name.value', 'Contoso');
await source('clients[0].name.source', 'article', 'Contoso, its largest customer');
await type('clients[0].monthly_spend_musd.value', '150');
await source('clients[0].monthly_spend_musd.source', 'article', 'about $1.8 billion a year from Contoso');
await type('clients[0].annual_leave_probability.value', '15');
await source('clients[0].annual_leave_probability.source', 'assumption', 'Contoso designs some chips itself; one chance in seven a year');
await click(clients.nth(1).locator(':scope > summary'));
await type('clients[1].name.value', 'Other customers');
await source('clients[1].name.source', 'implied', 'everyone but Contoso');
await type('clients[1].monthly_spend_musd.value', '250');
await source('clients[1].monthly_spend_musd.source', 'implied', '$4.8B a year in all, less Contoso\'s $1.8B');
await type('clients[1].customers.value', '40');
await source('clients[1].customers.source', 'article', 'about forty customers');
step('the clients and their sources');

// Whatever the starting story has beyond two clients goes.
while ((await clients.count()) > 2) {
  await click(clients.nth(2).locator(':scope > summary'));
  await click(clients.nth(2).getByRole('button', { name: 'Remove this client' }));
}
step('remove the clients the story does not need');

await type('presets[0].label', 'The annual report');
await type('presets[0].description', 'The report\'s figures as they stand: Contoso a third of chip revenue.');
const presets = page.locator('fieldset.au-item', { hasText: 'Button\'s label' });
while ((await presets.count()) > 2) {
  await click(presets.nth(2).getByRole('button', { name: 'Remove this preset' }));
}
if ((await presets.count()) > 1) {
  await type('presets[1].label', 'Contoso designs its own');
  await type('presets[1].description', 'Contoso moves its chips in house: a 60% yearly chance it leaves.');
}
step('the presets');

const rows = page.locator('fieldset.au-item', { hasText: 'Model figure' });
if ((await rows.count()) === 0) {
  await click(page.getByRole('button', { name: 'Add a row' }));
}
await type('table[0].article_value', '$1.8 billion a year');
await type('table[0].article_contribution', 'a third of chip revenue');
await choose('table[0].figure', 'headline_annual_spend');
step('the article\'s table');

await page.locator('#au-problems', { hasText: 'No problems' }).waitFor();
await page.frameLocator('iframe.au-preview').locator('.rm-answer-words', { hasText: 'Contoso' }).waitFor({ timeout: 60_000 });
await delay(READ_PAGE_MS);
step('check the preview');

await click(page.getByRole('button', { name: 'Copy embed code' }));
await page.locator('.au-notice', { hasText: /copied/i }).waitFor();
step('copy the embed code');

const total = (Date.now() - started) / 1000;
console.log('| step | time |\n| --- | --- |');
for (const s of steps) {
  console.log(`| ${s.name} | ${s.seconds.toFixed(0)} s |`);
}
console.log(`| **total** | **${(total / 60).toFixed(1)} min** |`);
console.log(`${fields} fields typed (${typed} characters), ${clicks} clicks or choices; pace: ${fast ? 'none (PACE=fast)' : `${TYPE_MS} ms a character, ${FIND_MS / 1000} s to find a field, ${CLICK_MS / 1000} s a click`}`);

if (fast) {
  await mkdir(path.join(root, 'docs'), { recursive: true });
  for (const width of [375, 700, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.frameLocator('iframe.au-preview').locator('.rm-status[data-full="true"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(root, 'docs', `author-${width}.png`) });
  }
}
await browser.close();
await server.close();
