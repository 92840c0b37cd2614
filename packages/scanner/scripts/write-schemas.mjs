// Regenerates the published JSON Schemas of the history file and the trend output from their Zod
// schemas (run after `tsc -b`; test/published-schemas.test.ts fails when they are stale).
import { writeFileSync } from 'node:fs';
import { historyJsonSchema, trendJsonSchema } from '../dist/index.js';

for (const [file, schema] of [['history.schema.json', historyJsonSchema()], ['trend.schema.json', trendJsonSchema()]]) {
  writeFileSync(new URL(`../${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote packages/scanner/${file}`);
}
