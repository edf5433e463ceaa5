/**
 * IR expressions → TypeScript expressions through the factory (which parenthesizes by precedence).
 */
import type * as TS from "typescript";
import type { BinaryOp, Expr } from "../ir/expr";

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

function binaryToken(ts: typeof TS, op: BinaryOp): TS.BinaryOperator {
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

export function emitExpr(ts: typeof TS, e: Expr): TS.Expression {
  const f = ts.factory;
  switch (e.kind) {
    case "num":
      return emitNumber(ts, e.value);
    case "bool":
      return e.value ? f.createTrue() : f.createFalse();
    case "var":
      return f.createIdentifier(e.name);
    case "global":
      return emitPath(ts, e.path);
    case "unary": {
      const token =
        e.op === "-"
          ? ts.SyntaxKind.MinusToken
          : e.op === "+"
            ? ts.SyntaxKind.PlusToken
            : e.op === "~"
              ? ts.SyntaxKind.TildeToken
              : ts.SyntaxKind.ExclamationToken;
      let operand = emitExpr(ts, e.arg);
      // '-(-x)' and '- -1' must not print as '--x'.
      if (e.op === "-" && ts.isPrefixUnaryExpression(operand)) operand = f.createParenthesizedExpression(operand);
      return f.createPrefixUnaryExpression(token, operand);
    }
    case "binary": {
      let left = emitExpr(ts, e.left);
      // '-a ** b' is a syntax error; the factory does not add these parentheses.
      if (e.op === "**" && ts.isPrefixUnaryExpression(left)) left = f.createParenthesizedExpression(left);
      return f.createBinaryExpression(left, binaryToken(ts, e.op), emitExpr(ts, e.right));
    }
    case "call":
      return f.createCallExpression(
        emitPath(ts, e.callee),
        undefined,
        e.args.map((a) => emitExpr(ts, a)),
      );
    case "index":
      return f.createElementAccessExpression(rowOf(ts, e.array, e.outer), emitExpr(ts, e.index));
    case "length":
      return f.createPropertyAccessExpression(rowOf(ts, e.array, e.outer), "length");
    case "alloc":
      if (e.type === "number[][]") {
        // 'm.map((row) => new Array<number>(row.length).fill(0))': zeros shaped like the matrix named by 'length'.
        const row = f.createIdentifier("row");
        const zeros = f.createCallExpression(
          f.createPropertyAccessExpression(
            f.createNewExpression(
              f.createIdentifier("Array"),
              [f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword)],
              [f.createPropertyAccessExpression(row, "length")],
            ),
            "fill",
          ),
          undefined,
          [f.createNumericLiteral(0)],
        );
        const mapper = f.createArrowFunction(
          undefined,
          undefined,
          [f.createParameterDeclaration(undefined, undefined, row)],
          undefined,
          f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
          zeros,
        );
        return f.createCallExpression(f.createPropertyAccessExpression(emitExpr(ts, e.length), "map"), undefined, [
          mapper,
        ]);
      }
      if (e.type === "number[]") {
        // 'new Array<number>(n).fill(0)': a packed array of doubles, like the primal's.
        const array = f.createNewExpression(
          f.createIdentifier("Array"),
          [f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword)],
          [emitExpr(ts, e.length)],
        );
        return f.createCallExpression(f.createPropertyAccessExpression(array, "fill"), undefined, [
          f.createNumericLiteral(0),
        ]);
      }
      return f.createNewExpression(f.createIdentifier(e.type), undefined, [emitExpr(ts, e.length)]);
    case "cond":
      return f.createConditionalExpression(
        emitExpr(ts, e.test),
        f.createToken(ts.SyntaxKind.QuestionToken),
        emitExpr(ts, e.whenTrue),
        f.createToken(ts.SyntaxKind.ColonToken),
        emitExpr(ts, e.whenFalse),
      );
  }
}

/** `array`, or `array[outer]` for a row of a matrix. */
export function rowOf(ts: typeof TS, array: string, outer: Expr | undefined): TS.Expression {
  const base = ts.factory.createIdentifier(array);
  return outer ? ts.factory.createElementAccessExpression(base, emitExpr(ts, outer)) : base;
}
