#!/usr/bin/env node
// Writes the published JSON Schemas from their Zod sources (run after `tsc -b`; root: `pnpm generate`).
// A test fails when the committed files differ from what this writes.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '@authboundary/rules';
import {
  baselineJsonSchema,
  historyJsonSchema,
  identityMapJsonSchema,
  reportJsonSchema,
  trendJsonSchema,
} from '../dist/index.js';

export const publishedSchemas = {
  'schema.json': () => configJsonSchema(),
  'report.schema.json': () => reportJsonSchema(),
  'baseline.schema.json': () => baselineJsonSchema(),
  'history.schema.json': () => historyJsonSchema(),
  'trend.schema.json': () => trendJsonSchema(),
  'map.schema.json': () => identityMapJsonSchema(),
};

export const serialize = (schema) => `${JSON.stringify(schema, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, build] of Object.entries(publishedSchemas))
    writeFileSync(new URL(`../${file}`, import.meta.url), serialize(build()));
}
