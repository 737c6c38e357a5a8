import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnsafeText, sanitizeDeep, sanitizeText, textProblem } from '../../lib/safe-text.js';

describe('safe text', () => {
  it('accepts ordinary text, emoji (surrogate pairs), right-to-left marks and markup characters', () => {
    for (const text of [
      '',
      'on call',
      '😀 incident',
      '\u202Egnp.exe',
      "'; drop table x; --",
      '<b>&amp;</b>',
      '../../etc/passwd',
    ]) {
      assert.equal(textProblem(text), null, JSON.stringify(text));
    }
  });

  it('names a NUL character and a lone surrogate, high or low', () => {
    assert.match(textProblem('a\u0000b')!, /NUL/);
    assert.match(textProblem('a\uD800')!, /lone UTF-16 surrogate/);
    assert.match(textProblem('\uDC00b')!, /lone UTF-16 surrogate/);
    assert.match(textProblem('\uDE00\uD83D')!, /lone UTF-16 surrogate/, 'a reversed pair is two lone halves');
  });

  it('finds the first unusable string deep in a value, keys included, with its path', () => {
    assert.deepEqual(findUnsafeText({ a: [1, 'ok', { b: 'x\u0000' }] }, 'body')?.path, 'body.a.2.b');
    assert.equal(findUnsafeText({ ['k\u0000']: 1 }, 'query')?.path, 'query (a field name)');
    assert.equal(findUnsafeText({ a: ['fine', 2, null, true] }, 'body'), null);
  });

  it('replaces what cannot be stored with U+FFFD and leaves everything else alone', () => {
    assert.equal(sanitizeText('a\u0000b\uD800c😀'), 'a\uFFFDb\uFFFDc😀');
    const when = new Date(0);
    assert.deepEqual(sanitizeDeep({ ['k\u0000']: ['x\uDC00', 3, null], when }), {
      ['k\uFFFD']: ['x\uFFFD', 3, null],
      when,
    });
  });
});
