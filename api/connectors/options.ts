// Turns request options into stored connector options: defaults for a new connector, a merge for an update, and the
// cloud rule (a national cloud by name, or custom endpoints that move together). Errors name the field to fix.
import type { Static } from '@sinclair/typebox';
import { apiErrors } from '../http/errors.js';
import type { OptionsInput } from './schemas.js';
import {
  DEFAULT_CONNECTOR_OPTIONS,
  NATIONAL_CLOUD_NAMES,
  type ConnectorCloud,
  type ConnectorOptions,
  type NationalCloudName,
} from '../../domain/connector.js';

const NATIONAL: readonly NationalCloudName[] = NATIONAL_CLOUD_NAMES;
const CUSTOM_FIELDS = ['authorityHost', 'graphBaseUrl', 'graphScope'] as const;

export interface OptionsChange {
  syncIntervalMinutes?: number | undefined;
  options?: Static<typeof OptionsInput> | undefined;
}

export function mergeOptions(current: ConnectorOptions, change: OptionsChange): ConnectorOptions {
  const { cloud, ...flags } = change.options ?? {};
  const defined = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const merged: ConnectorOptions = {
    ...current,
    ...defined,
    ...(change.syncIntervalMinutes !== undefined ? { syncIntervalMinutes: change.syncIntervalMinutes } : {}),
    ...(cloud !== undefined ? { cloud: validCloud(cloud) } : {}),
  };
  if (merged.provisioning === 'pim' && merged.permissionSet !== 'readWrite') {
    throw apiErrors.invalid('options.provisioning pim grants access, so it needs options.permissionSet readWrite.');
  }
  return merged;
}

export const newConnectorOptions = (change: OptionsChange): ConnectorOptions =>
  mergeOptions(DEFAULT_CONNECTOR_OPTIONS, change);

/** Options whose change can need permissions the tenant has not granted: changing them verifies again. */
export function needsReverification(before: ConnectorOptions, after: ConnectorOptions): boolean {
  return (
    before.permissionSet !== after.permissionSet ||
    before.includeSignInActivity !== after.includeSignInActivity ||
    before.provisioning !== after.provisioning ||
    JSON.stringify(before.cloud) !== JSON.stringify(after.cloud)
  );
}

function validCloud(cloud: NonNullable<Static<typeof OptionsInput>['cloud']> | null): ConnectorCloud {
  if (cloud === null) return null;
  if (typeof cloud === 'string') {
    if (!(NATIONAL as string[]).includes(cloud)) {
      throw apiErrors.invalid(
        `options.cloud must be one of ${NATIONAL.join(', ')}, or custom endpoints { ${CUSTOM_FIELDS.join(', ')} }.`,
      );
    }
    return cloud as NationalCloudName;
  }
  const missing = CUSTOM_FIELDS.filter((field) => !cloud[field]);
  if (missing.length > 0) {
    throw apiErrors.invalid(
      `options.cloud is missing ${missing.join(', ')}: a custom cloud needs ${CUSTOM_FIELDS.join(', ')} together.`,
    );
  }
  for (const field of ['authorityHost', 'graphBaseUrl'] as const) {
    if (!isHttpsUrl(cloud[field]!)) throw apiErrors.invalid(`options.cloud.${field} must be an https URL.`);
  }
  if (!/^\S+\/\.default$/.test(cloud.graphScope!)) {
    throw apiErrors.invalid(
      'options.cloud.graphScope must be a .default scope, e.g. https://graph.microsoft.com/.default.',
    );
  }
  return { authorityHost: cloud.authorityHost!, graphBaseUrl: cloud.graphBaseUrl!, graphScope: cloud.graphScope! };
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
