import type { ProviderProfile } from './provider-profile.js';

/**
 * Memoizes what a detector compiles from the configured providers (module lists, call matchers,
 * claim patterns): the provider list object is stable per resolved configuration, so it is the key.
 */
export function perProviderList<T>(
  compile: (providers: readonly ProviderProfile[]) => T,
): (providers: readonly ProviderProfile[]) => T {
  const cache = new WeakMap<readonly ProviderProfile[], T>();
  return (providers) => {
    let compiled = cache.get(providers);
    if (compiled === undefined) {
      compiled = compile(providers);
      cache.set(providers, compiled);
    }
    return compiled;
  };
}
