import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHistory, UsageError, withRecord, writeHistory } from '@authboundary/scanner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleRecord } from './support/sample-record.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'authboundary-history-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('history file', () => {
  it('a missing file is an empty history', () => {
    expect(readHistory(join(directory, 'none.json')).records).toEqual([]);
  });

  it('round-trips through write and read, with $schema and version first', () => {
    const path = join(directory, 'history.json');
    const history = withRecord(withRecord(readHistory(path), sampleRecord('2026-W46', 5)), sampleRecord('2026-W45', 7));
    writeHistory(path, history);
    expect(readHistory(path)).toEqual(history);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')) as object)).toEqual(['$schema', 'version', 'records']);
  });

  it('recording a week again replaces that week and keeps the weeks sorted', () => {
    let history = withRecord(readHistory(join(directory, 'h.json')), sampleRecord('2026-W47', 9));
    history = withRecord(history, sampleRecord('2026-W45', 12));
    history = withRecord(history, sampleRecord('2026-W47', 8));
    expect(history.records.map((record) => [record.week, record.total])).toEqual([
      ['2026-W45', 12],
      ['2026-W47', 8],
    ]);
  });

  it.each([
    ['not JSON', '{"version": 1, "records": [', /not valid JSON/],
    ['a newer contract version', JSON.stringify({ version: 2, records: [] }), /version: Invalid input: expected 1/],
    [
      'a week that is not an ISO week',
      JSON.stringify({ version: 1, records: [sampleRecord('2026-W54', 1)] }),
      /records\[0\]\.week: expected an ISO week/,
    ],
    [
      'two records of one week',
      JSON.stringify({ version: 1, records: [sampleRecord('2026-W46', 1), sampleRecord('2026-W46', 2)] }),
      /records\[1\]\.week: weeks must be unique and ascending/,
    ],
    [
      'a negative count',
      JSON.stringify({ version: 1, records: [sampleRecord('2026-W46', -1)] }),
      /records\[0\]\.total/,
    ],
  ])('a file with %s is rejected as a usage error naming the problem', (_case, text, message) => {
    const path = join(directory, 'history.json');
    writeFileSync(path, text);
    expect(() => readHistory(path)).toThrow(UsageError);
    expect(() => readHistory(path)).toThrow(message);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
