// End-to-end tests of editing and undo: a slider drag through several values and typing
// several characters into one field are each one undo step; removing a middle client while
// the last card holds a half-typed number keeps that text and its message on that card.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertClean,
  eventually,
  newDiagnostics,
  openDisclosures,
  serverAndBrowser,
  TEST_TIMEOUT,
  withSession,
} from './support.mjs';


describe('edits and undo', () => {
  const suite = serverAndBrowser();
  const everything = newDiagnostics();

  const withPage = (body) => withSession(suite.browser, suite.server, everything, body);
  const spendSlider = (page) => page.getByRole('slider', { name: /TikTok.*monthly spend/i });
  const spendField = (page) => page.getByRole('spinbutton', { name: /TikTok.*monthly spend/i });
  const undo = (page) => page.getByRole('button', { name: 'Undo' });

  test('a slider drag through several values is one undo step', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      const slider = spendSlider(page);
      const field = spendField(page);
      await slider.waitFor();
      const start = await field.inputValue();
      assert.ok(await undo(page).isDisabled(), 'nothing to undo before the drag');
      await slider.scrollIntoViewIfNeeded();
      const box = await slider.boundingBox();
      assert.ok(box, 'the slider has a box');
      const y = box.y + box.height / 2;
      const seen = new Set();
      await page.mouse.move(box.x + box.width * 0.1, y);
      await page.mouse.down();
      for (const at of [0.25, 0.4, 0.55, 0.7]) {
        await page.mouse.move(box.x + box.width * at, y, { steps: 3 });
        const value = await eventually(async () => {
          const now = await field.inputValue();
          return !seen.has(now) && now !== start ? now : null;
        }, { message: `a new value at ${at} of the slider` });
        seen.add(value);
      }
      await page.mouse.up();
      assert.ok(seen.size >= 4, `the drag passed through several values: ${[...seen]}`);
      await undo(page).click();
      await eventually(async () => (await field.inputValue()) === start, {
        message: `the value before the drag (${start}) after one undo`,
      });
      assert.ok(await undo(page).isDisabled(), 'the whole drag was one step');
    }));

  // The results follow an input after the next paint; an undo clicked in the same moment as
  // a slider input must undo that input, never the change before it.
  test('an undo in the same moment as a slider input undoes that input', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      const slider = spendSlider(page);
      const field = spendField(page);
      await slider.waitFor();
      const start = await field.inputValue();
      await slider.focus();
      await slider.press('ArrowRight');
      const first = await eventually(async () => {
        const now = await field.inputValue();
        return now !== start && !(await undo(page).isDisabled()) ? now : null;
      }, { message: 'the first step applied and undoable' });
      const result = await page.evaluate(() => {
        const range = [...document.querySelectorAll('input[type=range]')].find((r) =>
          /monthly spend/i.test(r.labels?.[0]?.textContent ?? ''));
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Undo');
        if (!range || !button) return 'missing';
        range.value = String(Number(range.value) + 5);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        range.dispatchEvent(new Event('change', { bubbles: true }));
        button.click();
        return 'sent';
      });
      assert.equal(result, 'sent');
      await eventually(async () => (await field.inputValue()) === first, {
        message: `back at the first step (${first}): the quick change was applied, then undone`,
      });
      // It stays there once everything waiting has been applied and computed.
      await page.locator('.rm-status[data-full="true"]').waitFor();
      assert.equal(await field.inputValue(), first);
      assert.ok(!(await undo(page).isDisabled()), 'the first step can still be undone');
    }));

  test('typing several characters into one field is one undo step', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      const field = spendField(page);
      await field.waitFor();
      const start = await field.inputValue();
      await field.click();
      await field.press('Control+A');
      await field.pressSequentially('37.25');
      assert.equal(await field.inputValue(), '37.25');
      await expect(page, /\$37/);
      await undo(page).click();
      await eventually(async () => (await field.inputValue()) === start, {
        message: `the field back at ${start} after one undo`,
      });
      assert.ok(await undo(page).isDisabled(), 'the typing was one step');
      // Redo brings back the whole typed value, not a part of it.
      await page.getByRole('button', { name: 'Redo' }).click();
      await eventually(async () => (await field.inputValue()) === '37.25', { message: 'the typed value redone' });
    }));

  test('removing a middle client keeps the last card\'s half-typed text and message on that card', { timeout: TEST_TIMEOUT }, () =>
    withPage(async (page) => {
      await openDisclosures(page);
      const cards = page.locator('details.rm-card');
      await cards.first().waitFor();
      while ((await cards.count()) < 3) {
        const before = await cards.count();
        await page.getByRole('button', { name: 'Add a client' }).click();
        await eventually(async () => (await cards.count()) > before, { message: 'a card added' });
      }
      const count = await cards.count();
      const names = [];
      for (let i = 0; i < count; i += 1) {
        names.push(await cards.nth(i).locator('input.rm-text').inputValue());
      }
      const last = cards.nth(count - 1);
      const middle = cards.nth(1);
      await last.locator('summary').click();
      const lastSpend = last.getByRole('spinbutton', { name: /monthly spend/ });
      // Half-typed: "1e" is no number yet (the browser holds the text, the widget says so).
      await lastSpend.click();
      await lastSpend.press('Control+A');
      await lastSpend.pressSequentially('1e');
      await last.getByRole('alert').filter({ hasText: /monthly spend: enter a number/ }).waitFor();
      await middle.locator('summary').click();
      await middle.getByRole('button', { name: /^Remove / }).click();
      await eventually(async () => (await cards.count()) === count - 1, { message: 'one card fewer' });
      const expected = names.filter((_, i) => i !== 1);
      for (let i = 0; i < expected.length; i += 1) {
        assert.equal(await cards.nth(i).locator('input.rm-text').inputValue(), expected[i], `card ${i} is ${expected[i]}`);
      }
      const moved = cards.nth(count - 2);
      const movedSpend = moved.getByRole('spinbutton', { name: /monthly spend/ });
      assert.ok(await movedSpend.evaluate((input) => input.validity.badInput), 'the half-typed text stays in its field');
      await moved.getByRole('alert').filter({ hasText: `${expected[count - 2]} monthly spend: enter a number` }).waitFor();
      for (let i = 0; i < count - 2; i += 1) {
        const spend = cards.nth(i).getByRole('spinbutton', { name: /monthly spend/ });
        if ((await spend.count()) > 0) {
          assert.equal(await spend.evaluate((input) => input.validity.badInput), false, `card ${i}'s spend is untouched`);
        }
        assert.equal(await cards.nth(i).getByRole('alert').count(), 0, `card ${i} shows no message`);
      }
    }));

  test('no console errors, page errors or requests to other origins in any of the above', () => {
    assertClean(everything, 'the widget');
  });
});

/** Waits until the page's article table shows `pattern`. */
async function expect(page, pattern) {
  const table = page.getByRole('table', { name: /article/i });
  await eventually(async () => pattern.test((await table.textContent()) ?? ''), { message: `the table shows ${pattern}` });
}
