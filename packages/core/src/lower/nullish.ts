/**
 * `a ?? b`. Under `noUncheckedIndexedAccess` TypeScript types an element read as `number | undefined`, and
 * `x[i - 1] ?? 0` is how a stencil reads past an edge. An element read is undefined exactly when its index is no
 * index of the array (a `number[]` holds numbers), so it is lowered to a branch, which AD differentiates like any:
 *
 *   y = x[j] ?? b   →   if (Math.floor(j) === j && j >= 0 && j < x.length) { y = x[j] } else { y = b }
 *
 * whatever the static type says (without that option `x[9]` is typed `number` and may still be undefined). The same
 * holds for `x.at(i) ?? b` once `i` counts from the start, for `x.find(p) ?? b` at the position found (-1 when none
 * is), and for `m[i]?.[j] ?? b`, which also tests that row `i` exists. A chain `a ?? b ?? c` is `a ?? (b ?? c)`, and
 * `(c ? a : a2) ?? b` is `c ? a ?? b : a2 ?? b`, so each read in them gets its test. Any other left operand is its
 * own value when its type excludes null and undefined: JavaScript never evaluates `b` then. A constant that holds an
 * element read (`const a = x[9]; … a ?? c`) and an assignment of one (`(a = x[i]) ?? c`) are tested as the read is,
 * and an optional number field of an object parameter (`opts.l2 ?? 0`) by the flag set on entry. A left operand
 * that may be nullish otherwise (a local object's optional field, a call that may return undefined) is TS990074.
 */
import type * as TS from "typescript";
import { binary, bool, call, global, index, length, num, unary, v, type Expr, type IndexExpr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { lowerElementRead, matrixRow, resolveMember, rowMatrix, withoutAssertions } from "./arrays";
import { flatPosition, rowLength } from "./localMatrices";
import { lowerArraySearch, returnsElement } from "./arraySearches";
import { collectStmts, emitAssign, freshTemp, type LowerContext, type MatrixRow } from "./context";
import { lowerAtom, lowerInto, requireNumber, shorten } from "./expressions";
import { optionalRecordField } from "./records";

export function lowerNullish(ctx: LowerContext, node: TS.BinaryExpression, hint: string): Expr {
  const temp = freshTemp(ctx, `${hint}_or`, hint, "number");
  coalesceInto(ctx, temp, operandsOf(ctx.ts, node), hint);
  return v(temp);
}

/** The operands of a chain 'a ?? b ?? c', which JavaScript reads as '(a ?? b) ?? c': the same as 'a ?? (b ?? c)'. */
function operandsOf(ts: typeof TS, node: TS.Expression): TS.Expression[] {
  const e = withoutAssertions(ts, node);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    return [...operandsOf(ts, e.left), ...operandsOf(ts, e.right)];
  }
  return [node];
}

/** `target` = the first operand that is neither null nor undefined, the last one if none is. */
function coalesceInto(ctx: LowerContext, target: string, operands: readonly TS.Expression[], hint: string): void {
  const { ts } = ctx;
  const [first, ...rest] = operands;
  if (rest.length === 0) return lowerInto(ctx, target, first);
  const left = withoutAssertions(ts, first);
  const branch = (test: Expr, then: () => void, otherwise: () => void): void => {
    const thenStmts = collectStmts(ctx, then);
    const elseStmts = collectStmts(ctx, otherwise);
    ctx.out.push({ kind: "if", test, then: thenStmts, else: elseStmts, origin: ctx.origin });
  };
  // '(c ? null : v) ?? b': a branch that gives nothing takes the right side.
  if (isUndefinedValue(ctx, left) || left.kind === ts.SyntaxKind.NullKeyword)
    return coalesceInto(ctx, target, rest, hint);
  if (ts.isConditionalExpression(left)) {
    const test = lowerAtom(ctx, left.condition, "cond");
    return branch(
      test,
      () => coalesceInto(ctx, target, [left.whenTrue, ...rest], hint),
      () => coalesceInto(ctx, target, [left.whenFalse, ...rest], hint),
    );
  }
  if (ts.isIdentifier(left)) {
    const symbol = ctx.checker.getSymbolAtLocation(left);
    const present = symbol && ctx.presence.get(symbol);
    if (present) {
      return branch(
        v(present),
        () => lowerInto(ctx, target, left),
        () => coalesceInto(ctx, target, rest, hint),
      );
    }
    // A variable given an element read elsewhere ('let a = …; a = x[i]', a module's 'const k = K[5]') may hold
    // undefined, which no flag here follows.
    if (symbol && heldReads(ctx, symbol).has(symbol)) {
      ctx.sink.report(left, Messages.NullishOperand, [shorten(left.getText(ctx.sourceFile))]);
      return emitAssign(ctx, target, num(0));
    }
  }
  const assigned = assignedRead(ctx, left);
  if (assigned) {
    // '(a = x[i]) ?? c': a gets the read, whatever it finds; the '??' tests the read.
    const { value: read, found } = lowerTestedRead(ctx, assigned.read, hint);
    if (!found) {
      emitAssign(ctx, assigned.name, read);
      return emitAssign(ctx, target, v(assigned.name));
    }
    // Past the end a holds NaN where JavaScript's holds undefined: the same in arithmetic, and no adjoint lands there.
    return branch(
      found,
      () => {
        emitAssign(ctx, assigned.name, read);
        emitAssign(ctx, target, v(assigned.name));
      },
      () => {
        emitAssign(ctx, assigned.name, global("NaN"));
        coalesceInto(ctx, target, rest, hint);
      },
    );
  }
  const method = ts.isCallExpression(left) && ts.isPropertyAccessExpression(left.expression) && left.expression.name;
  const searchReadsElement = method && returnsElement(method.text);
  const search = searchReadsElement ? lowerArraySearch(ctx, left as TS.CallExpression, hint) : undefined;
  const tested = isElementRead(ts, left)
    ? lowerTestedRead(ctx, left, hint)
    : search && withFoundTest(ctx, left, search, hint);
  if (tested && !tested.found) return emitAssign(ctx, target, tested.value);
  if (tested?.found) {
    return branch(
      tested.found,
      () => emitAssign(ctx, target, tested.value),
      () => coalesceInto(ctx, target, rest, hint),
    );
  }
  const field = fieldFlag(ctx, left);
  if (field) {
    // 'opts.l2 ?? 0': an optional number field of an object parameter, where the caller gave it.
    return branch(
      v(field.flag),
      () => emitAssign(ctx, target, v(field.name)),
      () => coalesceInto(ctx, target, rest, hint),
    );
  }
  const optional = optionalRecordField(ctx, left);
  if (optional) {
    // 'o.note ?? 1': a record's optional field, where it holds a number.
    return branch(
      binary("!==", optional, global("undefined")),
      () => emitAssign(ctx, target, { ...optional, present: true }),
      () => coalesceInto(ctx, target, rest, hint),
    );
  }
  if (!mayBeNullish(ts, ctx.checker.getTypeAtLocation(left))) return lowerInto(ctx, target, left);
  ctx.sink.report(left, Messages.NullishOperand, [shorten(left.getText(ctx.sourceFile))]);
  emitAssign(ctx, target, num(0));
}

/**
 * 'const a = x[i]' where a '??' in the function tests a: a, and a boolean local saying whether the read found an
 * element, which the '??' tests (lowerNullish); 'const b = a' shares a's. Undefined for any other declaration.
 */
export function declareTestedRead(
  ctx: LowerContext,
  symbol: TS.Symbol,
  init: TS.Expression,
  hint: string,
): Expr | undefined {
  const { ts } = ctx;
  const read = withoutAssertions(ts, init);
  if (!coalescedConstants(ctx, symbol).has(symbol)) return undefined;
  const held = ts.isIdentifier(read) ? ctx.checker.getSymbolAtLocation(read) : undefined;
  const shared = held && ctx.presence.get(held);
  if (shared) {
    ctx.presence.set(symbol, shared);
    return lowerAtom(ctx, read, hint);
  }
  if (!isElementRead(ts, read)) return undefined;
  const { value, found } = lowerTestedRead(ctx, read, hint);
  if (!found) return value;
  const present = freshTemp(ctx, `${hint}_present`, hint, "boolean");
  emitAssign(ctx, present, found);
  ctx.presence.set(symbol, present);
  // Past the end the constant holds NaN where JavaScript's holds undefined: the same in arithmetic, and no adjoint
  // lands past the end.
  const element = freshTemp(ctx, `${hint}_read`, hint, "number");
  const then = collectStmts(ctx, () => emitAssign(ctx, element, value));
  const otherwise = collectStmts(ctx, () => emitAssign(ctx, element, global("NaN")));
  ctx.out.push({ kind: "if", test: v(present), then, else: otherwise, origin: ctx.origin });
  return v(element);
}

/** '(a = x[i])' as a '??' operand: the local assigned and the element read; undefined for anything else. */
function assignedRead(
  ctx: LowerContext,
  node: TS.Expression,
): { name: string; read: TS.ElementAccessExpression } | undefined {
  const { ts } = ctx;
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const read = withoutAssertions(ts, node.right);
  if (!isElementRead(ts, read)) return undefined;
  const target = withoutAssertions(ts, node.left);
  const symbol = ts.isIdentifier(target) ? ctx.checker.getSymbolAtLocation(target) : undefined;
  const name = symbol && ctx.names.get(symbol);
  return name && ctx.locals.get(name) === "number" ? { name, read } : undefined;
}

/**
 * The names that some '??' takes as its left operand ('const a = …; a ?? c', '(c ? a : b) ?? d'), in the function that
 * declares `symbol` (the differentiated one, or one inlined into it).
 */
const coalescedByScope = new WeakMap<TS.Node, ReadonlySet<TS.Symbol>>();
function coalescedConstants(ctx: LowerContext, symbol: TS.Symbol): ReadonlySet<TS.Symbol> {
  return scanScope(ctx, symbol, coalescedByScope, (scope, found) => {
    const { ts } = ctx;
    const addOperand = (operand: TS.Expression): void => {
      const e = withoutAssertions(ts, operand);
      if (ts.isConditionalExpression(e)) return [e.whenTrue, e.whenFalse].forEach(addOperand);
      const name = ts.isIdentifier(e) ? ctx.checker.getSymbolAtLocation(e) : undefined;
      if (name) found.add(name);
    };
    const aliases: [TS.Symbol, TS.Symbol][] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
        operandsOf(ts, node).forEach(addOperand);
      }
      // 'const b = a': a '??' on b tests what a holds.
      if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
        const init = withoutAssertions(ts, node.initializer);
        const name = ctx.checker.getSymbolAtLocation(node.name);
        const held = ts.isIdentifier(init) ? ctx.checker.getSymbolAtLocation(init) : undefined;
        if (name && held) aliases.push([name, held]);
      }
      ts.forEachChild(node, visit);
    };
    visit(scope);
    for (const [name, held] of [...aliases].reverse()) if (found.has(name)) found.add(held);
  });
}

/** The variables of the scope declaring `symbol` that are given an element read ('a = x[i]', 'const k = K[5]'). */
const readsByScope = new WeakMap<TS.Node, ReadonlySet<TS.Symbol>>();
function heldReads(ctx: LowerContext, symbol: TS.Symbol): ReadonlySet<TS.Symbol> {
  return scanScope(ctx, symbol, readsByScope, (scope, found) => {
    const { ts } = ctx;
    const isRead = (e: TS.Expression | undefined) => !!e && isElementRead(ts, withoutAssertions(ts, e));
    const visit = (node: TS.Node): void => {
      const named =
        ts.isVariableDeclaration(node) && isRead(node.initializer)
          ? node.name
          : ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isRead(node.right)
            ? withoutAssertions(ts, node.left)
            : undefined;
      const name = named && ts.isIdentifier(named) ? ctx.checker.getSymbolAtLocation(named) : undefined;
      if (name) found.add(name);
      ts.forEachChild(node, visit);
    };
    visit(scope);
  });
}

/**
 * The symbols `scan` finds in the function declaring `symbol` (or its module, for a module's variable), scanned once
 * per scope and kept in `cache`.
 */
function scanScope(
  ctx: LowerContext,
  symbol: TS.Symbol,
  cache: WeakMap<TS.Node, ReadonlySet<TS.Symbol>>,
  scan: (scope: TS.Node, found: Set<TS.Symbol>) => void,
): ReadonlySet<TS.Symbol> {
  const { ts } = ctx;
  let scope: TS.Node | undefined = symbol.valueDeclaration;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return new Set();
  const known = cache.get(scope);
  if (known) return known;
  const found = new Set<TS.Symbol>();
  scan(scope, found);
  cache.set(scope, found);
  return found;
}

/** 'x[i]', not 'p["w"]', which names a field as 'p.w' does (its type says whether it may be missing). */
function isElementRead(ts: typeof TS, node: TS.Expression): node is TS.ElementAccessExpression {
  return ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression);
}

/** An element read, and whether it finds an element (undefined when what `node` reads is no element read). */
interface TestedRead {
  readonly value: Expr;
  readonly found?: Expr;
}

/**
 * 'x[i]', 'm[i][j]' for a '??': the read, and whether it finds an element. In a matrix the function builds, the flat
 * position is read only where the test holds: the column is an index of the row (which exists).
 */
function lowerTestedRead(ctx: LowerContext, node: TS.ElementAccessExpression, hint: string): TestedRead {
  const matrix = rowMatrix(ctx, node.expression);
  if (matrix === undefined || !ctx.localMatrices.has(matrix)) {
    return withFoundTest(ctx, node, lowerElementRead(ctx, node), hint);
  }
  const row = matrixRow(ctx, node.expression) as MatrixRow;
  requireNumber(ctx, node.argumentExpression);
  const at = lowerAtom(ctx, node.argumentExpression, "index");
  const position = flatPosition(ctx, row, at);
  return { value: index(matrix, position), found: isIndexOf(ctx, at, rowLength(ctx, row), hint) };
}

function withFoundTest(ctx: LowerContext, node: TS.Expression, read: Expr, hint: string): TestedRead {
  return read.kind === "index" ? { value: read, found: foundTest(ctx, node, read, hint) } : { value: read };
}

/**
 * Whether `read` (lowered from `node`) finds an element: its index is one of the array's, and for 'm[i]?.[j]' row i
 * exists too (without '?.', JavaScript throws there, as the row's length does here).
 */
function foundTest(ctx: LowerContext, node: TS.Expression, read: IndexExpr, hint: string): Expr {
  const inRow = isIndexOf(ctx, read.index, length(read.array, read.outer), hint);
  const optionalRow = ctx.ts.isElementAccessExpression(node) && node.questionDotToken !== undefined && read.outer;
  return optionalRow ? binary("&&", isIndexOf(ctx, read.outer as Expr, length(read.array), hint), inRow) : inRow;
}

/** 'Math.floor(at) === at && at >= 0 && at < size': whether `at` is an index of an array of that size. */
function isIndexOf(ctx: LowerContext, at: Expr, size: Expr, hint: string): Expr {
  const floor = freshTemp(ctx, `floor_${hint}`, hint, "number");
  emitAssign(ctx, floor, call("Math.floor", [at]));
  return binary("&&", binary("&&", binary("===", v(floor), at), binary(">=", at, num(0))), binary("<", at, size));
}

function mayBeNullish(ts: typeof TS, type: TS.Type): boolean {
  const nullish =
    ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  return (type.isUnion() ? type.types : [type]).some((t) => (t.flags & nullish) !== 0);
}

/**
 * `k === undefined`, `k !== undefined`, and with `==` / `!=` also `null`, either way round, for a name whose presence
 * a flag records (an optional parameter, a constant holding an element read): the flag, or its negation.
 */
export function lowerPresenceTest(ctx: LowerContext, node: TS.BinaryExpression): Expr | undefined {
  const { ts } = ctx;
  const k = ts.SyntaxKind;
  const op = node.operatorToken.kind;
  const loose = op === k.EqualsEqualsToken || op === k.ExclamationEqualsToken;
  const equal = op === k.EqualsEqualsEqualsToken || op === k.EqualsEqualsToken;
  if (!loose && !equal && op !== k.ExclamationEqualsEqualsToken) return undefined;
  const nothing = (e: TS.Expression): boolean =>
    isUndefinedValue(ctx, e) || (loose && withoutAssertions(ts, e).kind === k.NullKeyword);
  const named = nothing(node.right) ? node.left : nothing(node.left) ? node.right : undefined;
  const name = named && withoutAssertions(ts, named);
  // 'o.note !== undefined' for a record's optional field: the read itself, tested.
  const optional = name && optionalRecordField(ctx, name);
  if (optional) return binary(equal ? "===" : "!==", optional, global("undefined"));
  const field = name && fieldFlag(ctx, name);
  if (!name || (!ts.isIdentifier(name) && !field)) return undefined;
  const symbol = ts.isIdentifier(name) ? ctx.checker.getSymbolAtLocation(name) : undefined;
  const present = field ? field.flag : symbol && ctx.presence.get(symbol);
  if (!present) return undefined;
  return equal ? unary("!", v(present)) : v(present);
}

/** 'opts.l2' where it names an optional number field of an object parameter: its IR name and its flag. */
export function fieldFlag(ctx: LowerContext, node: TS.Expression): { name: string; flag: string } | undefined {
  const e = withoutAssertions(ctx.ts, node);
  if (!ctx.ts.isPropertyAccessExpression(e) && !ctx.ts.isElementAccessExpression(e)) return undefined;
  const name = resolveMember(ctx, e);
  const flag = typeof name === "string" ? ctx.presentFields.get(name) : undefined;
  return flag && typeof name === "string" ? { name, flag } : undefined;
}

/** Whether `node` is `undefined` or `void 0`: an argument that leaves its parameter out, as JavaScript reads it. */
export function isUndefinedValue(ctx: LowerContext, node: TS.Expression): boolean {
  const { ts } = ctx;
  const bare = withoutAssertions(ts, node);
  if (ts.isVoidExpression(bare)) return true;
  return ts.isIdentifier(bare) && bare.text === "undefined" && !ctx.checker.getSymbolAtLocation(bare)?.valueDeclaration;
}

/** The flag that says whether `node`, a name for an optional parameter, holds a number. */
export function presenceFlag(ctx: LowerContext, node: TS.Expression): string | undefined {
  const bare = withoutAssertions(ctx.ts, node);
  const symbol = ctx.ts.isIdentifier(bare) ? ctx.checker.getSymbolAtLocation(bare) : undefined;
  return symbol && ctx.presence.get(symbol);
}

/**
 * An optional parameter passed to a parameter with a default ('q(x, k)' for 'q(t, a = 3)'): JavaScript takes the
 * default when it is undefined, so the argument is 'k' where its flag says it was given, the default elsewhere.
 */
export function givenOrDefault(
  ctx: LowerContext,
  arg: TS.Expression,
  flag: string,
  fallback: Expr,
  hint: string,
): Expr {
  const temp = freshTemp(ctx, `${hint}_or_default`, hint, "number");
  const then = collectStmts(ctx, () => lowerInto(ctx, temp, arg));
  const otherwise = collectStmts(ctx, () => emitAssign(ctx, temp, fallback));
  ctx.out.push({ kind: "if", test: v(flag), then, else: otherwise, origin: ctx.origin });
  return v(temp);
}

/**
 * 'target = value' (or a declaration's initializer, none for 'let prev;'), and, where the target is an optional
 * parameter or a local that may be undefined, its flag: cleared by 'undefined', set by assignPresence otherwise.
 */
export function assignWithPresence(
  ctx: LowerContext,
  target: string,
  targetNode: TS.Expression,
  value: TS.Expression | undefined,
): void {
  const flag = presenceFlag(ctx, targetNode);
  if (flag && (!value || isUndefinedValue(ctx, value))) {
    emitAssign(ctx, target, global("undefined"));
    emitAssign(ctx, flag, bool(false));
    return;
  }
  if (!value) return;
  lowerInto(ctx, target, value);
  assignPresence(ctx, targetNode, value);
}

/**
 * After an assignment to an optional parameter or a local that may be undefined ('k = k ?? 2', 'k = x'), its flag
 * says what the new value is: given, or the flag of another such name it copies. Reports a value that may be
 * undefined otherwise (TS990096).
 */
function assignPresence(ctx: LowerContext, target: TS.Expression, value: TS.Expression): void {
  const flag = presenceFlag(ctx, target);
  if (!flag) return;
  const copied = presenceFlag(ctx, value) ?? fieldFlag(ctx, value)?.flag;
  if (copied) return emitAssign(ctx, flag, v(copied));
  if (mayBeUndefined(ctx, value)) {
    const text = shorten(value.getText(ctx.sourceFile));
    ctx.sink.report(value, Messages.UndefinedAssigned, [text, target.getText(ctx.sourceFile)]);
    return;
  }
  emitAssign(ctx, flag, bool(true));
}

/** Whether a type is 'number', 'undefined' or a union of them ('number | undefined'). */
export function isNumberOrUndefined(ctx: LowerContext, type: TS.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((t) => t.flags & (ctx.ts.TypeFlags.NumberLike | ctx.ts.TypeFlags.Undefined));
}

/** Whether TypeScript says `node` may be undefined. */
export function mayBeUndefined(ctx: LowerContext, node: TS.Expression): boolean {
  const type = ctx.checker.getTypeAtLocation(node);
  return (type.isUnion() ? type.types : [type]).some((t) => (t.flags & ctx.ts.TypeFlags.Undefined) !== 0);
}
