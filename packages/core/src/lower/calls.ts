/**
 * Lowering of calls: `Math` functions (one elementary statement each, with their constants), calls to functions
 * with source (object arguments flattened into the callee's parameters), and array methods (lower/arrayMethods.ts).
 */
import type * as TS from "typescript";
import { lowerInPlaceForEach } from "./inPlaceForEach";
import { chosenObject } from "./chosenObject";
import { binary, call, global, num, unary, v, type Expr } from "../ir/expr";
import { arrayOperand, lowerArrayMethod, lowerSpreadMath } from "./arrayMethods";
import { lowerArraySearch } from "./arraySearches";
import { Messages } from "../diagnostics/messages";
import { callsItself, resolveFunction, functionName, resolvedSymbol, type FunctionLike } from "../collect/resolve";
import { ruleTable } from "../rules/table";
import {
  arrayTypeOf,
  emitAssign,
  freshTemp,
  isGeneralArrayType,
  mayBeLeftOut,
  optionalObjectFields,
  objectFieldsOf,
  varTypeOf,
  type LowerContext,
  type ObjectBinding,
  type ObjectFields,
} from "./context";
import {
  derivedName,
  isGlobalObject,
  mathMemberName,
  lowerAtom,
  lowerOperands,
  lowerValue,
  requireNumber,
  shorten,
} from "./expressions";
import { arrayName, isMatrixRow, resolveMember, skipParentheses, zeroFilledArray } from "./arrays";
import { isMatrixExpression, localMatrixName } from "./localMatrices";
import { rowAsArray } from "./matrixSharing";
import { mayWriteParameter, writesObjectField } from "./parameterWrites";
import { calledLocalFunction, functionArgument, inlineLocalCall } from "./localFunctions";
import { tableFunction } from "./functionTables";
import { callsMaker, makeClosure } from "./closures";
import { givesOptionalFields, optionalFieldsBinding, optionalFieldsOf } from "./optionsObjects";
import { arrayReturningCallee, inlineArrayCall } from "./arrayCalls";
import { calledMethod } from "./methods";
import { calledMarker, lowerGradientCall } from "./gradientCalls";
import { givenOrDefault, isUndefinedValue, presenceFlag } from "./nullish";
import { blockingParameter, constantDefault, constantExpr, leftOutValue } from "./defaults";
import { recordArgument, recordElement, recordsName } from "./records";
import { inPlaceExpression, isInPlacePart, matrixListOf } from "./matrixLists";
import { columnArguments } from "./recordColumns";
import { lowerRecordPush } from "./localRecords";
import { lowerObjectValue } from "./statements";

export function lowerCall(ctx: LowerContext, node: TS.CallExpression, hint: string): Expr {
  const { ts } = ctx;
  const callee = node.expression;
  const math = mathMemberName(ctx, callee);
  if (math !== undefined) return lowerMathCall(ctx, node, math, hint);
  const marker = calledMarker(ctx, node);
  if (marker) {
    // 'grad(f)(x)': a gradient in a number is the call's value; one in an array, unused here, is still computed.
    const gradient = lowerGradientCall(ctx, marker, hint);
    return typeof gradient === "string" ? num(0) : gradient;
  }
  const filled = zeroFilledArray(ctx, node, hint);
  if (filled) return filled;
  const test = numberTest(ctx, node, hint);
  if (test) return test;
  const unchanged = numberOfNumber(ctx, node);
  if (unchanged) return lowerValue(ctx, unchanged, hint);
  const method = lowerRecordPush(ctx, node) ?? lowerArrayMethod(ctx, node, hint) ?? lowerArraySearch(ctx, node, hint);
  if (method) return method;
  // 'layers.forEach((layer) => …)' over records that hold matrices: a loop reading each in place.
  if (lowerInPlaceForEach(ctx, node)) return global("undefined");
  const inPlace = ts.isPropertyAccessExpression(callee) ? inPlaceExpression(ctx, callee.expression) : undefined;
  if (inPlace) {
    // 'W.at(-1)' on one matrix of an array of matrices: read in place, it is no array of its own.
    const object = shorten((callee as TS.PropertyAccessExpression).expression.getText(ctx.sourceFile));
    ctx.sink.report(node, Messages.InPlaceValue, [object, inPlace]);
    return num(0);
  }
  if (ts.isPropertyAccessExpression(callee) && recordsName(ctx, callee.expression) !== undefined) {
    // 'obs.reduce(…)': an array of records is read by index and 'for … of' only.
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  // A call whose array result is not used ('normalize(x)' as a statement) still runs for its writes.
  const returnsArray = arrayReturningCallee(ctx, node);
  if (returnsArray) {
    inlineArrayCall(ctx, returnsArray);
    return num(0);
  }
  // 'act.tanh(x)' for a table of functions 'const act = { tanh: Math.tanh, relu, … }' (lower/functionTables.ts).
  const tabled = tableFunction(ctx, callee);
  if (typeof tabled === "string") return lowerMathCall(ctx, node, tabled, hint);
  // 'scaler(w)(x)': a closure made and called at once (lower/closures.ts).
  const made = makeClosure(ctx, callee);
  if (made) return inlineLocalCall(ctx, made.fn, node, hint, undefined, made.closure);
  const local = calledLocalFunction(ctx, callee) ?? tabled;
  // A function of the program called by another name ('const act = softplus', a helper's parameter given one) is
  // called as it is by its own.
  const topLevel = local && ts.isFunctionDeclaration(local) && !ts.isBlock(local.parent) ? local : undefined;
  if (local && !topLevel) return inlineLocalCall(ctx, local, node, hint);
  const called = calledMethod(ctx, node);
  if (called) return inlineLocalCall(ctx, called.method, node, hint, called.self);
  const fn = topLevel ?? resolveFunction(ts, ctx.checker, callee);
  if (!fn) {
    ctx.sink.report(callee, Messages.UnresolvedCallee, [shorten(callee.getText(ctx.sourceFile))]);
    return num(0);
  }
  if (!argumentsFit(ctx, node, fn)) return num(0);
  // A matrix's row ('dot(m[i], w)') is no array the call could pass by name: the callee is inlined, its parameter
  // naming the row, unless it is recursive.
  const row = node.arguments.some(
    (a) =>
      isBuiltMatrixOrRow(ctx, a) ||
      builtMatrixField(ctx, a) !== undefined ||
      rowField(ctx, a) !== undefined ||
      isInPlacePart(ctx, a),
  );
  if (row && fn.body && !fn.getSourceFile().isDeclarationFile && !callsItself(ts, ctx.checker, fn)) {
    return inlineLocalCall(ctx, fn, node, hint);
  }
  // 'step(body, dt)' writing 'b.x += b.v * dt': inlined, so that the writes reach the caller's object.
  if (fn.body && writesObjectField(ctx, fn) && !callsItself(ts, ctx.checker, fn)) {
    return inlineLocalCall(ctx, fn, node, hint);
  }
  // 'integrate((t) => Math.exp(-k * t), 0, 1)': a helper given a function is inlined, its parameter naming it.
  const given = node.arguments.find((a) => functionArgument(ctx, a) !== undefined || callsMaker(ctx, a));
  if (given && fn.body && !fn.getSourceFile().isDeclarationFile) {
    // Called again inside the function it was given ('trapezoid((s) => trapezoid(…) * s, …)'), it calls itself.
    const reentered = ctx.inlining.some((frame) => frame.fn === fn);
    if (!reentered && !callsItself(ts, ctx.checker, fn)) return inlineLocalCall(ctx, fn, node, hint);
    const name = functionName(ts, fn) ?? shorten(callee.getText(ctx.sourceFile));
    ctx.sink.report(node, Messages.FunctionArgumentToRecursive, [name, shorten(given.getText(ctx.sourceFile))]);
    return num(0);
  }
  const args = calleeArguments(ctx, node, fn, hint);
  return args ? call(calleeKey(ctx, callee, fn), args) : num(0);
}

function isBuiltMatrixOrRow(ctx: LowerContext, e: TS.Expression): boolean {
  return isMatrixRow(ctx, e) || localMatrixName(ctx, e) !== undefined || isMatrixExpression(ctx, e);
}

/** A matrix's row in a field of an object literal argument ('A[1]' in 'rec({ w: A[1], b }, n)'). */
function rowField(ctx: LowerContext, arg: TS.Expression): TS.Expression | undefined {
  return literalField(ctx, arg, (value) => isMatrixRow(ctx, value));
}

/**
 * The field of an object argument that holds a matrix the function builds ('M' in 'g({ W: M, b })', 'm.W' for
 * 'g(m)' with 'const m = { W: [[x, y]] }'), as written: stored flat, it is no 'number[][]' a callee could be given by
 * name. Undefined when there is none.
 */
function builtMatrixField(ctx: LowerContext, arg: TS.Expression): string | undefined {
  const { ts } = ctx;
  const e = skipParentheses(ts, arg);
  if (ts.isObjectLiteralExpression(e)) {
    const field = literalField(
      ctx,
      e,
      (value) => localMatrixName(ctx, value) !== undefined || isMatrixExpression(ctx, value),
    );
    return field && shorten(field.getText(ctx.sourceFile));
  }
  const binding = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? resolveMember(ctx, e) : undefined;
  const find = (b: ObjectBinding, path: string): string | undefined => {
    for (const [key, value] of b) {
      const found =
        value instanceof Map ? find(value, `${path}.${key}`) : ctx.localMatrices.has(value) && `${path}.${key}`;
      if (found) return found;
    }
    return undefined;
  };
  return binding instanceof Map ? find(binding, e.getText(ctx.sourceFile)) : undefined;
}

/** The first field of an object literal argument, nested ones too, whose value `holds` accepts; undefined if none. */
function literalField(
  ctx: LowerContext,
  arg: TS.Expression,
  holds: (value: TS.Expression) => boolean,
): TS.Expression | undefined {
  const { ts } = ctx;
  const e = skipParentheses(ts, arg);
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  for (const p of e.properties) {
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    const found = value && (holds(value) ? value : literalField(ctx, value, holds));
    if (found) return found;
  }
  return undefined;
}

/** Whether a call passes `fn` its arguments one by one, at most one per parameter, and every one without a default. */
export function argumentsFit(ctx: LowerContext, node: TS.CallExpression, fn: FunctionLike): boolean {
  const { ts } = ctx;
  // A spread ('h(...x)') first: it gives the parameters a count of arguments would blame.
  if (node.arguments.some((a) => ts.isSpreadElement(a))) {
    const text = shorten(node.getText(ctx.sourceFile));
    ctx.sink.report(node, Messages.SpreadArguments, [text, shorten(node.expression.getText(ctx.sourceFile))]);
    return false;
  }
  if (node.arguments.length > fn.parameters.length) {
    ctx.sink.report(node, Messages.UnsupportedExpression, [shorten(node.getText(ctx.sourceFile))]);
    return false;
  }
  const blocking = blockingParameter(ts, fn.parameters, node.arguments.length, (p) => mayBeLeftOut(ctx, p));
  if (blocking) {
    ctx.sink.report(blocking, Messages.UnsupportedParameter, [blocking.name.getText()]);
    return false;
  }
  return true;
}

/**
 * The IR arguments of a call of `fn`: an array passed by name (the callee reads it, and its adjoint accumulates into
 * the caller's), an object's fields one by one, a number lowered, and parameters left out taking their constant
 * defaults. Undefined after a diagnostic.
 */
export function calleeArguments(
  ctx: LowerContext,
  node: TS.CallExpression,
  fn: FunctionLike,
  hint: string,
): Expr[] | undefined {
  const { ts } = ctx;
  const callee = node.expression;
  const operands: (TS.Expression | Expr)[] = [];
  const passed = new Set<string>();
  for (const [k, arg] of node.arguments.entries()) {
    const type = ctx.checker.getTypeAtLocation(arg);
    // 'undefined' leaves its parameter out; an optional parameter passed on takes its default where it is undefined.
    const param = fn.parameters[k];
    const options = optionalObjectFields(ctx, param);
    if (options && isUndefinedValue(ctx, arg)) {
      operands.push(...options.map(() => global("undefined")));
      continue;
    }
    const flag = presenceFlag(ctx, arg);
    if (isUndefinedValue(ctx, arg) || (flag && param.initializer)) {
      const fallback = leftOutValue(ctx, param);
      if (!fallback) return undefined;
      operands.push(flag ? givenOrDefault(ctx, arg, flag, fallback, hint) : fallback);
      continue;
    }
    // A recursive function given a row reads a copy of it; one that may write the row would write the copy.
    const use = () => `an argument of '${functionName(ts, fn) ?? "a recursive function"}', which may write it`;
    if (isMatrixRow(ctx, arg) && mayWriteParameter(ts, ctx.checker, fn, k) && rowAsArray(ctx, arg, use())) {
      return undefined;
    }
    const row = rowField(ctx, arg);
    if (row && mayWriteParameter(ts, ctx.checker, fn, k) && rowAsArray(ctx, row, `a field of ${use()}`)) {
      return undefined;
    }
    // An array of matrices is passed as the callee takes it: its rows, and where each matrix's rows start.
    const matrices = matrixListOf(ctx, arg);
    if (matrices) {
      operands.push(v(matrices.rows), v(matrices.starts));
      continue;
    }
    const columns = param && columnArguments(ctx, arg, param);
    if (columns) {
      operands.push(...columns);
      continue;
    }
    // One matrix of an array of matrices, an element of records that hold them, records the callee does not take as
    // such: no value of its own.
    const inPlace = inPlaceExpression(ctx, arg);
    if (inPlace) {
      ctx.sink.report(arg, Messages.InPlaceValue, [shorten(arg.getText(ctx.sourceFile)), inPlace]);
      return undefined;
    }
    const isArray = arrayTypeOf(ctx, type) !== undefined || isGeneralArrayType(ctx, type);
    // An array of records (a parameter, a module's constant) is passed by name; nothing writes records (lower/records.ts).
    const records = isArray ? undefined : recordsName(ctx, arg);
    if (records !== undefined) {
      operands.push(v(records));
      continue;
    }
    const array = isArray ? (arrayName(ctx, arg) ?? arrayOperand(ctx, arg)) : undefined;
    const field =
      array && ctx.localMatrices.has(array) ? shorten(arg.getText(ctx.sourceFile)) : builtMatrixField(ctx, arg);
    if (field !== undefined) {
      const caller = functionName(ts, ctx.fn) ?? "the function";
      ctx.sink.report(arg, Messages.BuiltMatrixArgument, [
        field,
        caller,
        functionName(ts, fn) ?? shorten(callee.getText(ctx.sourceFile)),
      ]);
      return undefined;
    }
    if (array && ctx.externals.has(array) && mayWriteParameter(ts, ctx.checker, fn, k)) {
      // A module's array given to a callee that may write it: the write would be a side effect outside the function.
      ctx.sink.report(arg, Messages.AssignmentToOuterVariable, [shorten(arg.getText(ctx.sourceFile))]);
      return undefined;
    }
    if (array && passed.has(array) && writesArrayParameter(ctx, fn)) {
      // 'addInto(acc, acc, 0.5)': the derivatives' check that array parameters are distinct would stop at run time.
      const name = functionName(ts, fn) ?? shorten(callee.getText(ctx.sourceFile));
      ctx.sink.report(arg, Messages.AliasedArrayArguments, [shorten(arg.getText(ctx.sourceFile)), name]);
      return undefined;
    }
    if (array) passed.add(array);
    const fields = !array && !varTypeOf(ctx, type) ? objectArgument(ctx, arg, fn.parameters[k]) : undefined;
    if (array) operands.push(v(array));
    else if (fields) operands.push(...fields);
    else if (isArray || (!varTypeOf(ctx, type) && objectFieldsOf(ctx, type))) {
      ctx.sink.report(arg, Messages.ArrayArgument, [
        shorten(arg.getText(ctx.sourceFile)),
        shorten(callee.getText(ctx.sourceFile)),
      ]);
      return undefined;
    } else operands.push(arg);
  }
  const args = lowerOperands(ctx, operands, hint);
  // Arguments left out take their parameters' constant defaults.
  const given = node.arguments.length;
  const defaults = fn.parameters.slice(given).flatMap((p) => {
    const options = optionalObjectFields(ctx, p);
    return options ? options.map(() => global("undefined")) : [constantExpr(constantDefault(ts, p))];
  });
  return [...args, ...defaults];
}

/** Whether `fn` may write into one of its array parameters. */
function writesArrayParameter(ctx: LowerContext, fn: FunctionLike): boolean {
  return fn.parameters.some((param, k) => {
    const type = ctx.checker.getTypeAtLocation(param);
    const isArray = arrayTypeOf(ctx, type) !== undefined || isGeneralArrayType(ctx, type);
    return isArray && mayWriteParameter(ctx.ts, ctx.checker, fn, k);
  });
}

/** The name a callee is known by in the IR: its source name, made unique if two functions share it. */
export function calleeKey(ctx: LowerContext, callee: TS.Expression, fn: FunctionLike): string {
  const base = functionName(ctx.ts, fn) ?? resolvedSymbol(ctx.ts, ctx.checker, callee)?.name ?? "callee";
  for (const [key, known] of ctx.callees) if (known === fn) return key;
  const key = freeCalleeKey(ctx, base);
  ctx.callees.set(key, fn);
  return key;
}

/** `base`, or `base_1`, `base_2`, …: a callee key no function or gradient the function calls has yet. */
export function freeCalleeKey(ctx: LowerContext, base: string): string {
  let key = base;
  for (let k = 1; ctx.callees.has(key) || ctx.gradientCallees.has(key); k++) key = `${base}_${k}`;
  return key;
}

function lowerMathCall(ctx: LowerContext, node: TS.CallExpression, name: string, hint: string): Expr {
  const path = `Math.${name}`;
  const rule = ruleTable[path];
  if (!rule) {
    ctx.sink.report(node.expression, Messages.NoRuleForMathFunction, [name]);
    return num(0);
  }
  if (node.arguments.some((a) => ctx.ts.isSpreadElement(a))) {
    const spread = lowerSpreadMath(ctx, path, node.arguments, hint);
    if (spread) return spread;
    // Each engine sums the squares its own way (V8 scales and compensates): no loop here would match it to the bit.
    const message = path === "Math.hypot" ? Messages.SpreadHypot : Messages.UnsupportedExpression;
    ctx.sink.report(node, message, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  for (const a of node.arguments) requireNumber(ctx, a);
  const args = lowerOperands(ctx, node.arguments, hint);
  if (name === "max" || name === "min") {
    // Math.max(a, b, c) → Math.max(Math.max(a, b), c): exact, and each step uses the two-input rule.
    if (args.length === 0) return name === "max" ? unary("-", global("Infinity")) : global("Infinity");
    if (args.length === 1) return args[0];
    let acc = call(path, [args[0], args[1]]);
    for (const next of args.slice(2)) {
      const temp = freshTemp(ctx, derivedName(acc), hint, "number");
      emitAssign(ctx, temp, acc);
      acc = call(path, [v(temp), next]);
    }
    return acc;
  }
  if (typeof rule.arity === "number" && args.length !== rule.arity) {
    ctx.sink.report(node, Messages.UnsupportedExpression, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  return call(path, args);
}

/**
 * An object argument, flattened into the callee's parameters for it: the callee's field order (from its parameter
 * type), each field looked up by name in the caller's object. Undefined if the argument is not a known object.
 */
function objectArgument(ctx: LowerContext, arg: TS.Expression, param: TS.ParameterDeclaration): Expr[] | undefined {
  const options = optionalFieldsOf(ctx, param);
  const fields = options ?? objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(param), 0, true);
  if (!fields) return undefined;
  // An element of an array of records ('residual(p, obs[i])'): its fields read in place.
  const element = recordElement(ctx, arg);
  if (element) return recordArgument(ctx, element, fields);
  const { ts } = ctx;
  const e = skipParentheses(ts, arg);
  // 'area(c ? p : q)': the chosen object's fields; 'apply({ w: x, b }, v)', 'apply(layer(w), v)': a new object's.
  const built = ts.isObjectLiteralExpression(e) || ts.isCallExpression(e) || ts.isNewExpression(e);
  const prefix = ts.isIdentifier(param.name) ? param.name.text : "arg";
  // '{ l2: k }', '{}', a local 'cfg: Opts' for a parameter with optional fields: each with its flag.
  const binding =
    options && givesOptionalFields(ctx, arg)
      ? optionalFieldsBinding(ctx, options, arg, prefix)
      : ts.isConditionalExpression(e)
        ? chosenObject(ctx, "chosen", e)
        : (resolveMember(ctx, arg) ?? (built ? lowerObjectValue(ctx, prefix, arg, true) : undefined));
  if (!(binding instanceof Map)) return undefined;
  const leaves: Expr[] = [];
  const walk = (b: ObjectBinding, fs: ObjectFields, type: TS.Type | undefined): boolean =>
    fs.every((field) => {
      const value = b.get(field.key);
      const property = type?.getProperty(field.key);
      if (typeof field.type === "string") {
        // An optional field the argument's type does not have ('{ w }' given for '{ w; l2?: number }') is undefined;
        // one it has but holds no variable for (a local object's optional field) cannot be passed.
        if (typeof value !== "string" && (!field.optional || property)) return false;
        leaves.push(typeof value === "string" ? v(value) : global("undefined"));
        return true;
      }
      const inner = property && ctx.checker.getTypeOfSymbolAtLocation(property, arg);
      return value instanceof Map && walk(value, field.type.fields ?? [], inner);
    });
  return walk(binding, fields, ctx.checker.getTypeAtLocation(arg)) ? leaves : undefined;
}

/** 'Number(x)' of a number, a conversion that changes nothing: x. Undefined for anything else. */
function numberOfNumber(ctx: LowerContext, node: TS.CallExpression): TS.Expression | undefined {
  const { ts } = ctx;
  const [value] = node.arguments;
  const callee = node.expression;
  if (node.arguments.length !== 1 || !ts.isIdentifier(callee) || !isGlobalObject(ctx, callee, "Number")) {
    return undefined;
  }
  return ctx.checker.getTypeAtLocation(value).flags & ts.TypeFlags.NumberLike ? value : undefined;
}

/**
 * 'Number.isNaN(v)', 'Number.isFinite(v)', 'Number.isInteger(v)', 'Number.isSafeInteger(v)' and the global 'isNaN',
 * 'isFinite' on a number: tests written with operators, which have no derivative ('v !== v'; 'Math.abs(v) < Infinity',
 * false for NaN and ±Infinity; an integer is its own 'Math.trunc', and a safe one at most 2⁵³ − 1 in magnitude).
 */
function numberTest(ctx: LowerContext, node: TS.CallExpression, hint: string): Expr | undefined {
  const { ts } = ctx;
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee)
    ? isGlobalObject(ctx, callee.expression, "Number") && callee.name.text
    : ts.isIdentifier(callee) && isGlobalObject(ctx, callee, callee.text) && callee.text;
  const onNumberOnly = name === "isInteger" || name === "isSafeInteger";
  const known = name === "isNaN" || name === "isFinite" || (onNumberOnly && ts.isPropertyAccessExpression(callee));
  if (!known || node.arguments.length !== 1) return undefined;
  const [arg] = node.arguments;
  if (!(ctx.checker.getTypeAtLocation(arg).flags & ts.TypeFlags.NumberLike)) return undefined;
  const value = lowerAtom(ctx, arg, hint);
  if (name === "isNaN") return binary("!==", value, value);
  const magnitude = freshTemp(ctx, `abs_${hint}`, hint, "number");
  emitAssign(ctx, magnitude, call("Math.abs", [value]));
  const bound = name === "isSafeInteger" ? binary("<=", v(magnitude), num(Number.MAX_SAFE_INTEGER)) : undefined;
  const inRange = bound ?? binary("<", v(magnitude), global("Infinity"));
  if (!onNumberOnly) return inRange;
  const whole = freshTemp(ctx, `trunc_${hint}`, hint, "number");
  emitAssign(ctx, whole, call("Math.trunc", [value]));
  const [integral, finite] = [binary("===", v(whole), value), inRange].map((test) => {
    const flag = freshTemp(ctx, `is_${hint}`, hint, "boolean");
    emitAssign(ctx, flag, test);
    return v(flag);
  });
  return binary("&&", integral, finite);
}
