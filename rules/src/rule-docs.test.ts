import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { presetRuleIds, ruleCatalogue } from './catalogue.js';
import { docsUrlOf } from './detector.js';
import { detect } from './testing/index.js';

/**
 * A rule's detector, documentation page and tests move together. Code blocks of a page fenced as
 * ```ts incorrect or ```ts correct (optionally `path=src/bff/x.ts` to choose the layer) are run
 * through the rule: incorrect ones must be reported, correct ones must not.
 */
const EXAMPLE = /```(?:ts|tsx|js)\s+(incorrect|correct)([^\n]*)\n([\s\S]*?)```/g;
const REQUIRED_SECTIONS = ['## Why', '## How to fix', '## Options', '## When not to use it'];

describe.each(ruleCatalogue.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  const directory = join(import.meta.dirname, id);
  const page = existsSync(join(directory, 'README.md')) ? readFileSync(join(directory, 'README.md'), 'utf8') : '';

  it('has its detector, documentation page and tests in rules/src/<rule-id>/', () => {
    expect(existsSync(join(directory, 'index.ts'))).toBe(true);
    expect(existsSync(join(directory, 'README.md'))).toBe(true);
    expect(existsSync(join(directory, `${id}.test.ts`))).toBe(true);
    expect(docsUrlOf(id)).toMatch(new RegExp(`/rules/src/${id}/README\\.md$`));
  });

  it('has a page of the fixed shape: title, one-line summary, why, how to fix, options, when not to use it', () => {
    const [title, blank, summary] = page.split('\n');
    expect(title).toBe(`# ${id}`);
    expect(blank).toBe('');
    expect(summary?.replace(/\.$/, '')).toBe(rule.meta.description.replace(/\.$/, ''));
    for (const section of REQUIRED_SECTIONS) expect(page).toContain(`\n${section}\n`);
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

  it('gives a message for every reportable case and examples that fail and pass', () => {
    const examples = [...page.matchAll(EXAMPLE)];
    expect(examples.some((example) => example[1] === 'incorrect')).toBe(true);
    expect(examples.some((example) => example[1] === 'correct')).toBe(true);
    for (const [, kind, info, code] of examples) {
      const path = /path=(\S+)/.exec(info ?? '')?.[1] ?? 'src/booking/example.ts';
      const findings = detect(rule, code!, { path, positions: 'skip' });
      if (kind === 'incorrect')
        expect(findings.length, `incorrect example must be reported:\n${code}`).toBeGreaterThan(0);
      else
        expect(
          findings.map((finding) => finding.message),
          `correct example must pass:\n${code}`,
        ).toEqual([]);
    }
  });
});

describe('presets', () => {
  it('recommended is a subset of strict, and both name only existing rules', () => {
    const ids = new Set(ruleCatalogue.map((rule) => rule.id));
    const recommended = presetRuleIds('recommended');
    const strict = presetRuleIds('strict');
    expect(recommended.every((id) => ids.has(id) && strict.includes(id))).toBe(true);
    expect(strict.every((id) => ids.has(id))).toBe(true);
  });

  it('rule ids are unique', () => {
    const ids = ruleCatalogue.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
