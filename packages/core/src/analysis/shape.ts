/**
 * The length of the array a function returns, as an expression of its parameters, read from its code: `jacrev`
 * then knows how many rows to sweep without running the function once just to see its result.
 *
 * It is known when the function allocates the result once, unconditionally, at its top level, with a length made
 * of number literals, number parameters and typed-array parameters' lengths (`+`, `-`, `*`), possibly through
 * locals assigned once before it (numbers, and the lengths of arrays allocated the same way: `return out` copies
 * `out` into a result as long); and nothing can change the result's length afterwards (a typed array never changes
 * length; a `number[]` must not be stored into, pushed to or passed to a call). Parameters in the length must not be
 * reassigned, so that their values on entry are the ones the allocation sees.
 */
import { binary, childrenOf, isMatrixType, varsOf, type Expr } from "../ir/expr";
import {
  assignmentCounts,
  callsThrough,
  expressionsOf,
  forEachStmt,
  type FunctionIR,
  type Stmt,
  type VarType,
} from "../ir/stmt";

export function resultLength(fn: FunctionIR): Expr | undefined {
  const assigned = assignmentCounts(fn.body);
  const resultType = fn.locals.get(fn.result);
  if (resultType !== "Float64Array" && resultType !== "Float32Array" && resultType !== "number[]") return undefined;
  if (assigned.get(fn.result) !== 1) return undefined;
  const at = fn.body.findIndex((s) => s.kind === "assign" && s.target === fn.result);
  const allocation = fn.body[at];
  if (allocation?.kind !== "assign" || allocation.expr.kind !== "alloc") return undefined;
  if (resultType === "number[]" && mayGrow(fn, fn.result)) return undefined;

  const param = new Map(fn.params.map((p) => [p.name, p.type]));
  const fixed = (name: string) => param.has(name) && !assigned.has(name);
  // Locals assigned once at the top level before the allocation stand for their expressions, and local arrays
  // allocated there (`return out` copies `out` into a fresh result as long) for their lengths.
  const values = new Map<string, Expr>();
  const lengths = new Map<string, Expr>();
  const resolve = (e: Expr): Expr | undefined => {
    switch (e.kind) {
      case "num":
        return e;
      case "var":
        return values.get(e.name) ?? (fixed(e.name) && param.get(e.name) === "number" ? e : undefined);
      case "length": {
        const type = param.get(e.array);
        if (e.outer) return undefined;
        return (
          lengths.get(e.array) ??
          (fixed(e.array) && (type === "Float64Array" || type === "Float32Array") ? e : undefined)
        );
      }
      case "binary": {
        if (e.op !== "+" && e.op !== "-" && e.op !== "*") return undefined;
        const left = resolve(e.left);
        const right = resolve(e.right);
        return left && right && binary(e.op, left, right);
      }
      default:
        return undefined;
    }
  };
  for (const s of fn.body.slice(0, at)) {
    if (s.kind !== "assign" || param.has(s.target) || assigned.get(s.target) !== 1) continue;
    const type = fn.locals.get(s.target);
    if (s.expr.kind === "alloc" && !isMatrixType(type) && !(type === "number[]" && mayGrow(fn, s.target))) {
      const length = resolve(s.expr.length);
      if (length) lengths.set(s.target, length);
    } else if (type === "number") {
      const value = resolve(s.expr);
      if (value) values.set(s.target, value);
    }
  }
  return resolve(allocation.expr.length);
}

/**
 * Whether a `number[]` may change length: a store into it that the lowering did not write in bounds (a push, or
 * `ys[i] = v` at or past its end), a method of it, or a call given it.
 */
function mayGrow(fn: FunctionIR, array: string): boolean {
  if (callsThrough(fn.body, array)) return true;
  const givenTo = (e: Expr): boolean =>
    (e.kind === "call" && e.args.some((a) => varsOf(a).has(array))) || childrenOf(e).some(givenTo);
  let grows = false;
  forEachStmt(fn.body, (s) => {
    if ((s.kind === "store" && s.array === array && !s.inBounds) || expressionsOf(s).some(givenTo)) grows = true;
  });
  return grows;
}

/**
 * Which arrays keep their length through the statements: not assigned another array, not pushed to, and for a
 * `number[]`, not stored into where the lowering did not write in bounds (a store past its end grows it). Calls are
 * the caller's to judge: a callee given an array could resize it.
 */
export function lengthsKept(
  stmts: readonly Stmt[],
  typeOf: (name: string) => VarType | undefined,
): (array: string) => boolean {
  const resized = new Set<string>();
  forEachStmt(stmts, (s) => {
    if (s.kind === "store" && (s.append || (!s.inBounds && typeOf(s.array) === "number[]"))) resized.add(s.array);
    if (s.kind === "assign") resized.add(s.target);
    if (s.kind === "callAssign" || s.kind === "permute") s.targets.forEach((t) => resized.add(t));
  });
  return (array) => !resized.has(array);
}
