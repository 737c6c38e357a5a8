// Where pino writes: one JSON object per line for machines (files, pipes, log shippers), readable lines on a terminal.
// Hand-written rather than pino-pretty: a few dozen lines, no worker thread, no dependency to keep current.
import pino, { type DestinationStream } from 'pino';

export type LogFormat = 'pretty' | 'json';

/** Pretty only when a person is watching: the stream is a terminal. */
export function logFormatFor(stream: { isTTY?: boolean | undefined }): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

/** The destination for file descriptor 1 or 2: JSON lines, or the readable form when it is a terminal. */
export function logDestination(fd: 1 | 2): DestinationStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (logFormatFor(stream) === 'json') return pino.destination(fd);
  const color = !process.env.NO_COLOR;
  return {
    write: (line: string) => {
      stream.write(prettyLogLine(line, { color }));
    },
  };
}

const LEVELS: Record<number, { name: string; color: number }> = {
  10: { name: 'TRACE', color: 90 },
  20: { name: 'DEBUG', color: 36 },
  30: { name: 'INFO', color: 32 },
  40: { name: 'WARN', color: 33 },
  50: { name: 'ERROR', color: 31 },
  60: { name: 'FATAL', color: 35 },
};
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component', 'err', 'error']);
const INDENT = '    ';

/**
 * One pino JSON line as `12:00:01.234 INFO  [component] message key=value`; a multi-line message (e.g. the workflow
 * bundler's report) and an error's stack follow on indented lines. A line that is not JSON passes through as it is.
 */
export function prettyLogLine(line: string, { color }: { color: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level ?? '?'), color: 0 };
  const paint = (text: string) => (color ? `\u001b[${level.color}m${text}\u001b[0m` : text);
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const [first = '', ...more] = String(entry.msg ?? '').split('\n');
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  const head = [
    time,
    paint(level.name.padEnd(5)),
    entry.component ? `[${String(entry.component)}]` : '',
    first,
    ...fields,
  ]
    .filter(Boolean)
    .join(' ');
  const failure = errorText(entry.err ?? entry.error);
  const body = [...more, ...(failure ? failure.split('\n') : [])].map((text) => `${INDENT}${text}`);
  return `${[head, ...body].join('\n')}\n`;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

function errorText(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  if (typeof error === 'object' && 'stack' in error && typeof error.stack === 'string') return error.stack;
  if (typeof error === 'object' && 'message' in error) return String(error.message);
  return typeof error === 'string' ? error : JSON.stringify(error);
}
