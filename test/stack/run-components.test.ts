import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { StackComponent, StackContext } from '../../stack/component.js';
import { startComponents } from '../../stack/run-components.js';
import { inParallel } from '../../stack/components/parallel.js';
import type { Config } from '../../config/index.js';

function recorder() {
  const events: string[] = [];
  const component = (
    name: string,
    opts: { failStart?: boolean; urls?: Record<string, string> } = {},
  ): StackComponent => ({
    name,
    async start() {
      events.push(`start ${name}`);
      if (opts.failStart) throw new Error(`${name} cannot start`);
      return {
        ...(opts.urls ? { urls: opts.urls } : {}),
        stop: async () => {
          events.push(`stop ${name}`);
        },
      };
    },
  });
  return { events, component };
}

const ctx = (): StackContext => ({ config: {} as Config, log: pino({ level: 'silent' }), services: {} });

describe('startComponents', () => {
  it('starts components in order and stops them in reverse', async () => {
    const { events, component } = recorder();
    const stack = await startComponents([component('temporal'), component('catalog'), component('api')], ctx());
    await stack.stop();
    assert.deepEqual(events, [
      'start temporal',
      'start catalog',
      'start api',
      'stop api',
      'stop catalog',
      'stop temporal',
    ]);
  });

  it('stops the components already running when a later one fails to start', async () => {
    const { events, component } = recorder();
    await assert.rejects(
      startComponents([component('temporal'), component('catalog', { failStart: true })], ctx()),
      /catalog cannot start/,
    );
    assert.deepEqual(events, ['start temporal', 'start catalog', 'stop temporal']);
  });

  it("collects every component's URLs for the banner", async () => {
    const { component } = recorder();
    const stack = await startComponents(
      [
        component('temporal', { urls: { 'Temporal UI': 'http://ui' } }),
        component('api', { urls: { API: 'http://api' } }),
      ],
      ctx(),
    );
    assert.deepEqual(stack.urls, { 'Temporal UI': 'http://ui', API: 'http://api' });
    await stack.stop();
  });

  it('stops only once when asked twice (Ctrl-C pressed while stopping)', async () => {
    const { events, component } = recorder();
    const stack = await startComponents([component('api')], ctx());
    await Promise.all([stack.stop(), stack.stop()]);
    assert.deepEqual(events, ['start api', 'stop api']);
  });
});

describe('inParallel', () => {
  it('starts its components together and stops them all', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: StackComponent = {
      name: 'slow',
      async start() {
        events.push('start slow');
        await gate;
        return {
          stop: async () => {
            events.push('stop slow');
          },
        };
      },
    };
    const fast: StackComponent = {
      name: 'fast',
      async start() {
        events.push('start fast');
        release();
        return {
          urls: { Fast: 'http://fast' },
          stop: async () => {
            events.push('stop fast');
          },
        };
      },
    };
    const stack = await startComponents([inParallel([slow, fast])], ctx());
    assert.deepEqual(events, ['start slow', 'start fast'], 'fast started while slow was still starting');
    assert.deepEqual(stack.urls, { Fast: 'http://fast' });
    await stack.stop();
    assert.deepEqual(events.slice(2).sort(), ['stop fast', 'stop slow']);
  });

  it('stops the components that started when another one fails', async () => {
    const events: string[] = [];
    const ok: StackComponent = {
      name: 'ok',
      async start() {
        return {
          stop: async () => {
            events.push('stop ok');
          },
        };
      },
    };
    const broken: StackComponent = {
      name: 'broken',
      async start() {
        throw new Error('broken cannot start');
      },
    };
    await assert.rejects(startComponents([inParallel([ok, broken])], ctx()), /broken cannot start/);
    assert.deepEqual(events, ['stop ok']);
  });
});
