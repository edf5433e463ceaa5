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
import { binary, bool, call, cond, index, length, num, v, type Expr } from "../ir/expr";
import { Messages } from "../diagnostics/messages";
import { arrayTypeOf, emitAssign, freshTemp, type LowerContext } from "./context";
import { arrayOperand, eachIndex, element, inlineCallback } from "./arrayMethods";
import { lowerAtom, shorten } from "./expressions";

const SEARCHES = new Set([
  "indexOf",
  "lastIndexOf",
  "findIndex",
  "findLastIndex",
  "find",
  "findLast",
  "includes",
  "at",
]);

/** 'a.indexOf(v)', 'a.findIndex(p)', 'a.find(p)', their '…Last…' kin, 'a.includes(v)' and 'a.at(i)'; or undefined. */
export function lowerArraySearch(ctx: LowerContext, node: TS.CallExpression, hint: string): Expr | undefined {
  const { ts } = ctx;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !SEARCHES.has(callee.name.text)) return undefined;
  const method = callee.name.text;
  if (arrayTypeOf(ctx, ctx.checker.getTypeAtLocation(callee.expression)) === "number[][]") {
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
  if (method === "at") {
    // JavaScript truncates the position toward zero first, and reads NaN as 0: 'x.at(1.5)' is 'x[1]'.
    let at = lowerAtom(ctx, argument, "at");
    if (at.kind !== "num" || !Number.isInteger(at.value)) {
      const truncated = freshTemp(ctx, `${array}_at_whole`, hint, "number");
      emitAssign(ctx, truncated, call("Math.trunc", [at]));
      const whole = freshTemp(ctx, `${array}_at_whole`, hint, "number");
      emitAssign(ctx, whole, cond(binary("===", at, at), v(truncated), num(0)));
      at = v(whole);
    }
    const position = freshTemp(ctx, `${array}_at`, hint, "number");
    emitAssign(ctx, position, cond(binary("<", at, num(0)), binary("+", at, length(array)), at));
    return index(array, v(position));
  }
  if (method === "includes") {
    const sought = lowerAtom(ctx, argument, "sought");
    const found = freshTemp(ctx, `${array}_includes`, hint, "boolean");
    emitAssign(ctx, found, bool(false));
    eachIndex(
      ctx,
      array,
      (k) => {
        const x = element(ctx, array, k);
        const bothNaN = binary("&&", binary("!==", x, x), binary("!==", sought, sought));
        whenTrue(ctx, binary("||", binary("===", x, sought), bothNaN), found, bool(true));
      },
      binary("===", v(found), bool(false)),
    );
    return v(found);
  }
  const sought = method.endsWith("ndexOf") ? lowerAtom(ctx, argument, "sought") : undefined;
  const fromEnd = method.includes("Last") || method === "lastIndexOf";
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
    binary("<", v(position), num(0)),
    fromEnd,
  );
  return method.startsWith("find") && !method.endsWith("Index") ? index(array, v(position)) : v(position);
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
