// scripts/temporal-cli.sh: finds a Temporal CLI, or says exactly what to install.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTempDir, type TempDir } from '../helpers/temp-dir.js';

const script = fileURLToPath(new URL('../../scripts/temporal-cli.sh', import.meta.url));

describe('scripts/temporal-cli.sh', () => {
  let repo: TempDir;
  let fakeCli: string;
  // A checkout without a cached CLI, and a PATH with neither `temporal` nor `go`.
  const run = (env: Record<string, string>) =>
    spawnSync('bash', [join(repo.path, 'scripts/temporal-cli.sh')], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', ...env },
    });

  before(async () => {
    repo = await createTempDir('lantern-cli-test-');
    await mkdir(join(repo.path, 'scripts'));
    await copyFile(script, join(repo.path, 'scripts/temporal-cli.sh'));
    fakeCli = join(repo.path, 'fake-temporal');
    await writeFile(fakeCli, '#!/bin/sh\necho "temporal version 0.0.0-test"\n');
    await chmod(fakeCli, 0o755);
  });
  after(() => repo.remove());

  it('prints $TEMPORAL_CLI when it is a working binary', () => {
    const result = run({ TEMPORAL_CLI: fakeCli });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), fakeCli);
  });

  it('rejects a $TEMPORAL_CLI that does not run', () => {
    const result = run({ TEMPORAL_CLI: join(repo.path, 'missing') });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /TEMPORAL_CLI=.*missing is not an executable temporal CLI/);
    assert.equal(result.stdout, '');
  });

  it('uses the cached build in .tools/bin before trying to build', async () => {
    await mkdir(join(repo.path, '.tools/bin'), { recursive: true });
    const cached = join(repo.path, '.tools/bin/temporal');
    await copyFile(fakeCli, cached);
    await chmod(cached, 0o755);
    try {
      const result = run({});
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), cached);
    } finally {
      await writeFile(cached, '#!/bin/sh\nexit 1\n'); // a broken cache for the next test
    }
  });

  it('says what to install when there is no CLI and no Go', () => {
    const result = run({});
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /Go is not installed/);
    assert.match(result.stderr, /Install Go >= 1\.25/);
    assert.match(result.stderr, /TEMPORAL_CLI=/);
    assert.equal(result.stdout, '');
  });
});
