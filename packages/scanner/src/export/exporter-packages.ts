import { UsageError } from '../usage-error.js';

/**
 * The packages each destination of `export` loads, at the versions this release is tested with.
 * They are optional peer dependencies of the scanner (`peerDependencies` and `peerDependenciesMeta`
 * in its package.json, which a test keeps equal to this list): `scan` and `check` in CI install
 * without them, and whoever exports installs the destination's packages beside the scanner.
 */
export const EXPORTER_PACKAGES = {
  otlp: {
    '@opentelemetry/api': '1.9.1',
    '@opentelemetry/core': '2.12.0',
    '@opentelemetry/exporter-metrics-otlp-http': '0.223.0',
    '@opentelemetry/resources': '2.12.0',
    '@opentelemetry/sdk-metrics': '2.12.0',
  },
  pushgateway: { 'prom-client': '15.1.3' },
} as const satisfies Record<string, Record<string, string>>;

export type ExportDestination = keyof typeof EXPORTER_PACKAGES;

const OPTION_OF: Record<ExportDestination, string> = { otlp: '--otlp', pushgateway: '--pushgateway' };

/** Whether a failed import says that the package itself cannot be found (not one of its own imports). */
function isMissing(error: unknown, name: string): boolean {
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'ERR_MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${name}'`);
}

/**
 * Imports the packages the destinations need and fails, before anything is scanned, with one
 * message naming every missing package and the command that installs them (exit 2, as other
 * problems of the environment the user can fix). Any other import failure is rethrown as it is.
 */
export async function requireExporterPackages(
  destinations: readonly ExportDestination[],
  importPackage: (name: string) => Promise<unknown> = (name) => import(name),
): Promise<void> {
  const missing: { destination: ExportDestination; name: string }[] = [];
  for (const destination of destinations) {
    for (const name of Object.keys(EXPORTER_PACKAGES[destination])) {
      try {
        await importPackage(name);
      } catch (error) {
        if (!isMissing(error, name)) throw error;
        missing.push({ destination, name });
      }
    }
  }
  if (missing.length === 0) return;
  const lacking = destinations.filter((destination) => missing.some((entry) => entry.destination === destination));
  const options = lacking.map((destination) => OPTION_OF[destination]).join(' and ');
  const install = lacking.flatMap((destination) =>
    Object.entries(EXPORTER_PACKAGES[destination]).map(([name, version]) => `${name}@${version}`),
  );
  throw new UsageError(
    `export ${options} ${lacking.length === 1 ? 'needs' : 'need'} packages that are not installed: ` +
      `${missing.map((entry) => entry.name).join(', ')}. They are optional peer dependencies of ` +
      '@authboundary/scanner (scan and check install without them); install them beside the scanner:\n' +
      `  npm install --save-dev ${install.join(' ')}`,
  );
}
