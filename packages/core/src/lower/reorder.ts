/**
 * Sorting and reversing, lowered to loops like the other array methods (arrayMethods.ts):
 *   'y.sort(cmp)', 'y.reverse()' on an array the function may write; 'x.slice().sort(cmp)', '[...x].reverse()',
 *   'x.toSorted(cmp)', 'x.toReversed()'; 'Float64Array.from(x).sort()' (typed arrays sort numerically by default)
 * Each copies the array, then gathers the copy's elements in their new order: 'y[k] = copy[order[k]]'. For a sort, a
 * stable bottom-up merge sort orders the positions first, with the comparator inlined where two elements meet;
 * JavaScript's sorts are stable too, so for a comparator that orders consistently both give the same array. The
 * positions are piecewise constant, so the derivatives flow through the gather alone and the merge loops have none.
 */
import type * as TS from "typescript";
import { alloc, binary, bool, call, index, isMatrixType, length, num, v, type ArrayType, type Expr } from "../ir/expr";
import type { Stmt } from "../ir/stmt";
import { Messages } from "../diagnostics/messages";
import { arrayTypeOf, collectStmts, emitAssign, freshTemp, type LowerContext, type MatrixRow } from "./context";
import { rowCount } from "./localMatrices";
import { arrayOperand, atomOf, copyArray, eachIndex, emitLoop, inlineCallback, lowerArrayInit } from "./arrayMethods";
import { arrayName, skipParentheses } from "./arrays";
import { resolveFunction } from "../collect/resolve";
import { CHANGING_METHODS, writtenTarget } from "./parameterWrites";
import { shorten } from "./expressions";

/** The methods that reorder their receiver, and the copying methods that reorder a new array the same way. */
export const IN_PLACE_REORDERINGS: ReadonlySet<string> = new Set(["sort", "reverse"]);
const COPYING_REORDERINGS: Readonly<Record<string, string>> = { toSorted: "sort", toReversed: "reverse" };
export const REORDERINGS: ReadonlySet<string> = new Set([...IN_PLACE_REORDERINGS, ...Object.keys(COPYING_REORDERINGS)]);

/**
 * Sorts (with the comparator in `args`, or for a typed array by numeric value) or reverses `array` in place. A
 * number[] sorted without a comparator is reported: JavaScript would compare the numbers' strings.
 */
export function reorderInPlace(
  ctx: LowerContext,
  array: string,
  type: ArrayType,
  method: string,
  args: readonly TS.Expression[],
  node: TS.Node,
): void {
  if (method === "sort" && !args[0] && type === "number[]") {
    ctx.sink.report(node, Messages.SortWithoutComparator, [shorten(node.getText(ctx.sourceFile))]);
    return;
  }
  const copy = freshTemp(ctx, `${array}_before`, array, type);
  copyArray(ctx, copy, type, array);
  const order = method === "sort" ? sortedOrder(ctx, copy, args[0]) : undefined;
  // Reversed, element k comes from the copy's position 'last - k'.
  const last = order ? undefined : freshTemp(ctx, `${array}_last`, array, "number");
  if (last) emitAssign(ctx, last, binary("-", length(copy), num(1)));
  eachIndex(ctx, array, (k) => {
    const position = freshTemp(ctx, `${array}_from`, array, "number");
    emitAssign(ctx, position, last ? binary("-", v(last), v(k)) : index(order as string, v(k)));
    const value = freshTemp(ctx, `${array}_moved`, array, "number");
    emitAssign(ctx, value, index(copy, v(position)));
    ctx.out.push({ kind: "store", array, index: v(k), value: v(value), inBounds: true, origin: ctx.origin });
  });
}

/**
 * 'y.sort(cmp)' or 'y.reverse()' where an array is wanted ('const s = y.sort(cmp)', 'y.reverse()[0]', a chain
 * 'y.reverse().sort(cmp)'): y reordered in place, and its name, since JavaScript's methods return their receiver.
 * Undefined for anything else.
 */
export function reorderedName(ctx: LowerContext, node: TS.Expression): string | undefined {
  const { ts } = ctx;
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  if (!IN_PLACE_REORDERINGS.has(method)) return undefined;
  const receiver = node.expression.expression;
  const array = arrayName(ctx, receiver) ?? reorderedName(ctx, receiver);
  const type = arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(receiver));
  if (!array || !type || isMatrixType(type) || node.arguments.length > 1) return undefined;
  reorderInPlace(ctx, array, type, method, node.arguments, node);
  return array;
}

/**
 * 'const s = x.toSorted(cmp)', 'x.slice().sort(cmp)', '[...x].reverse()': a new array, reordered. JavaScript's 'sort'
 * and 'reverse' reorder their receiver, so here that must be an array built on the spot; an array with a name is
 * reordered in a statement of its own, or named again ('const s = y.sort(cmp)').
 */
export function lowerReorderedCopy(
  ctx: LowerContext,
  target: string,
  type: ArrayType,
  init: TS.CallExpression,
  method: TS.PropertyAccessExpression,
): boolean {
  const receiver = method.expression;
  const name = method.name.text;
  if (init.arguments.length > (name.endsWith("Sorted") || name === "sort" ? 1 : 0)) return false;
  if (IN_PLACE_REORDERINGS.has(name)) {
    if (arrayName(ctx, receiver) || !lowerArrayInit(ctx, target, type, receiver)) return false;
  } else {
    const source = arrayOperand(ctx, receiver);
    if (!source) return false;
    copyArray(ctx, target, type, source);
  }
  reorderInPlace(ctx, target, type, COPYING_REORDERINGS[name] ?? name, init.arguments, init);
  return true;
}

/**
 * The positions of `source`'s elements (of its rows, `rows`: a matrix's, which the comparator gets as rows) in sorted
 * order: a number[] merge-sorted in passes of doubling width.
 */
export function sortedOrder(
  ctx: LowerContext,
  source: string,
  comparator: TS.Expression | undefined,
  rows = false,
): string {
  const written = comparator && comparatorWrites(ctx, comparator);
  if (written) {
    const call = comparator.parent;
    ctx.sink.report(written, Messages.ComparatorWrites, [
      shorten(call.getText(ctx.sourceFile)),
      shorten(written.getText(ctx.sourceFile)),
    ]);
  }
  const local = (base: string) => freshTemp(ctx, base, source, "number");
  const store = (array: string, position: string, value: string): Stmt => ({
    kind: "store",
    array,
    index: v(position),
    value: v(value),
    inBounds: true,
    origin: ctx.origin,
  });
  const order = freshTemp(ctx, `${source}_order`, source, "number[]");
  const merged = freshTemp(ctx, `${source}_merged`, source, "number[]");
  const [count, width, low, middle, high, left, right, slot] = [
    "count",
    "width",
    "low",
    "middle",
    "high",
    "left",
    "right",
    "slot",
  ].map(local);
  emitAssign(ctx, count, rows ? rowCount(ctx, source) : length(source));
  emitAssign(ctx, order, alloc("number[]", v(count)));
  eachIndex(ctx, order, (k) => ctx.out.push(store(order, k, k)));
  emitAssign(ctx, merged, alloc("number[]", v(count)));
  // 'name = Math.min(from + span, count)': where a run ends.
  const runEnd = (name: string, span: string) => {
    const sum = local(`${low}_plus_${span}`);
    emitAssign(ctx, sum, binary("+", v(low), v(span)));
    emitAssign(ctx, name, call("Math.min", [v(sum), v(count)]));
  };
  emitAssign(ctx, width, num(1));
  emitLoop(ctx, "merge", binary("<", v(width), v(count)), () => {
    emitAssign(ctx, low, num(0));
    emitLoop(ctx, "merge", binary("<", v(low), v(count)), () => {
      runEnd(middle, width);
      const twice = local("twice_width");
      emitAssign(ctx, twice, binary("*", num(2), v(width)));
      runEnd(high, twice);
      emitAssign(ctx, left, v(low));
      emitAssign(ctx, right, v(middle));
      emitAssign(ctx, slot, v(low));
      emitLoop(ctx, "merge", binary("<", v(slot), v(high)), () => {
        const fromLeft = freshTemp(ctx, "from_left", source, "boolean");
        emitAssign(ctx, fromLeft, binary("<", v(left), v(middle)));
        const both = freshTemp(ctx, "both_runs", source, "boolean");
        emitAssign(ctx, both, binary("<", v(right), v(high)));
        emitAssign(ctx, both, binary("&&", v(fromLeft), v(both)));
        const compare = collectStmts(ctx, () => {
          const a = rows ? rowAt(ctx, source, order, left) : elementAt(ctx, source, order, left);
          const b = rows ? rowAt(ctx, source, order, right) : elementAt(ctx, source, order, right);
          // A comparator's NaN counts as 0 ('equal'), as in JavaScript: the left element stays first.
          const sign = comparator ? inlineCallback(ctx, comparator, [a, b], "order") : undefined;
          const later = sign ? binary(">", atomOf(ctx, sign, source), num(0)) : numericLater(ctx, a as Expr, b as Expr);
          const goesFirst = [{ kind: "assign", target: fromLeft, expr: bool(false), origin: ctx.origin } as Stmt];
          ctx.out.push({ kind: "if", test: later, then: goesFirst, else: [], origin: ctx.origin });
        });
        ctx.out.push({ kind: "if", test: v(both), then: compare, else: [], origin: ctx.origin });
        const take = (from: string): Stmt[] =>
          collectStmts(ctx, () => {
            const position = local(`${order}_${from}`);
            emitAssign(ctx, position, index(order, v(from)));
            ctx.out.push(store(merged, slot, position));
            emitAssign(ctx, from, binary("+", v(from), num(1)));
          });
        ctx.out.push({ kind: "if", test: v(fromLeft), then: take(left), else: take(right), origin: ctx.origin });
        emitAssign(ctx, slot, binary("+", v(slot), num(1)));
      });
      emitAssign(ctx, low, v(high));
    });
    eachIndex(ctx, order, (k) => {
      const position = local(`${merged}_k`);
      emitAssign(ctx, position, index(merged, v(k)));
      ctx.out.push(store(order, k, position));
    });
    emitAssign(ctx, width, binary("*", num(2), v(width)));
  });
  return order;
}

/**
 * What an inline comparator writes that outlives one call ('calls++' on an outer variable, 'a[1] = …' on an element
 * compared, 'log.push(a)'): the first such target, or undefined. Its own locals are its own.
 */
function comparatorWrites(ctx: LowerContext, comparator: TS.Expression): TS.Node | undefined {
  const { ts } = ctx;
  const given = skipParentheses(ts, comparator);
  // A comparator passed by name ('m.sort(byFirst)') is read where it is declared.
  const fn = ts.isIdentifier(given) ? resolveFunction(ts, ctx.checker, given) : given;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) || !fn.body)
    return undefined;
  const body = fn.body;
  const own = (target: TS.Expression) => {
    const symbol = ts.isIdentifier(target) ? ctx.checker.getSymbolAtLocation(target) : undefined;
    const declaration = symbol?.valueDeclaration;
    return (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.pos >= body.pos &&
      declaration.end <= body.end
    );
  };
  const find = (node: TS.Node): TS.Node | undefined => {
    const assigned = writtenTarget(ts, node);
    if (assigned && !own(skipParentheses(ts, assigned))) return assigned;
    const method =
      ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression : undefined;
    if (method && CHANGING_METHODS.has(method.name.text)) return method.expression;
    return ts.forEachChild(node, find);
  };
  return find(body);
}

/** Row 'order[from]' of the matrix `source`. */
function rowAt(ctx: LowerContext, source: string, order: string, from: string): MatrixRow {
  const position = freshTemp(ctx, `${order}_${from}`, source, "number");
  emitAssign(ctx, position, index(order, v(from)));
  return { matrix: source, outer: v(position) };
}

/** 'source[order[from]]' in a fresh local. */
function elementAt(ctx: LowerContext, source: string, order: string, from: string): Expr {
  const position = freshTemp(ctx, `${order}_${from}`, source, "number");
  emitAssign(ctx, position, index(order, v(from)));
  const value = freshTemp(ctx, `${source}_${from}`, source, "number");
  emitAssign(ctx, value, index(source, v(position)));
  return v(value);
}

/**
 * A typed array's default order, as a test that `b` goes before `a`: `a` is NaN and `b` is not, `a > b`, or `a` is +0
 * and `b` is -0 (equal elements keep their order, as a stable sort keeps them).
 */
function numericLater(ctx: LowerContext, a: Expr, b: Expr): Expr {
  const test = (expr: Expr) => {
    const name = freshTemp(ctx, "later", "order", "boolean");
    emitAssign(ctx, name, expr);
    return v(name);
  };
  const nanFirst = test(binary("&&", test(binary("!==", a, a)), test(binary("===", b, b))));
  const zeros = test(binary("&&", test(binary("===", a, num(0))), test(binary("===", b, num(0)))));
  const reciprocal = (x: Expr) => {
    const name = freshTemp(ctx, "reciprocal", "order", "number");
    emitAssign(ctx, name, binary("/", num(1), x));
    return v(name);
  };
  const positiveFirst = test(binary(">", reciprocal(a), reciprocal(b)));
  return binary("||", binary("||", nanFirst, binary(">", a, b)), binary("&&", zeros, positiveFirst));
}
