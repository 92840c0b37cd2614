import { describe, expect, it } from 'vitest';
import { covers } from '../src/baseline/compare-with-baseline.js';

describe('which baseline entries a scan can judge', () => {
  it.each([
    ['a scanned file', { paths: [''], unscanned: [] }, 'src/booking/a.ts', true],
    ['an unscanned file', { paths: [''], unscanned: ['src/booking/a.ts'] }, 'src/booking/a.ts', false],
    [
      'a file under a directory that could not be read',
      { paths: [''], unscanned: ['src/secret/'] },
      'src/secret/deep/a.ts',
      false,
    ],
    ['a file beside that directory', { paths: [''], unscanned: ['src/secret/'] }, 'src/secretive.ts', true],
    ['any file when the root could not be read', { paths: [''], unscanned: ['./'] }, 'src/a.ts', false],
    ['a file outside the scanned paths', { paths: ['src/booking'], unscanned: [] }, 'src/payment/a.ts', false],
  ])('%s', (_name, coverage, file, expected) => {
    expect(covers(coverage, file)).toBe(expected);
  });
});
