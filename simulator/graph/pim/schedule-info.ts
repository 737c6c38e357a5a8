// PIM `scheduleInfo` (requestSchedule): start and expiration, accepted case-insensitively as Microsoft does and echoed
// back in camelCase, plus the simulated moment the assignment ends.
import { graphErrors } from '../errors.js';

export interface ParsedSchedule {
  /** scheduleInfo as the response carries it. */
  echo: Record<string, unknown>;
  /** Simulated epoch ms when the assignment ends; undefined = never. */
  expiresAt?: number;
}

const EXPIRATION_TYPES = new Map(
  ['notSpecified', 'noExpiration', 'afterDateTime', 'afterDuration'].map((t) => [t.toLowerCase(), t]),
);
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** ISO 8601 duration (PnWnDTnHnMnS) in milliseconds, or undefined when malformed. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text.toUpperCase() === 'P' || text.toUpperCase().endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

function dateMs(value: unknown, property: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw graphErrors.pimInvalidRequest(`The value of '${property}' is not a valid date and time.`);
  return ms;
}

export function parseScheduleInfo(raw: unknown, now: number): ParsedSchedule {
  if (!raw || typeof raw !== 'object') throw graphErrors.pimInvalidRequest("The property 'scheduleInfo' is required.");
  const info = raw as Record<string, unknown>;
  const start =
    info.startDateTime === undefined || info.startDateTime === null ? now : dateMs(info.startDateTime, 'startDateTime');
  const expiration = (info.expiration ?? {}) as Record<string, unknown>;
  const type = EXPIRATION_TYPES.get(String(expiration.type ?? 'notSpecified').toLowerCase());
  if (!type)
    throw graphErrors.pimInvalidRequest(`The value '${String(expiration.type)}' is not a valid expiration type.`);
  let expiresAt: number | undefined;
  if (type === 'afterDuration') {
    const ms = typeof expiration.duration === 'string' ? durationMs(expiration.duration) : undefined;
    if (!ms)
      throw graphErrors.pimInvalidRequest("The value of 'expiration.duration' is not a valid ISO 8601 duration.");
    expiresAt = start + ms;
  } else if (type === 'afterDateTime') {
    expiresAt = dateMs(expiration.endDateTime, 'expiration.endDateTime');
    if (expiresAt <= start)
      throw graphErrors.pimInvalidRequest('The expiration must be later than the start of the schedule.');
  }
  return {
    echo: {
      startDateTime: new Date(start).toISOString(),
      recurrence: null,
      expiration: {
        type,
        duration: type === 'afterDuration' ? expiration.duration : null,
        endDateTime: type === 'afterDateTime' ? new Date(expiresAt!).toISOString() : null,
      },
    },
    expiresAt,
  };
}
