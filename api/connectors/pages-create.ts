// The page that creates a connector directly (the tenant has already granted Lantern's app admin consent): the same
// fields and rules as POST /api/v1/connectors. Without consent yet, an onboarding asks the tenant's owners instead.
import type { Viewer } from '../pages/layout.js';
import { html, layout } from '../pages/layout.js';
import { createForm, type OptionsFormState } from './pages-forms.js';

export function renderCreatePage(viewer: Viewer, state: OptionsFormState): string {
  const body = html`<p>
      Use this when the tenant's administrators have already granted Lantern's app admin consent. Otherwise
      <a href="/admin/onboardings/new">start an onboarding</a>: Lantern emails the tenant's owners and walks them
      through it.
    </p>
    ${createForm(viewer.csrfToken, state)}
    <p><a href="/admin/connectors">Back to connectors</a></p>`;
  return layout({ title: 'Create a connector', body, viewer, current: 'connectors' });
}
