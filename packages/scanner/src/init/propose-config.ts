import { providerProfiles } from '@authboundary/rules';
import picomatch from 'picomatch';
import { SOURCE_EXTENSIONS } from '../files/discover-files.js';
import { detectProviders, packageOf, type ProviderDetection } from './detect-providers.js';

/** What `init` looks at: every file of the repository (relative, forward slashes) and a reader. */
export interface RepositorySnapshot {
  readonly files: readonly string[];
  readonly read: (path: string) => string;
}

/** A proposed glob and why it was proposed (printed for the user to judge). */
export interface ProposedGlob {
  readonly glob: string;
  readonly reason: string;
}

export interface ConfigProposal {
  readonly detection: ProviderDetection;
  readonly auth: readonly ProposedGlob[];
  readonly bff: readonly ProposedGlob[];
  readonly domains: readonly (ProposedGlob & { name: string })[];
  readonly ignore: readonly (ProposedGlob & { files: number })[];
  /** Manifests that could not be parsed (their dependencies were not read). */
  readonly unreadableManifests: readonly string[];
}

const sourceExtension = new RegExp(
  `(${SOURCE_EXTENSIONS.map((extension) => extension.replace('.', '\\.')).join('|')})$`,
);
const isSource = (path: string) => sourceExtension.test(path);
const dirnameOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const basenameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const stemOf = (path: string) => basenameOf(path).replace(sourceExtension, '').replace(/\.d$/, '');
const within = (directory: string, path: string) =>
  directory === '' || path === directory || path.startsWith(`${directory}/`);
const join = (directory: string, path: string) => (directory === '' ? path : `${directory}/${path}`);

/** Directory names that hold the auth layer. */
const authDirectoryNames = new Set(['auth', 'authentication', '(auth)', '.auth']);
/** File stems of auth modules (`lib/auth.ts`, `app/session.server.ts`, `auth.config.ts`). */
const authFileStem = /^(auth|authentication|session)(\.server|\.config|-options|\.options)?$/;
/** Directories that group modules of a single application. */
const moduleParents = new Set(['modules', 'domains', 'features']);
/** Workspace directories that hold tooling rather than product code. */
const toolingDirectories = new Set(['tooling', 'tools', 'config', 'configs', 'scripts']);
/** Test, story and mock files: proposed for `ignore` when the repository has any. */
const ignoreCandidates = [
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/*.stories.*',
  '**/cypress/**',
  '**/e2e/**',
  '**/mocks/**',
  '**/test/**',
  '**/tests/**',
];

/** Directory names that stand for a detected provider (`integrations/supabase/`, `lib/cognito/`, `next-auth/`). */
function providerDirectoryNames(detection: ProviderDetection): Set<string> {
  const names = new Set<string>();
  for (const { provider } of detection.providers) {
    names.add(provider);
    for (const { module } of providerProfiles[provider]?.sdkModules ?? []) {
      const name = packageOf(module);
      if (!name.startsWith('@')) names.add(name);
    }
  }
  return names;
}

/** Whether a module's first statement is the `'use server'` directive (after comments). */
function startsWithUseServer(text: string): boolean {
  let rest = text.trimStart();
  for (;;) {
    if (rest.startsWith('//')) rest = rest.slice(rest.includes('\n') ? rest.indexOf('\n') : rest.length).trimStart();
    else if (rest.startsWith('/*'))
      rest = rest.slice(rest.includes('*/') ? rest.indexOf('*/') + 2 : rest.length).trimStart();
    else break;
  }
  return /^['"]use server['"]/.test(rest);
}

/** Adds a glob unless one already in the list covers it; drops those it covers. */
function addCollapsed(list: ProposedGlob[], glob: string, reason: string): void {
  const directory = glob.endsWith('/**') ? glob.slice(0, -3) : null;
  const covers = (outer: string, inner: string) =>
    outer.endsWith('/**') && within(outer.slice(0, -3), inner.endsWith('/**') ? inner.slice(0, -3) : inner);
  if (list.some((entry) => entry.glob === glob || covers(entry.glob, glob))) return;
  if (directory !== null)
    for (let index = list.length - 1; index >= 0; index--) if (covers(glob, list[index]!.glob)) list.splice(index, 1);
  list.push({ glob, reason });
}

/** Proposes providers, layers and ignores for a repository from its manifests and layout. */
export function proposeConfig(repository: RepositorySnapshot): ConfigProposal {
  const files = [...repository.files].sort();
  const unreadableManifests: string[] = [];
  const manifests = files
    .filter((path) => basenameOf(path) === 'package.json')
    .flatMap((path) => {
      try {
        const content = JSON.parse(repository.read(path)) as unknown;
        if (content !== null && typeof content === 'object' && !Array.isArray(content))
          return [{ path, content: content as Record<string, unknown> }];
      } catch {
        // Listed below: the user is told which manifest was not read.
      }
      unreadableManifests.push(path);
      return [];
    });
  const detection = detectProviders(manifests);
  const packages = manifests.map(({ path, content }) => ({
    directory: dirnameOf(path),
    dependencies: new Set(
      ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((field) =>
        Object.keys((content[field] as Record<string, unknown> | undefined) ?? {}),
      ),
    ),
  }));
  const ignoreMatchers = ignoreCandidates.map((glob) => ({ glob, matches: picomatch(glob, { dot: true }) }));
  const isIgnoredCandidate = (path: string) => ignoreMatchers.some(({ matches }) => matches(path));
  const sources = files.filter((path) => isSource(path) && !isIgnoredCandidate(path));
  const sourceSet = new Set(sources);
  const hasSourceUnder = (directory: string) => sources.some((path) => within(directory, path));

  const auth: ProposedGlob[] = [];
  const providerDirectories = providerDirectoryNames(detection);
  for (const path of sources) {
    const segments = path.split('/');
    let covered = false;
    for (let depth = 1; depth < segments.length && !covered; depth++) {
      const name = segments[depth - 1]!;
      const directory = segments.slice(0, depth).join('/');
      if (authDirectoryNames.has(name)) {
        addCollapsed(auth, `${directory}/**`, `a directory named "${name}"`);
        covered = true;
      } else if (providerDirectories.has(name)) {
        addCollapsed(auth, `${directory}/**`, `a directory named after the provider's SDK "${name}"`);
        covered = true;
      }
    }
    const stem = stemOf(path);
    if (covered) continue;
    if (authFileStem.test(stem) || stem.split(/[-_.]/).includes('auth'))
      addCollapsed(auth, path, `an auth module ("${basenameOf(path)}")`);
    else if (providerDirectories.has(stem))
      addCollapsed(auth, path, `a module named after the provider's SDK "${stem}"`);
  }
  for (const { directory, dependencies } of packages) {
    if (!dependencies.has('next')) continue;
    for (const candidate of ['middleware', 'src/middleware']) {
      for (const extension of ['.ts', '.js']) {
        const path = join(directory, `${candidate}${extension}`);
        if (sourceSet.has(path))
          addCollapsed(auth, path, 'Next.js middleware (runs before every request: authentication)');
      }
    }
  }

  const bff: ProposedGlob[] = [];
  for (const { directory, dependencies } of packages) {
    if (dependencies.has('next')) {
      for (const app of ['app', 'src/app'])
        if (hasSourceUnder(join(directory, app)))
          addCollapsed(bff, `${join(directory, app)}/**`, 'Next.js App Router (pages, layouts, route handlers)');
      for (const api of ['pages/api', 'src/pages/api'])
        if (hasSourceUnder(join(directory, api))) addCollapsed(bff, `${join(directory, api)}/**`, 'Next.js API routes');
    }
    const remix = [...dependencies].some(
      (name) => name.startsWith('@remix-run/') || name === 'react-router' || name.startsWith('@react-router/'),
    );
    if (remix && hasSourceUnder(join(directory, 'app/routes')))
      addCollapsed(bff, `${join(directory, 'app/routes')}/**`, 'Remix / React Router routes (loaders and actions)');
  }
  for (const path of sources) {
    const text = repository.read(path);
    if (/from\s+['"]@trpc\/server['"]/.test(text) && /\b(initTRPC|createTRPCRouter|router)\b/.test(text)) {
      addCollapsed(bff, `${dirnameOf(path)}/**`, 'tRPC routers and procedures');
    } else if (startsWithUseServer(text)) {
      addCollapsed(bff, path, 'server actions ("use server")');
    }
  }

  const isAuth = picomatch(
    auth.map(({ glob }) => glob),
    { dot: true },
  );
  const isBff = picomatch(bff.length > 0 ? bff.map(({ glob }) => glob) : ['\0'], { dot: true });
  const unlayered = (path: string) => !isAuth(path) && !isBff(path);
  const domains: (ProposedGlob & { name: string })[] = [];
  const addDomain = (name: string, directory: string, reason: string) => {
    if (!sources.some((path) => within(directory, path) && unlayered(path))) return;
    if (domains.some((domain) => domain.glob === `${directory}/**`)) return;
    const taken = new Set(domains.map((domain) => domain.name));
    let unique = name;
    for (let index = 2; taken.has(unique); index++) unique = `${name}-${index}`;
    domains.push({ name: unique, glob: `${directory}/**`, reason });
  };
  // Workspace packages, when the root declares a workspace (pnpm-workspace.yaml, `workspaces`).
  const rootManifest = manifests.find(({ path }) => path === 'package.json')?.content;
  const isWorkspace = files.includes('pnpm-workspace.yaml') || rootManifest?.['workspaces'] !== undefined;
  for (const { directory } of isWorkspace ? packages : []) {
    if (directory === '') continue;
    const segments = directory.split('/');
    if (segments.includes('apps') || segments.some((segment) => toolingDirectories.has(segment))) continue;
    // A package's sources: `src/` when it has one (its root holds configuration files).
    addDomain(
      segments[segments.length - 1]!,
      hasSourceUnder(`${directory}/src`) ? `${directory}/src` : directory,
      'a workspace package',
    );
  }
  const moduleDirectories = new Set<string>();
  for (const path of sources) {
    const segments = path.split('/');
    for (let depth = 2; depth < segments.length; depth++) {
      if (moduleParents.has(segments[depth - 2]!)) moduleDirectories.add(segments.slice(0, depth).join('/'));
    }
  }
  for (const directory of [...moduleDirectories].sort()) {
    if (domains.some((domain) => within(domain.glob.slice(0, -3), directory))) continue;
    addDomain(basenameOf(directory), directory, `a module directory under "${basenameOf(dirnameOf(directory))}/"`);
  }

  const ignore = ignoreMatchers
    .map(({ glob, matches }) => ({
      glob,
      reason: 'tests, stories and mocks',
      files: files.filter((path) => isSource(path) && matches(path)).length,
    }))
    .filter(({ files: count }) => count > 0);

  return { detection, auth, bff, domains, ignore, unreadableManifests };
}

/** The configuration a proposal stands for, with `$schema` for editors. */
export function configOf(proposal: ConfigProposal): Record<string, unknown> {
  const globs = (list: readonly ProposedGlob[]) => (list.length === 1 ? list[0]!.glob : list.map(({ glob }) => glob));
  const layers: Record<string, unknown> = { auth: globs(proposal.auth) };
  if (proposal.bff.length > 0) layers['bff'] = globs(proposal.bff);
  if (proposal.domains.length > 0)
    layers['domains'] = Object.fromEntries(proposal.domains.map(({ name, glob }) => [name, glob]));
  return {
    $schema: './node_modules/@authboundary/scanner/schema.json',
    ...(proposal.detection.providers.length > 0
      ? { providers: [...new Set(proposal.detection.providers.map(({ provider }) => provider))] }
      : {}),
    layers,
    ...(proposal.ignore.length > 0 ? { ignore: proposal.ignore.map(({ glob }) => glob) } : {}),
  };
}
