// A minimal browser for the identity platform's server-rendered pages: keeps cookies, never follows redirects
// (tests inspect each Location), and submits forms the way a browser would (hidden fields + what the person types).
import { squashHtml } from '../helpers/html-text.js';

export interface PageForm {
  action: string;
  fields: Record<string, string>;
}

export interface BrowserResponse {
  status: number;
  location?: string;
  html: string;
  url: string;
}

export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<BrowserResponse> {
    return this.send(url, { method: 'GET' });
  }

  /** Submits the page's first (or `formIndex`th) POST form with the given fields added (typed text, clicked button). */
  async submit(page: BrowserResponse, typed: Record<string, string>, formIndex = 0): Promise<BrowserResponse> {
    const form = parseForm(page.html, formIndex);
    const body = new URLSearchParams({ ...form.fields, ...typed });
    return this.send(new URL(form.action, page.url).toString(), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  private async send(url: string, init: RequestInit): Promise<BrowserResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      html: squashHtml(await res.text()),
      url,
    };
  }
}

/** The `index`th POST form on the page (the first by default): its action and the values of its hidden inputs. */
export function parseForm(html: string, index = 0): PageForm {
  const forms = [...html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/gi)];
  const form = forms[index];
  if (!form) throw new Error(`no POST form #${index} on the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\s*\/?>/g))
    fields[unescape(input[1]!)] = unescape(input[2]!);
  return { action: unescape(form[1]!), fields };
}

export function titleOf(html: string): string | undefined {
  return html.match(/<title>([^<]*)<\/title>/)?.[1];
}

function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
