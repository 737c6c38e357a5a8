// Reads a workflow's whole history as text *after* decrypting every payload with the codec, so a scan for secrets
// sees what an operator with the codec endpoint would see (scanning ciphertext would prove nothing).
import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';

export async function decodedHistoryText(client: Client, workflowId: string, codec: PayloadCodec): Promise<string> {
  const parts: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, execution.runId).fetchHistory();
    await collect(history, parts, codec);
  }
  return parts.join('\n');
}

function isPayload(value: object): value is Payload {
  return 'metadata' in value && 'data' in value && typeof (value as Payload).metadata === 'object';
}

async function collect(value: unknown, parts: string[], codec: PayloadCodec): Promise<void> {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') {
    parts.push(value);
    return;
  }
  if (value instanceof Uint8Array) {
    parts.push(Buffer.from(value).toString('utf8'));
    return;
  }
  if (typeof value !== 'object') {
    parts.push(String(value));
    return;
  }
  if (isPayload(value)) {
    const [plain] = await codec.decode([value]);
    parts.push(Buffer.from(plain?.data ?? new Uint8Array()).toString('utf8'));
    return;
  }
  for (const child of Array.isArray(value) ? value : Object.values(value)) await collect(child, parts, codec);
}

/** Things that must never appear: configured secrets, OAuth codes, link tokens and their signatures, JWTs. */
export function findLeaks(text: string, needles: string[]): string[] {
  const leaks = needles.filter((needle) => needle.length >= 8 && text.includes(needle));
  if (/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./.test(text)) leaks.push('a JWT');
  return leaks;
}
