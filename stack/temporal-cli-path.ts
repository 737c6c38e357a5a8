// Where the `temporal` binary is: $TEMPORAL_CLI (scripts/start.sh and scripts/test.sh export it), else ask
// scripts/temporal-cli.sh, which finds or builds it and explains what to install when it cannot.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/temporal-cli.sh', import.meta.url));

export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_CLI) return env.TEMPORAL_CLI;
  try {
    return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    throw new Error('no Temporal CLI available (see the message above from scripts/temporal-cli.sh)');
  }
}
