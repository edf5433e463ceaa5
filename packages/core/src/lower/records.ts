/**
 * Arrays of records as data: a parameter `obs: Obs[]` (or `readonly { t: number; y: number }[]`) whose elements are
 * objects of numbers, flags and strings: observations, samples, a mesh's edges. The function reads their fields
 * (`obs[i].t`, `o.y` for `const o = obs[i]` or `for (const o of obs)`, `const { t, y } = obs[i]`) and their count;
 * they are never differentiated, and never written. Generated code reads them in place (`obs[i].t`): no copy per call.
 */
import type * as TS from "typescript";
import { field, isRecordsType, length, type Expr, type RecordsType } from "../ir/expr";
import type { VarType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import {
  declareLocal,
  emitAssign,
  freshTemp,
  symbolOfIdentifier,
  varTypeOf,
  type LowerContext,
  type RecordElement,
} from "./context";
import { declaredOutside, lowerAtom } from "./expressions";
import { captureExternal, skipParentheses } from "./arrays";

/**
 * The IR type of an array of records: an array (read-only or not) of objects whose fields are numbers, booleans or
 * strings (other fields, methods among them, are left out: the function cannot read them). Undefined otherwise.
 */
export function recordsTypeOf(ctx: LowerContext, type: TS.Type): RecordsType | undefined {
  const { ts, checker } = ctx;
  if (!checker.isArrayType(type)) return undefined;
  const [element] = checker.getTypeArguments(type as TS.TypeReference);
  if (!element || !(element.flags & ts.TypeFlags.Object) || checker.isArrayLikeType(element)) return undefined;
  if (element.getCallSignatures().length > 0) return undefined;
  const fields = checker.getPropertiesOfType(element).flatMap((p) => {
    const fieldType = varTypeOf(ctx, checker.getTypeOfSymbol(p));
    const simple = fieldType === "number" || fieldType === "boolean" || fieldType === "string";
    const key = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
    return simple && !p.name.startsWith("#") ? [`readonly ${key}: ${fieldType}`] : [];
  });
  return fields.length > 0 ? `readonly { ${fields.join("; ")} }[]` : undefined;
}

/**
 * The IR name of an array of records `node` names, if it does: a parameter, a name for one, or a module constant
 * (`const DATA: Obs[] = […]`, read by its name as other constants are).
 */
export function recordsName(ctx: LowerContext, node: TS.Expression): string | undefined {
  node = skipParentheses(ctx.ts, node);
  if (!ctx.ts.isIdentifier(node)) return undefined;
  const symbol = symbolOfIdentifier(ctx, node);
  const name = symbol && ctx.names.get(symbol);
  if (name !== undefined && isRecordsType(ctx.locals.get(name))) return name;
  const records = () => recordsTypeOf(ctx, ctx.checker.getTypeAtLocation(node)) !== undefined;
  // A name for a module constant ('(s, o, k, all) => …' over one) reads the constant.
  if (name !== undefined) return ctx.externals.has(name) && records() ? name : undefined;
  if (!symbol || !declaredOutside(ctx, symbol) || !records()) return undefined;
  captureExternal(ctx, node, symbol);
  return node.text;
}

/**
 * The element `node` is: `obs[i]`, or a name given one. An index read here is copied to a local of its own when it is
 * a variable, so that the name keeps its element when the variable changes ('const o = obs[i]; i++').
 */
export function recordElement(ctx: LowerContext, node: TS.Expression): RecordElement | undefined {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.records.get(symbol);
  }
  if (!ts.isElementAccessExpression(node)) return undefined;
  const array = recordsName(ctx, node.expression);
  if (array === undefined) return undefined;
  return { array, index: lowerAtom(ctx, node.argumentExpression, `${array}_index`) };
}

/** `o.t`, `obs[i].t`, `o["t"]`: a field of an element, or undefined if `node` reads none. */
export function recordField(
  ctx: LowerContext,
  node: TS.PropertyAccessExpression | TS.ElementAccessExpression,
): Expr | undefined {
  const { ts } = ctx;
  const key = ts.isPropertyAccessExpression(node)
    ? node.name.text
    : ts.isStringLiteralLike(node.argumentExpression)
      ? node.argumentExpression.text
      : undefined;
  // 'obs[k]?.t' may read past the end, where the code generated from it would throw: left to the other lowerings.
  if (node.questionDotToken || hasOptionalChain(ctx, node.expression)) return undefined;
  if (key === undefined || !isRecordOperand(ctx, node.expression)) return undefined;
  const element = recordElement(ctx, node.expression);
  if (!element) return undefined;
  return readField(ctx, element, key, node);
}

function hasOptionalChain(ctx: LowerContext, node: TS.Expression): boolean {
  const e = skipParentheses(ctx.ts, node);
  return ctx.ts.isElementAccessExpression(e) && e.questionDotToken !== undefined;
}

/** Whether `node` may be an element of an array of records, before lowering anything of it. */
function isRecordOperand(ctx: LowerContext, node: TS.Expression): boolean {
  const { ts } = ctx;
  node = skipParentheses(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol !== undefined && ctx.records.has(symbol);
  }
  return ts.isElementAccessExpression(node) && recordsName(ctx, node.expression) !== undefined;
}

/** The value of field `key` of `element`; a flag or a string goes to a local of its type. */
function readField(ctx: LowerContext, element: RecordElement, key: string, at: TS.Node): Expr {
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(at));
  const read = field(element.array, element.index, key);
  if (type === "number") return read;
  if (type !== "boolean" && type !== "string") {
    ctx.sink.report(at, Messages.UnsupportedType, [key, ctx.checker.typeToString(ctx.checker.getTypeAtLocation(at))]);
    return read;
  }
  const local = freshTemp(ctx, `${element.array}_${key}`, key, type);
  emitAssign(ctx, local, read);
  return { kind: "var", name: local };
}

/** Names `element` by `symbol` ('const o = obs[i]'), with its index held in a local of its own if it is a variable. */
export function bindRecord(ctx: LowerContext, symbol: TS.Symbol, element: RecordElement, hint: string): void {
  let index = element.index;
  if (index.kind === "var") {
    const held = freshTemp(ctx, `${hint}_index`, hint, "number");
    emitAssign(ctx, held, index);
    index = { kind: "var", name: held };
  }
  ctx.records.set(symbol, { array: element.array, index });
}

/** 'const { t, y: value } = obs[i]': each name a local holding its field. False if the pattern is not that simple. */
export function bindRecordPattern(
  ctx: LowerContext,
  pattern: TS.ObjectBindingPattern,
  element: RecordElement,
): boolean {
  const { ts } = ctx;
  const simple = pattern.elements.every(
    (e) =>
      !e.dotDotDotToken &&
      !e.initializer &&
      ts.isIdentifier(e.name) &&
      (!e.propertyName || ts.isIdentifier(e.propertyName)),
  );
  if (!simple) return false;
  for (const e of pattern.elements) {
    const name = e.name as TS.Identifier;
    const key = ((e.propertyName as TS.Identifier | undefined) ?? name).text;
    const type: VarType | undefined = varTypeOf(ctx, ctx.checker.getTypeAtLocation(name));
    if (type !== "number" && type !== "boolean" && type !== "string") {
      ctx.sink.report(name, Messages.UnsupportedType, [
        name.text,
        ctx.checker.typeToString(ctx.checker.getTypeAtLocation(name)),
      ]);
      continue;
    }
    const local = declareLocal(ctx, ctx.checker.getSymbolAtLocation(name), name.text, type);
    emitAssign(ctx, local, field(element.array, element.index, key));
  }
  return true;
}

/**
 * An element passed to a function taking an object ('residual(p, o)'): its fields in the order the callee's
 * parameter is flattened in, one value each. Undefined if that parameter has other than number and flag fields.
 */
export function recordArgument(
  ctx: LowerContext,
  element: RecordElement,
  fields: readonly { readonly key: string; readonly type: unknown }[],
): Expr[] | undefined {
  if (!fields.every((f) => f.type === "number" || f.type === "boolean")) return undefined;
  return fields.map((f) => {
    const read = field(element.array, element.index, f.key);
    if (f.type === "number") return read;
    const local = freshTemp(ctx, `${element.array}_${f.key}`, f.key, "boolean");
    emitAssign(ctx, local, read);
    return { kind: "var", name: local };
  });
}

/** `obs.length`. */
export function recordsLength(ctx: LowerContext, node: TS.Expression): Expr | undefined {
  const array = recordsName(ctx, node);
  return array === undefined ? undefined : length(array);
}
