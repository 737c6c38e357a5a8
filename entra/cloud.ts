// Where a tenant's identity platform and Graph live. National clouds and the local simulator differ from the
// global cloud only in these three values, which always move together.

import type { CloudEndpoints, NationalCloudName } from '../domain/connector.js';

export const NATIONAL_CLOUDS = {
  global: {
    authorityHost: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com/',
    graphScope: 'https://graph.microsoft.com/.default',
  },
  usGov: {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us/',
    graphScope: 'https://graph.microsoft.us/.default',
  },
  usGovDoD: {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us/',
    graphScope: 'https://dod-graph.microsoft.us/.default',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn/',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
} as const satisfies Record<NationalCloudName, CloudEndpoints>;

const MICROSOFT_AUTHORITY_HOSTS = new Set(Object.values(NATIONAL_CLOUDS).map((c) => new URL(c.authorityHost).host));

/** Normalises user-supplied endpoints (trailing slashes) so URLs can be joined without surprises. */
export function normaliseCloud(cloud: CloudEndpoints): CloudEndpoints {
  return {
    authorityHost: cloud.authorityHost.replace(/\/+$/, ''),
    graphBaseUrl: cloud.graphBaseUrl.endsWith('/') ? cloud.graphBaseUrl : `${cloud.graphBaseUrl}/`,
    graphScope: cloud.graphScope,
  };
}

/**
 * MSAL refuses authorities it cannot discover through Microsoft's instance discovery. A host that is not one of
 * Microsoft's (a sovereign deployment, or the simulator) must be declared as known, with its port.
 */
export function knownAuthoritiesFor(cloud: CloudEndpoints): string[] {
  const host = new URL(cloud.authorityHost).host;
  return MICROSOFT_AUTHORITY_HOSTS.has(host) ? [] : [host];
}

/** The Graph client only attaches tokens to hosts it knows; hostnames only, without the port. */
export function graphHostsFor(cloud: CloudEndpoints): Set<string> {
  return new Set([new URL(cloud.graphBaseUrl).hostname]);
}
