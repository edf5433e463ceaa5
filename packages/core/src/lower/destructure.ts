/**
 * Destructuring declarations, each name lowered as a plain declaration of the same field would be:
 *   'const { w, b } = model'          →  w names model's array 'model_w' (arrays are references), 'b = model_b'
 *   'const [x, y] = point'            →  'x = point_0', 'y = point_1' for a tuple; 'x = point[0]' for an array
 *   'const { layer: { w } } = net'    →  nested patterns follow nested objects
 * Numbers and booleans are copied into variables of their own, so that assigning to one later changes it alone.
 * Destructuring assignments, '[a, b] = [b, a + b]' and '({ lo, hi } = bounds)', compute every value before
 * assigning any name.
 */
import { swapRows } from "./localMatrices";
import type * as TS from "typescript";
import { index, isRecordsType, num, v, type ArrayType, type Expr } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import {
  collectStmts,
  declareLocal,
  emitAssign,
  freshTemp,
  objectFieldsOf,
  varTypeOf,
  type LowerContext,
  type ObjectBinding,
} from "./context";
import { lowerElementStore, resolveMember, skipParentheses, vectorName, writesOutsideMatrix } from "./arrays";
import { assignmentTarget, lowerInto, lowerValue, shorten } from "./expressions";
import { lowerObjectValue } from "./statements";
import { heldOrBuilt } from "./objectCalls";
import { arraysBefore, isNewArray, mayRebind } from "./arrayAssign";
import { arrayOperand, copyArray } from "./arrayMethods";

/** What a pattern takes its values from: an object's fields (a tuple's are '0', '1', …), or an array's elements. */
type Source = ObjectBinding | { readonly array: string };

export function lowerDestructuring(
  ctx: LowerContext,
  pattern: TS.BindingPattern,
  init: TS.Expression | undefined,
): void {
  const errors = ctx.sink.errorCount();
  const source = init && destructuringSource(ctx, pattern, init);
  if (!source) {
    // A value whose lowering already said what is wrong with it ('clamped(x)', TS990063) needs no second report.
    if (ctx.sink.errorCount() === errors) {
      ctx.sink.report(pattern, Messages.UnsupportedDestructuring, [pattern.getText(ctx.sourceFile)]);
    }
    return;
  }
  bindDestructured(ctx, pattern, source);
}

/** The value a pattern destructures, lowered: an object's fields, or an array's elements. */
export function destructuringSource(
  ctx: LowerContext,
  pattern: TS.BindingPattern,
  init: TS.Expression,
): Source | undefined {
  if (objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(init))) {
    return lowerObjectValue(ctx, patternPrefix(ctx, pattern) ?? "destructured", init);
  }
  // 'const [a, b] = mk(x)', '= x.slice(1)': an array expression, built into a local array first.
  const array = ctx.ts.isArrayBindingPattern(pattern) ? arrayOperand(ctx, init) : undefined;
  return array ? { array } : undefined;
}

/** A literal's fields get locals named after the pattern's names: '{ a, b } = { … }' → 'a_b_a', 'a_b_b'. */
export function patternPrefix(ctx: LowerContext, pattern: TS.BindingPattern): string | undefined {
  const names: string[] = [];
  for (const element of pattern.elements) {
    if (!ctx.ts.isOmittedExpression(element) && ctx.ts.isIdentifier(element.name)) names.push(element.name.text);
  }
  return names.length > 0 ? names.slice(0, 3).join("_") : undefined;
}

/** Binds the names of a pattern to the fields or elements of a value already lowered. */
export function bindDestructured(ctx: LowerContext, pattern: TS.BindingPattern, source: Source): void {
  const { ts } = ctx;
  if ("array" in source && !ts.isArrayBindingPattern(pattern)) {
    ctx.sink.report(pattern, Messages.UnsupportedDestructuring, [pattern.getText(ctx.sourceFile)]);
    return;
  }
  pattern.elements.forEach((element, k) => {
    if (ts.isOmittedExpression(element)) return;
    const key = ts.isArrayBindingPattern(pattern) ? String(k) : keyOf(ctx, element);
    // '{ l2 = 0 }' over an options object: the field where the caller gave it, the default elsewhere.
    const defaulted = element.initializer && key !== undefined && !("array" in source) ? source.get(key) : undefined;
    const flag = typeof defaulted === "string" ? ctx.presentFields.get(defaulted) : undefined;
    if (flag && element.initializer && ts.isIdentifier(element.name) && !element.dotDotDotToken) {
      bindWithDefault(ctx, element.name, defaulted as string, flag, element.initializer);
      return;
    }
    if (element.dotDotDotToken || element.initializer || key === undefined) {
      ctx.sink.report(element, Messages.UnsupportedDestructuring, [element.getText(ctx.sourceFile)]);
      return;
    }
    if ("array" in source) {
      bindElement(ctx, element, source.array, key);
      return;
    }
    const field = source.get(key);
    if (field === undefined) {
      ctx.sink.report(element, Messages.UnsupportedDestructuring, [element.getText(ctx.sourceFile)]);
    } else if (!ts.isIdentifier(element.name)) {
      bindDestructured(ctx, element.name, typeof field === "string" ? { array: field } : field);
    } else {
      bindName(ctx, element.name, field);
    }
  });
}

/** 'b' in '{ b }', 'bias' in '{ bias: b }'; undefined for a computed key. */
function keyOf(ctx: LowerContext, element: TS.BindingElement): string | undefined {
  const { ts } = ctx;
  const name = element.propertyName ?? element.name;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** A name bound to an object's field: the same array or object, or a copy of a number. */
function bindName(ctx: LowerContext, name: TS.Identifier, field: string | ObjectBinding): void {
  const symbol = ctx.checker.getSymbolAtLocation(name);
  if (!symbol) return;
  if (typeof field !== "string") {
    ctx.objects.set(symbol, field);
    return;
  }
  if (isRecordsType(ctx.locals.get(field))) {
    // '{ pts } = scene': another name for the records a field holds.
    ctx.names.set(symbol, field);
    return;
  }
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(name));
  if (!type) {
    ctx.sink.report(name, Messages.UnsupportedType, [
      name.text,
      ctx.checker.typeToString(ctx.checker.getTypeAtLocation(name)),
    ]);
  } else if (isArrayType(type)) {
    ctx.names.set(symbol, field);
  } else {
    emitAssign(ctx, declareLocal(ctx, symbol, name.text, type), v(field));
  }
}

/** '{ l2 = 0 }' for an optional number field: l2 = the field where its flag says the caller gave it, else 0. */
function bindWithDefault(
  ctx: LowerContext,
  name: TS.Identifier,
  field: string,
  flag: string,
  initializer: TS.Expression,
): void {
  const local = declareLocal(ctx, ctx.checker.getSymbolAtLocation(name), name.text, "number");
  const then = collectStmts(ctx, () => emitAssign(ctx, local, v(field)));
  const otherwise = collectStmts(ctx, () => lowerInto(ctx, local, initializer));
  ctx.out.push({ kind: "if", test: v(flag), then, else: otherwise, origin: ctx.origin });
}

/** 'const [a, b] = x' over an array: a = x[0], b = x[1]. */
function bindElement(ctx: LowerContext, element: TS.BindingElement, array: string, key: string): void {
  const { ts } = ctx;
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(element.name));
  if (!ts.isIdentifier(element.name) || type !== "number") {
    ctx.sink.report(element, Messages.UnsupportedDestructuring, [element.getText(ctx.sourceFile)]);
    return;
  }
  const symbol = ctx.checker.getSymbolAtLocation(element.name);
  emitAssign(ctx, declareLocal(ctx, symbol, element.name.text, "number"), index(array, num(Number(key))));
}

/**
 * '[a, b] = [b, a + b]' as a statement: 'a_new = b; b_new = a + b; a = a_new; b = b_new', so that a swap swaps. The
 * right side is an array literal, an array (its first elements) or a tuple; the targets are number or boolean
 * variables and local objects' fields.
 */
export function lowerDestructuringAssignment(ctx: LowerContext, node: TS.BinaryExpression): void {
  const { ts } = ctx;
  if (swapRows(ctx, node)) return;
  const left = skipParentheses(ts, node.left) as TS.ArrayLiteralExpression;
  const refuse = (at: TS.Node) => ctx.sink.report(at, Messages.UnsupportedDestructuring, [at.getText(ctx.sourceFile)]);
  const refuseTarget = (at: TS.Expression) => {
    const target = skipParentheses(ts, at);
    if (ts.isElementAccessExpression(target) && writesOutsideMatrix(ctx, target))
      ctx.sink.report(at, Messages.OutsideMatrixWrite, [at.getText(ctx.sourceFile)]);
    else if (
      ts.isPropertyAccessExpression(target) &&
      isArrayType(varTypeOf(ctx, ctx.checker.getTypeAtLocation(target)))
    )
      ctx.sink.report(at, Messages.ArrayFieldReplaced, [
        target.getText(ctx.sourceFile),
        target.expression.getText(ctx.sourceFile),
        target.name.text,
      ]);
    else refuse(at);
  };
  // Targets hold numbers or booleans (an array's name cannot be rebound: it would need its adjoint moved too).
  const refused = left.elements.filter((element) => {
    if (ts.isOmittedExpression(element)) return false;
    const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(element));
    return ts.isSpreadElement(element) || ts.isArrayLiteralExpression(element) || !type || isArrayType(type);
  });
  // '[a, b] = [b, b]': arrays given other arrays' names, but not as a permutation of local arrays (arraySwap.ts).
  const rebound = refused.filter(
    (element) => ts.isIdentifier(element) && isArrayType(varTypeOf(ctx, ctx.checker.getTypeAtLocation(element))),
  );
  const arraysOnly = refused.every((element) => rebound.includes(element));
  if (rebound.length > 0 && arraysOnly && lowerArraysFromTuple(ctx, node, left.elements) !== undefined) return;
  if (rebound.length > 0) {
    ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
  }
  if (refused.length > 0) {
    refused.filter((element) => !rebound.includes(element)).forEach(refuseTarget);
    return;
  }
  const names = left.elements.map((element) => (ts.isIdentifier(element) ? element.text : "element"));
  const values = assignedValues(ctx, node.right, names);
  if (!values) {
    refuse(node);
    return;
  }
  left.elements.forEach((element, k) => {
    if (ts.isOmittedExpression(element)) return;
    const value = values[k];
    if (!value) return refuse(element);
    assignHeld(ctx, element, value);
  });
}

/**
 * A destructuring assignment's number target given its held value: a variable, a local object's field, or an array
 * element ('[y[i], y[j]] = [y[j], y[i]]', stored into after every value was held).
 */
function assignHeld(ctx: LowerContext, element: TS.Expression, value: Expr): void {
  const target = skipParentheses(ctx.ts, element);
  const member = ctx.ts.isElementAccessExpression(target) ? resolveMember(ctx, target) : undefined;
  if (ctx.ts.isElementAccessExpression(target) && typeof member !== "string")
    return lowerElementStore(ctx, target, value);
  const name = assignmentTarget(ctx, element);
  if (name) emitAssign(ctx, name, value);
}

/**
 * '[pos, vel] = step(pos, vel)': local arrays given the new arrays a call returns in a tuple, each copied into its
 * target's own as 'pos = next' is, and number targets assigned from their fields. Each array must be new, made by the
 * call, and the tuple's only name for it: one the caller already holds (a parameter returned as it is), or one the
 * tuple holds twice, would leave two names for one array. Undefined when the right side is no call returning a tuple
 * or a target is no plain name; otherwise whether it lowered the assignment (it reported why not).
 */
export function lowerArraysFromTuple(
  ctx: LowerContext,
  node: TS.BinaryExpression,
  targets: readonly TS.Expression[],
): boolean | undefined {
  const { ts } = ctx;
  const right = skipParentheses(ts, node.right);
  const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(right));
  const isCall = ts.isCallExpression(right) || ts.isNewExpression(right);
  if (!isCall || !(fields as { tuple?: boolean } | undefined)?.tuple) return undefined;
  // Arrays are named; numbers may also be elements or fields ('[pos, vel[1]] = step(pos, vel)').
  const assignable = (t: TS.Expression) =>
    ts.isOmittedExpression(t) || ts.isIdentifier(t) || varTypeOf(ctx, ctx.checker.getTypeAtLocation(t)) === "number";
  if (!targets.every(assignable)) return undefined;
  const refuse = () => {
    ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
    return false;
  };
  const arrays = new Map<number, string>();
  for (const [k, t] of targets.entries()) {
    const symbol = ts.isIdentifier(t) ? ctx.checker.getSymbolAtLocation(t) : undefined;
    const name = symbol && ctx.names.get(symbol);
    if (!name || !isArrayType(ctx.locals.get(name) ?? "number")) continue;
    if (!mayRebind(ctx, name, symbol, node)) return refuse();
    arrays.set(k, name);
  }
  const before = arraysBefore(ctx);
  const errors = ctx.sink.errorCount();
  const tuple = heldOrBuilt(ctx, right, "returned");
  // A call refused for a reason of its own (a recursive helper returning arrays, TS990063) says why already.
  if (!tuple) return ctx.sink.errorCount() > errors ? false : refuse();
  const sources = [...arrays].map(([k]) => tuple.get(String(k)));
  const fresh = (source: unknown, k: number): source is string =>
    typeof source === "string" && (source === arrays.get(k) || isNewArray(ctx, before, source));
  const keys = [...arrays.keys()];
  const distinct = new Set(sources).size === sources.length;
  if (!distinct || !sources.every((source, i) => fresh(source, keys[i]))) return refuse();
  // Every number held before any target changes, as '[a, b] = pair(a, b)' assigns them; then the targets in order,
  // so that '[pos, pos[0]] = …' writes into the new array, as JavaScript does.
  const numbers = targets.flatMap((t, k) => (!ts.isOmittedExpression(t) && !arrays.has(k) ? [{ t, k }] : []));
  const names = numbers.map(({ t }) => (ts.isIdentifier(t) ? t.text : "element"));
  const values = fieldValues(
    ctx,
    tuple,
    numbers.map(({ k }) => String(k)),
    (i) => names[i],
  );
  if (values.some((value) => value === undefined)) return refuse();
  targets.forEach((t, k) => {
    const target = arrays.get(k);
    const number = numbers.findIndex((held) => held.k === k);
    if (number >= 0) assignHeld(ctx, t, values[number] as Expr);
    else if (target !== undefined) {
      const source = sources[keys.indexOf(k)] as string;
      if (source !== target) copyArray(ctx, target, ctx.locals.get(target) as ArrayType, source);
    }
  });
  return true;
}

/** The right side's values, each computed into a temporary before any target is assigned. */
function assignedValues(
  ctx: LowerContext,
  right: TS.Expression,
  names: readonly string[],
): (Expr | undefined)[] | undefined {
  const { ts } = ctx;
  const e = skipParentheses(ts, right);
  const hold = (k: number, value: Expr, type: "number" | "boolean") => held(ctx, names[k] ?? "element", value, type);
  if (ts.isArrayLiteralExpression(e)) {
    if (e.elements.some((element) => ts.isSpreadElement(element))) return undefined;
    return e.elements.map((element, k) =>
      hold(k, lowerValue(ctx, element, names[k] ?? "element"), valueType(ctx, element)),
    );
  }
  const array = vectorName(ctx, e);
  if (array) return names.map((_, k) => hold(k, index(array, num(k)), "number"));
  // A tuple: fields '0', '1', …
  const tuple = heldOrBuilt(ctx, e, "returned");
  if (!tuple) return undefined;
  const keys = names.map((_, k) => String(k));
  return fieldValues(ctx, tuple, keys, (k) => names[k] ?? "element");
}

/** Each key's number or boolean field of a flattened object, held before any target is assigned. */
function fieldValues(
  ctx: LowerContext,
  object: ObjectBinding,
  keys: readonly string[],
  nameOf: (k: number) => string,
): (Expr | undefined)[] {
  return keys.map((key, k) => {
    const leaf = object.get(key);
    if (typeof leaf !== "string" || isArrayType(ctx.locals.get(leaf))) return undefined;
    return held(ctx, nameOf(k), v(leaf), ctx.locals.get(leaf) === "boolean" ? "boolean" : "number");
  });
}

/**
 * '({ lo, hi: top } = bounds)', '({ a, b } = { a: b, b: a })': each target gets the field of its key, every value
 * held in a temporary before any target is assigned. Targets hold numbers or booleans; defaults and rest are refused.
 */
export function lowerObjectDestructuringAssignment(ctx: LowerContext, node: TS.BinaryExpression): void {
  const { ts } = ctx;
  const left = skipParentheses(ts, node.left) as TS.ObjectLiteralExpression;
  const refuse = (at: TS.Node) => ctx.sink.report(at, Messages.UnsupportedDestructuring, [at.getText(ctx.sourceFile)]);
  const pairs = left.properties.map((property) => {
    if (ts.isShorthandPropertyAssignment(property) && !property.objectAssignmentInitializer) {
      return { property, key: property.name.text, target: property.name as TS.Expression };
    }
    const key = ts.isPropertyAssignment(property) ? propertyKey(ts, property.name) : undefined;
    return { property, key, target: ts.isPropertyAssignment(property) ? property.initializer : undefined };
  });
  const refused = pairs.filter(({ key, target }) => {
    const type = target && varTypeOf(ctx, ctx.checker.getTypeAtLocation(target));
    return key === undefined || !target || !type || isArrayType(type) || ts.isObjectLiteralExpression(target);
  });
  // '({ u } = { u: w })' with arrays u and w: one array given two names.
  const rebound = refused.filter(
    ({ key, target }) =>
      key !== undefined && target && isArrayType(varTypeOf(ctx, ctx.checker.getTypeAtLocation(target))),
  );
  if (rebound.length > 0) ctx.sink.report(node, Messages.ArrayRebinding, [shorten(node.getText(ctx.sourceFile))]);
  if (refused.length > 0) {
    refused.filter((pair) => !rebound.includes(pair)).forEach(({ property }) => refuse(property));
    return;
  }
  const values = objectValues(
    ctx,
    node.right,
    pairs.map(({ key }) => key as string),
  );
  if (!values) {
    refuse(node);
    return;
  }
  pairs.forEach(({ property, target }, k) => {
    const value = values[k];
    if (!value) {
      refuse(property);
      return;
    }
    // '{ lo }' names the variable lo, whose symbol is not the property's.
    const variable = ts.isShorthandPropertyAssignment(property)
      ? ctx.checker.getShorthandAssignmentValueSymbol(property)
      : undefined;
    const errors = ctx.sink.errorCount();
    const assigned = variable ? ctx.names.get(variable) : assignmentTarget(ctx, target as TS.Expression);
    if (assigned && !isArrayType(ctx.locals.get(assigned))) emitAssign(ctx, assigned, value);
    else if (ctx.sink.errorCount() === errors) refuse(property);
  });
}

/** A property name known at compile time: an identifier, a string or a number literal. */
function propertyKey(ts: typeof TS, name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** The right side's field of each key, computed into a temporary before any target is assigned. */
function objectValues(
  ctx: LowerContext,
  right: TS.Expression,
  keys: readonly string[],
): (Expr | undefined)[] | undefined {
  const { ts } = ctx;
  const e = skipParentheses(ts, right);
  const hold = (key: string, value: Expr, type: "number" | "boolean") => held(ctx, key, value, type);
  if (ts.isObjectLiteralExpression(e)) {
    const fields = new Map<string, TS.Expression>();
    for (const property of e.properties) {
      if (ts.isShorthandPropertyAssignment(property)) fields.set(property.name.text, property.name);
      else if (ts.isPropertyAssignment(property) && propertyKey(ts, property.name) !== undefined) {
        fields.set(propertyKey(ts, property.name) as string, property.initializer);
      } else return undefined;
    }
    // Every field is evaluated, in the literal's order, as JavaScript does; the targets take theirs afterwards.
    const values = new Map<string, Expr>();
    for (const [key, value] of fields) values.set(key, hold(key, lowerValue(ctx, value, key), valueType(ctx, value)));
    return keys.map((key) => values.get(key));
  }
  const object = heldOrBuilt(ctx, e, "returned");
  return object ? fieldValues(ctx, object, keys, (k) => keys[k]) : undefined;
}

/** The type of a value assigned by a destructuring assignment: a boolean, or else a number. */
function valueType(ctx: LowerContext, node: TS.Expression): "number" | "boolean" {
  return varTypeOf(ctx, ctx.checker.getTypeAtLocation(node)) === "boolean" ? "boolean" : "number";
}

/** A value kept in a temporary named after its target ('a_new'), so that assigning other targets cannot change it. */
function held(ctx: LowerContext, name: string, value: Expr, type: "number" | "boolean"): Expr {
  if (value.kind === "num" || value.kind === "bool") return value;
  const temp = freshTemp(ctx, `${name}_new`, name, type);
  emitAssign(ctx, temp, value);
  return v(temp);
}
