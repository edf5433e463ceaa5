/**
 * Rules of the arithmetic operators. Keys are the operator as written (`neg` is unary minus).
 */
import { binary, unary, type Rule } from "./shapes";

export const arithmeticRules = {
  // d(a + b) = da + db
  "+": binary(
    () => 1,
    () => 1,
  ),
  // d(a - b) = da - db
  "-": binary(
    () => 1,
    () => -1,
  ),
  // d(-a) = -da
  neg: unary(() => -1),
  // d(a·b) = b·da + a·db
  "*": binary(
    (y, a, b) => b,
    (y, a, b) => a,
  ),
  // d(a/b) = da/b − (a/b)·db/b; reuses the quotient y = a/b.
  "/": binary(
    (y, a, b) => 1 / b,
    (y, a, b) => -y / b,
  ),
  // a % b = a − trunc(a/b)·b, so d(a % b) = da − trunc(a/b)·db away from the jumps at multiples of b.
  "%": binary(
    (y, a, b) => 1,
    (y, a, b) => -Math.trunc(a / b),
  ),
  // Same as Math.pow (see math.ts for the choices at a = 0 and b = 0).
  "**": binary(
    (y, a, b) => (b === 0 && a === 0 ? 0 : b * Math.pow(a, b - 1)),
    (y, a, b) => (a === 0 ? 0 : Math.log(a) * y),
  ),
} as const satisfies Record<string, Rule>;
