// Where an onboarding setup link lands: the owner's setup page of one connector (the token travels as ?token=).

export const setupLinkPath = (connectorId: string): string => `/onboarding/${encodeURIComponent(connectorId)}`;

export const setupLinkUrl = (publicUrl: string, connectorId: string, token: string): string =>
  `${publicUrl}${setupLinkPath(connectorId)}?token=${encodeURIComponent(token)}`;
