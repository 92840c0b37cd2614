import { ruleById, runRule } from '@authboundary/rules';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FileRun, optionsOf } from '../src/file-run.js';

const settings = {
  authboundary: {
    providers: ['cognito'],
    layers: { auth: 'src/auth/**', domains: { booking: 'src/booking/**' } },
    root: '/virtual',
  },
};
const code =
  "import { CognitoJwtVerifier } from 'aws-jwt-verify';\nexport const ownerOf = (claims: { sub: string }) => claims.sub;\nexport interface Booking { cognitoSub: string }\n";
const sourceFile = ts.createSourceFile('/virtual/src/booking/booking.ts', code, ts.ScriptTarget.Latest, true);
const contextOf = (sourceCode: object) =>
  ({ sourceCode, filename: '/virtual/src/booking/booking.ts', cwd: '/virtual', settings }) as unknown as Parameters<
    typeof FileRun.of
  >[0];

describe('FileRun: the rules of one linted file, run together', () => {
  it('is one run per source code, with the file classified once', () => {
    const sourceCode = {};
    const run = FileRun.of(contextOf(sourceCode));
    expect(run).not.toBeNull();
    expect(FileRun.of(contextOf(sourceCode))).toBe(run);
    expect(FileRun.of(contextOf({}))).not.toBe(run);
    expect(run!.file).toEqual({ path: 'src/booking/booking.ts', layer: 'domain', module: 'booking' });
  });

  it('gives each rule what it finds alone, also to a rule that joins after the shared run', () => {
    const run = FileRun.of(contextOf({}))!;
    const idRule = ruleById('no-provider-id-outside-auth')!;
    const sdkRule = ruleById('no-provider-sdk-outside-auth')!;
    const alone = (rule: typeof idRule) =>
      runRule(rule, ts, sourceFile, run.config, run.file, optionsOf(rule, run.config, undefined));
    run.join(idRule, optionsOf(idRule, run.config, undefined));
    expect(run.detectionsOf(idRule, sourceFile)).toEqual(alone(idRule));
    expect(alone(idRule).map((detection) => detection.messageId)).toEqual(['claimRead', 'identifierName']);
    run.join(sdkRule, optionsOf(sdkRule, run.config, undefined));
    expect(run.detectionsOf(sdkRule, sourceFile)).toEqual(alone(sdkRule));
    expect(alone(sdkRule)).toHaveLength(1);
  });

  it("validates a rule's options once per configuration and ESLint options", () => {
    const { config } = FileRun.of(contextOf({}))!;
    const rule = ruleById('no-provider-id-outside-auth')!;
    expect(optionsOf(rule, config, { checkLiterals: false })).toBe(optionsOf(rule, config, { checkLiterals: false }));
    expect(optionsOf(rule, config, { checkLiterals: false })).not.toBe(optionsOf(rule, config, undefined));
    expect(optionsOf(rule, config, { checkLiterals: false })).toMatchObject({ checkLiterals: false, checkNames: true });
  });
});
