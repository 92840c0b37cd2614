import type * as ts from 'typescript';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { TypeScript } from '../detector.js';
import type { FileContext } from '../layers.js';
import { parentOf } from '../syntax/parent.js';
import { findLocalDeclaration, unwrapExpression } from '../syntax/unwrap.js';
import { wordsOf } from '../syntax/words.js';
import { Imports, type ImportOrigin } from './imports.js';
import type { Options } from './options.js';
import { ormSourceOf } from './orm.js';
import { isComparison, lastNameOf } from './shapes.js';
import { NO_SOURCES, only, union, type Sources } from './sources.js';
import {
  ELEMENT_METHODS,
  FACT_WORDS,
  MAX_TRACE_DEPTH,
  PROMISE_COMBINATORS,
  REQUEST_INPUTS,
  REQUEST_READERS,
  REQUEST_WORDS,
  SCHEMA_WORDS,
  TRANSPORT_NAMES,
  INPUT_TYPE_WORDS,
} from './vocabulary.js';

/**
 * Where the state a decision reads comes from: domain clients (imports from outside the BFF,
 * typed dependencies, `domainClients` names), ORM models and tables, and awaited calls, traced
 * through local declarations. The decision logic (`decisions.ts`) builds on it.
 */
export abstract class SourceTracer {
  protected readonly imports: Imports;
  private readonly sourcesMemo = new Map<ts.Node, Sources>();
  private readonly declarations = new Map<ts.Identifier, ReturnType<typeof findLocalDeclaration>>();
  /** The values assigned to each `let` declared without one, found once per declaration. */
  private readonly assignments = new Map<ts.VariableDeclaration, ts.Expression[]>();
  protected readonly decisionName: RegExp;
  protected readonly allowedCalls: ReadonlySet<string>;
  protected readonly clientWords: ReadonlySet<string>;

  constructor(
    protected readonly ts: TypeScript,
    protected readonly sourceFile: ts.SourceFile,
    config: ResolvedConfig,
    file: FileContext,
    protected readonly options: Options,
  ) {
    this.imports = new Imports(ts, sourceFile, config, file);
    this.decisionName = new RegExp(options.decisionNamePattern, 'u');
    this.allowedCalls = new Set(options.allowedCalls);
    this.clientWords = new Set(options.domainClients);
  }

  /**
   * An imported constant (`MAX_TITLE_LENGTH`) or input-shape helper (`createCourseSchema`): configuration
   * and validation, not a domain's state, wherever it is imported from.
   */
  protected isHelperImport(name: string): boolean {
    if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{2,}[0-9]*$/.test(name)) return true;
    return wordsOf(name).some((word) => SCHEMA_WORDS.has(word));
  }

  /** The facts of a comparison met while tracing a value (`const changed = a !== b`): joins and null checks carry none. */
  protected abstract comparisonFacts(comparison: ts.BinaryExpression): { sources: Sources };

  /** `isEqual(a, b)`, `host.endsWith(apexSuffix)`: two values matched, a join. */
  protected abstract isJoinCall(call: ts.CallExpression): boolean;

  /** Whether a node lies inside a decision already reported: its facts were counted there (one decision, one finding). */
  protected abstract isWithinReported(node: ts.Node): boolean;

  /**
   * Whether an argument is the incoming request or its raw input: `parseRequestBody(req)`,
   * `getSearchParams(request.url)`, `validate(req.body)`. An id taken from it (`request.params.id`) is not.
   */
  protected readsRequest(argument: ts.Expression): boolean {
    const { ts } = this;
    let node = unwrapExpression(ts, argument);
    while (ts.isPropertyAccessExpression(node) && REQUEST_INPUTS.has(node.name.text))
      node = unwrapExpression(ts, node.expression);
    if (!ts.isIdentifier(node)) return false;
    // Parameters, also destructured ones (`async ({ req, workspace }) => …`), which the local lookup does not see.
    const declaration = this.declarationOf(node);
    if (declaration !== undefined && !ts.isParameter(declaration)) return false;
    const words = [
      ...wordsOf(node.text),
      ...(declaration?.type === undefined ? [] : wordsOf(declaration.type.getText(this.sourceFile))),
    ];
    return words.some((word) => REQUEST_WORDS.has(word));
  }

  /** `!booking`, `wallet == null`, `res.ok`, `result.error`: checks of a fetch, not facts of a domain. */
  protected isPresenceOrTransportCheck(expression: ts.Expression): boolean {
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
  protected isFetchedObjectName(identifier: ts.Identifier): boolean {
    const { ts } = this;
    if (this.decisionName.test(identifier.text) || this.isFactName(identifier.text)) return false;
    const declaration = this.declarationOf(identifier);
    if (declaration === undefined || ts.isParameter(declaration)) return true;
    if (ts.isBindingElement(declaration)) {
      if (!ts.isArrayBindingPattern(declaration.parent) || !ts.isVariableDeclaration(declaration.parent.parent))
        return true;
      // `const [user, wallet] = await Promise.all([users.get(id), wallets.isBlocked(id)])`: judged by the call it binds.
      const initializer = declaration.parent.parent.initializer;
      const call = initializer === undefined ? undefined : unwrapExpression(ts, initializer);
      const list =
        call !== undefined && ts.isCallExpression(call) && call.arguments[0] !== undefined
          ? unwrapExpression(ts, call.arguments[0])
          : undefined;
      const item =
        list !== undefined && ts.isArrayLiteralExpression(list)
          ? list.elements[declaration.parent.elements.indexOf(declaration)]
          : undefined;
      return item === undefined || !this.isFactCall(item);
    }
    if (declaration.initializer === undefined) return true;
    const initializer = unwrapExpression(ts, declaration.initializer);
    if (ts.isCallExpression(initializer)) return !this.isFactCall(initializer);
    if (ts.isPrefixUnaryExpression(initializer)) return initializer.operator !== ts.SyntaxKind.ExclamationToken;
    if (ts.isBinaryExpression(initializer)) {
      const operator = initializer.operatorToken.kind;
      return !(
        isComparison(this.ts, operator) ||
        operator === ts.SyntaxKind.AmpersandAmpersandToken ||
        operator === ts.SyntaxKind.BarBarToken
      );
    }
    return true;
  }

  /** A call whose name asks a yes/no question: `access.allows(…)`, `billing.isPremium(…)`, `flags.hasFeature(…)`. */
  protected isFactCall(expression: ts.Expression): boolean {
    const node = unwrapExpression(this.ts, expression);
    if (!this.ts.isCallExpression(node)) return false;
    const name = lastNameOf(this.ts, node.expression);
    return name !== undefined && (this.decisionName.test(name) || this.isFactName(name));
  }

  protected isTransportName(expression: ts.Expression): boolean {
    const name = lastNameOf(this.ts, expression);
    return (
      name !== undefined && TRANSPORT_NAMES.has(name) && !this.ts.isIdentifier(unwrapExpression(this.ts, expression))
    );
  }

  /** Names that read as boolean facts rather than objects (`isActive`, `hasCard`, `platformReady`): a bare one is not a presence check. */
  protected isFactName(name: string): boolean {
    const words = wordsOf(name);
    return FACT_WORDS.some((word) => words.includes(word));
  }

  /** A value handed through as the domain answered it: `access.canAccess`, `await access.canBook(id)`, `flags.checkout ?? false`. */
  protected isPassThrough(expression: ts.Expression): boolean {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    if (
      ts.isIdentifier(node) ||
      ts.isPropertyAccessExpression(node) ||
      ts.isElementAccessExpression(node) ||
      ts.isLiteralExpression(node)
    )
      return true;
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
      return this.isPassThrough(node.left);
    // `story.tip_enabled || false`: a stored flag with a default.
    const isBooleanLiteral = (side: ts.Expression) =>
      side.kind === ts.SyntaxKind.FalseKeyword || side.kind === ts.SyntaxKind.TrueKeyword;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken &&
      isBooleanLiteral(unwrapExpression(ts, node.right))
    )
      return this.isPassThrough(node.left);
    if (
      ts.isPrefixUnaryExpression(node) &&
      node.operator === ts.SyntaxKind.ExclamationToken &&
      ts.isPrefixUnaryExpression(node.operand) &&
      node.operand.operator === ts.SyntaxKind.ExclamationToken
    ) {
      return this.isPassThrough(node.operand.operand);
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(ts, node.expression);
      if (ts.isIdentifier(callee) && callee.text === 'Boolean' && node.arguments[0])
        return this.isPassThrough(node.arguments[0]);
      // A domain's answer: an awaited call, or a call on a domain client.
      return this.isAwaited(node) || this.isClientChain(callee);
    }
    return false;
  }

  // ── sources ─────────────────────────────────────────────────────────────────────────────────

  /** The sources of domain state an expression's value comes from, traced through local declarations. */
  protected sourcesOf(expression: ts.Expression, depth: number): Sources {
    const memo = this.sourcesMemo.get(expression);
    if (memo !== undefined) return memo;
    if (depth > MAX_TRACE_DEPTH) return NO_SOURCES;
    const sources = this.computeSources(expression, depth);
    this.sourcesMemo.set(expression, sources);
    return sources;
  }

  protected computeSources(expression: ts.Expression, depth: number): Sources {
    const { ts } = this;
    const node = unwrapExpression(ts, expression);
    if (ts.isCallExpression(node)) return this.sourcesOfCall(node, this.isAwaited(node), depth);
    if (ts.isIdentifier(node)) return this.sourcesOfName(node, depth);
    if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword)
        return this.isTypedThisMember(node) ? only({ name: node.name.text, module: null }) : NO_SOURCES;
      if (this.isClientChain(node)) return only({ name: this.clientText(node), module: this.moduleOfChain(node) });
      return this.sourcesOf(node.expression, depth);
    }
    if (ts.isElementAccessExpression(node)) return this.sourcesOf(node.expression, depth);
    if (ts.isFunctionLike(node) || ts.isClassExpression(node)) return NO_SOURCES;
    // A traced value that is itself a comparison keeps the same rules as a decision: joins and null checks carry no facts.
    if (ts.isBinaryExpression(node) && isComparison(this.ts, node.operatorToken.kind))
      return this.comparisonFacts(node).sources;
    const parts: Sources[] = [];
    ts.forEachChild(node, (child) => {
      if (ts.isPropertyAssignment(child)) parts.push(this.sourcesOf(child.initializer, depth));
      else if (ts.isSpreadAssignment(child) || ts.isTemplateSpan(child))
        parts.push(this.sourcesOf(child.expression, depth));
      else if (ts.isShorthandPropertyAssignment(child)) parts.push(this.sourcesOf(child.name, depth));
      else if (ts.isExpression(child)) parts.push(this.sourcesOf(child, depth));
    });
    return union(...parts);
  }

  protected sourcesOfCall(call: ts.CallExpression, awaited: boolean, depth: number): Sources {
    const { ts } = this;
    if (this.isAllowedCall(call) || this.isJoinCall(call)) return NO_SOURCES;
    const callee = unwrapExpression(ts, call.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'Promise' &&
      PROMISE_COMBINATORS.has(callee.name.text)
    ) {
      const list = call.arguments[0] === undefined ? undefined : unwrapExpression(ts, call.arguments[0]);
      if (list === undefined || !ts.isArrayLiteralExpression(list)) return NO_SOURCES;
      return union(...list.elements.map((element) => this.sourcesOfElement(element, depth)));
    }
    // `convertQueryParams(req.nextUrl.searchParams)`: a helper over the request's input, wherever it is imported from.
    if (call.arguments.some((argument) => this.readsRequest(argument))) return NO_SOURCES;
    const model = ormSourceOf(ts, this.sourceFile, call);
    if (model !== undefined) return only({ ...model, module: this.moduleOfChain(callee) });
    if (this.isClientChain(callee))
      return only({ name: this.sourceNameOfCall(call), module: this.moduleOfChain(callee) });
    const receiver =
      ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)
        ? this.sourcesOf(callee.expression, depth)
        : NO_SOURCES;
    const callbacks = ts.isPropertyAccessExpression(callee) && ELEMENT_METHODS.has(callee.name.text);
    const argumentSources = callbacks
      ? NO_SOURCES
      : union(...call.arguments.map((argument) => this.sourcesOf(argument, depth)));
    if (receiver.size > 0) return union(receiver, argumentSources);
    const name = lastNameOf(this.ts, callee);
    if (
      awaited &&
      name !== undefined &&
      !REQUEST_READERS.has(name) &&
      !call.arguments.some((argument) => this.readsRequest(argument))
    )
      return only({ name: this.sourceNameOfCall(call), module: null, kind: 'call' });
    return argumentSources;
  }

  /** An element of `Promise.all([…])`: every call in it is awaited by the combinator. */
  protected sourcesOfElement(element: ts.Expression, depth: number): Sources {
    const node = unwrapExpression(this.ts, element);
    return this.ts.isCallExpression(node) ? this.sourcesOfCall(node, true, depth) : this.sourcesOf(node, depth);
  }

  protected sourcesOfName(identifier: ts.Identifier, depth: number): Sources {
    const { ts } = this;
    const imported = this.imports.of(identifier.text);
    const declaration = this.declarationOf(identifier);
    if (declaration === undefined) {
      if (imported !== undefined && this.isHelperImport(identifier.text)) return NO_SOURCES;
      if (imported?.outside && imported.project && this.options.clientsFromImports)
        return only({ name: identifier.text, module: imported.module });
      return NO_SOURCES;
    }
    if (ts.isParameter(declaration)) {
      if (this.isDomainTyped(declaration.type) || this.clientWords.has(identifier.text))
        return only({ name: identifier.text, module: this.moduleOfType(declaration.type) });
      const fn = declaration.parent;
      const call = fn.parent;
      if (
        (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
        ts.isCallExpression(call) &&
        call.arguments[0] === fn
      ) {
        const callee = unwrapExpression(ts, call.expression);
        // The element parameter of `trips.filter((trip) => …)` carries the sources of `trips`.
        if (
          ts.isPropertyAccessExpression(callee) &&
          ELEMENT_METHODS.has(callee.name.text) &&
          fn.parameters.indexOf(declaration) === (callee.name.text === 'reduce' ? 1 : 0)
        ) {
          return this.sourcesOf(callee.expression, depth + 1);
        }
      }
      return NO_SOURCES;
    }
    if (ts.isVariableDeclaration(declaration)) {
      if (this.isDomainTyped(declaration.type))
        return only({ name: identifier.text, module: this.moduleOfType(declaration.type) });
      // `for (const item of items)`: the element carries the sources of the collection.
      const loop = declaration.parent.parent;
      if (ts.isForOfStatement(loop)) return this.sourcesOf(loop.expression, depth + 1);
      // `let session; try { session = await db.session.findFirst(…) } …`: the values assigned to it later.
      if (declaration.initializer === undefined) {
        const assigned = this.assignmentsTo(declaration).filter((value) => !this.isWithinReported(value));
        return union(...assigned.map((value) => this.sourcesOf(value, depth + 1)));
      }
      if (this.isWithinReported(declaration.initializer)) return NO_SOURCES;
      return this.sourcesOf(declaration.initializer, depth + 1);
    }
    return this.sourcesOfBinding(declaration, depth + 1);
  }

  /** A destructured name: follows the pattern path into the initializer (`const [a, b] = await Promise.all([…])`). */
  protected sourcesOfBinding(element: ts.BindingElement, depth: number): Sources {
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
      if (this.isDomainTyped(parameter.type))
        return only({ name: element.name.getText(this.sourceFile), module: this.moduleOfType(parameter.type) });
      const key = element.propertyName
        ? element.propertyName.getText(this.sourceFile)
        : element.name.getText(this.sourceFile);
      return this.clientWords.has(key) ? only({ name: key, module: null }) : NO_SOURCES;
    }
    if (!ts.isVariableDeclaration(current) || current.initializer === undefined) return NO_SOURCES;
    let value: ts.Expression = unwrapExpression(ts, current.initializer);
    for (const step of path) {
      if (step === null) break;
      if (ts.isCallExpression(value)) {
        const callee = unwrapExpression(ts, value.expression);
        const list = value.arguments[0] === undefined ? undefined : unwrapExpression(ts, value.arguments[0]);
        if (
          ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'Promise' &&
          PROMISE_COMBINATORS.has(callee.name.text) &&
          list &&
          ts.isArrayLiteralExpression(list)
        ) {
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
  protected isClientChain(expression: ts.Expression): boolean {
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
      return this.imports.isProjectImportOutside(node.text) && !this.isHelperImport(node.text);
    }
    return (
      (ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) && this.isDomainTyped(declaration.type)
    );
  }

  /** `this.billing` where the class declares `billing` (property or constructor parameter property) with a domain type. */
  protected isTypedThisMember(access: ts.PropertyAccessExpression): boolean {
    const { ts } = this;
    if (this.clientWords.has(access.name.text)) return true;
    if (!this.options.clientsFromImports) return false;
    let owner = parentOf(access);
    while (owner !== undefined && !ts.isClassLike(owner)) owner = parentOf(owner);
    if (owner === undefined) return false;
    for (const member of owner.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === access.name.text)
        return this.isDomainTyped(member.type);
      if (ts.isConstructorDeclaration(member)) {
        for (const parameter of member.parameters)
          if (ts.isIdentifier(parameter.name) && parameter.name.text === access.name.text)
            return this.isDomainTyped(parameter.type);
      }
    }
    return false;
  }

  /** A type annotation that names a type imported from a relative module outside the BFF layer (`bookings: BookingService`). */
  protected isDomainTyped(type: ts.TypeNode | undefined): boolean {
    if (!this.options.clientsFromImports || type === undefined) return false;
    // `data: DewormingFormData`, `body: UpdateCourseRequest`, `q: BaseQueryParams`: the shape of input, not a client.
    const typeName = this.ts.isTypeReferenceNode(type) ? type.typeName.getText(this.sourceFile) : '';
    if (wordsOf(typeName).some((word) => INPUT_TYPE_WORDS.has(word))) return false;
    const binding = this.importOfType(type);
    return binding !== undefined && binding.outside && binding.project;
  }

  protected moduleOfType(type: ts.TypeNode | undefined): string | null {
    return type === undefined ? null : (this.importOfType(type)?.module ?? null);
  }

  protected importOfType(type: ts.TypeNode): ImportOrigin | undefined {
    const { ts } = this;
    if (!ts.isTypeReferenceNode(type)) return undefined;
    let name: ts.EntityName = type.typeName;
    while (ts.isQualifiedName(name)) name = name.left;
    return this.imports.of(name.text);
  }

  protected moduleOfChain(expression: ts.Expression): string | null {
    const { ts } = this;
    let node: ts.Expression = unwrapExpression(ts, expression);
    while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node))
      node = unwrapExpression(ts, node.expression);
    if (!ts.isIdentifier(node)) return null;
    const declaration = this.declarationOf(node);
    if (declaration === undefined) return this.imports.of(node.text)?.module ?? null;
    return ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)
      ? this.moduleOfType(declaration.type)
      : null;
  }

  /** The local declaration of a name (see `findLocalDeclaration`), looked up once per identifier. */
  protected declarationOf(identifier: ts.Identifier): ReturnType<typeof findLocalDeclaration> {
    if (this.declarations.has(identifier)) return this.declarations.get(identifier);
    const declaration = findLocalDeclaration(this.ts, identifier) ?? this.loopVariableOf(identifier);
    this.declarations.set(identifier, declaration);
    return declaration;
  }

  /** The values assigned (`name = value`) to a `let` declared without a value, in the function that declares it. */
  private assignmentsTo(declaration: ts.VariableDeclaration): ts.Expression[] {
    const known = this.assignments.get(declaration);
    if (known !== undefined) return known;
    const { ts } = this;
    const name = declaration.name;
    const values: ts.Expression[] = [];
    this.assignments.set(declaration, values);
    if (!ts.isIdentifier(name)) return values;
    let scope: ts.Node = declaration;
    while (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    const visit = (node: ts.Node): void => {
      const assigns = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (assigns && ts.isIdentifier(node.left) && node.left.text === name.text) values.push(node.right);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(scope, visit);
    return values;
  }

  /** The `const item` of an enclosing `for (const item of items)` that declares this name. */
  private loopVariableOf(identifier: ts.Identifier): ts.VariableDeclaration | undefined {
    const { ts } = this;
    for (let node: ts.Node = identifier.parent; !ts.isSourceFile(node); node = node.parent) {
      if (!ts.isForOfStatement(node) || !ts.isVariableDeclarationList(node.initializer)) continue;
      const declaration = node.initializer.declarations.find(
        (candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === identifier.text,
      );
      if (declaration !== undefined) return declaration;
    }
    return undefined;
  }

  protected isAllowedCall(call: ts.CallExpression): boolean {
    if (this.allowedCalls.size === 0) return false;
    const callee = unwrapExpression(this.ts, call.expression);
    const name = lastNameOf(this.ts, callee);
    return (name !== undefined && this.allowedCalls.has(name)) || this.allowedCalls.has(this.calleeText(callee));
  }

  protected isAwaited(call: ts.CallExpression): boolean {
    const { ts } = this;
    let parent = call.parent;
    while (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent)
    )
      parent = parent.parent;
    return ts.isAwaitExpression(parent) || ts.isReturnStatement(parent);
  }

  /** The callee as written, without `this.` and call arguments: `ctx.services.billing.status`. */
  protected calleeText(callee: ts.Expression): string {
    const { ts } = this;
    const node = unwrapExpression(ts, callee);
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      return node.expression.kind === ts.SyntaxKind.ThisKeyword
        ? name
        : `${this.calleeText(node.expression)}${node.questionDotToken ? '?.' : '.'}${name}`;
    }
    if (ts.isCallExpression(node)) return `${this.calleeText(node.expression)}()`;
    if (ts.isElementAccessExpression(node))
      return `${this.calleeText(node.expression)}[${ts.isStringLiteralLike(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression) ? node.argumentExpression.getText(this.sourceFile) : '…'}]`;
    return node.kind === ts.SyntaxKind.ThisKeyword ? 'this' : '…';
  }

  /** A property read names its client, not the property: `featureFlags.checkout` → `featureFlags`, `ctx.services.billing.plan` → `ctx.services.billing`. */
  protected clientText(access: ts.Expression): string {
    const { ts } = this;
    const chain: ts.Expression[] = [];
    for (let node: ts.Expression = unwrapExpression(ts, access); ;) {
      chain.unshift(node);
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))
        node = unwrapExpression(ts, node.expression);
      else break;
    }
    const wordAt = chain.findIndex((node) =>
      ts.isPropertyAccessExpression(node)
        ? this.clientWords.has(node.name.text)
        : ts.isIdentifier(node) && this.clientWords.has(node.text),
    );
    const end =
      wordAt >= 0 ? Math.min(wordAt + 1, chain.length - 1) : chain[0]!.kind === ts.SyntaxKind.ThisKeyword ? 1 : 0;
    return this.calleeText(chain[end]!);
  }

  protected sourceNameOfCall(call: ts.CallExpression): string {
    const { ts } = this;
    const name = this.calleeText(call.expression);
    const first = call.arguments[0];
    // Calls of one function with different fixed targets are different sources: `fetch('/billing')`, `fetch('/access')`.
    const isTarget =
      first !== undefined &&
      (ts.isStringLiteralLike(first) ||
        ts.isTemplateExpression(first) ||
        ((ts.isIdentifier(first) || ts.isPropertyAccessExpression(first)) &&
          ['url', 'uri', 'endpoint', 'path', 'route'].some((word) =>
            wordsOf(lastNameOf(this.ts, first) ?? '').includes(word),
          )));
    if (
      first !== undefined &&
      isTarget &&
      ts.isIdentifier(unwrapExpression(ts, call.expression)) &&
      !this.isClientChain(call.expression)
    ) {
      const text = first.getText(this.sourceFile);
      return `${name}(${text.length > 40 ? `${text.slice(0, 39)}…${text.at(-1)}` : text})`;
    }
    return name;
  }
}
