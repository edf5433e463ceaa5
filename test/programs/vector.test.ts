/**
 * Vector-valued functions: jacfwd (one forward sweep per input) and jacrev (one reverse sweep per output) must give
 * the same Jacobian to ~1e-12 relative, matching central finite differences column by column; vjp cotangents and
 * jvp tangents keep the output's shape, and the caller's cotangent array is left untouched.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";

const source = `
import { jacfwd, jacrev, jvp, vjp } from "cotangent";

// @differentiate
export function polar(r: number, theta: number): number[] {
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

// @differentiate
export function softmax(x: Float64Array): Float64Array {
  let m = x[0];
  for (let i = 1; i < x.length; i++) m = Math.max(m, x[i]);
  const e = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    e[i] = Math.exp(x[i] - m);
    s += e[i];
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = e[i] / s;
  return out;
}

/** Lotka-Volterra predator-prey, integrated with classical RK4 for 'steps' steps; returns the final state. */
// @differentiate
export function lotkaVolterra(y0: Float64Array, alpha: number, beta: number, steps: number): Float64Array {
  const h = 0.01;
  const y = new Float64Array(2);
  y[0] = y0[0];
  y[1] = y0[1];
  for (let n = 0; n < steps; n++) {
    const a = y[0];
    const b = y[1];
    const k1a = alpha * a - beta * a * b;
    const k1b = beta * a * b - b;
    const a2 = a + 0.5 * h * k1a;
    const b2 = b + 0.5 * h * k1b;
    const k2a = alpha * a2 - beta * a2 * b2;
    const k2b = beta * a2 * b2 - b2;
    const a3 = a + 0.5 * h * k2a;
    const b3 = b + 0.5 * h * k2b;
    const k3a = alpha * a3 - beta * a3 * b3;
    const k3b = beta * a3 * b3 - b3;
    const a4 = a + h * k3a;
    const b4 = b + h * k3b;
    const k4a = alpha * a4 - beta * a4 * b4;
    const k4b = beta * a4 * b4 - b4;
    y[0] = a + (h / 6) * (k1a + 2 * k2a + 2 * k3a + k4a);
    y[1] = b + (h / 6) * (k1b + 2 * k2b + 2 * k3b + k4b);
  }
  return y;
}

export const polarF = jacfwd(polar, 1);
export const polarR = jacrev(polar, 1);
export const softmaxF = jacfwd(softmax);
export const softmaxR = jacrev(softmax);
export const lvF = jacfwd(lotkaVolterra, 0);
export const lvR = jacrev(lotkaVolterra, 0);
export const lvAlphaF = jacfwd(lotkaVolterra, 1);
export const lvAlphaR = jacrev(lotkaVolterra, 1);
export const softmaxPullback = (x: Float64Array, c: Float64Array) => vjp(softmax, x)[1](c);
export const softmaxTangent = (x: Float64Array, t: Float64Array) => jvp(softmax, [x], [t]);
`;

const out = compile({ "main.ts": source });
const m = out.load("main.ts");

function expectClose(a: number[] | number[][], b: number[] | number[][], tolerance: number): void {
  const fa = (a as number[]).flat();
  const fb = (b as number[]).flat();
  expect(fa.length).toBe(fb.length);
  fa.forEach((x, i) => {
    if (!(relativeError(x, fb[i]) <= tolerance || Math.abs(x - fb[i]) < 1e-13)) {
      throw new Error(`entry ${i}: ${x} vs ${fb[i]}`);
    }
  });
}

/** Jacobian by central differences in the argument 'k' (an array or a number). */
function fdJacobian(f: (...args: any[]) => ArrayLike<number>, args: any[], k: number): number[][] {
  const x = args[k];
  const n = typeof x === "number" ? 1 : x.length;
  const columns: number[][] = [];
  for (let j = 0; j < n; j++) {
    const shifted = (h: number) => {
      const copy = args.slice();
      if (typeof x === "number") copy[k] = x + h;
      else {
        copy[k] = x.slice();
        copy[k][j] += h;
      }
      return Array.from(f(...copy));
    };
    const h = 1e-6;
    const plus = shifted(h);
    const minus = shifted(-h);
    columns.push(plus.map((p, i) => (p - minus[i]) / (2 * h)));
  }
  return columns[0].map((_, i) => columns.map((c) => c[i]));
}

test("compiles without diagnostics", () => {
  expect(out.diagnostics).toEqual([]);
});

test("polar coordinates: d(x, y)/dθ by jacfwd and jacrev equals (−r sin θ, r cos θ)", () => {
  const expected = [-2 * Math.sin(0.3), 2 * Math.cos(0.3)];
  expectClose(m.polarF(2, 0.3), expected, 1e-15);
  expectClose(m.polarR(2, 0.3), expected, 1e-15);
});

test("softmax Jacobian: jacfwd = jacrev = diag(s) − s sᵀ, and matches finite differences", () => {
  const x = new Float64Array([0.1, 0.5, -0.2, 1.3]);
  const s = Array.from(m.softmax(x) as Float64Array);
  const expected = s.map((si, i) => s.map((sj, j) => (i === j ? si : 0) - si * sj));
  expectClose(m.softmaxF(x), expected, 1e-12);
  expectClose(m.softmaxR(x), expected, 1e-12);
  expectClose(fdJacobian(m.softmax, [x], 0), expected, 1e-7);
});

test("vjp cotangents and jvp tangents keep the output's shape; the caller's cotangent is not modified", () => {
  const x = new Float64Array([0.1, 0.5, -0.2]);
  const c = new Float64Array([1, 2, 3]);
  const [g] = m.softmaxPullback(x, c);
  expect(g).toBeInstanceOf(Float64Array);
  expect(Array.from(c)).toEqual([1, 2, 3]);
  const t = new Float64Array([0.3, -1, 2]);
  const [value, tangent] = m.softmaxTangent(x, t);
  expect(value).toBeInstanceOf(Float64Array);
  expect(tangent).toBeInstanceOf(Float64Array);
  // Dot-product test: <J t, c> = <t, Jᵀ c>.
  const left = Array.from(tangent as Float64Array).reduce((a, ti, i) => a + ti * c[i], 0);
  const right = Array.from(g as Float64Array).reduce((a, gi, i) => a + gi * t[i], 0);
  expect(relativeError(left, right)).toBeLessThan(1e-12);
});

test("RK4 over 300 steps: sensitivity of the final state to the initial state and to a parameter", () => {
  const y0 = new Float64Array([1.2, 0.8]);
  const args = [y0, 1.1, 0.6, 300];
  const forward = m.lvF(...args);
  const reverse = m.lvR(...args);
  expectClose(forward, reverse, 1e-12);
  expectClose(forward, fdJacobian(m.lotkaVolterra, args, 0), 1e-6);
  const alphaF = m.lvAlphaF(...args);
  expectClose(alphaF, m.lvAlphaR(...args), 1e-12);
  expectClose(
    alphaF,
    fdJacobian(m.lotkaVolterra, args, 1).map((row) => row[0]),
    1e-6,
  );
});

test("returning a new array built by a method or a constructor: 'return x.map(cb)', 'return new Float64Array([…])'", () => {
  const out = compile({
    "main.ts": `
import { jacfwd, jacrev } from "cotangent";
// @differentiate
export function squares(x: number[]): number[] {
  return x.map((v, i) => v * v * (i + 1));
}
// @differentiate
export function polar(p: Float64Array): Float64Array {
  return new Float64Array([p[0] * Math.cos(p[1]), p[0] * Math.sin(p[1])]);
}
export const js = [jacfwd(squares), jacrev(squares)];
export const jp = [jacfwd(polar), jacrev(polar)];
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.5, -1.5, 2];
  for (const jac of m.js) {
    const J = jac(x) as number[][];
    J.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 2 * x[i] * (i + 1) : 0, 15)));
  }
  const [r, t] = [1.3, 0.7];
  const expected = [
    [Math.cos(t), -r * Math.sin(t)],
    [Math.sin(t), r * Math.cos(t)],
  ];
  for (const jac of m.jp) {
    const J = jac(new Float64Array([r, t])) as number[][];
    J.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThan(1e-15)));
  }
});
