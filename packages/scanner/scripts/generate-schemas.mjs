#!/usr/bin/env node
// Writes the published JSON Schemas (schema.json, report.schema.json, baseline.schema.json) from
// their Zod sources. Run after the build: `pnpm generate` at the repository root.
import { join } from 'node:path';
import { publishedSchemas } from '../dist/index.js';
import { writeFileAtomic } from '../dist/write-file-atomic.js';

const packageDirectory = join(import.meta.dirname, '..');
for (const [name, text] of Object.entries(publishedSchemas())) {
  writeFileAtomic(join(packageDirectory, name), text);
  process.stdout.write(`wrote packages/scanner/${name}\n`);
}
