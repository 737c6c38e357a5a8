// The one send loop of every activity that emails: one message per recipient with a Message-ID stable per activity
// execution and recipient, so a duplicate from a retried activity is recognisable. Links are signed by the caller's
// `render`, here in the worker, so no signature enters workflow history.
import { Context } from '@temporalio/activity';
import type { Mailer } from './mailer.js';
import type { RenderedEmail } from './render.js';

/** Stable per activity and recipient, so a duplicate from a retry is recognisable. */
export const messageIdOf = (runId: string | undefined, activityId: string, recipient: string): string =>
  `<${runId ?? 'local'}.${activityId}.${Buffer.from(recipient).toString('hex')}@lantern>`;

export interface Recipient {
  /** Who, as the capability names them (an owner's address, a principal id): it keys the Message-ID. */
  id: string;
  to: string;
}

/** Sends in order and stops at the first failure (the activity's retry sends again, under the same Message-IDs). */
export async function sendEach(
  mailer: Mailer,
  recipients: Recipient[],
  render: (recipient: Recipient) => RenderedEmail,
): Promise<number> {
  const { workflowExecution, activityId } = Context.current().info;
  for (const recipient of recipients) {
    await mailer.send({
      to: recipient.to,
      ...render(recipient),
      messageId: messageIdOf(workflowExecution?.runId, activityId, recipient.id),
    });
  }
  return recipients.length;
}
