/**
 * Functions that draw random numbers (dropout masks, sampled noise): every sweep of one derivative call sees one
 * realization, the numbers drawn first (runtime/draws.ts). A vjp's value and each call of its pullback, the rows of
 * jacrev, the columns of jacfwd and the products of a Hessian each run the function again; they used to draw anew.
 * Math.random is replaced by a seeded sequence here, so that the expected derivatives can be derived by hand from
 * the numbers the first sweep drew.
 */
import { compile } from "../helpers/compile";
import { expectClose, rng } from "../helpers/check";

const source = `
import { grad, hessian, jacfwd, jacrev, vjp } from "cotangent";

function noise(scale: number): number {
  return scale * (Math.random() - 0.5);
}

/** Σ mᵢ·xᵢ²·y with a dropout mask mᵢ ∈ {0, 2} drawn per element, plus noise drawn in a helper. */
// @differentiate
export function masked(x: number[], y: number): number {
  let s = 0;
  for (const v of x) s += (Math.random() < 0.5 ? 0 : 2) * v * v * y;
  return s + noise(1) * y;
}

/** xᵢ·rᵢ, each rᵢ drawn. */
// @differentiate
export function scaled(x: number[]): number[] {
  return x.map((v) => v * Math.random());
}

export const pullbackOf = (x: number[], y: number) => vjp(masked, x, y);
export const jr = jacrev(scaled);
export const jf = jacfwd(scaled);
export const h = hessian(masked);
export const hBoth = hessian(masked, [0, 1]);
export const g = grad(masked, [0, 1]);
`;

/** Runs `body` with Math.random drawing from a sequence seeded with `seed`. */
function seeded<T>(seed: number, body: () => T): T {
  const random = Math.random;
  Math.random = rng(seed);
  try {
    return body();
  } finally {
    Math.random = random;
  }
}

/** The first n numbers the sequence seeded with `seed` gives. */
const drawsOf = (seed: number, n: number) => seeded(seed, () => Array.from({ length: n }, () => Math.random()));

let loaded: Record<string, any> | undefined;
const compiled = () => {
  if (!loaded) {
    const out = compile({ "main.ts": source });
    expect(out.diagnostics).toEqual([]);
    loaded = out.load("main.ts");
  }
  return loaded;
};

const x = [0.7, -1.3, 2.1, 0.4, -0.9, 1.6];
const y = 1.7;
/** The mask and noise of masked's first run from the sequence seeded with `seed`. */
function maskedDraws(seed: number) {
  const r = drawsOf(seed, x.length + 1);
  return { mask: r.slice(0, x.length).map((d) => (d < 0.5 ? 0 : 2)), noise: r[x.length] - 0.5 };
}

test("a vjp's value and every call of its pullback belong to the realization drawn when vjp was called", () => {
  const m = compiled();
  const { mask, noise } = maskedDraws(12);
  expect(new Set(mask).size).toBe(2);
  const [value, pullback] = seeded(12, () => m.pullbackOf(x, y));
  expectClose(value, mask.reduce((s, mi, i) => s + mi * x[i] * x[i] * y, 0) + noise * y, 1e-15, "value");
  // The pullbacks run later, while the sequence goes on drawing other numbers.
  const [dx, dy] = seeded(99, () => pullback(1)) as [number[], number];
  const [dx2] = seeded(5, () => pullback(2)) as [number[], number];
  x.forEach((xi, i) => {
    expectClose(dx[i], 2 * mask[i] * xi * y, 1e-15, `∂/∂x[${i}]`);
    expectClose(dx2[i], 4 * mask[i] * xi * y, 1e-15, `2·∂/∂x[${i}]`);
  });
  expectClose(dy, value / y, 1e-15, "∂/∂y");
});

test("jacrev's rows and jacfwd's columns see one realization: a diagonal of the numbers drawn first", () => {
  const m = compiled();
  const r = drawsOf(23, x.length);
  for (const jacobian of [seeded(23, () => m.jr(x)), seeded(23, () => m.jf(x))] as number[][][]) {
    jacobian.forEach((row, i) => row.forEach((J, j) => expect(J).toBe(i === j ? r[i] : 0)));
  }
});

test("a Hessian's products, in one parameter and in two, see one realization", () => {
  const m = compiled();
  const { mask, noise } = maskedDraws(37);
  const H = seeded(37, () => m.h(x, y)) as number[][];
  H.forEach((row, i) => row.forEach((Hij, j) => expect(Hij).toBe(i === j ? 2 * mask[i] * y : 0)));
  const [[Hxx, Hxy], [Hyx, Hyy]] = seeded(37, () => m.hBoth(x, y)) as [[number[][], number[]], [number[], number]];
  expect(Hxx).toEqual(H);
  x.forEach((xi, i) => {
    expectClose(Hxy[i], 2 * mask[i] * xi, 1e-15, `∂²/∂x[${i}]∂y`);
    expectClose(Hyx[i], 2 * mask[i] * xi, 1e-15, `∂²/∂y∂x[${i}]`);
  });
  expect(Hyy).toBe(0);
  expect(noise).toBeLessThan(1);
});

test("grad, one sweep, is of the realization it draws, and Math.random is left as it was", () => {
  const m = compiled();
  const { mask, noise } = maskedDraws(41);
  const random = Math.random;
  const [dx, dy] = seeded(41, () => m.g(x, y)) as [number[], number];
  x.forEach((xi, i) => expectClose(dx[i], 2 * mask[i] * xi * y, 1e-15, `∂/∂x[${i}]`));
  expectClose(dy, mask.reduce((s, mi, i) => s + mi * x[i] * x[i], 0) + noise, 1e-15, "∂/∂y");
  seeded(43, () => m.h(x, y));
  expect(Math.random).toBe(random);
});

test("second derivatives that would draw more than once per product are TS990107: nested markers, a drawing callee", () => {
  const out = compile({
    "main.ts": `
import { grad, hessian, hvp, jacfwd } from "cotangent";
function rec(v: number, n: number): number {
  return n <= 0 ? v : rec(v * (1 + Math.random()), n - 1);
}
// @differentiate
export function f(x: number[]): number {
  return x[0] * x[1] * Math.random();
}
// @differentiate
export function h(x: number[]): number {
  return rec(x[0] * x[1], 3) * x[0];
}
export const nested = jacfwd(grad(f));
export const own = hessian(f);
export const throughCallee = hvp(h);
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:14:30 - error TS990107: 'jacfwd' of 'f' would take second derivatives of random numbers drawn by 'f' or what it calls/,
    ),
    expect.stringMatching(
      /^main\.ts:16:34 - error TS990107: 'hvp' of 'h' would take second derivatives of random numbers drawn by a recursive function it calls/,
    ),
  ]);
});

test("a Hessian through a helper that draws (not recursive): every product sees the first draw", () => {
  const out = compile({
    "main.ts": `
import { hessian } from "cotangent";
function noise(scale: number): number {
  return scale * (Math.random() - 0.5);
}
// @differentiate
export function q(x: number[]): number {
  return x[0] * x[0] * x[1] * noise(1);
}
export const h = hessian(q);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const n = drawsOf(53, 1)[0] - 0.5;
  const [x0, x1] = [0.7, 0.3];
  const H = seeded(53, () => m.h([x0, x1])) as number[][];
  const expected = [
    [2 * x1 * n, 2 * x0 * n],
    [2 * x0 * n, 0],
  ];
  H.forEach((row, i) => row.forEach((Hij, j) => expectClose(Hij, expected[i][j], 1e-15, `H[${i}][${j}]`)));
});
