/**
 * Generated functions → TypeScript declarations. One IR statement per line; the first statement generated from a
 * primal statement carries a comment pointing back to it (`// f.ts:12  s += x * y`, or `// adjoint of f.ts:12 …`),
 * and every statement maps to its primal statement in source maps.
 */
import type * as TS from "typescript";
import { callsWhere, exprEquals, index, isPrimitiveCall, rowTypeOf, v, type Expr } from "../ir/expr";
import type { EntryDepths, GeneratedFunction } from "../ir/generated";
import {
  callsThrough,
  forEachStmt,
  mapNested,
  namesUsed,
  readsOfStatement,
  writesOfStatement,
  type Origin,
  type Stmt,
  type VarType,
} from "../ir/stmt";
import { elementRead, emitExpr, emitNumber, emitPath, rowOf, type ExprScope } from "./expressions";

interface EmitState {
  lastOrigin?: Origin;
  /** What its expressions' emission needs: the stacks the function keeps in locals, its optional parameters. */
  readonly scope: ExprScope;
  /** Locals that only receive calls' results and are never read: those calls are emitted bare (see callsForEffect). */
  readonly forEffect: ReadonlySet<string>;
}

const baseName = (fileName: string): string => fileName.slice(fileName.lastIndexOf("/") + 1);

/**
 * Decides, before a statement's children are emitted, whether it opens a new primal statement (and so gets a
 * comment); returns the function that attaches the comment and the source map range to the finished node.
 */
function atOrigin(ts: typeof TS, origin: Origin | undefined, state: EmitState): <T extends TS.Node>(node: T) => T {
  if (!origin) return (node) => node;
  const last = state.lastOrigin;
  const opens =
    !last || last.pos !== origin.pos || last.adjoint !== origin.adjoint || last.recompute !== origin.recompute;
  state.lastOrigin = origin;
  return (node) => {
    ts.setSourceMapRange(node, { pos: origin.pos, end: origin.end });
    if (opens) {
      const where = `${baseName(origin.fileName)}:${origin.line}`;
      const sweep = origin.recompute ? "recompute " : origin.adjoint ? "adjoint of " : "";
      const text = ` ${sweep}${where}  ${origin.text}`;
      ts.addSyntheticLeadingComment(node, ts.SyntaxKind.SingleLineCommentTrivia, text, true);
    }
    return node;
  };
}

function emitAssignment(ts: typeof TS, target: string, expr: Expr, state: EmitState): TS.Expression {
  const f = ts.factory;
  // An optional parameter ('k: number | undefined') is read as 'k!', which 'k += e' would not say.
  const step = state.scope.optional?.has(target) ? undefined : incrementOf(ts, v(target), expr);
  const emit = (e: Expr) => emitExpr(ts, e, state.scope);
  if (step) return f.createBinaryExpression(f.createIdentifier(target), step.op, emit(step.right));
  return f.createAssignment(f.createIdentifier(target), emit(expr));
}

/**
 * 'x = x + e' → 'x += e', the form of every adjoint increment; 'x = x - e', and 'x = x + -e', which reads better
 * so, → 'x -= e'. The same for an element: 'a_bar[i] = a_bar[i] - e' → 'a_bar[i] -= e'.
 */
function incrementOf(
  ts: typeof TS,
  self: Expr,
  value: Expr,
): { op: TS.SyntaxKind.PlusEqualsToken | TS.SyntaxKind.MinusEqualsToken; right: Expr } | undefined {
  if (value.kind !== "binary" || (value.op !== "+" && value.op !== "-") || !exprEquals(value.left, self)) {
    return undefined;
  }
  const negated = value.right.kind === "unary" && value.right.op === "-";
  const plus = (value.op === "+") !== negated;
  const op = plus ? ts.SyntaxKind.PlusEqualsToken : ts.SyntaxKind.MinusEqualsToken;
  return { op, right: negated ? (value.right as { arg: Expr }).arg : value.right };
}

function emitStmt(ts: typeof TS, s: Stmt, state: EmitState): TS.Statement {
  const f = ts.factory;
  const expr = (e: Expr) => emitExpr(ts, e, state.scope);
  const mark = atOrigin(ts, s.origin, state);
  const block = (stmts: readonly Stmt[]): TS.Statement[] => {
    const saved = state.lastOrigin;
    const list = stmts.map((x) => emitStmt(ts, x, state));
    state.lastOrigin = saved;
    return list;
  };
  switch (s.kind) {
    case "assign":
      if (state.forEffect.has(s.target)) return mark(f.createExpressionStatement(expr(s.expr)));
      return mark(f.createExpressionStatement(emitAssignment(ts, s.target, s.expr, state)));
    case "effect":
      return mark(f.createExpressionStatement(expr(s.expr)));
    case "callAssign": {
      // Values nothing reads are left out ('[a, , c] = f()', '[a] = f()'), the call alone if none is read.
      const kept = s.targets.map((t) => (state.forEffect.has(t) ? undefined : t));
      while (kept.length > 0 && kept[kept.length - 1] === undefined) kept.pop();
      if (kept.length === 0) return mark(f.createExpressionStatement(expr(s.call)));
      const targets = kept.map((t) => (t === undefined ? f.createOmittedExpression() : f.createIdentifier(t)));
      return mark(
        f.createExpressionStatement(f.createAssignment(f.createArrayLiteralExpression(targets), expr(s.call))),
      );
    }
    case "if": {
      if (s.then.length === 0 && s.else.length > 0) {
        // 'if (c) {} else { B }' → 'if (!c) { B }'
        return mark(
          f.createIfStatement(f.createLogicalNot(parenthesize(ts, expr(s.test))), f.createBlock(block(s.else), true)),
        );
      }
      const then = f.createBlock(block(s.then), true);
      const elseStatements = block(s.else);
      // An else holding one if reads as 'else if', as the source of an if / else if chain (or a switch) was written.
      // (Not when the inner if starts with a comment: it would print between 'else' and 'if'.)
      const [only] = elseStatements;
      const chained =
        elseStatements.length === 1 && ts.isIfStatement(only) && !ts.getSyntheticLeadingComments(only)?.length
          ? only
          : undefined;
      const otherwise = chained ?? (s.else.length > 0 ? f.createBlock(elseStatements, true) : undefined);
      return mark(f.createIfStatement(expr(s.test), then, otherwise));
    }
    case "loop": {
      if (s.pre.length === 0) return mark(f.createWhileStatement(expr(s.test), f.createBlock(block(s.body), true)));
      // 'for (;;) { pre; if (!test) break; body }': the test needs statements before it.
      const exit = f.createIfStatement(f.createLogicalNot(parenthesize(ts, expr(s.test))), f.createBreakStatement());
      const body = f.createBlock([...block(s.pre), exit, ...block(s.body)], true);
      return mark(f.createForStatement(undefined, undefined, undefined, body));
    }
    case "repeat": {
      const counter = f.createIdentifier(s.counter);
      const hoisted = exprEquals(s.count, v(s.counter));
      const init = hoisted
        ? undefined
        : f.createVariableDeclarationList(
            [f.createVariableDeclaration(s.counter, undefined, undefined, expr(s.count))],
            ts.NodeFlags.Let,
          );
      const test = f.createBinaryExpression(counter, ts.SyntaxKind.GreaterThanToken, f.createNumericLiteral(0));
      return mark(
        f.createForStatement(init, test, f.createPostfixDecrement(counter), f.createBlock(block(s.body), true)),
      );
    }
    case "store": {
      const element = f.createElementAccessExpression(rowOf(ts, s.array, s.outer, state.scope), expr(s.index));
      const step = incrementOf(ts, index(s.array, s.index, s.outer), s.value);
      // 'a[i] += e' reads the element too.
      const read = elementRead(ts, element, state.scope);
      if (step) return mark(f.createExpressionStatement(f.createBinaryExpression(read, step.op, expr(step.right))));
      return mark(f.createExpressionStatement(f.createAssignment(element, expr(s.value))));
    }
    case "permute": {
      // '[cur, next] = [next, cur];'
      const names = (list: readonly string[]) => f.createArrayLiteralExpression(list.map((n) => f.createIdentifier(n)));
      return mark(f.createExpressionStatement(f.createAssignment(names(s.targets), names(s.sources))));
    }
    case "return": {
      const values = s.values.map((x) => expr(x));
      const value = values.length === 1 && !s.asArray ? values[0] : f.createArrayLiteralExpression(values);
      return mark(f.createReturnStatement(value));
    }
    case "break":
    case "continue":
      throw new Error(`'${s.kind}' reached the emitter; structurize must remove jumps`);
  }
}

function parenthesize(ts: typeof TS, e: TS.Expression): TS.Expression {
  const bare = ts.isIdentifier(e) || ts.isCallExpression(e) || ts.isElementAccessExpression(e);
  return bare ? e : ts.factory.createParenthesizedExpression(e);
}

/** The TypeScript type of an IR type; `readonly number[]` for parameters, which generated code only reads. */
export function typeNode(ts: typeof TS, type: VarType, readonlyArray = false): TS.TypeNode {
  const f = ts.factory;
  switch (type) {
    case "number":
      return f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
    case "boolean":
      return f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword);
    case "string":
      return f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword);
    case "number[]":
    case "boolean[]": {
      const element = type === "number[]" ? ts.SyntaxKind.NumberKeyword : ts.SyntaxKind.BooleanKeyword;
      const array = f.createArrayTypeNode(f.createKeywordTypeNode(element));
      return readonlyArray ? f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, array) : array;
    }
    case "number[][]":
    case "Float64Array[]": {
      const row = typeNode(ts, rowTypeOf(type), readonlyArray);
      const matrix = f.createArrayTypeNode(
        readonlyArray && type === "number[][]" ? f.createParenthesizedType(row) : row,
      );
      return readonlyArray ? f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, matrix) : matrix;
    }
    default:
      return f.createTypeReferenceNode(type);
  }
}

/** `[number, number]` on one line. */
export function tupleType(ts: typeof TS, types: readonly VarType[]): TS.TypeNode {
  return ts.setEmitFlags(ts.factory.createTupleTypeNode(types.map((t) => typeNode(ts, t))), ts.EmitFlags.SingleLine);
}

function returnTypeNode(ts: typeof TS, fn: GeneratedFunction): TS.TypeNode {
  return fn.returnsArray ? tupleType(ts, fn.returnTypes) : typeNode(ts, fn.returnTypes[0]);
}

/**
 * The locals that only ever receive a call's result and that nothing reads: a primal's `clear(w);`, kept for what the
 * callee does, whose result (void, or not a number) the hoisted number local could not hold in type-checked output;
 * a value of a generated callee's tuple that this function has no use for, which `noUnusedLocals` would reject.
 */
function callsForEffect(fn: GeneratedFunction): Set<string> {
  const read = new Set<string>();
  const fromCalls = new Set<string>();
  const fromElsewhere = new Set<string>();
  forEachStmt(fn.body, (s) => {
    readsOfStatement(s).forEach((n) => read.add(n));
    if (s.kind === "assign" && s.expr.kind === "call") fromCalls.add(s.target);
    else if (s.kind === "callAssign") s.targets.forEach((t) => fromCalls.add(t));
    else writesOfStatement(s).forEach((n) => fromElsewhere.add(n));
  });
  return new Set([...fromCalls].filter((n) => fn.locals.has(n) && !read.has(n) && !fromElsewhere.has(n)));
}

/**
 * The body without the assignments of numbers and flags nothing reads (once the others are gone), whose values take no
 * call but Math's (not 'Math.random') to compute: a primal's callback parameter it never uses ('_' in 'Array.from({ length: n }, (_, i) => …)'), the element
 * 'x.map(() => 0)' reads for a callback that ignores it. `noUnusedLocals` would reject their locals in type-checked
 * output. Also the locals that no statement names any more, which are not declared.
 */
function withoutDeadStores(fn: GeneratedFunction): { body: readonly Stmt[]; undeclared: ReadonlySet<string> } {
  const scalar = (name: string) => fn.locals.get(name) === "number" || fn.locals.get(name) === "boolean";
  // Math's functions but 'Math.random', whose draw the next one depends on.
  const pure = (e: Expr) => !callsWhere(e, (callee) => !isPrimitiveCall(callee) || callee === "Math.random");
  const dropped = new Set<string>();
  // Until nothing more goes: a store dropped may have been the only read of another ('_ = x_k_value').
  let body: readonly Stmt[] = fn.body;
  for (let size = -1; size !== dropped.size;) {
    size = dropped.size;
    const read = new Set<string>();
    forEachStmt(body, (s) => readsOfStatement(s).forEach((n) => read.add(n)));
    const prune = (stmts: readonly Stmt[]): Stmt[] =>
      stmts.flatMap((s) => {
        if (s.kind !== "assign" || read.has(s.target) || !scalar(s.target) || !pure(s.expr))
          return [mapNested(s, prune)];
        dropped.add(s.target);
        return [];
      });
    body = prune(body);
  }
  const named = namesUsed(body);
  return { body, undeclared: new Set([...dropped].filter((name) => !named.has(name))) };
}

/** The locals holding a row of a matrix (optimize/rows.ts) that nothing writes into: a parameter's row is read-only. */
function rowsOnlyRead(fn: GeneratedFunction): Set<string> {
  const rows = new Set<string>();
  const stored = new Set<string>();
  forEachStmt(fn.body, (s) => {
    if (s.kind === "assign" && s.expr.kind === "row") rows.add(s.target);
    if (s.kind === "store") stored.add(s.array);
  });
  return new Set([...rows].filter((name) => !stored.has(name)));
}

/** What emission takes from the compiler options of the program whose code it writes. */
export interface EmitOptions {
  /** `noUncheckedIndexedAccess`: element reads are asserted present (`x[i]!`). */
  readonly assertElements?: boolean;
}

export const emitOptionsOf = (options: TS.CompilerOptions): EmitOptions => ({
  assertElements: options.noUncheckedIndexedAccess === true,
});

/** The body of a generated function: hoisted locals, then its statements. */
function functionBody(ts: typeof TS, fn: GeneratedFunction, options: EmitOptions): TS.Block {
  const f = ts.factory;
  const stacks = new Map((fn.localStacks ?? []).map((stack) => [stack.alias, stack]));
  const optional = new Set(fn.params.flatMap((p) => (p.optional ? [p.name] : [])));
  const forEffect = callsForEffect(fn);
  const readOnly = rowsOnlyRead(fn);
  const live = withoutDeadStores(fn);
  const state: EmitState = { scope: { stacks, optional, assertElements: options.assertElements }, forEffect };
  const declarations: TS.Statement[] = [];
  const byType = new Map<VarType, string[]>();
  for (const [name, type] of fn.locals) {
    if (!forEffect.has(name) && !live.undeclared.has(name)) byType.set(type, [...(byType.get(type) ?? []), name]);
  }
  for (const [type, names] of byType) {
    // Scalars start at 0 / false / ""; arrays are assigned before use ('let a_bar!: Float64Array').
    const initial = (scalar: "number" | "boolean" | "string") =>
      scalar === "number" ? emitNumber(ts, 0) : scalar === "boolean" ? f.createFalse() : f.createStringLiteral("");
    const declare = (name: string): TS.VariableDeclaration =>
      type === "number" || type === "boolean" || type === "string"
        ? f.createVariableDeclaration(name, undefined, undefined, initial(type))
        : f.createVariableDeclaration(
            name,
            f.createToken(ts.SyntaxKind.ExclamationToken),
            typeNode(ts, type, readOnly.has(name)),
            undefined,
          );
    declarations.push(
      f.createVariableStatement(undefined, f.createVariableDeclarationList(names.map(declare), ts.NodeFlags.Let)),
    );
  }
  const body = live.body.map((s) => emitStmt(ts, s, state));
  const aliases = (fn.aliases ?? [])
    .filter((a) => callsThrough(fn.body, a.name))
    .map((a) =>
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList(
          [f.createVariableDeclaration(a.name, undefined, undefined, emitPath(ts, a.path))],
          ts.NodeFlags.Const,
        ),
      ),
    );
  return f.createBlock([...aliases, ...declarations, ...(fn.unwind ? unwinding(ts, fn.unwind, body) : body)], true);
}

/** `const tape_entry = __ct.tape.top, …; try { body } catch (error) { __ct.unwind(tape_entry, …); throw error; }` */
function unwinding(ts: typeof TS, entry: EntryDepths, body: TS.Statement[]): TS.Statement[] {
  const f = ts.factory;
  const depths = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList(
      entry.depths.map((d) => f.createVariableDeclaration(d.name, undefined, undefined, emitPath(ts, d.path))),
      ts.NodeFlags.Const,
    ),
  );
  const comment = " An error escaping the sweeps leaves the runtime's stacks at these depths, for the calls after it.";
  ts.addSyntheticLeadingComment(depths, ts.SyntaxKind.SingleLineCommentTrivia, comment, true);
  const error = f.createIdentifier("error");
  const restore = f.createCallExpression(
    emitPath(ts, entry.restore),
    undefined,
    entry.depths.map((d) => f.createIdentifier(d.name)),
  );
  const handler = f.createCatchClause(
    error,
    f.createBlock([f.createExpressionStatement(restore), f.createThrowStatement(error)], true),
  );
  return [depths, f.createTryStatement(f.createBlock(body, true), handler, undefined)];
}

function parameters(ts: typeof TS, fn: GeneratedFunction): TS.ParameterDeclaration[] {
  const f = ts.factory;
  return fn.params.map((p) => {
    const type = p.general ? generalArrayTypeNode(ts, p.writable) : typeNode(ts, p.type, !p.writable);
    const declared = p.optional
      ? f.createUnionTypeNode([type, f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword)])
      : type;
    return f.createParameterDeclaration(undefined, undefined, p.name, undefined, declared);
  });
}

/**
 * A parameter any kind of array of floats fits (Param.general): 'ArrayLike<number>' where the function only reads it,
 * and the union of the kinds where it writes (an adjoint it accumulates into).
 */
function generalArrayTypeNode(ts: typeof TS, writable: boolean | undefined): TS.TypeNode {
  const f = ts.factory;
  const numberType = f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
  if (!writable) return f.createTypeReferenceNode("ArrayLike", [numberType]);
  const kinds = ["Float64Array", "Float32Array"].map((name) => f.createTypeReferenceNode(name));
  return f.createUnionTypeNode([f.createArrayTypeNode(numberType), ...kinds]);
}

export function emitFunctionDeclaration(
  ts: typeof TS,
  fn: GeneratedFunction,
  exported: boolean,
  options: EmitOptions = {},
): TS.FunctionDeclaration {
  const f = ts.factory;
  const node = f.createFunctionDeclaration(
    exported ? [f.createModifier(ts.SyntaxKind.ExportKeyword)] : undefined,
    undefined,
    fn.name,
    undefined,
    parameters(ts, fn),
    returnTypeNode(ts, fn),
    functionBody(ts, fn, options),
  );
  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, `* ${fn.summary} `, true);
}

export function emitArrowFunction(ts: typeof TS, fn: GeneratedFunction, options: EmitOptions = {}): TS.ArrowFunction {
  const f = ts.factory;
  return f.createArrowFunction(
    undefined,
    undefined,
    parameters(ts, fn),
    returnTypeNode(ts, fn),
    f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
    functionBody(ts, fn, options),
  );
}
