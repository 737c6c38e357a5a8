// Every approval stage of a request with who decided and when (times in the viewer's zone through the <time> markup
// local-time.js rewrites), shared by the approver's inbox and item page and the requester's My access.
import { nothing, timeElement } from '../pages/components.js';
import { html, type Html } from '../pages/layout.js';
import type { StageStanding } from './approval-stages.js';

export function stageProgress(standing: StageStanding | null): Html {
  if (!standing) return nothing;
  return html`${standing.position ? html`<p class="stage-position"><strong>${standing.position}</strong></p>` : nothing}
    <ol class="stage-list">
      ${standing.stages.map(
        (stage) =>
          html`<li ${stage.current ? html`aria-current="step"` : nothing}>
            ${stage.summary}
            ${
              stage.decisions.length
                ? html`<ul class="stage-decided">
                    ${stage.decisions.map(
                      (d) =>
                        html`<li>
                          ${d.who} ${d.approved ? 'approved' : 'denied'}
                          ${timeElement(d.at)}${d.comment ? html` (“${d.comment}”)` : nothing}
                        </li>`,
                    )}
                  </ul>`
                : nothing
            }
          </li>`,
      )}
    </ol>`;
}
