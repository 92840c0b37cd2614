import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildIdentityMap } from '../map/identity-map.js';
import { joinObserved, readObservedSpans } from '../map/observed-spans.js';
import { mapFormatNames, mapFormats, type MapFormatName } from '../outputs/index.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { ExitCode, type CommandContext } from './context.js';
import {
  addPerformanceOptions,
  configOption,
  endProgress,
  formatOption,
  outputOption,
  scanOptionsOf,
  type PerformanceOptions,
} from './options.js';
import { reportWarnings } from './write-report.js';

interface MapOptions extends PerformanceOptions {
  config?: string;
  format: MapFormatName;
  output?: string;
  observed?: string;
}

/** `authboundary map`: the identity surface of the scanned files. */
export function addMapCommand(program: Command, { io, setExitCode }: CommandContext): void {
  const command = program
    .command('map')
    .description(
      'List the identity surface: token verifications, authorization decisions (instrumented or not), provider SDK imports and calls, BFF handlers and the domains they compose, machine credentials (exit 0, or 2 usage or configuration error; files that could not be scanned are named on stderr).',
    )
    .argument('[paths...]', 'files or directories (default: the configuration directory)')
    .addOption(configOption())
    .addOption(formatOption(mapFormatNames))
    .addOption(outputOption('map'))
    .option(
      '--observed <file>',
      'join spans exported by @authboundary/telemetry (OTLP JSON, as the Collector file exporter writes it): marks each decision site observed or not and lists run-time decision points the map does not know',
    );
  addPerformanceOptions(command).action(async (paths: string[], options: MapOptions) => {
    const scanOptions = scanOptionsOf(paths, options, io);
    const { scan } = await import('./run-scan.js');
    const result = await scan(scanOptions);
    endProgress(io, scanOptions);
    reportWarnings(io, result);
    for (const file of result.report.unscanned)
      io.stderr(`warning: not scanned, its sites are missing from the map: ${file.file}: ${file.reason}\n`);
    let map = buildIdentityMap(result.config.root, result.sites, result.report.findings, result.report.unscanned);
    if (options.observed !== undefined) map = joinObserved(map, readObservedSpans(resolve(io.cwd, options.observed)));
    const output = mapFormats[options.format](map);
    if (options.output !== undefined) writeFileAtomic(resolve(io.cwd, options.output), output);
    else io.stdout(output);
    setExitCode(ExitCode.clean);
  });
}
