/**
 * Local arrays trading places, as double-buffered time steps write it:
 *   'const t = cur; cur = next; next = t;'   or   '[cur, next] = [next, cur];'   or   '[p, q, r] = [q, r, p];'
 *   or   'const t = p; p = q; q = r; r = t;'
 * JavaScript permutes the names, and so does the generated code (a `permute` statement, '[cur, next] = [next, cur]',
 * whose reverse permutes them back, with their adjoints): each array keeps one name as long as no other name holds
 * any of them (each declared as a new array, as 'y = next' requires, nothing walking it), and the name 't' is read
 * nowhere else.
 */
import type * as TS from "typescript";
import { isMatrixType } from "../ir/expr";
import { isArrayType } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { originOf, symbolOfIdentifier, type LowerContext } from "./context";
import { skipParentheses } from "./arrays";
import { mentions, sharedName, walkedAround } from "./arrayAssign";
import { shorten } from "./expressions";

interface Swap {
  /** Each target gets the numbers its source held before the swap. */
  readonly targets: readonly TS.Identifier[];
  readonly sources: readonly TS.Identifier[];
  /** How many statements the swap takes: 1 as a destructuring, one per array and the temporary's through one. */
  readonly count: number;
}

/** Lowers the swap of local arrays starting at `statements[k]`; how many statements it took, 0 if none. */
export function lowerArraySwapAt(ctx: LowerContext, statements: readonly TS.Statement[], k: number): number {
  const swap = swapAt(ctx, statements, k);
  if (!swap) return 0;
  const savedOrigin = ctx.origin;
  ctx.origin = originOf(ctx, statements[k]);
  try {
    const shared = swap.targets.some((name) => {
      const symbol = symbolOfIdentifier(ctx, name);
      const array = arrayOf(ctx, name);
      return (
        !symbol || ctx.params.has(array) || sharedName(ctx, array, symbol, name) || walkedAround(ctx, name, symbol)
      );
    });
    if (shared) {
      const text = statements.slice(k, k + swap.count).map((s) => s.getText(ctx.sourceFile));
      ctx.sink.report(statements[k], Messages.ArrayRebinding, [shorten(text.join(" "))]);
      return swap.count;
    }
    const targets = swap.targets.map((t) => arrayOf(ctx, t));
    const sources = swap.sources.map((t) => arrayOf(ctx, t));
    ctx.out.push({ kind: "permute", targets, sources, origin: ctx.origin });
    return swap.count;
  } finally {
    ctx.origin = savedOrigin;
  }
}

function swapAt(ctx: LowerContext, statements: readonly TS.Statement[], k: number): Swap | undefined {
  const { ts } = ctx;
  const s0 = statements[k];
  const destructured = s0 && assignment(ctx, s0);
  if (
    destructured &&
    ts.isArrayLiteralExpression(destructured.left) &&
    ts.isArrayLiteralExpression(destructured.right)
  ) {
    // '[a, b] = [b, a]', '[p, q, r] = [q, r, p]': distinct local arrays, each given another's numbers.
    const [left, right] = [destructured.left.elements, destructured.right.elements];
    if (![...left, ...right].every((e) => ts.isIdentifier(e)) || left.length !== right.length) return undefined;
    const targets = left as readonly TS.Expression[] as readonly TS.Identifier[];
    const sources = right as readonly TS.Expression[] as readonly TS.Identifier[];
    const symbols = new Set(targets.map((t) => symbolOf(ctx, t)));
    const distinct =
      symbols.size === targets.length && new Set(sources.map((t) => symbolOf(ctx, t))).size === sources.length;
    const permutes = distinct && sources.every((t) => symbols.has(symbolOf(ctx, t)));
    const moves = targets.some((t, i) => symbolOf(ctx, t) !== symbolOf(ctx, sources[i]));
    return permutes && moves && sameArrays(ctx, targets) ? { targets, sources, count: 1 } : undefined;
  }
  // 'const t = a; a = b; b = t;', and longer rotations: 'const t = p; p = q; q = r; r = t;'.
  if (!s0 || !ts.isVariableStatement(s0)) return undefined;
  const [declaration, ...rest] = s0.declarationList.declarations;
  const init = declaration?.initializer && skipParentheses(ts, declaration.initializer);
  if (rest.length > 0 || !ts.isIdentifier(declaration.name) || !init || !ts.isIdentifier(init)) return undefined;
  const temp = symbolOf(ctx, declaration.name);
  // Each assignment gives the name the previous one read from the next name; the last gives it the temporary.
  const chain: TS.Identifier[] = [init];
  for (let i = k + 1; i < statements.length; i++) {
    const step = assignment(ctx, statements[i]);
    const [left, right] = [step && skipParentheses(ts, step.left), step && skipParentheses(ts, step.right)];
    if (!left || !right || !ts.isIdentifier(left) || !ts.isIdentifier(right)) return undefined;
    if (symbolOf(ctx, left) !== symbolOf(ctx, chain[chain.length - 1])) return undefined;
    if (symbolOf(ctx, right) === temp) break;
    if (chain.some((name) => symbolOf(ctx, name) === symbolOf(ctx, right))) return undefined;
    chain.push(right);
  }
  const count = chain.length + 1;
  const closed = temp !== undefined && k + count <= statements.length && chain.length >= 2;
  const elsewhere = statements.some(
    (s, i) => (i < k || i >= k + count) && temp !== undefined && mentions(ctx, s, temp),
  );
  if (!closed || elsewhere || !sameArrays(ctx, chain)) return undefined;
  return { targets: chain, sources: [...chain.slice(1), chain[0]], count };
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

/** Local arrays (not matrices) of one kind. */
function sameArrays(ctx: LowerContext, names: readonly TS.Identifier[]): boolean {
  const types = names.map((name) => ctx.locals.get(arrayOf(ctx, name)));
  return isArrayType(types[0]) && !isMatrixType(types[0]) && types.every((t) => t === types[0]);
}
