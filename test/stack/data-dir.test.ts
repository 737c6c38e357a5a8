// `npm start` in a data folder that does not exist yet, with the admin token configured (so no token file is written
// there first): every component that writes into the folder must find it.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePorts, spawnStack, waitFor200, waitForBanner } from '../../stack/testing/spawn-stack.js';
import { createTempDir } from '../helpers/temp-dir.js';

test(
  'starts in a data folder that does not exist yet when LANTERN_ADMIN_TOKENS is set',
  { timeout: 180_000 },
  async () => {
    const parent = await createTempDir('lantern-fresh-data-');
    const dataDir = join(parent.path, 'not', 'yet', 'there');
    const ports = await freePorts();
    const stack = spawnStack(dataDir, ports, { LANTERN_ADMIN_TOKENS: 'configured-admin-token-0123456789abcdef' });
    try {
      await waitFor200(`http://127.0.0.1:${ports.api}/readyz`, stack);
      await waitForBanner(stack);
      assert.ok(
        (await stat(join(dataDir, 'temporal.log'))).isFile(),
        'the Temporal dev server logs into the new folder',
      );
      assert.equal(await stack.stop('SIGTERM'), 0, stack.output());
    } finally {
      await stack.stop('SIGKILL');
      await parent.remove();
    }
  },
);
