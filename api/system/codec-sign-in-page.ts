// The codec sign-in page: an operator pastes an admin token so this browser's Temporal UI can decode Lantern's
// payloads (api/system/codec-session.ts). Works without JavaScript; the token field is a password field never echoed back.
import { readableTime } from '../../lib/time-text.js';
import { html, layout, type Html } from '../pages/layout.js';

export interface CodecSignInPage {
  action: string;
  signOutAction: string;
  csrf: string;
  /** The codec endpoint to enter in the Temporal UI. */
  endpoint: string;
  session: { who: string; expiresAtMs: number } | null;
  /** Why the last attempt was refused (shown as an alert above the form). */
  problem?: string | undefined;
  /** false when LANTERN_CODEC_KEY is unset: there is nothing to decode. */
  codecConfigured: boolean;
}

export function renderCodecSignIn(page: CodecSignInPage): string {
  const problem = page.problem ? html`<p class="problem" role="alert">${page.problem}</p>` : html``;
  const noCodec = page.codecConfigured
    ? html``
    : html`<p class="problem" role="status">
        This Lantern has no codec key (LANTERN_CODEC_KEY is not set): its payloads are not encrypted, so there is
        nothing to decode.
      </p>`;
  const until = (ms: number) => readableTime(new Date(ms).toISOString());
  // As the Temporal UI (2.42, the pinned CLI's) words it: its cluster-level setting cannot turn credentials on.
  const uiSteps = html`<h2>Then, in the Temporal UI</h2>
    <ol class="steps">
      <li>Click the <strong>Codec Server</strong> icon (glasses) at the top right of a workflow's page.</li>
      <li>
        Open <strong>Use Cluster-level setting, where available.</strong> and choose
        <strong>Use my browser setting and ignore Cluster-level setting.</strong>
      </li>
      <li>Under <strong>Codec Server browser endpoint</strong>, paste <code>${page.endpoint}</code>.</li>
      <li>
        Turn on <strong>Include cross-origin credentials</strong>, click <strong>Apply</strong> and reload the page.
      </li>
    </ol>`;
  const signedIn: Html = page.session
    ? html`<p class="ok" role="status">
          This browser can decode payloads until ${until(page.session.expiresAtMs)} (signed in with
          ${page.session.who}).
        </p>
        ${uiSteps}
        <form method="post" action="${page.signOutAction}">
          <input type="hidden" name="csrf" value="${page.csrf}" /><button type="submit" class="secondary">
            Sign out
          </button>
        </form>`
    : html``;
  const form = html`<div class="card">
    <form method="post" action="${page.action}">
      <input type="hidden" name="csrf" value="${page.csrf}" />
      <p>
        <label for="token">Admin token</label><br />
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          aria-describedby="token-help"
          class="wide"
        />
      </p>
      <p id="token-help">
        One of <code>LANTERN_ADMIN_TOKENS</code>; with <code>npm start</code> it is in
        <code>.lantern/admin-token</code>. It is not stored: this browser keeps only a signed session that works for
        decoding and encoding payloads, for 8 hours.
      </p>
      <button type="submit">${page.session ? 'Sign in again' : 'Sign in'}</button>
    </form>
  </div>`;
  return layout({
    title: 'Sign in to read Temporal payloads',
    body: html`${noCodec}
      <p>
        Lantern encrypts what its workflows store in Temporal. The Temporal UI shows it decoded only to operators signed
        in here.
      </p>
      ${problem}${signedIn}${form}${page.session ? html`` : uiSteps}`,
  });
}
