// Result pages for the OAuth callbacks and bad links: what happened, and what to do next.
import { html, layout, raw } from './layout.js';

export interface OutcomePage {
  title: string;
  message: string;
  /** Where "Back to the setup page" goes (a fresh signed link), when the owner can continue. */
  setupUrl?: string | undefined;
  retryLabel?: string | undefined;
}

export function renderOutcomePage({ title, message, setupUrl, retryLabel }: OutcomePage): string {
  const next = setupUrl ? html`<p><a class="button" href="${setupUrl}">${retryLabel ?? 'Back to the setup page'}</a></p>` : raw('');
  return layout({ title, body: html`<p class="problem" role="alert">${message}</p>${next}` });
}
