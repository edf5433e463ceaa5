/**
 * The program corpus (Tangent's functions.py): small functions, each exported as `fn` from its `source`, run
 * through jvp, vjp and central finite differences by programs.test.ts. One construct per program where possible;
 * the name says which. Loops whose termination depends on the generated code being right carry a `guard` counter,
 * so that a wrong derivative fails the value comparison instead of hanging the test run.
 */

export interface Program {
  /** Unique, also used as the program's folder in the batch compile. */
  readonly name: string;
  readonly source: string;
  /** The exported function to differentiate. */
  readonly fn: string;
  readonly arity: number;
  readonly points: readonly (readonly number[])[];
  /** Parameter indices held constant (integer counts): not perturbed, zero tangent. */
  readonly fixed?: readonly number[];
  /** Other files of the program, next to main.ts (`lib.ts`, imported as "./lib.js"). */
  readonly files?: Record<string, string>;
  /** Tolerance of the finite-difference comparison (default 1e-6). */
  readonly fdTolerance?: number;
  /**
   * A hand-derived gradient: the reverse-mode gradient's entries at the non-fixed indices must match it to 1e-10
   * relative (exactly where it is 0).
   */
  readonly gradient?: (...x: number[]) => readonly number[];
}

const arithmetic: Program[] = [
  {
    name: "arith-all-operators",
    source: `
export function f(x: number, y: number): number {
  return (x * y + x / y - y ** 3 + (x % y) - -x) * (2 - y);
}`,
    fn: "f",
    arity: 2,
    points: [
      [2.7, 1.3],
      [-3.1, 0.9],
      [0.4, 2.2],
    ],
  },
  {
    name: "arith-unary-minus-and-parentheses",
    source: `
export function f(x: number, y: number): number {
  const a = -(x - 2 * y) * -(-x);
  return -a + -(-(y * (x + (y - (x * 3)))));
}`, // = x² − 4xy + y²
    fn: "f",
    arity: 2,
    points: [
      [0.5, -1.5],
      [2, 3],
    ],
    gradient: (x, y) => [2 * x - 4 * y, -4 * x + 2 * y],
  },
  {
    name: "arith-power-operator-and-pow",
    source: `
export function f(x: number, y: number): number {
  return x ** y + Math.pow(y, 3) + 2 ** x + x ** 2.5 + y ** -1;
}`,
    fn: "f",
    arity: 2,
    points: [
      [1.3, 0.7],
      [0.4, 2.5],
      [2, 1.5],
    ],
  },
  {
    name: "arith-compound-assignments",
    source: `
export function f(x: number, y: number): number {
  let s = x;
  s += y * 2;
  s -= x / 3;
  s *= y;
  s /= x + 4;
  s **= 2;
  s %= 1.7;
  s += 10;
  s %= y + 5;
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 1.1],
      [1.2, 0.3],
      [2.5, 0.8],
    ],
  },
  {
    name: "arith-increments-inside-expressions",
    source: `
export function f(x: number, y: number): number {
  let i = 0;
  let s = x * i++;
  s += x * ++i;
  s -= y * i--;
  s += x * y * --i;
  i++;
  ++i;
  i--;
  let k = x;
  k++;
  ++k;
  k--;
  --k;
  k++;
  const j = k-- * 2 + --k;
  return s + k * i + x * (i++ + ++i) + j * y + i;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 1.5],
      [-2, 0.25],
    ],
  },
  {
    name: "arith-math-constants",
    source: `
export function f(x: number, y: number): number {
  return Math.PI * x + Math.E * y + Math.LN2 + Math.LN10 * x + Math.LOG2E * y * x + Math.LOG10E
    + Math.SQRT2 * x * x + Math.SQRT1_2 / y;
}`,
    fn: "f",
    arity: 2,
    points: [[0.5, 1.5]],
    gradient: (x, y) => [
      Math.PI + Math.LN10 + Math.LOG2E * y + 2 * Math.SQRT2 * x,
      Math.E + Math.LOG2E * x - Math.SQRT1_2 / (y * y),
    ],
  },
  {
    name: "arith-side-effects-keep-evaluation-order",
    source: `
export function f(x: number, y: number): number {
  let a = x;
  const b = --a * ++a; // (x − 1)·x
  let c = y;
  const d = c + c++; // 2y, then c = y + 1
  let e = x;
  const g = e * (e = y); // x·y, then e = y
  return b + d + g + c * e;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.7, 1.3],
      [-1.1, 0.4],
    ],
    gradient: (x, y) => [2 * x - 1 + y, 2 + x + 2 * y + 1],
  },
];

const math: Program[] = [
  {
    name: "math-trigonometric-and-hyperbolic",
    source: `
export function f(x: number): number {
  let s = Math.sin(x) + Math.cos(x) + Math.tan(x) + Math.asin(x) + Math.acos(x) + Math.atan(x);
  s += Math.sinh(x) + Math.cosh(x) + Math.tanh(x) + Math.asinh(x) + Math.acosh(1 + x) + Math.atanh(x);
  s += Math.atan2(x, 1 - x) * Math.atan2(2, x);
  return s;
}`,
    fn: "f",
    arity: 1,
    points: [[0.3], [0.62], [0.45]],
  },
  {
    name: "math-exponential-logarithm-roots",
    source: `
export function f(x: number, y: number): number {
  let s = Math.exp(x) + Math.expm1(x * y) + Math.log(x) + Math.log1p(y) + Math.log2(x + y) + Math.log10(x * 3);
  s += Math.sqrt(x) * Math.cbrt(y) + Math.cbrt(-x) + Math.hypot(x, 2, y) + Math.hypot(x) + Math.abs(x - y);
  return s * Math.pow(x, y);
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.3, 0.8],
      [1.7, 0.2],
      [2.5, 3.1],
    ],
  },
  {
    name: "math-piecewise-constant-functions",
    source: `
export function f(x: number): number {
  const steps = Math.floor(x * 10) + Math.ceil(x) + Math.round(x) + Math.trunc(x * 3) + Math.sign(x - 0.5);
  const bits = Math.clz32(x) + Math.imul(3, 5) + Math.fround(x) * 0 + Math.random() * 0;
  return steps * x + bits + x * x;
}`,
    fn: "f",
    arity: 1,
    points: [[0.33], [0.71], [0.62]],
  },
  {
    name: "math-max-min-chains-in-loop",
    source: `
export function f(x: number, y: number, n: number): number {
  let hi = -Infinity;
  let lo = Infinity;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.sin(x * i + y);
    hi = Math.max(hi, v);
    lo = Math.min(lo, v, y * 0.1);
    s += Math.max(v, 0.05, x * 0.3, -y) - Math.min(x, y);
  }
  return hi - lo + s;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.7, 0.4, 6],
      [1.3, -0.6, 4],
      [0.2, 2.1, 1],
    ],
    fixed: [2],
  },
];

const branches: Program[] = [
  {
    name: "branch-if-else-if-else",
    source: `
export function f(x: number, y: number): number {
  let r: number;
  if (x > 1) r = x * y;
  else if (x > 0) {
    r = Math.sin(x) * y;
  } else if (x > -1) r = y * y;
  else r = x;
  return r * x;
}`,
    fn: "f",
    arity: 2,
    points: [
      [1.5, 0.3],
      [0.5, 0.3],
      [-0.5, 0.3],
      [-2, 0.3],
    ],
  },
  {
    name: "branch-nested-ternaries",
    source: `
export function f(x: number, y: number): number {
  const t = x > 0 ? (y > 0 ? x * y : x - y) : y > 1 ? Math.exp(x) : x * x * y;
  return t + (t > 1 ? t * x : y < 0 ? -t : t / 2);
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 0.5],
      [0.5, -0.4],
      [-0.5, 2],
      [-0.5, 0.5],
      [3, 2],
    ],
  },
  {
    name: "branch-ternary-of-number-literals",
    source: `
export function f(x: number, y: number): number {
  const k = x > 0 ? 2 : 3;
  return x * k + y * (y > 1 ? 0.5 : 4);
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.7, 1.3],
      [-0.4, 0.2],
    ],
    gradient: (x, y) => [x > 0 ? 2 : 3, y > 1 ? 0.5 : 4],
  },
  {
    name: "branch-boolean-locals-and-logic",
    source: `
export function f(x: number, y: number): number {
  const pos = x > 0;
  let big = y > 2 || x > 3;
  if (!pos && !(y < -1)) big = !big;
  const both = pos && big;
  if (both || (x < -2 && y > 0)) return x * y;
  let flag = false;
  if (x !== 0.5 && y >= 1 && !both) flag = true;
  return flag ? x + y * y : x - y;
}`,
    fn: "f",
    arity: 2,
    points: [
      [1, 3],
      [-1, 0],
      [-3, 1],
      [1, 1.5],
      [0.7, 0.2],
      [4, 0.5],
    ],
  },
  {
    name: "branch-early-return-then-more-code",
    source: `
export function f(x: number, y: number): number {
  if (x < 0) return y * y;
  let t = x * y;
  if (t > 10) {
    return Math.log(t);
  }
  t = t + Math.exp(-x);
  const u = t * t;
  return u - y;
}`,
    fn: "f",
    arity: 2,
    points: [
      [-1, 2],
      [4, 3],
      [1, 2],
    ],
  },
  {
    name: "branch-constant-result-wrt-some-params",
    source: `
export function f(x: number, y: number, z: number): number {
  const unused = y * 3 + z;
  const t = z > 0 ? x : x;
  return t * t + Math.floor(y) + unused * 0;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.7, 1.5, 2],
      [-1.2, 3.5, -1],
    ],
    gradient: (x) => [2 * x, 0, 0],
  },
  {
    name: "branch-short-circuit-and-over-recursive-call",
    source: `
export function g(n: number, x: number): number {
  if (n > 0 && g(n - 1, x) > 0) return x * g(n - 1, x) + Math.sin(x);
  return x;
}`,
    fn: "g",
    arity: 2,
    points: [
      [0, 0.7],
      [3, 0.7],
      [4, 1.3],
    ],
    fixed: [0],
  },
  {
    name: "branch-short-circuit-or-over-recursive-call",
    source: `
export function h(x: number, n: number): number {
  const stop = n <= 0 || h(x, n - 1) > 100;
  return stop ? x : x * h(x, n - 1) + 1;
}`,
    fn: "h",
    arity: 2,
    points: [
      [1.5, 0],
      [1.5, 3],
      [3, 5],
    ],
    fixed: [1],
  },
];

const loops: Program[] = [
  {
    name: "loop-for-integer-counter-in-arithmetic",
    source: `
export function f(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x * i + Math.cos(y * i) + i / n + (i % 2) * y;
  return s;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.3, 0.7, 5],
      [1.1, -0.4, 1],
      [2, 1, 0],
    ],
    fixed: [2],
    gradient: (x, y, n) => {
      let dx = 0;
      let dy = 0;
      for (let i = 0; i < n; i++) {
        dx += i;
        dy += -Math.sin(y * i) * i + (i % 2);
      }
      return [dx, dy];
    },
  },
  {
    name: "loop-variable-overwritten-each-iteration",
    source: `
export function f(x: number, y: number, n: number): number {
  let t = x;
  for (let i = 1; i <= n; i++) {
    t = Math.sin(t) * y + x / i;
    if (t > 1) t = Math.log(t);
  }
  return t;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.3, 0.7, 5],
      [1.1, 2.4, 8],
    ],
    fixed: [2],
  },
  {
    name: "loop-nested-with-inner-break",
    source: `
export function f(x: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j > i) break;
      s += Math.sin(x * (i + 1)) * (j + 1);
    }
    s *= 0.9;
  }
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.4, 4],
      [1.3, 1],
    ],
    fixed: [1],
  },
  {
    name: "loop-continue-in-for-still-runs-update",
    source: `
export function f(x: number, n: number): number {
  let s = 0;
  let guard = 0;
  for (let i = 0; i < n; i++) {
    guard++;
    if (guard > 100) return -1;
    if (i % 3 === 1) continue;
    s += x ** 2 * i;
  }
  return s + x;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.6, 7],
      [1.4, 2],
    ],
    fixed: [1],
  },
  {
    name: "loop-labeled-continue-outer",
    source: `
export function f(x: number, n: number): number {
  let s = 0;
  outer: for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j * j > i) continue outer;
      s += x * Math.cos(x + i - j);
    }
    s = s * x;
  }
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.6, 5],
      [1.2, 1],
    ],
    fixed: [1],
  },
  {
    name: "loop-labeled-break-outer-while",
    source: `
export function f(x: number, y: number): number {
  let s = x;
  let i = 0;
  outer: while (i < 20) {
    i++;
    let j = 0;
    do {
      s = s * y + Math.sin(s);
      if (s > 4) break outer;
      j++;
    } while (j < 3);
  }
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 1.1],
      [0.1, 0.5],
    ],
  },
  {
    name: "labeled-block-break",
    source: `
export function f(x: number, y: number): number {
  let s = 0;
  for (let i = 0; i < 6; i++) {
    step: {
      if (i === 1) continue;
      s += x * i;
      if (s > 3 * y) break step;
      s *= y;
      if (i === 4) break;
    }
    s += 0.5 * x;
  }
  check: if (x > 0) {
    if (y > 1) break check;
    s = s * x;
  }
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 1.1],
      [0.7, 0.9],
      [-0.4, 0.8],
      [2, 0.3],
    ],
  },
  {
    name: "loop-return-inside-nested-loop",
    source: `
export function f(x: number, y: number): number {
  let s = x;
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10; j++) {
      s = s * 1.1 + y * Math.sin(s);
      if (s > 5) return s * y;
    }
  }
  return -s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 0.7],
      [0.01, -0.3],
    ],
  },
  {
    name: "loop-while-newton-until-converged",
    source: `
export function f(a: number): number {
  let y = a > 1 ? a : 1;
  let steps = 0;
  while (Math.abs(y * y - a) > 1e-14 * a && steps < 100) {
    y = 0.5 * (y + a / y);
    steps++;
  }
  return y;
}`,
    fn: "f",
    arity: 1,
    points: [[2], [0.3], [17.5]],
    gradient: (a) => [0.5 / Math.sqrt(a)],
  },
  {
    name: "loop-while-data-dependent-trip-count",
    source: `
export function f(x: number, y: number): number {
  let s = 0;
  let k = 0;
  while (s < 10) {
    s += x * x + k * y;
    k++;
  }
  return s * y + k;
}`,
    fn: "f",
    arity: 2,
    points: [
      [1.3, 0.5],
      [0.7, 2.2],
    ],
  },
  {
    name: "loop-while-true-with-break",
    source: `
export function f(x: number): number {
  let p = x;
  let n = 0;
  while (true) {
    p = p * 0.5 + Math.cos(p);
    n++;
    if (n >= 6) break;
  }
  return p;
}`,
    fn: "f",
    arity: 1,
    points: [[0.3], [2.2]],
  },
  {
    name: "loop-postfix-increment-in-while-condition",
    source: `
export function f(x: number, n: number): number {
  let i = 0;
  let s = 0;
  while (i++ < n) s += x * i + Math.sqrt(i * x);
  return s * i;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.8, 4],
      [2.5, 0],
    ],
    fixed: [1],
  },
  {
    name: "loop-do-while",
    source: `
export function f(x: number, n: number): number {
  let p = 1;
  let i = 0;
  do {
    p = p * (x + i);
    i++;
  } while (i < n);
  return p;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 0],
      [0.5, 4],
      [-2.5, 3],
    ],
    fixed: [1],
  },
  {
    name: "loop-do-while-with-continue",
    source: `
export function f(x: number, n: number): number {
  let s = x;
  let i = 0;
  let guard = 0;
  do {
    i++;
    guard++;
    if (guard > 100) return -1;
    if (i % 2 === 0) continue;
    s = s * x + i;
  } while (i < n);
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.9, 5],
      [1.1, 1],
    ],
    fixed: [1],
  },
];

const variables: Program[] = [
  {
    name: "vars-let-shadowing-in-inner-blocks",
    source: `
export function f(a: number, b: number, n: number): number {
  let x = a * 2;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let x = Math.sin(a * i);
    x = x * b;
    s += x;
  }
  if (s < 100) {
    const b = x * 3;
    s += b;
  }
  {
    let a = 10;
    a = a * s;
    s += a;
  }
  return s + x * b;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.4, 1.2, 4],
      [1.5, -0.5, 2],
    ],
    fixed: [2],
  },
  {
    name: "vars-parameters-reassigned",
    source: `
export function f(x: number, y: number): number {
  x = x * 2 + y;
  y = Math.sin(x) * y;
  x += y;
  y *= x;
  return x * y;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.4, 1.2],
      [-1.5, 0.5],
    ],
  },
  {
    name: "vars-self-overwrites",
    source: `
export function f(x: number, y: number): number {
  x = x * x;
  x = x * x;
  let s = y;
  s *= Math.exp(s);
  s *= Math.exp(s);
  s = s / (s + x);
  s = Math.sin(s) * s;
  x = x / x * x;
  s = s ** s;
  return s + x;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.9, 0.3],
      [1.3, 0.1],
    ],
  },
  {
    name: "vars-self-overwrites-in-loop",
    source: `
export function f(x: number, n: number): number {
  let s = 0.5;
  for (let i = 0; i < n; i++) {
    x = x * x;
    x = Math.sqrt(x + 1);
    s *= Math.exp(-s * x);
  }
  return s + x;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.9, 3],
      [-1.3, 5],
    ],
    fixed: [1],
  },
  {
    name: "vars-branch-assigns-variable-read-later",
    source: `
export function f(x: number, y: number, n: number): number {
  let s = 0;
  let last = y;
  for (let i = 0; i < n; i++) {
    let t = y;
    if (i % 2 === 0) {
      t = Math.exp(x * i);
      last = t * x;
    }
    s += t * last;
  }
  return s;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.3, 0.7, 5],
      [-0.4, 1.5, 2],
    ],
    fixed: [2],
  },
];

const calls: Program[] = [
  {
    name: "call-recursion-power-by-squaring",
    source: `
export function pw(x: number, n: number): number {
  if (n === 0) return 1;
  if (n % 2 === 0) {
    const h = pw(x, n / 2);
    return h * h;
  }
  return x * pw(x, n - 1);
}`,
    fn: "pw",
    arity: 2,
    points: [
      [1.1, 0],
      [1.1, 1],
      [0.9, 10],
      [-1.3, 7],
    ],
    fixed: [1],
    gradient: (x, n) => [n === 0 ? 0 : n * x ** (n - 1)],
  },
  {
    name: "call-recursion-sum-of-n-terms",
    source: `
export function rs(x: number, n: number): number {
  return n <= 0 ? 0 : Math.sin(x * n) / n + rs(x, n - 1);
}`,
    fn: "rs",
    arity: 2,
    points: [
      [0.4, 0],
      [0.4, 6],
    ],
    fixed: [1],
    gradient: (x, n) => {
      let d = 0;
      for (let k = 1; k <= n; k++) d += Math.cos(x * k);
      return [d];
    },
  },
  {
    name: "call-mutual-recursion",
    source: `
export function isEven(x: number, n: number): number {
  return n === 0 ? x : isOdd(x * 1.5 + 0.1, n - 1);
}
function isOdd(x: number, n: number): number {
  if (n === 0) return -x;
  return isEven(Math.sin(x), n - 1);
}`,
    fn: "isEven",
    arity: 2,
    points: [
      [0.4, 0],
      [0.4, 1],
      [0.7, 6],
      [0.7, 7],
    ],
    fixed: [1],
  },
  {
    name: "call-other-file-inside-loop",
    source: `
import { sq, lerp } from "./lib.js";
export function f(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s = lerp(s, sq(x, y * i), 0.5);
  return s;
}`,
    files: {
      "lib.ts": `
export function sq(a: number, b: number): number {
  return a * a + Math.sin(b) * a;
}
export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;
`,
    },
    fn: "f",
    arity: 3,
    points: [
      [0.3, 0.7, 5],
      [1.2, -0.3, 1],
    ],
    fixed: [2],
  },
  {
    name: "call-callee-containing-loop",
    source: `
import { poly } from "./lib.js";
export function f(x: number, y: number): number {
  let s = 0;
  for (let i = 1; i <= 3; i++) s += poly(x * i, 4) * y;
  return s;
}`,
    files: {
      "lib.ts": `
export function poly(t: number, n: number): number {
  let p = 0;
  for (let k = 0; k < n; k++) p = p * t + 1;
  return p;
}
`,
    },
    fn: "f",
    arity: 2,
    points: [[0.3, 0.7]],
    // poly(t, 4) = t³ + t² + t + 1
    gradient: (x, y) => {
      let dx = 0;
      let dy = 0;
      for (let i = 1; i <= 3; i++) {
        const t = x * i;
        dx += (3 * t * t + 2 * t + 1) * i * y;
        dy += t ** 3 + t * t + t + 1;
      }
      return [dx, dy];
    },
  },
  {
    name: "call-callee-with-some-active-args",
    source: `
function g(a: number, b: number, k: number): number {
  return a * Math.exp(b) + k * a;
}
export function f(x: number, y: number): number {
  return g(x, 2.5, 3) + g(1.5, y, 2) + g(x, y, 1) + g(3, 4, 5) + g(y, y, y);
}`,
    fn: "f",
    arity: 2,
    points: [[0.3, 0.7]],
    gradient: (x, y) => [
      Math.exp(2.5) + 3 + Math.exp(y) + 1,
      1.5 * Math.exp(y) + x * Math.exp(y) + Math.exp(y) + y * Math.exp(y) + 2 * y,
    ],
  },
  {
    name: "call-results-unused",
    source: `
function check(t: number): void {
  if (!(t < 1e9)) throw new RangeError("too large");
}
function isSmall(t: number): boolean {
  return Math.abs(t) < 1;
}
function h(t: number): number {
  return t * Math.sin(t);
}
export function f(x: number, y: number): number {
  check(y);
  isSmall(x);
  h(y);
  return h(x) * y;
}`,
    fn: "f",
    arity: 2,
    points: [[0.3, 0.7]],
    gradient: (x, y) => [(Math.sin(x) + x * Math.cos(x)) * y, x * Math.sin(x)],
  },
  {
    name: "array-push-spread",
    source: `
export function f(x: number, y: number): number {
  const a = [x, y];
  const b: number[] = [];
  b.push(...a);
  b.push(x * y, ...b);
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i] * (i + 1);
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [[0.5, -2]],
    // b = [x, y, xy, x, y] (the second push spreads b as it was): s = 5x + 7y + 3xy.
    gradient: (x, y) => [5 + 3 * y, 7 + 3 * x],
  },
  {
    name: "branch-short-circuit-statements",
    source: `
export function f(x: number, y: number): number {
  let s = x * x;
  x > 0 && (s += x * y);
  s > 10 || (s -= Math.sin(y));
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.5, 2],
      [-0.5, 2],
      [4, 3],
    ],
    // s = x² + [x > 0]·x·y − [s ≤ 10]·sin(y)
    gradient: (x, y) => {
      const taken = x > 0;
      const s = x * x + (taken ? x * y : 0);
      const subtracted = !(s > 10);
      return [2 * x + (taken ? y : 0), (taken ? x : 0) - (subtracted ? Math.cos(y) : 0)];
    },
  },
  {
    name: "call-same-callee-twice-and-nested",
    source: `
function h(t: number): number {
  return t * Math.sin(t);
}
export function f(x: number, y: number): number {
  return h(x) * h(y) + h(h(x));
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.3, 0.7],
      [1.7, -2],
    ],
  },
  {
    name: "call-arrow-const-and-function-expression",
    source: `
const sq = (a: number): number => a * a;
const cube = function (a: number): number {
  return a * a * a;
};
export const f = (x: number, y: number): number => sq(x) + cube(y) * x;
`,
    fn: "f",
    arity: 2,
    points: [
      [0.3, 0.7],
      [-1.5, 2],
    ],
    gradient: (x, y) => [2 * x + y ** 3, 3 * y * y * x],
  },
  {
    name: "call-function-expression-as-target",
    source: `
export const f = function (x: number, n: number): number {
  let s = 1;
  for (let i = 0; i < n; i++) s = s * x + 1;
  return s;
};`,
    fn: "f",
    arity: 2,
    points: [[0.5, 4]],
    fixed: [1],
    gradient: (x) => [4 * x ** 3 + 3 * x * x + 2 * x + 1], // s = x⁴ + x³ + x² + x + 1
  },
  {
    name: "call-named-function-expression-recursion",
    source: `
export const f = function pw(x: number, n: number): number {
  return n <= 0 ? 1 : x * pw(x, n - 1);
};`,
    fn: "f",
    arity: 2,
    points: [[0.7, 3]],
    fixed: [1],
    gradient: (x) => [3 * x * x],
  },
  {
    name: "call-recursive-arrow-const",
    source: `
export const fact = (x: number, n: number): number => (n <= 1 ? x : (x + n) * fact(x, n - 1));
`,
    fn: "fact",
    arity: 2,
    points: [
      [0.5, 1],
      [0.5, 4],
    ],
    fixed: [1],
  },
  {
    name: "call-annotated-callee-in-loop-with-branches",
    source: `
// @differentiate
export function step(v: number, dt: number): number {
  return v > 0 ? v - dt * v * v : v + dt;
}
// @differentiate
export function f(v0: number, dt: number, n: number): number {
  let v = v0;
  for (let k = 0; k < n; k++) v = step(v, dt);
  return v;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.8, 0.1, 10],
      [-0.3, 0.07, 12],
    ],
    fixed: [2],
  },
];

const edges: Program[] = [
  {
    name: "edge-sibling-loops-reuse-counter-name",
    source: `
export function f(x: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sin(x * i);
  for (let i = 0; i < n; i++) s *= 1 + x / (i + 1);
  let i = 2;
  return s * i;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.4, 3],
      [1.1, 5],
    ],
    fixed: [1],
  },
  {
    name: "edge-names-that-generated-code-uses",
    source: `
const k = 3;
export function f(x: number, x_dot: number, result: number): number {
  let x_bar = x * x_dot;
  let x_1 = result + k;
  let r = 0;
  for (let t = 0; t < 3; t++) {
    let x = x_bar + t;
    const cond = x > 1;
    if (cond) r += x * x_1;
    x_bar = x * 0.5;
  }
  const loop1 = r * x;
  return loop1 + x_bar;
}`,
    fn: "f",
    arity: 3,
    points: [
      [0.7, 1.3, 0.4],
      [2, -0.6, 1.5],
    ],
  },
  {
    name: "edge-assignments-inside-expressions",
    source: `
export function f(x: number, y: number): number {
  let a = 0;
  let b = 0;
  a = b = x * y;
  let s = (a += x) * 2 + +y;
  s = s * (b *= y);
  let t: number;
  if (x > 0) t = s;
  else t = -s;
  return t + a + b;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.7, 1.3],
      [-0.5, 0.9],
    ],
  },
  {
    name: "edge-for-without-declaration-and-empty-header",
    source: `
export function f(x: number, n: number): number {
  let i: number;
  let s = x;
  for (i = 0; i < n; i++) s = s * 0.5 + x;
  for (;;) {
    s = Math.sqrt(s + i);
    i--;
    if (i <= 0) break;
  }
  return s * i;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.7, 3],
      [2.5, 1],
    ],
    fixed: [1],
  },
  {
    name: "edge-call-in-loop-condition-with-and",
    source: `
function g(x: number, i: number): number {
  return Math.cos(x * i);
}
export function f(x: number, n: number): number {
  let i = 0;
  let s = 0;
  while (i < n && g(x, i) > 0) {
    s += g(x, i) * x;
    i++;
  }
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.3, 10],
      [0.05, 4],
    ],
    fixed: [1],
  },
  {
    name: "edge-while-continue-and-return-in-loops",
    source: `
export function f(x: number, n: number): number {
  let i = 0;
  let s = 0;
  let guard = 0;
  while (i < n) {
    i++;
    guard++;
    if (guard > 100) return -1;
    if (i === 2) continue;
    s += x * i;
    do {
      s *= 0.9;
      if (s > 50) return s * x;
      if (s < 0.01) break;
    } while (s > 1);
  }
  return s;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.7, 5],
      [3, 8],
      [-1, 4],
    ],
    fixed: [1],
  },
  {
    name: "edge-recursive-callee-with-loop-called-in-loop",
    source: `
function tri(x: number, n: number): number {
  if (n <= 0) return 0;
  let s = 0;
  for (let k = 0; k < n; k++) {
    if (k === 3) return s + tri(x * 0.5, n - 1);
    s += x;
  }
  return s + tri(x, n - 1);
}
export function f(x: number, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += tri(x + i, i) * x;
  return total;
}`,
    fn: "f",
    arity: 2,
    points: [[0.7, 6]],
    fixed: [1],
  },
  {
    name: "edge-callee-parameter-names-collide-with-caller",
    source: `
function g(y: number, x: number): number {
  x = x * y;
  return x + y * y;
}
export function f(x: number, y: number): number {
  const a = g(x, y);
  const b = g(y, a);
  return g(b, x) + a;
}`,
    fn: "f",
    arity: 2,
    points: [
      [0.7, 0.3],
      [-1.2, 0.5],
    ],
  },
];

/** Every program of the corpus. */
export const corpus: readonly Program[] = [
  ...arithmetic,
  ...math,
  ...branches,
  ...loops,
  ...variables,
  ...calls,
  ...edges,
];
