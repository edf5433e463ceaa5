/**
 * Object and tuple variables assigned again ('q = q.step(dt)', 'p = rot(p, a)', 'best = cand'). Such a variable gets
 * field variables of its own where it is declared, and each assignment copies the new object's fields into them, so
 * that loops and branches read what the last assignment that ran gave:
 *   'let q = { x, v: 0 }; q = { x: q.x + q.v, v: q.v }'  →  'q_x = x; q_v = 0; q_x_1 = q_x + q_v; …; q_x = q_x_1'
 * JavaScript assigns a reference, not a copy. The two differ only when one object is reachable by two names and its
 * fields are written through one of them, so assigning an object another name holds, or naming again an object such
 * a variable holds ('const prev = p'), is refused when the function writes any object's fields (TS990066); otherwise
 * the other name gets a copy (detached), as it keeps the old object in JavaScript.
 */
import type * as TS from "typescript";
import { Messages } from "../diagnostics/messages";
import { isArrayType } from "../ir/stmt";
import { bool, isMatrixType, num, v, type Expr } from "../ir/expr";
import { declareLocal, emitAssign, objectFieldsOf, type LowerContext, type ObjectBinding } from "./context";
import { lowerObjectValue } from "./statements";
import { skipParentheses } from "./arrays";
import { shorten } from "./expressions";
import { copyArray } from "./arrayMethods";
import { encloses } from "./outsideNames";
import { arraysBefore, isNewArray, namedElsewhere, walkedAround } from "./arrayAssign";

/** Whether the function declaring `name` assigns the variable again ('name = …'). */
export function isReassigned(ctx: LowerContext, name: TS.Identifier): boolean {
  const { ts, checker } = ctx;
  const symbol = checker.getSymbolAtLocation(name);
  let scope: TS.Node = name;
  while (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const assigns = (node: TS.Node): boolean => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(skipParentheses(ts, node.left)) &&
      checker.getSymbolAtLocation(skipParentheses(ts, node.left)) === symbol
    ) {
      return true;
    }
    return ts.forEachChild(node, (child) => assigns(child) || undefined) ?? false;
  };
  return symbol !== undefined && assigns(scope);
}

/** The declaration of a variable assigned again: its own field variables, holding the initial object's values. */
export function declareReassignable(ctx: LowerContext, name: TS.Identifier, init: TS.Expression): void {
  const symbol = ctx.checker.getSymbolAtLocation(name);
  const before = arraysBefore(ctx);
  const initial = lowerObjectValue(ctx, name.text, init);
  if (!initial || !symbol) return;
  refuseSharing(ctx, init, initial);
  // The fields of the variable's type: 'let cur: { val: number } = node' holds node's 'val' and not its 'child'.
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(name)) ?? [];
  const own = ownCopy(ctx, name.text, initial, fields);
  // Arrays the value made ('{ pos: x.slice() }') are the variable's own: an assignment may copy new ones into them.
  for (const array of arrayLeaves(ctx, own)) if (isNewArray(ctx, before, array)) ownArraysOf(ctx).add(array);
  ctx.objects.set(symbol, own);
}

/**
 * 'let o: { a: number; b: number };' assigned later: field variables of its own, which each assignment fills. A type
 * with array fields is refused: no array is there to name until the first assignment.
 */
export function declareUnassigned(ctx: LowerContext, name: TS.Identifier, fields: Fields): boolean {
  const symbol = ctx.checker.getSymbolAtLocation(name);
  const binding = symbol && fieldVariables(ctx, name.text, fields);
  if (!binding || !symbol) return false;
  const markOwn = (b: ObjectBinding): void => {
    ownFields.add(b);
    for (const leaf of b.values()) if (leaf instanceof Map) markOwn(leaf);
  };
  markOwn(binding);
  ctx.objects.set(symbol, binding);
  return true;
}

/**
 * Variables for an object's number and flag fields, nested objects' too, that assignments fill (each starts at 0 or
 * false); undefined for fields that hold arrays.
 */
export function fieldVariables(ctx: LowerContext, prefix: string, fields: Fields): ObjectBinding | undefined {
  const binding: ObjectBinding = new Map();
  for (const field of fields) {
    if (typeof field.type !== "string") {
      const nested = fieldVariables(ctx, `${prefix}_${field.key}`, field.type.fields ?? []);
      if (!nested) return undefined;
      binding.set(field.key, nested);
    } else if (isArrayType(field.type)) {
      return undefined;
    } else {
      const local = declareLocal(ctx, undefined, `${prefix}_${field.key}`, field.type);
      emitAssign(ctx, local, field.type === "boolean" ? bool(false) : num(0));
      binding.set(field.key, local);
    }
  }
  return binding;
}

/**
 * 'return value' in an inlined function that returns an object from several places: value's fields copied into the
 * result's variables (made by fieldVariables), as an assignment copies them; false when the shapes differ.
 */
export function assignReturnedObject(ctx: LowerContext, result: ObjectBinding, value: TS.Expression): boolean {
  const returned = lowerObjectValue(ctx, "returned", value);
  if (!returned) return true;
  // An object only the returning function's own variables hold ('const o = { … }; … return o') goes out of reach as it
  // returns: the copy is the only object left.
  const frame = ctx.inlining[ctx.inlining.length - 1];
  refuseSharing(ctx, value, returned, result, frame?.fn);
  return copyInto(ctx, result, returned, new Set());
}

/** 'q = value' for an object variable: value's fields copied into q's; undefined if `node` assigns no such variable. */
export function lowerObjectAssignment(ctx: LowerContext, node: TS.BinaryExpression): Expr | undefined {
  const { ts } = ctx;
  const left = skipParentheses(ts, node.left);
  const symbol = ts.isIdentifier(left) ? ctx.checker.getSymbolAtLocation(left) : undefined;
  const target = symbol && ctx.objects.get(symbol);
  if (!target) return undefined;
  if (!ownFields.has(target)) {
    // Declared without '= …' or in a way that shares fields (a parameter): no variables of its own to copy into.
    ctx.sink.report(node, Messages.ObjectReassigned, [shorten(node.getText(ctx.sourceFile)), left.getText()]);
    return num(0);
  }
  const before = arraysBefore(ctx);
  const value = lowerObjectValue(ctx, left.getText(), node.right);
  if (!value) return num(0);
  refuseSharing(ctx, node.right, value, target);
  const replaced = replacedArrays(ctx, target, value, before, node, symbol);
  if (!replaced || !copyInto(ctx, target, value, replaced)) {
    ctx.sink.report(node, Messages.ObjectReassigned, [shorten(node.getText(ctx.sourceFile)), left.getText()]);
  }
  return num(0);
}

/**
 * A new name for an object that a variable assigned again holds ('const prev = p' before 'p = p.moved(y)', 'const r =
 * id(q)', 'const inner = s.pos'): the variable's next assignment replaces its fields' values, which JavaScript leaves
 * to the old object, so the new name holds a copy of them. Refused where object fields are written (TS990066), since
 * a write through one name would then not show through the other.
 */
export function detached(
  ctx: LowerContext,
  prefix: string,
  value: TS.Expression,
  binding: ObjectBinding,
): ObjectBinding {
  const reachesOwn = (b: ObjectBinding): boolean =>
    ownFields.has(b) || [...b.values()].some((leaf) => leaf instanceof Map && reachesOwn(leaf));
  if (!reachesOwn(binding)) return binding;
  refuseIfFieldsWritten(ctx, value);
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(value)) ?? [];
  return ownCopy(ctx, prefix, binding, fields);
}

/** Bindings made by ownCopy: the variables an assignment may copy into. */
const ownFields = new WeakSet<ObjectBinding>();

export type Fields = NonNullable<ReturnType<typeof objectFieldsOf>>;

function ownCopy(ctx: LowerContext, prefix: string, source: ObjectBinding, fields: Fields): ObjectBinding {
  const copy: ObjectBinding = new Map();
  for (const field of fields) {
    const { key } = field;
    const leaf = source.get(key);
    if (leaf === undefined) continue;
    if (leaf instanceof Map) {
      const nested = typeof field.type === "string" ? [] : (field.type.fields ?? []);
      copy.set(key, ownCopy(ctx, `${prefix}_${key}`, leaf, nested));
      continue;
    }
    const type = ctx.locals.get(leaf);
    // An array field names its array, which an assignment must leave the same (copyInto).
    if (!type || isArrayType(type)) {
      copy.set(key, leaf);
      continue;
    }
    const own = declareLocal(ctx, undefined, `${prefix}_${key}`, type);
    emitAssign(ctx, own, v(leaf));
    copy.set(key, own);
  }
  ownFields.add(copy);
  return copy;
}

/**
 * Copies `source`'s fields into `target`'s: numbers, and the new arrays `replaced` allows into the target's own (as
 * 'y = next' copies an array, lower/arrayAssign.ts); false when their shapes differ or an array field holds another
 * array that may not be copied.
 */
function copyInto(
  ctx: LowerContext,
  target: ObjectBinding,
  source: ObjectBinding,
  replaced: ReadonlySet<string>,
): boolean {
  if (target === source) return true;
  for (const [key, leaf] of target) {
    const from = source.get(key);
    const type = ctx.locals.get(leaf as string);
    if (leaf instanceof Map) {
      if (!(from instanceof Map) || !copyInto(ctx, leaf, from, replaced)) return false;
    } else if (typeof from !== "string") {
      return false;
    } else if (isArrayType(type) && from !== leaf) {
      if (!replaced.has(leaf)) return false;
      copyArray(ctx, leaf, type, from);
    } else if (from !== leaf) {
      emitAssign(ctx, leaf, v(from));
    }
  }
  return true;
}

/** Arrays of reassigned objects' own, made with the object's first value, by the lowering of one function. */
const ownArrays = new WeakMap<LowerContext, Set<string>>();

function ownArraysOf(ctx: LowerContext): Set<string> {
  let arrays = ownArrays.get(ctx);
  if (!arrays) ownArrays.set(ctx, (arrays = new Set()));
  return arrays;
}

/**
 * The array fields of `target` that 'q = value' gives new arrays, where each may be copied into the target's own: the
 * target's array is its own and named by nothing else (another name would go on naming the old array in JavaScript),
 * nothing walks it around the assignment, and the new array is new (made by the value, held once in it). Undefined
 * when one may not be copied.
 */
function replacedArrays(
  ctx: LowerContext,
  target: ObjectBinding,
  value: ObjectBinding,
  before: ReadonlySet<string>,
  node: TS.BinaryExpression,
  symbol: TS.Symbol,
): ReadonlySet<string> | undefined {
  const pairs = arrayPairs(ctx, target, value);
  if (!pairs) return undefined;
  const moved = pairs.filter(([own, from]) => own !== from);
  if (moved.length === 0) return new Set();
  // A matrix in a field is stored flat with its row starts (lower/localMatrices.ts), not copied as an array.
  const flat = (array: string) => isMatrixType(ctx.locals.get(array)) || ctx.localMatrices.has(array);
  if (moved.some(([own, from]) => flat(own) || flat(from))) return undefined;
  const sources = moved.map(([, from]) => from);
  const fresh = sources.every((from) => isNewArray(ctx, before, from)) && new Set(sources).size === sources.length;
  const others = [...heldObjects(ctx)].filter((b) => !reaches(target, b) && b !== value);
  const sharedElsewhere = (array: string) =>
    namedElsewhere(ctx, array, undefined, node) || others.some((b) => arrayLeaves(ctx, b).includes(array));
  const owned = moved.every(([own]) => ownArraysOf(ctx).has(own) && !sharedElsewhere(own));
  if (!fresh || !owned || walkedAround(ctx, node, symbol) || fieldWalked(ctx, node, symbol)) return undefined;
  return new Set(moved.map(([own]) => own));
}

/** The target's array fields and what the value holds for each; undefined when the shapes differ. */
function arrayPairs(ctx: LowerContext, target: ObjectBinding, value: ObjectBinding): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const [key, leaf] of target) {
    const from = value.get(key);
    if (leaf instanceof Map) {
      const nested = from instanceof Map ? arrayPairs(ctx, leaf, from) : undefined;
      if (!nested) return undefined;
      pairs.push(...nested);
    } else if (isArrayType(ctx.locals.get(leaf))) {
      if (typeof from !== "string") return undefined;
      pairs.push([leaf, from]);
    }
  }
  return pairs;
}

/** The arrays an object binding holds, nested objects' included. */
function arrayLeaves(ctx: LowerContext, binding: ObjectBinding): string[] {
  return [...binding.values()].flatMap((leaf) =>
    leaf instanceof Map ? arrayLeaves(ctx, leaf) : isArrayType(ctx.locals.get(leaf)) ? [leaf] : [],
  );
}

function reaches(binding: ObjectBinding, other: ObjectBinding): boolean {
  return binding === other || [...binding.values()].some((leaf) => leaf instanceof Map && reaches(leaf, other));
}

/** Whether 'for … of' over one of the object's array fields ('for (const v of s.pos)') runs around `node`. */
function fieldWalked(ctx: LowerContext, node: TS.Node, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  const rootedAt = (e: TS.Expression): boolean => {
    e = skipParentheses(ts, e);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e)) {
      return rootedAt(e.expression);
    }
    return ts.isIdentifier(e) && ctx.checker.getSymbolAtLocation(e) === symbol;
  };
  for (let at: TS.Node = node; at.parent && at !== ctx.fn; at = at.parent) {
    const parent = at.parent;
    if (ts.isForOfStatement(parent) && at === parent.statement && rootedAt(parent.expression)) return true;
    const method = ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression);
    if (method && parent.arguments.includes(at as TS.Expression) && rootedAt(parent.expression)) return true;
  }
  return false;
}

/**
 * Refuses a value that shares an object with another name ('best = cand', 'let cur = p') in a function that writes
 * object fields: the copy would not see writes made through the other name afterwards, as JavaScript's reference
 * would.
 */
function refuseSharing(
  ctx: LowerContext,
  value: TS.Expression,
  binding: ObjectBinding,
  self?: ObjectBinding,
  leaving?: TS.Node,
): void {
  const held = heldObjects(ctx, leaving);
  if (self) held.delete(self);
  const shares = (b: ObjectBinding): boolean =>
    held.has(b) || [...b.values()].some((leaf) => leaf instanceof Map && leaf !== self && shares(leaf));
  if (shares(binding)) refuseIfFieldsWritten(ctx, value);
}

/** TS990066 at `value`, an object held under two names, when the function writes any object's fields. */
export function refuseIfFieldsWritten(ctx: LowerContext, value: TS.Expression): void {
  const write = fieldWrite(ctx);
  if (!write) return;
  ctx.sink.report(value, Messages.SharedObjectWritten, [
    shorten(value.getText(ctx.sourceFile)),
    shorten(write.getText(write.getSourceFile())),
  ]);
}

/**
 * Every object binding a name of the function reaches, nested ones included; not those of names declared in
 * `leaving`, a function whose variables go out of scope.
 */
function heldObjects(ctx: LowerContext, leaving?: TS.Node): Set<ObjectBinding> {
  const held = new Set<ObjectBinding>();
  const add = (b: ObjectBinding): void => {
    held.add(b);
    for (const leaf of b.values()) if (leaf instanceof Map) add(leaf);
  };
  const within = (d: TS.Declaration) => leaving !== undefined && encloses(leaving, d);
  for (const [symbol, b] of ctx.objects) if (!symbol.declarations?.every(within)) add(b);
  for (const frame of ctx.inlining) if (frame.self) add(frame.self);
  return held;
}

/** A write to an object's field ('o.x = …', 'this.n++') in the function or anything it calls; constructors aside. */
function fieldWrite(ctx: LowerContext): TS.Node | undefined {
  const { ts, checker } = ctx;
  const seen = new Set<TS.Node>();
  const isField = (e: TS.Expression) => {
    const target = skipParentheses(ts, e);
    if (ts.isPropertyAccessExpression(target)) return true;
    return ts.isElementAccessExpression(target) && checker.isTupleType(checker.getTypeAtLocation(target.expression));
  };
  const visit = (node: TS.Node): TS.Node | undefined => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment) {
      if (node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && isField(node.left)) return node;
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isField(node.operand)) {
      const op = node.operator;
      if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) return node;
    }
    if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
      const symbol = checker.getSymbolAtLocation(callee);
      const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const decl of target?.declarations ?? []) {
        const body = functionBody(ts, decl);
        if (body && !seen.has(body)) {
          seen.add(body);
          const inside = visit(body);
          if (inside) return inside;
        }
      }
    }
    return ts.forEachChild(node, visit);
  };
  return visit(ctx.fn);
}

function functionBody(ts: typeof TS, decl: TS.Node): TS.Node | undefined {
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl.body;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const init = skipParentheses(ts, decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init.body;
  }
  return undefined;
}
