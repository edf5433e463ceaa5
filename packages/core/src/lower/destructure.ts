/**
 * Destructuring declarations, each name lowered as a plain declaration of the same field would be:
 *   'const { w, b } = model'          →  w names model's array 'model_w' (arrays are references), 'b = model_b'
 *   'const [x, y] = point'            →  'x = point_0', 'y = point_1' for a tuple; 'x = point[0]' for an array
 *   'const { layer: { w } } = net'    →  nested patterns follow nested objects
 * Numbers and booleans are copied into variables of their own, so that assigning to one later changes it alone.
 */
import type * as TS from "typescript";
import { index, num, v } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { declareLocal, emitAssign, objectFieldsOf, varTypeOf, type LowerContext, type ObjectBinding } from "./context";
import { vectorName } from "./arrays";

/** What a pattern takes its values from: an object's fields (a tuple's are '0', '1', …), or an array's elements. */
export type Source = ObjectBinding | { readonly array: string };

export function lowerDestructuring(
  ctx: LowerContext,
  pattern: TS.BindingPattern,
  init: TS.Expression | undefined,
  objectValue: (prefix: string, init: TS.Expression) => ObjectBinding | undefined,
): void {
  const source = init && sourceOf(ctx, pattern, init, objectValue);
  if (!source) {
    ctx.sink.report(pattern, Messages.UnsupportedDestructuring, [pattern.getText(ctx.sourceFile)]);
    return;
  }
  bindDestructured(ctx, pattern, source);
}

function sourceOf(
  ctx: LowerContext,
  pattern: TS.BindingPattern,
  init: TS.Expression,
  objectValue: (prefix: string, init: TS.Expression) => ObjectBinding | undefined,
): Source | undefined {
  if (objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(init))) {
    return objectValue(patternPrefix(ctx, pattern) ?? "destructured", init);
  }
  const array = ctx.ts.isArrayBindingPattern(pattern) ? vectorName(ctx, init) : undefined;
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
