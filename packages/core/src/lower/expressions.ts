/**
 * Lowers TypeScript expressions to elementary form: every differentiable operation gets its own statement whose
 * operands are atoms (variables, numbers, `Math` constants).
 *
 *   'y = Math.sin(x * i) * w'  →  'x_times_i = x * i; sin_x_times_i = Math.sin(x_times_i); y = sin_x_times_i * w'
 *
 * Forms produced: `t = atom`, `t = -a`, `t = a op b` (arithmetic or comparison), `t = Math.f(a, …)`,
 * `t = g(a, …)` for a function with source, and boolean tests built from comparisons, `&&`, `||`, `!`.
 * `?:`, and `&&`/`||` whose right side needs statements, become `if` statements so that short-circuiting holds.
 */
import type * as TS from "typescript";
import {
  binary,
  bool,
  callsWhere,
  exprEquals,
  global,
  isAtom,
  length,
  num,
  str,
  unary,
  v,
  varsOf,
  type ArithmeticOp,
  type BitwiseOp,
  type Expr,
} from "../ir/expr";
import { expressionsOf, forEachStmt, isArrayType, type Stmt, type VarType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { RUNTIME_ALIAS } from "../program/files";
import { mathConstants, numberConstants } from "../rules/table";
import {
  collectStmts,
  emitAssign,
  freshTemp,
  isObjectType,
  optionalObjectFields,
  symbolOfIdentifier,
  varTypeOf,
  type LowerContext,
} from "./context";
import { binaryOperatorOf, compoundOperatorOf } from "./operators";
import { lowerCall } from "./calls";
import { calledGetter } from "./methods";
import { inlineLocalCall } from "./localFunctions";
import { arrayOperand } from "./arrayMethods";
import {
  arrayName,
  captureExternal,
  lowerElementRead,
  lowerElementWrite,
  lowerNew,
  matrixRow,
  lowerElementIncrement,
  resolveMember,
  skipParentheses,
  writeFieldByKey,
} from "./arrays";
import { matrixOperand, rowCount, rowLength } from "./localMatrices";
import { readOffObjectCall } from "./objectCalls";
import { lowerObjectAssignment } from "./objectAssign";
import { lowerExpressionStatement } from "./statements";
import { assignWithPresence, lowerNullish, lowerPresenceTest } from "./nullish";
import { lowerLogicalAssignment } from "./logicalAssignments";
import { lowerArrayAssignment } from "./arrayAssign";
import { recordField, recordIdentity, recordsLength, repointRecord } from "./records";
import { matrixListLength } from "./matrixLists";
import { columnNumber, columnsLength } from "./recordColumns";
import { columnIdentity, incrementColumnField, writeColumnField } from "./localRecords";
import { encloses } from "./outsideNames";

const OP_WORDS: Record<ArithmeticOp, string> = {
  "+": "plus",
  "-": "minus",
  "*": "times",
  "/": "over",
  "%": "mod",
  "**": "pow",
};

/** Bitwise operations give numbers (integers): 'a[q & 1]', 'a[(lo + hi) >> 1]'. */
const BITWISE_WORDS: Record<BitwiseOp, string> = {
  "&": "and",
  "|": "or",
  "^": "xor",
  "<<": "shl",
  ">>": "shr",
  ">>>": "ushr",
};

/** Operations whose adjoint reads no primal value; only these may overwrite one of their own operands. */
const VALUE_FREE_OPS: ReadonlySet<string> = new Set(["+", "-"]);

/** A short readable name for an atom, used to build temporaries' names. */
function atomName(e: Expr): string {
  switch (e.kind) {
    case "var":
      return e.name;
    case "num":
      return Number.isInteger(e.value) && e.value >= 0 ? String(e.value) : "c";
    case "global":
      return e.path.replace(/^Math\./, "").toLowerCase();
    case "bool":
      return String(e.value);
    default:
      return "t";
  }
}

export function derivedName(e: Expr): string {
  switch (e.kind) {
    case "binary": {
      const word = OP_WORDS[e.op as ArithmeticOp] ?? BITWISE_WORDS[e.op as BitwiseOp];
      return word ? `${atomName(e.left)}_${word}_${atomName(e.right)}` : "cond";
    }
    case "unary":
      return e.op === "-" ? `neg_${atomName(e.arg)}` : e.op === "~" ? `not_${atomName(e.arg)}` : "cond";
    case "call":
      return [e.callee.replace(/^Math\./, ""), ...e.args.map(atomName)].join("_");
    case "index":
      return `${e.array}_${atomName(e.index)}`;
    case "field":
      return [e.array, atomName(e.index), ...e.path, ...(e.at ? [atomName(e.at)] : [])].join("_");
    case "length":
      return `${e.array}_length`;
    default:
      return atomName(e);
  }
}

/** Lowers `node` to an atom, emitting statements for its operations. */
export function lowerAtom(ctx: LowerContext, node: TS.Expression, hint: string): Expr {
  const value = lowerValue(ctx, node, hint);
  if (isAtom(value)) return value;
  if (value.kind === "index") {
    // Straight-line code only: the current list, then enclosing ones while they continue it.
    const lists = [ctx.out];
    for (let k = ctx.enclosing.length - 1; k >= 0 && ctx.enclosing[k].straightLine; k--)
      lists.push(ctx.enclosing[k].list);
    const earlier = earlierRead(lists, value);
    if (earlier) return v(earlier);
  }
  const flag = isBooleanExpr(value) || (value.kind === "index" && ctx.locals.get(value.array) === "boolean[]");
  const type = flag ? "boolean" : value.kind === "alloc" ? value.type : "number";
  const temp = freshTemp(ctx, derivedName(value), hint, type);
  emitAssign(ctx, temp, value);
  return v(temp);
}

/**
 * Lowers operands left to right to atoms. An earlier operand read from a variable that a later operand assigns is
 * copied first, since JavaScript has already read it: 'a * (a = y)', 'c + c++', '--a * ++a'.
 */
export function lowerOperands(ctx: LowerContext, operands: readonly (TS.Expression | Expr)[], hint: string): Expr[] {
  const atoms: Expr[] = [];
  for (const operand of operands) {
    let atom: Expr = num(0);
    const stmts = collectStmts(
      ctx,
      () => {
        atom =
          "kind" in operand && typeof operand.kind === "string"
            ? (operand as Expr)
            : lowerAtom(ctx, operand as TS.Expression, hint);
      },
      true,
    );
    const assigned = new Set<string>();
    forEachStmt(stmts, (s) => s.kind === "assign" && assigned.add(s.target));
    for (let i = 0; i < atoms.length; i++) {
      const earlier = atoms[i];
      if (earlier.kind !== "var" || !assigned.has(earlier.name)) continue;
      const copy = freshTemp(ctx, `${earlier.name}_read`, hint, ctx.locals.get(earlier.name) ?? "number");
      emitAssign(ctx, copy, earlier);
      atoms[i] = v(copy);
    }
    ctx.out.push(...stmts);
    atoms.push(atom);
  }
  return atoms;
}

/** Lowers `node` and assigns it to `target`: `target = <one operation>`. */
export function lowerInto(ctx: LowerContext, target: string, node: TS.Expression): void {
  assignValue(ctx, target, lowerValue(ctx, node, target));
}

/** Emits `target = value`, through a temporary when the operation reads `target` and its adjoint needs values. */
export function assignValue(ctx: LowerContext, target: string, value: Expr): void {
  const readsTarget = operandsOf(value).some((o) => o.kind === "var" && o.name === target);
  const valueFree =
    (value.kind === "binary" && VALUE_FREE_OPS.has(value.op)) || (value.kind === "unary" && value.op === "-");
  if (readsTarget && !valueFree && !isAtom(value)) {
    const temp = freshTemp(ctx, derivedName(value), target, isBooleanExpr(value) ? "boolean" : "number");
    emitAssign(ctx, temp, value);
    emitAssign(ctx, target, v(temp));
  } else {
    emitAssign(ctx, target, value);
  }
}

function operandsOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "binary":
      return [e.left, e.right];
    case "unary":
      return [e.arg];
    case "call":
      return e.args;
    default:
      return [e];
  }
}

/** Whether `e` is a test: a boolean literal, `!`, or a binary operator that is not arithmetic (`<`, `===`, `&&`, …). */
export function isBooleanExpr(e: Expr): boolean {
  if (e.kind === "bool") return true;
  if (e.kind === "unary") return e.op === "!";
  if (e.kind === "binary") return !(e.op in OP_WORDS) && !(e.op in BITWISE_WORDS);
  return false;
}

/** Lowers `node` to one operation over atoms (or an atom). */
export function lowerValue(ctx: LowerContext, node: TS.Expression, hint: string): Expr {
  const { ts } = ctx;
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node)
  ) {
    return lowerValue(ctx, node.expression, hint);
  }
  if (ts.isSatisfiesExpression(node)) return lowerValue(ctx, node.expression, hint);
  if (ts.isNumericLiteral(node)) return num(Number(node.text));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return str(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return bool(true);
  if (node.kind === ts.SyntaxKind.FalseKeyword) return bool(false);
  if (ts.isIdentifier(node)) return lowerIdentifier(ctx, node);
  if (ts.isPropertyAccessExpression(node)) return lowerPropertyAccess(ctx, node);
  if (ts.isPrefixUnaryExpression(node)) return lowerPrefix(ctx, node, hint);
  if (ts.isPostfixUnaryExpression(node)) return lowerPostfix(ctx, node, hint);
  if (ts.isBinaryExpression(node)) return lowerBinary(ctx, node, hint);
  if (ts.isConditionalExpression(node)) return lowerConditional(ctx, node, hint);
  if (ts.isCallExpression(node)) return lowerCall(ctx, node, hint);
  if (ts.isElementAccessExpression(node)) return lowerElementRead(ctx, node);
  if (ts.isNewExpression(node)) return lowerNew(ctx, node);
  return unsupported(ctx, node);
}

function unsupported(ctx: LowerContext, node: TS.Node): Expr {
  ctx.sink.report(node, Messages.UnsupportedExpression, [shorten(node.getText(ctx.sourceFile))]);
  return num(0);
}

export function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 50 ? `${oneLine.slice(0, 47)}...` : oneLine;
}

function lowerIdentifier(ctx: LowerContext, node: TS.Identifier): Expr {
  const { ts } = ctx;
  if (node.text === "undefined") return unsupported(ctx, node);
  if (node.text === "Infinity" || node.text === "NaN") return global(node.text);
  const symbol = symbolOfIdentifier(ctx, node);
  if (symbol && (ctx.objects.has(symbol) || ctx.rows.has(symbol))) {
    const decl = symbol.valueDeclaration;
    const options = decl && ts.isParameter(decl) ? optionalObjectFields(ctx, decl) : undefined;
    if (options) ctx.sink.report(node, Messages.OptionsObjectValue, [node.text, options[0].key]);
    else ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.text]);
    return num(0);
  }
  const local = symbol && ctx.names.get(symbol);
  if (local && isArrayType(ctx.locals.get(local))) {
    // A whole array as a value (aliasing, passing it on): only its elements and length can be used.
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [node.text]);
    return num(0);
  }
  if (local) return v(local);
  // 'PI' of 'const { PI } = Math' declared in the function: Math's constant.
  const fromMath = mathMemberName(ctx, node);
  if (fromMath !== undefined && mathConstants.has(`Math.${fromMath}`)) return global(`Math.${fromMath}`);
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(node));
  if (!symbol || !type || symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))
    return unsupported(ctx, node);
  // A value captured from an enclosing scope: a constant of the differentiated function.
  captureExternal(ctx, node, symbol);
  return v(node.text);
}

function lowerPropertyAccess(ctx: LowerContext, node: TS.PropertyAccessExpression): Expr {
  const recordRead = columnNumber(ctx, node) ?? recordField(ctx, node);
  if (recordRead) return recordRead;
  if (node.name.text === "length") {
    const records = columnsLength(ctx, node.expression) ?? recordsLength(ctx, node.expression);
    if (records) return records;
    const listed = matrixListLength(ctx, node.expression);
    if (listed) return listed;
    const row = matrixRow(ctx, node.expression);
    if (row) return rowLength(ctx, row);
    const matrix = matrixOperand(ctx, node.expression);
    if (matrix) return rowCount(ctx, matrix);
    const array = arrayName(ctx, node.expression) ?? arrayOperand(ctx, node.expression);
    if (array) return length(array);
    // A tuple's length is its type's.
    const type = ctx.checker.getTypeAtLocation(node.expression);
    if (resolveMember(ctx, node.expression) instanceof Map && ctx.checker.isTupleType(type)) {
      return num(ctx.checker.getTypeArguments(type as TS.TypeReference).length);
    }
  }
  // 'shape.area' where 'area' is a getter: its body, inlined with 'this' the object's fields.
  const getter = calledGetter(ctx, node);
  if (getter) return inlineLocalCall(ctx, getter.getter, node, node.name.text, getter.self);
  const offCall = readOffObjectCall(ctx, node);
  if (offCall) return offCall;
  const member = resolveMember(ctx, node);
  if (typeof member === "string" && !isArrayType(ctx.locals.get(member))) return v(member);
  if (member !== undefined) {
    // A whole object or array as a value: only numeric fields and array elements can be used.
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  const path = node.getText(ctx.sourceFile);
  if (mathConstants.has(path) && isMathObject(ctx, node.expression)) return global(path);
  if (numberConstants.has(path) && isGlobalObject(ctx, node.expression, "Number")) return global(path);
  // A numeric enum member ('Act.Relu') is a constant the compiler knows: the generated code holds its value.
  const constant = enumValue(ctx, node);
  if (constant !== undefined) return num(constant);
  const outer = outerField(ctx, node);
  if (outer) return outer;
  return unsupported(ctx, node);
}

/**
 * A number, boolean or string field of a variable declared outside the function ('config.rate', 'lib.SCALE' through
 * a namespace import, 'settings.solver.tol'): read at call time as a constant, as the variable itself would be.
 */
function outerField(ctx: LowerContext, node: TS.PropertyAccessExpression): Expr | undefined {
  const { ts } = ctx;
  let root: TS.Expression = node;
  for (; ts.isPropertyAccessExpression(root); root = root.expression) {
    // A getter or setter runs code on each access, which generated code would repeat (TS990039).
    const field = ctx.checker.getSymbolAtLocation(root.name);
    if (!field || field.flags & ts.SymbolFlags.Accessor) return undefined;
  }
  if (!ts.isIdentifier(root) || root.text === "arguments") return undefined;
  const symbol = symbolOfIdentifier(ctx, root);
  if (!symbol || ctx.names.has(symbol) || ctx.objects.has(symbol) || !declaredOutside(ctx, symbol)) return undefined;
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(node));
  if (!type || isArrayType(type)) return undefined;
  captureExternal(ctx, root, symbol);
  return global(node.getText(ctx.sourceFile).replace(/\s+/g, ""));
}

/** Whether every declaration of `symbol` is outside the function being lowered and the functions inlined into it. */
export function declaredOutside(ctx: LowerContext, symbol: TS.Symbol): boolean {
  const functions: TS.Node[] = [ctx.fn, ...ctx.inlining.map((frame) => frame.fn)];
  const inside = (d: TS.Declaration) => functions.some((fn) => encloses(fn, d));
  return (symbol.declarations ?? []).length > 0 && !(symbol.declarations ?? []).some(inside);
}

/** The value of a numeric enum member, const or not ('Act.Relu'). */
function enumValue(ctx: LowerContext, node: TS.Expression): number | undefined {
  const symbol = ctx.checker.getSymbolAtLocation(node);
  const member = symbol && symbol.flags & ctx.ts.SymbolFlags.EnumMember ? symbol.valueDeclaration : undefined;
  const value = member && ctx.ts.isEnumMember(member) ? ctx.checker.getConstantValue(member) : undefined;
  return typeof value === "number" ? value : undefined;
}

export function isMathObject(ctx: LowerContext, node: TS.Expression): boolean {
  return isGlobalObject(ctx, node, "Math");
}

/**
 * The name of the member of Math `callee` is: 'Math.sin', or 'sin' declared by 'const { sin, cos: c } = Math' (a
 * 'const', so that it still names the function where it is called).
 */
export function mathMemberName(ctx: LowerContext, callee: TS.Expression): string | undefined {
  const { ts } = ctx;
  if (ts.isPropertyAccessExpression(callee)) return isMathObject(ctx, callee.expression) ? callee.name.text : undefined;
  const symbol = ts.isIdentifier(callee) ? ctx.checker.getSymbolAtLocation(callee) : undefined;
  const given = symbol && ctx.mathFunctions.get(symbol);
  if (given) return given;
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isBindingElement(declaration) || declaration.dotDotDotToken) return undefined;
  const holder = declaration.parent.parent;
  const key = declaration.propertyName ?? declaration.name;
  return ts.isVariableDeclaration(holder) && destructuresMath(ctx, holder) && ts.isIdentifier(key)
    ? key.text
    : undefined;
}

/** 'const { sin, PI } = Math': a declaration naming Math's members, each still naming it where it is used. */
export function destructuresMath(ctx: LowerContext, declaration: TS.VariableDeclaration): boolean {
  const { ts } = ctx;
  return (
    ts.isObjectBindingPattern(declaration.name) &&
    declaration.initializer !== undefined &&
    isMathObject(ctx, declaration.initializer) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}

/** The global object named `name` ('Math', 'Number'), not a local variable of that name. */
export function isGlobalObject(ctx: LowerContext, node: TS.Expression, name: string): boolean {
  if (!ctx.ts.isIdentifier(node) || node.text !== name) return false;
  const symbol = ctx.checker.getSymbolAtLocation(node);
  // The global object, not a variable of this file with its name.
  return (
    !symbol ||
    !symbol.declarations?.some((d) => d.getSourceFile() === ctx.sourceFile && !d.getSourceFile().isDeclarationFile)
  );
}

function lowerPrefix(ctx: LowerContext, node: TS.PrefixUnaryExpression, hint: string): Expr {
  const { ts } = ctx;
  switch (node.operator) {
    case ts.SyntaxKind.MinusToken: {
      const arg = lowerAtom(ctx, node.operand, hint);
      return arg.kind === "num" ? num(-arg.value) : unary("-", arg);
    }
    case ts.SyntaxKind.PlusToken:
      return lowerAtom(ctx, node.operand, hint);
    case ts.SyntaxKind.ExclamationToken:
      return unary("!", lowerAtom(ctx, node.operand, "cond"));
    case ts.SyntaxKind.TildeToken:
      return unary("~", lowerAtom(ctx, node.operand, hint));
    case ts.SyntaxKind.PlusPlusToken:
    case ts.SyntaxKind.MinusMinusToken:
      return lowerIncrement(ctx, node.operand, node.operator === ts.SyntaxKind.PlusPlusToken);
    default:
      ctx.sink.report(node, Messages.UnsupportedOperator, [ts.tokenToString(node.operator) ?? "?"]);
      return num(0);
  }
}

/** '++x' / '--x': 'x = x + 1'; returns the new value. */
export function lowerIncrement(ctx: LowerContext, operand: TS.Expression, increment: boolean): Expr {
  const field = incrementColumnField(ctx, operand, increment, false, "value");
  if (field) return field;
  const element = arrayElement(ctx, operand);
  if (element) return lowerElementIncrement(ctx, element, increment, false, "value");
  const target = assignmentTarget(ctx, operand);
  if (!target) return num(0);
  emitAssign(ctx, target, binary(increment ? "+" : "-", v(target), num(1)));
  return v(target);
}

/** 'a[i]' as an operand of '++' or '--': an element of an array, not a flattened object's field ('p[0]' of a tuple). */
function arrayElement(ctx: LowerContext, operand: TS.Expression): TS.ElementAccessExpression | undefined {
  const node = skipParentheses(ctx.ts, operand);
  if (!ctx.ts.isElementAccessExpression(node)) return undefined;
  const member = resolveMember(ctx, node);
  return typeof member === "string" && !isArrayType(ctx.locals.get(member)) ? undefined : node;
}

function lowerPostfix(ctx: LowerContext, node: TS.PostfixUnaryExpression, hint: string): Expr {
  const increment = node.operator === ctx.ts.SyntaxKind.PlusPlusToken;
  const field = incrementColumnField(ctx, node.operand, increment, true, hint);
  if (field) return field;
  const element = arrayElement(ctx, node.operand);
  if (element) return lowerElementIncrement(ctx, element, increment, true, hint);
  const target = assignmentTarget(ctx, node.operand);
  if (!target) return num(0);
  const old = freshTemp(ctx, `${target}_old`, hint, "number");
  emitAssign(ctx, old, v(target));
  emitAssign(ctx, target, binary(node.operator === ctx.ts.SyntaxKind.PlusPlusToken ? "+" : "-", v(old), num(1)));
  return v(old);
}

/** The IR name of an assignable local, or a diagnostic. */
export function assignmentTarget(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = resolveMember(ctx, node);
    if (typeof member !== "string" || isArrayType(ctx.locals.get(member))) {
      unsupported(ctx, node);
      return undefined;
    }
    if (ctx.params.has(member)) {
      ctx.sink.report(node, Messages.ArrayParameterWrite, [node.getText(ctx.sourceFile)]);
      return undefined;
    }
    return member;
  }
  if (!ts.isIdentifier(node)) {
    unsupported(ctx, node);
    return undefined;
  }
  const symbol = ctx.checker.getSymbolAtLocation(node);
  const local = symbol && ctx.names.get(symbol);
  if (!local) {
    // A variable declared in the function without a lowering had its declaration refused already.
    const scopes = [ctx.fn, ...ctx.inlining.map((frame) => frame.fn)];
    const inside = symbol?.declarations?.some((d) => scopes.some((fn) => encloses(fn, d)));
    if (!inside) ctx.sink.report(node, Messages.AssignmentToOuterVariable, [node.text]);
    else if (symbol && ctx.rows.has(symbol)) {
      // A name for a matrix's row ('let h = m[1]' where m's rows are written, or h's elements): no array of its own.
      const declaration = symbol.valueDeclaration;
      const init = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
      const row = init ? shorten(init.getText()) : node.text;
      const matrix = ctx.rows.get(symbol)?.matrix ?? "";
      ctx.sink.report(node.parent, Messages.RowAsArray, [row, matrix, `'${node.text}' is given other arrays`]);
    } else if (symbol && ctx.records.has(symbol)) {
      // A record's name is no variable of its own ('o = obs[1]').
      ctx.sink.report(node.parent, Messages.UnsupportedArrayOperation, [shorten(node.parent.getText(ctx.sourceFile))]);
    }
    return undefined;
  }
  return local;
}

function lowerBinary(ctx: LowerContext, node: TS.BinaryExpression, hint: string): Expr {
  const { ts } = ctx;
  const kind = node.operatorToken.kind;
  const assigns = kind === ts.SyntaxKind.EqualsToken || compoundOperatorOf(ts, kind) !== undefined;
  const keyed = assigns ? (writeFieldByKey(ctx, node) ?? writeColumnField(ctx, node, hint)) : undefined;
  if (keyed) return keyed;
  const element = assigns ? arrayElement(ctx, node.left) : undefined;
  if (element) return lowerElementWrite(ctx, element, node, hint);
  if (kind === ts.SyntaxKind.EqualsToken) {
    if (repointRecord(ctx, node)) return num(0);
    const object = lowerObjectAssignment(ctx, node);
    if (object) return object;
    const target = assignmentTarget(ctx, node.left);
    if (!target) return num(0);
    if (isArrayType(ctx.locals.get(target))) {
      lowerArrayAssignment(ctx, target, node);
      return num(0);
    }
    assignWithPresence(ctx, target, node.left, node.right);
    return v(target);
  }
  const compound = compoundOperatorOf(ts, kind);
  if (compound) {
    const target = assignmentTarget(ctx, node.left);
    if (!target) return num(0);
    requireNumber(ctx, node.right);
    // JavaScript reads the target before evaluating the right side, which may assign it.
    const [current, right] = lowerOperands(ctx, [v(target), node.right], target);
    assignValue(ctx, target, binary(compound, current, right));
    return v(target);
  }
  if (kind === ts.SyntaxKind.CommaToken) {
    // '(a = f(x), a * a)': the left for its effect, then the right's value.
    lowerExpressionStatement(ctx, node.left);
    return lowerValue(ctx, node.right, hint);
  }
  if (kind === ts.SyntaxKind.QuestionQuestionToken) return lowerNullish(ctx, node, hint);
  const presence = lowerPresenceTest(ctx, node) ?? lowerLogicalAssignment(ctx, node);
  if (presence) return presence;
  const op = binaryOperatorOf(ts, kind);
  if (!op) {
    ctx.sink.report(node.operatorToken, Messages.UnsupportedOperator, [node.operatorToken.getText(ctx.sourceFile)]);
    return num(0);
  }
  if (op === "&&" || op === "||") return lowerLogical(ctx, node, op);
  if (op === "===" || op === "!==" || op === "==" || op === "!=") {
    // 'q !== p' for elements of records compares the objects; other objects Cotangent holds as their fields.
    const equal = op === "===" || op === "==";
    const identity = recordIdentity(ctx, node, equal) ?? columnIdentity(ctx, node, equal);
    if (identity) return identity;
    if (comparesObjects(ctx, node)) {
      ctx.sink.report(node, Messages.ObjectIdentity, [shorten(node.getText(ctx.sourceFile))]);
      return bool(false);
    }
  }
  if (op in OP_WORDS) {
    requireNumber(ctx, node.left);
    requireNumber(ctx, node.right);
  }
  const [left, right] = lowerOperands(ctx, [node.left, node.right], hint);
  return binary(op, left, right);
}

/** Whether both sides of 'p === q' are objects (parameters, locals, elements given to a helper). */
function comparesObjects(ctx: LowerContext, node: TS.BinaryExpression): boolean {
  const isObject = (e: TS.Expression) => {
    const type = ctx.checker.getTypeAtLocation(e);
    return isObjectType(ctx, type) && !ctx.checker.isArrayLikeType(type) && type.getCallSignatures().length === 0;
  };
  return isObject(node.left) && isObject(node.right);
}

/** Arithmetic must be on numbers: `+` on strings, `any` or objects has no derivative. */
export function requireNumber(ctx: LowerContext, node: TS.Expression): void {
  const type = ctx.checker.getTypeAtLocation(node);
  if (varTypeOf(ctx, type) !== "number") {
    ctx.sink.report(node, Messages.UnsupportedType, [
      shorten(node.getText(ctx.sourceFile)),
      ctx.checker.typeToString(type),
    ]);
  }
}

/** What is stored into an array of `type` must be of its elements' type: a flag into a 'boolean[]', else a number. */
export function requireElement(ctx: LowerContext, type: VarType | undefined, node: TS.Expression): void {
  if (type !== "boolean[]") return requireNumber(ctx, node);
  const valueType = ctx.checker.getTypeAtLocation(node);
  if (varTypeOf(ctx, valueType) !== "boolean") {
    ctx.sink.report(node, Messages.UnsupportedType, [
      shorten(node.getText(ctx.sourceFile)),
      ctx.checker.typeToString(valueType),
    ]);
  }
}

// Lowers 'a && f(b)' into 'c = a; if (c) { c = f(b) }' when the right side needs statements, keeping short-circuiting.
function lowerLogical(ctx: LowerContext, node: TS.BinaryExpression, op: "&&" | "||"): Expr {
  const boolean = (side: TS.Expression) => varTypeOf(ctx, ctx.checker.getTypeAtLocation(side)) === "boolean";
  if (!boolean(node.left) || !boolean(node.right)) {
    ctx.sink.report(node, Messages.LogicalOnValues, [shorten(node.getText(ctx.sourceFile)), op]);
  }
  const left = lowerAtom(ctx, node.left, "cond");
  let right: Expr = bool(false);
  const rightStmts = collectStmts(ctx, () => {
    right = lowerValue(ctx, node.right, "cond");
  });
  if (rightStmts.length === 0) return binary(op, left, right);
  const temp = freshTemp(ctx, "cond", "cond", "boolean");
  emitAssign(ctx, temp, left);
  const evaluateRight = [...rightStmts, { kind: "assign" as const, target: temp, expr: right, origin: ctx.origin }];
  ctx.out.push({
    kind: "if",
    test: op === "&&" ? v(temp) : unary("!", v(temp)),
    then: evaluateRight,
    else: [],
    origin: ctx.origin,
  });
  return v(temp);
}

// Lowers 'y = c ? a : b' into 'if (c) { y = a } else { y = b }'.
function lowerConditional(ctx: LowerContext, node: TS.ConditionalExpression, hint: string): Expr {
  const test = lowerAtom(ctx, node.condition, "cond");
  const type = varTypeOf(ctx, ctx.checker.getTypeAtLocation(node)) ?? "number";
  const temp = freshTemp(ctx, hint === "cond" ? "cond" : `${hint}_choice`, hint, type);
  const then = collectStmts(ctx, () => lowerInto(ctx, temp, node.whenTrue));
  const otherwise = collectStmts(ctx, () => lowerInto(ctx, temp, node.whenFalse));
  ctx.out.push({ kind: "if", test, then, else: otherwise, origin: ctx.origin });
  return v(temp);
}

/** Whether a call may write into an array: any but Math's and the runtime's (which raises the user's errors). */
const writesArrays = (callee: string): boolean =>
  !callee.startsWith("Math.") && !callee.startsWith(`${RUNTIME_ALIAS}.`);

/**
 * Common subexpressions of element reads: 'x[i] - x[i] * x[i]' reads x[i] once. Looks back in the current block
 * for 't = x[i]' with neither t, i nor x written since, and no call since that may write (a callee given x, or an alias
 * or a field holding it, may write into it: 'a = x[1]; scale(x, 2); a * x[1]'); a short window keeps lowering linear.
 */
function earlierRead(lists: readonly (readonly Stmt[])[], read: Expr & { kind: "index" }): string | undefined {
  const written = new Set<string>();
  const stored = new Set<string>();
  const inputs = varsOf(read);
  let called = false;
  const note = (s: Stmt): void =>
    forEachStmt([s], (n) => {
      if (n.kind === "assign") written.add(n.target);
      else if (n.kind === "callAssign" || n.kind === "permute") n.targets.forEach((t) => written.add(t));
      else if (n.kind === "store") stored.add(n.array);
      called ||= expressionsOf(n).some((e) => callsWhere(e, writesArrays));
    });
  // The innermost list is the latest code: scan it backwards, then each enclosing list backwards.
  let seen = 0;
  for (const stmts of lists) {
    for (let k = stmts.length - 1; k >= 0; k--) {
      if (++seen > 64) return undefined;
      const s = stmts[k];
      if (s.kind === "assign" && exprEquals(s.expr, read) && !inputs.has(s.target) && !written.has(s.target)) {
        const clean = [...inputs].every((name) => !written.has(name)) && !stored.has(read.array) && !called;
        return clean ? s.target : undefined;
      }
      note(s);
    }
  }
  return undefined;
}
