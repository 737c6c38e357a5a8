// Ids Microsoft fixes in every tenant, which Lantern checks against.

/** The Global Administrator directory role's template id (the same in every tenant and national cloud). */
export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';
