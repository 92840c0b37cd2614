import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeTrend, createReport, readBaseline, reporters, serializeBaseline } from '@authboundary/scanner';
import { emptyHistory } from '../src/history/history-file.js';
import { describe, expect, it } from 'vitest';
import { publishedSchemas, serialize } from '../scripts/generate-schemas.mjs';

const schemas = publishedSchemas as Record<string, () => Record<string, unknown>>;
const packageDirectory = join(import.meta.dirname, '..');

describe.each(Object.keys(schemas))('%s', (file) => {
  it('is published as generated from its Zod source (run `pnpm generate` when this fails)', () => {
    expect(readFileSync(join(packageDirectory, file), 'utf8')).toBe(
      (serialize as (schema: unknown) => string)(schemas[file]!()),
    );
  });

  it('is a draft 2020-12 schema with an id, a title and described properties', () => {
    const schema = schemas[file]!() as {
      $schema: string;
      $id: string;
      title: string;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(new RegExp(`${file.replace('.', '\\.')}$`));
    expect(schema.title).toBeTruthy();
    for (const [key, property] of Object.entries(schema.properties))
      expect(property.description, `${file}: ${key}`).toBeTruthy();
  });

  it('has as $id the URL that serves this very file as JSON (the raw file of the main branch, not a page about it)', () => {
    const schema = schemas[file]!() as { $id: string };
    expect(schema.$id).toBe(
      `https://raw.githubusercontent.com/authboundary/authboundary/main/packages/scanner/${file}`,
    );
    // The URL's path is the file's path in the repository, so what it serves is what is committed here.
    const pathInRepository = new URL(schema.$id).pathname.split('/').slice(4).join('/');
    expect(JSON.parse(readFileSync(join(packageDirectory, '..', '..', pathInRepository), 'utf8')).$id).toBe(schema.$id);
  });

  it('is published in the package', () => {
    const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
      files: string[];
      exports: Record<string, string>;
    };
    expect(manifest.files).toContain(file);
    expect(manifest.exports[`./${file}`]).toBe(`./${file}`);
  });
});

describe('the $schema the files authboundary writes name', () => {
  const idOf = (file: string) => (schemas[file]!() as { $id: string }).$id;

  it('is the $id of their published schema, for reports, baselines, histories and trends', () => {
    expect(JSON.parse(reporters.json(createReport('/repo', [], [], 0), { color: false })).$schema).toBe(
      idOf('report.schema.json'),
    );
    expect(JSON.parse(serializeBaseline([], '0.1.0')).$schema).toBe(idOf('baseline.schema.json'));
    expect(emptyHistory().$schema).toBe(idOf('history.schema.json'));
    expect(computeTrend(emptyHistory()).$schema).toBe(idOf('trend.schema.json'));
  });

  it('a baseline that names the schema by the URL of earlier versions is still read', () => {
    const directory = mkdtempSync(join(tmpdir(), 'authboundary-legacy-baseline-'));
    const path = join(directory, 'authboundary.baseline.json');
    const legacy = JSON.parse(serializeBaseline([], '0.1.0')) as Record<string, unknown>;
    legacy['$schema'] = 'https://github.com/authboundary/authboundary/blob/main/packages/scanner/baseline.schema.json';
    writeFileSync(path, JSON.stringify(legacy));
    try {
      expect(readBaseline(path).findings).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
