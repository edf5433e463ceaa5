/**
 * Markers of a gradient, as JAX composes them: `grad(grad(f))`, `jacfwd(grad(f))`, `jacrev(grad(f))`,
 * `jacfwd(jacrev(f))`, `valueAndGrad`, `jvp` and `vjp` of `grad(f, k)`, written in place or through a `const`.
 * References: second derivatives derived by hand, central differences of the reverse-mode gradient, and the
 * dot-product test between jvp and vjp of the gradient.
 */
import { relativeError, rng } from "../helpers/check";
import { compile } from "../helpers/compile";

const source = `
import { grad, jacfwd, jacrev, jvp, vjp, valueAndGrad } from "cotangent";
import { cubic } from "./lib";

// @differentiate
export function f(x: number): number {
  return Math.sin(x) * x * x;
}
export const d2f = grad(grad(f));
export const valueAndD2f = valueAndGrad(grad(f));
const df = grad(f);
export const d2fByName = grad(df);
export const d2Inline = grad(grad((t: number) => t * t * t * Math.exp(t)));
export const d2Cubic = grad(grad(cubic));

// A loop, a branch and an overwritten value: the products go through f's tape.
// @differentiate
export function energy(x: Float64Array): number {
  let top = x[0];
  for (let i = 1; i < x.length; i++) top = Math.max(top, x[i]);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    let t = Math.exp(x[i] - top);
    if (x[i] > 0.5) t = t * x[i];
    s += t;
  }
  let pair = 0;
  for (let i = 0; i + 1 < x.length; i++) pair += Math.sin(x[i] * x[i + 1]);
  return top + Math.log(s) + pair;
}
export const energyGrad = grad(energy);
export const hessianFwd = jacfwd(grad(energy));
export const hessianRev = jacrev(grad(energy));
export const hessianJax = jacfwd(jacrev(energy));
const dEnergy = grad(energy);
export const hessianByName = jacrev(dEnergy);
export const energyJvp = (x: Float64Array, u: Float64Array) => jvp(grad(energy), [x], [u]);
export const energyVjp = (x: Float64Array, w: Float64Array) => {
  const [g, pullback] = vjp(grad(energy), x);
  return [g, pullback(w)[0]] as const;
};

// Mixed derivatives, with a string parameter carried along and a default.
// @differentiate
export function mixed(x: number[], y: number, mode: "plain" | "scaled", k = 3): number {
  const s = x[0] * x[1] * y * y + Math.sin(y) * x[0];
  return mode === "scaled" ? k * s : s;
}
export const dxdy = jacfwd(grad(mixed, 0), 1);
export const dxdyRev = jacrev(grad(mixed, 0), 1);
export const dxBoth = jacrev(grad(mixed, 0), [0, 1]);
export const dxBothFwd = jacfwd(grad(mixed, 0), [0, 1]);
export const dyBoth = grad(grad(mixed, 1), [0, 1]);
export const valueDyBoth = valueAndGrad(grad(mixed, 1), [1, 0]);
export const mixedJvp = (x: number[], y: number, u: number[], v: number) =>
  jvp(grad(mixed, 0), [x, y, "scaled"], [u, v, "scaled"]);
export const mixedJvpHeld = (x: number[], u: number[]) => jvp(grad(mixed, 1), [x, 0.5, "plain"], [u, 0, "plain"]);
export const mixedJvpArrays = (p: [number[], number, "plain" | "scaled"], t: [number[], number, "plain" | "scaled"]) =>
  jvp(grad(mixed, 0), p, t);
export const mixedVjp = (x: number[], y: number, w: number[]) => {
  const [g, pullback] = vjp(grad(mixed, 0), x, y, "plain");
  return [g, pullback(w)] as const;
};

// An object parameter: the second derivatives in it keep its shape.
interface Line {
  w: number[];
  b: number;
}
// @differentiate
export function loss(p: Line, x: number): number {
  const z = p.w[0] * x + p.w[1] * x * x + p.b;
  return Math.log(1 + Math.exp(z));
}
export const dxdp = grad(grad(loss, 1), 0);
`;

const lib = `
// @differentiate
export function cubic(x: number, scale = 2): number {
  return scale * x * x * x;
}
`;

const m = (() => {
  const out = compile({ "main.ts": source, "lib.ts": lib });
  if (out.diagnostics.length > 0) throw new Error(out.diagnostics.join("\n"));
  return out.load("main.ts");
})();

const close = (a: number, b: number, tol: number) => expect(relativeError(a, b)).toBeLessThanOrEqual(tol);
const closeAll = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) {
    if (Math.abs(b[i]) < 1e-12) expect(Math.abs(a[i])).toBeLessThan(1e-12);
    else close(a[i], b[i], tol);
  }
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("grad of a gradient in one number", () => {
  const exact = (x: number) => 2 * Math.sin(x) + 4 * x * Math.cos(x) - x * x * Math.sin(x);
  test.each([0.7, -1.3, 2.5])("grad(grad(f)) at %p is f'' derived by hand", (x) => {
    close(m.d2f(x), exact(x), 1e-14);
    close(m.d2fByName(x), exact(x), 1e-14);
    const [first, second] = m.valueAndD2f(x);
    close(first, Math.sin(x) * 2 * x + Math.cos(x) * x * x, 1e-14);
    close(second, exact(x), 1e-14);
  });
  test("an inline arrow and a function of another module, its default left out", () => {
    const x = 0.6;
    close(m.d2Inline(x), Math.exp(x) * (6 * x + 6 * x * x + x * x * x), 1e-14);
    close(m.d2Cubic(x), 12 * x, 1e-15);
  });
});

describe("the Hessian as the Jacobian of the gradient", () => {
  const random = rng(17);
  const x = Float64Array.from({ length: 6 }, () => 2 * random() - 1);
  x[2] = 0.9;
  const n = x.length;
  // Central differences of the reverse-mode gradient: column j of H.
  const reference = Array.from({ length: n }, (_, j) => {
    const h = 1e-5;
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[j] += h;
    minus[j] -= h;
    const [gp, gm] = [m.energyGrad(plus), m.energyGrad(minus)];
    return Array.from({ length: n }, (_, i) => (gp[i] - gm[i]) / (2 * h));
  });
  test.each(["hessianFwd", "hessianRev", "hessianJax", "hessianByName"])("%s against differences of grad", (name) => {
    const H: number[][] = m[name](x);
    expect(H.length).toBe(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) expect(Math.abs(H[i][j] - reference[j][i])).toBeLessThan(1e-7);
    }
  });
  test("forward and reverse agree to rounding, and the Hessian is symmetric", () => {
    const [fwd, rev] = [m.hessianFwd(x), m.hessianRev(x)];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(Math.abs(fwd[i][j] - rev[i][j])).toBeLessThan(1e-13);
        expect(Math.abs(fwd[i][j] - fwd[j][i])).toBeLessThan(1e-13);
      }
    }
  });
  test("jvp and vjp of the gradient pass the dot-product test", () => {
    for (let trial = 0; trial < 5; trial++) {
      const u = Float64Array.from({ length: n }, () => 2 * random() - 1);
      const w = Float64Array.from({ length: n }, () => 2 * random() - 1);
      const [g1, hu] = m.energyJvp(x, u);
      const [g2, hw] = m.energyVjp(x, w);
      closeAll(g1, m.energyGrad(x), 1e-15);
      closeAll(g2, m.energyGrad(x), 1e-15);
      const left = hu.reduce((s: number, v: number, i: number) => s + v * w[i], 0);
      const right = hw.reduce((s: number, v: number, i: number) => s + v * u[i], 0);
      close(left, right, 1e-12);
    }
  });
});

describe("mixed second derivatives", () => {
  const [x0, x1, y] = [0.7, 0.3, 0.5];
  const x = [x0, x1];
  // mixed = x0·x1·y² + sin(y)·x0 in the "plain" mode; k times that in "scaled".
  const gradX = (k: number) => [k * (x1 * y * y + Math.sin(y)), k * x0 * y * y];
  const dGradXdy = (k: number) => [k * (2 * x1 * y + Math.cos(y)), k * 2 * x0 * y];
  const dGradXdx = (k: number) => [
    [0, k * y * y],
    [k * y * y, 0],
  ];
  const dGradYdy = 2 * x0 * x1 - Math.sin(y) * x0;
  test("jacfwd and jacrev of grad in x, with respect to y", () => {
    closeAll(m.dxdy(x, y, "plain"), dGradXdy(1), 1e-14);
    closeAll(m.dxdyRev(x, y, "plain"), dGradXdy(1), 1e-14);
    closeAll(m.dxdy(x, y, "scaled", 2), dGradXdy(2), 1e-14);
    closeAll(m.dxdy(x, y, "scaled"), dGradXdy(3), 1e-14);
  });
  test("in several parameters: a tuple of Jacobians", () => {
    for (const J of [m.dxBoth(x, y, "plain"), m.dxBothFwd(x, y, "plain")]) {
      expect(J[0]).toEqual(dGradXdx(1));
      closeAll(J[1], dGradXdy(1), 1e-14);
    }
  });
  test("grad and valueAndGrad of the gradient in y", () => {
    const [inX, inY] = m.dyBoth(x, y, "plain");
    closeAll(inX, dGradXdy(1), 1e-14);
    close(inY, dGradYdy, 1e-14);
    const [value, [byY, byX]] = m.valueDyBoth(x, y, "plain");
    close(value, 2 * x0 * x1 * y + Math.cos(y) * x0, 1e-15);
    close(byY, dGradYdy, 1e-14);
    closeAll(byX, dGradXdy(1), 1e-14);
  });
  test("jvp of the gradient: literal arrays, a tangent held at 0, arrays passed whole", () => {
    const [u, v] = [[0.4, -1.1], 0.8];
    const along = (k: number) =>
      [0, 1].map((i) => dGradXdx(k)[i][0] * u[0] + dGradXdx(k)[i][1] * u[1] + dGradXdy(k)[i] * v);
    const [g, t] = m.mixedJvp(x, y, u, v);
    closeAll(g, gradX(3), 1e-15);
    closeAll(t, along(3), 1e-14);
    const [g2, t2] = m.mixedJvpArrays([x, y, "plain"], [u, v, "plain"]);
    closeAll(g2, gradX(1), 1e-15);
    closeAll(t2, along(1), 1e-14);
    // grad in y along x's tangent alone: d/dx (∂f/∂y)·u, y held still.
    const [gy, ty] = m.mixedJvpHeld(x, u);
    close(gy, 2 * x0 * x1 * y + Math.cos(y) * x0, 1e-15);
    close(ty, (2 * x1 * y + Math.cos(y)) * u[0] + 2 * x0 * y * u[1], 1e-14);
  });
  test("vjp of the gradient pulls a cotangent back to every parameter", () => {
    const w = [1.5, -0.5];
    const [g, [inX, inY, inMode]] = m.mixedVjp(x, y, w);
    closeAll(g, gradX(1), 1e-15);
    closeAll(inX, [dGradXdx(1)[0][0] * w[0] + dGradXdx(1)[1][0] * w[1], dGradXdx(1)[0][1] * w[0]], 1e-14);
    close(inY, dGradXdy(1)[0] * w[0] + dGradXdy(1)[1] * w[1], 1e-14);
    expect(inMode).toBe(0);
  });
});

test("the derivative of a gradient in a number, with respect to an object, keeps the object's shape", () => {
  const p = { w: [0.3, -0.7], b: 0.2 };
  const x = 1.4;
  // ∂loss/∂x = σ(z)·(w0 + 2·w1·x); its derivatives in w0, w1 and b.
  const z = p.w[0] * x + p.w[1] * x * x + p.b;
  const s = sigmoid(z);
  const ds = s * (1 - s);
  const slope = p.w[0] + 2 * p.w[1] * x;
  const d = m.dxdp(p, x);
  close(d.w[0], ds * x * slope + s, 1e-14);
  close(d.w[1], ds * x * x * slope + s * 2 * x, 1e-14);
  close(d.b, ds * slope, 1e-14);
});

test("types: a parameter with a default, a readonly array, a literal 0 holding an array still", () => {
  const out = compile({
    "main.ts": `import { grad, jacfwd, jacrev, jvp, vjp } from "cotangent";
// @differentiate
export function f(x: readonly number[], y = 0.5): number { return x[0] * x[1] * y * y + Math.sin(y) * x[0]; }
export const mixed = jacrev(grad(f, 1), 0);
export const hessianInX = jacfwd(grad(f));
export const alongY = (x: number[]) => jvp(grad(f, 1), [x, 0.5], [0, 1]);
export const pulled = (x: number[], w: number[]) => vjp(grad(f), x, 0.5)[1](w);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m2 = out.load("main.ts");
  const [x0, x1, y] = [0.7, 0.3, 0.5];
  // ∂f/∂y = 2·x0·x1·y + cos(y)·x0; its gradient in x is [2·x1·y + cos(y), 2·x0·y].
  const expected = [2 * x1 * y + Math.cos(y), 2 * x0 * y];
  m2.mixed([x0, x1]).forEach((v: number, i: number) => close(v, expected[i], 1e-14));
  expect(m2.hessianInX([x0, x1], y)).toEqual([
    [0, y * y],
    [y * y, 0],
  ]);
  // ∂²f/∂y² = 2·x0·x1 − sin(y)·x0, along the tangent 1 of y with x held still.
  const [gy, ty] = m2.alongY([x0, x1]);
  close(gy, 2 * x0 * x1 * y + Math.cos(y) * x0, 1e-15);
  close(ty, 2 * x0 * x1 - Math.sin(y) * x0, 1e-14);
  const [inX, inY] = m2.pulled([x0, x1], [1, 0]);
  expect(inX).toEqual([0, y * y]);
  close(inY, 2 * x1 * y + Math.cos(y), 1e-14);
});

describe("refused compositions", () => {
  const base = `import { grad, hessian, hvp, gradInto, jacfwd, jacrev, valueAndGrad, vjp } from "cotangent";
// @differentiate
export function f(x: number): number { return x * x * x; }
// @differentiate
export function g(x: number[]): number { return x[0] * x[0] * x[1]; }
// @differentiate
export function v(x: number[]): number[] { return [x[0] * x[1], x[1]]; }
// @differentiate
export function w(x: number[], out: number[]): number { out[0] = x[0] * x[1]; return out[0] * x[0]; }
// @differentiate
export function o(p: { a: number; b: number }): number { return p.a * p.b * p.b; }
// @differentiate
export function q(m: number[][], x: number): number { return m[0][0] * x * x; }
`;
  test.each([
    ["export const h = hvp(grad(f));", "TS990083"],
    ["export const h = hessian(grad(f));", "TS990083"],
    ["export const h = grad(grad(grad(f)));", "TS990083"],
    ["export const h = jacfwd(grad(valueAndGrad(f)));", "TS990083"],
    ["export const h = jacfwd(valueAndGrad(f));", "TS990083"],
    ["export const h = jacfwd(jacfwd(v));", "TS990084"],
    ["export const h = grad(grad(g));", "TS990009"],
    ["export const h = jacfwd(grad(o));", "TS990084"],
    ["export const h = (m: number[][], x: number) => vjp(grad(q, 1), m, x);", "TS990087"],
    ["export const h = jacrev(grad(w));", "TS990056"],
  ])("%s is %s", (line, code) => {
    const out = compile({ "main.ts": base + line });
    expect(out.diagnostics.some((d) => d.includes(`error ${code}:`))).toBe(true);
    // Third derivatives are named at the outermost marker.
    if (line.includes("grad(grad(grad(f)))"))
      expect(out.diagnostics.join("\n")).toContain("cannot differentiate 'grad(grad(f))'");
  });
});

test("an hvp called in place takes its direction after the function's values", () => {
  const out = compile({
    "main.ts": `import { hvp } from "cotangent";
// @differentiate
export function f(x: number[], s: number): number { return x[0] * x[0] * x[1] * s; }
export const product = (x: number[], s: number, v: number[]) => hvp(f, 0)(x, s, v);
`,
  });
  expect(out.diagnostics).toEqual([]);
  // H in x: [[2·x1·s, 2·x0·s], [2·x0·s, 0]].
  expect(out.load("main.ts").product([0.5, 2], 3, [1, 0])).toEqual([12, 3]);
});
