// Control API errors (not Graph's envelope: the control API is ours, so its errors say plainly what went wrong).
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const controlErrors = {
  unauthorized: () =>
    new ControlError(401, 'unauthorized', 'Send the control key as "Authorization: Bearer <controlKey>".'),
  tenantNotFound: (tenant: string) => new ControlError(404, 'tenantNotFound', `No simulated tenant '${tenant}'.`),
  objectNotFound: (id: string) =>
    new ControlError(404, 'objectNotFound', `No directory object '${id}' in this tenant.`),
  invalid: (message: string) => new ControlError(400, 'invalidRequest', message),
  conflict: (message: string) => new ControlError(409, 'conflict', message),
};

export function controlErrorBody(err: ControlError): unknown {
  return { error: { code: err.code, message: err.message } };
}
