// The evidence report on both catalog backends: CSV a spreadsheet cannot turn into formulas, JSON Lines with a fixed
// key order, every item once across page boundaries, and a digest that equals the SHA-256 of the bytes downloaded.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { jsonb, type Catalog } from '../../catalog/index.js';
import { applyDefaultDecision, decideItems } from '../../catalog/reviews/decisions.js';
import { recordApplyResults, settleNonRemovals } from '../../catalog/reviews/apply.js';
import {
  freezeReviewerLabels,
  recordReportDigests,
  reportChunks,
  reportSha256,
  type ReportFormat,
} from '../../catalog/reviews/report.js';
import { REPORT_COLUMNS } from '../../catalog/reviews/report-rows.js';
import { BACKENDS } from '../catalog/directory-fixture.js';
import { requirePostgresInCi } from '../helpers/postgres.js';
import { auditOf, CONNECTOR, seedCampaign, type ItemSpec } from './decisions-fixture.js';

requirePostgresInCi();

const MONA = 'rev-mona';
const HOSTILE_NAME = '=cmd|" /C calc"!A0';
const HOSTILE_COMMENT = 'He said "keep",\r\nthen <script>alert(1)</script>';

const ITEMS: ItemSpec[] = [
  { principalName: HOSTILE_NAME, reviewers: [MONA, 'rev-unknown'], lastSignInAt: '2026-01-02T03:04:05.678Z' },
  { principalName: '+1 Helpdesk', resourceName: '@Finance, Inc.', reviewers: [MONA], recommendation: 'remove' },
  { principalName: 'Ada', viaGroup: { id: 'g-leads', name: 'Finance Leads' }, principalUpn: null, reviewers: [MONA] },
];

for (const backend of BACKENDS) {
  describe(`the review evidence report on ${backend.name}`, { skip: backend.skip }, () => {
    let catalog: Catalog;
    let dispose: () => Promise<void>;
    const CAMPAIGN = 'report';

    before(async () => {
      ({ catalog, dispose } = await backend.open());
      await seedCampaign(catalog.db, { id: CAMPAIGN, items: ITEMS });
      await catalog.db
        .insertInto('principals')
        .values({
          connector_id: CONNECTOR,
          id: MONA,
          kind: 'user',
          display_name: 'Mona',
          upn: 'mona@contoso.com',
          account_enabled: true,
          attributes: jsonb({}),
          generation: 1,
        })
        .execute();
      await decideItems(catalog.db, {
        campaignId: CAMPAIGN,
        itemIds: ['1'],
        decision: 'remove',
        comment: HOSTILE_COMMENT,
        reviewerId: MONA,
        actor: `session:${MONA}`,
      });
      await catalog.db.updateTable('review_campaigns').set({ status: 'closing' }).where('id', '=', CAMPAIGN).execute();
      await applyDefaultDecision(catalog.db, CAMPAIGN, 'recommendation');
      await recordApplyResults(catalog.db, CAMPAIGN, [{ itemId: '1', result: 'failed', message: '=Graph: 403, "no"' }]);
      await settleNonRemovals(catalog.db, CAMPAIGN);
    });
    after(() => dispose?.());

    const download = async (format: ReportFormat, campaignId = CAMPAIGN): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const chunk of Readable.from(reportChunks(catalog.db, campaignId, format))) {
        parts.push(Buffer.from(chunk as string, 'utf8'));
      }
      return Buffer.concat(parts);
    };

    it('writes RFC 4180 CSV with formulas neutralised and quotes, commas and line breaks kept inside their cell', async () => {
      const text = (await download('csv')).toString('utf8');
      assert.ok(text.endsWith('\r\n'));
      const [header, ...records] = parseCsv(text);
      assert.deepEqual(header, [...REPORT_COLUMNS]);
      assert.equal(records.length, 3);
      const cell = (row: number, column: string) => records[row]![REPORT_COLUMNS.indexOf(column as never)];
      assert.equal(cell(0, 'principal'), `'${HOSTILE_NAME}`);
      assert.equal(cell(0, 'comment'), HOSTILE_COMMENT, 'quotes, the comma and CRLF survive; <script> is only text');
      assert.equal(cell(0, 'apply_message'), `'=Graph: 403, "no"`);
      assert.equal(cell(0, 'reviewers'), 'mona@contoso.com;rev-unknown', 'UPNs where the directory knows them');
      assert.equal(cell(0, 'last_sign_in'), '2026-01-02T03:04:05.678Z');
      assert.equal(cell(0, 'decision'), 'remove');
      assert.equal(cell(0, 'decided_by'), MONA);
      assert.equal(cell(0, 'decision_source'), 'reviewer');
      assert.equal(cell(1, 'principal'), "'+1 Helpdesk");
      assert.equal(cell(1, 'resource'), "'@Finance, Inc.");
      assert.deepEqual(
        [cell(1, 'decision'), cell(1, 'decision_source'), cell(1, 'decided_by')],
        ['remove', 'default', 'lantern'],
      );
      assert.deepEqual(
        [cell(2, 'via_group'), cell(2, 'principal_upn'), cell(2, 'decision')],
        ['Finance Leads', '', ''],
      );
      assert.equal(cell(2, 'apply_result'), 'not_applicable');
      assert.match(cell(0, 'decided_at')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('writes one JSON object per item, keys in the report’s column order, values exactly as stored', async () => {
      const lines = (await download('json')).toString('utf8').split('\n');
      assert.equal(lines.pop(), '', 'every line ends with a newline');
      const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.equal(objects.length, 3);
      for (const object of objects) assert.deepEqual(Object.keys(object), [...REPORT_COLUMNS]);
      assert.equal(objects[0]!.principal, HOSTILE_NAME);
      assert.equal(objects[0]!.comment, HOSTILE_COMMENT);
      assert.deepEqual(objects[0]!.reviewers, ['mona@contoso.com', 'rev-unknown']);
      assert.equal(objects[2]!.principal_upn, null);
      assert.equal(objects[2]!.decision, null);
    });

    it('records digests equal to the SHA-256 of the downloaded bytes, and audits them once', async () => {
      const csv = await reportSha256(catalog.db, CAMPAIGN, 'csv');
      const json = await reportSha256(catalog.db, CAMPAIGN, 'json');
      assert.equal(
        csv,
        createHash('sha256')
          .update(await download('csv'))
          .digest('hex'),
      );
      assert.equal(
        json,
        createHash('sha256')
          .update(await download('json'))
          .digest('hex'),
      );
      assert.notEqual(csv, json);
      await recordReportDigests(catalog.db, CAMPAIGN, { csv, json });
      await recordReportDigests(catalog.db, CAMPAIGN, { csv: 'a'.repeat(64), json: 'b'.repeat(64) });
      const row = await catalog.db
        .selectFrom('review_campaigns')
        .select('report_sha256')
        .where('id', '=', CAMPAIGN)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row.report_sha256, { csv, json });
      const audit = await auditOf(catalog.db, CAMPAIGN, 'review.report');
      assert.equal(audit.length, 1);
      assert.deepEqual(audit[0]!.detail, { sha256: { csv, json } });
      // A later download is byte for byte the one that was hashed.
      assert.equal(
        createHash('sha256')
          .update(await download('csv'))
          .digest('hex'),
        row.report_sha256.csv,
      );
    });

    it('keeps the bytes of a completed report when a reviewer is renamed or deleted in Entra', async () => {
      const frozen = 'frozen-report';
      await seedCampaign(catalog.db, { id: frozen, items: ITEMS });
      await freezeReviewerLabels(catalog.db, frozen);
      const digest = await reportSha256(catalog.db, frozen, 'csv');
      await catalog.db
        .updateTable('principals')
        .set({ upn: 'mona.renamed@contoso.com' })
        .where('id', '=', MONA)
        .execute();
      assert.equal(await reportSha256(catalog.db, frozen, 'csv'), digest, 'a rename after completion');
      await catalog.db.deleteFrom('principals').where('id', '=', MONA).execute();
      assert.equal(await reportSha256(catalog.db, frozen, 'csv'), digest, 'a deletion after completion');
    });

    it('streams a report larger than one page with every item exactly once, in id order', async () => {
      const big = 'big-report';
      await seedCampaign(catalog.db, { id: big, items: Array.from({ length: 2345 }, () => ({ reviewers: [MONA] })) });
      const lines = (await download('json', big)).toString('utf8').trimEnd().split('\n');
      assert.deepEqual(
        lines.map((line) => Number((JSON.parse(line) as { item_id: string }).item_id)),
        Array.from({ length: 2345 }, (_, i) => i + 1),
      );
      let chunks = 0;
      for await (const _ of reportChunks(catalog.db, big, 'csv')) chunks++;
      assert.equal(chunks, 4, 'a header, then one chunk per page of 1,000 items');
    });
  });
}

/** A strict RFC 4180 reader: CRLF records, quoted cells with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let at = 0;
  while (at < text.length) {
    let cell = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        assert.ok(quote >= 0, 'unterminated quoted cell');
        cell += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        cell += '"';
        at++;
      }
    } else {
      const end = text.slice(at).search(/,|\r\n/);
      assert.ok(end >= 0, 'record not terminated by CRLF');
      cell = text.slice(at, at + end);
      assert.ok(!/["\r\n]/.test(cell), `bare cell holds a quote or line break: ${cell}`);
      at += end;
    }
    record.push(cell);
    if (text[at] === ',') at++;
    else {
      assert.equal(text.slice(at, at + 2), '\r\n');
      at += 2;
      records.push(record);
      record = [];
    }
  }
  return records;
}
