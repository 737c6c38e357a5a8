// Drives Microsoft's (the simulator's) pages for an owner with the fetch-based TestBrowser: signs in, accepts
// consent, and stops at the redirect back to Lantern, returning that callback URL.
import { TestBrowser, titleOf, type BrowserResponse } from '../simulator/identity-browser.js';

export interface Account {
  upn: string;
  password: string;
}

export async function throughMicrosoft(
  browser: TestBrowser,
  first: BrowserResponse,
  who: Account,
  apiUrl: string,
  decision: 'accept' | 'cancel' = 'accept',
): Promise<string> {
  let response = first;
  for (let hop = 0; hop < 10; hop++) {
    if (response.location) {
      const next = new URL(response.location, response.url).toString();
      if (next.startsWith(apiUrl)) return next;
      response = await browser.get(next);
      continue;
    }
    const title = titleOf(response.html);
    if (title === 'Sign in to your account' && response.html.includes('loginfmt')) {
      response = await browser.submit(response, { loginfmt: who.upn, passwd: who.password });
    } else if (title === 'Permissions requested') {
      response = await browser.submit(response, { decision });
    } else if (title === 'Need admin approval') {
      return /<a href="([^"]+)">Return/.exec(response.html)![1]!.replace(/&amp;/g, '&');
    } else {
      throw new Error(`unexpected page "${title}" (${response.status}): ${response.html.slice(0, 400)}`);
    }
  }
  throw new Error('too many hops at Microsoft');
}

/** Follows Lantern's own redirects (303 after a callback) and returns the final page. */
export async function followLantern(browser: TestBrowser, url: string): Promise<BrowserResponse> {
  let response = await browser.get(url);
  for (let hop = 0; hop < 5 && response.location; hop++)
    response = await browser.get(new URL(response.location, response.url).toString());
  return response;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
