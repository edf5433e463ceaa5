/**
 * Functions declared inside a differentiated function, inlined where they are called, so that they are
 * differentiated with it and cost no call at run time:
 *   'const sq = (t: number) => t * t; … sq(a + b)'  →  't = a + b; … t * t'
 *   'function clip(v: number) { if (v > 1) return 1; return v; }'  →  a loop of one pass that 'return' leaves
 * Arguments are evaluated first, as JavaScript does; number, boolean and string parameters become fresh variables,
 * array and object parameters other names for the caller's arrays and objects (they are references). A helper reads
 * and writes the variables around it as a closure does, at the moment it is called.
 */
import type * as TS from "typescript";
import { bool, global, isMatrixType, isRowType, num, v, type Expr } from "../ir/expr";
import { isArrayType, type Stmt } from "../ir/stmt";
import { Messages, type Message } from "../diagnostics/messages";
import {
  collectStmts,
  declareLocal,
  emitAssign,
  freshTemp,
  identifiersIn,
  isOptionalNumber,
  mayBeLeftOut,
  optionalObjectFields,
  objectFieldsOf,
  varTypeOf,
  paramTypeOf,
  argumentsOf,
  type Inlinable,
  type InlineSite,
  type InliningFrame,
  type LocalFunction,
  type LowerContext,
  type ObjectBinding,
} from "./context";
import { arrayName, namedRow, resolveMember } from "./arrays";
import { arrayOperand } from "./arrayMethods";
import { declareMatrix, matrixValue } from "./localMatrices";
import { lowerOperands, lowerValue, mathMemberName } from "./expressions";
import { onePassLoop } from "./structurize";
import { functionName, resolveFunction, skipOuterExpressions } from "../collect/resolve";
import { inlinableMethod } from "./methods";
import { blockingParameter, leftOutValue } from "./defaults";
import { givenOrDefault, isUndefinedValue, mayBeUndefined, presenceFlag } from "./nullish";
import { lowerObjectValue, lowerStatements } from "./statements";
import { reportWarnings } from "../validate/warnings";
import { ruleTable } from "../rules/table";
import { bindRecord, recordElement, recordsName } from "./records";
import { bindDestructured, destructuringSource } from "./destructure";
import { tableFunction } from "./functionTables";
import { closureNamed, enterClosure, madeFunction, makeClosure, type Closure } from "./closures";
import { givesOptionalFields, optionalFieldsBinding, optionalFieldsOf } from "./optionsObjects";
import { inPlaceBinding, refuseReassigned } from "./matrixLists";
import { bindColumnPattern, namedColumnElement } from "./recordColumns";

/**
 * A variable bound to a function and never assigned again (a `const`, or a `let` the function does not reassign): an
 * arrow or function expression, remembered and lowered where it is called, or another name for a function
 * (`const act = softplus`, `const f = Math.tanh`, functionArgument). Undefined for anything else.
 */
export function localFunctionOf(ctx: LowerContext, decl: TS.VariableDeclaration): LocalFunction | string | undefined {
  const { ts } = ctx;
  const list = decl.parent;
  if (!ts.isIdentifier(decl.name) || !decl.initializer || !ts.isVariableDeclarationList(list)) return undefined;
  const symbol = ctx.checker.getSymbolAtLocation(decl.name);
  // Only the function declaring a variable can assign to it: the innermost one being lowered.
  const scope = ctx.inlining[ctx.inlining.length - 1]?.fn ?? ctx.fn;
  const fixed = list.flags & ts.NodeFlags.Const || (symbol && !isReassigned(ctx, scope, symbol));
  if (!fixed || !symbol) return undefined;
  const fn = functionArgument(ctx, decl.initializer);
  // 'const twice = double', for a closure 'double': the same variables of its making.
  const closure = fn && closureNamed(ctx, decl.initializer);
  if (closure) ctx.closures.set(symbol, closure);
  // 'const double = scaler(2)': the function the maker returns, a closure (lower/closures.ts).
  return fn ?? madeFunction(ctx, symbol, decl.initializer);
}

/**
 * Names a function by `symbol`: a function to inline or call where the name is called, or one of Math's. A helper's
 * parameter is named again at each call, maybe by the other kind: the earlier naming goes.
 */
export function nameFunction(ctx: LowerContext, symbol: TS.Symbol, fn: LocalFunction | string): void {
  if (typeof fn === "string") {
    ctx.localFunctions.delete(symbol);
    ctx.mathFunctions.set(symbol, fn);
  } else {
    ctx.mathFunctions.delete(symbol);
    ctx.localFunctions.set(symbol, fn);
  }
}

/** Whether anything in `node` assigns to the variable `symbol` ('f = g', 'f ??= g', '[f] = fs'). */
function isReassigned(ctx: LowerContext, node: TS.Node, symbol: TS.Symbol): boolean {
  const { ts } = ctx;
  const names = (target: TS.Node): boolean =>
    (ts.isIdentifier(target) && ctx.checker.getSymbolAtLocation(target) === symbol) ||
    ((ts.isArrayLiteralExpression(target) ||
      ts.isObjectLiteralExpression(target) ||
      ts.isParenthesizedExpression(target)) &&
      ts.forEachChild(target, (child) => names(child) || undefined) === true);
  const assigns =
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    node.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if (assigns && names(node.left)) return true;
  return ts.forEachChild(node, (child) => isReassigned(ctx, child, symbol) || undefined) ?? false;
}

/**
 * The function an argument gives a parameter of function type ('integrate((t) => Math.exp(-k * t), 0, 1)',
 * 'integrate(sq, 0, 1)', a helper's own function parameter passed on): an arrow or function expression, a local
 * function, a function of the program, or the name of a function of Math with a derivative rule ('Math.tanh').
 * Undefined for anything else, and for arguments that are no function.
 */
export function functionArgument(ctx: LowerContext, node: TS.Expression): LocalFunction | string | undefined {
  const { ts, checker } = ctx;
  const e = skipOuterExpressions(ts, node);
  if (checker.getTypeAtLocation(e).getCallSignatures().length === 0) return undefined;
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  const math = mathMemberName(ctx, e);
  if (math !== undefined) return ruleTable[`Math.${math}`] ? math : undefined;
  const symbol = ts.isIdentifier(e) ? checker.getSymbolAtLocation(e) : undefined;
  const local = symbol && ctx.localFunctions.get(symbol);
  if (local) return local;
  const tabled = tableFunction(ctx, e);
  if (tabled !== undefined) return tabled;
  // A name (or 'lib.f'), not a call that returns a function ('makeAdder(2)').
  const fn = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? resolveFunction(ts, checker, e) : undefined;
  return fn?.body && !fn.getSourceFile().isDeclarationFile ? fn : undefined;
}

/** The local function a callee names, if any. */
export function calledLocalFunction(ctx: LowerContext, callee: TS.Expression): LocalFunction | undefined {
  if (!ctx.ts.isIdentifier(callee)) return undefined;
  const symbol = ctx.checker.getSymbolAtLocation(callee);
  return symbol && ctx.localFunctions.get(symbol);
}

/**
 * Inlines a call to a local function, or to a method with `self` the fields of its object; its value (0 for a
 * function that returns nothing).
 */
export function inlineLocalCall(
  ctx: LowerContext,
  fn: Inlinable,
  call: InlineSite,
  hint: string,
  self?: ObjectBinding,
  made?: Closure,
): Expr {
  const { ts } = ctx;
  const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : calleeName(ctx, call);
  const refuse = (at: TS.Node, message: Message = Messages.NestedDeclaration, args = ["function", name]) => {
    ctx.sink.report(at, message, args);
    return num(0);
  };
  if (!fn.body) return refuse(call);
  // A body declared outside the function (a method, a getter, a function given a matrix's row) gets the warnings
  // the function's own body gets: its prints are left out of the derivatives too.
  const outside = fn.getSourceFile() !== ctx.fn.getSourceFile() || fn.pos < ctx.fn.pos || fn.end > ctx.fn.end;
  if (outside) reportWarnings(ts, ctx.checker, ctx.sink, fn);
  // A local function that calls itself can move to the top level, where recursion is differentiated.
  const local = !ts.isMethodDeclaration(fn) && !ts.isGetAccessorDeclaration(fn);
  if (!inlinableCall(ctx, fn, call, local ? () => refuse(call) : undefined)) return num(0);
  const closure = made ?? (ts.isCallExpression(call) ? closureNamed(ctx, call.expression) : undefined);
  bindParameters(ctx, fn.parameters, argumentsOf(ts, call));
  enterClosure(ctx, closure);
  const body = fn.body;
  // An arrow given to a helper of another module is read in its own.
  if (!ts.isBlock(body)) return inInlinedBody(ctx, fn, call, () => lowerValue(ctx, body, hint), self);

  const signature = ctx.checker.getSignatureFromDeclaration(fn);
  const returned = signature && ctx.checker.getReturnTypeOfSignature(signature);
  const resultType = returned && varTypeOf(ctx, returned);
  // A fluent method ('add(v): this { …; return this; }') called as a statement returns nothing anyone reads.
  const fluent = ts.isExpressionStatement(call.parent) && returnsOnlyThis(ts, body);
  const returnsValue = !!returned && !(returned.flags & ts.TypeFlags.Void) && !fluent;
  // A function returning an array is inlined by lower/arrayCalls.ts; one returning an object is not supported.
  if (returnsValue && (!resultType || isArrayType(resultType))) {
    return refuse(call, Messages.UnsupportedArrayOperation, [call.getText(ctx.sourceFile)]);
  }
  const result = resultType && !fluent ? freshTemp(ctx, `${name}_result`, hint, resultType) : undefined;
  const frame = { fn, result, label: ctx.namer.unique(`${name}_body`), self, site: call };
  inCalleeModule(ctx, fn, () => inlineBlock(ctx, frame, body.statements));
  return result ? v(result) : num(0);
}

/**
 * Runs `lower` on the body of `fn`, a function inlined where it is called, in the module it was written in (a
 * method of a class of another module): its text, and the comments that point back to it, are read there. Its
 * names are kept from the caller's temporaries.
 */
export function inCalleeModule<T>(ctx: LowerContext, fn: Inlinable | TS.ClassDeclaration, lower: () => T): T {
  const callerFile = ctx.sourceFile;
  const callerOrigin = ctx.origin;
  ctx.sourceFile = fn.getSourceFile();
  for (const identifier of identifiersIn(ctx.ts, fn)) ctx.namer.reserve(identifier);
  try {
    return lower();
  } finally {
    ctx.sourceFile = callerFile;
    ctx.origin = callerOrigin;
  }
}

/**
 * Runs `lower` inside `fn`, inlined where `site` calls it, on what needs no 'return' to jump to (an arrow's
 * expression, statements before a last 'return'): with its frame on the inlining stack, in its own module.
 */
export function inInlinedBody<T>(
  ctx: LowerContext,
  fn: Inlinable,
  site: InlineSite,
  lower: () => T,
  self?: ObjectBinding,
): T {
  ctx.inlining.push({ fn, result: undefined, label: "", self, site });
  try {
    return inCalleeModule(ctx, fn, lower);
  } finally {
    ctx.inlining.pop();
  }
}

/**
 * Lowers the statements of an inlined function whose returns assign `frame.result` and jump to `frame.label`.
 * Returns that end branches become if / else ('if (c) return a; return b' needs no jump); any other return leaves
 * a loop of one pass, which the structurize pass turns into flags.
 */
export function inlineBlock(ctx: LowerContext, frame: InliningFrame, statements: readonly TS.Statement[]): void {
  const origin = ctx.origin;
  ctx.inlining.push(frame);
  let body: Stmt[];
  try {
    body = collectStmts(ctx, () => lowerStatements(ctx, statements));
  } finally {
    ctx.inlining.pop();
  }
  const settled = withoutTailJumps(body, frame.label);
  ctx.out.push(...(settled ?? [onePassLoop(frame.label, body, origin)]));
}

/**
 * The statements with every 'break label' gone, each at the end of a path ('if (c) { A; break } B' → 'if (c) { A }
 * else { B }'); undefined when a break sits anywhere else (inside a loop, or in a branch that does not end with it).
 */
function withoutTailJumps(stmts: readonly Stmt[], label: string): Stmt[] | undefined {
  const isJump = (s: Stmt | undefined) => s?.kind === "break" && s.label === label;
  const ends = (list: readonly Stmt[]): boolean => {
    const last = list[list.length - 1];
    return isJump(last) || (last?.kind === "if" && ends(last.then) && ends(last.else));
  };
  for (const [i, s] of stmts.entries()) {
    if (isJump(s)) return stmts.slice(0, i);
    if (!jumpsTo(s, label)) continue;
    if (s.kind !== "if" || (!ends(s.then) && !ends(s.else))) return undefined;
    const rest = stmts.slice(i + 1);
    const then = withoutTailJumps(ends(s.then) ? s.then : [...s.then, ...rest], label);
    const otherwise = withoutTailJumps(ends(s.else) ? s.else : [...s.else, ...rest], label);
    return then && otherwise ? [...stmts.slice(0, i), { ...s, then, else: otherwise }] : undefined;
  }
  return [...stmts];
}

/**
 * Whether `call` can be inlined: not inside its own inlining (that would never end), not a method that a class of
 * the program overrides, each parameter a plain name given an argument unless it has a constant default. Reports
 * why not: the recursion (through `recursion` when given, TS990059 otherwise), the method, the parameter (optional,
 * rest, or left out without a constant default), else the call.
 */
export function inlinableCall(ctx: LowerContext, fn: Inlinable, call: InlineSite, recursion?: () => void): boolean {
  const { ts } = ctx;
  if (ctx.inlining.some((frame) => frame.fn === fn)) {
    if (recursion) recursion();
    else ctx.sink.report(call, Messages.RecursiveInlined, [functionName(ts, fn) ?? "function"]);
    return false;
  }
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn)) && !inlinableMethod(ctx, call, fn)) return false;
  const args = argumentsOf(ts, call);
  const given = args.length;
  const blocking = blockingParameter(ts, fn.parameters, given, (p) => mayBeLeftOut(ctx, p));
  if (blocking) {
    ctx.sink.report(blocking, Messages.UnsupportedParameter, [blocking.name.getText()]);
    return false;
  }
  const named = fn.parameters.every((p) => ts.isIdentifier(p.name) || !p.initializer || optionalObjectFields(ctx, p));
  if (named && given <= fn.parameters.length && !args.some((a) => ts.isSpreadElement(a))) return true;
  ctx.sink.report(call, Messages.UnsupportedExpression, [call.getText(ctx.sourceFile)]);
  return false;
}

/** A parameter's symbol, which its function's body reads ('public w' also names a field: not that symbol). */
export function parameterSymbol(ctx: LowerContext, p: TS.ParameterDeclaration): TS.Symbol | undefined {
  const { ts, checker } = ctx;
  if (!ts.isParameterPropertyDeclaration(p, p.parent)) return checker.getSymbolAtLocation(p.name);
  const variable = (s: TS.Symbol) => s.flags & ts.SymbolFlags.FunctionScopedVariable;
  return checker.getSymbolsOfParameterPropertyDeclaration(p, p.name.getText()).find(variable);
}

/** Arguments first, then each parameter bound: a copy of a value, another name for an array or object. */
export function bindParameters(
  ctx: LowerContext,
  params: readonly TS.ParameterDeclaration[],
  args: readonly TS.Expression[],
): void {
  const values: (TS.Expression | Expr)[] = [];
  const bindings: (() => void)[] = [];
  params.forEach((p, k) => {
    const options = optionalFieldsOf(ctx, p);
    if (options && givesOptionalFields(ctx, args[k])) {
      // 'o?: Opts', '{ l2 = 0 }: Opts = {}': the fields given, and flags for the optional ones.
      const pattern = ctx.ts.isIdentifier(p.name) ? undefined : p.name;
      const symbol = parameterSymbol(ctx, p);
      const object = optionalFieldsBinding(ctx, options, args[k], pattern ? "options" : p.name.getText());
      if (!object) return;
      bindings.push(() =>
        pattern ? bindDestructured(ctx, pattern, object) : symbol && ctx.objects.set(symbol, object),
      );
      return;
    }
    const fieldsOf =
      ctx.ts.isObjectBindingPattern(p.name) && k < args.length ? namedColumnElement(ctx, args[k]) : undefined;
    if (fieldsOf) {
      // '({ W, b }: Layer, h)' given an element of records that hold matrices: names for its fields.
      const pattern = p.name as TS.ObjectBindingPattern;
      bindings.push(() => {
        if (!bindColumnPattern(ctx, pattern, fieldsOf)) {
          ctx.sink.report(pattern, Messages.UnsupportedDestructuring, [pattern.getText(ctx.sourceFile)]);
        }
      });
      return;
    }
    if (!ctx.ts.isIdentifier(p.name)) {
      // '([x, y]: [number, number], a)', '({ w, b }: Layer)': the argument's fields or elements, named by the pattern.
      const pattern = p.name;
      const source = k < args.length ? destructuringSource(ctx, pattern, args[k]) : undefined;
      if (source) bindings.push(() => bindDestructured(ctx, pattern, source));
      else ctx.sink.report(pattern, Messages.UnsupportedDestructuring, [pattern.getText(ctx.sourceFile)]);
      return;
    }
    const paramName = p.name.text;
    const symbol = parameterSymbol(ctx, p);
    const type = paramTypeOf(ctx, ctx.checker.getTypeAtLocation(p.name));
    // 'undefined' leaves its parameter out, as JavaScript reads it.
    const leftOut = k >= args.length || isUndefinedValue(ctx, args[k]);
    if (isOptionalNumber(ctx, p) && symbol) {
      // 'p?: number': a number, and a flag that says whether the call gave it (as for the function's own, in
      // lower/function.ts): false when left out, the caller's flag for its own optional parameter, true otherwise.
      const arg = leftOut ? undefined : args[k];
      const callerFlag = arg && presenceFlag(ctx, arg);
      if (arg && !callerFlag && mayBeUndefined(ctx, arg)) {
        const type = ctx.checker.typeToString(ctx.checker.getTypeAtLocation(arg));
        ctx.sink.report(arg, Messages.UnsupportedType, [arg.getText(ctx.sourceFile), type]);
        return;
      }
      const position = arg ? values.push(arg) - 1 : -1;
      bindings.push(() => {
        const local = declareLocal(ctx, symbol, paramName, "number");
        // Left out, it holds undefined, as JavaScript's parameter does: a callee it is passed on to tests it.
        emitAssign(ctx, local, position >= 0 ? atoms[position] : global("undefined"));
        const flag = freshTemp(ctx, `${local}_given`, local, "boolean");
        emitAssign(ctx, flag, callerFlag ? v(callerFlag) : bool(position >= 0));
        ctx.presence.set(symbol, flag);
      });
      return;
    }
    if (leftOut) {
      // Left out: its constant default ('eps = 1e-8').
      const value = leftOutValue(ctx, p);
      if (value && type) bindings.push(() => emitAssign(ctx, declareLocal(ctx, symbol, paramName, type), value));
      return;
    }
    // 'dense(Ws[l], h)', 'forward(Ws, x)', 'forward(layers, x)', 'dense(layers[l], h)': a name for a value read in place.
    const inPlace = symbol ? inPlaceBinding(ctx, args[k]) : undefined;
    if (inPlace) {
      bindings.push(() => {
        inPlace(symbol as TS.Symbol);
        refuseReassigned(ctx, p.name as TS.Identifier);
      });
      return;
    }
    if (type && isArrayType(type)) {
      // A row of a matrix ('dot(m[i], w)') binds a number[] parameter as a name for the row.
      const row = isRowType(type) ? namedRow(ctx, args[k]) : undefined;
      // A matrix expression ('trace(x.map((a) => [a, 1]))') is built as a local matrix would be.
      const built = () => matrixValue(ctx, args[k], () => declareMatrix(ctx, undefined, paramName));
      const array = row
        ? undefined
        : (arrayName(ctx, args[k]) ?? (isMatrixType(type) ? built() : arrayOperand(ctx, args[k])));
      if ((!row && !array) || !symbol) {
        ctx.sink.report(args[k], Messages.UnsupportedArrayOperation, [args[k].getText(ctx.sourceFile)]);
        return;
      }
      bindings.push(() => {
        // The callee may be inlined again with an array for the same parameter, or a row.
        if (row) ctx.names.delete(symbol);
        else ctx.rows.delete(symbol);
        if (row) ctx.rows.set(symbol, row);
        else ctx.names.set(symbol, array as string);
      });
      return;
    }
    // 'apply(scaler(w), x)': a closure made where it is given.
    const made = !type && !leftOut && symbol ? makeClosure(ctx, args[k]) : undefined;
    const given = made?.fn ?? (!type && !leftOut && symbol ? functionArgument(ctx, args[k]) : undefined);
    if (given) {
      // A function ('integrate((t) => Math.exp(-k * t), 0, 1)'): the parameter names it, inlined where it is called,
      // with the variables of its making for a closure.
      const closure = made?.closure ?? closureNamed(ctx, args[k]);
      bindings.push(() => {
        nameFunction(ctx, symbol as TS.Symbol, given);
        if (closure) ctx.closures.set(symbol as TS.Symbol, closure);
        else ctx.closures.delete(symbol as TS.Symbol);
      });
      return;
    }
    const records = !type && !leftOut && symbol ? recordsName(ctx, args[k]) : undefined;
    if (records !== undefined) {
      // An array of records: another name for it.
      bindings.push(() => ctx.names.set(symbol as TS.Symbol, records));
      return;
    }
    const element = !type && !leftOut && symbol ? recordElement(ctx, args[k]) : undefined;
    if (element) {
      // An element of an array of records ('residual(obs[i])'): a name for it, read field by field.
      bindings.push(() => bindRecord(ctx, symbol as TS.Symbol, element, paramName));
      return;
    }
    if (!type) {
      // An object a name holds, or a new one built for the call ('v.add(p.scale(0.1))', 'f({ a: x, b: 2 })').
      const named = resolveMember(ctx, args[k]);
      const builds = !(named instanceof Map) && objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(p)) !== undefined;
      const object = builds ? lowerObjectValue(ctx, paramName, args[k]) : named;
      if (builds && !object) return;
      if (!(object instanceof Map) || !symbol) {
        ctx.sink.report(p, Messages.UnsupportedType, [
          paramName,
          ctx.checker.typeToString(ctx.checker.getTypeAtLocation(p)),
        ]);
        return;
      }
      bindings.push(() => ctx.objects.set(symbol, object));
      return;
    }
    const position = values.length;
    // An optional parameter passed on takes the default where it is undefined.
    const flag = p.initializer ? presenceFlag(ctx, args[k]) : undefined;
    const fallback = flag && leftOutValue(ctx, p);
    if (flag && !fallback) return;
    values.push(flag && fallback ? givenOrDefault(ctx, args[k], flag, fallback, paramName) : args[k]);
    bindings.push(() => emitAssign(ctx, declareLocal(ctx, symbol, paramName, type), atoms[position]));
  });
  const atoms = lowerOperands(ctx, values, "arg");
  // A callee inlined before with an array of matrices, or records that hold them, may take other values now.
  const inPlace = [ctx.matrixLists, ctx.listedMatrices, ctx.columns, ctx.columnElements];
  for (const p of params) {
    const symbols = ctx.ts.isIdentifier(p.name) ? [parameterSymbol(ctx, p)] : boundSymbols(ctx, p.name);
    for (const symbol of symbols) if (symbol) inPlace.forEach((m) => m.delete(symbol));
  }
  bindings.forEach((bind) => bind());
}

/** The symbols of the names a destructuring pattern binds, nested ones too. */
function boundSymbols(ctx: LowerContext, name: TS.BindingName): (TS.Symbol | undefined)[] {
  if (ctx.ts.isIdentifier(name)) return [ctx.checker.getSymbolAtLocation(name)];
  return name.elements.flatMap((e) => (ctx.ts.isBindingElement(e) ? boundSymbols(ctx, e.name) : []));
}

function calleeName(ctx: LowerContext, call: InlineSite): string {
  return ctx.ts.isCallExpression(call) && ctx.ts.isIdentifier(call.expression) ? call.expression.text : "local";
}

/** Whether a statement returns from the function it is in (a 'return' inside a nested function does not). */
export function containsReturn(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isReturnStatement(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => containsReturn(ts, child) || undefined) ?? false;
}

/** Whether a statement (or one inside it) breaks out of the loop labeled `label`. */
function jumpsTo(s: Stmt, label: string): boolean {
  switch (s.kind) {
    case "break":
      return s.label === label;
    case "if":
      return [...s.then, ...s.else].some((x) => jumpsTo(x, label));
    case "loop":
      return [...s.pre, ...s.body, ...s.update].some((x) => jumpsTo(x, label));
    case "repeat":
      return s.body.some((x) => jumpsTo(x, label));
    default:
      return false;
  }
}

/** Whether every 'return' of a block body (outside nested functions) returns 'this'. */
function returnsOnlyThis(ts: typeof TS, body: TS.Block): boolean {
  let only = true;
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression?.kind !== ts.SyntaxKind.ThisKeyword) only = false;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return only;
}
