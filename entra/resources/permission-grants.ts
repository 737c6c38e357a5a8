// A delegated permission grant (Graph's oauth2PermissionGrant) as Lantern reads it: the client app (its service
// principal id) that one user (consentType 'Principal') or the whole tenant ('AllPrincipals') let act with `scope`.
export interface GraphPermissionGrant {
  id: string;
  clientId: string;
  consentType: string;
  principalId: string | null;
  /** Space-separated delegated scopes. */
  scope: string;
}
