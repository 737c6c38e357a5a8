// What dominates a slow figure: on a PostgreSQL server this machine runs (and we are superuser of), the bench's
// database logs the plan (EXPLAIN ANALYZE, via auto_explain) of every statement slower than a threshold; afterwards
// the entries this run added to the server's log are collected. Off silently when any of that is not possible.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';

export interface SlowStatementLog {
  /** The log's entries written since `watchSlowStatements`: one block per slow statement, plan included. */
  collect(): { durationMs: number; query: string; block: string }[];
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Arms auto_explain for new sessions of `databaseUrl`'s database; null when the server or rights do not allow it. */
export async function watchSlowStatements(databaseUrl: string, thresholdMs: number): Promise<SlowStatementLog | null> {
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    const [{ data_directory: dataDir } = { data_directory: '' }] = await query<{ data_directory: string }>(
      databaseUrl,
      'show data_directory',
    );
    // scripts/test-postgres.sh starts its clusters with `-l <cluster>/server.log`, beside the data directory.
    const logPath = join(dirname(dataDir), 'server.log');
    if (!existsSync(logPath)) return null;
    for (const setting of [
      `session_preload_libraries = 'auto_explain'`,
      `auto_explain.log_min_duration = ${Math.round(thresholdMs)}`,
      'auto_explain.log_analyze = on',
      'auto_explain.log_buffers = on',
      'auto_explain.log_nested_statements = on',
    ])
      await query(databaseUrl, `alter database "${name}" set ${setting}`);
    const from = statSync(logPath).size;
    return {
      collect() {
        const text = readFileSync(logPath).subarray(from).toString('utf8');
        const blocks = text
          .split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/)
          .filter((b) => /duration: [\d.]+ ms\s+plan:/.test(b));
        return blocks.map((block) => ({
          durationMs: Number(/duration: ([\d.]+) ms/.exec(block)![1]),
          // The text starts on the line of "Query Text:" or, for a statement that opens with a newline, below it.
          query: (/Query Text:\s*([^\n]*)/.exec(block)?.[1] ?? '').replace(/\s+/g, ' ').slice(0, 160),
          block,
        }));
      },
    };
  } catch {
    return null;
  }
}
