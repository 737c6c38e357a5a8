// The one email renderer: paragraphs of plain text and an optional call-to-action link, as a text part and a simple
// HTML part. Every value is escaped by lib/html.ts, so text a person typed (a justification, a name) never becomes markup.
import { html } from '../../lib/html.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Links in the message (the dev outbox lists them; tests follow them). */
  links: string[];
}

export interface EmailContent {
  subject: string;
  paragraphs: string[];
  /** The one thing the reader can do; its URL is the message's only link. */
  action?: { label: string; url: string } | undefined;
}

export function renderEmail({ subject, paragraphs, action }: EmailContent): RenderedEmail {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : [])].join('\n\n');
  const body = html`<!doctype html>
    <html lang="en">
      <body style="font-family:sans-serif;max-width:40em">
        ${paragraphs.map((p) => html`<p>${p}</p>`)}${
          action ? html`<p><a href="${action.url}">${action.label}</a></p>` : null
        }
      </body>
    </html>`;
  return { subject, text, html: body.html, links: action ? [action.url] : [] };
}
