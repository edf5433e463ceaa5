/**
 * Two local arrays trading places, as double-buffered time steps write it:
 *   'const t = cur; cur = next; next = t;'   or   '[cur, next] = [next, cur];'
 * JavaScript swaps the names; the generated code swaps the numbers, through a copy of the first array:
 *   't = copy of cur; cur = copy of next; next = copy of t'
 * which read the same as long as no other name holds either array (each declared as a new array, as
 * 'y = next' requires, nothing walking it), and the name 't' is read nowhere else.
 */
import type * as TS from "typescript";
import { isMatrixType, type ArrayType } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { freshTemp, originOf, symbolOfIdentifier, type LowerContext } from "./context";
import { copyArray } from "./arrayMethods";
import { skipParentheses } from "./arrays";
import { mentions, sharedName, walkedAround } from "./arrayAssign";
import { shorten } from "./expressions";

interface Swap {
  readonly first: TS.Identifier;
  readonly second: TS.Identifier;
  /** How many statements the swap takes: 3 through a temporary, 1 as a destructuring. */
  readonly count: number;
}

/** Lowers the swap of two local arrays starting at `statements[k]`; how many statements it took, 0 if none. */
export function lowerArraySwapAt(ctx: LowerContext, statements: readonly TS.Statement[], k: number): number {
  const swap = swapAt(ctx, statements, k);
  if (!swap) return 0;
  const savedOrigin = ctx.origin;
  ctx.origin = originOf(ctx, statements[k]);
  try {
    const [a, b] = [arrayOf(ctx, swap.first), arrayOf(ctx, swap.second)];
    const shared = [swap.first, swap.second].some((name, i) => {
      const symbol = symbolOfIdentifier(ctx, name);
      const array = i === 0 ? a : b;
      return (
        !symbol || ctx.params.has(array) || sharedName(ctx, array, symbol, name) || walkedAround(ctx, name, symbol)
      );
    });
    if (shared) {
      const text = statements.slice(k, k + swap.count).map((s) => s.getText(ctx.sourceFile));
      ctx.sink.report(statements[k], Messages.ArrayRebinding, [shorten(text.join(" "))]);
      return swap.count;
    }
    const type = ctx.locals.get(a) as ArrayType;
    const saved = freshTemp(ctx, `${a}_swapped`, a, type);
    copyArray(ctx, saved, type, a);
    copyArray(ctx, a, type, b);
    copyArray(ctx, b, type, saved);
    return swap.count;
  } finally {
    ctx.origin = savedOrigin;
  }
}

function swapAt(ctx: LowerContext, statements: readonly TS.Statement[], k: number): Swap | undefined {
  const { ts } = ctx;
  const [s0, s1, s2] = statements.slice(k, k + 3);
  const destructured = s0 && assignment(ctx, s0);
  if (
    destructured &&
    ts.isArrayLiteralExpression(destructured.left) &&
    ts.isArrayLiteralExpression(destructured.right)
  ) {
    const [a, b, ...more] = destructured.left.elements;
    const [c, d, ...others] = destructured.right.elements;
    const names = [a, b, c, d].every((e) => e && ts.isIdentifier(e));
    if (!names || more.length > 0 || others.length > 0) return undefined;
    const same = (x: TS.Expression, y: TS.Expression) => symbolOf(ctx, x) === symbolOf(ctx, y);
    const swapped = same(a, d) && same(b, c) && !same(a, b);
    return swapped && bothArrays(ctx, a, b)
      ? { first: a as TS.Identifier, second: b as TS.Identifier, count: 1 }
      : undefined;
  }
  // 'const t = a; a = b; b = t;'
  if (!s0 || !s1 || !s2 || !ts.isVariableStatement(s0)) return undefined;
  const [declaration, ...rest] = s0.declarationList.declarations;
  const init = declaration?.initializer && skipParentheses(ts, declaration.initializer);
  if (rest.length > 0 || !ts.isIdentifier(declaration.name) || !init || !ts.isIdentifier(init)) return undefined;
  const [first, second] = [assignment(ctx, s1), assignment(ctx, s2)];
  const temp = symbolOf(ctx, declaration.name);
  const a = symbolOf(ctx, init);
  const b = first && symbolOf(ctx, first.right);
  const matches =
    first !== undefined &&
    second !== undefined &&
    symbolOf(ctx, first.left) === a &&
    symbolOf(ctx, second.left) === b &&
    symbolOf(ctx, second.right) === temp &&
    a !== b;
  const elsewhere = statements.some((s, i) => (i < k || i >= k + 3) && temp !== undefined && mentions(ctx, s, temp));
  if (!matches || elsewhere || !bothArrays(ctx, init, first.right)) return undefined;
  return { first: init, second: first.right as TS.Identifier, count: 3 };
}

/** 'left = right' as a statement. */
function assignment(ctx: LowerContext, s: TS.Statement): TS.BinaryExpression | undefined {
  const { ts } = ctx;
  const e = ts.isExpressionStatement(s) ? skipParentheses(ts, s.expression) : undefined;
  return e && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken ? e : undefined;
}

function symbolOf(ctx: LowerContext, e: TS.Expression | TS.BindingName): TS.Symbol | undefined {
  return ctx.ts.isIdentifier(e) ? symbolOfIdentifier(ctx, e) : undefined;
}

function arrayOf(ctx: LowerContext, name: TS.Identifier): string {
  const symbol = symbolOfIdentifier(ctx, name);
  return (symbol && ctx.names.get(symbol)) ?? name.text;
}

/** Two local arrays (not matrices) of one kind. */
function bothArrays(ctx: LowerContext, a: TS.Expression, b: TS.Expression): boolean {
  const { ts } = ctx;
  if (!ts.isIdentifier(a) || !ts.isIdentifier(b)) return false;
  const [typeA, typeB] = [ctx.locals.get(arrayOf(ctx, a)), ctx.locals.get(arrayOf(ctx, b))];
  return isArrayType(typeA) && !isMatrixType(typeA) && typeA === typeB;
}
