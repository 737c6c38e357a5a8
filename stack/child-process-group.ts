// Runs a long-lived child (the Temporal dev server) so that it can never outlive Lantern:
// - it gets its own process group, and stop() signals the whole group (SIGTERM, then SIGKILL after a grace period);
// - a tiny sh watchdog holds a pipe from us on fd 3; when Lantern dies in any way (even SIGKILL) the pipe closes
//   and the watchdog stops the child;
// - on a normal or crashing exit of Node, the group is killed synchronously as a last resort.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

const WATCHDOG = `
exec 3<&0
"$@" </dev/null 3<&- &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT HUP
(cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null) &
wait "$child"
`;

export interface GroupChild {
  pid: number;
  /** Resolves with the exit code (or signal name) when the watchdog has exited. */
  exited: Promise<number | string>;
  /** Stops the whole process group; resolves once no process of the group remains. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnInOwnGroup(command: string, args: string[], logFile: string): GroupChild {
  const logFd = openSync(logFile, 'a');
  const child: ChildProcess = spawn('sh', ['-c', WATCHDOG, 'lantern-watchdog', command, ...args], {
    detached: true,
    stdio: ['pipe', logFd, logFd],
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  const killGroupNow = (): void => signalGroup(pid, 'SIGKILL');
  process.once('exit', killGroupNow);

  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });

  const stop = async (graceMs = 10_000): Promise<void> => {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await delay(50);
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    // A killed process can linger as a zombie until its new parent reaps it: don't wait for that forever.
    const killDeadline = Date.now() + 2_000;
    while (groupAlive(pid) && Date.now() < killDeadline) await delay(20);
    await exited;
    child.stdin?.destroy();
    process.removeListener('exit', killGroupNow);
  };
  return { pid, exited, stop };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
