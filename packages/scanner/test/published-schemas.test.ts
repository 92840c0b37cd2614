import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without type declarations
import { publishedSchemas, serialize } from '../scripts/generate-schemas.mjs';

const schemas = publishedSchemas as Record<string, () => Record<string, unknown>>;
const packageDirectory = join(import.meta.dirname, '..');

describe.each(Object.keys(schemas))('%s', (file) => {
  it('is published as generated from its Zod source (run `pnpm generate` when this fails)', () => {
    expect(readFileSync(join(packageDirectory, file), 'utf8')).toBe((serialize as (schema: unknown) => string)(schemas[file]!()));
  });

  it('is a draft 2020-12 schema with an id, a title and described properties', () => {
    const schema = schemas[file]!() as { $schema: string; $id: string; title: string; properties: Record<string, { description?: string }> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(new RegExp(`${file.replace('.', '\\.')}$`));
    expect(schema.title).toBeTruthy();
    for (const [key, property] of Object.entries(schema.properties)) expect(property.description, `${file}: ${key}`).toBeTruthy();
  });

  it('is published in the package', () => {
    const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, string> };
    expect(manifest.files).toContain(file);
    expect(manifest.exports[`./${file}`]).toBe(`./${file}`);
  });
});
