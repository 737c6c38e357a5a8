// What every browser test of Lantern's pages checks the same way: axe-core finds no serious or critical accessibility
// violation, the page's CSP refused nothing (console errors are collected per context), and each page is kept as a
// screenshot under test-artifacts/ for a person to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** axe-core run in the page through the DevTools protocol (the page's CSP rightly forbids injected script tags). */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axe.source);
  // A string, so it runs in the page (this file is type-checked without the DOM library).
  const violations = (await page.evaluate(`axe.run(document).then((result) => result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')'))`)) as string[];
  assert.deepEqual(violations, [], `serious or critical axe violations on ${what}`);
}

/** A full-page screenshot at test-artifacts/<folder>/<name>.png. */
export async function screenshot(page: Page, folder: string, name: string): Promise<void> {
  const dir = join(ARTIFACTS, folder);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * A browser context holding a Lantern session cookie (from signInAs), in the given time zone, whose console errors
 * (CSP refusals, script failures) land in `problems` so a test can assert there were none.
 */
export async function contextWithSession(
  browser: Browser,
  options: { apiUrl: string; cookie: string; timezoneId?: string; problems: string[] },
): Promise<BrowserContext> {
  const [name, ...rest] = options.cookie.split('=');
  const context = await browser.newContext({ timezoneId: options.timezoneId ?? 'Pacific/Auckland' });
  await context.addCookies([{ name: name!, value: rest.join('='), url: options.apiUrl }]);
  context.on('console', (message) => {
    if (message.type() === 'error') options.problems.push(message.text());
  });
  return context;
}
