import { describe, expect, it } from 'vitest';
import { autoThreads, CHARACTERS_PER_THREAD } from '../src/extract/extract-files.js';

describe('default number of parsing threads', () => {
  it('is 1 on a machine whose cores are busy, whatever the work', () => {
    for (const load of [1.6, 2, 13]) expect(autoThreads(100 * CHARACTERS_PER_THREAD, 2, load), `load ${load}`).toBe(1);
    expect(autoThreads(100 * CHARACTERS_PER_THREAD, 8, 7.4)).toBe(1);
  });

  it('is 1 for less work than two threads pay for, on an idle machine', () => {
    expect(autoThreads(0, 2, 0)).toBe(1);
    expect(autoThreads(2 * CHARACTERS_PER_THREAD - 1, 2, 0)).toBe(1);
  });

  it('uses each idle core once the work pays for it', () => {
    expect(autoThreads(2 * CHARACTERS_PER_THREAD, 2, 0.2)).toBe(2);
    expect(autoThreads(100 * CHARACTERS_PER_THREAD, 2, 0.4)).toBe(2);
    expect(autoThreads(100 * CHARACTERS_PER_THREAD, 8, 3.2)).toBe(5);
    expect(autoThreads(3 * CHARACTERS_PER_THREAD, 8, 0)).toBe(3);
  });
});
