import { z } from 'zod';
import type { ConfigurableRule } from '../rule-basics.js';

/** Zod's `error` parameter with the sentence users see after the key path. */
const expected = (what: string) => ({ error: `expected ${what}` });

const glob = z
  .string(expected('a glob string'))
  .min(1, expected('a non-empty glob string'))
  .describe('A glob relative to the directory holding this file, e.g. `src/auth/**`.');

export const globsSchema = z
  .union(
    [glob, z.array(glob, expected('a glob string or an array of globs')).min(1, expected('at least one glob'))],
    expected('a glob string or an array of globs'),
  )
  .describe('One glob or a list of globs, relative to the directory holding this file.');

export const severitySchema = z.enum(['off', 'warn', 'error'], expected('"off", "warn" or "error"'));
export type Severity = z.infer<typeof severitySchema>;

export const presetSchema = z.enum(['recommended', 'strict'], expected('"recommended" or "strict"'));

const identifierPattern = /^[a-z][a-z0-9-]*$/;

const providerCallSchema = z
  .strictObject(
    {
      callee: z
        .string(expected('a callee string'))
        .regex(
          /^(new [A-Za-z_$][\w$]*|(\.[A-Za-z_$][\w$]*)+|[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*)$/,
          expected('`new Name`, `.method`, `.a.method`, `Name.method` or `name`'),
        )
        .describe(
          'How the call is written: `new GetUserCommand` (a construction), `.auth.getUser` (a method call ending with these names), `Client.create` (exactly this chain) or `currentUser` (a function imported from `module` or an SDK module).',
        ),
      module: z
        .string(expected('a module name string'))
        .min(1, expected('a non-empty module name'))
        .optional()
        .describe('For a bare function callee: the module it is imported from (default: any of `sdkModules`).'),
      argument: z
        .union(
          [
            z.strictObject({
              index: z
                .number(expected('an argument index'))
                .int(expected('an integer'))
                .min(0, expected('an index of 0 or more'))
                .describe('0-based argument index.'),
              is: z.literal('true', expected('"true"')).describe('The argument must be the literal `true`.'),
            }),
            z.strictObject({
              mentions: z
                .string(expected('a name string'))
                .min(1, expected('a non-empty name'))
                .describe(
                  'A property name or string literal in the arguments equal to it (or starting with it when it ends with `:`).',
                ),
            }),
          ],
          expected('an object with "index" and "is", or "mentions"'),
        )
        .optional()
        .describe('Only calls whose arguments say so, e.g. `{ "mentions": "acme:role" }`.'),
      scope: z
        .enum(['request', 'function'], expected('"request" or "function"'))
        .optional()
        .describe(
          '`request`: counts only inside request handlers and middleware; `function`: counts only when made inside a function and not stored outside it (a verifier whose key cache dies with the call).',
        ),
    },
    expected('a call object'),
  )
  .describe('A call to the provider.');

/** A path from a call's value to the user id: names, `name()` calls, `=>N` callback parameters; `''` for the value itself. */
const YIELD_PATH = /^(|(=>\d+|[A-Za-z_$][\w$]*(\(\))?|\d+)(\.(=>\d+|[A-Za-z_$][\w$]*(\(\))?|\d+))*)$/;

const identitySourceSchema = z
  .strictObject(
    {
      callee: providerCallSchema.shape.callee,
      module: providerCallSchema.shape.module,
      yields: z
        .array(
          z
            .string(expected('a path string'))
            .regex(YIELD_PATH, expected('a path such as `user.id`, `getUser().id`, `=>1.user.id` or `""`')),
          expected('an array of paths'),
        )
        .min(1, expected('at least one path'))
        .describe(
          'Where the user id is in the call\'s value: `user.id`, `getUser().id` (a call), `=>1.user.id` (the 2nd parameter of the callback argument), `""` (the value itself).',
        ),
    },
    expected('an identity source object'),
  )
  .describe('A call that yields a provider user object or user id.');

const customProviderSchema = z
  .strictObject(
    {
      id: z
        .string(expected('a provider id string'))
        .regex(identifierPattern, expected('a lower-case id of letters, digits and dashes, starting with a letter'))
        .describe('Id to list in `providers`, e.g. `acme-id`.'),
      name: z
        .string(expected('a display name string'))
        .min(1, expected('a non-empty name'))
        .describe('Name used in messages.'),
      nameWords: z
        .array(z.string(expected('a name string')).min(1, expected('a non-empty name')), expected('an array of names'))
        .default([])
        .describe('How code names the provider inside identifiers, e.g. `["acme"]` so that `acmeUserId` is reported.'),
      identifierClaims: z
        .array(
          z.string(expected('a claim name string')).min(1, expected('a non-empty claim name')),
          expected('an array of claim names'),
        )
        .default([])
        .describe('Token claims that carry the provider user identifier, e.g. `["sub", "acme:uid"]`.'),
      identifierValues: z
        .array(
          z.union(
            [
              z.strictObject({
                regex: z
                  .string(expected('a regular expression string'))
                  .refine(isValidRegex, expected('a valid JavaScript regular expression'))
                  .describe('Matches the whole string literal.'),
                shape: z
                  .string(expected('a description string'))
                  .describe('What the value is, for messages, e.g. "an Acme user id".'),
              }),
              z.strictObject({
                prefix: z
                  .string(expected('a prefix string'))
                  .min(1, expected('a non-empty prefix'))
                  .describe('Matches string and template literals that start with it.'),
                shape: z.string(expected('a description string')).describe('What the value is, for messages.'),
              }),
            ],
            expected('an object with "regex" and "shape", or "prefix" and "shape"'),
          ),
          expected('an array of value shapes'),
        )
        .default([])
        .describe('Literal shapes of the provider identifiers.'),
      sdkModules: z
        .array(
          z.string(expected('a module name string')).min(1, expected('a non-empty module name')),
          expected('an array of module names'),
        )
        .default([])
        .describe(
          'npm packages (with their subpaths) of the provider SDK, e.g. `["@acme/id-sdk"]`: only the auth layer may import them.',
        ),
      remoteVerificationCalls: z
        .array(providerCallSchema, expected('an array of call objects'))
        .default([])
        .describe(
          'Calls that ask the provider to establish identity on each request (userinfo, introspection, session lookups).',
        ),
      authzClaims: z
        .array(
          z.strictObject(
            {
              claim: z
                .string(expected('a claim name string'))
                .min(1, expected('a non-empty claim name'))
                .describe('Claim, attribute or metadata name, e.g. `acme:roles`.'),
              match: z
                .enum(['exact', 'prefix', 'suffix'], expected('"exact", "prefix" or "suffix"'))
                .default('exact')
                .describe('How a read key is compared with `claim`.'),
              userEditable: z
                .boolean(expected('a boolean'))
                .default(false)
                .describe('The user can write it themselves: reported everywhere, the auth layer included.'),
            },
            expected('a claim object'),
          ),
          expected('an array of claim objects'),
        )
        .default([])
        .describe('Claims and attributes in which the provider carries authorization.'),
      authzWrites: z
        .array(providerCallSchema, expected('an array of call objects'))
        .default([])
        .describe('Calls that write roles, groups or role metadata into the provider.'),
      identitySources: z
        .array(identitySourceSchema, expected('an array of identity source objects'))
        .default([])
        .describe(
          'Calls of the SDK that yield a provider user object or user id, e.g. `{ "callee": "currentAcmeUser", "yields": ["id"] }`.',
        ),
      source: z.string(expected('a string')).optional().describe('Where these facts come from (documentation URL).'),
    },
    expected('a provider object'),
  )
  .describe('An in-house or unlisted identity provider.');
export type CustomProviderInput = z.input<typeof customProviderSchema>;

export function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function ruleEntrySchema(rule: ConfigurableRule) {
  return z
    .union(
      [severitySchema, z.tuple([severitySchema]), z.tuple([severitySchema, rule.meta.options])],
      expected('"off", "warn", "error", or [severity, options]'),
    )
    .describe(rule.meta.description);
}

/**
 * The configuration schema: the single source of validation, TypeScript types and the published
 * JSON Schema (`schema.json`). Built from the rule catalogue so every rule's options are checked.
 */
export function buildConfigSchema(rules: readonly ConfigurableRule[], providerIds: readonly string[]) {
  const ruleShape = Object.fromEntries(rules.map((rule) => [rule.id, ruleEntrySchema(rule).optional()]));
  return z
    .strictObject(
      {
        $schema: z.string(expected('a string')).optional().describe('Path or URL of this schema, for editors.'),
        name: z
          .string(expected('a name string'))
          .regex(/\S/, expected('a non-empty name'))
          .optional()
          .describe(
            'The repository on dashboards: `export` labels every series `repository` with it (default: the git remote `origin`, as `host/owner/repo`).',
          ),
        preset: presetSchema
          .default('recommended')
          .describe('Rule set the `rules` entries adjust: `recommended` or `strict`.'),
        providers: z
          .array(z.string(expected('a provider id string')), expected('an array of provider ids'))
          .optional()
          .describe(
            `Identity providers the platform uses (default: all). Known: ${providerIds.join(', ')}, plus \`customProviders\` ids.`,
          ),
        customProviders: z
          .array(customProviderSchema, expected('an array of provider objects'))
          .default([])
          .describe('In-house identity providers, described with the same facts as the built-in profiles.'),
        layers: z
          .strictObject(
            {
              auth: globsSchema.describe(
                'Files of the auth layer: the only place where provider identifiers, SDKs and claims may appear.',
              ),
              bff: globsSchema.optional().describe('Files of the Backend-for-Frontend layer.'),
              domains: z
                .record(z.string(), globsSchema, expected('an object mapping each domain module name to its globs'))
                .default({})
                .describe('Domain modules by name, e.g. `{ "booking": "src/booking/**" }`.'),
            },
            expected('an object with "auth", "bff" and "domains"'),
          )
          .describe(
            'Which files belong to which layer. A file in several is taken as auth, then bff, then the first matching domain.',
          ),
        platformUserId: z
          .string(expected('an identifier string'))
          .regex(/^[A-Za-z_$][\w$]*$/, expected('a JavaScript identifier'))
          .default('platformUserId')
          .describe('The name of your own user id, suggested in messages instead of provider identifiers.'),
        ignore: z
          .array(glob, expected('an array of globs'))
          .default([])
          .describe('Files neither host looks at, e.g. `**/*.test.ts`.'),
        rules: z
          .strictObject(ruleShape, expected('an object of rule settings'))
          .default({})
          .describe('Severity and options per rule, on top of `preset`.'),
        owners: z
          .string(expected('a path string'))
          .optional()
          .describe('Path of a CODEOWNERS file, relative to this file.'),
      },
      expected('a configuration object'),
    )
    .superRefine((config, context) => {
      const known = new Set([...providerIds, ...config.customProviders.map((provider) => provider.id)]);
      config.customProviders.forEach((provider, index) => {
        if (providerIds.includes(provider.id)) {
          context.addIssue({
            code: 'custom',
            path: ['customProviders', index, 'id'],
            message: `expected an id that is not a built-in provider (${provider.id} ships with authboundary)`,
            input: provider.id,
          });
        }
      });
      config.providers?.forEach((id, index) => {
        if (!known.has(id)) {
          context.addIssue({
            code: 'custom',
            path: ['providers', index],
            message: `expected one of ${[...known].join(', ')}`,
            input: id,
            params: { candidates: [...known] },
          });
        }
      });
    });
}

export type ConfigSchema = ReturnType<typeof buildConfigSchema>;
export type ConfigInput = z.input<ConfigSchema>;
export type ConfigData = z.output<ConfigSchema>;
