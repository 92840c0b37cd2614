import { providerProfiles } from '@authboundary/rules';

/** A dependency that names an identity provider's SDK, and the manifest that declares it. */
export interface DetectedProvider {
  readonly provider: string;
  readonly dependency: string;
  readonly manifest: string;
}

export interface ProviderDetection {
  readonly providers: readonly DetectedProvider[];
  /** Dependencies that look like authentication libraries but match no built-in profile (e.g. `better-auth`). */
  readonly unknownAuthDependencies: readonly { dependency: string; manifest: string }[];
}

const dependencyFields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** The npm package a module specifier belongs to (`firebase/auth` → `firebase`, `@aws-amplify/auth` stays). */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Each provider's SDK packages, from the profiles' `sdkModules`. */
function providersByPackage(): Map<string, string[]> {
  const byPackage = new Map<string, string[]>();
  for (const profile of Object.values(providerProfiles)) {
    for (const { module } of profile.sdkModules) {
      const name = packageOf(module);
      const providers = byPackage.get(name) ?? [];
      if (!providers.includes(profile.id)) providers.push(profile.id);
      byPackage.set(name, providers);
    }
  }
  return byPackage;
}

/** Names of packages that are about authentication, for the note on providers the rules do not know. */
const authWords = new Set([
  'auth',
  'oauth',
  'oauth2',
  'oidc',
  'openid',
  'saml',
  'passport',
  'lucia',
  'authjs',
  'nextauth',
  'sso',
]);
const authLike = (dependency: string) =>
  dependency
    .toLowerCase()
    .split(/[@/._-]/)
    .some((word) => authWords.has(word));

/**
 * The identity providers a repository uses, from the dependencies of every `package.json`
 * (`manifests`: path relative to the repository and parsed content). Sorted by provider id.
 */
export function detectProviders(
  manifests: readonly { path: string; content: Record<string, unknown> }[],
): ProviderDetection {
  const byPackage = providersByPackage();
  const providers = new Map<string, DetectedProvider>();
  const unknown = new Map<string, { dependency: string; manifest: string }>();
  for (const { path, content } of manifests) {
    for (const field of dependencyFields) {
      const dependencies = content[field];
      if (dependencies === null || typeof dependencies !== 'object') continue;
      for (const dependency of Object.keys(dependencies)) {
        const ids = byPackage.get(dependency);
        if (ids === undefined) {
          if (authLike(dependency) && !unknown.has(dependency) && !dependency.startsWith('@types/'))
            unknown.set(dependency, { dependency, manifest: path });
          continue;
        }
        for (const provider of ids)
          if (!providers.has(provider)) providers.set(provider, { provider, dependency, manifest: path });
      }
    }
  }
  // `@next-auth/prisma-adapter` belongs to a detected provider (Auth.js), as do this tool's own packages.
  const workspacePackages = new Set(
    manifests.map(({ content }) => content['name']).filter((name) => typeof name === 'string'),
  );
  const known = [...providers.values()].map(({ dependency }) => dependency.replace(/^@/, '').split('/')[0]!);
  const unknownAuthDependencies = [...unknown.values()]
    .filter(
      ({ dependency }) =>
        !dependency.startsWith('@authboundary/') &&
        !workspacePackages.has(dependency) &&
        !known.some((name) => dependency.includes(name)),
    )
    .sort((a, b) => a.dependency.localeCompare(b.dependency));
  return {
    providers: [...providers.values()].sort((a, b) => a.provider.localeCompare(b.provider)),
    unknownAuthDependencies,
  };
}
