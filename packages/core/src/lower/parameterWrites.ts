/**
 * Whether a function may write into the array one of its parameters is given, read from its source: an element
 * assigned or incremented through the parameter ('a[i] = …', 'a[i]++'), a method that changes an array ('a.fill(0)',
 * 'a.push(v)') or returns a view of it ('a.subarray(1)'), or the parameter given to anything that could write it in turn (another call, another name, an
 * object). Passing it on to the function itself at the same position is no write of its own. Conservative: a
 * function this calls a write may write. With `rebinding`, giving the parameter's name another array ('a = a.map(f)')
 * is no write either (JavaScript then leaves the caller's array alone). And whether a function writes the number fields
 * of an object parameter (writesObjectField), which only inlining carries to the caller's object.
 */
import type * as TS from "typescript";
import { resolveFunction, type FunctionLike } from "../collect/resolve";
import { objectFieldsOf, type LowerContext } from "./context";
import { skipParentheses } from "./arrays";

export const CHANGING_METHODS: ReadonlySet<string> = new Set([
  "fill",
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "sort",
  "reverse",
  "copyWithin",
  "set",
]);

/** Methods whose result shares the array's elements ('a.subarray(1)'): a write through it writes the array. */
export const SHARING_METHODS: ReadonlySet<string> = new Set(["subarray"]);

export function mayWriteParameter(
  ts: typeof TS,
  checker: TS.TypeChecker,
  fn: TS.SignatureDeclaration,
  position: number,
  rebinding = false,
): boolean {
  const symbol = parameterSymbol(ts, checker, fn, position);
  if (!symbol || !("body" in fn) || !fn.body) return true;
  const names = (node: TS.Node) => ts.isIdentifier(node) && checker.getSymbolAtLocation(node) === symbol;
  const self = checker.getSymbolAtLocation(fn.name ?? fn);
  // How `node`, the parameter or a field of it, is used: 'a.length', 'a[i]' read, 'a.map(f)' read; 'q.w[i] = v' writes
  // through the field. Anything else that takes the array itself may keep or change it.
  const writesThrough = (node: TS.Expression, field: boolean): boolean => {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      const called = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
      if (called) return CHANGING_METHODS.has(parent.name.text) || SHARING_METHODS.has(parent.name.text);
      const primitive = checker.getTypeAtLocation(parent).flags & ts.TypeFlags.NumberLike;
      return parent.name.text !== "length" && !primitive && writesThrough(parent, true);
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === node) return isWritten(ts, parent);
    // 'for (const v of a)' over numbers reads them (a matrix's rows, named, could be written).
    if (ts.isForOfStatement(parent) && parent.expression === node) {
      const variable = ts.isVariableDeclarationList(parent.initializer)
        ? parent.initializer.declarations[0]
        : undefined;
      const element = variable && checker.getTypeAtLocation(variable.name);
      if (element && element.flags & ts.TypeFlags.NumberLike) return false;
    }
    if (isAssignedTo(ts, node)) return field || !rebinding;
    if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
      const callee = checker.getSymbolAtLocation(parent.expression);
      return field || !(callee && callee === self && parent.arguments.indexOf(node) === position);
    }
    return true;
  };
  const writes = (node: TS.Node): boolean =>
    names(node)
      ? writesThrough(node as TS.Expression, false)
      : (ts.forEachChild(node, (child) => writes(child) || undefined) ?? false);
  return writes(fn.body);
}

/**
 * Whether an element access is written: assigned, compound-assigned, incremented or decremented, also as a target of
 * a destructuring assignment ('[a[0], a[1]] = [a[1], a[0]]', '({ v: a[0] } = o)') or of 'for (a[0] of …)'.
 */
export function isWritten(ts: typeof TS, access: TS.ElementAccessExpression): boolean {
  let target: TS.Node = access;
  for (;;) {
    const up = target.parent;
    const inPattern =
      ts.isArrayLiteralExpression(up) ||
      ts.isSpreadElement(up) ||
      ts.isParenthesizedExpression(up) ||
      ts.isObjectLiteralExpression(up) ||
      (ts.isPropertyAssignment(up) && up.initializer === target) ||
      ts.isShorthandPropertyAssignment(up) ||
      ts.isSpreadAssignment(up);
    if (!inPattern) break;
    target = up;
  }
  if (target !== access) {
    const up = target.parent;
    return (
      (ts.isBinaryExpression(up) && up.left === target && up.operatorToken.kind === ts.SyntaxKind.EqualsToken) ||
      (ts.isForOfStatement(up) && up.initializer === target)
    );
  }
  if (ts.isForOfStatement(access.parent) && access.parent.initializer === access) return true;
  return writtenTarget(ts, access.parent) === access;
}

/** What `node` writes: an assignment's or a compound assignment's left side, an increment's operand; else undefined. */
export function writtenTarget(ts: typeof TS, node: TS.Node): TS.Expression | undefined {
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment ? node.left : undefined;
  }
  const increment = ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node);
  const changes = increment && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(node.operator);
  return changes ? node.operand : undefined;
}

/** Whether a function gives its parameter at `position` another array ('a = a.map(f)', 'a = a.slice(1)'). */
export function rebindsParameter(
  ts: typeof TS,
  checker: TS.TypeChecker,
  fn: TS.SignatureDeclaration,
  position: number,
): boolean {
  const symbol = parameterSymbol(ts, checker, fn, position);
  if (!symbol || !("body" in fn) || !fn.body) return false;
  const rebinds = (node: TS.Node): boolean =>
    (ts.isIdentifier(node) && checker.getSymbolAtLocation(node) === symbol && isAssignedTo(ts, node)) ||
    (ts.forEachChild(node, (child) => rebinds(child) || undefined) ?? false);
  return rebinds(fn.body);
}

function parameterSymbol(
  ts: typeof TS,
  checker: TS.TypeChecker,
  fn: TS.SignatureDeclaration,
  position: number,
): TS.Symbol | undefined {
  const param = fn.parameters[position];
  return param && ts.isIdentifier(param.name) ? checker.getSymbolAtLocation(param.name) : undefined;
}

/** Whether `node` is the target of a plain assignment ('a = …'). */
function isAssignedTo(ts: typeof TS, node: TS.Node): boolean {
  const parent = node.parent;
  return (
    ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}

/**
 * Whether `fn` assigns a field of one of its object parameters ('b.v -= b.x * dt', 'p.pos.x++'). A function of its own
 * gets an object's fields as numbers, so only inlined do the writes reach the caller's object, as a method's writes
 * to 'this' do.
 */
export function writesObjectField(ctx: LowerContext, fn: FunctionLike, seen = new Set<FunctionLike>()): boolean {
  const { ts, checker } = ctx;
  seen.add(fn);
  const objects = new Set(
    fn.parameters
      .filter((p) => ts.isIdentifier(p.name) && objectFieldsOf(ctx, checker.getTypeAtLocation(p.name)) !== undefined)
      .map((p) => checker.getSymbolAtLocation(p.name)),
  );
  if (objects.size === 0 || !fn.body) return false;
  // The parameter, or an object inside it ('s.body').
  const rootedAtParameter = (node: TS.Expression): boolean => {
    let e = skipParentheses(ts, node);
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = skipParentheses(ts, e.expression);
    return ts.isIdentifier(e) && objects.has(checker.getSymbolAtLocation(e));
  };
  // A number field: an array field's elements are written in place, through the reference a callee gets too.
  const fieldOfParameter = (target: TS.Expression): boolean => {
    const e = skipParentheses(ts, target);
    const number = ts.isPropertyAccessExpression(e) && checker.getTypeAtLocation(e).flags & ts.TypeFlags.NumberLike;
    return !!number && rootedAtParameter(e);
  };
  const writes = (node: TS.Node): boolean => {
    const assigned = writtenTarget(ts, node);
    if (assigned && fieldOfParameter(assigned)) return true;
    // 'step(b, dt)' with b a parameter: the writes of the helper it is given to.
    if (ts.isCallExpression(node) && node.arguments.some(rootedAtParameter)) {
      const callee = resolveFunction(ts, checker, node.expression);
      if (callee && !seen.has(callee) && writesObjectField(ctx, callee, seen)) return true;
    }
    return ts.forEachChild(node, (child) => writes(child) || undefined) ?? false;
  };
  return writes(fn.body);
}
