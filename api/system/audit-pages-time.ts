// The audit filter's From / To as the viewer typed them: a wall-clock time (<input type="datetime-local">) in their
// time zone, which /assets/audit-filter.js sends as an IANA name (tz). Without the script the time is read as UTC,
// and the page says so.
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Whether `zone` is a time zone this runtime knows (IANA name, e.g. Europe/Berlin). */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function zoneOffsetMs(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in `zone` (UTC when zone is null), or null when the text is no such time.
 * Two passes settle the offset across a daylight-saving change.
 */
export function instantOfLocalTime(text: string, zone: string | null): Date | null {
  const match = LOCAL_TIME.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, Number.isNaN(s) ? 0 : s!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d!) return null;
  if (!zone) return check;
  let guess = wall - zoneOffsetMs(zone, new Date(wall));
  guess = wall - zoneOffsetMs(zone, new Date(guess));
  return new Date(guess);
}
