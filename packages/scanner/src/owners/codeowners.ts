import picomatch from 'picomatch';

/** One rule of a CODEOWNERS file: a pattern and its owners (none: the files are unowned). */
export interface CodeownersRule {
  readonly line: number;
  readonly pattern: string;
  readonly owners: readonly string[];
  readonly matches: (repositoryPath: string) => boolean;
}

/** A line the code host would reject; it is skipped, as the host skips it. */
export interface CodeownersProblem {
  readonly line: number;
  readonly message: string;
}

export interface Codeowners {
  readonly rules: readonly CodeownersRule[];
  readonly problems: readonly CodeownersProblem[];
  /** Owners of a path relative to the repository root (forward slashes): the last matching rule wins. */
  ownersOf(repositoryPath: string): readonly string[];
}

const OWNER = /^(@[\w.-]+(\/[\w.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** Splits a line at unescaped whitespace (`\ ` keeps a space inside a path) and drops its comment. */
function fieldsOf(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index]!;
    if (character === '\\' && index + 1 < line.length) {
      current += character + line[index + 1]!;
      index += 1;
    } else if (character === '#' && current === '') {
      break;
    } else if (/\s/.test(character)) {
      if (current !== '') fields.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  if (current !== '') fields.push(current);
  return fields;
}

/**
 * The globs a CODEOWNERS pattern stands for, with the host's semantics (gitignore-like):
 * a leading or inner `/` anchors it to the repository root, otherwise it matches at any depth;
 * a trailing `/` means everything below a directory; `dir/*` matches direct children only;
 * any other pattern matches a file or everything below a directory of that name.
 */
export function globsOfPattern(pattern: string): string[] {
  const directoryOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  const anchored = pattern.startsWith('/') || body.includes('/');
  const base = anchored || body.startsWith('**/') ? body : `**/${body}`;
  if (directoryOnly) return [`${base}/**`];
  if (body.endsWith('/*')) return [base];
  return [base, `${base}/**`];
}

/** Parses a CODEOWNERS file. Lines the host does not support are reported and skipped. */
export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const [pattern, ...owners] = fieldsOf(raw);
    if (pattern === undefined) return;
    if (pattern.startsWith('!'))
      return void problems.push({ line, message: `negated pattern "${pattern}" is not supported by CODEOWNERS` });
    if (/(^|[^\\])\[/.test(pattern))
      return void problems.push({ line, message: `character range in "${pattern}" is not supported by CODEOWNERS` });
    const invalid = owners.filter((owner) => !OWNER.test(owner));
    if (invalid.length > 0)
      return void problems.push({
        line,
        message: `expected owners as @user, @org/team or an e-mail address, got ${invalid.map((owner) => `"${owner}"`).join(', ')}`,
      });
    rules.push({ line, pattern, owners, matches: picomatch(globsOfPattern(pattern), { dot: true }) });
  });
  return {
    rules,
    problems,
    ownersOf(repositoryPath) {
      for (let index = rules.length - 1; index >= 0; index -= 1) {
        if (rules[index]!.matches(repositoryPath)) return rules[index]!.owners;
      }
      return [];
    },
  };
}
