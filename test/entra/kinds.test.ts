import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@microsoft/microsoft-graph-client';
import { kindOf } from '../../entra/kinds/index.js';

/** A Graph client stand-in that records POST bodies and answers every call with `fail`'s error, if given. */
function recordingClient(fail?: { statusCode: number; message: string }) {
  const posted: { path: string; body: unknown }[] = [];
  const client = {
    api: (path: string) => ({
      post: async (body: unknown) => {
        if (fail) throw Object.assign(new Error(fail.message), fail);
        posted.push({ path, body });
      },
      delete: async () => {
        if (fail) throw Object.assign(new Error(fail.message), fail);
      },
    }),
  } as unknown as Client;
  return { client, posted };
}

test("a group member reference names the connector's own Graph host, so national clouds accept it", async () => {
  const { client, posted } = recordingClient();
  const e = { kind: 'groupMember', groupId: 'g1' } as const;
  assert.equal(await kindOf(e).add({ client, graphBaseUrl: 'https://graph.microsoft.us/' }, e, 'u1'), 'changed');
  assert.deepEqual(posted, [
    { path: '/groups/g1/members/$ref', body: { '@odata.id': 'https://graph.microsoft.us/v1.0/directoryObjects/u1' } },
  ]);
});

test('adding an existing member and removing a non-member are outcomes, not errors', async () => {
  const e = { kind: 'groupOwner', groupId: 'g1' } as const;
  const graph = (fail: { statusCode: number; message: string }) => ({
    client: recordingClient(fail).client,
    graphBaseUrl: 'https://graph.microsoft.com/',
  });
  const exists = {
    statusCode: 400,
    message: "One or more added object references already exist for the following modified properties: 'owners'.",
  };
  assert.equal(await kindOf(e).add(graph(exists), e, 'u1'), 'already_done');
  assert.equal(
    await kindOf(e).remove(graph({ statusCode: 404, message: 'Resource does not exist' }), e, 'u1'),
    'already_done',
  );
  await assert.rejects(
    kindOf(e).add(graph({ statusCode: 403, message: 'Insufficient privileges' }), e, 'u1'),
    /Insufficient privileges/,
  );
});

test('only directory roles and groups have a PIM variant', () => {
  assert.equal(kindOf({ kind: 'appRole', servicePrincipalId: 'sp1', appRoleId: 'r1' }).pim, undefined);
  assert.deepEqual(
    kindOf({ kind: 'roleMember', roleTemplateId: 't1' }).pim?.({ kind: 'roleMember', roleTemplateId: 't1' }).body,
    { roleDefinitionId: 't1', directoryScopeId: '/' },
  );
  assert.deepEqual(kindOf({ kind: 'groupOwner', groupId: 'g1' }).pim?.({ kind: 'groupOwner', groupId: 'g1' }).body, {
    groupId: 'g1',
    accessId: 'owner',
  });
});
