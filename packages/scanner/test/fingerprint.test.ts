import { normalizedTextOf, scan, scopeOf } from '@authboundary/scanner';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ScopeIndex } from '../src/fingerprint/scope-of.js';
import { createProject, writeProjectFiles } from './project.js';

const SERVICE = 'src/booking/booking.service.ts';

const original = `export class BookingService {
  request(claims: { sub: string }) {
    const owner = claims.sub;
    return { cognitoSub: owner, again: claims.sub };
  }
}

export function audit(payload: Record<string, string>) {
  return payload['cognito:username'];
}
`;

async function fingerprints(directory: string): Promise<string[]> {
  const { report } = await scan({ cwd: directory });
  return report.findings.map((finding) => finding.fingerprint).sort();
}

async function fingerprintsOf(files: Readonly<Record<string, string>>): Promise<string[]> {
  return fingerprints(createProject(files));
}

describe('fingerprints survive unrelated edits', () => {
  const unrelatedEdits: [string, string][] = [
    ['lines added above', `import { z } from 'zod';\n\n// Booking rules live here.\nconst LIMIT = 3;\n\n${original}`],
    [
      'the function moved above the class',
      `export function audit(payload: Record<string, string>) {\n  return payload['cognito:username'];\n}\n\nexport class BookingService {\n  request(claims: { sub: string }) {\n    const owner = claims.sub;\n    return { cognitoSub: owner, again: claims.sub };\n  }\n}\n`,
    ],
    [
      'reformatted: indentation, line breaks, quotes, semicolons, trailing commas',
      `export class BookingService {
    request(claims: { sub: string }) {
        const owner = claims
            .sub
        return {
            cognitoSub: owner,
            again: claims.sub,
        }
    }
}
export function audit(payload: Record<string, string>) { return payload["cognito:username"] }
`,
    ],
    [
      'comments added inside the matched code',
      original.replace('const owner = claims.sub;', 'const owner = claims /* verified upstream */ .sub;'),
    ],
    ['a local variable renamed', original.replace(/owner/g, 'bookedBy')],
    [
      'another method added to the class',
      original.replace(
        'export class BookingService {\n',
        'export class BookingService {\n  cancel(id: string) {\n    return id;\n  }\n\n',
      ),
    ],
  ];
  it.each(unrelatedEdits)('%s', async (_edit, edited) => {
    expect(await fingerprintsOf({ [SERVICE]: edited })).toEqual(await fingerprintsOf({ [SERVICE]: original }));
  });
});

describe('fingerprints change when what identifies the finding changes', () => {
  const identifyingEdits: [string, Readonly<Record<string, string>>, number][] = [
    [
      'the enclosing method renamed (its three findings)',
      { [SERVICE]: original.replace('request(', 'requestBooking(') },
      3,
    ],
    [
      'the enclosing class renamed (its three findings)',
      { [SERVICE]: original.replace('class BookingService', 'class Bookings') },
      3,
    ],
    ['the file renamed (every finding)', { 'src/booking/bookings.ts': original }, 4],
    [
      'the matched text changed (one finding)',
      {
        [SERVICE]: original
          .replace('audit(payload:', 'audit(event:')
          .replace("payload['cognito:username']", "event['cognito:username']"),
      },
      1,
    ],
    [
      'only code outside the match changed (no finding)',
      {
        [SERVICE]: original.replace(
          "return payload['cognito:username'];",
          "return payload['cognito:username'].trim();",
        ),
      },
      0,
    ],
  ];
  it.each(identifyingEdits)('%s', async (_edit, files, changed) => {
    const before = await fingerprintsOf({ [SERVICE]: original });
    const after = await fingerprintsOf(files);
    expect(after).toHaveLength(before.length);
    expect(after.filter((fingerprint) => !before.includes(fingerprint))).toHaveLength(changed);
  });
});

it('identical matches in one scope get distinct fingerprints by occurrence index', async () => {
  const directory = createProject({ [SERVICE]: original });
  const { report } = await scan({ cwd: directory });
  const claimReads = report.findings.filter(
    (finding) => finding.scope === 'BookingService.request' && finding.snippet === 'claims.sub',
  );
  expect(claimReads).toHaveLength(2);
  expect(new Set(claimReads.map((finding) => finding.fingerprint)).size).toBe(2);
});

it('deleting the first of two identical matches leaves the fingerprint of occurrence 0, the other one becomes fixed', async () => {
  const directory = createProject({ [SERVICE]: original });
  const before = await fingerprints(directory);
  writeProjectFiles(directory, {
    [SERVICE]: original.replace('const owner = claims.sub;', "const owner = 'unknown';"),
  });
  const after = await fingerprints(directory);
  expect(after).toHaveLength(before.length - 1);
  expect(after.every((fingerprint) => before.includes(fingerprint))).toBe(true);
});

describe('scopeOf names the enclosing declarations, outermost first', () => {
  const cases: [string, string, string][] = [
    ['a method of a class', 'class A { run() { return MARK; } }', 'A.run'],
    ['a constructor', 'class A { constructor() { this.x = MARK; } }', 'A.constructor'],
    ['a class property', 'class A { field = MARK; }', 'A.field'],
    ['a function holding an arrow in a local', 'function f() { const g = () => MARK; }', 'f.g'],
    ['a local variable that holds data is not a scope', 'function f() { const data = { v: MARK }; }', 'f'],
    ['a top-level constant', 'export const CONFIG = { v: MARK };', 'CONFIG'],
    [
      'an object-literal method and a function-valued property',
      'export const handlers = { get() { return MARK; }, post: () => MARK2 };',
      'handlers.get',
    ],
    [
      'an anonymous callback belongs to its enclosing function',
      'function f(list: number[]) { list.map((x) => MARK); }',
      'f',
    ],
    ['an interface property', 'interface User { id: MARK; }', 'User.id'],
    ['a namespace', 'namespace Legacy { export function load() { return MARK; } }', 'Legacy.load'],
    ['a default-exported anonymous function', 'export default function () { return MARK; }', 'default'],
    ['the top level of the file', 'console.log(MARK);', '<module>'],
  ];
  it.each(cases)('%s', (_case, code, scope) => {
    const sourceFile = ts.createSourceFile('/x.ts', code, ts.ScriptTarget.Latest, true);
    const start = code.indexOf('MARK');
    expect(scopeOf(sourceFile, start, start + 4)).toBe(scope);
  });
});

describe('normalizedTextOf spells tokens canonically', () => {
  const same: [string, string, string][] = [
    ['whitespace and line breaks', 'claims\n    .sub', 'claims.sub'],
    ['quote style', "payload['cognito:username']", 'payload["cognito:username"]'],
    ['comments', 'claims /* why */ .sub // trailing', 'claims.sub'],
    ['trailing commas and semicolons', 'f(a, b,);', 'f(a,b)'],
    ['template literals with substitutions', '`auth0|${ id }`', '`auth0|${id}`'],
    ['words stay apart', 'typeof   value', 'typeof value'],
  ];
  it.each(same)('%s', (_case, text, normalized) => {
    expect(normalizedTextOf(text)).toBe(normalized);
  });
  it('keeps different code different', () => {
    expect(normalizedTextOf('claims.sub')).not.toBe(normalizedTextOf('claims.oid'));
    expect(normalizedTextOf("'a b'")).not.toBe(normalizedTextOf("'ab'"));
  });
});

it('a file has the same fingerprints whichever other files are scanned with it', async () => {
  const directory = createProject({ [SERVICE]: original, 'src/payment/payment.ts': original });
  const alone = (await scan({ cwd: directory, paths: [SERVICE] })).report.findings.map(
    (finding) => finding.fingerprint,
  );
  const together = (await scan({ cwd: directory })).report.findings
    .filter((finding) => finding.file === SERVICE)
    .map((finding) => finding.fingerprint);
  expect(alone).toHaveLength(4);
  expect(together).toEqual(alone);
});

describe('the scopes of a file with a finding in every function', () => {
  /** `count` functions, each with one match, and the ranges of the matches. */
  const generated = (count: number) => {
    const code = Array.from(
      { length: count },
      (_, index) =>
        `export function handler${index}(event: { id: string }) {\n  const pool = "eu-west-1_AbCdEfGhI";\n  return { pool, id: event.id };\n}\n`,
    ).join('\n');
    const sourceFile = ts.createSourceFile('/src/generated.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const ranges = [...code.matchAll(/"eu-west-1_AbCdEfGhI"/g)].map((match) => ({
      start: match.index,
      end: match.index + match[0].length,
    }));
    let nodes = 0;
    const count_ = (node: ts.Node): void => {
      nodes++;
      node.forEachChild(count_);
    };
    count_(sourceFile);
    return { sourceFile, ranges, nodes };
  };

  it('are found in one pass over the file, not one per finding', () => {
    const visitsOf = (count: number) => {
      const { sourceFile, ranges, nodes } = generated(count);
      const index = new ScopeIndex(sourceFile);
      expect(ranges.map(({ start, end }) => index.scopeOf(start, end))).toEqual(
        ranges.map((_, position) => `handler${position}`),
      );
      expect(index.visits).toBeLessThanOrEqual(nodes);
      return index.visits;
    };
    const small = visitsOf(500);
    // Twice the functions (and findings): twice the visits; a walk from the top per finding makes it four times.
    expect(visitsOf(1_000) / small).toBeLessThan(2.05);
  });

  it('are found from the same nodes as a walk from the top per range', () => {
    const { sourceFile, ranges } = generated(20);
    const index = new ScopeIndex(sourceFile);
    const code = sourceFile.text;
    // Every token's range, including empty ranges at token boundaries.
    const probes = [...code.matchAll(/[\w"]+/g)].flatMap((match) => [
      { start: match.index, end: match.index + match[0].length },
      { start: match.index, end: match.index },
    ]);
    for (const { start, end } of [...ranges, ...probes])
      expect(index.innermostNodeAt(start, end)).toBe(innermostByWalk(sourceFile, start, end));
  });
});

/** The innermost node around a range found as the first release did: a walk from the top of the file per range. */
function innermostByWalk(sourceFile: ts.SourceFile, start: number, end: number): ts.Node {
  let current: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = current.forEachChild((candidate) =>
      candidate.getStart(sourceFile) <= start && end <= candidate.getEnd() ? candidate : undefined,
    );
    if (child === undefined) return current;
    current = child;
  }
}
