import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveConfig } from '@authboundary/rules';
import { scan } from '@authboundary/scanner';
import { describe, expect, it } from 'vitest';
import { discoverFiles, nodeFileSystem, type DiscoveryFileSystem } from '../src/files/discover-files.js';
import { createProject } from './project.js';

const layers = { auth: ['src/auth/**', 'app/.server/**'], domains: { booking: 'src/booking/**' } };

function treeWith(files: Readonly<Record<string, string>>, links: Readonly<Record<string, string>> = {}): string {
  const root = createProject(files, { providers: ['cognito'], layers });
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return root;
}

async function discovered(root: string, fs: DiscoveryFileSystem = nodeFileSystem) {
  const config = resolveConfig({ providers: ['cognito'], layers }, root, 'test');
  const { files, unscanned } = await discoverFiles(config, [root], root, fs);
  return {
    files: files.map((file) => file.path),
    unscanned: Object.fromEntries(unscanned.map((entry) => [entry.file, entry.reason])),
  };
}

describe('discovery: nothing selected is left out in silence', () => {
  it('scans files under dot-directories (Remix / React Router app/.server/), still not .git, node_modules or build output', async () => {
    const root = treeWith({
      'app/.server/session.ts': '',
      'src/booking/.internal/x.ts': '',
      '.git/hooks/x.js': '',
      'node_modules/p/i.js': '',
      '.next/server/a.js': '',
    });
    expect((await discovered(root)).files).toEqual([
      'app/.server/session.ts',
      'src/auth/verify.ts',
      'src/booking/.internal/x.ts',
    ]);
  });

  it.each([
    ['a symbolic link to itself', { 'src/booking/self.ts': 'self.ts' }, 'src/booking/self.ts', /symbolic link loop/],
    [
      'two links pointing at each other',
      { 'src/booking/a.ts': 'b.ts', 'src/booking/b.ts': 'a.ts' },
      'src/booking/a.ts',
      /symbolic link loop/,
    ],
    [
      'a dangling symbolic link',
      { 'src/booking/gone.ts': 'missing.ts' },
      'src/booking/gone.ts',
      /dangling symbolic link/,
    ],
  ])('lists %s as unscanned with its reason', async (_name, links, path, reason) => {
    const root = treeWith({ 'src/booking/real.ts': '' }, links);
    const { files, unscanned } = await discovered(root);
    expect(unscanned[path]).toMatch(reason);
    expect(files).toEqual(['src/auth/verify.ts', 'src/booking/real.ts']);
  });

  it.each([
    ['a link to a file of the root', { 'src/booking/alias.ts': 'real.ts' }],
    ['a directory link back up the tree (where a loop would start)', { 'src/booking/up': '..' }],
    ['a directory link into the tree', { 'src/booking/auth': '../auth' }],
  ])('scans %s once, under its own path', async (_name, links) => {
    const root = treeWith({ 'src/booking/real.ts': '' }, links);
    expect(await discovered(root)).toEqual({ files: ['src/auth/verify.ts', 'src/booking/real.ts'], unscanned: {} });
  });

  it('follows a link to a directory outside the root once, scanning its files under the link', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'authboundary-outside-'));
    writeFileSync(join(outside, 'shared.ts'), '');
    symlinkSync(outside, join(outside, 'again'));
    const root = treeWith({}, { 'src/booking/vendor': outside, 'src/booking/vendor-too': outside });
    const { files, unscanned } = await discovered(root);
    expect(files).toEqual(['src/auth/verify.ts', 'src/booking/vendor/shared.ts']);
    expect(unscanned).toEqual({});
  });

  it('follows a link into a directory the configuration ignores, scanning its files under the link', async () => {
    const root = treeWith({ 'vendor/auth-kit/session.ts': '' }, { 'src/auth/kit': '../../vendor/auth-kit' });
    const config = resolveConfig({ providers: ['cognito'], layers, ignore: ['vendor/**'] }, root, 'test');
    const { files, unscanned } = await discoverFiles(config, [root], root);
    expect(files.map((file) => file.path)).toEqual(['src/auth/kit/session.ts', 'src/auth/verify.ts']);
    expect(unscanned).toEqual([]);
  });

  it('scans a link to a file outside the root under the link path', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'authboundary-outside-'));
    writeFileSync(join(outside, 'claims.ts'), '');
    const root = treeWith({}, { 'src/auth/claims.ts': join(outside, 'claims.ts') });
    expect((await discovered(root)).files).toEqual(['src/auth/claims.ts', 'src/auth/verify.ts']);
  });

  it('ignores links the configuration does not select (no source extension, ignored directory)', async () => {
    const root = treeWith({}, { 'src/booking/README': 'missing', 'node_modules/.bin/tool': 'missing.js' });
    expect((await discovered(root)).unscanned).toEqual({});
  });

  // Injected, because `chmod 000` does not stop root from reading a directory (CI containers run as root).
  it('lists a directory that cannot be read as unscanned with the error', async () => {
    const root = treeWith({ 'src/booking/secret/a.ts': '', 'src/booking/open.ts': '' });
    const failing: DiscoveryFileSystem = {
      ...nodeFileSystem,
      readdir: (path) => {
        if (path === join(root, 'src', 'booking', 'secret'))
          throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        return nodeFileSystem.readdir(path);
      },
    };
    const { files, unscanned } = await discovered(root, failing);
    expect(unscanned).toEqual({ 'src/booking/secret/': 'cannot read directory: EACCES' });
    expect(files).toEqual(['src/auth/verify.ts', 'src/booking/open.ts']);
  });

  it('a layer glob may name a directory the scan reaches only through a link (the glob check sees what the scan sees)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'authboundary-outside-'));
    writeFileSync(join(outside, 'session.ts'), 'export const sub = (claims: { sub: string }) => claims.sub;\n');
    const root = mkdtempSync(join(tmpdir(), 'authboundary-linked-auth-'));
    mkdirSync(join(root, 'src/booking'), { recursive: true });
    writeFileSync(join(root, 'src/booking/real.ts'), '');
    symlinkSync(outside, join(root, 'identity'));
    writeFileSync(
      join(root, 'authboundary.config.json'),
      JSON.stringify({
        providers: ['cognito'],
        layers: { auth: ['identity/**'], domains: { booking: 'src/booking/**' } },
      }),
    );
    const { report } = await scan({ cwd: root, cache: false, concurrency: 1 });
    expect(report.summary).toMatchObject({ filesScanned: 2, filesUnscanned: 0 });
    // A glob that names nothing, linked or not, is still refused.
    writeFileSync(
      join(root, 'authboundary.config.json'),
      JSON.stringify({ providers: ['cognito'], layers: { auth: ['identiy/**'] } }),
    );
    await expect(scan({ cwd: root, cache: false, concurrency: 1 })).rejects.toThrow(
      /the glob "identiy\/\*\*" matches no file/,
    );
  });

  it('a scan reports dot-directory files and counts unscanned links in its summary, in shards and merged alike', async () => {
    const root = treeWith(
      {
        'app/.server/session.ts': 'export const sub = (claims: { sub: string }) => claims.sub;\n',
        'src/booking/real.ts': '',
      },
      { 'src/booking/gone.ts': 'missing.ts', 'src/booking/self.ts': 'self.ts' },
    );
    const { report } = await scan({ cwd: root, cache: false, concurrency: 1 });
    expect(report.summary).toMatchObject({ filesScanned: 3, filesUnscanned: 2 });
    expect(report.unscanned.map((entry) => entry.file)).toEqual(['src/booking/gone.ts', 'src/booking/self.ts']);
    const shards = await Promise.all(
      [1, 2].map((index) => scan({ cwd: root, cache: false, concurrency: 1, shard: { index, count: 2 } })),
    );
    expect(
      shards.reduce((sum, { report: part }) => sum + part.summary.filesUnscanned + part.summary.filesScanned, 0),
    ).toBe(5);
  });

  it('reads .prisma schema files: listed as scanned, one finding per provider-id column, fingerprinted by model and column', async () => {
    const schema = 'model User {\n  id       Int    @id\n  cognitoSub String @unique\n}\n';
    const root = treeWith({
      'app/.server/session.ts': '',
      'src/booking/schema.prisma': schema,
      'src/booking/notes.sql': 'cognito_sub text',
      'src/auth/auth.prisma': schema,
    });
    expect((await discovered(root)).files).toEqual([
      'app/.server/session.ts',
      'src/auth/auth.prisma',
      'src/auth/verify.ts',
      'src/booking/schema.prisma',
    ]);
    const { report } = await scan({ cwd: root, cache: false, concurrency: 1 });
    expect(report.summary).toMatchObject({ filesScanned: 4, filesUnscanned: 0 });
    const columns = report.findings.filter((finding) => finding.messageId === 'providerIdColumn');
    expect(
      columns.map(({ file, line, column, endLine, endColumn, scope, snippet }) => ({
        file,
        line,
        column,
        endLine,
        endColumn,
        scope,
        snippet,
      })),
    ).toEqual([
      {
        file: 'src/booking/schema.prisma',
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 13,
        scope: 'model User',
        snippet: 'cognitoSub',
      },
    ]);
    // A model added above moves the column, never its fingerprint.
    writeFileSync(join(root, 'src/booking/schema.prisma'), `model Booking {\n  id Int @id\n}\n\n${schema}`);
    const { report: moved } = await scan({ cwd: root, cache: false, concurrency: 1 });
    const [after] = moved.findings.filter((finding) => finding.messageId === 'providerIdColumn');
    expect([after?.line, after?.fingerprint]).toEqual([7, columns[0]?.fingerprint]);
  });
});
