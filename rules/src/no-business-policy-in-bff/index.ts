import type * as ts from 'typescript';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { isValidRegex } from '../config/schema.js';
import { defineRule, type Detection, type TypeScript } from '../detector.js';
import type { FileContext } from '../layers.js';
import { findLocalDeclaration, unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';

const LITERAL_KINDS = ['role', 'plan', 'status', 'feature'] as const;
type LiteralKind = (typeof LITERAL_KINDS)[number];

/** Words of a compared name that make a string literal compared with it a role, plan, status or feature literal. */
const LITERAL_KIND_WORDS: Readonly<Record<LiteralKind, readonly string[]>> = {
  role: ['role', 'roles', 'group', 'groups', 'permission', 'permissions'],
  plan: ['plan', 'plans', 'tier', 'tiers', 'subscription', 'subscriptions', 'edition', 'entitlement', 'entitlements'],
  status: ['status', 'statuses', 'state', 'stage'],
  feature: ['feature', 'features', 'flag', 'flags', 'capability', 'capabilities'],
};

/** Outcomes of transport and promise plumbing, not business states (`r.status === 'fulfilled'`). */
const TRANSPORT_LITERALS: ReadonlySet<string> = new Set(['fulfilled', 'rejected', 'error', 'success', 'ok', 'failed', 'failure']);

/** Awaited calls that read the incoming request, not domain state (`await request.json()`). */
const REQUEST_READERS: ReadonlySet<string> = new Set(['json', 'text', 'formData', 'arrayBuffer', 'blob', 'body', 'jwtVerify', 'parse', 'parseAsync', 'safeParse', 'safeParseAsync', 'validate']);

/** Calls that compare two values for equality: change detection and joins, not decisions (`!isEqual(before, after)`). */
const EQUALITY_CALLS: ReadonlySet<string> = new Set(['deepEqual', 'isEqual', 'equal', 'equals', 'isDeepStrictEqual', 'dequal', 'shallowEqual', 'isEqualWith']);

/** Methods that match one value against another; with a non-literal argument they join, like `===`. */
const MATCHING_METHODS: ReadonlySet<string> = new Set(['includes', 'has', 'startsWith', 'endsWith', 'indexOf', 'localeCompare']);

/** Properties of a request that hold its raw input. */
const REQUEST_INPUTS: ReadonlySet<string> = new Set(['body', 'url', 'nextUrl', 'query', 'headers', 'cookies', 'searchParams', 'raw']);

/** Words of parameter names and types that hold the incoming request. */
const REQUEST_WORDS: ReadonlySet<string> = new Set(['req', 'request', 'event']);

/** Array methods whose callback decides which elements stay or match: the callback body is a predicate. */
const PREDICATE_METHODS: ReadonlySet<string> = new Set(['filter', 'find', 'findLast', 'findIndex', 'findLastIndex', 'some', 'every']);
/** Array methods that look one element up: a literal in their predicate is a key (`teamRole === Role.ADMIN`), not a policy. */
const LOOKUP_METHODS: ReadonlySet<string> = new Set(['find', 'findLast', 'findIndex', 'findLastIndex']);

/** Array methods whose callback parameter is an element of the receiver. */
const ELEMENT_METHODS: ReadonlySet<string> = new Set([...PREDICATE_METHODS, 'map', 'flatMap', 'forEach', 'reduce', 'sort', 'toSorted']);
const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'race', 'any']);

const DEFAULT_DECISION_NAME_PATTERN = '^(can|should)[A-Z0-9_]|^is[A-Za-z0-9]*Allowed$|^has[A-Za-z0-9]*Access$|.(Enabled|Ready|Complete)$';

const options = z.strictObject({
  decisionNamePattern: z
    .string()
    .refine(isValidRegex, 'expected a valid JavaScript regular expression')
    .default(DEFAULT_DECISION_NAME_PATTERN)
    .describe('Regular expression over variable and property names that declare a decision (`canBook`, `isRefundAllowed`, `hasPremiumAccess`, `checkoutEnabled`, `walletReady`, `profileComplete`, `shouldUpsell`).'),
  policyLiteralKinds: z
    .array(z.enum(LITERAL_KINDS))
    .default([...LITERAL_KINDS])
    .describe('Kinds of string literals that make a comparison with domain state a policy decision: `role`, `plan`, `status`, `feature`.'),
  minimumSources: z.number().int().min(2).default(2).describe('How many distinct sources of domain state a condition must combine to be reported as a composed decision.'),
  allowedCalls: z
    .array(z.string())
    .default([])
    .describe('Calls that are composition, by callee name or dotted text (`isVisible`, `flags.isOn`): their arguments are not examined and their result is not domain state.'),
  clientsFromImports: z
    .boolean()
    .default(true)
    .describe('Count bindings imported from outside the BFF layer (and parameters or properties typed with such imports) as domain clients.'),
  domainClients: z
    .array(z.string())
    .default(['services', 'dataSources', 'clients', 'loaders'])
    .describe('Names that mark a domain client anywhere in a call\'s receiver chain (`ctx.services.billing.status()`, `context.dataSources.plans.get()`).'),
});
type Options = z.infer<typeof options>;


/** One source of domain state: a client, a typed dependency or the result of a call. */
interface Source {
  /** How the message names it (`billing.statusOf`, `accessClient`). */
  readonly name: string;
  /** The domain module it comes from, when an import says so. */
  readonly module: string | null;
}
type Sources = ReadonlyMap<string, Source>;
const NO_SOURCES: Sources = new Map();

interface PolicyLiteral {
  readonly kind: LiteralKind;
  readonly literal: string;
  readonly state: string;
  readonly sources: Sources;
}

interface DecisionAnalysis {
  readonly sources: Sources;
  readonly literal: PolicyLiteral | undefined;
}

interface ImportedBinding {
  /** Whether the module is outside the BFF layer. */
  readonly outside: boolean;
  /** Whether the specifier is relative (resolved against the file's path) rather than a package. */
  readonly relative: boolean;
  readonly module: string | null;
}

const MAX_TRACE_DEPTH = 6;

/** Words of names that hold yes/no facts rather than objects: a bare `premium` is a fact, a bare `booking` an object. */
const FACT_WORDS: readonly string[] = ['is', 'has', 'can', 'should', 'ready', 'enabled', 'active', 'allowed', 'allows', 'permits', 'granted', 'complete', 'completed', 'verified', 'eligible', 'paid', 'blocked', 'premium', 'valid'];

/** Strips parentheses only (an `await` inside them stays visible). */
function skipParentheses(ts: TypeScript, expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

export const noBusinessPolicyInBff = defineRule({
  id: 'no-business-policy-in-bff',
  meta: {
    type: 'suggestion',
    description: 'Reject business decisions in the Backend-for-Frontend: conditions that combine several domains\' state, compare it with role, plan, status or feature literals, or compute `can*`-style answers.',
    preset: 'recommended',
    messages: {
      composedDecision:
        'This {{decision}} combines domain state from {{sources}} into a business decision: the BFF has become a second application. The decision belongs in {{owner}}; call it once and pass its answer through (e.g. `access.canAccess`).',
      policyLiteral:
        'This {{decision}} tests `{{state}}` (from {{sources}}) against the {{kind}} {{literal}}: that is business policy, not response shaping. The decision belongs in {{owner}}; ask it for the answer and pass it through.',
      decisionName:
        '`{{name}}` is a decision computed in the BFF from {{sources}}. The decision belongs in {{owner}}; return it from there and pass it through instead of computing it here.',
    },
    options,
  },
  appliesTo: (file) => file.layer === 'bff',
  detect({ ts, sourceFile, config, file, options }) {
    return new PolicyDetector(ts, sourceFile, config, file, options).run();
  },
});

/** The names of a rule's findings, read by message data: "`a`, `b` and `c`". */
function listOf(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

function ownerOf(sources: Sources): string {
  const modules = [...new Set([...sources.values()].flatMap((source) => (source.module === null ? [] : [source.module])))].sort();
  if (modules.length === 0) return 'the domain service that owns it';
  const allKnown = [...sources.values()].every((source) => source.module !== null);
  if (modules.length === 1 && allKnown) return `the \`${modules[0]}\` domain`;
  return `one domain service (${modules.map((module) => `\`${module}\``).join(' or ')}${allKnown ? '' : ' or the owner of the other sources'}, or an access service over them)`;
}

function union(...all: Sources[]): Sources {
  const nonEmpty = all.filter((sources) => sources.size > 0);
  if (nonEmpty.length === 0) return NO_SOURCES;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const merged = new Map<string, Source>();
  for (const sources of nonEmpty) for (const [key, source] of sources) merged.set(key, source);
  return merged;
}

function only(source: Source): Sources {
  return new Map([[source.name, source]]);
}

/** Normalises a posix path: resolves `.` and `..` segments; a path that climbs above the root keeps its leading `..`. */
function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The file a relative import names, with TypeScript's `.js` → `.ts` convention (classification only needs the path). */
function resolveRelativeImport(fromFile: string, specifier: string): string {
  const directory = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
  const joined = normalizePath(`${directory}/${specifier}`);
  if (/\.[cm]?js$/.test(joined)) return joined.replace(/\.([cm]?)js$/, '.$1ts');
  return /\.[cm]?tsx?$/.test(joined) ? joined : `${joined}.ts`;
}

class PolicyDetector {
  private readonly detections: Detection[] = [];
  private readonly importSpecifiers = new Map<string, string>();
  private readonly bindingsBySpecifier = new Map<string, ImportedBinding>();
  private readonly sourcesMemo = new Map<ts.Node, Sources>();
  private readonly declarations = new Map<ts.Identifier, ReturnType<typeof findLocalDeclaration>>();
  /** Sources of the conditions of the `if`s enclosing the node being visited, in the same function. */
  private enclosingConditions: Sources[] = [];
  private readonly decisionName: RegExp;
  private readonly literalKinds: readonly LiteralKind[];
  private readonly allowedCalls: ReadonlySet<string>;
  private readonly clientWords: ReadonlySet<string>;
  /** Read once: the host's `ts.SyntaxKind` may be a getter (an ESM namespace), too slow per node. */
  private readonly syntaxKind: TypeScript['SyntaxKind'];

  constructor(
    private readonly ts: TypeScript,
    private readonly sourceFile: ts.SourceFile,
    private readonly config: ResolvedConfig,
    private readonly file: FileContext,
    private readonly options: Options,
  ) {
    this.decisionName = new RegExp(options.decisionNamePattern, 'u');
    this.literalKinds = options.policyLiteralKinds;
    this.allowedCalls = new Set(options.allowedCalls);
    this.clientWords = new Set(options.domainClients);
    this.syntaxKind = ts.SyntaxKind;
  }

  run(): Detection[] {
    const { ts } = this;
    // Imports are top-level statements: reading them is not a walk of the tree.
    for (const statement of this.sourceFile.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) this.recordImport(statement, statement.moduleSpecifier.text);
    }
    this.visit(this.sourceFile);
    return this.detections.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  private recordImport(declaration: ts.ImportDeclaration, specifier: string): void {
    const { ts } = this;
    const clause = declaration.importClause;
    if (clause === undefined) return;
    if (clause.name) this.importSpecifiers.set(clause.name.text, specifier);
    const named = clause.namedBindings;
    if (named === undefined) return;
    if (ts.isNamespaceImport(named)) this.importSpecifiers.set(named.name.text, specifier);
    else for (const element of named.elements) this.importSpecifiers.set(element.name.text, specifier);
  }

  /** Where an imported name comes from, resolved on first use (most imports never reach a decision). */
  private importOf(name: string): ImportedBinding | undefined {
    const specifier = this.importSpecifiers.get(name);
    if (specifier === undefined) return undefined;
    let binding = this.bindingsBySpecifier.get(specifier);
    if (binding === undefined) {
      binding = this.importedBinding(specifier);
      this.bindingsBySpecifier.set(specifier, binding);
    }
    return binding;
  }

  private importedBinding(specifier: string): ImportedBinding {
    if (!specifier.startsWith('.')) return { outside: true, relative: false, module: null };
    const target = resolveRelativeImport(this.file.path, specifier);
    if (target.startsWith('..')) return { outside: true, relative: true, module: null };
    const context = this.config.classify(target);
    if (context === null) return { outside: true, relative: true, module: null };
    return { outside: context.layer !== 'bff', relative: true, module: context.layer === 'domain' || context.layer === 'auth' ? context.module : null };
  }

  // ── the walk ────────────────────────────────────────────────────────────────────────────────

  private readonly visitChild = (child: ts.Node): void => this.visit(child);


  /**
   * The one walk of the tree. A node judged as a whole decision is not descended into: its parts
   * belong to that decision (one finding per decision), so the walk skips them.
   */
  private visit(node: ts.Node): void {
    const { ts, syntaxKind: K } = this;
    const kind = node.kind;
    // Types, interfaces and imports hold no decisions.
    if ((kind >= K.FirstTypeNode && kind <= K.LastTypeNode) || kind === K.InterfaceDeclaration || kind === K.TypeAliasDeclaration || kind === K.ImportDeclaration) return;
    switch (kind) {
      case K.IfStatement: {
        const statement = node as ts.IfStatement;
        const own = this.analyzeDecision(statement.expression);
        // An early exit decides together with the `if`s it is nested in: `if (!plan.isPro) { if (count >= 3) throw … }`.
        const nested = this.isEarlyExit(statement.thenStatement) && own.sources.size > 0 ? union(own.sources, ...this.enclosingConditions) : own.sources;
        const decision = nested.size > own.sources.size ? 'early return inside an enclosing `if`' : this.isEarlyExit(statement.thenStatement) ? 'early return' : '`if` condition';
        this.judgeAnalysis(statement.expression, decision, { sources: nested, literal: own.literal });
        // Only a yes/no condition guards a decision; `if (user.passwordHash)` just checks a value is there.
        const guards = own.sources.size > 0 && this.isBooleanShaped(statement.expression);
        if (guards) this.enclosingConditions.push(own.sources);
        this.visit(statement.thenStatement);
        if (statement.elseStatement) this.visit(statement.elseStatement);
        if (guards) this.enclosingConditions.pop();
        return;
      }
      case K.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        this.judge(conditional.condition, 'ternary condition', this.isLabelChoice(conditional));
        this.visit(conditional.whenTrue);
        this.visit(conditional.whenFalse);
        return;
      }
      case K.SwitchStatement: {
        this.judgeSwitch(node as ts.SwitchStatement);
        break;
      }
      case K.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator === K.AmpersandAmpersandToken || (operator === K.BarBarToken && this.isBooleanChain(binary))) {
          this.judge(binary, operator === K.AmpersandAmpersandToken ? '`&&` chain' : '`||` chain');
          return;
        } else if (this.isComparison(operator)) {
          if (this.mayDecide(binary)) this.judge(binary, 'comparison');
          return;
        }
        break;
      }
      case K.CallExpression: {
        const call = node as ts.CallExpression;
        if (this.isAllowedCall(call)) return;
        if (this.isPolicyMembershipCall(call)) {
          this.judge(call, 'comparison');
          return;
        }
        break;
      }
      case K.ArrowFunction:
      case K.FunctionExpression: {
        const fn = node as ts.ArrowFunction | ts.FunctionExpression;
        const method = this.predicateMethodOf(fn);
        if (method !== undefined && !ts.isBlock(fn.body)) {
          this.judge(fn.body, `\`${method}\` predicate`, LOOKUP_METHODS.has(method));
          return;
        }
        break;
      }
      case K.ReturnStatement: {
        const statement = node as ts.ReturnStatement;
        const fn = this.enclosingFunction(statement);
        const method = fn === undefined ? undefined : this.predicateMethodOf(fn);
        if (statement.expression && method !== undefined) {
          this.judge(statement.expression, `\`${method}\` predicate`, LOOKUP_METHODS.has(method));
            return;
        }
        break;
      }
      case K.VariableDeclaration:
      case K.PropertyAssignment: {
        const declaration = node as ts.VariableDeclaration | ts.PropertyAssignment;
        const name = declaration.name;
        if (declaration.initializer && !ts.isFunctionLike(declaration.initializer) && ts.isIdentifier(name) && this.decisionName.test(name.text)) {
          this.judgeNamedDecision(name, declaration.initializer);
          return;
        }
        break;
      }
    }
    if (ts.isFunctionLike(node)) {
      // Conditions of an enclosing function do not guard a nested function's body (it runs later, elsewhere).
      const enclosing = this.enclosingConditions;
      this.enclosingConditions = [];
      ts.forEachChild(node, this.visitChild);
      this.enclosingConditions = enclosing;
      return;
    }
    ts.forEachChild(node, this.visitChild);
  }

  // ── decisions ───────────────────────────────────────────────────────────────────────────────

  /**
   * Whether a comparison on its own can be a decision, checked before any tracing: an equality needs a
   * policy literal of a known kind on one side (equality of two values is a join, with a number at most
   * one source), an order needs two non-literal sides.
   */
  private mayDecide(comparison: ts.BinaryExpression): boolean {
    const { ts } = this;
    const left = unwrapExpression(ts, comparison.left);
    const right = unwrapExpression(ts, comparison.right);
    const operator = comparison.operatorToken.kind;
    const isOrder = operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken || operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken;
    if (isOrder) return !ts.isLiteralExpression(left) && !ts.isLiteralExpression(right);
    const rightLiteral = this.policyLiteralOf(right);
    const literal = rightLiteral ?? this.policyLiteralOf(left);
    if (literal === undefined || literal.transport) return false;
    return literal.kind !== undefined || this.literalKindOf(rightLiteral !== undefined ? left : right) !== undefined;
  }

  /** Judges an expression as one decision and reports it; returns whether it was reported. */
  /** `literalIsKey`: a literal compared here picks a label or looks an element up, so only composed sources count. */
  private judge(expression: ts.Expression, decision: string, literalIsKey = false): boolean {
    return this.judgeAnalysis(expression, decision, this.analyzeDecision(expression), literalIsKey);
  }

  private judgeAnalysis(expression: ts.Expression, decision: string, analysis: DecisionAnalysis, literalIsKey = false): boolean {
    if (analysis.sources.size >= this.options.minimumSources) {
      this.report(expression, 'composedDecision', { decision, sources: listOf([...analysis.sources.values()].map((source) => source.name)), owner: ownerOf(analysis.sources) });
      return true;
    }
    const literal = analysis.literal;
    if (literal !== undefined && !literalIsKey) {
      this.report(expression, 'policyLiteral', {
        decision,
        state: literal.state,
        sources: listOf([...literal.sources.values()].map((source) => source.name)),
        kind: `${literal.kind} literal`,
        literal: literal.literal,
        owner: ownerOf(literal.sources),
      });
      return true;
    }
    return false;
  }

  private judgeNamedDecision(name: ts.Identifier, initializer: ts.Expression): void {
    if (this.judge(initializer, `\`${name.text}\``)) return;
    if (this.isPassThrough(initializer)) return;
    const sources = this.sourcesOf(initializer, 0);
    if (sources.size === 0) return;
    this.report(name, 'decisionName', { name: name.text, sources: listOf([...sources.values()].map((source) => source.name)), owner: ownerOf(sources) });
  }

  private judgeSwitch(statement: ts.SwitchStatement): void {
    const { ts } = this;
    const clause = statement.caseBlock.clauses.find((candidate): candidate is ts.CaseClause => ts.isCaseClause(candidate) && this.policyLiteralOf(candidate.expression) !== undefined);
    const literal = clause === undefined ? undefined : this.policyLiteralOf(clause.expression);
    if (literal === undefined) return;
    const kind = this.literalKindOf(statement.expression) ?? literal.kind;
    if (kind === undefined) return;
    const sources = this.sourcesOf(statement.expression, 0);
    if (sources.size === 0) return;
    this.report(statement.expression, 'policyLiteral', {
      decision: '`switch`',
      state: this.stateText(statement.expression),
      sources: listOf([...sources.values()].map((source) => source.name)),
      kind: `${kind} literal`,
      literal: literal.text,
      owner: ownerOf(sources),
    });
  }

  /**
   * The facts a decision combines: its `&&`/`||`/`!`/ternary leaves, minus presence checks of fetched
   * objects, transport checks and joins (`a.id === b.lineId`), plus the first policy literal it compares.
   */
  private analyzeDecision(expression: ts.Expression): DecisionAnalysis {
    const { ts } = this;
    const sources: Sources[] = [];
    let literal: PolicyLiteral | undefined;
    const leaf = (node: ts.Expression): void => {
      const current = unwrapExpression(ts, node);
      if (ts.isPrefixUnaryExpression(current) && current.operator === ts.SyntaxKind.ExclamationToken) return leaf(current.operand);
      if (ts.isBinaryExpression(current)) {
        const operator = current.operatorToken.kind;
        if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
          leaf(current.left);
          leaf(current.right);
          return;
        }
        if (this.isComparison(operator)) {
          const found = this.comparisonFacts(current);
          if (found.literal && literal === undefined) literal = found.literal;
          sources.push(found.sources);
          return;
        }
        if (operator === ts.SyntaxKind.InstanceOfKeyword) return;
      }
      if (ts.isConditionalExpression(current)) {
        leaf(current.condition);
        leaf(current.whenTrue);
        leaf(current.whenFalse);
        return;
      }
      if (ts.isCallExpression(current)) {
        const membership = this.membershipFacts(current);
        if (membership !== undefined) {
          if (membership.literal && literal === undefined) literal = membership.literal;
          sources.push(membership.sources);
          return;
        }
        if (this.isJoinCall(current)) return;
      }
      if (this.isPresenceOrTransportCheck(current)) return;
      sources.push(this.sourcesOf(current, 0));
    };
    leaf(expression);
    return { sources: union(...sources), literal };
  }

  private comparisonFacts(comparison: ts.BinaryExpression): { sources: Sources; literal?: PolicyLiteral } {
    const { ts } = this;
    const left = unwrapExpression(ts, comparison.left);
    const right = unwrapExpression(ts, comparison.right);
    if (this.isNullish(left) || this.isNullish(right) || ts.isTypeOfExpression(left) || ts.isTypeOfExpression(right)) return { sources: NO_SOURCES };
    const rightLiteral = this.policyLiteralOf(right);
    const leftLiteral = rightLiteral === undefined ? this.policyLiteralOf(left) : undefined;
    const named = rightLiteral ?? leftLiteral;
    if (named !== undefined) {
      const other = rightLiteral !== undefined ? left : right;
      const sources = this.sourcesOf(other, 0);
      const kind = this.literalKindOf(other) ?? named.kind;
      if (kind !== undefined && sources.size > 0 && !named.transport) return { sources, literal: { kind, literal: named.text, state: this.stateText(other), sources } };
      return { sources };
    }
    if (ts.isNumericLiteral(right) || ts.isNumericLiteral(left)) {
      // `res.status >= 400`: transport; `bookings.length > 0`: a fact of one source.
      const value = ts.isNumericLiteral(right) ? left : right;
      return { sources: this.isTransportName(value) ? NO_SOURCES : this.sourcesOf(value, 0) };
    }
    const operator = comparison.operatorToken.kind;
    const isEquality = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
    // Equality of two values is a join (`trip.lineId === line.id`), composition; an order between them decides.
    if (isEquality) return { sources: NO_SOURCES };
    return { sources: union(this.sourcesOf(left, 0), this.sourcesOf(right, 0)) };
  }

  /** `roles.includes('admin')`, `flags.has('beta')`, `['owner', 'admin'].includes(member.role)`. */
  private membershipFacts(call: ts.CallExpression): { sources: Sources; literal?: PolicyLiteral } | undefined {
    const { ts } = this;
    const callee = unwrapExpression(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !['includes', 'has'].includes(callee.name.text)) return undefined;
    const receiver = unwrapExpression(ts, callee.expression);
    const argument = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
    if (argument === undefined) return undefined;
    const named = this.policyLiteralOf(argument);
    if (named !== undefined) {
      const sources = this.sourcesOf(receiver, 0);
      const kind = this.literalKindOf(receiver) ?? named.kind;
      if (kind !== undefined && sources.size > 0 && !named.transport) return { sources, literal: { kind, literal: named.text, state: this.stateText(receiver), sources } };
      return { sources };
    }
    const listed = ts.isArrayLiteralExpression(receiver) ? receiver.elements.map((element) => this.policyLiteralOf(element)) : [];
    if (listed.length > 0 && listed.every((element) => element !== undefined)) {
      const sources = this.sourcesOf(argument, 0);
      const first = listed[0]!;
      const kind = this.literalKindOf(argument) ?? first.kind;
      if (kind !== undefined && sources.size > 0) return { sources, literal: { kind, literal: first.text, state: this.stateText(argument), sources } };
      return { sources };
    }
    return undefined;
  }

  /** `isEqual(a, b)`, `host.endsWith(apexSuffix)`, `allowedTypes.includes(method.type)`: two values matched, a join. */
  private isJoinCall(call: ts.CallExpression): boolean {
    const { ts } = this;
    const callee = unwrapExpression(ts, call.expression);
    const name = this.lastNameOf(callee);
    if (name !== undefined && EQUALITY_CALLS.has(name)) return true;
    const argument = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
    return ts.isPropertyAccessExpression(callee) && MATCHING_METHODS.has(callee.name.text) && argument !== undefined && this.policyLiteralOf(argument) === undefined && !ts.isNumericLiteral(argument);
  }

  /**
   * A literal a decision can compare with: a string (`"enterprise"`) or an enum-like member
   * (`Plan.ENTERPRISE`, `OrganisationMemberRole.ADMIN`), whose type name may say its kind.
   */
  private policyLiteralOf(expression: ts.Expression): { text: string; kind: LiteralKind | undefined; transport: boolean } | undefined {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    if (ts.isStringLiteralLike(node)) return { text: JSON.stringify(node.text), kind: undefined, transport: TRANSPORT_LITERALS.has(node.text) };
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && /^[A-Z]/.test(node.expression.text) && /^[A-Z][A-Z0-9_]*$|^[A-Z][a-z]/.test(node.name.text)) {
      // The enum's head noun says what its members are: `OrganisationMemberRole` holds roles, `OrganisationGroupType` types.
      const head = wordsOf(node.expression.text).at(-1) ?? '';
      const kind = this.literalKinds.find((candidate) => LITERAL_KIND_WORDS[candidate].includes(head));
      return { text: node.getText(this.sourceFile), kind, transport: TRANSPORT_LITERALS.has(node.name.text.toLowerCase()) };
    }
    return undefined;
  }

  /**
   * Whether an argument is the incoming request or its raw input: `parseRequestBody(req)`,
   * `getSearchParams(request.url)`, `validate(req.body)`. An id taken from it (`request.params.id`) is not.
   */
  private readsRequest(argument: ts.Expression): boolean {
    const { ts } = this;
    let node = unwrapExpression(ts, argument);
    if (ts.isPropertyAccessExpression(node) && REQUEST_INPUTS.has(node.name.text)) node = unwrapExpression(ts, node.expression);
    if (!ts.isIdentifier(node)) return false;
    // Parameters, also destructured ones (`async ({ req, workspace }) => …`), which the local lookup does not see.
    const declaration = this.declarationOf(node);
    if (declaration !== undefined && !ts.isParameter(declaration)) return false;
    const words = [...wordsOf(node.text), ...(declaration?.type === undefined ? [] : wordsOf(declaration.type.getText(this.sourceFile)))];
    return words.some((word) => REQUEST_WORDS.has(word));
  }

  private isPolicyMembershipCall(call: ts.CallExpression): boolean {
    return this.membershipFacts(call)?.literal !== undefined;
  }

  private literalKindOf(expression: ts.Expression): LiteralKind | undefined {
    const name = this.lastNameOf(expression);
    if (name === undefined) return undefined;
    const words = wordsOf(name);
    return this.literalKinds.find((kind) => words.some((word) => LITERAL_KIND_WORDS[kind].includes(word)));
  }

  /** The name a value is known by: `plan` of `account.plan`, `roles` of `user.roles`, `getPlan` of `getPlan()`. */
  private lastNameOf(expression: ts.Expression): string | undefined {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    if (ts.isIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) return node.name.text;
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
    if (ts.isCallExpression(node)) return this.lastNameOf(node.expression);
    return undefined;
  }

  private stateText(expression: ts.Expression): string {
    return unwrapExpression(this.ts, expression).getText(this.sourceFile).replace(/\s+/g, ' ');
  }

  /** `!booking`, `wallet == null`, `res.ok`, `result.error`: checks of a fetch, not facts of a domain. */
  private isPresenceOrTransportCheck(expression: ts.Expression): boolean {
    const { ts } = this;
    if (expression.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isIdentifier(expression)) return this.isFetchedObjectName(expression);
    return this.isTransportName(expression);
  }

  /**
   * Whether a bare name in a decision only checks that a value is there (`!booking`, `txtHost && txtValue`,
   * `directDebit ? [directDebit] : []`): true unless the name reads as a yes/no fact (`premium`,
   * `platformReady`), holds a yes/no call's answer (`const allowed = await access.allows(id)`), or holds a
   * boolean-shaped expression (`const changed = a !== b`), whose own facts are then traced.
   */
  private isFetchedObjectName(identifier: ts.Identifier): boolean {
    const { ts } = this;
    if (this.decisionName.test(identifier.text) || this.isFactName(identifier.text)) return false;
    const declaration = this.declarationOf(identifier);
    if (declaration === undefined || ts.isParameter(declaration)) return true;
    if (ts.isBindingElement(declaration)) {
      if (!ts.isArrayBindingPattern(declaration.parent) || !ts.isVariableDeclaration(declaration.parent.parent)) return true;
      // `const [user, wallet] = await Promise.all([users.get(id), wallets.isBlocked(id)])`: judged by the call it binds.
      const initializer = declaration.parent.parent.initializer;
      const call = initializer === undefined ? undefined : unwrapExpression(ts, initializer);
      const list = call !== undefined && ts.isCallExpression(call) && call.arguments[0] !== undefined ? unwrapExpression(ts, call.arguments[0]) : undefined;
      const item = list !== undefined && ts.isArrayLiteralExpression(list) ? list.elements[declaration.parent.elements.indexOf(declaration)] : undefined;
      return item === undefined || !this.isFactCall(item);
    }
    if (declaration.initializer === undefined) return true;
    const initializer = unwrapExpression(ts, declaration.initializer);
    if (ts.isCallExpression(initializer)) return !this.isFactCall(initializer);
    if (ts.isPrefixUnaryExpression(initializer)) return initializer.operator !== ts.SyntaxKind.ExclamationToken;
    if (ts.isBinaryExpression(initializer)) {
      const operator = initializer.operatorToken.kind;
      return !(this.isComparison(operator) || operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken);
    }
    return true;
  }

  /** A call whose name asks a yes/no question: `access.allows(…)`, `billing.isPremium(…)`, `flags.hasFeature(…)`. */
  private isFactCall(expression: ts.Expression): boolean {
    const node = unwrapExpression(this.ts, expression);
    if (!this.ts.isCallExpression(node)) return false;
    const name = this.lastNameOf(node.expression);
    return name !== undefined && (this.decisionName.test(name) || this.isFactName(name));
  }

  /** `cond ? 'Premium' : 'Standard'`: a ternary that picks a label formats an answer, it does not decide. */
  private isLabelChoice(conditional: ts.ConditionalExpression): boolean {
    const { ts } = this;
    // Nested ternaries that end in labels are one mapping: `plan === 'enterprise' ? 'RED' : plan === 'advanced' ? 'YELLOW' : 'GREY'`.
    const isLabel = (branch: ts.Expression): boolean => {
      const node = unwrapExpression(ts, branch);
      if (ts.isConditionalExpression(node)) return isLabel(node.whenTrue) && isLabel(node.whenFalse);
      return ts.isStringLiteralLike(node) || ts.isTemplateExpression(node) || node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
    };
    return isLabel(conditional.whenTrue) && isLabel(conditional.whenFalse);
  }

  private isTransportName(expression: ts.Expression): boolean {
    const name = this.lastNameOf(expression);
    return name !== undefined && ['ok', 'error', 'errors', 'status', 'statusCode', 'isError', 'isSuccess', 'success'].includes(name) && !this.ts.isIdentifier(unwrapExpression(this.ts, expression));
  }

  /** Names that read as boolean facts rather than objects (`isActive`, `hasCard`, `platformReady`): a bare one is not a presence check. */
  private isFactName(name: string): boolean {
    const words = wordsOf(name);
    return FACT_WORDS.some((word) => words.includes(word));
  }

  private isNullish(expression: ts.Expression): boolean {
    const { ts } = this;
    return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === 'undefined') || ts.isVoidExpression(expression);
  }

  private isComparison(operator: ts.SyntaxKind): boolean {
    const { ts } = this;
    return (
      operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === ts.SyntaxKind.EqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsToken ||
      operator === ts.SyntaxKind.LessThanToken ||
      operator === ts.SyntaxKind.LessThanEqualsToken ||
      operator === ts.SyntaxKind.GreaterThanToken ||
      operator === ts.SyntaxKind.GreaterThanEqualsToken
    );
  }

  /** An `||` chain decides when an operand is boolean-shaped; `profile.nickname || account.name` is a display default. */
  private isBooleanChain(chain: ts.BinaryExpression): boolean {
    const { ts } = this;
    const operands: ts.Expression[] = [];
    const collect = (node: ts.Expression) => {
      const current = unwrapExpression(ts, node);
      if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
        collect(current.left);
        collect(current.right);
      } else operands.push(current);
    };
    collect(chain);
    return operands.some((operand) => this.isBooleanShaped(operand));
  }

  /** A negation, comparison, `&&`, membership test, or a name that reads as a yes/no fact (`isPro`, `walletReady`). */
  private isBooleanShaped(expression: ts.Expression): boolean {
    const { ts } = this;
    const operand = unwrapExpression(ts, expression);
    if (ts.isPrefixUnaryExpression(operand) && operand.operator === ts.SyntaxKind.ExclamationToken) return true;
    if (ts.isBinaryExpression(operand)) {
      const operator = operand.operatorToken.kind;
      if (operator === ts.SyntaxKind.BarBarToken) return this.isBooleanShaped(operand.left) || this.isBooleanShaped(operand.right);
      return operator === ts.SyntaxKind.AmpersandAmpersandToken || this.isComparison(operator);
    }
    if (ts.isCallExpression(operand) && this.membershipFacts(operand) !== undefined) return true;
    const name = this.lastNameOf(operand);
    return name !== undefined && !ts.isCallExpression(operand) && (this.decisionName.test(name) || this.isFactName(name));
  }

  /** `if (…) return …` / `if (…) throw …`, or a block that does nothing else. */
  private isEarlyExit(statement: ts.Statement): boolean {
    const { ts } = this;
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
    if (ts.isBlock(statement)) {
      const last = statement.statements.at(-1);
      return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
    }
    return false;
  }

  /** `filter`, `some`, … when `fn` is the callback of such an array method call. */
  private predicateMethodOf(fn: ts.Node): string | undefined {
    const { ts } = this;
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
    const call = fn.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    const callee = unwrapExpression(ts, call.expression);
    return ts.isPropertyAccessExpression(callee) && PREDICATE_METHODS.has(callee.name.text) ? callee.name.text : undefined;
  }

  private enclosingFunction(node: ts.Node): ts.Node | undefined {
    for (let current = node.parent; current !== undefined; current = current.parent) if (this.ts.isFunctionLike(current)) return current;
    return undefined;
  }

  /** A value handed through as the domain answered it: `access.canAccess`, `await access.canBook(id)`, `flags.checkout ?? false`. */
  private isPassThrough(expression: ts.Expression): boolean {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isLiteralExpression(node)) return true;
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return this.isPassThrough(node.left);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && ts.isPrefixUnaryExpression(node.operand) && node.operand.operator === ts.SyntaxKind.ExclamationToken) {
      return this.isPassThrough(node.operand.operand);
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(ts, node.expression);
      if (ts.isIdentifier(callee) && callee.text === 'Boolean' && node.arguments[0]) return this.isPassThrough(node.arguments[0]);
      // A domain's answer: an awaited call, or a call on a domain client.
      return this.isAwaited(node) || this.isClientChain(callee);
    }
    return false;
  }

  // ── sources ─────────────────────────────────────────────────────────────────────────────────

  /** The sources of domain state an expression's value comes from, traced through local declarations. */
  private sourcesOf(expression: ts.Expression, depth: number): Sources {
    const memo = this.sourcesMemo.get(expression);
    if (memo !== undefined) return memo;
    if (depth > MAX_TRACE_DEPTH) return NO_SOURCES;
    const sources = this.computeSources(expression, depth);
    this.sourcesMemo.set(expression, sources);
    return sources;
  }

  private computeSources(expression: ts.Expression, depth: number): Sources {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    if (ts.isCallExpression(node)) return this.sourcesOfCall(node, this.isAwaited(node), depth);
    if (ts.isIdentifier(node)) return this.sourcesOfName(node, depth);
    if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.isTypedThisMember(node) ? only({ name: node.name.text, module: null }) : NO_SOURCES;
      if (this.isClientChain(node)) return only({ name: this.clientText(node), module: this.moduleOfChain(node) });
      return this.sourcesOf(node.expression, depth);
    }
    if (ts.isElementAccessExpression(node)) return this.sourcesOf(node.expression, depth);
    if (ts.isFunctionLike(node) || ts.isClassExpression(node)) return NO_SOURCES;
    // A traced value that is itself a comparison keeps the same rules as a decision: joins and null checks carry no facts.
    if (ts.isBinaryExpression(node) && this.isComparison(node.operatorToken.kind)) return this.comparisonFacts(node).sources;
    const parts: Sources[] = [];
    ts.forEachChild(node, (child) => {
      if (ts.isPropertyAssignment(child)) parts.push(this.sourcesOf(child.initializer, depth));
      else if (ts.isSpreadAssignment(child) || ts.isTemplateSpan(child)) parts.push(this.sourcesOf(child.expression, depth));
      else if (ts.isShorthandPropertyAssignment(child)) parts.push(this.sourcesOf(child.name, depth));
      else if (ts.isExpression(child)) parts.push(this.sourcesOf(child, depth));
    });
    return union(...parts);
  }

  private sourcesOfCall(call: ts.CallExpression, awaited: boolean, depth: number): Sources {
    const { ts } = this;
    if (this.isAllowedCall(call) || this.isJoinCall(call)) return NO_SOURCES;
    const callee = unwrapExpression(ts, call.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && PROMISE_COMBINATORS.has(callee.name.text)) {
      const list = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
      if (list === undefined || !ts.isArrayLiteralExpression(list)) return NO_SOURCES;
      return union(...list.elements.map((element) => this.sourcesOfElement(element, depth)));
    }
    if (this.isClientChain(callee)) return only({ name: this.sourceNameOfCall(call), module: this.moduleOfChain(callee) });
    const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? this.sourcesOf(callee.expression, depth) : NO_SOURCES;
    const callbacks = ts.isPropertyAccessExpression(callee) && ELEMENT_METHODS.has(callee.name.text);
    const argumentSources = callbacks ? NO_SOURCES : union(...call.arguments.map((argument) => this.sourcesOf(argument, depth)));
    if (receiver.size > 0) return union(receiver, argumentSources);
    const name = this.lastNameOf(callee);
    if (awaited && name !== undefined && !REQUEST_READERS.has(name) && !call.arguments.some((argument) => this.readsRequest(argument))) return only({ name: this.sourceNameOfCall(call), module: null });
    return argumentSources;
  }

  /** An element of `Promise.all([…])`: every call in it is awaited by the combinator. */
  private sourcesOfElement(element: ts.Expression, depth: number): Sources {
    const node = unwrapExpression(this.ts, element);
    return this.ts.isCallExpression(node) ? this.sourcesOfCall(node, true, depth) : this.sourcesOf(node, depth);
  }

  private sourcesOfName(identifier: ts.Identifier, depth: number): Sources {
    const { ts } = this;
    const imported = this.importOf(identifier.text);
    const declaration = this.declarationOf(identifier);
    if (declaration === undefined) {
      if (imported?.outside && imported.relative && this.options.clientsFromImports) return only({ name: identifier.text, module: imported.module });
      return NO_SOURCES;
    }
    if (ts.isParameter(declaration)) {
      if (this.isDomainTyped(declaration.type) || this.clientWords.has(identifier.text)) return only({ name: identifier.text, module: this.moduleOfType(declaration.type) });
      const fn = declaration.parent;
      const call = fn.parent;
      if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(call) && call.arguments[0] === fn) {
        const callee = unwrapExpression(ts, call.expression);
        // The element parameter of `trips.filter((trip) => …)` carries the sources of `trips`.
        if (ts.isPropertyAccessExpression(callee) && ELEMENT_METHODS.has(callee.name.text) && fn.parameters.indexOf(declaration) === (callee.name.text === 'reduce' ? 1 : 0)) {
          return this.sourcesOf(callee.expression, depth + 1);
        }
      }
      return NO_SOURCES;
    }
    if (ts.isVariableDeclaration(declaration)) {
      if (this.isDomainTyped(declaration.type)) return only({ name: identifier.text, module: this.moduleOfType(declaration.type) });
      return declaration.initializer ? this.sourcesOf(declaration.initializer, depth + 1) : NO_SOURCES;
    }
    return this.sourcesOfBinding(declaration, depth + 1);
  }

  /** A destructured name: follows the pattern path into the initializer (`const [a, b] = await Promise.all([…])`). */
  private sourcesOfBinding(element: ts.BindingElement, depth: number): Sources {
    const { ts } = this;
    const path: (number | null)[] = [];
    let current: ts.Node = element;
    while (ts.isBindingElement(current)) {
      const pattern: ts.BindingPattern = current.parent;
      path.unshift(ts.isArrayBindingPattern(pattern) ? pattern.elements.indexOf(current) : null);
      current = pattern.parent;
    }
    if (ts.isParameter(current)) {
      const parameter = current;
      if (this.isDomainTyped(parameter.type)) return only({ name: element.name.getText(this.sourceFile), module: this.moduleOfType(parameter.type) });
      const key = element.propertyName ? element.propertyName.getText(this.sourceFile) : element.name.getText(this.sourceFile);
      return this.clientWords.has(key) ? only({ name: key, module: null }) : NO_SOURCES;
    }
    if (!ts.isVariableDeclaration(current) || current.initializer === undefined) return NO_SOURCES;
    let value: ts.Expression = unwrapExpression(ts, current.initializer);
    for (const step of path) {
      if (step === null) break;
      if (ts.isCallExpression(value)) {
        const callee = unwrapExpression(ts, value.expression);
        const list = value.arguments[0] === undefined ? undefined : unwrapExpression(ts, value.arguments[0]);
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && PROMISE_COMBINATORS.has(callee.name.text) && list && ts.isArrayLiteralExpression(list)) {
          const item = list.elements[step];
          return item === undefined ? NO_SOURCES : this.sourcesOfElement(item, depth);
        }
      }
      if (ts.isArrayLiteralExpression(value)) {
        const item = value.elements[step];
        if (item === undefined) return NO_SOURCES;
        value = unwrapExpression(ts, item);
        continue;
      }
      break;
    }
    return this.sourcesOf(value, depth);
  }

  // ── clients ─────────────────────────────────────────────────────────────────────────────────

  /** Whether a callee or property chain reaches a domain client: an import from outside the BFF, a typed dependency, a `domainClients` name. */
  private isClientChain(expression: ts.Expression): boolean {
    const { ts } = this;
    let node: ts.Expression = unwrapExpression(ts, expression);
    for (;;) {
      if (ts.isPropertyAccessExpression(node)) {
        if (this.clientWords.has(node.name.text) && node !== expression) return true;
        if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.isTypedThisMember(node);
        node = unwrapExpression(ts, node.expression);
      } else if (ts.isElementAccessExpression(node) || ts.isCallExpression(node)) {
        node = unwrapExpression(ts, node.expression);
      } else break;
    }
    if (!ts.isIdentifier(node)) return false;
    if (this.clientWords.has(node.text)) return true;
    if (!this.options.clientsFromImports) return false;
    const declaration = this.declarationOf(node);
    if (declaration === undefined) {
      const imported = this.importOf(node.text);
      return imported !== undefined && imported.outside && imported.relative;
    }
    return (ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) && this.isDomainTyped(declaration.type);
  }

  /** `this.billing` where the class declares `billing` (property or constructor parameter property) with a domain type. */
  private isTypedThisMember(access: ts.PropertyAccessExpression): boolean {
    const { ts } = this;
    if (this.clientWords.has(access.name.text)) return true;
    if (!this.options.clientsFromImports) return false;
    let owner: ts.Node | undefined = access.parent;
    while (owner !== undefined && !ts.isClassLike(owner)) owner = owner.parent;
    if (owner === undefined) return false;
    for (const member of owner.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === access.name.text) return this.isDomainTyped(member.type);
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters) if (ts.isIdentifier(parameter.name) && parameter.name.text === access.name.text) return this.isDomainTyped(parameter.type);
      }
    }
    return false;
  }

  /** A type annotation that names a type imported from a relative module outside the BFF layer (`bookings: BookingService`). */
  private isDomainTyped(type: ts.TypeNode | undefined): boolean {
    if (!this.options.clientsFromImports || type === undefined) return false;
    const binding = this.importOfType(type);
    return binding !== undefined && binding.outside && binding.relative;
  }

  private moduleOfType(type: ts.TypeNode | undefined): string | null {
    return type === undefined ? null : (this.importOfType(type)?.module ?? null);
  }

  private importOfType(type: ts.TypeNode): ImportedBinding | undefined {
    const { ts } = this;
    if (!ts.isTypeReferenceNode(type)) return undefined;
    let name: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(name)) name = name.left;
    return this.importOf(name.text);
  }

  private moduleOfChain(expression: ts.Expression): string | null {
    const { ts } = this;
    let node: ts.Expression = unwrapExpression(ts, expression);
    while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) node = unwrapExpression(ts, node.expression);
    if (!ts.isIdentifier(node)) return null;
    const declaration = this.declarationOf(node);
    if (declaration === undefined) return this.importOf(node.text)?.module ?? null;
    return ts.isParameter(declaration) || ts.isVariableDeclaration(declaration) ? this.moduleOfType(declaration.type) : null;
  }

  /** The local declaration of a name (see `findLocalDeclaration`), looked up once per identifier. */
  private declarationOf(identifier: ts.Identifier): ReturnType<typeof findLocalDeclaration> {
    if (this.declarations.has(identifier)) return this.declarations.get(identifier);
    const declaration = findLocalDeclaration(this.ts, identifier);
    this.declarations.set(identifier, declaration);
    return declaration;
  }

  private isAllowedCall(call: ts.CallExpression): boolean {
    if (this.allowedCalls.size === 0) return false;
    const callee = unwrapExpression(this.ts, call.expression);
    const name = this.lastNameOf(callee);
    return (name !== undefined && this.allowedCalls.has(name)) || this.allowedCalls.has(this.calleeText(callee));
  }

  private isAwaited(call: ts.CallExpression): boolean {
    const { ts } = this;
    let parent = call.parent;
    while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent)) parent = parent.parent;
    return ts.isAwaitExpression(parent) || ts.isReturnStatement(parent);
  }

  /** The callee as written, without `this.` and call arguments: `ctx.services.billing.status`. */
  private calleeText(callee: ts.Expression): string {
    const { ts } = this;
    const node = unwrapExpression(ts, callee);
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      return node.expression.kind === ts.SyntaxKind.ThisKeyword ? name : `${this.calleeText(node.expression)}${node.questionDotToken ? '?.' : '.'}${name}`;
    }
    if (ts.isCallExpression(node)) return `${this.calleeText(node.expression)}()`;
    if (ts.isElementAccessExpression(node)) return `${this.calleeText(node.expression)}[${ts.isStringLiteralLike(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression) ? node.argumentExpression.getText(this.sourceFile) : '…'}]`;
    return node.kind === ts.SyntaxKind.ThisKeyword ? 'this' : '…';
  }

  /** A property read names its client, not the property: `featureFlags.checkout` → `featureFlags`, `ctx.services.billing.plan` → `ctx.services.billing`. */
  private clientText(access: ts.Expression): string {
    const { ts } = this;
    const chain: ts.Expression[] = [];
    for (let node: ts.Expression = unwrapExpression(ts, access); ; ) {
      chain.unshift(node);
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = unwrapExpression(ts, node.expression);
      else break;
    }
    const wordAt = chain.findIndex((node) => ts.isPropertyAccessExpression(node) ? this.clientWords.has(node.name.text) : ts.isIdentifier(node) && this.clientWords.has(node.text));
    const end = wordAt >= 0 ? Math.min(wordAt + 1, chain.length - 1) : chain[0]!.kind === ts.SyntaxKind.ThisKeyword ? 1 : 0;
    return this.calleeText(chain[end]!);
  }

  private sourceNameOfCall(call: ts.CallExpression): string {
    const { ts } = this;
    const name = this.calleeText(call.expression);
    const first = call.arguments[0];
    // Calls of one function with different fixed targets are different sources: `fetch('/billing')`, `fetch('/access')`.
    const isTarget = first !== undefined && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || ((ts.isIdentifier(first) || ts.isPropertyAccessExpression(first)) && ['url', 'uri', 'endpoint', 'path', 'route'].some((word) => wordsOf(this.lastNameOf(first) ?? '').includes(word))));
    if (first !== undefined && isTarget && ts.isIdentifier(unwrapExpression(ts, call.expression)) && !this.isClientChain(call.expression)) {
      const text = first.getText(this.sourceFile);
      return `${name}(${text.length > 40 ? `${text.slice(0, 39)}…${text.at(-1)}` : text})`;
    }
    return name;
  }

  private report(node: ts.Node, messageId: string, data: Record<string, string>): void {
    this.detections.push({ messageId, data, start: node.getStart(this.sourceFile), end: node.getEnd() });
  }
}
