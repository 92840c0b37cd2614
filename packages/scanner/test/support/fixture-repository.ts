import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRuleCatalogue, ruleCatalogue } from '@authboundary/rules';

export const mobilityPlatform = join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'mobility-platform');

/** A text replacement in one file of the copy; the text must be there. */
export interface FixtureEdit {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/** Fixes that each remove known findings from the mobility platform . */
export const fixes = {
  walletOperationsAccount: {
    file: 'src/wallet/wallet.service.ts',
    from: "'auth0|64f1c2d9e8b7a6f5e4d3c2b1'",
    to: "'platform-operations'",
  },
  backofficeLegacyPool: {
    file: 'src/backoffice/admin-audit.ts',
    from: "'eu-central-1_Xy7AbCdEf'",
    to: "'legacy-pool'",
  },
  supportChatSubject: {
    file: 'src/bff/support-chat.handler.ts',
    from: 'request.auth.payload.sub',
    to: 'request.auth.platformUserId',
  },
} as const satisfies Record<string, FixtureEdit>;

/** The one rule whose findings the weekly tests count. */
export const countedRule = 'no-provider-id-outside-auth';

/**
 * Freezes the copy's rule set to `countedRule` and drops its CODEOWNERS reference, so the counts
 * these tests assert (18 at the start) stay what they were written for when rules or owners are
 * added to the fixture.
 */
function pinRuleSet(configPath: string): void {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  delete config['owners'];
  config['rules'] = Object.fromEntries(
    [...ruleCatalogue, ...projectRuleCatalogue].map((rule) => [rule.id, rule.id === countedRule ? 'error' : 'off']),
  );
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
}

/** A throwaway git repository holding a copy of the mobility platform; commits carry the dates given. */
export class FixtureRepository {
  readonly directory = mkdtempSync(join(tmpdir(), 'authboundary-repo-'));

  constructor() {
    cpSync(mobilityPlatform, this.directory, {
      recursive: true,
      filter: (source) => !source.includes('/node_modules'),
    });
    pinRuleSet(join(this.directory, 'authboundary.config.json'));
    this.git('init', '--quiet', '--initial-branch=main');
  }

  git(...args: string[]): string {
    return execFileSync(
      'git',
      ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd: this.directory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }

  edit(...edits: readonly FixtureEdit[]): void {
    for (const edit of edits) {
      const path = join(this.directory, edit.file);
      const text = readFileSync(path, 'utf8');
      if (!text.includes(edit.from)) throw new Error(`${edit.file} does not contain ${edit.from}`);
      writeFileSync(path, text.replace(edit.from, edit.to));
    }
  }

  /** Applies the edits and commits everything with author and committer date `date`; returns the hash. */
  commitAt(date: string, message: string, ...edits: readonly FixtureEdit[]): string {
    this.edit(...edits);
    this.git('add', '--all');
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Fixture',
        '-c',
        'user.email=fixture@example.com',
        '-c',
        'commit.gpgsign=false',
        'commit',
        '--quiet',
        '--allow-empty',
        '-m',
        message,
      ],
      {
        cwd: this.directory,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      },
    );
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
