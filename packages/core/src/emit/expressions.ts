/**
 * IR expressions → TypeScript expressions through the factory (which parenthesizes by precedence).
 */
import type * as TS from "typescript";
import { alloc, isMatrixType, length, rowTypeOf, zerosLike, type BinaryOp, type CallExpr, type Expr } from "../ir/expr";
import type { LocalStack } from "../ir/generated";

export function emitPath(ts: typeof TS, path: string): TS.Expression {
  const [head, ...rest] = path.split(".");
  return rest.reduce<TS.Expression>(
    (acc, name) => ts.factory.createPropertyAccessExpression(acc, name),
    ts.factory.createIdentifier(head),
  );
}

export function emitNumber(ts: typeof TS, value: number): TS.Expression {
  const f = ts.factory;
  if (Number.isNaN(value)) return f.createIdentifier("NaN");
  if (!Number.isFinite(value)) {
    const inf = f.createIdentifier("Infinity");
    return value > 0 ? inf : f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, inf);
  }
  if (value < 0 || Object.is(value, -0)) {
    return f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(String(-value)));
  }
  return f.createNumericLiteral(String(value));
}

export function binaryToken(ts: typeof TS, op: BinaryOp): TS.BinaryOperator {
  const k = ts.SyntaxKind;
  const tokens: Record<BinaryOp, TS.BinaryOperator> = {
    "+": k.PlusToken,
    "-": k.MinusToken,
    "*": k.AsteriskToken,
    "/": k.SlashToken,
    "%": k.PercentToken,
    "**": k.AsteriskAsteriskToken,
    "<": k.LessThanToken,
    "<=": k.LessThanEqualsToken,
    ">": k.GreaterThanToken,
    ">=": k.GreaterThanEqualsToken,
    "===": k.EqualsEqualsEqualsToken,
    "!==": k.ExclamationEqualsEqualsToken,
    "==": k.EqualsEqualsToken,
    "!=": k.ExclamationEqualsToken,
    "&&": k.AmpersandAmpersandToken,
    "||": k.BarBarToken,
    "&": k.AmpersandToken,
    "|": k.BarToken,
    "^": k.CaretToken,
    "<<": k.LessThanLessThanToken,
    ">>": k.GreaterThanGreaterThanToken,
    ">>>": k.GreaterThanGreaterThanGreaterThanToken,
  };
  return tokens[op];
}

/** What an expression's emission needs to know of the function around it. */
export interface ExprScope {
  /** The stacks the emitted function keeps in locals, by alias (their pushes and pops become element accesses). */
  readonly stacks?: ReadonlyMap<string, LocalStack>;
  /**
   * Optional number parameters, declared `number | undefined`: read as `k!`, since the code reads one only where the
   * primal does (where it holds a number), or compares it with undefined.
   */
  readonly optional?: ReadonlySet<string>;
  /**
   * Under `noUncheckedIndexedAccess`, TypeScript types an element read as possibly undefined; generated code reads
   * only elements that exist, and says so: `x[i]!`.
   */
  readonly assertElements?: boolean;
}

/** An element read, asserted present where the scope asks for it. */
export function elementRead(ts: typeof TS, element: TS.ElementAccessExpression, scope: ExprScope): TS.Expression {
  return scope.assertElements ? ts.factory.createNonNullExpression(element) : element;
}

export function emitExpr(ts: typeof TS, e: Expr, scope: ExprScope = {}): TS.Expression {
  const f = ts.factory;
  const { stacks } = scope;
  const sub = (x: Expr) => emitExpr(ts, x, scope);
  switch (e.kind) {
    case "num":
      return emitNumber(ts, e.value);
    case "bool":
      return e.value ? f.createTrue() : f.createFalse();
    case "str":
      return f.createStringLiteral(e.value);
    case "var":
      return scope.optional?.has(e.name)
        ? f.createNonNullExpression(f.createIdentifier(e.name))
        : f.createIdentifier(e.name);
    case "global":
      // 'undefined' stands for an optional parameter left out, in a number local or a call's argument: 'undefined!'
      // says so to TypeScript (its type is never). A test against it reads it plainly (see "binary").
      return e.path === "undefined" ? f.createNonNullExpression(emitPath(ts, e.path)) : emitPath(ts, e.path);
    case "unary": {
      const token =
        e.op === "-"
          ? ts.SyntaxKind.MinusToken
          : e.op === "+"
            ? ts.SyntaxKind.PlusToken
            : e.op === "~"
              ? ts.SyntaxKind.TildeToken
              : ts.SyntaxKind.ExclamationToken;
      let operand = sub(e.arg);
      // '-(-x)' and '- -1' must not print as '--x'.
      if (e.op === "-" && ts.isPrefixUnaryExpression(operand)) operand = f.createParenthesizedExpression(operand);
      return f.createPrefixUnaryExpression(token, operand);
    }
    case "binary": {
      const operand = (x: Expr) => (x.kind === "global" && x.path === "undefined" ? emitPath(ts, x.path) : sub(x));
      let left = operand(e.left);
      // '-a ** b' is a syntax error; the factory does not add these parentheses.
      if (e.op === "**" && ts.isPrefixUnaryExpression(left)) left = f.createParenthesizedExpression(left);
      return f.createBinaryExpression(left, binaryToken(ts, e.op), operand(e.right));
    }
    case "call":
      return (
        (stacks && localStackAccess(ts, e, scope, stacks)) ||
        f.createCallExpression(emitPath(ts, e.callee), undefined, e.args.map(sub))
      );
    case "index":
      return elementRead(ts, f.createElementAccessExpression(rowOf(ts, e.array, e.outer, scope), sub(e.index)), scope);
    case "field": {
      // 'obs[i].pos.x' ('obs[i]["a-b"]' for a key that is no identifier), 'samples[i].x[j]'.
      const value = e.path.reduce<TS.Expression>(
        (object, key) =>
          /^[A-Za-z_$][\w$]*$/.test(key)
            ? f.createPropertyAccessExpression(object, key)
            : f.createElementAccessExpression(object, f.createStringLiteral(key)),
        rowOf(ts, e.array, e.index, scope),
      );
      if (e.at) return elementRead(ts, f.createElementAccessExpression(value, sub(e.at)), scope);
      return e.present ? f.createNonNullExpression(value) : value;
    }
    case "length":
      return f.createPropertyAccessExpression(rowOf(ts, e.array, e.outer, scope), "length");
    case "row":
      return rowOf(ts, e.array, e.outer, scope);
    case "alloc":
      if (isMatrixType(e.type)) {
        // 'm.map((row) => row.slice().fill(0))': zeros shaped like the matrix named by 'length'.
        const row = f.createIdentifier("row");
        const zeros = sub(
          e.type === "number[][]" ? zerosLike("number[]", "row") : alloc(rowTypeOf(e.type), length("row")),
        );
        const mapper = f.createArrowFunction(
          undefined,
          undefined,
          [f.createParameterDeclaration(undefined, undefined, row)],
          undefined,
          f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
          zeros,
        );
        return f.createCallExpression(f.createPropertyAccessExpression(sub(e.length), "map"), undefined, [mapper]);
      }
      if (e.type === "number[]" && e.like) {
        // 'x.slice().fill(0)': doubles, if x holds doubles (AllocExpr.like).
        const copy = f.createCallExpression(
          f.createPropertyAccessExpression(f.createIdentifier(e.like), "slice"),
          undefined,
          [],
        );
        return f.createCallExpression(f.createPropertyAccessExpression(copy, "fill"), undefined, [
          f.createNumericLiteral(0),
        ]);
      }
      if (e.type === "number[]" || e.type === "boolean[]") {
        // 'new Array<number>(n).fill(0)': small integers until the first fraction stored moves them to doubles.
        const flags = e.type === "boolean[]";
        const array = f.createNewExpression(
          f.createIdentifier("Array"),
          [f.createKeywordTypeNode(flags ? ts.SyntaxKind.BooleanKeyword : ts.SyntaxKind.NumberKeyword)],
          [sub(e.length)],
        );
        return f.createCallExpression(f.createPropertyAccessExpression(array, "fill"), undefined, [
          flags ? f.createFalse() : f.createNumericLiteral(0),
        ]);
      }
      return f.createNewExpression(f.createIdentifier(e.type), undefined, [sub(e.length)]);
    case "cond":
      return f.createConditionalExpression(
        sub(e.test),
        f.createToken(ts.SyntaxKind.QuestionToken),
        sub(e.whenTrue),
        f.createToken(ts.SyntaxKind.ColonToken),
        sub(e.whenFalse),
      );
  }
}

/**
 * In a function that keeps a stack in locals: `tape.push(v)` → `tape_data[tape_top++] = v`, `tape.pop()` →
 * `tape_data[--tape_top]` (capacity is reserved beforehand, see reverse/stacks.ts).
 */
function localStackAccess(
  ts: typeof TS,
  e: CallExpr,
  scope: ExprScope,
  stacks: ReadonlyMap<string, LocalStack>,
): TS.Expression | undefined {
  const f = ts.factory;
  const dot = e.callee.lastIndexOf(".");
  const stack = stacks.get(e.callee.slice(0, dot));
  if (!stack) return undefined;
  const top = f.createIdentifier(stack.top);
  const data = f.createIdentifier(stack.data);
  switch (e.callee.slice(dot + 1)) {
    case "pop":
      return elementRead(ts, f.createElementAccessExpression(data, f.createPrefixDecrement(top)), scope);
    case "push":
      return f.createAssignment(
        f.createElementAccessExpression(data, f.createPostfixIncrement(top)),
        emitExpr(ts, e.args[0], scope),
      );
    default:
      return undefined;
  }
}

/** `array`, or `array[outer]` for a row of a matrix. */
export function rowOf(ts: typeof TS, array: string, outer: Expr | undefined, scope: ExprScope): TS.Expression {
  const base = ts.factory.createIdentifier(array);
  if (!outer) return base;
  return elementRead(ts, ts.factory.createElementAccessExpression(base, emitExpr(ts, outer, scope)), scope);
}
