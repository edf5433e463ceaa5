/**
 * Generated code back to elementary statements: the form lowering gives the primal (one operation on atoms per
 * statement, `?:` as `if`), so that a generator can run on another generator's output. Derivative templates nest
 * operations (`y_dot = Math.cos(x) * x_dot`); each nested operation becomes an assignment to a fresh temporary
 * (`cos_x = Math.cos(x); y_dot = cos_x * x_dot`), evaluated in the order the nested expression would be.
 */
import { isAtom, v, type Expr } from "../ir/expr";
import type { Stmt, VarType } from "../ir/stmt";
import { derivedName, isBooleanExpr } from "../lower/expressions";
import { isRaise } from "../lower/throw";
import { isLengthCheck } from "../analysis/guards";

/** A fresh local of the given type, named from `hint`. */
export type FreshLocal = (hint: string, type: VarType) => string;

export function flattenStatements(body: readonly Stmt[], fresh: FreshLocal): Stmt[] {
  const out: Stmt[] = [];
  for (const s of body) flattenStatement(s, out, fresh);
  return out;
}

function flattenStatement(s: Stmt, out: Stmt[], fresh: FreshLocal): void {
  switch (s.kind) {
    case "assign":
      assignFlat(s.target, s.expr, out, fresh, s.origin);
      return;
    case "store":
      out.push({
        ...s,
        index: atomOf(s.index, out, fresh, s.origin),
        ...(s.outer ? { outer: atomOf(s.outer, out, fresh, s.origin) } : {}),
        value: atomOf(s.value, out, fresh, s.origin),
      });
      return;
    case "if": {
      const test = atomOf(s.test, out, fresh, s.origin);
      out.push({ ...s, test, then: flattenStatements(s.then, fresh), else: flattenStatements(s.else, fresh) });
      return;
    }
    case "loop": {
      const pre = flattenStatements(s.pre, fresh);
      const test = atomOf(s.test, pre, fresh, s.origin);
      out.push({
        ...s,
        pre,
        test,
        body: flattenStatements(s.body, fresh),
        update: flattenStatements(s.update, fresh),
      });
      return;
    }
    case "permute":
      out.push(s);
      return;
    case "effect":
      // An error the primal throws is thrown by every derivative of it; its message's parts are atoms already. The
      // first derivative's check of its tangents' lengths checks them in the second too.
      if (isRaise(s) || isLengthCheck(s)) {
        out.push(s);
        return;
      }
      throw new Error("cannot differentiate generated 'effect' statements again");
    default:
      throw new Error(`cannot differentiate generated '${s.kind}' statements again`);
  }
}

/** `target = e` as elementary statements. */
function assignFlat(target: string, e: Expr, out: Stmt[], fresh: FreshLocal, origin: Stmt["origin"]): void {
  if (e.kind === "cond") {
    // 'y = c ? a : b' → 'if (c) { y = a } else { y = b }', as lowering writes it.
    const test = atomOf(e.test, out, fresh, origin);
    const then: Stmt[] = [];
    const otherwise: Stmt[] = [];
    assignFlat(target, e.whenTrue, then, fresh, origin);
    assignFlat(target, e.whenFalse, otherwise, fresh, origin);
    out.push({ kind: "if", test, then, else: otherwise, origin });
    return;
  }
  out.push({ kind: "assign", target, expr: elementary(e, out, fresh, origin), origin });
}

/** `e` with every operand made an atom: one operation, ready for a rule. */
function elementary(e: Expr, out: Stmt[], fresh: FreshLocal, origin: Stmt["origin"]): Expr {
  const atom = (x: Expr) => atomOf(x, out, fresh, origin);
  switch (e.kind) {
    case "unary":
      return { ...e, arg: atom(e.arg) };
    case "binary":
      return { ...e, left: atom(e.left), right: atom(e.right) };
    case "call":
      return { ...e, args: e.args.map(atom) };
    case "index":
      return e.outer ? { ...e, index: atom(e.index), outer: atom(e.outer) } : { ...e, index: atom(e.index) };
    case "field":
      return { ...e, index: atom(e.index), ...(e.at ? { at: atom(e.at) } : {}) };
    case "length":
      return e.outer ? { ...e, outer: atom(e.outer) } : e;
    case "alloc":
      return { ...e, length: atom(e.length) };
    case "cond":
      return atom(e);
    default:
      return e;
  }
}

/** An atom holding `e`'s value, computed into a fresh temporary (named as lowering names them) when it is not one. */
function atomOf(e: Expr, out: Stmt[], fresh: FreshLocal, origin: Stmt["origin"]): Expr {
  if (isAtom(e)) return e;
  if (e.kind === "cond") {
    const temp = fresh("choice", typeOf(e));
    assignFlat(temp, e, out, fresh, origin);
    return v(temp);
  }
  const operation = elementary(e, out, fresh, origin);
  const temp = fresh(derivedName(operation), typeOf(operation));
  out.push({ kind: "assign", target: temp, expr: operation, origin });
  return v(temp);
}

function typeOf(e: Expr): VarType {
  if (e.kind === "cond") return typeOf(e.whenTrue);
  return isBooleanExpr(e) ? "boolean" : "number";
}
