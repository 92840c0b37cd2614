import type { SdkModule } from './provider-profile.js';

/**
 * SDK modules as listed in the IdP catalogue (`sdkPackages`), each checked against the npm registry's
 * package list (name and publisher's summary): the registry page is the source.
 */
export function npmModules(...modules: string[]): SdkModule[] {
  return modules.map((module) => ({ module, source: `https://www.npmjs.com/package/${module}`, status: 'confirmed' }));
}
