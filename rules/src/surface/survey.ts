import type * as ts from 'typescript';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { TypeScript } from '../detector.js';
import type { FileContext } from '../layers.js';
import { providerCallFinder } from '../providers/provider-calls.js';
import type { ProviderCall, ProviderProfile } from '../providers/provider-profile.js';
import { calledName, calleeText } from '../syntax/expression-context.js';
import {
  importedBindings,
  importedReferenceOf,
  isExportOf,
  type ImportedBinding,
} from '../syntax/imported-bindings.js';
import { isModuleOrSubpath } from '../syntax/module-imports.js';
import {
  functionNameOf,
  HANDLER_NAMES,
  hasDirective,
  isInsideRequestHandler,
  isRequestHandler,
} from '../syntax/request-scope.js';
import { findLocalDeclaration, propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import {
  AWS_VERIFIER_CLASSES,
  IMPORTED_VERIFIERS as RULE_VERIFIERS,
  PROVIDER_VERIFIER_METHODS,
  requireInstrumentedAuthDecision,
  TELEMETRY_MODULE,
  TELEMETRY_WRAPPERS,
} from '../require-instrumented-auth-decision/index.js';
import { resolveRuleOptions } from '../run-rule.js';
import { parentOf } from '../syntax/parent.js';
import { ownText, withOwnTexts } from '../syntax/own-text.js';
import { isTypeOnlyImport } from '../syntax/import-clause.js';
import { walkTree, type ListenersByKind, type NodeListeners } from '../walk.js';

/**
 * What the identity-surface inventory (`authboundary map`) lists: every place where authentication
 * and authorization happen, whether or not a rule reports it.
 */
export type SiteKind =
  'verification' | 'authorization' | 'provider-sdk' | 'provider-call' | 'bff-handler' | 'machine-credential';

/** Plain JSON details of a site; never a secret, a token or a literal credential. */
export type SiteDetail = Readonly<Record<string, string | boolean | readonly string[]>>;

export interface SurfaceSite {
  readonly kind: SiteKind;
  readonly start: number;
  readonly end: number;
  /** The enclosing named functions and classes, outermost first (`<module>` at the top level). */
  readonly scope: string;
  readonly detail: SiteDetail;
}

export interface SurveyOptions {
  /** Names of the project's own policy-check functions (`require-instrumented-auth-decision`'s `policyChecks`). */
  readonly policyChecks: readonly string[];
  /** Names of functions that record a decision (`require-instrumented-auth-decision`'s `wrappers`). */
  readonly wrappers: readonly string[];
  /** Method names of provider SDK verifiers. */
  readonly verifierMethods: readonly string[];
}

export const DEFAULT_SURVEY_OPTIONS: SurveyOptions = {
  policyChecks: [],
  wrappers: TELEMETRY_WRAPPERS,
  verifierMethods: PROVIDER_VERIFIER_METHODS,
};

/** Token verifiers reached through imports: library → exported function (the rule's, and oauth4webapi's access-token check). */
const IMPORTED_VERIFIERS: readonly (readonly [module: string, exports: readonly string[]])[] = [
  ...RULE_VERIFIERS,
  ['oauth4webapi', ['validateJwtAccessToken']],
];
/** Telemetry exports that verify a token themselves (instrumented by construction). */
const TELEMETRY_VERIFIERS: readonly string[] = ['createJwtVerifier'];
/** Whether a module is `@authboundary/telemetry` or one of its subpaths (`@authboundary/telemetry/jwt`). */
const isTelemetryModule = (module: string | undefined) =>
  module !== undefined && isModuleOrSubpath(module, TELEMETRY_MODULE);
/** Telemetry exports that make or record an authorization decision. */
const TELEMETRY_AUTHORIZATION: readonly string[] = [
  'withAuthorization',
  'recordAuthorization',
  'instrumentPolicyCheck',
  'checkTenantBoundary',
];

/**
 * Policy engines and authorization libraries: module (or module prefix ending in `/`) → the methods
 * that answer an authorization question. A call counts only in a file that imports the module.
 */
const POLICY_ENGINES: readonly {
  readonly engine: string;
  readonly module: string;
  readonly methods: readonly string[];
}[] = [
  { engine: 'casl', module: '@casl/ability', methods: ['can', 'cannot', 'throwUnlessCan'] },
  { engine: 'cerbos', module: '@cerbos/', methods: ['checkResource', 'checkResources', 'isAllowed', 'planResources'] },
  { engine: 'openfga', module: '@openfga/sdk', methods: ['check', 'batchCheck', 'listObjects'] },
  { engine: 'opa', module: '@open-policy-agent/', methods: ['evaluate', 'evaluatePolicy'] },
  { engine: 'oso', module: 'oso-cloud', methods: ['authorize', 'isAllowed', 'list', 'actions'] },
  { engine: 'oso', module: 'oso', methods: ['authorize', 'isAllowed', 'queryRule'] },
  { engine: 'permit', module: 'permitio', methods: ['check', 'bulkCheck'] },
  { engine: 'spicedb', module: '@authzed/authzed-node', methods: ['checkPermission', 'checkBulkPermissions'] },
  { engine: 'accesscontrol', module: 'accesscontrol', methods: ['can'] },
];

/** HTTP clients whose options carry headers: callee name → where the options are. */
const HTTP_CALLS: ReadonlyMap<string, 'second' | 'any'> = new Map([
  ['fetch', 'second'],
  ['ofetch', 'second'],
  ['$fetch', 'second'],
  ['axios', 'any'],
  ['got', 'any'],
  ['ky', 'any'],
  ['request', 'any'],
  ['get', 'any'],
  ['post', 'any'],
  ['put', 'any'],
  ['patch', 'any'],
  ['delete', 'any'],
  ['create', 'any'],
]);
/** Header names that carry a credential (compared lower-cased). */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'proxy-authorization',
]);

/** Text that makes a file worth walking: without any of it, the file has no site. */
/**
 * Text without which a file has no site outside the BFF layer (most files have none, and are not
 * walked): a verifier or the telemetry package by name, a policy engine's module, a credential
 * header or grant, a secret-like environment variable or option. Names of configured policy checks,
 * verifier methods, provider modules and provider calls are added per configuration.
 */
const INTEREST =
  /jwtVerify|verifyToken|validateJwtAccessToken|aws-jwt-verify|jsonwebtoken|@authboundary\/telemetry|@casl\/|@cerbos\/|@openfga\/|@open-policy-agent\/|oso|permitio|@authzed\/|accesscontrol|[Aa]uthorization|[Aa]pi[-_]?[Kk]ey|x-(?:auth|access)-token|client_credentials|\benv\b(?:\.|\[['"])[A-Z0-9_]*(?:KEY|SECRET|TOKEN|PASSWORD|CREDENTIALS?)|(?:[Kk]ey|[Ss]ecret|[Tt]oken|[Pp]assword)['"]?\s*:\s*['"`]/;
const surveyPatterns = new WeakMap<ResolvedConfig, Map<SurveyOptions, RegExp | null>>();

/** Method names too common to tell a provider call by (`CognitoJwtVerifier.create`): its chain's first name is used instead. */
const COMMON_METHODS = new Set([
  'create',
  'load',
  'get',
  'set',
  'send',
  'update',
  'delete',
  'list',
  'call',
  'request',
  'post',
  'put',
  'fetch',
  'then',
  'init',
  'verify',
]);

/** The name a provider call's text must contain: its last name, or its first where the last is common. */
function distinctiveNameOf(callee: string): string {
  const names = callee.replace(/^new /, '').replace(/^\./, '').split('.');
  const last = names[names.length - 1]!;
  return COMMON_METHODS.has(last) && names.length > 1 ? names[0]! : last;
}

/** Call text that may hold a credential header, a grant or a secret: checked before an argument is looked into. */
const CREDENTIAL_TEXT =
  /authorization|api[-_]?key|x-(?:auth|access)-token|grant_?type|key|secret|token|password|credential|headers|body|form/i;

/** The configuration's own names a file may show a site by (null: none). */
function configurationPattern(config: ResolvedConfig, options: SurveyOptions): RegExp | null {
  let byOptions = surveyPatterns.get(config);
  if (byOptions === undefined) surveyPatterns.set(config, (byOptions = new Map<SurveyOptions, RegExp | null>()));
  let pattern = byOptions.get(options);
  if (pattern === undefined) {
    const names = [
      ...options.policyChecks.map((name) => name.slice(name.lastIndexOf('.') + 1)),
      ...options.verifierMethods,
      ...config.providers.flatMap((provider) => provider.sdkModules.map(({ module }) => module)),
      ...config.providers.flatMap((provider) =>
        [...provider.remoteVerificationCalls, ...provider.authzWrites].map((call) => distinctiveNameOf(call.callee)),
      ),
    ].filter((name) => name !== '');
    pattern =
      names.length === 0
        ? null
        : new RegExp([...new Set(names)].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    byOptions.set(options, pattern);
  }
  return pattern;
}

/** What the survey of every file takes from a configuration and its options (made once per pair). */
interface SurveySetup {
  readonly wrappers: ReadonlySet<string>;
  readonly verifierMethods: ReadonlySet<string>;
  /** Configured policy checks without blanks (`authz.can`). */
  readonly policyChecks: readonly string[];
  /** Their last names (`can`). */
  readonly policyCheckNames: ReadonlySet<string>;
  /** The providers' remote verification calls and authorization writes, for `providerCallFinder`. */
  readonly finderEntries: readonly { provider: ProviderProfile; call: ProviderCall }[];
  readonly remoteCalls: ReadonlySet<ProviderCall>;
}
const setups = new WeakMap<ResolvedConfig, Map<SurveyOptions, SurveySetup>>();

function setupOf(config: ResolvedConfig, options: SurveyOptions): SurveySetup {
  let byOptions = setups.get(config);
  if (byOptions === undefined) setups.set(config, (byOptions = new Map<SurveyOptions, SurveySetup>()));
  let setup = byOptions.get(options);
  if (setup === undefined) {
    const providers: readonly ProviderProfile[] = config.providers;
    const policyChecks = options.policyChecks.map((name) => name.replace(/\s+/g, ''));
    setup = {
      wrappers: new Set(options.wrappers),
      verifierMethods: new Set(options.verifierMethods),
      policyChecks,
      policyCheckNames: new Set(policyChecks.map((name) => name.slice(name.lastIndexOf('.') + 1))),
      finderEntries: providers.flatMap((provider) => [
        ...provider.remoteVerificationCalls.map((call) => ({ provider, call })),
        ...provider.authzWrites.map((call) => ({ provider, call })),
      ]),
      remoteCalls: new Set(providers.flatMap((provider) => provider.remoteVerificationCalls)),
    };
    byOptions.set(options, setup);
  }
  return setup;
}

/** The enclosing named functions and classes of a node, outermost first. */
function scopeOf(ts: TypeScript, node: ts.Node): string {
  const names: string[] = [];
  for (let current = parentOf(node); current !== undefined && !ts.isSourceFile(current); current = parentOf(current)) {
    if (ts.isClassDeclaration(current) && current.name !== undefined) names.unshift(current.name.text);
    else if (
      ts.isVariableDeclaration(current) &&
      ts.isIdentifier(current.name) &&
      ts.isSourceFile(current.parent.parent.parent)
    ) {
      // A top-level `const teamRouter = createTRPCRouter({ … })` names what it holds (once: an arrow function it holds already did).
      if (names[0] !== current.name.text) names.unshift(current.name.text);
    } else if (ts.isFunctionLike(current)) {
      const name = ts.isMethodDeclaration(current)
        ? propertyNameText(ts, current.name)
        : (functionNameOf(ts, current) ?? procedureNameOf(ts, current));
      if (name !== undefined) names.unshift(name);
    }
  }
  return names.length === 0 ? '<module>' : names.join('.');
}

/**
 * The name of a tRPC procedure whose resolver `fn` is: `addMember: protectedProcedure.input(…).mutation(async ({ ctx }) => …)`
 * names the resolver `addMember`, and the router variable holding it (`teamRouter`) names its scope above.
 */
function procedureNameOf(ts: TypeScript, fn: ts.Node): string | undefined {
  const call = parentOf(fn);
  if (call === undefined || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression))
    return undefined;
  const callee = unwrapExpression(ts, call.expression);
  // `app.get('/orders/:id', auth, async (req, res) => …)` names its handler `GET /orders/:id`.
  const [path] = call.arguments;
  if (
    ts.isPropertyAccessExpression(callee) &&
    ROUTE_METHODS.has(callee.name.text) &&
    path !== undefined &&
    ts.isStringLiteralLike(path) &&
    path.text.startsWith('/')
  ) {
    return `${callee.name.text === 'all' ? 'ALL' : callee.name.text.toUpperCase()} ${path.text}`;
  }
  if (!ts.isPropertyAccessExpression(callee) || !PROCEDURE_METHODS.has(callee.name.text)) return undefined;
  const holder = parentOf(call);
  return holder !== undefined && ts.isPropertyAssignment(holder) ? propertyNameText(ts, holder.name) : callee.name.text;
}

/** Whether a node runs inside a tRPC procedure's resolver (per request, though no parameter says so). */
function isInsideProcedure(ts: TypeScript, node: ts.Node): boolean {
  for (let current = parentOf(node); current !== undefined && !ts.isSourceFile(current); current = parentOf(current)) {
    if (ts.isFunctionLike(current) && procedureNameOf(ts, current) !== undefined) return true;
  }
  return false;
}

/** Environment variables exposed to the browser by their name: publishable, anonymous and `NEXT_PUBLIC_`/`VITE_`-style keys. */
const PUBLIC_ENV = /(^|_)(PUBLIC|PUBLISHABLE|ANON)(_|$)|^VITE_|^EXPO_PUBLIC_/;

/** Names of options and arguments that hold a static secret (`apiKey`, `client_secret`, `token`). */
const SECRET_NAME = /(^|_|[a-z])(key|secret|token|password|passwd|credential|credentials)$/i;
/** Environment variable names of secrets (`WORKOS_API_KEY`, `STRIPE_SECRET_KEY`). */
const SECRET_ENV = /(KEY|SECRET|TOKEN|PASSWORD|CREDENTIALS?)(_[A-Z0-9]+)?$/;

/** A property of an object literal by name (string or identifier key). */
function propertyOf(ts: TypeScript, object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(ts, property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

/** Follows a local `const x = <initializer>` once: the object literal or call a name stands for. */
function valueOf(ts: TypeScript, expression: ts.Expression): ts.Expression {
  const node = unwrapExpression(ts, expression);
  if (!ts.isIdentifier(node)) return node;
  const declaration = findLocalDeclaration(ts, node);
  return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined
    ? unwrapExpression(ts, declaration.initializer)
    : node;
}

/** A string literal's text, or the literal strings of an array literal. */
function literalStrings(ts: TypeScript, expression: ts.Expression | undefined): string[] | undefined {
  if (expression === undefined) return undefined;
  const node = valueOf(ts, expression);
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isArrayLiteralExpression(node) && node.elements.every((element) => ts.isStringLiteralLike(element)))
    return node.elements.map((element) => (element as ts.StringLiteralLike).text);
  return undefined;
}

/**
 * Where a credential in a header comes from, named without its value: `env:NAME` for
 * `process.env.NAME` (also inside a template or concatenation), `literal` for text in the source,
 * undefined for anything else (a per-request token is not a machine credential).
 */
function credentialSourceOf(ts: TypeScript, expression: ts.Expression): string | undefined {
  const node = unwrapExpression(ts, expression);
  const envName = (candidate: ts.Expression): string | undefined => {
    const inner = unwrapExpression(ts, candidate);
    if (
      ts.isPropertyAccessExpression(inner) &&
      ts.isPropertyAccessExpression(inner.expression) &&
      inner.expression.name.text === 'env' &&
      ts.isIdentifier(inner.expression.expression) &&
      inner.expression.expression.text === 'process'
    )
      return inner.name.text;
    if (
      ts.isElementAccessExpression(inner) &&
      ts.isPropertyAccessExpression(inner.expression) &&
      inner.expression.name.text === 'env' &&
      ts.isStringLiteralLike(inner.argumentExpression)
    )
      return inner.argumentExpression.text;
    // `import.meta.env.X`, `env.X` of a validated env module (`@/env`, t3-env)
    if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'env')
      return inner.name.text;
    if (
      ts.isPropertyAccessExpression(inner) &&
      ts.isPropertyAccessExpression(inner.expression) &&
      inner.expression.name.text === 'env' &&
      ts.isMetaProperty(inner.expression.expression)
    )
      return inner.name.text;
    if (
      ts.isBinaryExpression(inner) &&
      (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return envName(inner.left);
    if (ts.isNonNullExpression(inner)) return envName(inner.expression);
    return undefined;
  };
  // Keys meant for the browser (`NEXT_PUBLIC_…`, a publishable or anon key) are no secret.
  const secret = (name: string | undefined) =>
    name === undefined || PUBLIC_ENV.test(name) ? undefined : `env:${name}`;
  const direct = envName(node);
  if (direct !== undefined) return secret(direct);
  if (ts.isTemplateExpression(node)) {
    for (const span of node.templateSpans) {
      const name = envName(span.expression);
      if (name !== undefined) return secret(name);
    }
    return undefined;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return credentialSourceOf(ts, node.left) ?? credentialSourceOf(ts, node.right);
  if (ts.isStringLiteralLike(node)) {
    // `'Bearer '` alone is a prefix, not a credential.
    const text = node.text.trim();
    return /^(bearer|basic|token)?$/i.test(text) ? undefined : 'literal';
  }
  if (ts.isIdentifier(node)) {
    const declaration = findLocalDeclaration(ts, node);
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      declaration.initializer !== node
    )
      return credentialSourceOf(ts, declaration.initializer);
  }
  return undefined;
}

/** The credential headers of a headers expression (object literal, `new Headers({…})`): header → source. */
function credentialHeadersOf(ts: TypeScript, expression: ts.Expression | undefined): [string, string][] {
  if (expression === undefined) return [];
  let node = valueOf(ts, expression);
  if (
    ts.isNewExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'Headers' &&
    node.arguments?.[0] !== undefined
  )
    node = valueOf(ts, node.arguments[0]);
  if (!ts.isObjectLiteralExpression(node)) return [];
  const found: [string, string][] = [];
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const name = propertyNameText(ts, property.name)?.toLowerCase();
    if (name === undefined || !CREDENTIAL_HEADERS.has(name)) continue;
    const source = credentialSourceOf(ts, property.initializer);
    if (source !== undefined) found.push([name, source]);
  }
  return found;
}

/** Whether an expression (a body, a URLSearchParams init) asks for the client-credentials grant. */
function asksClientCredentials(ts: TypeScript, expression: ts.Expression | undefined, depth = 0): boolean {
  if (expression === undefined || depth > 2) return false;
  const node = valueOf(ts, expression);
  if (ts.isObjectLiteralExpression(node)) {
    const grant = propertyOf(ts, node, 'grant_type') ?? propertyOf(ts, node, 'grantType');
    if (
      grant !== undefined &&
      ts.isStringLiteralLike(unwrapExpression(ts, grant)) &&
      (unwrapExpression(ts, grant) as ts.StringLiteralLike).text === 'client_credentials'
    )
      return true;
    return (
      asksClientCredentials(ts, propertyOf(ts, node, 'body'), depth + 1) ||
      asksClientCredentials(ts, propertyOf(ts, node, 'form'), depth + 1)
    );
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URLSearchParams')
    return asksClientCredentials(ts, node.arguments?.[0], depth + 1);
  if (ts.isStringLiteralLike(node)) return /(^|&)grant_type=client_credentials(&|$)/.test(node.text);
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'stringify'
  )
    return asksClientCredentials(ts, node.arguments[0], depth + 1);
  return false;
}

/** Whether a call is made lexically inside a call to a telemetry wrapper (or to any telemetry export). */
function isInsideWrapper(
  ts: TypeScript,
  node: ts.Node,
  wrappers: ReadonlySet<string>,
  bindings: ReadonlyMap<string, ImportedBinding>,
): boolean {
  for (let current = parentOf(node); current !== undefined && !ts.isSourceFile(current); current = parentOf(current)) {
    if (!ts.isCallExpression(current)) continue;
    const callee = unwrapExpression(ts, current.expression);
    const name = calledName(ts, callee);
    if (name !== undefined && wrappers.has(name)) return true;
    if (isTelemetryModule(importedReferenceOf(ts, bindings, callee)?.module)) return true;
  }
  return false;
}

/** Handler functions of a BFF file: route-handler verbs, loaders and actions, default exports of route files, server actions. */
const HANDLER_EXPORTS = new Set([...HANDLER_NAMES, 'clientLoader', 'clientAction', 'getServerSideProps']);
const ROUTE_FILE =
  /(^|\/)(page|route|layout|\+page\.server|\+layout\.server|\+server)\.[cm]?[jt]sx?$|(^|\/)(pages\/api|routes)\//;
/** Router methods that register a handler for a path. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options']);
/** tRPC procedure builders: `.query(…)`, `.mutation(…)`, `.subscription(…)` on a chain that starts from a procedure. */
const PROCEDURE_METHODS = new Set(['query', 'mutation', 'subscription']);

function isExported(ts: TypeScript, node: ts.Node): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) === true;
}

/**
 * Names without which a file has no machine-credential site, whatever its case: a credential header
 * (`authorization`, `x-api-key`, `x-auth-token`, …), a secret-named property or environment variable
 * (`key`, `secret`, `token`, `password`, `passwd`, `credential`), the client-credentials grant. A
 * BFF file without them, and without `INTEREST` and the configuration's names, holds BFF handlers only.
 */
const CREDENTIAL_NAMES = /authorization|token|key|secret|passw(?:or)?d|credential/i;

/** Sites in source order, whatever the walk found first. */
function sortedSites(sites: SurfaceSite[]): SurfaceSite[] {
  return sites.sort((a, b) => a.start - b.start || a.end - b.end || a.kind.localeCompare(b.kind));
}

/**
 * The BFF handlers of a file of the BFF layer (a no-op elsewhere), one node at a time: route handler
 * exports and re-exports, server actions, route modules and request handlers, route registrations,
 * tRPC procedures and returned `GET`/`POST` methods.
 */
function bffHandlerVisitor(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  file: FileContext,
  add: (kind: SiteKind, node: ts.Node, detail: SiteDetail, scope?: string) => void,
): (node: ts.Node) => void {
  if (file.layer !== 'bff') return () => undefined;
  const serverActions = hasDirective(ts, sourceFile, 'use server');
  const routeFile = ROUTE_FILE.test(file.path);
  const bffHandler = (node: ts.Node, name: string, how: string) => {
    const outer = scopeOf(ts, node);
    add('bff-handler', node, { handler: name, kind: how }, outer === '<module>' ? name : `${outer}.${name}`);
  };
  return (node) => {
    switch (node.kind) {
      case ts.SyntaxKind.ExportDeclaration: {
        // `export { handler as GET, handler as POST }` (tRPC and Auth.js route files)
        const declaration = node as ts.ExportDeclaration;
        if (
          declaration.moduleSpecifier === undefined &&
          declaration.exportClause !== undefined &&
          ts.isNamedExports(declaration.exportClause)
        ) {
          for (const element of declaration.exportClause.elements)
            if (HANDLER_EXPORTS.has(element.name.text)) bffHandler(element, element.name.text, 'route handler');
        }
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const call = node as ts.CallExpression;
        const callee = unwrapExpression(ts, call.expression);
        // `router.get('/v1/home', handler)`, `app.post('/orders', …)` (Express, Fastify, Hono, Koa routers)
        if (ts.isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text)) {
          const [path, ...handlers] = call.arguments;
          if (
            path !== undefined &&
            ts.isStringLiteralLike(path) &&
            path.text.startsWith('/') &&
            handlers.some(
              (handler) =>
                ts.isFunctionLike(unwrapExpression(ts, handler)) || ts.isIdentifier(unwrapExpression(ts, handler)),
            )
          ) {
            bffHandler(
              call,
              `${callee.name.text === 'all' ? 'ALL' : callee.name.text.toUpperCase()} ${path.text}`,
              'route registration',
            );
          }
        }
        // `t.procedure.query(…)`, `protectedProcedure.input(…).mutation(…)`
        if (
          ts.isPropertyAccessExpression(callee) &&
          PROCEDURE_METHODS.has(callee.name.text) &&
          /[Pp]rocedure/.test(calleeText(sourceFile, callee.expression))
        ) {
          const holder =
            parentOf(call) !== undefined && ts.isPropertyAssignment(call.parent)
              ? propertyNameText(ts, call.parent.name)
              : undefined;
          bffHandler(call, holder ?? callee.name.text, `tRPC ${callee.name.text}`);
        }
        break;
      }
      case ts.SyntaxKind.MethodDeclaration: {
        // `return { async GET(request) { … } }`: a route handler returned by a factory.
        const method = node as ts.MethodDeclaration;
        const name = propertyNameText(ts, method.name);
        if (name !== undefined && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name))
          bffHandler(method, name, 'route handler');
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration: {
        const fn = node as ts.FunctionDeclaration;
        const name = fn.name?.text ?? 'default';
        const isDefault =
          ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) === true;
        if (isExported(ts, fn)) {
          if (HANDLER_EXPORTS.has(name)) bffHandler(fn, name, 'route handler');
          else if (serverActions) bffHandler(fn, name, 'server action');
          else if (isDefault && routeFile) bffHandler(fn, name, 'route module');
          else if (isRequestHandler(ts, fn, sourceFile)) bffHandler(fn, name, 'request handler');
        }
        break;
      }
      case ts.SyntaxKind.VariableStatement: {
        const statement = node as ts.VariableStatement;
        if (isExported(ts, statement)) {
          for (const declaration of statement.declarationList.declarations) {
            // `export const { GET, POST } = handlers`, `export const { handlers: { GET, POST } } = NextAuth(…)`
            if (ts.isObjectBindingPattern(declaration.name)) {
              const visitPattern = (pattern: ts.ObjectBindingPattern): void => {
                for (const element of pattern.elements) {
                  if (ts.isObjectBindingPattern(element.name)) visitPattern(element.name);
                  else if (ts.isIdentifier(element.name) && HANDLER_EXPORTS.has(element.name.text))
                    bffHandler(element, element.name.text, 'route handler');
                }
              };
              visitPattern(declaration.name);
              continue;
            }
            if (!ts.isIdentifier(declaration.name) || declaration.initializer === undefined) continue;
            const initializer = unwrapExpression(ts, declaration.initializer);
            if (
              !ts.isArrowFunction(initializer) &&
              !ts.isFunctionExpression(initializer) &&
              !ts.isCallExpression(initializer)
            )
              continue;
            const name = declaration.name.text;
            if (HANDLER_EXPORTS.has(name)) bffHandler(declaration, name, 'route handler');
            else if (serverActions && !ts.isCallExpression(initializer)) bffHandler(declaration, name, 'server action');
            else if (!ts.isCallExpression(initializer) && isRequestHandler(ts, initializer, sourceFile))
              bffHandler(declaration, name, 'request handler');
          }
        }
        break;
      }
      default:
        break;
    }
  };
}

/** The survey of one file as listeners of a walk (the rules' shared walk in the scanner); `finish` gives its sites. */
export interface SurveyListeners extends NodeListeners {
  readonly enter: ListenersByKind;
  /** The sites, in source order, once the walk is done. */
  finish(): SurfaceSite[];
}

/**
 * The sites of one file (see `SiteKind`), from one walk of its tree: the file's own (`walkTree`
 * without linking, for a linked tree) or the rules' shared walk (`runRules`'s `also`).
 */
export function surveyFile(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  config: ResolvedConfig,
  file: FileContext,
  options: SurveyOptions = DEFAULT_SURVEY_OPTIONS,
): SurfaceSite[] {
  const listeners = surveyListeners(ts, sourceFile, config, file, options);
  if (listeners === null) return [];
  walkTree(ts, sourceFile, [listeners], { setParents: false });
  return listeners.finish();
}

/**
 * The survey of one file as listeners for a walk of its tree, or null when the file has no site
 * (files without any text a site needs are not walked). Nothing here looks at `parent` before the
 * walk, so a tree the walk is still to link may be given. Provider facts come from the configured
 * providers' profiles.
 */
export function surveyListeners(
  ts: TypeScript,
  sourceFile: ts.SourceFile,
  config: ResolvedConfig,
  file: FileContext,
  options: SurveyOptions = DEFAULT_SURVEY_OPTIONS,
): SurveyListeners | null {
  const text = sourceFile.text;
  const providers: readonly ProviderProfile[] = config.providers;
  const isBff = file.layer === 'bff';
  const mayHaveOtherSites = INTEREST.test(text) || configurationPattern(config, options)?.test(text) === true;
  if (!isBff && !mayHaveOtherSites) return null;

  const sites: SurfaceSite[] = [];
  const add = (kind: SiteKind, node: ts.Node, detail: SiteDetail, scope = scopeOf(ts, node)) =>
    sites.push({
      kind,
      start: node.getStart(sourceFile),
      end: node.getEnd(),
      scope: ownText(scope),
      detail: withOwnTexts(detail),
    });
  const handlers = bffHandlerVisitor(ts, sourceFile, file, add);
  /** The kinds the handlers are found at; the whole survey listens to imports and `new` too. */
  const handlerKinds = [
    ts.SyntaxKind.ExportDeclaration,
    ts.SyntaxKind.CallExpression,
    ts.SyntaxKind.MethodDeclaration,
    ts.SyntaxKind.FunctionDeclaration,
    ts.SyntaxKind.VariableStatement,
  ];
  const listenersAt = (kinds: readonly ts.SyntaxKind[], listener: (node: ts.Node) => void): ListenersByKind =>
    Object.fromEntries(kinds.map((kind) => [kind, listener]));
  // A BFF file whose text has none of the other sites' names (nor a credential's: `CREDENTIAL_NAMES`)
  // can hold BFF handlers only: no bindings, provider calls or arguments to look into.
  if (!mayHaveOtherSites && !CREDENTIAL_NAMES.test(text))
    return { enter: listenersAt(handlerKinds, handlers), finish: () => sortedSites(sites) };
  const bindings = importedBindings(ts, sourceFile);
  const { wrappers, verifierMethods, policyChecks, policyCheckNames, finderEntries, remoteCalls } = setupOf(
    config,
    options,
  );
  const importedModules = [...new Set([...bindings.values()].map((binding) => binding.module))];
  const engines = POLICY_ENGINES.filter(({ module }) =>
    importedModules.some((imported) =>
      module.endsWith('/') ? imported.startsWith(module) : isModuleOrSubpath(imported, module),
    ),
  );
  const finder = providerCallFinder(ts, sourceFile, finderEntries);

  const runsPerRequest = (node: ts.Node) => isInsideRequestHandler(ts, node, sourceFile) || isInsideProcedure(ts, node);
  /** The module a method's receiver comes from: `getAuth().verifyIdToken` → `firebase-admin/auth`, `admin.auth().verifyIdToken` → `firebase-admin`. */
  const receiverModule = (callee: ts.PropertyAccessExpression): string | undefined => {
    let root: ts.Expression = unwrapExpression(ts, callee.expression);
    for (;;) {
      if (ts.isPropertyAccessExpression(root)) root = unwrapExpression(ts, root.expression);
      else if (ts.isCallExpression(root)) root = unwrapExpression(ts, root.expression);
      else break;
    }
    return ts.isIdentifier(root) ? bindings.get(root.text)?.module : undefined;
  };
  const verification = (
    call: ts.CallExpression,
    library: string,
    mode: 'local' | 'remote',
    extra: Record<string, string | boolean | readonly string[]> = {},
  ) =>
    add('verification', call, {
      call: calleeText(sourceFile, call.expression),
      library,
      mode,
      perRequest: runsPerRequest(call),
      instrumented: isInsideWrapper(ts, call, wrappers, bindings),
      ...extra,
    });

  /** jose `jwtVerify(token, key, options)`: remote when the key is a `createRemoteJWKSet(…)`, made per call when that happens inside a function. */
  const joseDetail = (call: ts.CallExpression): Record<string, string | boolean | readonly string[]> => {
    const detail: Record<string, string | boolean | readonly string[]> = {};
    const key = call.arguments[1];
    if (key !== undefined) {
      const keyValue = valueOf(ts, key);
      const isRemote =
        ts.isCallExpression(keyValue) &&
        isExportOf(importedReferenceOf(ts, bindings, unwrapExpression(ts, keyValue.expression)), 'jose', [
          'createRemoteJWKSet',
        ]);
      detail['keys'] = isRemote ? 'remote JWKS' : 'local key';
      if (isRemote) {
        let inFunction = false;
        for (
          let current = parentOf(keyValue);
          current !== undefined && !ts.isSourceFile(current);
          current = parentOf(current)
        )
          if (ts.isFunctionLike(current)) inFunction = true;
        detail['keySetCreated'] = inFunction ? 'per call' : 'once';
      }
    }
    const verifyOptions = call.arguments[2] !== undefined ? valueOf(ts, call.arguments[2]) : undefined;
    if (verifyOptions !== undefined && ts.isObjectLiteralExpression(verifyOptions)) {
      const issuer = literalStrings(ts, propertyOf(ts, verifyOptions, 'issuer'));
      const algorithms = literalStrings(ts, propertyOf(ts, verifyOptions, 'algorithms'));
      if (issuer !== undefined) detail['issuers'] = issuer;
      if (algorithms !== undefined) detail['algorithms'] = algorithms;
    }
    return detail;
  };

  const visitCall = (call: ts.CallExpression): void => {
    finder.noteCall(call);
    const callee = unwrapExpression(ts, call.expression);
    const name = calledName(ts, callee);
    if (name === undefined) return;
    const reference = importedReferenceOf(ts, bindings, callee);

    // Token verification.
    const imported = IMPORTED_VERIFIERS.find(([module, exports]) => isExportOf(reference, module, exports));
    if (imported !== undefined) {
      verification(call, imported[0], 'local', imported[0] === 'jose' ? joseDetail(call) : {});
      return;
    }
    if (isTelemetryModule(reference?.module) && TELEMETRY_VERIFIERS.includes(reference!.exportName)) {
      add('verification', call, {
        call: calleeText(sourceFile, call.expression),
        library: TELEMETRY_MODULE,
        mode: 'local',
        perRequest: runsPerRequest(call),
        instrumented: true,
      });
      return;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      if (verifierMethods.has(name)) {
        verification(call, receiverModule(callee) ?? 'provider SDK', 'local');
        return;
      }
      if (name === 'verify' || name === 'verifySync') {
        // `CognitoJwtVerifier.create(…)`, also wrapped: `instrumentVerifier(CognitoJwtVerifier.create(…))`.
        let receiver = valueOf(ts, callee.expression);
        let wrapped = false;
        if (ts.isCallExpression(receiver) && receiver.arguments[0] !== undefined) {
          const wrapper = importedReferenceOf(ts, bindings, unwrapExpression(ts, receiver.expression));
          const wrapperName = calledName(ts, unwrapExpression(ts, receiver.expression));
          if (isTelemetryModule(wrapper?.module) || (wrapperName !== undefined && wrappers.has(wrapperName))) {
            receiver = valueOf(ts, receiver.arguments[0]);
            wrapped = true;
          }
        }
        const isAws =
          ts.isCallExpression(receiver) &&
          ts.isPropertyAccessExpression(receiver.expression) &&
          receiver.expression.name.text === 'create' &&
          isExportOf(
            importedReferenceOf(ts, bindings, receiver.expression.expression),
            'aws-jwt-verify',
            AWS_VERIFIER_CLASSES,
          );
        if (isAws) {
          verification(call, 'aws-jwt-verify', 'local', wrapped ? { instrumented: true } : {});
          return;
        }
      }
    }

    // Authorization decisions.
    if (isTelemetryModule(reference?.module) && TELEMETRY_AUTHORIZATION.includes(reference!.exportName)) {
      add('authorization', call, {
        call: calleeText(sourceFile, call.expression),
        engine: TELEMETRY_MODULE,
        instrumented: true,
      });
      return;
    }
    if (policyCheckNames.has(name)) {
      const calleeString = calleeText(sourceFile, callee);
      if (policyChecks.some((check) => calleeString === check || calleeString.endsWith(`.${check}`))) {
        add('authorization', call, {
          call: calleeString,
          engine: 'policy check (configured)',
          instrumented: isInsideWrapper(ts, call, wrappers, bindings),
        });
        return;
      }
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const engine = engines.find(({ methods }) => methods.includes(name));
      if (engine !== undefined) {
        add('authorization', call, {
          call: calleeText(sourceFile, callee),
          engine: engine.engine,
          instrumented: isInsideWrapper(ts, call, wrappers, bindings),
        });
        return;
      }
    }

    // Machine credentials: outbound requests with a static secret, client-credentials grants.
    if (!CREDENTIAL_TEXT.test(sourceFile.text.slice(call.arguments.pos, call.arguments.end))) return;
    const http = HTTP_CALLS.get(name);
    if (
      http !== undefined &&
      (name === 'fetch' ||
        name === 'ofetch' ||
        name === '$fetch' ||
        ts.isPropertyAccessExpression(callee) ||
        reference !== undefined ||
        name === 'axios' ||
        name === 'got' ||
        name === 'ky')
    ) {
      const candidates = http === 'second' ? [call.arguments[1]] : call.arguments;
      for (const argument of candidates) {
        if (argument === undefined) continue;
        const value = valueOf(ts, argument);
        if (!ts.isObjectLiteralExpression(value)) continue;
        const headers = credentialHeadersOf(ts, propertyOf(ts, value, 'headers'));
        const grant = asksClientCredentials(ts, value);
        if (headers.length > 0 || grant) {
          add('machine-credential', call, {
            call: calleeText(sourceFile, callee),
            ...(headers.length > 0
              ? {
                  headers: headers.map(([header]) => header),
                  credentials: [...new Set(headers.map(([, source]) => source))],
                }
              : {}),
            clientCredentialsGrant: grant,
          });
          return;
        }
      }
    }
    clientCredential(call);
  };

  /** `new WorkOS(process.env.WORKOS_API_KEY)`, `new Stripe(env.STRIPE_SECRET_KEY)`, `createClient(url, { apiKey: process.env.X })`: an SDK client holding a static secret. */
  const clientCredential = (call: ts.CallExpression | ts.NewExpression): void => {
    if (
      call.arguments === undefined ||
      call.arguments.length === 0 ||
      !CREDENTIAL_TEXT.test(sourceFile.text.slice(call.arguments.pos, call.arguments.end))
    )
      return;
    const callee = unwrapExpression(ts, call.expression);
    if (importedReferenceOf(ts, bindings, callee) === undefined) return;
    const sources = new Set<string>();
    for (const argument of call.arguments ?? []) {
      const value = valueOf(ts, argument);
      if (ts.isObjectLiteralExpression(value)) {
        for (const property of value.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const name = propertyNameText(ts, property.name);
          const source =
            name !== undefined && SECRET_NAME.test(name) ? credentialSourceOf(ts, property.initializer) : undefined;
          if (source !== undefined) sources.add(source);
        }
      } else {
        const source = credentialSourceOf(ts, argument);
        if (source?.startsWith('env:') === true && SECRET_ENV.test(source.slice(4))) sources.add(source);
      }
    }
    if (sources.size > 0)
      add('machine-credential', call, {
        call: `${ts.isNewExpression(call) ? 'new ' : ''}${calleeText(sourceFile, callee)}`,
        credentials: [...sources].sort(),
        clientCredentialsGrant: false,
      });
  };

  /** One node of a kind the survey listens to (`enter` below); the walk goes on into its children. */
  const onNode = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ExportDeclaration: {
        const specifier = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
        if (specifier !== undefined && ts.isStringLiteralLike(specifier)) {
          finder.noteModuleSpecifier(specifier);
          for (const provider of providers) {
            const sdk = provider.sdkModules.find(({ module }) => isModuleOrSubpath(specifier.text, module));
            if (sdk !== undefined)
              add('provider-sdk', node, {
                provider: provider.id,
                module: specifier.text,
                typeOnly:
                  ts.isImportDeclaration(node) &&
                  node.importClause !== undefined &&
                  isTypeOnlyImport(node.importClause),
              });
          }
        }
        break;
      }
      case ts.SyntaxKind.CallExpression:
        visitCall(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.NewExpression: {
        const construction = node as ts.NewExpression;
        finder.noteCall(construction);
        clientCredential(construction);
        return;
      }
      default:
        break;
    }
    handlers(node);
  };
  const enter = listenersAt([...handlerKinds, ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.NewExpression], onNode);
  const finish = (): SurfaceSite[] => {
    for (const match of finder.matches()) {
      const perRequest = runsPerRequest(match.node);
      // A round trip to the provider that establishes identity is a (remote) token verification.
      if (remoteCalls.has(match.call)) {
        add('verification', match.node, {
          call: match.callee,
          library: match.provider.id,
          mode: 'remote',
          perRequest,
          instrumented: isInsideWrapper(ts, match.node, wrappers, bindings),
        });
      } else {
        add('provider-call', match.node, {
          provider: match.provider.id,
          call: match.callee,
          purpose: 'writes authorization',
          perRequest,
        });
      }
    }
    // A wrapper around a decision the survey sees is that one decision: the inner call names the
    // engine, and is listed as instrumented. A wrapper around a call it cannot see stays listed.
    const inner = sites.filter((site) => site.kind === 'authorization' && site.detail['engine'] !== TELEMETRY_MODULE);
    const listed = sites.filter(
      (site) =>
        !(
          site.kind === 'authorization' &&
          site.detail['engine'] === TELEMETRY_MODULE &&
          inner.some((other) => other.start >= site.start && other.end <= site.end)
        ),
    );
    return sortedSites(listed);
  };
  return { enter, finish };
}

/** The survey options a configuration gives (`require-instrumented-auth-decision`'s options, whether or not the rule is on). */
export function surveyOptionsOf(config: ResolvedConfig): SurveyOptions {
  return resolveRuleOptions(requireInstrumentedAuthDecision, config);
}
