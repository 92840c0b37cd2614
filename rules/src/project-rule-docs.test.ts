import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectRuleCatalogue, ruleCatalogue } from './catalogue.js';
import { configSchema } from './config/load-config.js';
import { analyzeProject } from './testing/index.js';

/**
 * Project rules move with their docs and tests as per-file rules do. An example block of a page,
 * fenced ```ts incorrect or ```ts correct, holds several files, each after a `// file: PATH` line;
 * the block is analyzed as a project: incorrect ones must be reported, correct ones must not.
 */
const EXAMPLE = /```ts\s+(incorrect|correct)\n([\s\S]*?)```/g;
const REQUIRED_SECTIONS = ['## Why', '## How to fix', '## Options', '## When not to use it'];

function filesOf(block: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const part of block.split(/^\/\/ file: /m).slice(1)) {
    const [path, ...code] = part.split('\n');
    files[path!.trim()] = code.join('\n');
  }
  return files;
}

describe.each(projectRuleCatalogue.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const directory = join(import.meta.dirname, id);
  const page = existsSync(join(directory, 'README.md')) ? readFileSync(join(directory, 'README.md'), 'utf8') : '';

  it('has its analysis, documentation page and tests in rules/src/<rule-id>/', () => {
    for (const file of ['index.ts', 'README.md', `${id}.test.ts`])
      expect(existsSync(join(directory, file)), file).toBe(true);
    expect(rule.kind).toBe('project');
  });

  it('has a page of the fixed shape: title, one-line summary, why, how to fix, options, when not to use it', () => {
    const [title, blank, summary] = page.split('\n');
    expect(title).toBe(`# ${id}`);
    expect(blank).toBe('');
    expect(summary).toBe(rule.meta.description);
    for (const section of REQUIRED_SECTIONS) expect(page).toContain(`\n${section}\n`);
    for (const messageId of Object.keys(rule.meta.messages))
      expect(page, `message id ${messageId} documented`).toContain(`\`${messageId}\``);
  });

  it('documents exactly the options its schema has', () => {
    const optionsSection = page.split('\n## Options\n')[1]?.split('\n## ')[0] ?? '';
    const documented = [...optionsSection.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((match) => match[1]);
    const schema = z.toJSONSchema(rule.meta.options, { io: 'input' }) as {
      properties?: Record<string, { description?: string }>;
    };
    expect(documented.sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
    for (const [name, property] of Object.entries(schema.properties ?? {}))
      expect(property.description, `option ${name} needs a description`).toBeTruthy();
  });

  it('has examples that fail and pass, checked against the rule', () => {
    const examples = [...page.matchAll(EXAMPLE)];
    expect(examples.map((example) => example[1])).toEqual(expect.arrayContaining(['incorrect', 'correct']));
    for (const [, kind, block] of examples) {
      const files = filesOf(block!);
      expect(Object.keys(files).length, `example needs // file: lines:\n${block}`).toBeGreaterThan(1);
      const findings = analyzeProject(rule, files, { positions: 'skip' });
      if (kind === 'incorrect')
        expect(findings.length, `incorrect example must be reported:\n${block}`).toBeGreaterThan(0);
      else
        expect(
          findings.map((finding) => finding.message),
          `correct example must pass:\n${block}`,
        ).toEqual([]);
    }
  });

  it('is configurable under `rules` of the configuration, with its options validated', () => {
    expect(configSchema.safeParse({ layers: { auth: 'src/auth/**' }, rules: { [id]: ['warn', {}] } }).success).toBe(
      true,
    );
    expect(
      configSchema.safeParse({ layers: { auth: 'src/auth/**' }, rules: { [id]: ['warn', { notAnOption: true }] } })
        .success,
    ).toBe(false);
  });
});

it('rule ids are unique across per-file and project rules', () => {
  const ids = [...ruleCatalogue, ...projectRuleCatalogue].map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
});
