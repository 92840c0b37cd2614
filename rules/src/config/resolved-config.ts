import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { ConfigurableRule } from '../rule-basics.js';
import type { FileContext } from '../layers.js';
import type { IdentifierValue, ProviderProfile } from '../providers/index.js';
import { providerProfiles } from '../providers/index.js';
import { wordsOf } from '../syntax/words.js';
import { withLiteralRouteSegments } from './route-segments.js';
import type { ConfigData, Severity } from './schema.js';

/** A rule's effective setting in this configuration. */
export interface RuleSetting {
  readonly severity: Severity;
  /** Options as written in the configuration (validated against the rule's schema). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A validated configuration with everything the hosts and detectors need precomputed. */
export interface ResolvedConfig {
  /** Absolute directory that globs and reported paths are relative to. */
  readonly root: string;
  /** The file it came from, or null for inline settings and defaults. */
  readonly configPath: string | null;
  readonly data: ConfigData;
  /** Profiles of the configured providers (built-in and custom). */
  readonly providers: readonly ProviderProfile[];
  /** Stable hash of the configuration's content (cache keys, history records). */
  readonly hash: string;
  /** Layer and module of a file given relative to `root` with forward slashes; null when ignored. */
  classify(relativePath: string): FileContext | null;
  ruleSetting(rule: ConfigurableRule): RuleSetting;
}

/**
 * Globs every scan and lint leaves out, whatever `ignore` says: dependencies (`node_modules`, Yarn's
 * `.yarn` and `.pnp.*`), git internals and build output (which would repeat every finding of its
 * sources). Dot-directories are otherwise looked at like any other (`app/.server/`), so the build
 * directories that frameworks hide behind a dot are listed here.
 */
export const alwaysIgnored: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.yarn/**',
  '**/.pnp.*',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.turbo/**',
  '**/.svelte-kit/**',
  '**/.nuxt/**',
  '**/.output/**',
  '**/.vercel/**',
];

export function toGlobList(globs: string | readonly string[] | undefined): string[] {
  if (globs === undefined) return [];
  return typeof globs === 'string' ? [globs] : [...globs];
}

/** A matcher of user-written globs, route groups and dynamic segments taken literally (`withLiteralRouteSegments`). */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  return picomatch(globs.map(withLiteralRouteSegments), { dot: true });
}

function customProfile(provider: ConfigData['customProviders'][number]): ProviderProfile {
  const source = provider.source ?? 'authboundary.config.json (customProviders)';
  return {
    id: provider.id,
    name: provider.name,
    nameWords: provider.nameWords.map((name) => wordsOf(name)).filter((words) => words.length > 0),
    identifierClaims: provider.identifierClaims.map((claim) => ({ claim, source, status: 'confirmed' as const })),
    identifierValues: provider.identifierValues.map((value): IdentifierValue =>
      'regex' in value
        ? { kind: 'regex', pattern: value.regex, shape: value.shape, source, status: 'confirmed' }
        : { kind: 'prefix', prefix: value.prefix, shape: value.shape, source, status: 'confirmed' },
    ),
    sdkModules: provider.sdkModules.map((module) => ({ module, source, status: 'confirmed' as const })),
    remoteVerificationCalls: provider.remoteVerificationCalls.map((call) => ({
      ...call,
      source,
      status: 'confirmed' as const,
    })),
    authzClaims: provider.authzClaims.map((claim) => ({ ...claim, source, status: 'confirmed' as const })),
    authzWrites: provider.authzWrites.map((call) => ({ ...call, source, status: 'confirmed' as const })),
    identitySources: provider.identitySources.map((entry) => ({ ...entry, source, status: 'confirmed' as const })),
  };
}

/** JSON with sorted keys, so equal configurations hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function createResolvedConfig(data: ConfigData, root: string, configPath: string | null): ResolvedConfig {
  const custom = data.customProviders.map(customProfile);
  const all = new Map<string, ProviderProfile>(
    [...Object.values(providerProfiles), ...custom].map((profile) => [profile.id, profile]),
  );
  const providers = (data.providers ?? [...all.keys()]).map((id) => all.get(id)!);

  const isIgnored = globMatcher([...alwaysIgnored, ...data.ignore]);
  const isAuth = globMatcher(toGlobList(data.layers.auth));
  const bffGlobs = toGlobList(data.layers.bff);
  const isBff = bffGlobs.length > 0 ? globMatcher(bffGlobs) : () => false;
  const domains = Object.entries(data.layers.domains).map(([name, globs]) => ({
    name,
    matches: globMatcher(toGlobList(globs)),
  }));
  const classifications = new Map<string, FileContext | null>();

  return {
    root,
    configPath,
    data,
    providers,
    hash: createHash('sha256').update(canonicalJson({ data, custom })).digest('hex').slice(0, 16),
    classify(path) {
      let context = classifications.get(path);
      if (context !== undefined) return context;
      if (isIgnored(path)) context = null;
      else if (isAuth(path)) context = { path, layer: 'auth', module: 'auth' };
      else if (isBff(path)) context = { path, layer: 'bff', module: 'bff' };
      else {
        const domain = domains.find((candidate) => candidate.matches(path));
        context = domain ? { path, layer: 'domain', module: domain.name } : { path, layer: 'unassigned', module: null };
      }
      classifications.set(path, context);
      return context;
    },
    ruleSetting(rule) {
      const entry = (data.rules as Record<string, unknown>)[rule.id];
      const presetSeverity: Severity = data.preset === 'strict' || rule.meta.preset === 'recommended' ? 'error' : 'off';
      if (entry === undefined) return { severity: presetSeverity, options: {} };
      if (typeof entry === 'string') return { severity: entry as Severity, options: {} };
      const [severity, options] = entry as [Severity, Record<string, unknown>?];
      return { severity, options: options ?? {} };
    },
  };
}
