import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyJsonSchema, trendJsonSchema } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';

const packageDirectory = join(import.meta.dirname, '..');

describe.each([
  ['history.schema.json', historyJsonSchema],
  ['trend.schema.json', trendJsonSchema],
])('published %s', (file, generate) => {
  it('equals the schema generated from the Zod contract (run `pnpm --filter @authboundary/scanner schemas` after changing it)', () => {
    expect(JSON.parse(readFileSync(join(packageDirectory, file), 'utf8'))).toEqual(JSON.parse(JSON.stringify(generate())));
  });

  it('is published in the package', () => {
    const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, string> };
    expect(manifest.files).toContain(file);
    expect(manifest.exports[`./${file}`]).toBe(`./${file}`);
  });
});
