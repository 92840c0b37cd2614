import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alwaysIgnored, CONFIG_FILE_NAME, resolveConfig } from '@authboundary/rules';
import type { Command } from 'commander';
import { glob } from 'tinyglobby';
import { UsageError } from '../usage-error.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { configOf, proposeConfig, type ConfigProposal, type ProposedGlob } from '../init/propose-config.js';

/** What `init` needs from the CLI (a subset of `CliIo`). */
export interface InitIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly cwd: string;
  /** Asks a yes/no question on the terminal; absent when there is none. */
  readonly ask?: (question: string) => Promise<string>;
}

/** Every file of the repository `init` looks at: sources and manifests, never dependencies or build output. */
async function snapshotOf(directory: string) {
  const files = await glob(['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/package.json', 'pnpm-workspace.yaml'], {
    cwd: directory,
    ignore: [...alwaysIgnored],
    dot: true,
    followSymbolicLinks: false,
  });
  return { files: files.sort(), read: (path: string) => readFileSync(join(directory, path), 'utf8') };
}

function describeGlobs(label: string, list: readonly ProposedGlob[], out: string[]): void {
  const width = Math.max(...list.map(({ glob }) => glob.length));
  list.forEach(({ glob, reason }, index) =>
    out.push(`  ${(index === 0 ? label : '').padEnd(8)} ${glob.padEnd(width)}  ${reason}`),
  );
}

/** The proposal as a person reads it: providers with where they were found, each glob with its reason. */
export function describeProposal(proposal: ConfigProposal): string {
  const out: string[] = [];
  const { providers, unknownAuthDependencies } = proposal.detection;
  if (providers.length > 0) {
    out.push('Identity providers (from the dependencies of every package.json):');
    for (const { provider, dependency, manifest } of providers)
      out.push(`  ${provider.padEnd(10)} ${dependency} in ${manifest}`);
  } else {
    out.push(
      'Identity providers: no SDK of a built-in provider in any package.json; every built-in provider is checked (set "providers" to narrow it).',
    );
  }
  for (const { dependency, manifest } of unknownAuthDependencies) {
    out.push(
      `  note: ${dependency} (${manifest}) is no built-in provider; if it is your identity provider, describe it under "customProviders" (docs/custom-providers.md)`,
    );
  }
  for (const manifest of proposal.unreadableManifests)
    out.push(`  note: ${manifest} is not valid JSON; its dependencies were not read`);
  out.push('Layers, from the layout:');
  describeGlobs('auth', proposal.auth, out);
  if (proposal.bff.length > 0) describeGlobs('bff', proposal.bff, out);
  else out.push('  bff      (none found: no Next.js app/, Remix routes, tRPC routers or server actions)');
  if (proposal.domains.length > 0)
    describeGlobs(
      'domains',
      proposal.domains.map(({ name, glob, reason }) => ({ glob: `${name}: ${glob}`, reason })),
      out,
    );
  else
    out.push(
      '  domains  (none found: no workspace packages or modules/ directories; files outside auth and bff are checked as unassigned)',
    );
  if (proposal.ignore.length > 0)
    describeGlobs(
      'ignore',
      proposal.ignore.map(({ glob, files }) => ({ glob, reason: `${files} file(s)` })),
      out,
    );
  return `${out.join('\n')}\n`;
}

export interface InitOptions {
  readonly yes?: boolean;
  readonly auth?: readonly string[];
}

/**
 * `authboundary init [dir]`: proposes a configuration from the repository, writes it (never over an
 * existing one), runs a first scan and prints the summary and the next commands. Returns the exit
 * code: 0 written and scanned (findings are what the scan is for) or declined, 2 usage error.
 */
export async function init(directoryArgument: string | undefined, options: InitOptions, io: InitIo): Promise<number> {
  const directory = resolve(io.cwd, directoryArgument ?? '.');
  if (!existsSync(directory) || !statSync(directory).isDirectory())
    throw new UsageError(`init: ${directoryArgument ?? directory} is not a directory`);
  const configPath = join(directory, CONFIG_FILE_NAME);
  if (existsSync(configPath))
    throw new UsageError(
      `init: ${configPath} already exists; it is never overwritten (edit it, or remove it to start again)`,
    );

  const proposal = proposeConfig(await snapshotOf(directory));
  const withAuth: ConfigProposal =
    options.auth !== undefined && options.auth.length > 0
      ? { ...proposal, auth: options.auth.map((glob) => ({ glob, reason: 'given with --auth' })) }
      : proposal;
  io.stdout(`authboundary init: ${directory}\n\n`);
  if (withAuth.auth.length === 0) {
    io.stdout(
      describeProposal({
        ...withAuth,
        auth: [
          {
            glob: '(none found)',
            reason: 'no auth/ directory, auth or session module, provider directory or Next.js middleware',
          },
        ],
      }),
    );
    throw new UsageError(
      'init: found no auth layer; name it with --auth GLOB (e.g. --auth "src/auth/**"), the code that talks to your identity provider',
    );
  }
  io.stdout(describeProposal(withAuth));
  const config = configOf(withAuth);
  // Never write what the tools would reject: the same validation as every scan and lint.
  resolveConfig(config, directory, `${configPath} (proposed)`, configPath);
  const text = `${JSON.stringify(config, null, 2)}\n`;

  if (options.yes !== true) {
    if (io.ask === undefined)
      throw new UsageError('init: no terminal to ask on; run with --yes to write the proposed configuration');
    io.stdout(`\n${text}`);
    const answer = (await io.ask(`Write ${CONFIG_FILE_NAME}? [Y/n] `)).trim().toLowerCase();
    if (answer !== '' && answer !== 'y' && answer !== 'yes') {
      io.stdout('Nothing written.\n');
      return 0;
    }
  }
  if (existsSync(configPath))
    throw new UsageError(`init: ${configPath} appeared while asking; it is never overwritten`);
  writeFileAtomic(configPath, text);
  io.stdout(`\nWrote ${configPath}\n\nFirst scan:\n`);

  // Loaded here: `--help` and the other commands must not load the compiler.
  const { scan } = await import('./run-scan.js');
  const result = await scan({ cwd: directory, configPath });
  for (const warning of result.warnings)
    io.stderr(
      `warning: ${warning.path}: the glob "${warning.glob}" matches no file${warning.hint === undefined ? '' : ` (${warning.hint})`}\n`,
    );
  const { summary } = result.report;
  const ranked = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([key, count]) => `${key} ${count}`)
      .join(', ');
  io.stdout(
    `  ${summary.total} finding(s) (${summary.errors} error(s), ${summary.warnings} warning(s)) in ${summary.filesScanned} file(s) scanned${summary.filesUnscanned > 0 ? `, ${summary.filesUnscanned} file(s) not scanned` : ''}\n`,
  );
  if (summary.total > 0) {
    io.stdout(`  by rule:  ${ranked(summary.byRule)}\n  by layer: ${ranked(summary.byLayer)}\n`);
    if (Object.keys(summary.byModule).some((module) => module !== '(none)'))
      io.stdout(`  by module: ${ranked(summary.byModule)}\n`);
  }
  io.stdout(
    [
      '',
      'Next:',
      '  npx authboundary scan                 # every finding, by file (--format sarif|github|markdown for CI)',
      "  npx authboundary baseline create      # record today's findings (commit authboundary.baseline.json)",
      '  npx authboundary check                # in CI: fail on new findings only',
      '  add authboundary.configs.recommended from @authboundary/eslint-plugin to eslint.config.js (see the README)',
      `  review the layers in ${CONFIG_FILE_NAME}: every file outside them is checked as "unassigned"`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** Registers `init` on the program. */
export function addInitCommand(program: Command, io: InitIo, setExitCode: (code: number) => void): void {
  program
    .command('init')
    .description(
      `Propose ${CONFIG_FILE_NAME} from the repository (providers from package.json dependencies, layers from the layout), write it (never over an existing one), run a first scan and print the next commands (exit 0, or 2 for a usage error).`,
    )
    .argument('[dir]', 'the repository root (default: the current directory)')
    .option('-y, --yes', 'write the proposal without asking (scripts, CI)')
    .option('--auth <glob...>', 'the auth layer, instead of the one found in the layout')
    .action(async (directory: string | undefined, options: InitOptions) => {
      setExitCode(await init(directory, options, io));
    });
}
