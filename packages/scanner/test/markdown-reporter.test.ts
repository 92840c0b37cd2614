import { reporters } from '@authboundary/scanner';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { findingOf, findingsIn, reportOf } from './report-fixtures.js';

describe('markdown format', () => {
  it('summarizes totals, top files, owners and rules of a scan', () => {
    const findings = [
      ...findingsIn('src/a.ts', 3, { owners: ['@org/a'] }),
      ...findingsIn('src/bb.ts', 1, { owners: [] }),
    ];
    const output = reporters.markdown(reportOf(findings), { color: false });
    expect(output).toContain('| findings | 4 |');
    expect(output).toContain('### Top files');
    expect(output.indexOf('`src/a.ts` | 3')).toBeLessThan(output.indexOf('`src/bb.ts` | 1'));
    expect(output).toContain('| @org/a | 3 |');
    expect(output).toContain('| (unowned) | 1 |');
    expect(output).toContain('| `no-provider-id-outside-auth` | 4 |');
  });

  it('has no owner table when no finding has an owner (no CODEOWNERS configured)', () => {
    const output = reporters.markdown(reportOf(findingsIn('src/a.ts', 2, { owners: [] })), { color: false });
    expect(output).toContain('### By rule');
    expect(output).not.toContain('### By owner');
    expect(output).not.toContain('(unowned)');
  });

  it('compared with a baseline, lists new and fixed findings and the prune command', () => {
    const [known, fresh] = findingsIn('src/a.ts', 2, { owners: ['@org/a'] });
    const fixed = {
      fingerprint: 'f'.repeat(32),
      rule: 'no-provider-id-outside-auth',
      file: 'src/gone.ts',
      scope: 'Gone.run',
      snippet: 'cognitoSub',
    };
    const output = reporters.markdown(
      reportOf([known!, fresh!], {
        baseline: 'authboundary.baseline.json',
        new: [fresh!.fingerprint],
        unchanged: 1,
        fixed: [fixed],
      }),
      { color: false },
    );
    expect(output).toContain('| new (not in the baseline) | 1 |');
    expect(output).toContain('| fixed (still listed in the baseline) | 1 |');
    expect(output).toContain('### New findings (1)');
    expect(output).toContain('`src/a.ts:2:5`');
    expect(output).not.toContain('`src/a.ts:1:5`');
    expect(output).toContain('### Fixed (1)');
    expect(output).toContain('remove them with `authboundary baseline prune`');
    expect(output).toContain('| @org/a | 2 | 1 |');
  });

  it('fences snippets that contain backticks with double backticks', () => {
    const fixed = {
      fingerprint: 'f'.repeat(32),
      rule: 'no-provider-id-outside-auth',
      file: 'src/gone.ts',
      scope: '<module>',
      snippet: '`auth0|${id}`',
    };
    const output = reporters.markdown(
      reportOf([], { baseline: 'authboundary.baseline.json', new: [], unchanged: 0, fixed: [fixed] }),
      { color: false },
    );
    expect(output).toContain('| `` `auth0\\|${id}` `` |');
  });

  it('escapes table cells and caps long listings', () => {
    const findings = findingsIn('src/a.ts', 60, { message: 'a | b\nc' });
    const output = reporters.markdown(reportOf(findings), { color: false });
    expect(output).toContain('a \\| b c');
    expect(output).toContain('… and 10 more.');
  });

  it('a clean scan is a short table', () => {
    expect(reporters.markdown(reportOf([]), { color: false })).not.toContain('###');
    expect(reporters.markdown(reportOf([findingOf()]), { color: false })).toContain('### Findings');
  });
});

describe('markdown format with hostile source text (read by a CommonMark parser)', () => {
  const hostile = [
    'custom:`<img src=x onerror=alert(1)>`',
    '``<script>alert(1)</script>``',
    '` <b>bold</b> `',
    '<a href="javascript:alert(1)">x</a> &lt;img src=x&gt; &amp;',
    '[click](javascript:alert(1)) ![i](http://x/i.png) <http://evil.example>',
    '*em* __strong__ ~~gone~~ $x$ \\`escaped\\` a | b | c',
    'line\nbreak <!-- comment --> <?php ?> <![CDATA[x]]>',
    '```\n<div>fenced</div>\n```',
  ];
  const parser = new MarkdownIt('default', { html: true, linkify: false });
  /** Every token, inline children included. */
  const tokensOf = (markdown: string) =>
    parser.parse(markdown, {}).flatMap((token) => [token, ...(token.children ?? [])]);
  /** The text a cell's inline content shows (text and code spans, escapes resolved). */
  const shown = (token: { children: { type: string; content: string }[] | null }) =>
    (token.children ?? []).map((child) => (child.type === 'softbreak' ? '\n' : child.content)).join('');

  it.each(hostile)('%j never yields raw HTML, a link, an image or emphasis, and reads back as written', (source) => {
    const fixed = {
      fingerprint: 'f'.repeat(32),
      rule: 'no-provider-id-outside-auth',
      file: `src/${source}.ts`,
      scope: `Scope.${source}`,
      snippet: source,
    };
    const findings = [
      findingOf({
        message: `Provider claim \`${source}\` read outside the auth layer.`,
        file: `src/${source}.ts`,
        owners: [`@org/${source}`],
        fingerprint: 'a'.repeat(32),
      }),
    ];
    const report = {
      ...reportOf(findings, {
        baseline: `${source}.json`,
        new: ['a'.repeat(32)],
        unchanged: 0,
        fixed: [fixed],
        changedSince: { ref: source, files: [], newElsewhere: 0 },
      }),
      unscanned: [{ file: `src/${source}.js`, reason: `syntax error at 1:1: ${source}` }],
    };
    const markdown = reporters.markdown(report, { color: false });
    const tokens = tokensOf(markdown);
    expect(
      tokens.filter((token) =>
        [
          'html_inline',
          'html_block',
          'link_open',
          'image',
          'em_open',
          'strong_open',
          's_open',
          'fence',
          'code_block',
        ].includes(token.type),
      ),
    ).toEqual([]);
    expect(parser.render(markdown)).not.toMatch(/<(img|script|a|b|div)\b/);
    // Each piece of source text comes back whole, in one cell (line breaks shown as spaces).
    const flat = source.replace(/\n/g, ' ');
    const cells = tokens.filter((token) => token.type === 'inline').map(shown);
    for (const expected of [
      `Provider claim \`${flat}\` read outside the auth layer.`,
      `src/${flat}.ts:3:5`,
      `Scope.${flat}`,
      flat,
      `@org/${flat}`,
      `syntax error at 1:1: ${flat}`,
      `src/${flat}.js`,
    ]) {
      expect(cells.map((cell) => cell.trim())).toContain(expected.trim());
    }
    expect(
      cells.some((cell) =>
        cell.includes(`Still listed in ${flat}.json; remove them with authboundary baseline prune.`),
      ),
    ).toBe(true);
  });
});
