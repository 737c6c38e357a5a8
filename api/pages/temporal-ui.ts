// Links from pages to a workflow's history in the Temporal Web UI, so an operator goes from an onboarding, a sync, a
// grant or a revoke to what Temporal recorded in one click. The UI's address is LANTERN_TEMPORAL_UI_URL (default:
// the embedded dev server's UI on this machine).
import type { Config } from '../../config/index.js';
import { html, type Html } from './layout.js';

export interface TemporalUi {
  baseUrl: string;
  namespace: string;
}

export const temporalUiOf = (config: Config): TemporalUi => ({
  baseUrl: (config.temporal.uiUrl ?? `http://localhost:${config.temporal.devServer.uiPort}`).replace(/\/+$/, ''),
  namespace: config.temporal.namespace,
});

export const workflowUrl = (ui: TemporalUi, workflowId: string, runId?: string | null): string =>
  `${ui.baseUrl}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}` +
  (runId ? `/${encodeURIComponent(runId)}/history` : '');

/** "Open in Temporal" for one workflow (opens the UI in a new tab; the UI is another origin). */
export const workflowLink = (ui: TemporalUi, workflowId: string, label = 'Open in Temporal'): Html =>
  html`<a href="${workflowUrl(ui, workflowId)}" target="_blank" rel="noopener noreferrer"
    >${label}<span class="visually-hidden"> (workflow ${workflowId}, opens in a new tab)</span></a
  >`;
