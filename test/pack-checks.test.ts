import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as packScript from '../scripts/pack.mjs';

const { problemsOf } = packScript as {
  problemsOf: (tarball: string) => { name: string; files: string[]; problems: string[] };
};

/** A tarball laid out as npm packs one (`package/…`). */
function tarball(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'authboundary-pack-check-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'package', path)), { recursive: true });
    writeFileSync(join(root, 'package', path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  execFileSync('tar', ['-czf', join(root, 'out.tgz'), '-C', root, 'package']);
  return join(root, 'out.tgz');
}

const manifest = {
  name: '@authboundary/x',
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  files: ['dist', 'src'],
};

describe('scripts/pack.mjs: what a tarball must and must not carry', () => {
  it('accepts a complete tarball', () => {
    const complete = tarball({
      'package.json': manifest,
      'README.md': '# x\n',
      LICENSE: 'MIT\n',
      'dist/index.js': 'export {};\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': { version: 3, sources: ['../src/index.ts'], mappings: '' },
      'dist/index.d.ts': 'export {};\n',
      'src/index.ts': 'export {};\n',
    });
    expect(problemsOf(complete).problems).toEqual([]);
    const withBin = tarball({
      'package.json': { ...manifest, bin: { x: './bin/x.js' } },
      'README.md': '# x\n',
      LICENSE: 'MIT\n',
      'bin/x.js':
        "import { current } from './current.js';\nawait import(current() ? '../dist/bundle/cli.js' : '../dist/cli.js');\n",
      'bin/current.js': 'export const current = () => true;\n',
      'dist/index.js': 'export {};\n',
      'dist/index.d.ts': 'export {};\n',
      'dist/cli.js': 'export {};\n',
      'dist/bundle/cli.js': 'export {};\n',
      'src/index.ts': 'export {};\n',
    });
    expect(problemsOf(withBin).problems).toEqual([]);
  });

  it('names every problem: build leftovers, a map without its source, a missing map, export or files entry, an unresolved workspace range, a module a bin runs', () => {
    const broken = tarball({
      'bin/x.js': "await import(process.env.X ? '../dist/bundle/cli.js' : '../dist/cli.js');\n",
      'package.json': {
        ...manifest,
        bin: { x: './bin/x.js' },
        files: ['dist', 'schema.json'],
        dependencies: { '@authboundary/rules': 'workspace:*' },
      },
      'README.md': '# x\n',
      'dist/.tsbuildinfo': '{}',
      'dist/index.js': 'export {};\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': { version: 3, sources: ['../src/index.ts'], mappings: '' },
      'dist/other.js': 'export {};\n//# sourceMappingURL=other.js.map\n',
      'dist/index.test.js': 'test();\n',
    });
    expect(problemsOf(broken).problems.sort()).toEqual(
      [
        'LICENSE is missing',
        'dist/.tsbuildinfo must not be published',
        'dist/index.test.js must not be published',
        '"files" entry "schema.json" matches nothing in the tarball',
        '"./dist/index.d.ts" (exports or bin) is not in the tarball',
        'dependencies.@authboundary/rules is still "workspace:*"',
        'dist/index.js.map: its source src/index.ts is not in the tarball',
        'dist/other.js: its source map dist/other.js.map is not in the tarball',
        'bin/x.js: the module dist/bundle/cli.js it runs is not in the tarball',
        'bin/x.js: the module dist/cli.js it runs is not in the tarball',
      ].sort(),
    );
  });
});
