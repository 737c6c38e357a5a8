// The access-review pages over HTTP (inject) on the review world's catalog, with the API tests' fake ReviewsTemporal
// (it stages at start and closes as the workflow would): an admin starts a campaign from the form and follows it; a
// refused form keeps what was typed; a manager decides in their inbox with a comment; typed text is escaped; CSRF,
// strangers, closed campaigns and readers are refused with pages and change nothing; the signed link leads to the
// inbox, or says why not.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { peopleDepsFromConfig } from '../../api/people/routes.js';
import { getCampaign, listItems, type ReviewItemView } from '../../catalog/reviews/index.js';
import { loadConfig } from '../../config/index.js';
import { createReviewLinks, type ReviewLinks } from '../../lib/links/review.js';
import { createLinkSigner } from '../../lib/links/signer.js';
import { ENTRA_ENV } from '../api/connector-fakes.js';
import {
  ADMIN_TOKEN,
  authHeader,
  buildTestApp,
  openTestCatalog,
  stubTemporal,
  type TestCatalog,
} from '../helpers/api-app.js';
import { squashHtml } from '../helpers/html-text.js';
import { signInAs } from '../helpers/sessions.js';
import { CONNECTOR, fakeReviewsTemporal, HOME_TENANT, type FakeReviews } from './api-fakes.js';
import { auditOf } from './decisions-fixture.js';
import { PEOPLE, seedReviewWorld, type ReviewDirectory } from './review-world.js';

type Headers = Record<string, string>;
const HOSTILE_NAME = '<script>alert("name")</script> Q1 & "more"';
const HOSTILE_COMMENT = '<script>alert("c")</script> <img src=x onerror=alert(1)>';
const ADMIN_ID = '0a000000-0000-4000-8000-00000000ad01';

describe('the access review pages', { timeout: 120_000 }, () => {
  let catalog: TestCatalog;
  let app: FastifyInstance;
  let world: ReviewDirectory;
  let fake: FakeReviews;
  let links: ReviewLinks;
  let readerToken: string;
  const sessions = new Map<string, Headers>();

  const db = () => catalog.catalog.db;
  async function as(objectId: string, admin = false): Promise<Headers> {
    if (!sessions.has(objectId)) {
      const tenantId = admin ? HOME_TENANT : world.tenantId;
      const { cookie, csrf } = await signInAs(db(), { objectId, tenantId, appRoles: admin ? ['Lantern.Admin'] : [] });
      sessions.set(objectId, { cookie, 'x-csrf-token': csrf });
    }
    return sessions.get(objectId)!;
  }
  const page = async (who: Headers | null, url: string) => app.inject({ method: 'GET', url, headers: who ?? {} });
  /** A form post as a browser sends it: the session cookie and the token in the form (`csrf: false` leaves it out). */
  const post = async (who: Headers, url: string, fields: [string, string][], csrf = true) => {
    const form = new URLSearchParams(fields);
    if (csrf) form.set('_csrf', who['x-csrf-token']!);
    return app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
  };
  const newCampaign = (overrides: Record<string, string | string[]> = {}): [string, string][] => {
    const fields: Record<string, string | string[]> = {
      name: 'Finance review',
      connectorId: CONNECTOR,
      kinds: ['groupMembers'],
      principals: 'all',
      assignment: 'all',
      reviewerKind: 'manager',
      named: '',
      fallback: 'fay@contoso.test',
      period: '14',
      unit: 'days',
      reminders: 'on',
      defaultDecision: 'keep',
      autoApply: 'on',
      inactiveDays: '30',
      repeat: 'once',
      ...overrides,
    };
    return Object.entries(fields).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x]));
  };
  const start = async (overrides: Record<string, string | string[]> = {}) => {
    const res = await post(await as(ADMIN_ID, true), '/admin/reviews/new', newCampaign(overrides));
    assert.equal(res.statusCode, 303, res.body);
    const match = /^\/admin\/reviews\/([^?]+)\?done=created$/.exec(res.headers.location as string);
    assert.ok(match, res.headers.location as string);
    return match[1]!;
  };
  const itemsOf = async (campaignId: string, reviewerId: string): Promise<ReviewItemView[]> =>
    (await listItems(db(), { campaignId, reviewerId, decision: 'all', limit: 200 })).items;

  before(async () => {
    catalog = await openTestCatalog();
    world = await seedReviewWorld(db(), { connectorId: CONNECTOR });
    fake = fakeReviewsTemporal(db());
    const env = { ...ENTRA_ENV, LANTERN_HOME_TENANT_ID: HOME_TENANT };
    const config = loadConfig({ env: { LANTERN_ADMIN_TOKENS: ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env } });
    const signer = createLinkSigner(randomBytes(32));
    links = createReviewLinks(signer);
    const people = peopleDepsFromConfig(config, db(), signer);
    app = await buildTestApp(catalog.catalog, { temporal: stubTemporal({ reviews: fake.reviews }), people }, env);
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: authHeader,
      payload: { name: 'reader', role: 'reader', expiresInDays: 1 },
    });
    readerToken = (token.json() as { token: string }).token;
  });
  after(async () => {
    await app?.close();
    await catalog?.close();
  });

  it('offers the form with its labels, and starts a campaign whose page and list escape its name', async () => {
    const admin = await as(ADMIN_ID, true);
    const form = await page(admin, '/admin/reviews/new');
    assert.equal(form.statusCode, 200, form.body);
    for (const label of [
      'Name',
      'Connector',
      'What to review',
      'Group memberships',
      'Directory roles',
      'Only these resources (optional)',
      'Principals',
      'Assignment',
      'Privileged roles only',
      'Only principals without sign-in for (days, optional)',
      'Reviewers',
      'Named reviewers (UPNs, one per line)',
      'Fallback reviewers (UPNs, one per line)',
      'Review period',
      'Send reminders',
      'If a reviewer does not respond',
      'Apply removals automatically when the campaign closes',
      'Recommend removal after (days without sign-in)',
      'Repeat',
    ])
      assert.ok(form.body.includes(`>${label}</`), `label ${label}`);
    assert.match(form.body, /<button type="submit">Start campaign<\/button>/);
    assert.match(form.body, /name="_csrf" value="[^"]+"/);

    const id = await start({ name: HOSTILE_NAME });
    assert.equal(fake.calls.filter((c) => c.op === 'start' && c.id === id).length, 1, 'its workflow was started');
    const detail = await page(admin, `/admin/reviews/${id}?done=created`);
    assert.equal(detail.statusCode, 200, detail.body);
    const text = squashHtml(detail.body);
    assert.ok(!detail.body.includes('<script>alert("name")'), 'the name is not markup');
    assert.ok(detail.body.includes('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; Q1 &amp; &quot;more&quot;'));
    assert.match(text, /Campaign started/);
    assert.match(text, /Status:<span class="label warn">In review<\/span>/);
    assert.match(text, /<dt>Reviewers<\/dt><dd>Each principal&#39;s manager<\/dd>/);
    assert.match(text, /<dt>If no response<\/dt><dd>Keep access<\/dd>/);
    assert.match(text, /<dt>Sign-in activity<\/dt><dd>Known<\/dd>/);
    assert.match(text, /<th scope="row">Mona Manager<\/th><td>mona@contoso\.test<\/td>/, 'per-reviewer progress');
    assert.match(text, /0 of \d+ decided/);
    assert.match(text, />Close now</);
    assert.match(text, /<select id="extend-by" name="by">/);
    assert.ok(detail.body.includes(`href="/admin/reviews/${id}/report.csv"`));
    assert.match(text, /Open in Temporal/);

    const list = await page(admin, '/admin/reviews');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`<a href="/admin/reviews/${id}">&lt;script&gt;`), 'the list links it, escaped');
    assert.match(squashHtml(list.body), /New campaign/);
  });

  it('gives a refused form back as it was typed, with what to fix beside each field', async () => {
    const admin = await as(ADMIN_ID, true);
    const empty = await post(
      admin,
      '/admin/reviews/new',
      newCampaign({ name: '', kinds: [], fallback: '', period: 'soon', named: HOSTILE_NAME }),
    );
    assert.equal(empty.statusCode, 400, empty.body);
    assert.match(empty.body, /id="name-error">Give the campaign a name/);
    assert.match(empty.body, /id="kinds-error">Choose at least one kind/);
    assert.match(empty.body, /id="fallback-error">Name 1 to 20 fallback reviewers/);
    assert.match(empty.body, /id="period-error">Give the review period as a whole number/);
    assert.ok(empty.body.includes('value="soon"'), 'what was typed stays');
    assert.ok(empty.body.includes('&lt;script&gt;alert(&quot;name&quot;)'), 'typed text is escaped');
    assert.ok(!empty.body.includes('<script>alert("name")'));

    const before = fake.calls.length;
    const stranger = await post(admin, '/admin/reviews/new', newCampaign({ fallback: 'nobody@contoso.test' }));
    assert.equal(stranger.statusCode, 400, stranger.body);
    assert.match(
      stranger.body,
      /id="fallback-error">reviewers\.fallbackIds: nobody@contoso\.test is not an enabled user/,
    );
    assert.equal(fake.calls.length, before, 'nothing was started');
  });

  it('lets a manager decide in their inbox, one item or several, with an escaped comment', async () => {
    const id = await start();
    const mona = await as(PEOPLE.mona);
    const mine = await page(mona, '/reviews');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.ok(mine.body.includes(`href="/reviews/${id}"`));
    assert.match(squashHtml(mine.body), /\d+ to review/);

    const inbox = await page(mona, `/reviews/${id}`);
    assert.equal(inbox.statusCode, 200, inbox.body);
    const text = squashHtml(inbox.body);
    assert.match(text, /<label for="select-\d+">Select Alice Active — Member of Finance<\/label>/);
    assert.match(text, /<li class="card">/);
    assert.match(text, /Recommendation:<strong>Remove<\/strong>— No sign-in for 120 days/, 'Bob has not signed in');
    assert.match(text, /Last sign-in:<time/);
    assert.match(text, /Last sign-in: Never/, 'Carl never signed in');
    assert.match(text, /Cannot be applied in Entra/, 'the dynamic group says so');

    const items = await itemsOf(id, PEOPLE.mona);
    const alice = items.find((i) => i.principalId === PEOPLE.alice && i.resourceName === 'Finance')!;
    const bob = items.find((i) => i.principalId === PEOPLE.bob && i.resourceName === 'Finance')!;
    const one = await post(mona, `/reviews/${id}/decide`, [
      ['only', `remove:${bob.id}`],
      ['comment', HOSTILE_COMMENT],
    ]);
    assert.equal(one.statusCode, 303, one.body);
    assert.equal(one.headers.location, `/reviews/${id}?done=decided&count=1`);
    const both = await post(mona, `/reviews/${id}/decide`, [
      ['itemIds', alice.id],
      ['itemIds', bob.id],
      ['decision', 'keep'],
    ]);
    assert.equal(both.headers.location, `/reviews/${id}?done=decided&count=2`);

    const after = await page(mona, `/reviews/${id}?show=all&done=decided&count=2`);
    assert.match(after.body, /Saved 2 decisions/);
    const decided = await itemsOf(id, PEOPLE.mona);
    assert.equal(decided.find((i) => i.id === bob.id)!.decision, 'keep', 'the later decision wins');
    await post(mona, `/reviews/${id}/decide`, [
      ['only', `remove:${bob.id}`],
      ['comment', HOSTILE_COMMENT],
    ]);
    const shown = squashHtml((await page(mona, `/reviews/${id}?show=remove`)).body);
    assert.match(shown, /Decision: Remove<\/strong>, by you/);
    assert.ok(shown.includes('&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!shown.includes('<img src=x'), 'the comment is not markup');
    assert.equal((await auditOf(db(), id, 'review.decided')).length, 4, 'one audit row per item changed, each time');
  });

  it('refuses without CSRF, on items not yours, on a closed campaign and to strangers, changing nothing', async () => {
    const id = await start();
    const mona = await as(PEOPLE.mona);
    const [item] = (await itemsOf(id, PEOPLE.mona)).filter((i) => i.applicability === 'applicable');
    const forged = await post(mona, `/reviews/${id}/decide`, [['only', `keep:${item!.id}`]], false);
    assert.equal(forged.statusCode, 403);
    assert.match(forged.headers['content-type'] as string, /text\/html/);

    const fayItem = (await itemsOf(id, PEOPLE.fay)).find((i) => !i.reviewerIds.includes(PEOPLE.mona))!;
    const notMine = await post(mona, `/reviews/${id}/decide`, [['only', `remove:${fayItem.id}`]]);
    assert.ok([403, 404].includes(notMine.statusCode), `${notMine.statusCode}`);
    assert.match(notMine.body, /Nothing was changed/);
    assert.match(notMine.body, new RegExp(`href="/reviews/${id}"`), 'a way back');

    const nothing = await post(mona, `/reviews/${id}/decide`, [['decision', 'keep']]);
    assert.equal(nothing.statusCode, 400);
    assert.match(nothing.body, /Tick at least one item/);

    const stranger = await page(await as(PEOPLE.adam), `/reviews/${id}`);
    assert.equal(stranger.statusCode, 404, 'no items for Adam here');
    const badCursor = await page(mona, `/reviews/${id}?cursor=forged`);
    assert.equal(badCursor.statusCode, 400);

    const admin = await as(ADMIN_ID, true);
    const confirm = await post(admin, `/admin/reviews/${id}/close`, []);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Close the campaign/);
    assert.equal((await getCampaign(db(), id))!.status, 'in_review', 'the confirm step changes nothing');
    const closed = await post(admin, `/admin/reviews/${id}/close`, [['confirmed', 'yes']]);
    assert.equal(closed.headers.location, `/admin/reviews/${id}?done=closed`);

    const late = await post(mona, `/reviews/${id}/decide`, [['only', `keep:${item!.id}`]]);
    assert.equal(late.statusCode, 409, late.body);
    assert.match(late.body, /Nothing was changed/);
    const readOnly = await page(mona, `/reviews/${id}`);
    assert.equal(readOnly.statusCode, 200);
    assert.match(readOnly.body, /This campaign is closed/);
    assert.doesNotMatch(readOnly.body, /name="itemIds"/, 'no controls');
    assert.match(squashHtml(readOnly.body), /Decision: Keep<\/strong>, by the campaign default/);
  });

  it('shows a completed campaign its results and the SHA-256 of the report it serves', async () => {
    const id = await start();
    const admin = await as(ADMIN_ID, true);
    await post(admin, `/admin/reviews/${id}/extend`, [['by', '1w']]);
    assert.equal(fake.calls.filter((c) => c.op === 'extend' && c.id === id).length, 1);
    await post(admin, `/admin/reviews/${id}/close`, [['confirmed', 'yes']]);
    const campaign = (await getCampaign(db(), id))!;
    assert.equal(campaign.status, 'completed');
    const detail = squashHtml((await page(admin, `/admin/reviews/${id}`)).body);
    assert.match(detail, /<caption>Apply result of every item<\/caption>/);
    for (const label of ['Removed', 'Already gone', 'Kept', 'Not applicable', 'Refused by a guard', 'Failed'])
      assert.match(detail, new RegExp(`<th scope="row">${label}</th>`));
    const csv = await page(admin, `/admin/reviews/${id}/report.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(csv.rawPayload).digest('hex');
    assert.equal(digest, campaign.reportSha256.csv);
    assert.equal(csv.headers['x-lantern-sha256'], digest);
    assert.ok(detail.includes(`SHA-256:<code class="digest">${digest}</code>`), 'the page shows the digest');
    const [audit] = await auditOf(db(), id, 'review.report');
    assert.equal((audit!.detail as { sha256: { csv: string } }).sha256.csv, digest, 'as the audit log records it');
  });

  it('lets a reader look but not act, and keeps people out of the admin pages', async () => {
    const id = await start();
    const reader = { authorization: `Bearer ${readerToken}` };
    const detail = await page(reader, `/admin/reviews/${id}`);
    assert.equal(detail.statusCode, 200);
    assert.doesNotMatch(detail.body, />Close now</);
    assert.equal((await page(reader, '/admin/reviews')).statusCode, 200);
    assert.doesNotMatch((await page(reader, '/admin/reviews')).body, /New campaign/);
    assert.equal((await page(reader, '/admin/reviews/new')).statusCode, 403);
    const close = await app.inject({ method: 'POST', url: `/admin/reviews/${id}/close`, headers: reader, payload: {} });
    assert.equal(close.statusCode, 403);
    assert.equal((await page(await as(PEOPLE.mona), `/admin/reviews/${id}`)).statusCode, 403, 'a reviewer is no admin');
    assert.equal((await page(null, '/admin/reviews')).statusCode, 401);
  });

  it('refuses NUL, lone surrogates, wrong types and oversized values on every form with a 4xx, changing nothing', async () => {
    const id = await start();
    const admin = await as(ADMIN_ID, true);
    const mona = await as(PEOPLE.mona);
    const [item] = (await itemsOf(id, PEOPLE.mona)).filter((i) => i.applicability === 'applicable');
    const snapshot = async () =>
      JSON.stringify([
        await db().selectFrom('review_campaigns').selectAll().orderBy('id').execute(),
        await db().selectFrom('review_items').select(['id', 'decision', 'comment']).orderBy('id').execute(),
        await db()
          .selectFrom('audit_log')
          .select(({ fn }) => fn.countAll().as('n'))
          .execute(),
      ]);
    const before = await snapshot();
    const forms: [Headers, string, Record<string, unknown>][] = [
      [admin, '/admin/reviews/new', Object.fromEntries(newCampaign())],
      [mona, `/reviews/${id}/decide`, { itemIds: item!.id, decision: 'remove', comment: 'ok' }],
      [admin, `/admin/reviews/${id}/extend`, { by: '1d' }],
      [admin, `/admin/reviews/${id}/close`, { confirmed: 'yes' }],
    ];
    const hostile = ['a\u0000b', '\ud800', 'x'.repeat(200_000)];
    for (const [who, url, fields] of forms) {
      for (const field of Object.keys(fields)) {
        for (const value of [...hostile, ['a', 'b'], 7]) {
          const res = await app.inject({
            method: 'POST',
            url,
            headers: { cookie: who.cookie!, 'content-type': 'application/json', 'x-csrf-token': who['x-csrf-token']! },
            payload: JSON.stringify({ ...fields, [field]: value }),
          });
          const what = `${url} ${field}=${JSON.stringify(value).slice(0, 20)} → ${res.statusCode}`;
          assert.ok(res.statusCode >= 400 && res.statusCode < 500, what);
        }
      }
    }
    assert.equal(await snapshot(), before, 'no refused form changed the catalog');
  });

  it('sends a link to the inbox, through sign-in, and refuses it to others, when forged or expired', async () => {
    const id = await start();
    const token = links.sign({ campaignId: id, reviewerId: PEOPLE.mona, expiresAtMs: Date.now() + 3_600_000 });
    const url = `/reviews/link?token=${encodeURIComponent(token)}`;
    const anonymous = await page(null, url);
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, `/sign-in?returnTo=${encodeURIComponent(`/reviews/${id}`)}`);
    const mine = await page(await as(PEOPLE.mona), url);
    assert.equal(mine.statusCode, 303);
    assert.equal(mine.headers.location, `/reviews/${id}`);
    const other = await page(await as(PEOPLE.olga), url);
    assert.equal(other.statusCode, 403);
    assert.match(other.body, /This link is for another reviewer/);
    const forged = await page(null, `/reviews/link?token=${encodeURIComponent(`${token.split('.')[0]}.AAAA`)}`);
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /This review link is not valid/);
    assert.equal((await page(null, '/reviews/link?token=garbage')).statusCode, 400);
    const old = links.sign({ campaignId: id, reviewerId: PEOPLE.mona, expiresAtMs: Date.now() - 1000 });
    const expired = await page(null, `/reviews/link?token=${encodeURIComponent(old)}`);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /This review link has expired/);
    assert.ok(!expired.body.includes(old), 'the token is never echoed');
  });
});
