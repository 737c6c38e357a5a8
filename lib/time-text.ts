// Times and durations as people read them in Lantern's emails and pages (UTC, no milliseconds; whole hours or minutes).

export const describeDuration = (seconds: number): string =>
  seconds % 3600 === 0
    ? `${seconds / 3600} hour(s)`
    : seconds % 60 === 0
      ? `${seconds / 60} minute(s)`
      : `${seconds} second(s)`;

export const readableTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
