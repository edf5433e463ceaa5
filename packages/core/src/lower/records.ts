/**
 * Arrays of records as data: a parameter or module constant `obs: Obs[]` (or `readonly { t: number; y: number }[]`)
 * whose elements are objects of numbers, flags, strings and nested objects of these: observations, samples, a mesh's
 * edges. The function reads their fields (`obs[i].t`, `b.pos.x`, `o.y` for `const o = obs[i]` or
 * `for (const o of obs)`, `const { t, y } = obs[i]`) and their count, and walks them with callbacks (`obs.reduce`,
 * lower/arrayMethods.ts); they are never differentiated, and never written. Generated code reads them in place
 * (`obs[i].t`): no copy per call.
 */
import type * as TS from "typescript";
import {
  alloc,
  binary,
  bool,
  field,
  isMatrixType,
  isRecordsType,
  length,
  num,
  unary,
  v,
  type ArrayType,
  type Expr,
  type FieldExpr,
  type RecordsType,
} from "../ir/expr";
import { isArrayType, type VarType } from "../ir/stmt";
import { samePath } from "../ir/recordPaths";
import { Messages } from "../diagnostics/messages";
import {
  collectStmts,
  declareLocal,
  emitAssign,
  freshTemp,
  isObjectType,
  argumentsOf,
  symbolOfIdentifier,
  varTypeOf,
  type LowerContext,
  type ObjectFields,
  type RecordElement,
} from "./context";
import { declaredOutside, lowerAtom, shorten } from "./expressions";
import { captureExternal, resolveMember, skipParentheses, withoutAssertions } from "./arrays";
import { eachIndex } from "./arrayMethods";
import { atPosition } from "./arraySearches";
import { bindParameters, inInlinedBody, inlinableCall } from "./localFunctions";
import { resolveFunction, type FunctionLike } from "../collect/resolve";

/**
 * The IR type of an array of records: an array (read-only or not) of objects whose fields are numbers, booleans,
 * strings or objects of these (other fields, methods among them, are left out: the function cannot read them).
 * Undefined otherwise.
 */
export function recordsTypeOf(ctx: LowerContext, type: TS.Type): RecordsType | undefined {
  if (!ctx.checker.isArrayType(type)) return undefined;
  const [element] = ctx.checker.getTypeArguments(type as TS.TypeReference);
  const shape = element && recordShape(ctx, element, 0);
  return shape && `readonly ${shape}[]`;
}

/** `{ readonly t: number; readonly pos: { readonly x: number } }`: the fields of `type` a function may read. */
function recordShape(ctx: LowerContext, type: TS.Type, depth: number): `{${string}}` | undefined {
  const { ts, checker } = ctx;
  if (depth > 3 || !isObjectType(ctx, type) || checker.isArrayLikeType(type)) return undefined;
  if (type.getCallSignatures().length > 0) return undefined;
  const fields = checker.getPropertiesOfType(type).flatMap((p) => {
    if (p.name.startsWith("#")) return [];
    // An optional number ('note?: number') is read where a '??' or a test finds it (optionalRecordField).
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    const fieldType = optional ? checker.getNonNullableType(checker.getTypeOfSymbol(p)) : checker.getTypeOfSymbol(p);
    const simple = varTypeOf(ctx, fieldType);
    const shape =
      simple === "number" || simple === "boolean" || simple === "string"
        ? simple
        : simple === "number[]"
          ? "readonly number[]"
          : simple === undefined
            ? recordShape(ctx, fieldType, depth + 1)
            : isArrayType(simple) && !isMatrixType(simple)
              ? simple
              : undefined;
    const key = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
    if (optional && simple !== "number") return [];
    return shape ? [`readonly ${key}${optional ? "?" : ""}: ${shape}`] : [];
  });
  return fields.length > 0 ? `{ ${fields.join("; ")} }` : undefined;
}

/**
 * The IR name of an array of records `node` names, if it does: a parameter, a name for one, or a module constant
 * (`const DATA: Obs[] = […]`, read by its name as other constants are).
 */
export function recordsName(ctx: LowerContext, node: TS.Expression): string | undefined {
  node = skipParentheses(ctx.ts, node);
  if (ctx.ts.isPropertyAccessExpression(node)) {
    // 'scene.pts': an object parameter's field holding records, a parameter of its own (lower/function.ts).
    const field = resolveMember(ctx, node);
    return typeof field === "string" && isRecordsType(ctx.locals.get(field)) ? field : undefined;
  }
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
 * The element `node` is: `obs[i]`, a name given one, or an object inside one (`obs[i].pos`). An index read here is
 * copied to a local of its own when it is bound to a name, so that the name keeps its element when the variable
 * changes ('const o = obs[i]; i++').
 */
export function recordElement(ctx: LowerContext, node: TS.Expression): RecordElement | undefined {
  const { ts } = ctx;
  node = withoutAssertions(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol && ctx.records.get(symbol);
  }
  if (ts.isElementAccessExpression(node)) {
    const array = recordsName(ctx, node.expression);
    if (array !== undefined) return { array, index: lowerAtom(ctx, node.argumentExpression, `${array}_index`) };
  }
  if (ts.isConditionalExpression(node)) return chosenRecord(ctx, node);
  // 'obs.at(-1)': the element at a position counted from the end when negative.
  const atArray = ts.isCallExpression(node) ? recordsAt(ctx, node) : undefined;
  if (atArray !== undefined) {
    const position = (node as TS.CallExpression).arguments[0];
    return { array: atArray, index: atPosition(ctx, position, length(atArray), atArray, `${atArray}_index`) };
  }
  // 'last(obs)': the element a helper returns.
  const helper = ts.isCallExpression(node) ? elementReturned(ctx, node) : undefined;
  if (helper) return inlinedElement(ctx, node as TS.CallExpression, helper);
  // 'obs[i].pos', 'o.pos': the object a field holds.
  if (!(ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))) return undefined;
  if (recordShape(ctx, ctx.checker.getTypeAtLocation(node), 0) === undefined) return undefined;
  const access = recordPath(ctx, node);
  return access && { ...access.element, path: [...(access.element.path ?? []), ...access.path] };
}

/**
 * 'k > 0 ? obs[i] : obs[j]': the element of one array a test chooses, its index held in a local each branch sets.
 * Branches that are elements of different arrays (or different objects inside them), which one index cannot name,
 * are reported. Undefined when a branch is no element.
 */
function chosenRecord(ctx: LowerContext, node: TS.ConditionalExpression): RecordElement | undefined {
  if (!isRecordOperand(ctx, node)) return undefined;
  const test = lowerAtom(ctx, node.condition, "cond");
  const chosen: (RecordElement | undefined)[] = [];
  const [then, otherwise] = [node.whenTrue, node.whenFalse].map((branch) =>
    collectStmts(ctx, () => chosen.push(recordElement(ctx, branch))),
  );
  const [a, b] = chosen;
  if (!a || !b) return undefined;
  if (a.array !== b.array || !samePath(a.path ?? [], b.path ?? [])) {
    // Reported here; the first branch stands in for the choice so that its uses report nothing more.
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return a;
  }
  const held = freshTemp(ctx, `${a.array}_index`, "chosen", "number");
  then.push({ kind: "assign", target: held, expr: a.index, origin: ctx.origin });
  otherwise.push({ kind: "assign", target: held, expr: b.index, origin: ctx.origin });
  ctx.out.push({ kind: "if", test, then, else: otherwise, origin: ctx.origin });
  return { array: a.array, index: v(held), path: a.path };
}

/**
 * `o.t`, `obs[i].t`, `o["t"]`, `o.pos.x`, `s.x.length`: a field of an element, or undefined if `node` reads none. A
 * field holding an object is read only through its own fields, one holding an array through its elements
 * (recordArrayElement) and its length, or copied (recordArrayCopy).
 */
export function recordField(
  ctx: LowerContext,
  node: TS.PropertyAccessExpression | TS.ElementAccessExpression,
): Expr | undefined {
  const access = recordPath(ctx, node);
  return access && readField(ctx, access.element, access.path, node);
}

/** `s.x[j]` for a field `x` holding an array of numbers: the element, read in place. */
export function recordArrayElement(ctx: LowerContext, node: TS.ElementAccessExpression): Expr | undefined {
  const holder = arrayField(ctx, node.expression);
  return holder && fieldOf(holder.element, holder.path, lowerAtom(ctx, node.argumentExpression, "index"));
}

/**
 * `dot(w, s.x)`, `for (const v of s.x)`, `s.x.map(f)`: a field holding an array, copied into a local array of its
 * kind (the generated code passes arrays by name). Undefined if `node` is no such field.
 */
export function recordArrayCopy(ctx: LowerContext, node: TS.Expression): string | undefined {
  const holder = arrayField(ctx, node);
  if (!holder) return undefined;
  const { element, path, type } = holder;
  const copy = freshTemp(ctx, [element.array, ...path].join("_"), "copy", type);
  copyArrayField(ctx, copy, type, element, path);
  return copy;
}

/** The numbers of an element's array field (at `path`) copied into a new array `target`. */
function copyArrayField(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  element: RecordElement,
  path: readonly string[],
): void {
  emitAssign(ctx, target, alloc(type, fieldOf(element, [...path, "length"])));
  eachIndex(ctx, target, (k) => {
    const value = fieldOf(element, path, v(k));
    ctx.out.push({ kind: "store", array: target, index: v(k), value, inBounds: true, origin: ctx.origin });
  });
}

/** A field of an element holding a one-dimensional array (`s.x`): the element, the keys read and the array's type. */
function arrayField(
  ctx: LowerContext,
  node: TS.Expression,
): { element: RecordElement; path: readonly string[]; type: ArrayType } | undefined {
  const { ts } = ctx;
  const holder = withoutAssertions(ts, node);
  if (!(ts.isPropertyAccessExpression(holder) || ts.isElementAccessExpression(holder))) return undefined;
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(holder));
  if (!isArrayType(type) || isMatrixType(type)) return undefined;
  const access = recordPath(ctx, holder);
  return access && { ...access, type };
}

/**
 * The element a chain of field reads starts from ('o', 'obs[i]') and the keys read ('pos', 'x'). Undefined if the
 * chain starts from no element; an optional chain ('obs[k]?.t', which may read past the end, where the generated
 * code would throw) is refused.
 */
function recordPath(
  ctx: LowerContext,
  node: TS.PropertyAccessExpression | TS.ElementAccessExpression,
): { element: RecordElement; path: string[] } | undefined {
  const { ts } = ctx;
  const path: string[] = [];
  let optional = false;
  let e: TS.Expression = node;
  for (;;) {
    e = withoutAssertions(ts, e);
    const key = ts.isPropertyAccessExpression(e)
      ? e.name.text
      : ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)
        ? e.argumentExpression.text
        : undefined;
    if (key === undefined) return undefined;
    const access = e as TS.PropertyAccessExpression | TS.ElementAccessExpression;
    optional ||= access.questionDotToken !== undefined;
    path.unshift(key);
    e = access.expression;
    if (isRecordOperand(ctx, e)) break;
  }
  const base = withoutAssertions(ts, e);
  if (optional || (ts.isElementAccessExpression(base) && base.questionDotToken !== undefined)) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.getText(ctx.sourceFile)]);
    return undefined;
  }
  const element = recordElement(ctx, e);
  return element && { element, path };
}

/** Whether `node` may be an element of an array of records, before lowering anything of it. */
function isRecordOperand(ctx: LowerContext, node: TS.Expression): boolean {
  const { ts } = ctx;
  node = withoutAssertions(ts, node);
  if (ts.isIdentifier(node)) {
    const symbol = symbolOfIdentifier(ctx, node);
    return symbol !== undefined && ctx.records.has(symbol);
  }
  if (ts.isElementAccessExpression(node)) return recordsName(ctx, node.expression) !== undefined;
  if (ts.isConditionalExpression(node))
    return isRecordOperand(ctx, node.whenTrue) && isRecordOperand(ctx, node.whenFalse);
  return ts.isCallExpression(node) && (recordsAt(ctx, node) !== undefined || elementReturned(ctx, node) !== undefined);
}

/**
 * 'last(ps)' for a helper that returns an element of records ('return ps[ps.length - 1]'): the helper and the one
 * expression it returns (an arrow's body, or its only statement). Undefined for any other call.
 */
function elementReturned(
  ctx: LowerContext,
  node: TS.CallExpression,
): { fn: FunctionLike; returned: TS.Expression } | undefined {
  const { ts } = ctx;
  const fn = resolveFunction(ts, ctx.checker, node.expression);
  if (!fn?.body || fn.getSourceFile().isDeclarationFile) return undefined;
  if (recordShape(ctx, ctx.checker.getTypeAtLocation(node), 0) === undefined) return undefined;
  if (!ts.isBlock(fn.body)) return { fn, returned: fn.body };
  const [only] = fn.body.statements;
  const single = fn.body.statements.length === 1 && ts.isReturnStatement(only) && only.expression;
  return single ? { fn, returned: single } : undefined;
}

/** The element a helper returns (elementReturned), the helper inlined where it is called. */
function inlinedElement(
  ctx: LowerContext,
  call: TS.CallExpression,
  helper: { fn: FunctionLike; returned: TS.Expression },
): RecordElement | undefined {
  const { fn, returned } = helper;
  if (!inlinableCall(ctx, fn, call)) return undefined;
  bindParameters(ctx, fn.parameters, argumentsOf(ctx.ts, call));
  return inInlinedBody(ctx, fn, call, () =>
    isRecordOperand(ctx, returned) ? recordElement(ctx, returned) : undefined,
  );
}

/** The array of records 'obs.at(k)' reads from; undefined if `node` is no such call. */
function recordsAt(ctx: LowerContext, node: TS.CallExpression): string | undefined {
  const callee = node.expression;
  const at = node.arguments.length === 1 && ctx.ts.isPropertyAccessExpression(callee) && callee.name.text === "at";
  return at ? recordsName(ctx, (callee as TS.PropertyAccessExpression).expression) : undefined;
}

/**
 * The value of the field at `path` of `element`, read at `at`. An optional number field reads as a number where a
 * test narrowed it (`if (o.note !== undefined) … o.note`) or an assertion says so (`o.note!`).
 */
function readField(
  ctx: LowerContext,
  element: RecordElement,
  path: readonly string[],
  at: TS.PropertyAccessExpression | TS.ElementAccessExpression,
): Expr {
  const { ts, checker } = ctx;
  const read = checker.getTypeAtLocation(at);
  const asserted = ts.isNonNullExpression(at.parent) ? checker.getNonNullableType(read) : read;
  const type = varTypeOf(ctx, asserted);
  const key = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(at) ? at.name : at.argumentExpression);
  if (type === "number" && key && key.flags & ts.SymbolFlags.Optional)
    return { ...fieldOf(element, path), present: true };
  if (type === "number" || type === "boolean" || type === "string") return fieldValue(ctx, element, path, type);
  const what = [path.join("."), checker.typeToString(read)];
  ctx.sink.report(at, Messages.UnsupportedType, what);
  return num(0);
}

/** A field's value: the read itself for a number, a local of its type for a flag or a string. */
function fieldValue(
  ctx: LowerContext,
  element: RecordElement,
  path: readonly string[],
  type: "number" | "boolean" | "string",
): Expr {
  const read = fieldOf(element, path);
  if (type === "number") return read;
  const local = freshTemp(
    ctx,
    [element.array, ...(element.path ?? []), ...path].join("_"),
    path[path.length - 1],
    type,
  );
  emitAssign(ctx, local, read);
  return { kind: "var", name: local };
}

/** The field at `keys` of `element` (inside the object it names), or of the array field there at `at`. */
function fieldOf(element: RecordElement, keys: readonly string[], at?: Expr): FieldExpr {
  return field(element.array, element.index, [...(element.path ?? []), ...keys], at);
}

/**
 * Names `element` by `symbol` ('const o = obs[i]'), with its index held in a local of its own if it is a variable or
 * the name may be given another element later ('let best = obs[0]', repointRecord).
 */
export function bindRecord(ctx: LowerContext, symbol: TS.Symbol, element: RecordElement, hint: string): void {
  let index = element.index;
  if (index.kind === "var" || isReassignable(ctx, symbol)) {
    const held = freshTemp(ctx, `${hint}_index`, hint, "number");
    emitAssign(ctx, held, index);
    index = v(held);
  }
  ctx.records.set(symbol, { ...element, index });
}

/** Whether `symbol` is a 'let' or 'var' variable, which an assignment may give another value. */
function isReassignable(ctx: LowerContext, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  const decl = symbol.valueDeclaration;
  if (!decl || !(ts.isVariableDeclaration(decl) || ts.isBindingElement(decl))) return false;
  return !(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const);
}

/**
 * 'best = obs[k]', 'prev = o': a 'let' naming an element of an array of records given another element of the same
 * array, by setting the index it holds. False if the left side names no such element; an element of another array
 * (or another object inside the elements), which one index cannot name, is reported.
 */
export function repointRecord(ctx: LowerContext, node: TS.BinaryExpression): boolean {
  const { ts } = ctx;
  const left = skipParentheses(ts, node.left);
  const symbol = ts.isIdentifier(left) ? symbolOfIdentifier(ctx, left) : undefined;
  const bound = symbol && ctx.records.get(symbol);
  if (symbol && !bound && declaredAlone(ctx, symbol)) {
    // 'let p: Pt; if (c) p = ps[0]; else p = ps[1];': the first assignment names the element, then as 'let p = ps[0]'.
    const first = isRecordOperand(ctx, node.right) ? recordElement(ctx, node.right) : undefined;
    if (!first) return false;
    ctx.objects.delete(symbol);
    bindRecord(ctx, symbol, first, left.getText());
    return true;
  }
  if (!symbol || !bound || bound.index.kind !== "var" || !isReassignable(ctx, symbol)) return false;
  const next = recordElement(ctx, node.right);
  if (!next) return false;
  if (next.array !== bound.array || !samePath(next.path ?? [], bound.path ?? [])) {
    ctx.sink.report(node, Messages.RecordRebinding, [shorten(node.getText(ctx.sourceFile)), left.getText()]);
  } else {
    emitAssign(ctx, bound.index.name, next.index);
  }
  return true;
}

/** Whether `symbol` is a 'let' declared without a value ('let p: Pt;'). */
function declaredAlone(ctx: LowerContext, symbol: TS.Symbol): boolean {
  const decl = symbol.valueDeclaration;
  return !!decl && ctx.ts.isVariableDeclaration(decl) && !decl.initializer && isReassignable(ctx, symbol);
}

/**
 * 'const [a, b, c] = tri' over an array of records: each name the element at its position, or its fields by an
 * object pattern ('[{ x, y }, b]'). False if the pattern has a rest element, a default or a nested array pattern.
 */
export function bindRecordsPattern(ctx: LowerContext, pattern: TS.ArrayBindingPattern, array: string): boolean {
  const { ts } = ctx;
  const simple = pattern.elements.every(
    (e) =>
      ts.isOmittedExpression(e) ||
      (!e.dotDotDotToken && !e.initializer && (ts.isIdentifier(e.name) || ts.isObjectBindingPattern(e.name))),
  );
  if (!simple) return false;
  pattern.elements.forEach((e, k) => {
    if (ts.isOmittedExpression(e)) return;
    const element: RecordElement = { array, index: num(k) };
    if (ts.isObjectBindingPattern(e.name)) {
      if (!bindRecordPattern(ctx, e.name, element))
        ctx.sink.report(e, Messages.UnsupportedArrayOperation, [shorten(e.getText(ctx.sourceFile))]);
    } else if (ts.isIdentifier(e.name)) {
      const symbol = ctx.checker.getSymbolAtLocation(e.name);
      if (symbol) bindRecord(ctx, symbol, element, e.name.text);
    }
  });
  return true;
}

/**
 * 'const { t, y: value, pos } = obs[i]', '{ pos: { x } }': each name a local holding its field, or a name for the
 * object a field holds. False if the pattern is not that simple (defaults, rest, computed keys).
 */
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
      (!e.propertyName || ts.isIdentifier(e.propertyName)) &&
      (ts.isIdentifier(e.name) || (ts.isObjectBindingPattern(e.name) && e.propertyName)),
  );
  if (!simple) return false;
  return pattern.elements.every((e) => {
    const key = ((e.propertyName ?? e.name) as TS.Identifier).text;
    const inner: RecordElement = { ...element, path: [...(element.path ?? []), key] };
    if (ts.isObjectBindingPattern(e.name)) return bindRecordPattern(ctx, e.name, inner);
    const name = e.name as TS.Identifier;
    const symbol = ctx.checker.getSymbolAtLocation(name);
    const nameType = ctx.checker.getTypeAtLocation(name);
    const type: VarType | undefined = varTypeOf(ctx, nameType);
    if (type === "number" || type === "boolean" || type === "string") {
      emitAssign(ctx, declareLocal(ctx, symbol, name.text, type), fieldOf(element, [key]));
    } else if (symbol && type === undefined && recordShape(ctx, nameType, 0)) {
      bindRecord(ctx, symbol, inner, name.text);
    } else if (isArrayType(type) && !isMatrixType(type)) {
      // '{ x, y }' with an array field x: a copy of its numbers (records are never written), read as a local array.
      copyArrayField(ctx, declareLocal(ctx, symbol, name.text, type), type, element, [key]);
    } else {
      ctx.sink.report(name, Messages.UnsupportedType, [name.text, ctx.checker.typeToString(nameType)]);
    }
    return true;
  });
}

/**
 * An element passed to a function taking an object ('residual(p, o)'): its fields in the order the callee's
 * parameter is flattened in, one value each. Undefined if that parameter has fields other than numbers, flags and
 * strings.
 */
export function recordArgument(ctx: LowerContext, element: RecordElement, fields: ObjectFields): Expr[] | undefined {
  const leaves: Expr[] = [];
  const walk = (fs: ObjectFields, prefix: readonly string[]): boolean =>
    fs.every((f) => {
      const path = [...prefix, f.key];
      if (typeof f.type !== "string") return walk(f.type.fields ?? [], path);
      if (f.type !== "number" && f.type !== "boolean" && f.type !== "string") return false;
      leaves.push(fieldValue(ctx, element, path, f.type));
      return true;
    });
  return walk(fields, []) ? leaves : undefined;
}

/**
 * `o.note` for an optional number field ('note?: number'), as the left side of a '??': its read, which the caller
 * tests against undefined. Undefined for anything else.
 */
export function optionalRecordField(ctx: LowerContext, node: TS.Expression): FieldExpr | undefined {
  const { ts, checker } = ctx;
  const e = withoutAssertions(ts, node);
  if (!(ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))) return undefined;
  const type = checker.getTypeAtLocation(e);
  const maybeUndefined = type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Undefined);
  if (!maybeUndefined || varTypeOf(ctx, checker.getNonNullableType(type)) !== "number") return undefined;
  const access = recordPath(ctx, e);
  return access && fieldOf(access.element, access.path);
}

/** `obs.length`. */
export function recordsLength(ctx: LowerContext, node: TS.Expression): Expr | undefined {
  const array = recordsName(ctx, node);
  return array === undefined ? undefined : length(array);
}

/**
 * 'q !== p', 'p === best': whether two elements of arrays of records are one object, which the generated code asks
 * of the objects themselves ('bodies[k] === bodies[j]'), not of their indices: an array may hold one object twice (a
 * polygon closed by its first corner); `equal` for '===' and '==', false for their negations. Undefined unless
 * both sides are elements; objects inside elements ('p.pos === q.pos') are reported.
 */
export function recordIdentity(ctx: LowerContext, node: TS.BinaryExpression, equal: boolean): Expr | undefined {
  if (!isRecordOperand(ctx, node.left) || !isRecordOperand(ctx, node.right)) return undefined;
  const [a, b] = [recordElement(ctx, node.left), recordElement(ctx, node.right)];
  if (!a || !b) return undefined;
  if ((a.path ?? []).length > 0 || (b.path ?? []).length > 0) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return bool(false);
  }
  const same = freshTemp(ctx, "same", "same", "boolean");
  emitAssign(ctx, same, binary("===", field(a.array, a.index, []), field(b.array, b.index, [])));
  return equal ? v(same) : unary("!", v(same));
}
