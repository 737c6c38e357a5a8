// The page that only says something: what happened (done, or why not) and, when there is one, the next step.
import { html, layout, raw } from './layout.js';

/** A link-styled button to where the person can go on (e.g. a fresh setup link). */
export interface NextStep {
  href: string;
  label: string;
}

export interface MessagePage {
  title: string;
  message: string;
  /** true: a status line (done); false: an alert (refused, failed). */
  ok?: boolean | undefined;
  next?: NextStep | undefined;
}

export function renderMessagePage({ title, message, ok = false, next }: MessagePage): string {
  const line = ok
    ? html`<p class="ok" role="status">${message}</p>`
    : html`<p class="problem" role="alert">${message}</p>`;
  const onward = next ? html`<p><a class="button" href="${next.href}">${next.label}</a></p>` : raw('');
  return layout({ title, body: html`${line}${onward}` });
}
