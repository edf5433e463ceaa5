/**
 * Algebraic simplification of generated expressions: constant folding and the identities that instantiated
 * templates produce when an input is inactive or a literal (`b * 0`, `1 * x`, `x + -y`). Keeps output readable:
 *   '2 * Math.pow(x, 2 - 1) * x_dot'  →  '2 * x * x_dot'
 * Multiplying by a known zero yields zero even if the other factor is not finite: the standard AD convention that
 * an inactive input contributes nothing.
 */
import { binary, bool, call, cond, exprEquals, num, unary, type BinaryOp, type Expr, type UnaryOp } from "../ir/expr";

const isNum = (e: Expr, value?: number): e is { kind: "num"; value: number } =>
  e.kind === "num" && (value === undefined || e.value === value);

export function simplify(e: Expr): Expr {
  switch (e.kind) {
    case "unary":
      return simplifyUnary(e.op, simplify(e.arg));
    case "binary":
      return simplifyBinary(e.op, simplify(e.left), simplify(e.right));
    case "call":
      return simplifyCall(e.callee, e.args.map(simplify));
    case "cond": {
      const test = simplify(e.test);
      if (test.kind === "bool") return simplify(test.value ? e.whenTrue : e.whenFalse);
      return cond(test, simplify(e.whenTrue), simplify(e.whenFalse));
    }
    default:
      return e;
  }
}

/** -e, simplified. */
export function negate(e: Expr): Expr {
  return simplifyUnary("-", e);
}

function simplifyUnary(op: UnaryOp, arg: Expr): Expr {
  if (op === "+") return arg;
  if (op === "-") {
    if (isNum(arg)) return num(-arg.value);
    if (arg.kind === "unary" && arg.op === "-") return arg.arg;
  }
  if (op === "!" && arg.kind === "bool") return bool(!arg.value);
  return unary(op, arg);
}

function fold(op: BinaryOp, a: number, b: number): Expr {
  switch (op) {
    case "+":
      return num(a + b);
    case "-":
      return num(a - b);
    case "*":
      return num(a * b);
    case "/":
      return num(a / b);
    case "%":
      return num(a % b);
    case "**":
      return num(a ** b);
    case "<":
      return bool(a < b);
    case "<=":
      return bool(a <= b);
    case ">":
      return bool(a > b);
    case ">=":
      return bool(a >= b);
    case "===":
    case "==":
      return bool(a === b);
    case "!==":
    case "!=":
      return bool(a !== b);
    default:
      return binary(op, num(a), num(b));
  }
}

function simplifyBinary(op: BinaryOp, l: Expr, r: Expr): Expr {
  if (isNum(l) && isNum(r)) {
    const folded = fold(op, l.value, r.value);
    if (folded.kind !== "num" || Number.isFinite(folded.value)) return folded;
  }
  switch (op) {
    case "+":
      if (exprEquals(l, r) && l.kind === "var") return binary("*", num(2), l);
      if (isNum(l, 0)) return r;
      if (isNum(r, 0)) return l;
      if (r.kind === "unary" && r.op === "-") return binary("-", l, r.arg);
      if (isNum(r) && r.value < 0) return binary("-", l, num(-r.value));
      if (l.kind === "unary" && l.op === "-") return binary("-", r, l.arg);
      break;
    case "-":
      if (isNum(r, 0)) return l;
      if (isNum(l, 0)) return negate(r);
      if (r.kind === "unary" && r.op === "-") return binary("+", l, r.arg);
      break;
    case "*":
      if (isNum(l, 0) || isNum(r, 0)) return num(0);
      if (isNum(l, 1)) return r;
      if (isNum(r, 1)) return l;
      if (isNum(l, -1)) return negate(r);
      if (isNum(r, -1)) return negate(l);
      // '(1 / a) * b' → 'b / a'
      if (l.kind === "binary" && l.op === "/" && isNum(l.left, 1)) return simplifyBinary("/", r, l.right);
      if (r.kind === "binary" && r.op === "/" && isNum(r.left, 1)) return simplifyBinary("/", l, r.right);
      if (l.kind === "unary" && l.op === "-") return negate(simplifyBinary("*", l.arg, r));
      if (r.kind === "unary" && r.op === "-") return negate(simplifyBinary("*", l, r.arg));
      break;
    case "/":
      if (isNum(l, 0)) return num(0);
      if (isNum(r, 1)) return l;
      if (l.kind === "unary" && l.op === "-") return negate(simplifyBinary("/", l.arg, r));
      break;
    case "&&":
      if (l.kind === "bool") return l.value ? r : l;
      break;
    case "||":
      if (l.kind === "bool") return l.value ? l : r;
      break;
    default:
      break;
  }
  return binary(op, l, r);
}

const FOLDABLE_MATH: ReadonlySet<string> = new Set([
  "Math.sqrt",
  "Math.trunc",
  "Math.log",
  "Math.sin",
  "Math.cos",
  "Math.exp",
  "Math.abs",
  "Math.sign",
]);

function simplifyCall(callee: string, args: Expr[]): Expr {
  if (callee === "Math.pow" && args.length === 2 && isNum(args[1])) {
    if (args[1].value === 1) return args[0];
    if (args[1].value === 0) return num(1);
  }
  if (FOLDABLE_MATH.has(callee) && args.every((a) => isNum(a))) {
    const fn = Math[callee.slice(5) as "sqrt"] as (...xs: number[]) => number;
    const value = fn(...args.map((a) => (a as { value: number }).value));
    if (Number.isFinite(value) && Number.isInteger(value)) return num(value);
  }
  return call(callee, args);
}
