// Reading a grant's audit trail and its refusals in the policy v2 grant tests.
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { AccessHarness } from './access-harness.js';

/** The grant's audit rows, oldest first, with their full detail. */
export async function auditRows(h: AccessHarness, workflowId: string) {
  return h.catalog.db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'detail'])
    .where('subject', '=', workflowId)
    .orderBy('id')
    .execute();
}

/** [action, the approval-stage fields of its detail]: stage number, stage name, approvals and quorum when present. */
export async function auditOf(h: AccessHarness, workflowId: string): Promise<[string, Record<string, unknown>][]> {
  return (await auditRows(h, workflowId)).map(({ action, detail }) => {
    const picked: Record<string, unknown> = {};
    if (typeof detail.stage === 'number') picked.stage = detail.stage;
    for (const key of ['name', 'approvals', 'quorum']) if (key in detail) picked[key] = detail[key];
    return [action, picked];
  });
}

/** The update was refused by the workflow's validator with a message matching `rule`. */
export async function refusedWith(update: Promise<unknown>, rule: RegExp): Promise<void> {
  await assert.rejects(update, (error) => {
    assert.ok(error instanceof WorkflowUpdateFailedError, String(error));
    assert.match(String(error.cause?.message), rule);
    return true;
  });
}
