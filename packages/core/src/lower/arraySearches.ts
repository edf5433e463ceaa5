/**
 * Array queries whose results have no derivative of their own, lowered to index loops like the other array methods
 * (arrayMethods.ts), so that the positions they find are ordinary integers the derivatives reuse:
 *   'x.indexOf(v)'      →  'pos = -1; k = 0; while (pos < 0 && k < x.length) { if (x[k] === v) pos = k; k++ }'
 *   'x.findIndex(p)'    →  the same with the callback inlined as the test
 *   'x.lastIndexOf(v)', 'x.findLastIndex(p)'  →  the same loops from the end down
 *   'x.find(p)', 'x.findLast(p)'  →  'x[pos]' at findIndex's or findLastIndex's position, an element read like
 *                          'x[i]' (undefined when nothing is found: 'x.find(p) ?? 0' tests it as '??' tests reads)
 *   'x.includes(v)'     →  'found = false; …; if (x[k] === v || (x[k] !== x[k] && v !== v)) found = true'
 *                          (SameValueZero: NaN is found, as JavaScript finds it)
 *   'x.at(i)'           →  'x[i < 0 ? i + x.length : i]' with i truncated toward zero (NaN as 0), an element read
 *                          like 'x[i]' (undefined past the ends)
 * Each takes exactly the arguments shown: a start position ('indexOf(v, from)') is reported, and so is a search
 * among a matrix's rows.
 */
import type * as TS from "typescript";
import { binary, bool, call, cond, index, isMatrixType, length, num, v, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { arrayTypeOf, emitAssign, freshTemp, type LowerContext } from "./context";
import { arrayOperand, eachIndex, element, inlineCallback } from "./arrayMethods";
import { lowerAtom, shorten } from "./expressions";

/**
 * The position searches: what each compares its elements with (`by`: a value with `===`, or a callback), which end it
 * starts from, and whether it returns the element found rather than its position.
 */
interface PositionSearch {
  readonly by: "value" | "callback";
  readonly fromEnd: boolean;
  readonly element: boolean;
}
const POSITION_SEARCHES: Readonly<Record<string, PositionSearch>> = {
  indexOf: { by: "value", fromEnd: false, element: false },
  lastIndexOf: { by: "value", fromEnd: true, element: false },
  findIndex: { by: "callback", fromEnd: false, element: false },
  findLastIndex: { by: "callback", fromEnd: true, element: false },
  find: { by: "callback", fromEnd: false, element: true },
  findLast: { by: "callback", fromEnd: true, element: true },
};
const SEARCHES = new Set([...Object.keys(POSITION_SEARCHES), "includes", "at"]);

/** Whether a search returns an element read, which '??' can test like 'x[i]': 'at', 'find', 'findLast'. */
export const returnsElement = (method: string): boolean =>
  method === "at" || POSITION_SEARCHES[method]?.element === true;

/** 'a.indexOf(v)', 'a.findIndex(p)', 'a.find(p)', their '…Last…' kin, 'a.includes(v)' and 'a.at(i)'; or undefined. */
export function lowerArraySearch(ctx: LowerContext, node: TS.CallExpression, hint: string): Expr | undefined {
  const { ts } = ctx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !SEARCHES.has(callee.name.text)) return undefined;
  const method = callee.name.text;
  if (isMatrixType(arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(callee.expression)))) {
    // Searching a matrix's rows would compare arrays.
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [shorten(node.getText(ctx.sourceFile))]);
    return num(0);
  }
  const array = arrayOperand(ctx, callee.expression);
  if (!array) return undefined;
  if (node.arguments.length !== 1) {
    ctx.sink.report(node, Messages.UnsupportedArrayOperation, [`${method} with ${node.arguments.length} arguments`]);
    return num(0);
  }
  const [argument] = node.arguments;
  if (method === "at") return index(array, atPosition(ctx, argument, length(array), array, hint));
  if (method === "includes") {
    const sought = lowerAtom(ctx, argument, "sought");
    const found = freshTemp(ctx, `${array}_includes`, hint, "boolean");
    emitAssign(ctx, found, bool(false));
    eachIndex(
      ctx,
      array,
      (k) => {
        const x = element(ctx, array, k);
        whenTrue(ctx, sameValueZero(x, sought), found, bool(true));
      },
      { keepGoing: binary("===", v(found), bool(false)) },
    );
    return v(found);
  }
  const search = POSITION_SEARCHES[method];
  const sought = search.by === "value" ? lowerAtom(ctx, argument, "sought") : undefined;
  const position = freshTemp(ctx, `${array}_${method}`, hint, "number");
  emitAssign(ctx, position, num(-1));
  eachIndex(
    ctx,
    array,
    (k) => {
      const x = element(ctx, array, k);
      const test = sought ? binary("===", x, sought) : inlineCallback(ctx, argument, [x, v(k)], "cond", array);
      if (test) whenTrue(ctx, test, position, v(k));
    },
    { keepGoing: binary("<", v(position), num(0)), downward: search.fromEnd },
  );
  return search.element ? index(array, v(position)) : v(position);
}

/**
 * The position '.at(argument)' reads among `size` elements (an array's, a matrix's rows, records): JavaScript truncates
 * the argument toward zero first, reads NaN as 0 ('x.at(1.5)' is 'x[1]'), and counts a negative one from the end.
 * Temporaries are named after `base`, the array.
 */
export function atPosition(ctx: LowerContext, argument: TS.Expression, size: Expr, base: string, hint: string): Expr {
  const at = lowerAtom(ctx, argument, "at");
  if (at.kind === "num" && Number.isInteger(at.value)) {
    if (at.value >= 0) return at;
    const fromEnd = freshTemp(ctx, `${base}_at`, hint, "number");
    emitAssign(ctx, fromEnd, binary("-", size, num(-at.value)));
    return v(fromEnd);
  }
  const truncated = freshTemp(ctx, `${base}_at_whole`, hint, "number");
  emitAssign(ctx, truncated, call("Math.trunc", [at]));
  const whole = freshTemp(ctx, `${base}_at_whole`, hint, "number");
  emitAssign(ctx, whole, cond(binary("===", at, at), v(truncated), num(0)));
  const position = freshTemp(ctx, `${base}_at`, hint, "number");
  emitAssign(ctx, position, cond(binary("<", v(whole), num(0)), binary("+", v(whole), size), v(whole)));
  return v(position);
}

/** 'if (test) target = value'. */
function whenTrue(ctx: LowerContext, test: Expr, target: string, value: Expr): void {
  ctx.out.push({
    kind: "if",
    test,
    then: [{ kind: "assign", target, expr: value, origin: ctx.origin }],
    else: [],
    origin: ctx.origin,
  });
}

/**
 * `x === v || (x !== x && v !== v)`, JavaScript's SameValueZero, which finds NaN; for a constant `v`, only the half
 * that can hold (TypeScript refuses 'x === NaN' in printed output as always false).
 */
function sameValueZero(x: Expr, sought: Expr): Expr {
  const isNaN =
    (sought.kind === "num" && Number.isNaN(sought.value)) ||
    (sought.kind === "global" && (sought.path === "NaN" || sought.path === "Number.NaN"));
  if (isNaN) return binary("!==", x, x);
  if (sought.kind === "num") return binary("===", x, sought);
  return binary("||", binary("===", x, sought), binary("&&", binary("!==", x, x), binary("!==", sought, sought)));
}
