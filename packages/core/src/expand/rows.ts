/**
 * How many rows `jacrev` sweeps, when the compiler can tell from f's code (analysis/shape.ts): a number result has
 * one, and an array result allocated with a length read from the parameters has that length, computed from the
 * wrapper's arguments. Otherwise the wrapper runs f once to see its result.
 */
import type * as TS from "typescript";
import { resultLength } from "../analysis/shape";
import { binaryToken, emitNumber } from "../emit/expressions";
import type { Expr } from "../ir/expr";
import type { FunctionIR } from "../ir/stmt";

/** What `__ct.jacobianReverseRows` takes: the result's kind and its length, as expressions. */
export interface ReverseRows {
  readonly kind: "number" | "Float64Array" | "Float32Array" | "Array";
  readonly length: TS.Expression;
}

/** `args()`: new expressions, one per IR parameter of f, of what the wrapper passes. */
export function reverseRows(ts: typeof TS, ir: FunctionIR, args: () => TS.Expression[]): ReverseRows | undefined {
  const type = ir.locals.get(ir.result) ?? ir.params.find((p) => p.name === ir.result)?.type;
  if (type === "number") return { kind: "number", length: emitNumber(ts, 1) };
  const length = resultLength(ir);
  if (!length) return undefined;
  const kind = type === "Float64Array" || type === "Float32Array" ? type : "Array";
  const f = ts.factory;
  // Fresh nodes per use: one synthesized node must not sit at two places of the tree.
  const arg = (name: string) => args()[ir.params.findIndex((p) => p.name === name)];
  const emit = (e: Expr): TS.Expression => {
    switch (e.kind) {
      case "num":
        return emitNumber(ts, e.value);
      case "var":
        return arg(e.name);
      case "length":
        return f.createPropertyAccessExpression(arg(e.array), "length");
      case "binary":
        // The factory parenthesizes by precedence: `n * 2 - 1`, `(n - 1) * 2`, `n - (m - 1)`.
        return f.createBinaryExpression(emit(e.left), binaryToken(ts, e.op), emit(e.right));
      default:
        throw new Error(`a result length of kind ${e.kind}`);
    }
  };
  return { kind, length: emit(length) };
}
