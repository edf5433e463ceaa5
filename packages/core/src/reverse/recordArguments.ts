/**
 * Records in argnums (expand/records.ts): an element's number fields given straight to a callee (`sq(ss[i])` passes
 * `ss[i].pos.x, ss[i].w, …`) are read into locals first, `ss_pos_x = ss[i].pos.x; sq(ss_pos_x, …)`, so that the
 * callee's adjoints reach a variable whose adjoint the reverse sweep adds into the records' (reverse/sweeps.ts). Only
 * straight-line statements are rewritten: a loop's or an if's test is evaluated where it stands and carries no
 * derivative.
 */
import { binary, call, cond, index, unary, type Expr } from "../ir/expr";
import { assign, mapNested, type FunctionIR, type Stmt } from "../ir/stmt";

export function recordFieldsIntoLocals(fn: FunctionIR, records: ReadonlySet<string>): FunctionIR {
  if (records.size === 0) return fn;
  const locals = new Map(fn.locals);
  const taken = new Set([...fn.params.map((p) => p.name), ...fn.locals.keys(), ...fn.externals]);
  const fresh = (base: string): string => {
    let name = base;
    for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    locals.set(name, "number");
    return name;
  };
  const hoist = (e: Expr, before: Stmt[], s: Stmt): Expr => {
    // (An element itself, 'ss[i] === ss[j]', is compared, never differentiated.)
    if (e.kind === "field" && records.has(e.array) && !e.at && e.path.length > 0) {
      const local = fresh([e.array, ...e.path].join("_"));
      before.push(assign(local, e, s.origin));
      return { kind: "var", name: local };
    }
    const inner = (x: Expr) => hoist(x, before, s);
    switch (e.kind) {
      case "call":
        return call(e.callee, e.args.map(inner));
      case "binary":
        return binary(e.op, inner(e.left), inner(e.right));
      case "unary":
        return unary(e.op, inner(e.arg));
      case "cond":
        return cond(inner(e.test), inner(e.whenTrue), inner(e.whenFalse));
      case "index":
        return index(e.array, inner(e.index), e.outer && inner(e.outer));
      default:
        return e;
    }
  };
  const block = (stmts: readonly Stmt[]): Stmt[] =>
    stmts.flatMap((s): Stmt[] => {
      const before: Stmt[] = [];
      const lift = (e: Expr) => hoist(e, before, s);
      let rewritten: Stmt;
      switch (s.kind) {
        case "assign":
          // 't = ss[i].x' itself is the read the reverse sweep differentiates.
          rewritten = s.expr.kind === "field" ? s : { ...s, expr: lift(s.expr) };
          break;
        case "effect":
          rewritten = { ...s, expr: lift(s.expr) };
          break;
        case "callAssign":
          rewritten = { ...s, call: lift(s.call) };
          break;
        case "store":
          rewritten = { ...s, value: lift(s.value) };
          break;
        case "return":
          rewritten = { ...s, values: s.values.map(lift) };
          break;
        default:
          rewritten = mapNested(s, block);
      }
      return [...before, rewritten];
    });
  return { ...fn, body: block(fn.body), locals };
}
