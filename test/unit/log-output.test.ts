// Logs for people and for machines: readable lines on a terminal, one JSON object per line anywhere else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { logFormatFor, prettyLogLine } from '../../lib/log-output.js';
import { sdkLogLevel } from '../../temporal/runtime.js';

/** What pino writes for these calls, line by line. */
function jsonLines(log: (logger: pino.Logger) => void): string[] {
  const lines: string[] = [];
  log(
    pino(
      { level: 'debug' },
      {
        write: (line: string) => {
          lines.push(line);
        },
      },
    ),
  );
  return lines;
}

describe('log output', () => {
  it('pretty-prints only when the stream is a terminal', () => {
    assert.equal(logFormatFor({ isTTY: true }), 'pretty');
    assert.equal(logFormatFor({ isTTY: false }), 'json');
    assert.equal(logFormatFor({}), 'json', 'a pipe or file has no isTTY');
  });

  it('keeps a multi-line message one JSON object on one line when not pretty', () => {
    const [line] = jsonLines((log) =>
      log.info('asset workflow-bundle.js 1.2 MiB\nwebpack 5.99.9 compiled successfully'),
    );
    assert.equal(line!.trimEnd().split('\n').length, 1);
    assert.equal(JSON.parse(line!).msg, 'asset workflow-bundle.js 1.2 MiB\nwebpack 5.99.9 compiled successfully');
  });

  it('shows a terminal the level, component, message and fields, with a multi-line message on indented lines', () => {
    const [line] = jsonLines((log) =>
      log
        .child({ component: 'worker' })
        .warn({ taskQueue: 'lantern', note: 'two words' }, 'bundle report\nasset a.js\nwebpack compiled'),
    );
    const text = prettyLogLine(line!, { color: false });
    const [head, ...rest] = text.trimEnd().split('\n');
    assert.match(head!, /^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[worker\] bundle report taskQueue=lantern note="two words"$/);
    assert.deepEqual(rest, ['    asset a.js', '    webpack compiled']);
  });

  it("prints an error's stack under its line and passes non-JSON lines through", () => {
    const [line] = jsonLines((log) => log.error({ err: new Error('Graph said no') }, 'add failed'));
    const text = prettyLogLine(line!, { color: false });
    assert.match(text, /ERROR add failed\n {4}Error: Graph said no\n {8}at /);
    assert.equal(prettyLogLine('plain text', { color: false }), 'plain text\n');
  });

  it("logs the workflow bundler's multi-line report at debug, and SDK events and failures at their own level", () => {
    assert.equal(
      sdkLogLevel(
        'INFO',
        'asset workflow-bundle-1a2b.js 1.2 MiB [emitted]\nwebpack 5.99.9 compiled successfully in 900 ms',
      ),
      'DEBUG',
    );
    assert.equal(sdkLogLevel('INFO', 'Workflow bundle created'), 'INFO');
    assert.equal(sdkLogLevel('ERROR', 'Module not found\nin workflows/index.ts'), 'ERROR');
  });
});
