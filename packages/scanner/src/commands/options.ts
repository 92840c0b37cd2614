import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_RATE_WINDOW } from '../trend/trend.js';
import type { CliIo } from './context.js';
import type { CheckOptions } from './run-check.js';
import type { ScanOptions, Shard } from './run-scan.js';

/**
 * The options several commands share, declared once: the flag, its argument, its parser and its
 * default live here; a command may only word the description for what it does with the value.
 */

const CONFIG_DESCRIPTION =
  'configuration file (default: authboundary.config.json found by walking up from the first path)';
const BASELINE_DESCRIPTION = 'baseline file (default: authboundary.baseline.json beside the configuration)';
const HISTORY_DESCRIPTION = 'history file (default: authboundary.history.json beside the configuration)';

/** `-c, --config <file>`. */
export const configOption = (description: string = CONFIG_DESCRIPTION): Option =>
  new Option('-c, --config <file>', description);

/** `-f, --format <format>`, one of `choices`, `text` by default. */
export const formatOption = (choices: readonly string[], description = 'output format'): Option =>
  new Option('-f, --format <format>', description).choices(choices).default('text');

/** `-o, --output <file>`: what the command prints goes to the file, written atomically. */
export const outputOption = (what: string): Option =>
  new Option('-o, --output <file>', `write the ${what} to a file (atomically) instead of stdout`);

/** `-b, --baseline <file>` (`export` takes the long form only). */
export const baselineOption = (description: string = BASELINE_DESCRIPTION, { short = true } = {}): Option =>
  new Option(`${short ? '-b, ' : ''}--baseline <file>`, description);

/** `--history <file>`. */
export const historyOption = (): Option => new Option('--history <file>', HISTORY_DESCRIPTION);

/** `--window <weeks>` of `trend` and `report`. */
export const windowOption = (): Option =>
  new Option('--window <weeks>', `weeks averaged for the projection (default ${DEFAULT_RATE_WINDOW})`).argParser(
    positiveInteger('--window'),
  );

/** `--changed-since <ref>`, worded for the command. */
export const changedSinceOption = (description: string): Option => new Option('--changed-since <ref>', description);

export function positiveInteger(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError(`${name}: expected a whole number of at least 1, got "${value}"`);
    return Number(value);
  };
}

export function calendarDate(value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${value}"`);
  }
  return date;
}

function parseConcurrency(value: string): number {
  if (!/^[1-9]\d*$/.test(value))
    throw new InvalidArgumentError(`expected a positive whole number of worker threads, got "${value}"`);
  return Number(value);
}

export function parseShard(value: string): Shard {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(value);
  if (!match || Number(match[1]) > Number(match[2]))
    throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n (e.g. 2/4), got "${value}"`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

export interface PerformanceOptions {
  cache: boolean;
  cacheLocation?: string;
  concurrency?: number;
  quiet?: boolean;
}

/** The options of every command that scans: cache, workers, progress. */
export function addPerformanceOptions(command: Command): Command {
  return command
    .option(
      '--cache-location <dir>',
      'directory of the per-file result cache (default: node_modules/.cache/authboundary beside the configuration)',
    )
    .option('--no-cache', 'parse every file, neither reading nor writing the cache')
    .option(
      '--concurrency <n>',
      'threads parsing files (default: one per idle core and per 8 million characters to parse; 1 parses in the main thread)',
      parseConcurrency,
    )
    .option('-q, --quiet', 'no progress line, even on a terminal');
}

/** The scan the options of a command ask for. */
export function scanOptionsOf(
  paths: readonly string[],
  options: { config?: string } & Partial<PerformanceOptions>,
  io: CliIo,
): ScanOptions {
  const onFile = progressOf(io, options);
  return {
    paths,
    cwd: io.cwd,
    ...(options.config !== undefined ? { configPath: options.config } : {}),
    ...(options.cache === false ? { cache: false } : {}),
    ...(options.cacheLocation !== undefined ? { cacheLocation: options.cacheLocation } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(onFile ? { onFile } : {}),
  };
}

export const changedSinceOf = (options: { changedSince?: string }): Pick<CheckOptions, 'changedSince'> =>
  options.changedSince !== undefined ? { changedSince: options.changedSince } : {};

/** Spreads `{ [key]: value }` only when the value is given. */
export const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** Progress only where a person watches: a terminal on stderr, and not with --quiet. Redrawn at most every 100 ms. */
function progressOf(io: CliIo, options: { quiet?: boolean }): ScanOptions['onFile'] {
  if (!io.stderrIsTty || options.quiet === true) return undefined;
  const started = Date.now();
  let lastDrawn = 0;
  return (done, total) => {
    const now = Date.now();
    if (done !== total && now - lastDrawn < 100) return;
    lastDrawn = now;
    io.stderr(`\r${done}/${total} files, ${Math.round(done / Math.max((now - started) / 1000, 0.001))} files/s`);
  };
}

/** Ends the progress line, when there is one. */
export function endProgress(io: CliIo, options: ScanOptions): void {
  if (options.onFile) io.stderr('\n');
}
