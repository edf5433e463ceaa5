/**
 * Lowers TypeScript statements to IR statements (see ir/stmt.ts), keeping jumps as `break` / `continue` / `return`
 * for the structurize pass. Every emitted statement carries the origin of the primal statement it came from.
 *
 *   'for (let i = 0; i < n; i++) body'  →  'i = 0; loop { pre: []; test: i < n; body; update: i = i + 1 }'
 *   'return e'                          →  'result = e; return'
 */
import type * as TS from "typescript";
import {
  alloc,
  binary,
  bool,
  global,
  index,
  isMatrixType,
  isRowType,
  length,
  rowTypeOf,
  num,
  unary,
  v,
  type ArrayType,
  type Expr,
} from "../ir/expr";
import { forEachStmt, isArrayType, type LoopStmt, type Stmt, type VarType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { markerCallOf } from "../collect/markers";
import { lowerValueAndGrad } from "./gradientCalls";
import {
  arrayTypeOf,
  collectStmts,
  declareLocal,
  emitAssign,
  freshTemp,
  objectFieldsOf,
  originOf,
  varTypeOf,
  paramTypeOf,
  isGeneralArrayType,
  type LowerContext,
  type MatrixRow,
  type ObjectBinding,
  type RecordElement,
} from "./context";
import { lowerArraySwapAt } from "./arraySwap";
import { onePassLoop } from "./structurize";
import { declareMaybeUndefined } from "./maybeUndefinedLocals";
import {
  arrayOperand,
  copyArray,
  copyOfRow,
  fieldArray,
  fillWithValues,
  isAllocation,
  lowerArrayInit,
} from "./arrayMethods";
import { reorderedName } from "./reorder";
import { declareTestedRead, isNumberOrUndefined } from "./nullish";
import { arrayName, isMatrixRow, namedRow, resolveMember, skipParentheses, vectorName } from "./arrays";
import { functionName, skipOuterExpressions } from "../collect/resolve";
import { destructuresMath, lowerAtom, lowerIncrement, lowerInto, lowerValue, shorten } from "./expressions";
import { lowerDestructuring, lowerDestructuringAssignment, lowerObjectDestructuringAssignment } from "./destructure";
import { lowerSwitch } from "./switch";
import { lowerThrow } from "./throw";
import { lowerConstruction } from "./construct";
import { localFunctionOf, nameFunction } from "./localFunctions";
import { unsupportedMaker } from "./closures";
import { arrayReturningCallee, inlineArrayCall } from "./arrayCalls";
import {
  bindMatrixRows,
  declareMatrix,
  lowerMatrixInit,
  matrixOperand,
  matrixValue,
  readElement,
  rowCount,
  rowElement,
  rowLength,
  lowerRowSwapAt,
} from "./localMatrices";
import { heldOrBuilt, inlineObjectCall } from "./objectCalls";
import { lowerObjectReduce } from "./objectReduce";
import { bindPosition, inPlaceWalk, positionOf } from "./inPlaceForEach";
import { chosenObject } from "./chosenObject";
import { lowerRecordResult } from "./resultRecords";
import {
  assignReturnedObject,
  declareReassignable,
  declareUnassigned,
  detached,
  fieldVariables,
  isReassigned,
} from "./objectAssign";
import { isConsoleCall, isPrint } from "./prints";
import { mayBeWritten } from "./writesThrough";
import { bindRecord, bindRecordPattern, bindRecordsPattern, recordElement, recordsName } from "./records";
import { bindColumnsPattern, columnFields } from "./recordColumns";
import { declareRecordColumns } from "./localRecords";
import {
  bindInPlaceName,
  inPlaceExpression,
  matrixListType,
  namedListedMatrix,
  refuseReassigned,
  rowCountOf,
  rowOf,
  type ListedMatrix,
} from "./matrixLists";

export function lowerStatements(ctx: LowerContext, statements: readonly TS.Statement[]): void {
  // Function declarations are hoisted: a call may come before the declaration.
  for (const s of statements) {
    const symbol = ctx.ts.isFunctionDeclaration(s) && s.name && ctx.checker.getSymbolAtLocation(s.name);
    if (symbol && s.body) ctx.localFunctions.set(symbol, s as TS.FunctionDeclaration);
  }
  for (let k = 0; k < statements.length; k++) {
    const swapped = lowerArraySwapAt(ctx, statements, k) || lowerRowSwapAt(ctx, statements, k);
    if (swapped > 0) k += swapped - 1;
    else lowerStatement(ctx, statements[k]);
  }
}

function lowerStatement(ctx: LowerContext, node: TS.Statement, label?: string): void {
  const { ts } = ctx;
  const savedOrigin = ctx.origin;
  ctx.origin = originOf(ctx, node);
  try {
    if (ts.isBlock(node)) lowerStatements(ctx, node.statements);
    else if (ts.isVariableStatement(node)) lowerVariables(ctx, node.declarationList);
    // A print has no derivative: the function prints when called, its derivatives do not (a warning says so). One
    // whose arguments may change something cannot be left out.
    else if (ts.isExpressionStatement(node) && isConsoleCall(ts, ctx.checker, node.expression)) {
      if (isPrint(ts, ctx.checker, node.expression)) return;
      ctx.sink.report(node.expression, Messages.PrintWithEffects, [shorten(node.expression.getText(ctx.sourceFile))]);
    } else if (ts.isExpressionStatement(node)) {
      // A swap as a braceless body ('if (odd) [a, b] = [b, a];'): lowerStatements finds the ones in blocks.
      if (lowerArraySwapAt(ctx, [node], 0) === 0) lowerExpressionStatement(ctx, node.expression);
    } else if (ts.isIfStatement(node)) lowerIf(ctx, node);
    else if (ts.isForStatement(node)) lowerFor(ctx, node, label);
    else if (ts.isWhileStatement(node)) lowerWhile(ctx, node, label);
    else if (ts.isDoStatement(node)) lowerDo(ctx, node, label);
    else if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) lowerJump(ctx, node);
    else if (ts.isReturnStatement(node)) lowerReturn(ctx, node);
    else if (ts.isLabeledStatement(node)) lowerLabeled(ctx, node);
    else if (ts.isEmptyStatement(node)) return;
    // A local function is lowered where it is called (lower/localFunctions.ts).
    else if (ts.isFunctionDeclaration(node) && node.body) return;
    // Local types have no run-time effect, so they have no derivative either.
    else if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    else if (ts.isForOfStatement(node) && !node.awaitModifier) lowerForOf(ctx, node, label);
    else if (ts.isSwitchStatement(node)) lowerSwitch(ctx, node, label);
    else if (ts.isThrowStatement(node)) lowerThrow(ctx, node);
    else ctx.sink.report(node, Messages.UnsupportedStatement, [statementKeyword(ctx, node)]);
  } finally {
    ctx.origin = savedOrigin;
  }
}

function statementKeyword(ctx: LowerContext, node: TS.Statement): string {
  if (ctx.ts.isForOfStatement(node)) return "for...of";
  if (ctx.ts.isForInStatement(node)) return "for...in";
  const text = node.getText(ctx.sourceFile);
  const word = /^[A-Za-z]+/.exec(text);
  return word ? word[0] : ctx.ts.SyntaxKind[node.kind];
}

/**
 * 'const a = x[i]' typed 'number | undefined' (under noUncheckedIndexedAccess) that a '??' tests later: a number,
 * with a flag saying whether the read found an element. False for anything else.
 */
function declareMaybeElement(
  ctx: LowerContext,
  list: TS.VariableDeclarationList,
  decl: TS.VariableDeclaration,
): boolean {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(decl.name);
  const numberOrUndefined = isNumberOrUndefined(ctx, ctx.checker.getTypeAtLocation(decl.name));
  if (!(list.flags & ts.NodeFlags.Const) || !symbol || !decl.initializer || !numberOrUndefined) return false;
  const value = declareTestedRead(ctx, symbol, decl.initializer, (decl.name as TS.Identifier).text);
  if (!value) return false;
  emitAssign(ctx, declareLocal(ctx, symbol, (decl.name as TS.Identifier).text, "number"), value);
  return true;
}

function lowerVariables(ctx: LowerContext, list: TS.VariableDeclarationList): void {
  const { ts } = ctx;
  for (const decl of list.declarations) {
    // 'const { sin, exp } = Math': names for Math's members, which their uses resolve (mathMemberName).
    if (destructuresMath(ctx, decl)) continue;
    // 'const W = Ws[l]', 'const L = layers[l]', 'const { W, b } = L': names for one matrix of an array of matrices, an
    // element of records that hold matrices, or their fields.
    const named = decl.initializer;
    if (named && (bindInPlaceName(ctx, decl.name, named) || bindColumnsPattern(ctx, decl.name, named))) continue;
    // 'const pts: P[] = []': records of numbers the function builds, one local array per field.
    if (declareRecordColumns(ctx, decl)) continue;
    const element = decl.initializer && recordElement(ctx, decl.initializer);
    if (element) {
      // 'const o = obs[i]', 'const { t, y } = obs[i]': a name for an element of an array of records, or its fields.
      nameRecord(ctx, decl.name, element, () => decl.getText(ctx.sourceFile));
      continue;
    }
    const records = decl.initializer && recordsName(ctx, decl.initializer);
    if (records !== undefined) {
      // 'const data = obs': another name for the same records ('let' would be given other ones).
      const symbol = ts.isIdentifier(decl.name) ? ctx.checker.getSymbolAtLocation(decl.name) : undefined;
      if (symbol && list.flags & ts.NodeFlags.Const) ctx.names.set(symbol, records);
      else if (!(ts.isArrayBindingPattern(decl.name) && bindRecordsPattern(ctx, decl.name, records)))
        ctx.sink.report(decl, Messages.UnsupportedArrayOperation, [shorten(decl.getText(ctx.sourceFile))]);
      continue;
    }
    // 'const [x, y] = points[i]', 'const r = points[i]' (a '[number, number]'): a matrix's row, named.
    const rowInit = decl.initializer && isMatrixRow(ctx, decl.initializer) ? decl.initializer : undefined;
    const rowPattern = rowInit && ts.isArrayBindingPattern(decl.name) ? decl.name : undefined;
    const rowOf = () => namedRow(ctx, rowInit as TS.Expression);
    if (rowPattern && patternNames(ts, rowPattern)) {
      const row = rowOf();
      if (row) bindRowPattern(ctx, rowPattern, row);
      continue;
    }
    if (ts.isArrayBindingPattern(decl.name) && decl.initializer && bindMatrixRows(ctx, decl.name, decl.initializer)) {
      continue;
    }
    // 'const [v, g] = valueAndGrad(f)(x)': f's value and its gradient.
    if (
      ts.isArrayBindingPattern(decl.name) &&
      decl.initializer &&
      lowerValueAndGrad(ctx, decl.name, decl.initializer)
    ) {
      continue;
    }
    if (!ts.isIdentifier(decl.name)) {
      lowerDestructuring(ctx, decl.name, decl.initializer);
      continue;
    }
    const rowSymbol = ctx.checker.getSymbolAtLocation(decl.name);
    if (rowInit && rowSymbol && ctx.checker.isTupleType(ctx.checker.getTypeAtLocation(decl.name))) {
      const row = rowOf();
      if (row) ctx.rows.set(rowSymbol, row);
      continue;
    }
    // 'const dq = grad(q)': a name for a gradient, called as 'dq(x)' (lower/gradientCalls.ts); no value of its own.
    if (list.flags & ts.NodeFlags.Const && decl.initializer && markerCallOf(ts, ctx.checker, decl.initializer))
      continue;
    const local = localFunctionOf(ctx, decl);
    const localSymbol = local && ctx.checker.getSymbolAtLocation(decl.name);
    if (local && localSymbol) {
      nameFunction(ctx, localSymbol, local);
      continue;
    }
    const type = ctx.checker.getTypeAtLocation(decl.name);
    const declaredType = varTypeOf(ctx, type);
    const evolved = declaredType ? undefined : evolvedArrayType(ctx, decl);
    if (evolved === "refused") continue;
    const varType = declaredType ?? evolved;
    const fields = varType ? undefined : objectFieldsOf(ctx, type);
    if (fields && decl.initializer) {
      lowerObjectDeclaration(ctx, decl.name, decl.initializer);
      continue;
    }
    if (fields && declareUnassigned(ctx, decl.name, fields)) continue;
    if (!varType && (declareMaybeElement(ctx, list, decl) || declareMaybeUndefined(ctx, list, decl))) continue;
    if (!varType) {
      const general = isGeneralArrayType(ctx, type);
      const maker = decl.initializer && unsupportedMaker(ctx, decl.initializer, type);
      if (maker) ctx.sink.report(decl.name, Messages.UnsupportedMaker, [decl.name.text, maker]);
      else {
        const message = general ? Messages.GeneralArrayLocal : Messages.UnsupportedType;
        ctx.sink.report(decl.name, message, [decl.name.text, ctx.checker.typeToString(type)]);
      }
      continue;
    }
    // Lower the initializer first: in 'const x = x0 + 1' it may not read the new x.
    const init = decl.initializer;
    const symbol = ctx.checker.getSymbolAtLocation(decl.name);
    const row = init && isRowType(varType) ? namedRow(ctx, init) : undefined;
    if (row && symbol && isArrayType(varType) && rowStartsRebound(ctx, decl.name, symbol, row)) {
      // 'let h = xs[n]; … h = layer(h)': as 'let h = x' below, h starts as a copy of the row, an array of its own.
      copyOfRow(ctx, row, varType, declareLocal(ctx, symbol, decl.name.text, varType));
      continue;
    }
    if (row && symbol) {
      // 'const row = m[i]': a name for the matrix's row, read element by element where it is used.
      ctx.rows.set(symbol, row);
      continue;
    }
    // 'const s = y.sort(cmp)': y sorted in place, and s another name for it.
    const aliased = init && isArrayType(varType) ? (arrayName(ctx, init) ?? reorderedName(ctx, init)) : undefined;
    const returning = init && isArrayType(varType) && !aliased ? arrayReturningCallee(ctx, init) : undefined;
    if (returning) {
      // 'const p = softmax(z)': p names the array the inlined call returns, a new one or one of the caller's.
      const returned = inlineArrayCall(ctx, returning);
      if (symbol) ctx.names.set(symbol, returned);
      continue;
    }
    const rebound = aliased && isArrayType(varType) && !isMatrixType(varType) && isReassigned(ctx, decl.name);
    if (rebound && symbol && readOnly(ctx, symbol, init)) {
      // 'let h = x; … h = layer(h)': h starts as x and is given new arrays. Nothing writes into either array, so a
      // copy of x reads as x does, and h is a local array of its own, which lowerArrayAssignment may rebind.
      copyArray(ctx, declareLocal(ctx, symbol, decl.name.text, varType), varType, aliased);
      continue;
    }
    if (aliased && symbol) {
      // 'const y = x': y is another name for the same array (and so for the same adjoint), as in JavaScript.
      ctx.names.set(symbol, aliased);
      continue;
    }
    if (init && isMatrixType(varType)) {
      // 'const c: number[][] = []', 'x.map((a) => x.map(…))', 'matmul(a, b)': a matrix the function builds.
      lowerMatrixInit(ctx, symbol, decl.name.text, init);
      continue;
    }
    if (init && isArrayType(varType) && !isAllocation(ctx, init)) {
      // 'const b = a.map(…)', 'a.slice()', 'a.concat(c)', '[x, y]': a new array filled element by element.
      const name = declareLocal(ctx, symbol, decl.name.text, varType);
      if (!lowerArrayInit(ctx, name, varType, init)) reportArrayInit(ctx, init);
      continue;
    }
    if (init) {
      // 'const a = x[9]' that a '??' tests later: with a flag saying whether the read found an element.
      const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
      const tested = isConst && symbol && varType === "number" && declareTestedRead(ctx, symbol, init, decl.name.text);
      const value = tested || lowerValue(ctx, init, decl.name.text);
      const name = declareLocal(ctx, symbol, decl.name.text, varType);
      if (isArrayType(varType) && value.kind !== "alloc") {
        // 'const b = c ? x : y' and other array values that are neither a name nor a new array.
        ctx.sink.report(init, Messages.UnsupportedArrayOperation, [init.getText(ctx.sourceFile)]);
      }
      emitAssign(ctx, name, value);
    } else {
      declareLocal(ctx, symbol, decl.name.text, varType);
    }
  }
}

/**
 * Why an array's initializer cannot be lowered: a method of a value read in place ('layers.map(…)' over records
 * that hold matrices) is TS990112, which says how such a value is read; anything else TS990021.
 */
function reportArrayInit(ctx: LowerContext, init: TS.Expression): void {
  const { ts } = ctx;
  const e = skipParentheses(ts, init);
  const object =
    ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) ? e.expression.expression : undefined;
  const inPlace = object && inPlaceExpression(ctx, object);
  if (object && inPlace) ctx.sink.report(e, Messages.InPlaceValue, [shorten(object.getText(ctx.sourceFile)), inPlace]);
  else ctx.sink.report(init, Messages.UnsupportedArrayOperation, [init.getText(ctx.sourceFile)]);
}

/** What an array holds per element: a number, a flag, or a matrix's row. */
function elementTypeOf(t: VarType): VarType | undefined {
  if (isMatrixType(t)) return rowTypeOf(t);
  return t === "number[]" ? "number" : t === "boolean[]" ? "boolean" : undefined;
}

/**
 * 'const traj = []' without a type, filled by 'traj.push(v)': TypeScript's evolving array, 'any[]' where it is
 * declared and the type of what it was given where it is read ('number[]'). That type, when every read Cotangent
 * can type agrees on it and every value pushed or stored is one of its elements (a read of '.length' alone does not
 * say what the array holds, nor does a never-read array); otherwise TS990122, which asks for the type to be written.
 */
function evolvedArrayType(ctx: LowerContext, decl: TS.VariableDeclaration): VarType | "refused" | undefined {
  const { ts, checker } = ctx;
  const init = decl.initializer && skipParentheses(ts, decl.initializer);
  if (decl.type || !init || !ts.isArrayLiteralExpression(init) || init.elements.length > 0) return undefined;
  if (!ts.isIdentifier(decl.name)) return undefined;
  const symbol = checker.getSymbolAtLocation(decl.name);
  const declared = checker.getTypeAtLocation(decl.name);
  // Only TypeScript's evolving 'any[]' ('[] as P[]' has its type already).
  const [held] = checker.isArrayType(declared) ? checker.getTypeArguments(declared as TS.TypeReference) : [];
  if (!held || !(held.flags & ts.TypeFlags.Any)) return undefined;
  let scope: TS.Node = decl;
  while (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const read = new Map<string, VarType | undefined>();
  // What goes in: each value pushed or stored (an element), each array spread into a push (the array's own type).
  const elements: (VarType | undefined)[] = [];
  const spreads: (VarType | undefined)[] = [];
  const given = new Set<string>();
  const typeOf = (e: TS.Expression) => {
    const type = checker.getTypeAtLocation(e);
    given.add(checker.typeToString(type));
    return varTypeOf(ctx, type);
  };
  const visit = (node: TS.Node): void => {
    if (ts.isIdentifier(node) && node !== decl.name && checker.getSymbolAtLocation(node) === symbol) {
      const parent = node.parent;
      const pushed =
        ts.isPropertyAccessExpression(parent) && parent.name.text === "push" && ts.isCallExpression(parent.parent)
          ? parent.parent
          : undefined;
      const stored =
        ts.isElementAccessExpression(parent) &&
        ts.isBinaryExpression(parent.parent) &&
        parent.parent.left === parent &&
        parent.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
          ? parent.parent
          : undefined;
      for (const arg of pushed?.arguments ?? []) {
        if (ts.isSpreadElement(arg)) spreads.push(typeOf(arg.expression));
        else elements.push(typeOf(arg));
      }
      if (stored) elements.push(typeOf(stored.right));
      const type = checker.getTypeAtLocation(node);
      // Where it is pushed onto, the array is still evolving ('any[]'): only its reads say what it holds.
      if (type !== declared) read.set(checker.typeToString(type), varTypeOf(ctx, type));
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  const [only] = read.values();
  const element = only && isArrayType(only) ? elementTypeOf(only) : undefined;
  const fits =
    read.size === 1 &&
    element !== undefined &&
    elements.every((t) => t === element) &&
    spreads.every((t) => t === only || (t !== undefined && isArrayType(t) && elementTypeOf(t) === element));
  if (fits) return only;
  const quoted = (types: Iterable<string>) => [...types].map((t) => `'${t}'`).join(", ");
  const uses = [read.size > 0 ? `read as ${quoted(read.keys())}` : "never read", `given ${quoted(given) || "nothing"}`];
  const written = read.size === 1 ? [...read.keys()][0] : "number[]";
  ctx.sink.report(decl.name, Messages.EvolvingArray, [decl.name.text, uses.join(", "), written]);
  return "refused";
}

/**
 * An object local is flattened like an object parameter: one variable per field.
 *   'const o = { a: x * 2, v: arr }'  →  'o_a = x * 2', and 'o.v' names 'arr' itself (arrays are references)
 *   'const q = p'                      →  'q' shares p's fields (JavaScript objects are references too)
 */
function lowerObjectDeclaration(ctx: LowerContext, name: TS.Identifier, init: TS.Expression): void {
  if (isReassigned(ctx, name)) return declareReassignable(ctx, name, init);
  const symbol = ctx.checker.getSymbolAtLocation(name);
  const errors = ctx.sink.errorCount();
  const binding = lowerObjectValue(ctx, name.text, init);
  if (binding && symbol) ctx.objects.set(symbol, detached(ctx, name.text, init, binding));
  else if (symbol && ctx.sink.errorCount() > errors) {
    // Refused where it is built: fields standing in for its own, so that reading them ('r.sum') adds no diagnostic.
    const fields = objectFieldsOf(ctx, ctx.checker.getTypeAtLocation(name));
    const standIn = fields && fieldVariables(ctx, name.text, fields);
    if (standIn) ctx.objects.set(symbol, standIn);
  }
}

/**
 * An object's fields as variables. With `copyingRows`, for an object built to be given to a callee that does not write
 * it, a matrix's row in a field is copied (the callee reads the copy as it would the row).
 */
export function lowerObjectValue(
  ctx: LowerContext,
  prefix: string,
  init: TS.Expression,
  copyingRows = false,
): ObjectBinding | undefined {
  const { ts } = ctx;
  let e = init;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  const alias = resolveMember(ctx, e);
  if (alias instanceof Map) return alias;
  if (ts.isNewExpression(e)) {
    // 'new Layer(w, b)': built as its constructor builds it (lower/construct.ts).
    const built = lowerConstruction(ctx, prefix, e);
    if (!built) ctx.sink.report(init, Messages.UnsupportedExpression, [init.getText(ctx.sourceFile)]);
    return built;
  }
  // 'x.reduce((acc, v) => ({ … }), { … })': an accumulator of numbers carried through the walk.
  const reduced = ts.isCallExpression(e) ? lowerObjectReduce(ctx, prefix, e) : undefined;
  if (reduced) return reduced.binding;
  // 'stats(a)', 'polar(x, y)': the object or tuple the inlined callee returns.
  const inlined =
    ts.isCallExpression(e) || ts.isPropertyAccessExpression(e) ? inlineObjectCall(ctx, prefix, e) : undefined;
  if (inlined) return inlined.binding;
  if (ts.isConditionalExpression(e)) return chosenObject(ctx, prefix, e);
  const entries = objectEntries(ctx, e);
  if (!entries) {
    ctx.sink.report(init, Messages.UnsupportedExpression, [init.getText(ctx.sourceFile)]);
    return undefined;
  }
  const binding: ObjectBinding = new Map();
  for (const { property, key, value } of entries) {
    if (ts.isSpreadAssignment(property)) {
      // '{ ...p, w: 2 }': p's fields, copied (numbers are values; arrays and nested objects are shared references).
      const spread = resolveMember(ctx, property.expression);
      if (!(spread instanceof Map)) {
        ctx.sink.report(property, Messages.UnsupportedExpression, [property.getText(ctx.sourceFile)]);
        continue;
      }
      for (const [field, leaf] of spread) {
        const leafType = typeof leaf === "string" ? ctx.locals.get(leaf) : undefined;
        const flag = typeof leaf === "string" ? ctx.presentFields.get(leaf) : undefined;
        if (flag) {
          binding.set(field, spreadOptional(ctx, `${prefix}_${field}`, leaf as string, flag, binding.get(field)));
        } else if (typeof leaf === "string" && leafType && !isArrayType(leafType)) {
          const copy = declareLocal(ctx, undefined, `${prefix}_${field}`, leafType);
          emitAssign(ctx, copy, v(leaf));
          binding.set(field, copy);
        } else {
          binding.set(field, leaf);
        }
      }
      continue;
    }
    if (!key || !value) {
      ctx.sink.report(property, Messages.UnsupportedExpression, [property.getText(ctx.sourceFile)]);
      continue;
    }
    const fieldName = `${prefix}_${key.replace(/[^\w$]/g, "_")}`;
    const valueType = entryType(ctx, value);
    // '{ w: x }' for 'x: ArrayLike<number>': the array it names, whatever its kind, as a parameter of that type is.
    const named = ts.isIdentifier(value) || ts.isPropertyAccessExpression(value);
    const leafType = named ? paramTypeOf(ctx, valueType) : varTypeOf(ctx, valueType);
    if (leafType && isMatrixType(leafType)) {
      // '{ W: [[0.2, -0.5], [0.4, 0.3]] }': a matrix the function builds, or one it names.
      const matrix = matrixValue(ctx, value, () => declareMatrix(ctx, undefined, fieldName));
      if (matrix) binding.set(key, matrix);
    } else if (leafType && isArrayType(leafType)) {
      // '{ y: [a, b] as number[] }': the array literal; its type is the assertion's. '{ e: [] }': a new empty array.
      const literal = skipOuterExpressions(ts, value);
      const empty = () => {
        if (!ts.isArrayLiteralExpression(literal) || literal.elements.length > 0) return undefined;
        const local = declareLocal(ctx, undefined, fieldName, leafType);
        emitAssign(ctx, local, alloc(leafType, num(0)));
        return local;
      };
      const array =
        copyingRows && isMatrixRow(ctx, value) ? arrayOperand(ctx, value) : (empty() ?? fieldArray(ctx, literal));
      if (array) binding.set(key, array);
    } else if (leafType) {
      const local = declareLocal(ctx, undefined, fieldName, leafType);
      lowerInto(ctx, local, value);
      binding.set(key, local);
    } else if (objectFieldsOf(ctx, valueType)) {
      const nested = lowerObjectValue(ctx, fieldName, value, copyingRows);
      if (nested) binding.set(key, detached(ctx, fieldName, value, nested));
    }
  }
  return binding;
}

/**
 * A field's value's type: its own, but for an empty array literal ('{ e: [] }', a 'never[]') the type the object's
 * declared type gives it.
 */
function entryType(ctx: LowerContext, value: TS.Expression): TS.Type {
  const { ts, checker } = ctx;
  const own = checker.getTypeAtLocation(value);
  const e = skipParentheses(ts, value);
  const empty = ts.isArrayLiteralExpression(e) && e.elements.length === 0;
  return (empty && checker.getContextualType(e)) || own;
}

/**
 * '{ a: 1, ...opts }' for an optional number field of opts: the field where opts has it, what came before (or
 * undefined) where it does not, with a flag of its own saying whether the new object has it.
 */
function spreadOptional(
  ctx: LowerContext,
  name: string,
  leaf: string,
  flag: string,
  before: string | ObjectBinding | undefined,
): string {
  const copy = declareLocal(ctx, undefined, name, "number");
  const present = freshTemp(ctx, `${copy}_given`, copy, "boolean");
  const earlier = typeof before === "string" ? before : undefined;
  // A field before it holds a number, unless it is an optional field itself.
  const earlierFlag = earlier === undefined ? undefined : ctx.presentFields.get(earlier);
  const presentBefore = earlier === undefined ? bool(false) : earlierFlag ? v(earlierFlag) : bool(true);
  const then = collectStmts(ctx, () => {
    emitAssign(ctx, copy, v(leaf));
    emitAssign(ctx, present, bool(true));
  });
  const otherwise = collectStmts(ctx, () => {
    emitAssign(ctx, copy, earlier === undefined ? global("undefined") : v(earlier));
    emitAssign(ctx, present, presentBefore);
  });
  ctx.out.push({ kind: "if", test: v(flag), then, else: otherwise, origin: ctx.origin });
  ctx.presentFields.set(copy, present);
  return copy;
}

/** The fields of an object literal, or the elements of a tuple literal (keys '0', '1', …). */
function objectEntries(
  ctx: LowerContext,
  e: TS.Expression,
): { property: TS.Node; key: string | undefined; value: TS.Expression | undefined }[] | undefined {
  const { ts } = ctx;
  if (ts.isArrayLiteralExpression(e)) {
    return e.elements.map((element, k) => ({
      property: element,
      key: ts.isSpreadElement(element) ? undefined : String(k),
      value: ts.isSpreadElement(element) ? undefined : element,
    }));
  }
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  return e.properties.map((property) => ({
    property,
    // '{ w: … }', '{ "a-b": … }', '{ 0: … }': the field's name as the object's type spells it.
    key:
      property.name &&
      (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name))
        ? property.name.text
        : undefined,
    value: ts.isPropertyAssignment(property)
      ? property.initializer
      : ts.isShorthandPropertyAssignment(property)
        ? property.name
        : undefined,
  }));
}

export function lowerExpressionStatement(ctx: LowerContext, expression: TS.Expression): void {
  const { ts } = ctx;
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  // 'i++, j--': each expression in turn, as statements of their own.
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) {
    lowerExpressionStatement(ctx, e.left);
    lowerExpressionStatement(ctx, e.right);
    return;
  }
  const pattern =
    ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken
      ? skipParentheses(ts, e.left)
      : undefined;
  if (pattern && ts.isArrayLiteralExpression(pattern)) {
    lowerDestructuringAssignment(ctx, e as TS.BinaryExpression);
    return;
  }
  if (pattern && ts.isObjectLiteralExpression(pattern)) {
    lowerObjectDestructuringAssignment(ctx, e as TS.BinaryExpression);
    return;
  }
  const operator = ts.isBinaryExpression(e) ? e.operatorToken.kind : undefined;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
    // 'ok && (s += y)', 'done || step()': a short circuit kept for its effect, which is an 'if'.
    const { left, right } = e as TS.BinaryExpression;
    const test = lowerAtom(ctx, left, "cond");
    const origin = ctx.origin;
    const then = collectStmts(ctx, () => lowerExpressionStatement(ctx, right));
    const taken = operator === ts.SyntaxKind.AmpersandAmpersandToken ? test : unary("!", test);
    ctx.out.push({ kind: "if", test: taken, then, else: [], origin });
    return;
  }
  if (ts.isPostfixUnaryExpression(e)) {
    // 'i++' as a statement needs no copy of the old value.
    lowerIncrement(ctx, e.operand, e.operator === ts.SyntaxKind.PlusPlusToken);
    return;
  }
  const value = lowerValue(ctx, e, "t");
  if (value.kind === "call" && !value.callee.startsWith("Math.")) {
    // A call whose result is unused is kept: the callee may write into an array argument (which the generators
    // then refuse), and dropping it would change what the function computes.
    emitAssign(ctx, freshTemp(ctx, `${value.callee.replace(/\W/g, "_")}_result`, "t", "number"), value);
  }
}

function lowerIf(ctx: LowerContext, node: TS.IfStatement): void {
  const test = lowerAtom(ctx, node.expression, "cond");
  const origin = ctx.origin;
  const then = collectStmts(ctx, () => lowerStatement(ctx, node.thenStatement));
  const otherwise = collectStmts(ctx, () => node.elseStatement && lowerStatement(ctx, node.elseStatement));
  ctx.out.push({ kind: "if", test, then, else: otherwise, origin });
}

export function newLoopLabel(ctx: LowerContext, sourceLabel: string | undefined): string {
  return ctx.namer.unique(sourceLabel ?? `loop${ctx.loops.length + 1}`);
}

function lowerLoopBody(ctx: LowerContext, label: string, sourceLabel: string | undefined, body: TS.Statement): Stmt[] {
  ctx.loops.push({ label, sourceLabel });
  try {
    return collectStmts(ctx, () => lowerStatement(ctx, body));
  } finally {
    ctx.loops.pop();
  }
}

function lowerTest(
  ctx: LowerContext,
  condition: TS.Expression | undefined,
): { pre: Stmt[]; test: ReturnType<typeof lowerAtom> } {
  let test = { kind: "bool", value: true } as ReturnType<typeof lowerAtom>;
  const pre = collectStmts(ctx, () => {
    if (condition) test = lowerValue(ctx, condition, "cond");
  });
  return { pre, test };
}

function lowerFor(ctx: LowerContext, node: TS.ForStatement, sourceLabel?: string): void {
  const { ts } = ctx;
  if (node.initializer) {
    if (ts.isVariableDeclarationList(node.initializer)) lowerVariables(ctx, node.initializer);
    else lowerExpressionStatement(ctx, node.initializer);
  }
  const label = newLoopLabel(ctx, sourceLabel);
  const { pre, test } = lowerTest(ctx, node.condition);
  const origin = ctx.origin;
  const body = lowerLoopBody(ctx, label, sourceLabel, node.statement);
  const update = collectStmts(ctx, () => node.incrementor && lowerExpressionStatement(ctx, node.incrementor));
  refuseLoopIn(ctx, pre, node.condition, "test");
  refuseLoopIn(ctx, update, node.incrementor, "update");
  pushLoop(ctx, { kind: "loop", label, pre, test, body, update, doWhile: false, origin });
}

// Lowers 'for (const v of a) body' into 'k = 0; while (k < a.length) { v = a[k]; body; k = k + 1 }', and
// 'for (const [i, v] of a.entries()) body' the same way with 'i = k' first.
function lowerForOf(ctx: LowerContext, node: TS.ForOfStatement, sourceLabel?: string): void {
  const { ts } = ctx;
  const entries = entriesOf(ctx, node);
  const iterated = entries?.array ?? node.expression;
  if (lowerForOfInPlace(ctx, node, sourceLabel, entries)) return;
  const iteratedType = ctx.checker.getTypeAtLocation(iterated);
  if (matrixListType(ctx, iteratedType) || columnFields(ctx, iteratedType)) {
    // 'for (const l of params.layers)': such an array is read in place, from a parameter only.
    const what = [shorten(iterated.getText(ctx.sourceFile)), ctx.checker.typeToString(iteratedType)];
    ctx.sink.report(iterated, Messages.MatricesNotParameter, what);
    return;
  }
  const records = recordsName(ctx, iterated);
  if (records !== undefined) return lowerForOfRecords(ctx, node, records, entries, sourceLabel);
  // Over an array, a row of a matrix ('for (const v of m[i])'), or a matrix's rows ('for (const row of m)').
  const row = namedRow(ctx, iterated);
  const array = row ? undefined : arrayOperand(ctx, iterated);
  const matrix = row || array ? undefined : matrixOperand(ctx, iterated);
  const over = row ?? array;
  const rows = matrix !== undefined && isMatrixType(arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(iterated)));
  const list = node.initializer;
  const decl = ts.isVariableDeclarationList(list) && list.declarations.length === 1 ? list.declarations[0] : undefined;
  if (!over && !rows && ctx.checker.getTypeAtLocation(iterated).flags & ts.TypeFlags.StringLike) {
    ctx.sink.report(node, Messages.UnsupportedStatement, ["for...of"]);
    return;
  }
  const value = entries ? entries.value : decl && ts.isIdentifier(decl.name) ? decl.name : undefined;
  // 'for (const [x, y] of points)': each row's elements named.
  const rowPattern = rows && !entries && decl && ts.isArrayBindingPattern(decl.name) ? decl.name : undefined;
  // The loop as written, for a diagnostic.
  const header = () => `for (${list.getText(ctx.sourceFile)} of ${node.expression.getText(ctx.sourceFile)})`;
  if ((!over && !rows) || !decl || (!entries && !value && !rowPattern)) {
    // 'for (const [a, b] of pairs)', 'for (const layer of net.layers)': the loop's variable would be an array or an
    // object of its own.
    ctx.sink.report(list, Messages.UnsupportedArrayOperation, [header()]);
    return;
  }
  const position = ctx.namer.unique(`${(entries?.index ?? value)?.text ?? "entry"}_index`);
  ctx.locals.set(position, "number");
  emitAssign(ctx, position, num(0));
  const label = newLoopLabel(ctx, sourceLabel);
  const origin = ctx.origin;
  const first: Stmt[] = [];
  if (entries?.index) {
    const counter = declareLocal(ctx, ctx.checker.getSymbolAtLocation(entries.index), entries.index.text, "number");
    first.push({ kind: "assign", target: counter, expr: v(position), origin });
  }
  const symbol = value && ctx.checker.getSymbolAtLocation(value);
  if (over && value) {
    const element = declareLocal(ctx, symbol, value.text, "number");
    const read = () =>
      emitAssign(ctx, element, row ? rowElement(ctx, row, v(position)) : index(array as string, v(position)));
    first.push(...collectStmts(ctx, read));
  } else if (symbol) {
    // The loop's variable names the matrix's row at the loop's position.
    ctx.rows.set(symbol, { matrix: matrix as string, outer: v(position) });
  } else if (rowPattern) {
    const row = { matrix: matrix as string, outer: v(position) };
    let bound = false;
    first.push(...collectStmts(ctx, () => (bound = bindRowPattern(ctx, rowPattern, row))));
    if (!bound) {
      ctx.sink.report(list, Messages.UnsupportedArrayOperation, [header()]);
      return;
    }
  }
  const body = lowerLoopBody(ctx, label, sourceLabel, node.statement);
  const size = row ? rowLength(ctx, row) : array ? length(array) : rowCount(ctx, matrix as string);
  pushPositionLoop(ctx, label, position, size, [...first, ...body], origin);
}

/** 'while (position < size) { body; position = position + 1 }': the loop a 'for … of' becomes. */
export function pushPositionLoop(
  ctx: LowerContext,
  label: string,
  position: string,
  size: Expr,
  body: Stmt[],
  origin: Stmt["origin"],
): void {
  const update: Stmt = { kind: "assign", target: position, expr: binary("+", v(position), num(1)), origin };
  pushLoop(ctx, {
    kind: "loop",
    label,
    pre: [],
    test: binary("<", v(position), size),
    body,
    update: [update],
    doWhile: false,
    origin,
  });
}

/**
 * 'for (const W of Ws)' over an array of matrices, each W a name for one of them; 'for (const row of W)' over the
 * rows of one, each a name for a row of the list's rows (lower/matrixLists.ts); 'for (const layer of layers)' and
 * 'for (const { W, b } of layers)' over records that hold matrices (lower/recordColumns.ts). False for any other loop.
 */
function lowerForOfInPlace(
  ctx: LowerContext,
  node: TS.ForOfStatement,
  sourceLabel?: string,
  entries?: ReturnType<typeof entriesOf>,
): boolean {
  const { ts } = ctx;
  const iterated = entries?.array ?? node.expression;
  const walk = inPlaceWalk(ctx, iterated);
  const matrix = walk ? undefined : namedListedMatrix(ctx, iterated);
  if (!walk && !matrix) return false;
  const list = node.initializer;
  const decl = ts.isVariableDeclarationList(list) && list.declarations.length === 1 ? list.declarations[0] : undefined;
  // 'for (const [l, layer] of layers.entries())': the value and the index named by the pattern, either left out.
  const valueName = entries ? entries.value : decl && ts.isIdentifier(decl.name) ? decl.name : undefined;
  const symbol = valueName && ctx.checker.getSymbolAtLocation(valueName);
  const pattern = !entries && walk?.records && decl && ts.isObjectBindingPattern(decl.name) ? decl.name : undefined;
  const header = () => `for (${list.getText(ctx.sourceFile)} of ${node.expression.getText(ctx.sourceFile)})`;
  if (!decl || (!symbol && !pattern && !entries)) {
    ctx.sink.report(list, Messages.UnsupportedArrayOperation, [header()]);
    return true;
  }
  const position = positionOf(ctx, valueName?.text ?? entries?.index?.text);
  const size = walk ? walk.size : rowCountOf(ctx, matrix as ListedMatrix);
  const label = newLoopLabel(ctx, sourceLabel);
  const origin = ctx.origin;
  let bound = true;
  const first = collectStmts(ctx, () => {
    const at = v(position);
    if (entries?.index) bindPosition(ctx, entries.index, at);
    const named = pattern ?? (symbol ? valueName : undefined);
    if (!named) return;
    if (walk) bound = walk.bind(named, at);
    else
      ctx.rows.set(symbol as TS.Symbol, {
        matrix: (matrix as ListedMatrix).rows,
        outer: rowOf(ctx, matrix as ListedMatrix, at),
      });
  });
  if (!bound) {
    ctx.sink.report(list, Messages.UnsupportedDestructuring, [list.getText(ctx.sourceFile)]);
    return true;
  }
  if (valueName && refuseReassigned(ctx, valueName)) return true;
  const body = lowerLoopBody(ctx, label, sourceLabel, node.statement);
  pushPositionLoop(ctx, label, position, size, [...first, ...body], origin);
  return true;
}

/**
 * 'for (const [i, v] of a.entries())', 'for (const i of a.keys())', 'for (const v of a.values())': the array iterated,
 * and the names given to the index and the value (either may be left out of the pattern, '[, v]'). Undefined for any
 * other loop, or a pattern with defaults, rest or nesting.
 */
function entriesOf(
  ctx: LowerContext,
  node: TS.ForOfStatement,
): { array: TS.Expression; index?: TS.Identifier; value?: TS.Identifier } | undefined {
  const { ts } = ctx;
  const call = node.expression;
  const method =
    ts.isCallExpression(call) && call.arguments.length === 0 && ts.isPropertyAccessExpression(call.expression)
      ? call.expression
      : undefined;
  const list = node.initializer;
  const decl = ts.isVariableDeclarationList(list) && list.declarations.length === 1 ? list.declarations[0] : undefined;
  if (!method || !decl) return undefined;
  const array = method.expression;
  if (method.name.text === "keys" && ts.isIdentifier(decl.name)) return { array, index: decl.name };
  if (method.name.text === "values" && ts.isIdentifier(decl.name)) return { array, value: decl.name };
  if (method.name.text !== "entries" || !ts.isArrayBindingPattern(decl.name) || decl.name.elements.length > 2) {
    return undefined;
  }
  const names = patternNames(ts, decl.name);
  return names && { array, index: names[0], value: names[1] };
}

/**
 * The names an array pattern gives its elements in order ('[i, v]', '[, v]'), undefined where one is left out; undefined
 * for a pattern with defaults, rest or nesting.
 */
export function patternNames(
  ts: typeof TS,
  pattern: TS.ArrayBindingPattern,
): (TS.Identifier | undefined)[] | undefined {
  const names: (TS.Identifier | undefined)[] = [];
  for (const element of pattern.elements) {
    if (ts.isOmittedExpression(element)) names.push(undefined);
    else if (ts.isIdentifier(element.name) && !element.initializer && !element.dotDotDotToken) names.push(element.name);
    else return undefined;
  }
  return names;
}

/**
 * '[a, b]' naming a matrix's row ('for (const [x, y] of points)', '.map(([x, y]) => …)'): each name a local holding
 * its element. False for a pattern with defaults, rest or nesting.
 */
export function bindRowPattern(ctx: LowerContext, pattern: TS.ArrayBindingPattern, row: MatrixRow): boolean {
  const names = patternNames(ctx.ts, pattern);
  if (!names) return false;
  names.forEach((name, j) => {
    if (!name) return;
    const local = declareLocal(ctx, ctx.checker.getSymbolAtLocation(name), name.text, "number");
    emitAssign(ctx, local, readElement(ctx, row, num(j)));
  });
  return true;
}

function lowerWhile(ctx: LowerContext, node: TS.WhileStatement, sourceLabel?: string): void {
  const label = newLoopLabel(ctx, sourceLabel);
  const { pre, test } = lowerTest(ctx, node.expression);
  refuseLoopIn(ctx, pre, node.expression, "test");
  const origin = ctx.origin;
  const body = lowerLoopBody(ctx, label, sourceLabel, node.statement);
  pushLoop(ctx, { kind: "loop", label, pre, test, body, update: [], doWhile: false, origin });
}

function lowerDo(ctx: LowerContext, node: TS.DoStatement, sourceLabel?: string): void {
  const label = newLoopLabel(ctx, sourceLabel);
  const origin = ctx.origin;
  const body = lowerLoopBody(ctx, label, sourceLabel, node.statement);
  const { pre, test } = lowerTest(ctx, node.expression);
  refuseLoopIn(ctx, pre, node.expression, "test");
  pushLoop(ctx, { kind: "loop", label, pre, test, body, update: [], doWhile: true, origin });
}

/**
 * A loop's test and update run as straight-line code in the derivatives: a function inlined there with a loop of its
 * own ('while (dot(m[i], w) > s)', 't += sq(a)[0]') is refused, rather than differentiated wrongly.
 */
function refuseLoopIn(ctx: LowerContext, stmts: readonly Stmt[], node: TS.Expression | undefined, part: string): void {
  let loops = false;
  forEachStmt(stmts, (s) => {
    if (s.kind === "loop") loops = true;
  });
  if (loops && node) ctx.sink.report(node, Messages.LoopInLoopHeader, [shorten(node.getText(ctx.sourceFile)), part]);
}

function pushLoop(ctx: LowerContext, loop: LoopStmt): void {
  ctx.out.push(loop);
}

function lowerJump(ctx: LowerContext, node: TS.BreakStatement | TS.ContinueStatement): void {
  const name = node.label?.text;
  const kind = ctx.ts.isBreakStatement(node) ? "break" : "continue";
  const inner = [...ctx.loops].reverse();
  const loop = name
    ? inner.find((l) => l.sourceLabel === name)
    : inner.find((l) => !l.block && (kind === "break" || !l.switch));
  if (!loop) {
    ctx.sink.report(node, Messages.UnsupportedLabel, [name ?? ""]);
    return;
  }
  // The 'break' that ends a case of a switch lowered to an if / else-if chain: the chain ends there.
  if (loop.switch === "chain") return;
  ctx.out.push({ kind, label: loop.label, origin: ctx.origin });
}

function lowerReturn(ctx: LowerContext, node: TS.ReturnStatement): void {
  // A return from a local function being inlined: its value, then the end of its body.
  const frame = ctx.inlining[ctx.inlining.length - 1];
  if (frame) {
    if (frame.result && node.expression) lowerReturnValue(ctx, frame.result, node.expression, frame.callerArrays);
    if (frame.resultObject && node.expression && !assignReturnedObject(ctx, frame.resultObject, node.expression)) {
      const name = ctx.ts.isClassDeclaration(frame.fn) ? undefined : functionName(ctx.ts, frame.fn);
      ctx.sink.report(node.expression, Messages.ObjectCallReturns, [name ?? "function"]);
    }
    ctx.out.push({ kind: "break", label: frame.label, origin: ctx.origin });
    return;
  }
  if (!node.expression) {
    // 'return;' ends a void function (a callee writing into an output array); others must return a number.
    if (returnsVoid(ctx)) ctx.out.push({ kind: "return", values: [v(ctx.result)], origin: ctx.origin });
    else ctx.sink.report(node, Messages.MissingReturn, [ctx.fn.name?.getText(ctx.sourceFile) ?? "function"]);
    return;
  }
  lowerReturnValue(ctx, ctx.result, node.expression);
  ctx.out.push({ kind: "return", values: [v(ctx.result)], origin: ctx.origin });
}

function returnsVoid(ctx: LowerContext): boolean {
  const signature = ctx.checker.getSignatureFromDeclaration(ctx.fn);
  const type = signature && ctx.checker.getReturnTypeOfSignature(signature);
  return type !== undefined && (type.flags & (ctx.ts.TypeFlags.Void | ctx.ts.TypeFlags.Undefined)) !== 0;
}

/**
 * Assigns the returned value to `result`. An array result is a fresh array filled element by element, so the
 * derivative code never has two names for one array:
 *   'return [a, b]'  →  'result = new Array<number>(2).fill(0); result[0] = a; result[1] = b'
 *   'return out'     →  'result = new Float64Array(out.length); k = 0; while (k < out.length) { result[k] = out[k]; … }'
 * In an inlined function the copy would part the caller's array from the one returned, which JavaScript does not:
 * the arrays in `callerArrays`, which existed before the call, cannot be returned.
 */
export function lowerReturnValue(
  ctx: LowerContext,
  result: string,
  expression: TS.Expression,
  callerArrays?: ReadonlySet<string>,
): void {
  const { ts } = ctx;
  const type = ctx.locals.get(result);
  if (ctx.resultRecord && result === ctx.result) {
    lowerRecordResult(ctx, ctx.resultRecord, expression);
    return;
  }
  if (!isArrayType(type)) {
    lowerInto(ctx, result, expression);
    return;
  }
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
  const returning = arrayReturningCallee(ctx, e);
  const source = returning ? inlineArrayCall(ctx, returning) : vectorName(ctx, e);
  // 'return [a, b]', 'return x.map(cb)', 'return new Float64Array([u, w])': a new array, built in place.
  if (!source && lowerArrayInit(ctx, result, type, e)) return;
  if (!source && returnTuple(ctx, result, type, e)) return;
  if (!source) {
    ctx.sink.report(expression, Messages.UnsupportedArrayOperation, [expression.getText(ctx.sourceFile)]);
    return;
  }
  const frame = ctx.inlining[ctx.inlining.length - 1];
  if (callerArrays?.has(source) && frame) {
    const name = functionName(ts, frame.fn) ?? "function";
    ctx.sink.report(expression, Messages.SeveralArrayReturns, [name, expression.getText(ctx.sourceFile)]);
    return;
  }
  copyArray(ctx, result, type, source);
}

/**
 * Whether a variable declared as a matrix's row ('let h = xs[n]', 'let h = x' for a row x) is given other arrays, and
 * a copy of the row reads as the row: nothing writes into the variable's array, and the matrix is not one the
 * function builds (a parameter's or a constant's rows are never written).
 */
function rowStartsRebound(ctx: LowerContext, name: TS.Identifier, symbol: TS.Symbol, row: MatrixRow): boolean {
  if (ctx.localMatrices.has(row.matrix) || !isReassigned(ctx, name)) return false;
  return !mayBeWritten(ctx.ts, ctx.checker, symbol, false);
}

/** Whether nothing writes into the array `symbol` is declared with ('let h = x'), through any name. */
function readOnly(ctx: LowerContext, symbol: TS.Symbol, init: TS.Expression | undefined): boolean {
  const { ts, checker } = ctx;
  const source = init && skipParentheses(ts, init);
  const sourceSymbol = source && ts.isIdentifier(source) ? checker.getSymbolAtLocation(source) : undefined;
  return !!sourceSymbol && !mayBeWritten(ts, checker, sourceSymbol, false) && !mayBeWritten(ts, checker, symbol, false);
}

/**
 * 'return polar(x, y)', 'return p' for a tuple of numbers ('[number, number]', held or built by an inlined call): its
 * fields stored into the new array `result`. False if `e` is no such tuple.
 */
function returnTuple(ctx: LowerContext, result: string, type: ArrayType, e: TS.Expression): boolean {
  const fields = ctx.checker.isTupleType(ctx.checker.getTypeAtLocation(e)) ? heldOrBuilt(ctx, e, result) : undefined;
  const values = fields ? [...fields.values()] : [];
  const numbers = values.filter(
    (value): value is string => typeof value === "string" && ctx.locals.get(value) === "number",
  );
  if (!fields || numbers.length !== values.length) return false;
  fillWithValues(ctx, result, type, numbers.map(v));
  return true;
}

function lowerLabeled(ctx: LowerContext, node: TS.LabeledStatement): void {
  const { ts } = ctx;
  const inner = node.statement;
  const label = node.label.text;
  if (ts.isForStatement(inner)) lowerFor(ctx, inner, label);
  else if (ts.isWhileStatement(inner)) lowerWhile(ctx, inner, label);
  else if (ts.isDoStatement(inner)) lowerDo(ctx, inner, label);
  else if (ts.isForOfStatement(inner) && !inner.awaitModifier) lowerForOf(ctx, inner, label);
  else if (ts.isSwitchStatement(inner)) lowerSwitch(ctx, inner, label);
  else if (ts.isBlock(inner) || ts.isIfStatement(inner)) lowerLabeledBlock(ctx, inner, label);
  else ctx.sink.report(node.label, Messages.UnsupportedLabel, [label]);
}

/**
 * 'done: { …; if (c) break done; … }': a loop of one pass that 'break done' leaves; a 'break' or 'continue' without
 * a label inside goes past it to the loop or switch around, as in JavaScript.
 */
function lowerLabeledBlock(ctx: LowerContext, node: TS.Statement, sourceLabel: string): void {
  const label = newLoopLabel(ctx, sourceLabel);
  const origin = ctx.origin;
  ctx.loops.push({ label, sourceLabel, block: true });
  try {
    const body = collectStmts(ctx, () => lowerStatement(ctx, node));
    ctx.out.push(onePassLoop(label, body, origin));
  } finally {
    ctx.loops.pop();
  }
}

/**
 * Names an element of an array of records ('const o = obs[i]', 'let o' too: assigning it another element is refused
 * where it is written) or its fields by a pattern ('{ t, y }').
 */
function nameRecord(ctx: LowerContext, name: TS.BindingName, element: RecordElement, text: () => string): void {
  const { ts } = ctx;
  const symbol = ts.isIdentifier(name) ? ctx.checker.getSymbolAtLocation(name) : undefined;
  if (symbol) bindRecord(ctx, symbol, element, (name as TS.Identifier).text);
  else if (!(ts.isObjectBindingPattern(name) && bindRecordPattern(ctx, name, element)))
    ctx.sink.report(name, Messages.UnsupportedArrayOperation, [shorten(text())]);
}

// 'for (const o of obs)', 'for (const { t, y } of obs)', 'for (const [i, o] of obs.entries())' over an array of
// records: a counter, and the loop's variable naming the element at it.
function lowerForOfRecords(
  ctx: LowerContext,
  node: TS.ForOfStatement,
  array: string,
  entries: { index?: TS.Identifier; value?: TS.Identifier } | undefined,
  sourceLabel?: string,
): void {
  const { ts } = ctx;
  const list = node.initializer;
  const decl = ts.isVariableDeclarationList(list) && list.declarations.length === 1 ? list.declarations[0] : undefined;
  const name = entries ? entries.value : decl?.name;
  if (!ts.isVariableDeclarationList(list) || (!entries && !name)) {
    ctx.sink.report(list, Messages.UnsupportedArrayOperation, [shorten(list.getText(ctx.sourceFile))]);
    return;
  }
  const position = ctx.namer.unique(`${name && ts.isIdentifier(name) ? name.text : array}_index`);
  ctx.locals.set(position, "number");
  emitAssign(ctx, position, num(0));
  const label = newLoopLabel(ctx, sourceLabel);
  const origin = ctx.origin;
  const first = collectStmts(ctx, () => {
    if (entries?.index) {
      const counter = declareLocal(ctx, ctx.checker.getSymbolAtLocation(entries.index), entries.index.text, "number");
      emitAssign(ctx, counter, v(position));
    }
    if (name) nameRecord(ctx, name, { array, index: v(position) }, () => list.getText(ctx.sourceFile));
  });
  const body = lowerLoopBody(ctx, label, sourceLabel, node.statement);
  pushLoop(ctx, {
    kind: "loop",
    label,
    pre: [],
    test: binary("<", v(position), length(array)),
    body: [...first, ...body],
    update: [{ kind: "assign", target: position, expr: binary("+", v(position), num(1)), origin }],
    doWhile: false,
    origin,
  });
}
