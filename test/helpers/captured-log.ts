// The API's logger (its real options, redaction included) writing into memory, so a test can read what reached the
// log, above all that no secret did.
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { apiLoggerOptions } from '../../api/http/logger.js';

export function capturedApiLog(level: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino(apiLoggerOptions(level), sink), lines };
}
