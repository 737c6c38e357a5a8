// Replay sweep: Microsoft's documented request/response examples (microsoft-graph-docs-contrib,
// api-reference/v1.0/api/*.md) for every Graph endpoint Lantern calls, replayed through the official Graph client.
// Each row names the page and example, sends the documented request (ids swapped for the generated tenant's) and
// compares what a client depends on: status, @odata.context form, paging link names, property names, error code.
// Values are not compared: the docs' data is Contoso's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../simulator/index.js';
import type { Tenant } from '../../simulator/model/tenant.js';
import { appOnlyGraphClient, startTestSimulator } from './clients.js';
import { clientWithRoles, editableGroup, nonMember, ref, WRITER_ROLES } from './graph-writes-helpers.js';
import { EXAMPLES, type Example, type Fixture } from './fidelity-examples-table.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Replayed {
  status: number;
  contentType: string;
  body: Json;
}

async function replay(client: Client, example: Example, fixture: Fixture): Promise<Replayed> {
  let request = client.api(example.path(fixture)).responseType(ResponseType.RAW);
  if (example.headers) request = request.headers(example.headers);
  const body = example.body?.(fixture);
  const response = (await (example.method === 'GET'
    ? request.get()
    : example.method === 'DELETE'
      ? request.delete()
      : example.method === 'PATCH'
        ? request.patch(body)
        : request.post(body ?? {}))) as Response;
  if (example.follow) {
    const link = ((await response.json()) as Json)[example.follow] as string;
    let next = client.api(link).responseType(ResponseType.RAW);
    if (example.headers) next = next.headers(example.headers);
    return read((await next.get()) as Response);
  }
  return read(response);
}

async function read(response: Response): Promise<Replayed> {
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  return {
    status: response.status,
    contentType,
    body: contentType.includes('json') && text ? JSON.parse(text) : text,
  };
}

/** The shape differences between a replayed response and the documented one (empty when they agree). */
function differences(example: Example, got: Replayed): string[] {
  const found: string[] = [];
  if (got.status !== example.status) found.push(`status ${got.status}, documented ${example.status}`);
  const body = got.body;
  if (example.context && !example.context.test(body?.['@odata.context'] ?? '')) {
    found.push(`@odata.context ${JSON.stringify(body?.['@odata.context'])} does not match ${example.context}`);
  }
  for (const link of example.links ?? []) if (!(link in (body ?? {}))) found.push(`no ${link}`);
  if (example.error) {
    if (body?.error?.code !== example.error.code) found.push(`error code ${body?.error?.code}`);
    if (example.error.message && !example.error.message.test(body?.error?.message ?? '')) {
      found.push(`error message ${JSON.stringify(body?.error?.message)}`);
    }
  }
  if (example.text && !example.text.test(typeof body === 'string' ? body : '')) found.push(`body ${body}`);
  if (example.text && !got.contentType.startsWith('text/plain')) found.push(`content-type ${got.contentType}`);
  if (example.keys) {
    // A collection's first item, a batch's first response, an error's `error` object, or the entity itself.
    const entity = body?.error ?? (Array.isArray(body?.value) ? body.value[0] : (body?.responses?.[0] ?? body));
    if (!entity || typeof entity !== 'object') found.push('no entity to compare');
    else {
      const missing = example.keys.filter((k) => !(k in entity));
      if (missing.length) found.push(`missing ${missing.join(', ')}`);
      if (example.exactKeys) {
        const extra = Object.keys(entity).filter((k) => !example.keys!.includes(k) && !k.startsWith('@odata.'));
        if (extra.length) found.push(`not documented: ${extra.join(', ')}`);
      }
    }
  }
  return found;
}

describe("Microsoft's documented examples replayed against the simulator", () => {
  let sim: RunningSimulator;
  let tenant: Tenant;
  const clients = {} as Record<'read' | 'write' | 'grants', Client>;
  let fixture: Fixture;

  before(async () => {
    sim = await startTestSimulator();
    tenant = sim.store.tenant(sim.tenants[0]!.id)!;
    clients.read = appOnlyGraphClient(sim, { tenantId: tenant.id });
    clients.write = await clientWithRoles(sim, tenant.id, [...WRITER_ROLES, 'User.RevokeSessions.All']);
    clients.grants = await clientWithRoles(sim, tenant.id, ['DelegatedPermissionGrant.ReadWrite.All']);
    const group = editableGroup(tenant, (g) => (tenant.groupOwners.get(g.id)?.size ?? 0) >= 1);
    const resource = [...tenant.servicePrincipals.values()].find((sp) =>
      sp.appRoles.some((r) => r.isEnabled && r.allowedMemberTypes.includes('User')),
    )!;
    const roleGroup = [...tenant.groups.values()].find(
      (g) => !g.onPremisesSyncEnabled && !g.mailEnabled && !g.groupTypes.includes('DynamicMembership'),
    )!;
    const newMember = nonMember(tenant, group.id);
    fixture = {
      sim,
      tenant,
      domain: sim.tenants[0]!.domain,
      adminUpn: sim.tenants[0]!.demo.globalAdmin.upn,
      user: (index: number) => [...tenant.users.values()].filter((u) => u.userType === 'Member')[index]!.id,
      group,
      newMember,
      resource,
      userRole: resource.appRoles.find((r) => r.isEnabled && r.allowedMemberTypes.includes('User'))!.id,
      syncPrincipal: [...tenant.synchronizationJobs.keys()][0]!,
      roleGroup,
      pimMember: [...tenant.users.values()].find(
        (u) => u.userType === 'Member' && u.id !== newMember && !tenant.groupMembers.get(roleGroup.id)?.has(u.id),
      )!.id,
      ref: (id: string) => ref(sim, id),
    };
  });
  after(async () => {
    await sim.close();
  });

  for (const example of EXAMPLES) {
    const request = example.request.startsWith(example.method)
      ? example.request
      : `${example.method} ${example.request}`;
    it(`${example.doc}: ${request}`, { todo: example.todo }, async () => {
      const got = await replay(clients[example.client ?? 'read'], example, fixture);
      assert.deepEqual(differences(example, got), [], JSON.stringify(got.body).slice(0, 600));
    });
  }
});
