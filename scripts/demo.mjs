#!/usr/bin/env node
// `pnpm demo`: scan the mobility platform, then show the weekly number end to end — a throwaway
// git history of the fixture (one commit a week, each fixing some violations) is backfilled, the
// trend printed, and the HTML report written where you can open it. The fixture is not modified:
// every edit is made to a copy in a temporary directory, which is removed at the end.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExitCode, run } from '@authboundary/scanner';

const repositoryRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const fixture = join(repositoryRoot, 'fixtures', 'mobility-platform');
const reportFile = join(repositoryRoot, '.authboundary-demo', 'authboundary-demo-report.html');

/** The weekly clean-up: each entry is one commit, a week after the previous one. */
const weeks = [
  { message: 'mobility platform: where we start', edits: [] },
  {
    message: 'wallet, back office: no hard-coded provider ids',
    edits: [
      ['src/wallet/wallet.service.ts', "'auth0|64f1c2d9e8b7a6f5e4d3c2b1'", "'platform-operations'"],
      ['src/backoffice/admin-audit.ts', "'eu-central-1_Xy7AbCdEf'", "'legacy-pool'"],
    ],
  },
  {
    message: 'bff: platform user id and display name from the auth layer',
    edits: [
      ['src/bff/support-chat.handler.ts', 'request.auth.payload.sub', 'request.auth.platformUserId'],
      ['src/bff/mobile-home.handler.ts', "request.tokenClaims['cognito:username']", 'request.profile.displayName'],
    ],
  },
  {
    message: 'drivers: drop the Auth0 id from the driver model',
    edits: [
      [
        'src/drivers/driver.model.ts',
        '  readonly auth0Id: string; // expect: no-provider-id-outside-auth(identifierName)\n',
        '',
      ],
    ],
  },
  {
    message: 'payment: legacy lookup by platform user id',
    edits: [
      [
        'src/payment/payment.repository.ts',
        'legacyForAuth0User(auth0UserId: string)',
        'legacyForPlatformUser(platformUserId: string)',
      ],
      ['src/payment/payment.repository.ts', 'WHERE auth0_user_id = $1', 'WHERE platform_user_id = $1'],
      ['src/payment/payment.repository.ts', '[auth0UserId]', '[platformUserId]'],
    ],
  },
  {
    message: 'back office: audit actor from the verified session',
    edits: [['src/backoffice/admin-audit.ts', "String(decoded['cognito:username'])", 'String(decoded.actor)']],
  },
];

const io = (cwd) => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: false,
  cwd,
});
const bold = (text) =>
  process.stdout.isTTY === true && process.env.NO_COLOR === undefined ? `\x1b[1m${text}\x1b[0m` : text;
const heading = (text) => process.stdout.write(`\n${bold(`== ${text}`)}\n\n`);

async function cli(cwd, ...args) {
  const code = await run(['node', 'authboundary', ...args], io(cwd));
  // `scan` exits 1 when it finds violations: that is what this demo shows, not a failure.
  if (code === ExitCode.usage || (code !== ExitCode.clean && args[0] !== 'scan'))
    throw new Error(`authboundary ${args.join(' ')} exited with ${code}`);
}

function git(cwd, args, date) {
  execFileSync(
    'git',
    [
      '-c',
      'user.name=authboundary demo',
      '-c',
      'user.email=demo@authboundary.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: date === undefined ? process.env : { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    },
  );
}

heading('authboundary scan fixtures/mobility-platform');
await cli(repositoryRoot, 'scan', 'fixtures/mobility-platform');

const workspace = mkdtempSync(join(tmpdir(), 'authboundary-demo-'));
try {
  const platform = join(workspace, 'mobility-platform');
  cpSync(fixture, platform, { recursive: true, filter: (source) => !source.includes('/node_modules') });
  heading(`a clean-up, one commit a week, in ${platform}`);
  git(platform, ['init', '--quiet', '--initial-branch=main']);
  const week = 7 * 86_400_000;
  // Each commit lies inside its ISO week (weeks start Monday 00:00 UTC), halfway between the week's
  // start and the point as far into the week as now is: true at any moment, Monday 00:00 included.
  const now = Date.now();
  const weekStart =
    Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) -
    ((new Date(now).getUTCDay() + 6) % 7) * 86_400_000;
  const intoWeek = Math.floor((now - weekStart) / 2);
  weeks.forEach(({ message, edits }, index) => {
    for (const [file, from, to] of edits) {
      const path = join(platform, file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(from)) throw new Error(`demo step "${message}": ${file} no longer contains ${from}`);
      writeFileSync(path, text.replace(from, to));
    }
    git(platform, ['add', '--all']);
    const date = new Date(weekStart - (weeks.length - 1 - index) * week + intoWeek).toISOString();
    git(platform, ['commit', '--quiet', '--allow-empty', '-m', message], date);
    process.stdout.write(`${date.slice(0, 10)}  ${message}\n`);
  });

  heading(`authboundary history backfill --weeks ${weeks.length}`);
  await cli(platform, 'history', 'backfill', '--weeks', String(weeks.length), '--cache-dir', join(workspace, 'cache'));

  heading('authboundary trend');
  await cli(platform, 'trend');

  heading('authboundary report --html');
  mkdirSync(dirname(reportFile), { recursive: true });
  // The temporary history is removed below: link the findings to the fixture's files instead.
  await cli(platform, 'report', '--html', reportFile, '--link-base', `${pathToFileURL(fixture).href}/`);
  process.stdout.write(`\nOpen ${reportFile} in a browser (it needs no network).\n`);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
