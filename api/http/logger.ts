// pino settings for the API: credentials and link secrets never reach the log.
import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

const SECRET_QUERY_PARAM = /token|sig|secret|code|state|key|password/i;

export function apiLoggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'headers.authorization',
        'authorization',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactQuery(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}

/** Keeps the parameter names (useful) but drops the values of anything that looks like a credential. */
export function redactQuery(url: string): string {
  const [path, query] = url.split('?', 2);
  if (!query) return url;
  const params = new URLSearchParams(query);
  for (const name of [...params.keys()]) if (SECRET_QUERY_PARAM.test(name)) params.set(name, 'redacted');
  return `${path}?${params.toString()}`;
}
