import type * as ts from 'typescript';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Detection, TypeScript } from '../detector.js';
import type { FileContext } from '../layers.js';
import { propertyNameText, unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';
import { LITERAL_KIND_WORDS, type LiteralKind, type Options } from './options.js';
import {
  assignsState,
  enclosingFunction,
  isDivisionGuard,
  isComparison,
  isEarlyExit,
  isEmptinessCheck,
  isSkip,
  isEquality,
  isLabelChoice,
  isNegation,
  isNullish,
  lastNameOf,
  predicateMethodOf,
  rootOf,
} from './shapes.js';
import { listOf, NO_SOURCES, only, ownerOf, union, type Sources } from './sources.js';
import { ormSourceOf } from './orm.js';
import { SourceTracer } from './tracer.js';
import {
  STATE_WORDS,
  ENTITLEMENT_WORDS,
  EQUALITY_CALLS,
  ERROR_DETAIL_WORDS,
  EXISTENCE_WORDS,
  LOOKUP_METHODS,
  MATCHING_METHODS,
  OWNER_WORDS,
  REFUSAL_TEXT,
  TRANSPORT_LITERALS,
} from './vocabulary.js';

interface PolicyLiteral {
  readonly kind: LiteralKind;
  readonly literal: string;
  readonly state: string;
  readonly sources: Sources;
}

/** `upload.owner_id !== profile.owner_id`: who owns a record, compared with who asks. */
interface Ownership {
  readonly left: string;
  readonly right: string;
  readonly sources: Sources;
}

/** A yes/no fact about what the customer bought or has left (`!trialLeft`, `!isPremium`). */
interface Entitlement {
  readonly state: string;
  readonly sources: Sources;
}

/** Presence checks over one fetched aggregate: `!doc.title || !doc.summary || !doc.sections.some(…)`. */
interface Readiness {
  readonly aggregate: string;
  readonly checks: ReadonlySet<string>;
  readonly children: number;
  readonly sources: Sources;
}

/** `journey.currRep < journey.program.reps`, `count >= MAX_FREE_POSTS`: domain state ordered against a limit. */
interface Limit {
  readonly left: string;
  readonly right: string;
  readonly sources: Sources;
}

/** `if (!collectible.active) return 403`, `if (pet.isDeceased) return …`: one fact of a record that refuses the request. */
interface State {
  readonly state: string;
  readonly sources: Sources;
}

/** `x === true` → `x`, `x !== true` / `x == false` → `!x`; undefined for any other expression. */
function booleanComparedOf(
  ts: TypeScript,
  expression: ts.BinaryExpression,
): { expression: ts.Expression; negated: boolean } | undefined {
  const K = ts.SyntaxKind;
  const operator = expression.operatorToken.kind;
  if (!isEquality(ts, operator)) return undefined;
  const isBoolean = (node: ts.Expression) => node.kind === K.TrueKeyword || node.kind === K.FalseKeyword;
  const left = unwrapExpression(ts, expression.left);
  const right = unwrapExpression(ts, expression.right);
  const [value, literal] = isBoolean(right) ? [left, right] : isBoolean(left) ? [right, left] : [undefined, undefined];
  if (value === undefined) return undefined;
  const unequal = operator === K.ExclamationEqualsEqualsToken || operator === K.ExclamationEqualsToken;
  return { expression: value, negated: unequal !== (literal.kind === K.FalseKeyword) };
}

/** ORM calls that fetch one record, and those that count records, whose filter can hold an owner's id. */
const FIND_ONE_METHODS: ReadonlySet<string> = new Set([
  'findFirst',
  'findUnique',
  'findFirstOrThrow',
  'findUniqueOrThrow',
  'findOne',
  'findOneBy',
]);
const COUNT_METHODS: ReadonlySet<string> = new Set(['count', 'countBy', 'countDocuments']);

interface DecisionAnalysis {
  readonly limit?: Limit | undefined;
  readonly state?: State | undefined;
  readonly existence?: State | undefined;
  readonly sources: Sources;
  readonly literal?: PolicyLiteral | undefined;
  readonly ownership?: Ownership | undefined;
  readonly entitlement?: Entitlement | undefined;
  readonly readiness?: Readiness | undefined;
}

/**
 * Where a condition stands: an `if` or ternary that branches (`condition`; an `if` whose branch
 * refuses is a `gate`), a computed value (`value`), or an array predicate (`predicate`), where an
 * equality of two values is a join and never an ownership check.
 */
type Position = 'gate' | 'condition' | 'value' | 'predicate';

/** The decisions: one walk of the tree, each condition judged once as a whole. */
export class PolicyDetector extends SourceTracer {
  private readonly detections: Detection[] = [];
  /** Ranges of the decisions reported so far, in walk order: what lies inside one was counted there. */
  private readonly reported: { start: number; end: number }[] = [];
  /** Sources of the conditions of the `if`s enclosing the node being visited, in the same function. */
  private enclosingConditions: Sources[] = [];
  /** Whether the `if` being judged refuses with "already …": a value that is set there is a state, not a presence check. */
  private refusesAlready = false;
  private readonly literalKinds: readonly LiteralKind[];
  /** Read once: the host's `ts.SyntaxKind` may be a getter (an ESM namespace), too slow per node. */
  private readonly syntaxKind: TypeScript['SyntaxKind'];

  constructor(ts: TypeScript, sourceFile: ts.SourceFile, config: ResolvedConfig, file: FileContext, options: Options) {
    super(ts, sourceFile, config, file, options);
    this.literalKinds = options.policyLiteralKinds;
    this.syntaxKind = ts.SyntaxKind;
  }

  run(): Detection[] {
    this.visit(this.sourceFile);
    return this.detections.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  protected isWithinReported(node: ts.Node): boolean {
    const start = node.getStart(this.sourceFile);
    const end = node.getEnd();
    return this.reported.some((range) => range.start >= start && range.end <= end);
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
    // Tokens and identifiers: no decision, no children (most nodes; nothing below would apply).
    if (kind <= K.LastToken) return;
    // Types, interfaces and imports hold no decisions.
    if (
      (kind >= K.FirstTypeNode && kind <= K.LastTypeNode) ||
      kind === K.InterfaceDeclaration ||
      kind === K.TypeAliasDeclaration ||
      kind === K.ImportDeclaration
    )
      return;
    switch (kind) {
      case K.IfStatement: {
        const statement = node as ts.IfStatement;
        // `if (!item.active) continue;` in a loop over records refuses that record, as an early return refuses the request.
        const skips = isSkip(ts, statement.thenStatement);
        const exits = isEarlyExit(ts, statement.thenStatement) || skips;
        const refusesRequest =
          ts.isThrowStatement(statement.thenStatement) ||
          REFUSAL_TEXT.test(statement.thenStatement.getText(this.sourceFile));
        const refuses = skips || (exits && refusesRequest);
        this.refusesAlready = refuses && /already/i.test(statement.thenStatement.getText(this.sourceFile));
        const own = this.analyzeDecision(statement.expression, refuses ? 'gate' : 'condition');
        this.refusesAlready = false;
        // An early exit decides together with the `if`s it is nested in: `if (!plan.isPro) { if (count >= 3) throw … }`.
        const nested = exits && own.sources.size > 0 ? union(own.sources, ...this.enclosingConditions) : own.sources;
        const decision =
          nested.size > own.sources.size
            ? 'early return inside an enclosing `if`'
            : exits
              ? 'early return'
              : '`if` condition';
        const reported = this.judgeAnalysis(statement.expression, decision, { ...own, sources: nested });
        if (!reported && refuses && !this.judgeOwnershipByQuery(statement.expression, decision)) {
          this.judgeExistence(statement.expression, decision);
        }
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
        // `views > 0 ? completions / views : 0`: a guard against dividing by zero, arithmetic.
        if (isDivisionGuard(ts, conditional, this.sourceFile)) {
          this.visit(conditional.whenTrue);
          this.visit(conditional.whenFalse);
          return;
        }
        const label = isLabelChoice(ts, conditional);
        // `qty <= min ? ("LOW_STOCK" as InventoryStatus) : …`: a ternary that assigns a state decides like a refusing `if`.
        this.judge(
          conditional.condition,
          'ternary condition',
          label ? 'value' : assignsState(ts, conditional) ? 'gate' : 'condition',
          label,
        );
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
        if (operator === K.AmpersandAmpersandToken && ts.isExpressionStatement(binary.parent)) {
          // `teacher.referId && (await clerk.deleteUser(teacher.referId))`: an `if` written as an expression; its condition is the left side.
          this.judge(binary.left, '`&&` guard', 'condition');
          this.visit(binary.right);
          return;
        }
        if (operator === K.AmpersandAmpersandToken || (operator === K.BarBarToken && this.isBooleanChain(binary))) {
          this.judge(binary, operator === K.AmpersandAmpersandToken ? '`&&` chain' : '`||` chain', 'value');
          return;
        } else if (isComparison(ts, operator)) {
          if (this.mayDecide(binary) || this.ownerCountOf(binary) !== undefined) {
            this.judge(binary, 'comparison', 'value');
          }
          return;
        }
        break;
      }
      case K.CallExpression: {
        const call = node as ts.CallExpression;
        if (this.isAllowedCall(call)) return;
        if (this.membershipFacts(call)?.literal !== undefined) {
          this.judge(call, 'comparison', 'value');
          return;
        }
        break;
      }
      case K.ArrowFunction:
      case K.FunctionExpression: {
        const fn = node as ts.ArrowFunction | ts.FunctionExpression;
        const method = predicateMethodOf(ts, fn);
        if (method !== undefined && !ts.isBlock(fn.body)) {
          this.judge(fn.body, `\`${method}\` predicate`, 'predicate', LOOKUP_METHODS.has(method));
          return;
        }
        break;
      }
      case K.ReturnStatement: {
        const statement = node as ts.ReturnStatement;
        const fn = enclosingFunction(ts, statement);
        const method = fn === undefined ? undefined : predicateMethodOf(ts, fn);
        if (statement.expression && method !== undefined) {
          this.judge(statement.expression, `\`${method}\` predicate`, 'predicate', LOOKUP_METHODS.has(method));
          return;
        }
        break;
      }
      case K.VariableDeclaration:
      case K.PropertyAssignment: {
        const declaration = node as ts.VariableDeclaration | ts.PropertyAssignment;
        const name = declaration.name;
        if (
          declaration.initializer &&
          !ts.isFunctionLike(declaration.initializer) &&
          ts.isIdentifier(name) &&
          this.decisionName.test(name.text)
        ) {
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

  // ── judging ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Whether a comparison on its own can be a decision, checked before any tracing: an equality needs a
   * policy literal of a known kind on one side (equality of two values is a join, with a number at most
   * one source), an order needs two non-literal sides.
   */
  private mayDecide(comparison: ts.BinaryExpression): boolean {
    const { ts } = this;
    const left = unwrapExpression(ts, comparison.left);
    const right = unwrapExpression(ts, comparison.right);
    if (!isEquality(ts, comparison.operatorToken.kind))
      return !ts.isLiteralExpression(left) && !ts.isLiteralExpression(right);
    const rightLiteral = this.policyLiteralOf(right);
    const literal = rightLiteral ?? this.policyLiteralOf(left);
    if (literal === undefined || literal.transport) return false;
    return literal.kind !== undefined || this.literalKindOf(rightLiteral !== undefined ? left : right) !== undefined;
  }

  /**
   * Judges an expression as one decision and reports it; returns whether it was reported.
   * `literalIsKey`: a literal compared here picks a label or looks an element up, so only composed sources count.
   */
  private judge(expression: ts.Expression, decision: string, position: Position, literalIsKey = false): boolean {
    return this.judgeAnalysis(expression, decision, this.analyzeDecision(expression, position), literalIsKey);
  }

  private judgeAnalysis(
    expression: ts.Expression,
    decision: string,
    analysis: DecisionAnalysis,
    literalIsKey = false,
  ): boolean {
    const { ownership, literal, readiness, entitlement, limit } = analysis;
    if (ownership !== undefined) {
      const sources = union(ownership.sources, analysis.sources);
      return this.report(expression, 'ownershipCheck', {
        decision,
        left: ownership.left,
        right: ownership.right,
        sources: listOf(sources),
        owner: ownerOf(sources),
      });
    }
    if (analysis.sources.size >= this.options.minimumSources) {
      return this.report(expression, 'composedDecision', {
        decision,
        sources: listOf(analysis.sources),
        owner: ownerOf(analysis.sources),
      });
    }
    if (literal !== undefined && !literalIsKey) {
      return this.report(expression, 'policyLiteral', {
        decision,
        state: literal.state,
        sources: listOf(literal.sources),
        kind: `${literal.kind} literal`,
        literal: literal.literal,
        owner: ownerOf(literal.sources),
      });
    }
    if (readiness !== undefined) {
      return this.report(expression, 'readinessCheck', {
        decision,
        aggregate: readiness.aggregate,
        checks: listOf([...readiness.checks]),
        sources: listOf(readiness.sources),
        owner: ownerOf(readiness.sources),
      });
    }
    if (entitlement !== undefined) {
      return this.report(expression, 'entitlementCheck', {
        decision,
        state: entitlement.state,
        sources: listOf(entitlement.sources),
        owner: ownerOf(entitlement.sources),
      });
    }
    if (limit !== undefined) {
      return this.report(expression, 'limitCheck', {
        decision,
        left: limit.left,
        right: limit.right,
        sources: listOf(limit.sources),
        owner: ownerOf(limit.sources),
      });
    }
    if (analysis.existence !== undefined) {
      return this.report(expression, 'existenceCheck', {
        decision,
        name: analysis.existence.state,
        sources: listOf(analysis.existence.sources),
        owner: ownerOf(analysis.existence.sources),
      });
    }
    if (analysis.state !== undefined) {
      return this.report(expression, 'stateCheck', {
        decision,
        state: analysis.state.state,
        sources: listOf(analysis.state.sources),
        owner: ownerOf(analysis.state.sources),
      });
    }
    return false;
  }

  private judgeNamedDecision(name: ts.Identifier, initializer: ts.Expression): void {
    if (this.judge(initializer, `\`${name.text}\``, 'value')) return;
    if (this.isPassThrough(initializer)) return;
    const sources = this.sourcesOf(initializer, 0);
    if (sources.size === 0) return;
    this.report(name, 'decisionName', { name: name.text, sources: listOf(sources), owner: ownerOf(sources) });
  }

  private judgeSwitch(statement: ts.SwitchStatement): void {
    const { ts } = this;
    const clause = statement.caseBlock.clauses.find(
      (candidate): candidate is ts.CaseClause =>
        ts.isCaseClause(candidate) && this.policyLiteralOf(candidate.expression) !== undefined,
    );
    const literal = clause === undefined ? undefined : this.policyLiteralOf(clause.expression);
    if (literal === undefined) return;
    const kind = this.literalKindOf(statement.expression) ?? literal.kind;
    if (kind === undefined) return;
    const sources = this.sourcesOf(statement.expression, 0);
    if (sources.size === 0) return;
    this.report(statement.expression, 'policyLiteral', {
      decision: '`switch`',
      state: this.stateText(statement.expression),
      sources: listOf(sources),
      kind: `${kind} literal`,
      literal: literal.text,
      owner: ownerOf(sources),
    });
  }

  /**
   * `const existingOrder = await db.order.findUnique(…); if (existingOrder) return conflict()`: a
   * record's existence that refuses the request (a 4xx answer, a throw, a refusal word) decides a
   * business outcome. `if (!order) return notFound()` is a lookup's plumbing and is not reported.
   */
  private judgeExistence(condition: ts.Expression, decision: string): void {
    const { ts } = this;
    const node = unwrapExpression(ts, condition);
    if (!ts.isIdentifier(node)) return;
    const existenceWord = wordsOf(node.text).some((word) => EXISTENCE_WORDS.has(word));
    if (!existenceWord && (this.isFactName(node.text) || this.decisionName.test(node.text))) return;
    // `if (error) return …`, `if (upErr) …`: a failed query, not a record that exists.
    if (/err$/i.test(node.text) || wordsOf(node.text).some((word) => ERROR_DETAIL_WORDS.has(word))) return;
    const declaration = this.declarationOf(node);
    if (declaration === undefined || ts.isParameter(declaration)) return;
    const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : declaration;
    if (initializer === undefined || this.isWithinReported(initializer)) return;
    // `const already = await entitlements.hasEntitlement(…)`: a domain's yes/no answer, mapped to a response.
    if (
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      this.isFactCall(declaration.initializer)
    )
      return;
    const sources = this.sourcesOf(node, 0);
    if (sources.size === 0) return;
    const fromModel = [...sources.values()].some((source) => source.model !== undefined);
    if (!fromModel && !existenceWord) return;
    this.report(condition, 'existenceCheck', {
      decision,
      name: node.text,
      sources: listOf(sources),
      owner: ownerOf(sources),
    });
  }

  /**
   * `const pet = await db.pet.findFirst({ where: { id: petId, userId } }); if (!pet) return 404`: the
   * query asks for the record and its owner at once, so a refusal when it finds nothing is an
   * ownership decision (L2 found it as often as the comparison). `if (!order)` after a lookup by id
   * alone, and `if (!profile)` after a lookup by the caller's id alone, stay plumbing.
   */
  private judgeOwnershipByQuery(condition: ts.Expression, decision: string): boolean {
    const { ts } = this;
    const node = unwrapExpression(ts, condition);
    if (!isNegation(ts, node)) return false;
    const operand = unwrapExpression(ts, node.operand);
    if (!ts.isIdentifier(operand)) return false;
    const ownership = this.ownerQueryOf(operand, FIND_ONE_METHODS);
    if (ownership === undefined) return false;
    const { left, right, sources } = ownership;
    return this.report(condition, 'ownershipCheck', {
      decision,
      left,
      right,
      sources: listOf(sources),
      owner: ownerOf(sources),
    });
  }

  /** `count > 0` over `const count = await db.post.count({ where: { id, authorId: user.id } })`: whether the caller owns it. */
  private ownerCountOf(comparison: ts.BinaryExpression): Ownership | undefined {
    const { ts } = this;
    const left = unwrapExpression(ts, comparison.left);
    const right = unwrapExpression(ts, comparison.right);
    const [counted, bound] = ts.isNumericLiteral(right) ? [left, right] : [right, left];
    if (!ts.isNumericLiteral(bound) || !['0', '1'].includes(bound.text) || !ts.isIdentifier(counted)) return undefined;
    return this.ownerQueryOf(counted, COUNT_METHODS);
  }

  /**
   * The ownership a name's query asks for: its initializer calls an ORM model with a filter that
   * holds an owner's id (`userId`, `authorId`, `teacherId`, `owner_id`, not a literal) and the
   * record's own key (`id`, `_id`, `uuid`, `slug`).
   */
  private ownerQueryOf(identifier: ts.Identifier, methods: ReadonlySet<string>): Ownership | undefined {
    const { ts } = this;
    const declaration = this.declarationOf(identifier);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration)) return undefined;
    if (declaration.initializer === undefined) return undefined;
    const call = unwrapExpression(ts, declaration.initializer);
    if (!ts.isCallExpression(call)) return undefined;
    const callee = unwrapExpression(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !methods.has(callee.name.text)) return undefined;
    const source = ormSourceOf(ts, this.sourceFile, call);
    if (source?.model === undefined) return undefined;
    const first = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
    if (first === undefined || !ts.isObjectLiteralExpression(first)) return undefined;
    // Prisma and TypeORM take `{ where: { … } }`, Mongoose the filter itself.
    const where = first.properties.find(
      (property): property is ts.PropertyAssignment =>
        ts.isPropertyAssignment(property) && propertyNameText(ts, property.name) === 'where',
    );
    const filter = where === undefined ? first : unwrapExpression(ts, where.initializer);
    if (!ts.isObjectLiteralExpression(filter)) return undefined;
    const keys = filter.properties.flatMap((property) => {
      if (ts.isShorthandPropertyAssignment(property)) {
        return [{ name: property.name.text, value: property.name.text, literal: false }];
      }
      if (!ts.isPropertyAssignment(property)) return [];
      const name = propertyNameText(ts, property.name);
      const value = unwrapExpression(ts, property.initializer);
      const literal =
        ts.isLiteralExpression(value) ||
        ts.isObjectLiteralExpression(value) ||
        value.kind === ts.SyntaxKind.NullKeyword;
      return name === undefined ? [] : [{ name, value: this.stateText(value), literal }];
    });
    const owner = keys.find(({ name, literal }) => {
      const words = wordsOf(name);
      const isId = ['id', 'uid', 'by'].includes(words.at(-1) ?? '');
      return !literal && isId && words.some((word) => OWNER_WORDS.has(word));
    });
    if (owner === undefined) return undefined;
    // The record's own key: `{ studentId, classId }` on a join table finds a membership: presence, not ownership.
    if (!keys.some(({ name, literal }) => !literal && ['id', '_id', 'uuid', 'slug'].includes(name))) return undefined;
    return { left: `${source.model}.${owner.name}`, right: owner.value, sources: only(source) };
  }

  // ── the facts of a decision ────────────────────────────────────────────────────────────────

  /**
   * The facts a decision combines: its `&&`/`||`/`!`/ternary leaves, minus presence checks of fetched
   * objects and their properties, emptiness checks, transport and Result checks, error codes and joins
   * (`a.id === b.lineId`), plus the first policy literal it compares, an ownership comparison, a
   * readiness check over one aggregate and an entitlement fact.
   */
  private analyzeDecision(expression: ts.Expression, position: Position): DecisionAnalysis {
    const { ts } = this;
    const sources: Sources[] = [];
    let literal: PolicyLiteral | undefined;
    let ownership: Ownership | undefined;
    let entitlement: Entitlement | undefined;
    let limit: Limit | undefined;
    let state: State | undefined;
    let existence: State | undefined;
    // Allocated on first use: most decisions check no property's presence and inline no name.
    let aggregates:
      Map<string, { checks: Set<string>; childChecks: Set<string>; children: number; root: ts.Identifier }> | undefined;
    let inlined: Set<ts.Node> | undefined;
    const presence = (root: ts.Identifier, check: string, child: boolean): void => {
      aggregates ??= new Map();
      let aggregate = aggregates.get(root.text);
      if (aggregate === undefined)
        aggregates.set(root.text, (aggregate = { checks: new Set(), childChecks: new Set(), children: 0, root }));
      if (!aggregate.checks.has(check)) aggregate.checks.add(check);
      else if (!child || aggregate.childChecks.has(check)) return;
      if (child) {
        aggregate.childChecks.add(check);
        aggregate.children += 1;
      }
    };
    const leaf = (node: ts.Expression, negated = false): void => {
      const current = unwrapExpression(ts, node);
      if (isNegation(ts, current)) {
        leaf(current.operand, true);
        return;
      }
      if (isEmptinessCheck(ts, current)) {
        // `doc.sections.length === 0` checks a child collection of `doc`; `rows.length > 0` only guards a write.
        const size = unwrapExpression(
          ts,
          isNegation(ts, current)
            ? current.operand
            : ts.isBinaryExpression(current)
              ? ts.isNumericLiteral(unwrapExpression(ts, current.right))
                ? current.left
                : current.right
              : current,
        );
        const collection = ts.isPropertyAccessExpression(size) ? unwrapExpression(ts, size.expression) : undefined;
        const root =
          collection !== undefined && ts.isPropertyAccessExpression(collection) ? rootOf(ts, collection) : undefined;
        if (root !== undefined && collection !== undefined && ts.isPropertyAccessExpression(collection))
          presence(root, collection.name.text, true);
        return;
      }
      if (ts.isBinaryExpression(current)) {
        const operator = current.operatorToken.kind;
        if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
          leaf(current.left);
          leaf(current.right);
          return;
        }
        // `huntItem.active == true`, `story.is_premium === false`: the fact itself, written as a comparison.
        const fact = booleanComparedOf(ts, current);
        if (fact !== undefined) {
          leaf(fact.expression, negated !== fact.negated);
          return;
        }
        if (isComparison(ts, operator)) {
          const found = this.comparisonFacts(current, position);
          if (found.literal && literal === undefined) literal = found.literal;
          if (found.ownership && ownership === undefined) ownership = found.ownership;
          if (found.limit && limit === undefined) limit = found.limit;
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
        if (this.isJoinCall(current)) {
          // `if (user.claimedItems.includes(item._id)) return 409`: the record already holds it, and the request is refused.
          const callee = unwrapExpression(ts, current.expression);
          if (
            position === 'gate' &&
            existence === undefined &&
            ts.isPropertyAccessExpression(callee) &&
            ['includes', 'has', 'some'].includes(callee.name.text)
          ) {
            const found = this.sourcesOf(callee.expression, 0);
            if (found.size > 0) existence = { state: this.stateText(callee.expression), sources: found };
          }
          return;
        }
        // `doc.sections.some((s) => s.isPublished)`: a check over a child collection of `doc`.
        const callee = unwrapExpression(ts, current.expression);
        if (ts.isPropertyAccessExpression(callee) && ['some', 'every'].includes(callee.name.text)) {
          const collection = unwrapExpression(ts, callee.expression);
          const root = ts.isPropertyAccessExpression(collection) ? rootOf(ts, collection) : undefined;
          if (root !== undefined && ts.isPropertyAccessExpression(collection))
            presence(root, collection.name.text, true);
        }
      }
      if (this.isPresenceOrTransportCheck(current)) return;
      if (this.isErrorDetail(current)) return;
      if (ts.isIdentifier(current) && position !== 'predicate' && !inlined?.has(current)) {
        // `const isOwner = post.authorId === user.id; if (!isOwner) …`: the decision is where the name is used.
        const initializer = this.booleanInitializerOf(current);
        if (initializer !== undefined) {
          (inlined ??= new Set()).add(current);
          if (position === 'gate' && entitlement === undefined && this.isEntitlementName(current)) {
            const found = this.sourcesOf(current, 0);
            if (found.size > 0) entitlement = { state: current.text, sources: found };
          }
          leaf(initializer);
          return;
        }
      }
      // In a computed value, `billing.paid && access.lounge` yields the property; only `!x.y` checks its presence there.
      const checksPresence = negated || position === 'gate' || position === 'condition';
      if (checksPresence && ts.isPropertyAccessExpression(current) && !this.isFactProperty(current.name.text)) {
        // `!doc.title`: a property is there or not; over several properties of one aggregate, a readiness check.
        const root = rootOf(ts, current);
        // `if (session.actualStartTime) throw "already set"`: a step already taken is the record's state.
        if (
          this.refusesAlready &&
          !negated &&
          state === undefined &&
          !this.isTransportName(current) &&
          !this.isErrorDetail(current)
        ) {
          const found = this.sourcesOf(current, 0);
          if (this.isRecord(found)) state = { state: this.stateText(current), sources: found };
        }
        if (root !== undefined) presence(root, this.stateText(current).slice(root.text.length + 1), false);
        return;
      }
      const found = this.sourcesOf(current, 0);
      // `if (isOverlapped(otherSessions, time)) throw …`: a yes/no helper over a domain's records that refuses the request.
      // Only a function of this file decides here; an imported one (`canEnroll(course, user)`) answers from where it lives.
      if (
        position === 'gate' &&
        state === undefined &&
        ts.isCallExpression(current) &&
        this.isFactCall(current) &&
        !this.isValidationResult(current.expression)
      ) {
        const callee = unwrapExpression(ts, current.expression);
        const argumentSources = union(...current.arguments.map((argument) => this.sourcesOf(argument, 0)));
        if (ts.isIdentifier(callee) && this.imports.of(callee.text) === undefined && this.isRecord(argumentSources))
          state = { state: `${callee.text}(…)`, sources: argumentSources };
      }
      if (found.size > 0 && entitlement === undefined && position === 'gate' && this.isEntitlementName(current))
        entitlement = { state: this.stateText(current), sources: found };
      if (
        this.isRecord(found) &&
        state === undefined &&
        position === 'gate' &&
        ts.isPropertyAccessExpression(current) &&
        !this.isTransportName(current) &&
        !this.isErrorDetail(current) &&
        !this.isValidationResult(current)
      )
        state = { state: this.stateText(current), sources: found };
      sources.push(found);
    };
    leaf(expression);
    return {
      sources: union(...sources),
      literal,
      ownership,
      entitlement,
      limit,
      state,
      existence,
      readiness:
        position === 'predicate' || aggregates === undefined
          ? undefined
          : this.readinessOf(aggregates, position === 'gate'),
    };
  }

  /** The aggregate whose fields and children a condition checks, when it checks three of them, or two with a child collection. */
  private readinessOf(
    aggregates: ReadonlyMap<string, { checks: Set<string>; children: number; root: ts.Identifier }>,
    refuses: boolean,
  ): Readiness | undefined {
    for (const [name, aggregate] of aggregates) {
      // Three parts, or two with a child collection; a request refused for an empty child collection (`!config.questions.length`) too.
      if (
        aggregate.checks.size < 3 &&
        !(aggregate.checks.size >= 2 && aggregate.children > 0) &&
        !(refuses && aggregate.children > 0)
      )
        continue;
      // An aggregate read from a domain, not the input being validated (`data`, `body`, `input` parameters).
      const declaration = this.declarationOf(aggregate.root);
      if (declaration === undefined || this.ts.isParameter(declaration)) continue;
      const sources = this.sourcesOf(aggregate.root, 0);
      if (sources.size > 0) return { aggregate: name, checks: aggregate.checks, children: aggregate.children, sources };
    }
    return undefined;
  }

  /** The boolean expression a local `const` holds (`const isOwner = a.ownerId === b.id`), unless it was reported where it is declared. */
  private booleanInitializerOf(identifier: ts.Identifier): ts.Expression | undefined {
    const { ts } = this;
    const declaration = this.declarationOf(identifier);
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined)
      return undefined;
    if (!ts.isVariableDeclarationList(declaration.parent) || (declaration.parent.flags & ts.NodeFlags.Const) === 0)
      return undefined;
    const initializer = unwrapExpression(ts, declaration.initializer);
    if (this.isWithinReported(initializer)) return undefined;
    if (
      ts.isBinaryExpression(initializer) &&
      (isComparison(ts, initializer.operatorToken.kind) ||
        initializer.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        initializer.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return initializer;
    if (isNegation(ts, initializer)) return initializer;
    // `const isItemActive = huntItem.active`: a record's fact under a local name.
    if (ts.isPropertyAccessExpression(initializer) && this.isFactProperty(initializer.name.text)) return initializer;
    return undefined;
  }

  /** `error.code`, `result.reason`, `err.message`: what went wrong, compared with a code, is error mapping. */
  private isErrorDetail(expression: ts.Expression): boolean {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    const name = lastNameOf(ts, node);
    if (name !== undefined && !ts.isIdentifier(node) && wordsOf(name).some((word) => ERROR_DETAIL_WORDS.has(word)))
      return true;
    const root = rootOf(ts, node);
    return root !== undefined && root !== node && ['e', 'err', 'error', 'exception', 'cause'].includes(root.text);
  }

  /** `booking.refundable`, `post.published`, `user.isVerified`, `org.premium`: a property that holds a yes/no fact, not a value to be present. */
  private isFactProperty(name: string): boolean {
    if (this.isFactName(name) || this.decisionName.test(name)) return true;
    const words = wordsOf(name);
    const last = words.at(-1) ?? '';
    return words.some((word) => ENTITLEMENT_WORDS.has(word) || STATE_WORDS.has(word)) || /(?:able|ible|ed)$/.test(last);
  }

  /**
   * Whether sources hold a domain's record: a model, a table, a domain client; not only an awaited
   * call of a package (`await ytdl.getInfo(url)`, `await getServerSession()`), which is fetched but no domain's state.
   */
  private isRecord(sources: Sources): boolean {
    return [...sources.values()].some((source) => source.kind !== 'call');
  }

  /** `fileValidation.isValid`, `check.valid`: the outcome of validating input, not a record's state. */
  private isValidationResult(expression: ts.Expression): boolean {
    const words = wordsOf(this.stateText(expression));
    return words.some((word) => ['valid', 'validation', 'validated', 'sanitized', 'parsed'].includes(word));
  }

  private isEntitlementName(expression: ts.Expression): boolean {
    const name = lastNameOf(this.ts, expression);
    return name !== undefined && wordsOf(name).some((word) => ENTITLEMENT_WORDS.has(word));
  }

  protected comparisonFacts(
    comparison: ts.BinaryExpression,
    position: Position = 'value',
  ): { sources: Sources; literal?: PolicyLiteral; ownership?: Ownership; limit?: Limit } {
    const { ts } = this;
    const left = unwrapExpression(ts, comparison.left);
    const right = unwrapExpression(ts, comparison.right);
    if (isNullish(ts, left) || isNullish(ts, right) || ts.isTypeOfExpression(left) || ts.isTypeOfExpression(right))
      return { sources: NO_SOURCES };
    if (isEmptinessCheck(ts, comparison)) return { sources: NO_SOURCES };
    const rightLiteral = this.policyLiteralOf(right);
    const leftLiteral = rightLiteral === undefined ? this.policyLiteralOf(left) : undefined;
    const named = rightLiteral ?? leftLiteral;
    if (named !== undefined) {
      const other = rightLiteral !== undefined ? left : right;
      if (this.isErrorDetail(other)) return { sources: NO_SOURCES };
      const sources = this.sourcesOf(other, 0);
      const kind = this.literalKindOf(other) ?? named.kind;
      if (kind !== undefined && sources.size > 0 && !(named.transport && this.isTransportState(other)))
        return { sources, literal: { kind, literal: named.text, state: this.stateText(other), sources } };
      return { sources };
    }
    if (ts.isNumericLiteral(right) || ts.isNumericLiteral(left)) {
      const ownerCount = this.ownerCountOf(comparison);
      if (ownerCount !== undefined) return { sources: NO_SOURCES, ownership: ownerCount };
      // `res.status >= 400`: transport; `bookings.length > 2`: a fact of one source.
      const value = ts.isNumericLiteral(right) ? left : right;
      const sources = this.isTransportName(value) || this.isErrorDetail(value) ? NO_SOURCES : this.sourcesOf(value, 0);
      // `if (item.remaining <= 0) return "sold out"`: a threshold that refuses the request.
      if (position === 'gate' && this.isRecord(sources) && !isEquality(ts, comparison.operatorToken.kind))
        return { sources, limit: { left: this.stateText(left), right: this.stateText(right), sources } };
      return { sources };
    }
    // Equality of two values is a join (`trip.lineId === line.id`) or change detection, composition;
    // in a branching condition, who owns a record compared with who asks is an ownership decision.
    if (isEquality(ts, comparison.operatorToken.kind)) {
      // Only where it refuses: `if (story.creator_id !== user.id) notify(story.creator_id)` just skips notifying yourself.
      if (position === 'gate') {
        const ownership = this.ownershipOf(left, right);
        if (ownership !== undefined) return { sources: NO_SOURCES, ownership };
      }
      return { sources: NO_SOURCES };
    }
    const leftSources = this.sourcesOf(left, 0);
    const rightSources = this.sourcesOf(right, 0);
    const sources = union(leftSources, rightSources);
    // `currRep < goalRep` over one journey, `count >= MAX_FREE_IDEAS`: a limit or progression rule, even over one source.
    const bounded = (own: Sources, side: ts.Expression) =>
      own.size > 0 || this.isLimitConstant(side) || position === 'gate';
    if (
      (position === 'gate' || position === 'condition') &&
      this.isRecord(sources) &&
      bounded(leftSources, left) &&
      bounded(rightSources, right)
    ) {
      return { sources, limit: { left: this.stateText(left), right: this.stateText(right), sources } };
    }
    return { sources };
  }

  /** `r.status === 'fulfilled'`, `result.state === 'error'`: an outcome's own field, where `failed` or `ok` are transport; `video.processingStatus` is not. */
  private isTransportState(expression: ts.Expression): boolean {
    const name = lastNameOf(this.ts, expression);
    return name === undefined || ['status', 'state', 'result', 'outcome', 'kind', 'type'].includes(name);
  }

  /** An imported or local upper-case constant (`MAX_IDEAS_PER_HOUR`), the configured side of a limit. */
  private isLimitConstant(expression: ts.Expression): boolean {
    const name = lastNameOf(this.ts, expression);
    return name !== undefined && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name);
  }

  /** `upload.owner_id !== profile.owner_id`, `post.authorId !== session.user.id`: an owner's id on one side, an id on the other, domain state on at least one. */
  private ownershipOf(left: ts.Expression, right: ts.Expression): Ownership | undefined {
    const { ts } = this;
    const wordsOfSide = (side: ts.Expression): readonly string[] | undefined => {
      if (!ts.isPropertyAccessExpression(side) && !ts.isIdentifier(side)) return undefined;
      // `teacher.user.referId`, `session.user.email`: the whole chain says whose id it is, its last word that it is an id.
      return wordsOf(this.stateText(side));
    };
    const leftWords = wordsOfSide(left);
    const rightWords = wordsOfSide(right);
    if (leftWords === undefined || rightWords === undefined) return undefined;
    const isId = (words: readonly string[]) => ['id', 'uid', 'sub', 'by', 'email'].includes(words.at(-1) ?? '');
    const isOwnerId = (words: readonly string[]) =>
      isId(words) && (words.some((word) => OWNER_WORDS.has(word)) || words.at(-1) === 'by');
    if (!isId(leftWords) || !isId(rightWords)) return undefined;
    // The record whose owner is compared must come from a domain: `params.userId !== session.user.id` only checks who asks.
    const isRecord = (sources: Sources) => this.isRecord(sources);
    const leftSources = isOwnerId(leftWords) ? this.sourcesOf(left, 0) : NO_SOURCES;
    const rightSources = isOwnerId(rightWords) ? this.sourcesOf(right, 0) : NO_SOURCES;
    if (!isRecord(leftSources) && !isRecord(rightSources)) return undefined;
    const sources = union(this.sourcesOf(left, 0), this.sourcesOf(right, 0));
    return { left: this.stateText(left), right: this.stateText(right), sources };
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
      if (kind !== undefined && sources.size > 0 && !named.transport)
        return { sources, literal: { kind, literal: named.text, state: this.stateText(receiver), sources } };
      return { sources };
    }
    const listed = ts.isArrayLiteralExpression(receiver)
      ? receiver.elements.map((element) => this.policyLiteralOf(element))
      : [];
    if (listed.length > 0 && listed.every((element) => element !== undefined)) {
      if (this.isErrorDetail(argument)) return { sources: NO_SOURCES };
      const sources = this.sourcesOf(argument, 0);
      const first = listed[0]!;
      const kind = this.literalKindOf(argument) ?? first.kind;
      if (kind !== undefined && sources.size > 0)
        return { sources, literal: { kind, literal: first.text, state: this.stateText(argument), sources } };
      return { sources };
    }
    return undefined;
  }

  protected isJoinCall(call: ts.CallExpression): boolean {
    const { ts } = this;
    const callee = unwrapExpression(ts, call.expression);
    const name = lastNameOf(ts, callee);
    if (name !== undefined && EQUALITY_CALLS.has(name)) return true;
    const argument = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
    return (
      ts.isPropertyAccessExpression(callee) &&
      MATCHING_METHODS.has(callee.name.text) &&
      argument !== undefined &&
      this.policyLiteralOf(argument) === undefined &&
      !ts.isNumericLiteral(argument)
    );
  }

  /**
   * A literal a decision can compare with: a string (`"enterprise"`) or an enum-like member
   * (`Plan.ENTERPRISE`, `OrganisationMemberRole.ADMIN`), whose type name may say its kind.
   */
  private policyLiteralOf(
    expression: ts.Expression,
  ): { text: string; kind: LiteralKind | undefined; transport: boolean } | undefined {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    // `flag === '1'`, `cached === 'true'`: an encoded boolean or number, not a role, plan, status or feature name.
    if (ts.isStringLiteralLike(node))
      return /^(?:-?\d+(?:\.\d+)?|true|false|yes|no)$/i.test(node.text)
        ? undefined
        : { text: JSON.stringify(node.text), kind: undefined, transport: TRANSPORT_LITERALS.has(node.text) };
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      /^[A-Z]/.test(node.expression.text) &&
      /^[A-Z][A-Z0-9_]*$|^[A-Z][a-z]/.test(node.name.text)
    ) {
      // The enum's head noun says what its members are: `OrganisationMemberRole` holds roles, `OrganisationGroupType` types.
      const head = wordsOf(node.expression.text).at(-1) ?? '';
      const kind = this.literalKinds.find((candidate) => LITERAL_KIND_WORDS[candidate].includes(head));
      return {
        text: node.getText(this.sourceFile),
        kind,
        transport: TRANSPORT_LITERALS.has(node.name.text.toLowerCase()),
      };
    }
    return undefined;
  }

  private literalKindOf(expression: ts.Expression): LiteralKind | undefined {
    const { ts } = this;
    const name = lastNameOf(ts, expression);
    if (name === undefined) return undefined;
    // `ur.Role.key === 'admin'`: the object a key is read from may say its kind.
    const node = unwrapExpression(ts, expression);
    const owner =
      ts.isPropertyAccessExpression(node) && ['key', 'name', 'slug', 'code', 'value', 'id'].includes(name)
        ? lastNameOf(ts, node.expression)
        : undefined;
    const words = [
      ...wordsOf(name),
      ...(owner === undefined ||
      !ts.isPropertyAccessExpression(node) ||
      ts.isCallExpression(unwrapExpression(ts, node.expression))
        ? []
        : wordsOf(owner)),
    ];
    return this.literalKinds.find((kind) => words.some((word) => LITERAL_KIND_WORDS[kind].includes(word)));
  }

  private stateText(expression: ts.Expression): string {
    return unwrapExpression(this.ts, expression).getText(this.sourceFile).replace(/\s+/g, ' ');
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
    if (isNegation(ts, operand)) return true;
    if (ts.isBinaryExpression(operand)) {
      const operator = operand.operatorToken.kind;
      if (operator === ts.SyntaxKind.BarBarToken)
        return this.isBooleanShaped(operand.left) || this.isBooleanShaped(operand.right);
      return operator === ts.SyntaxKind.AmpersandAmpersandToken || isComparison(ts, operator);
    }
    if (ts.isCallExpression(operand) && this.membershipFacts(operand) !== undefined) return true;
    const name = lastNameOf(ts, operand);
    return (
      name !== undefined && !ts.isCallExpression(operand) && (this.decisionName.test(name) || this.isFactName(name))
    );
  }

  private report(node: ts.Node, messageId: string, data: Record<string, string>): true {
    const start = node.getStart(this.sourceFile);
    const end = node.getEnd();
    this.detections.push({ messageId, data, start, end });
    this.reported.push({ start, end });
    return true;
  }
}
