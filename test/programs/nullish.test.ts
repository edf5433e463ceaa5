/**
 * `??` (packages/core/src/lower/nullish.ts): after an element read it chooses the element when the index is one of
 * the array's and the right side otherwise, as JavaScript does whatever the static type says; after a value that is
 * never nullish it is that value. Checked against derivatives written by hand, finite differences and the dot-product
 * test, under `noUncheckedIndexedAccess` (where `x[i]` is `number | undefined`) and without it.
 */
import { compile } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";
import { expectClose } from "../helpers/check";

const stencil = `
// @differentiate
export function edges(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const a = (x[i - 1] ?? 0) - 2 * x[i]! + (x[i + 1] ?? 0);
    s += a * a;
  }
  return s;
}`;

/** Each x_bar[k] against the central difference of `f` in x[k]. */
function expectDifferences(
  xBar: readonly number[],
  f: (x: number[]) => number,
  x: readonly number[],
  at: string,
): void {
  const h = 1e-6;
  x.forEach((_, k) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[k] += h;
    minus[k] -= h;
    expectClose(xBar[k], (f(plus) - f(minus)) / (2 * h), 1e-7, `x_bar[${k}], ${at}`);
  });
}

test("a stencil reads past both edges with '??', under noUncheckedIndexedAccess, as derived by hand", () => {
  const out = compile(
    { "main.ts": `${stencil}\nimport { grad } from "cotangent";\nexport const g = grad(edges);` },
    { strict: true, noUncheckedIndexedAccess: true },
  );
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const n of [0, 1, 2, 5]) {
    const x = Float64Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) + 0.2);
    const at = (k: number) => (k >= 0 && k < n ? x[k] : 0);
    const expected = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const a = at(i - 1) - 2 * x[i] + at(i + 1);
      if (i > 0) expected[i - 1] += 2 * a;
      expected[i] -= 4 * a;
      if (i < n - 1) expected[i + 1] += 2 * a;
    }
    const gradient = m.g(x) as Float64Array;
    expect(gradient).toHaveLength(n);
    gradient.forEach((g, k) => expectClose(g, expected[k], 1e-14, `x_bar[${k}] at n = ${n}`));
  }
  checkBothWays(stencil, "edges", "x: Float64Array", [
    [Float64Array.from([0.3, -1.2, 0.8, 1.5])],
    [new Float64Array(1)],
  ]);
});

test("'??' after fractional indices, matrix rows, tuples and plain numbers", () => {
  const source = `
const m: number[][] = [
  [0.5, -0.25, 1.5],
  [2, 0.75, -1],
];
// @differentiate
export function mixed(x: number[], p: number, q: number): number {
  const t: [number, number] = [p, q];
  let s = 0;
  for (let j = 0; j < 2 * x.length; j++) {
    // x[j / 2] is undefined at odd j, and m's rows end at index 2: the right sides are chosen there.
    s += (x[j / 2] ?? t[1]) * (m[j % 2][j + 1] ?? x[0]);
  }
  const a = s * t[0];
  return (a ?? 3) + (t[0] ?? 2) * s;
}`;
  checkBothWays(source, "mixed", "x: number[], p: number, q: number", [[[0.3, -1.2], 0.8, 1.5]]);
  const out = compile({
    "main.ts": `${source}\nimport { grad } from "cotangent";\nexport const g = grad(mixed, [0, 1, 2]);`,
  });
  expect(out.diagnostics).toEqual([]);
  // By hand at x = [a, b]: the products over j = 0..3 are a·m[0][1], q·m[1][2], b·x[0] (m[0][3] is past the row's
  // end) and q·x[0]; so s = a·m01 + q·m12 + a·b + q·a, and f = s·p + p·s = 2ps.
  const m = [
    [0.5, -0.25, 1.5],
    [2, 0.75, -1],
  ];
  const [a, b, p, q] = [0.3, -1.2, 0.8, 1.5];
  const s = a * m[0][1] + q * m[1][2] + a * b + q * a;
  const [xBar, pBar, qBar] = out.load("main.ts").g([a, b], p, q) as [number[], number, number];
  expectClose(xBar[0], 2 * p * (m[0][1] + b + q), 1e-14, "x_bar[0]");
  expectClose(xBar[1], 2 * p * a, 1e-14, "x_bar[1]");
  expectClose(pBar, 2 * s, 1e-14, "p_bar");
  expectClose(qBar, 2 * p * (m[1][2] + a), 1e-14, "q_bar");
});

test("chains, conditionals, optional rows and at(): each read gets its own test, as JavaScript decides", () => {
  const source = `
// @differentiate
export function chains(x: number[], m: number[][], c: number, i: number): number {
  const a = x[i] ?? x[i + 1] ?? c;
  const b = (c > 0 ? x[i + 2] : x[0]) ?? c * c;
  const d = (m[i]?.[1] ?? 2 * c) + m[0]![1]!;
  const e = (x.at(i + 0.5) ?? c) + x.at(Number.NaN)! + x.at(-0.5)!;
  return a * b + d * e;
}
import { valueAndGrad } from "cotangent";
export const g = valueAndGrad(chains, [0, 2]);`;
  const reference = (x: number[], m: number[][], c: number, i: number): number => {
    const a = x[i] ?? x[i + 1] ?? c;
    const b = (c > 0 ? x[i + 2] : x[0]) ?? c * c;
    const d = (m[i]?.[1] ?? 2 * c) + m[0][1];
    const e = (x.at(i + 0.5) ?? c) + x.at(Number.NaN)! + x.at(-0.5)!;
    return a * b + d * e;
  };
  for (const options of [{}, { strict: true, noUncheckedIndexedAccess: true }]) {
    const out = compile({ "main.ts": source }, options);
    expect(out.diagnostics).toEqual([]);
    const g = out.load("main.ts").g;
    const m = [
      [0.5, -1.5],
      [2, 0.25],
    ];
    // i = 0: every read is there; i = 1: x[3] and m[1]?.[1] are; i = 2: a falls to c, row 2 is missing, at(2.5) is x[2].
    for (const i of [0, 1, 2]) {
      const x = [0.3, -1.2, 0.8];
      const c = 0.7;
      const [value, [xBar, cBar]] = g(x, m, c, i) as [number, [number[], number]];
      expectClose(value, reference(x, m, c, i), 1e-15, `value at i = ${i}`);
      const h = 1e-6;
      expectDifferences(xBar, (y) => reference(y, m, c, i), x, `i = ${i}`);
      const dc = (reference(x, m, c + h, i) - reference(x, m, c - h, i)) / (2 * h);
      expectClose(cBar, dc, 1e-7, `c_bar at i = ${i}`);
    }
  }
});

test("a constant holding an element read, and an assignment of one, tested by '??' later, as JavaScript does", () => {
  const source = `
// @differentiate
export function held(x: number[], c: number): number {
  let s = 0;
  let a = 0;
  for (let i = 0; i < 4; i++) {
    const next = x[i + 1];
    s += (next ?? c) * x[0] + ((a = x[i]) ?? c * c);
  }
  const last = x[x.length];
  return s + (last ?? 2 * c);
}
import { valueAndGrad } from "cotangent";
export const g = valueAndGrad(held, [0, 1]);`;
  const reference = (x: number[], c: number): number => {
    let s = 0;
    let a = 0;
    for (let i = 0; i < 4; i++) {
      const next = x[i + 1];
      s += (next ?? c) * x[0] + ((a = x[i]) ?? c * c);
    }
    void a;
    const last = x[x.length];
    return s + (last ?? 2 * c);
  };
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const x = [0.5, 2];
  const c = 0.7;
  const [value, [xBar, cBar]] = out.load("main.ts").g(x, c) as [number, [number[], number]];
  expect(value).toBe(reference(x, c));
  // s = (x1 + 3c)·x0 + x0 + x1 + 2c², then + 2c: the reads past the end add nothing, and the adjoint keeps x's length.
  expect(xBar).toEqual([x[1] + 3 * c + 1, x[0] + 1]);
  expectClose(cBar, 3 * x[0] + 4 * c + 2, 1e-15, "c_bar");
  // Under noUncheckedIndexedAccess the constant is typed 'number | undefined'.
  const checked = compile(
    {
      "main.ts": `
// @differentiate
export function edge(x: number[], c: number): number {
  const inside = x[1];
  const past = x[2];
  return (inside ?? c) * (past ?? c) * c;
}
import { valueAndGrad } from "cotangent";
export const g = valueAndGrad(edge, [0, 1]);`,
    },
    { strict: true, noUncheckedIndexedAccess: true },
  );
  expect(checked.diagnostics).toEqual([]);
  // edge = x1·c²: the first read is there, the second is not.
  expect(checked.load("main.ts").g(x, c)).toEqual([x[1] * c * c, [[0, c * c], 2 * x[1] * c]]);
});

test("a field named by a string is a field: '??' after an optional one tests it, after a required one is its value", () => {
  const optional = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number, p: { w?: number }): number { return (p["w"] ?? 1) * x; }
export const g = grad(f, [0, 1]);`,
  });
  expect(optional.diagnostics).toEqual([]);
  // f = (w ?? 1)·x: left out, ∂/∂x = 1 and ∂/∂w = 0; given, w and x.
  expect(optional.load("main.ts").g(3, {})).toEqual([1, { w: 0 }]);
  expect(optional.load("main.ts").g(3, { w: 2 })).toEqual([2, { w: 3 }]);
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
// @differentiate
export function f(x: number, p: { a: number }): number { return (p["a"] ?? 1) * x * x; }
export const g = grad(f, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  expect(out.load("main.ts").g(3, { a: 2 })).toEqual([12, { a: 9 }]);
});

test("'??' through a constant's other name, a conditional of constants, a callee's constant and an optional row", () => {
  const source = `
function pair(x: number[], i: number, c: number): [number, number] {
  const a = x[i];
  return [a ?? c, 2 * c];
}
// @differentiate
export function f(x: number[], m: number[][], c: number, i: number): number {
  const a = x[i];
  const b = a;
  const p = x[i + 1],
    q = x[i + 2];
  const row = m[i]?.[0];
  const [first, second] = pair(x, i + 3, c);
  return (b ?? c) * c + ((c > 0 ? p : q) ?? c * c) + (row ?? 3 * c) + first * second;
}
import { valueAndGrad } from "cotangent";
export const g = valueAndGrad(f, [0, 2]);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.5, 2, -1.5];
  const matrix = [[0.25, 1]];
  for (const [c, i] of [
    [0.7, 0],
    [-0.7, 1],
    [0.7, 4],
  ]) {
    const [value, [xBar, cBar]] = m.g(x, matrix, c, i) as [number, [number[], number]];
    expect(value).toBe(m.f(x, matrix, c, i));
    expect(xBar).toHaveLength(x.length);
    const h = 1e-6;
    expectDifferences(xBar, (y) => m.f(y, matrix, c, i), x, `i = ${i}`);
    expectClose(cBar, (m.f(x, matrix, c + h, i) - m.f(x, matrix, c - h, i)) / (2 * h), 1e-7, `c_bar at i = ${i}`);
  }
});

test("'??' on a variable given an element read elsewhere is TS990074: no flag follows what it holds", () => {
  const out = compile({
    "main.ts": `
const K = [1, 2];
const K5 = K[5];
// @differentiate
export function reassigned(x: number[], c: number): number { let a = x[0]; a = x[5]; return (a ?? c) * c; }
// @differentiate
export function constant(c: number): number { return (K5 ?? c) * c; }
`,
  });
  const codes = out.diagnostics.map((d) => d.replace(/ - error TS(\d+).*/, " $1"));
  expect(codes).toEqual(["main.ts:5:94 990074", "main.ts:7:55 990074"]);
});

const maybeUndefined = `
// @differentiate
export function squaredSteps(x: number[]): number {
  let prev: number | undefined;
  let s = 0;
  for (const v of x) {
    if (prev !== undefined) s += (v - prev) ** 2;
    prev = v;
  }
  return s;
}
// @differentiate
export function flags(x: number[], t: number): number {
  let found: number | undefined = undefined;
  let any = false;
  let all = true;
  for (const v of x) {
    any ||= v > t;
    all &&= v > -t;
    if (v > t) found ??= v * v;
  }
  return (found ?? t * t) + (any ? t : 0) + (all ? 2 * t : 0);
}
// @differentiate
export function reset(x: number[], k: number): number {
  let last: number | undefined = x[0] * k;
  let s = 0;
  for (let i = 1; i < x.length; i++) {
    if (x[i] < 0) last = undefined;
    else if (last === undefined) last = x[i];
    else {
      s += last * x[i];
      last = x[i] * 0.5;
    }
  }
  return s + (last ?? k);
}`;

test("a local that may be undefined ('let prev: number | undefined'), tested, coalesced and assigned; '&&=', '||=', '??='", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";${maybeUndefined}\nexport const g = grad(squaredSteps);`,
  });
  expect(out.diagnostics).toEqual([]);
  const x = [0.3, -1.2, 0.8, 2.5];
  // Σ (x[i+1] − x[i])²: ∂x[i] = 2(x[i] − x[i−1]) − 2(x[i+1] − x[i]), with the missing neighbours' terms left out.
  const hand = x.map((v, i) => (i > 0 ? 2 * (v - x[i - 1]) : 0) - (i + 1 < x.length ? 2 * (x[i + 1] - v) : 0));
  (out.load("main.ts").g(x) as number[]).forEach((g, i) => expectClose(g, hand[i], 1e-14, `x_bar[${i}]`));
  checkBothWays(maybeUndefined, "squaredSteps", "x: number[]", [[x], [[1.5]], [[]]]);
  // Points where no element, some and all pass the tests.
  checkBothWays(maybeUndefined, "flags", "x: number[], t: number", [
    [[0.3, -1.2, 0.8], 0.5],
    [[0.3, -0.2, 0.1], 0.5],
    [[0.3, 1.2, 0.8], 0.1],
    [[-2, -3], 1],
  ]);
  checkBothWays(maybeUndefined, "reset", "x: number[], k: number", [
    [[0.3, 1.2, 0.8, 2.5], 1.5],
    [[0.3, -1.2, 0.8, 2.5], 1.5],
    [[0.3, 1.2, -0.8], 0.7],
  ]);
});

test("'??=' on a value that may be undefined without a flag is TS990074; '||=' on numbers is TS990064", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(x: number[], o: { k?: number }): number {
  let a = x[0];
  a ||= 2;
  const p = { k: o.k };
  p.k ??= 1;
  return a;
}`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:5:3 - error TS990064: 'a \|\|= 2' uses '\|\|' on values that are not booleans/),
    expect.stringMatching(/^main\.ts:7:3 - error TS990074: 'p\.k' may be null or undefined/),
  ]);
});

test("a branch giving null or undefined to '??' takes the right side ('(c ? null : v) ?? b')", () => {
  const source = `
// @differentiate
export function pick(x: number, y: number): number {
  const a = (x > 1 ? null : x * x) ?? y;
  const b = (y > 0 ? x * y : undefined) ?? 3 * x;
  return a * b;
}`;
  // x ≤ 1, y > 0: f = x²·xy = x³y; x > 1, y ≤ 0: f = y·3x.
  const out = compile({
    "main.ts": `import { grad } from "cotangent";${source}\nexport const g = grad(pick, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  expect(m.g(0.5, 2)).toEqual([3 * 0.25 * 2, 0.125]);
  expect(m.g(1.5, -2)).toEqual([-6, 4.5]);
  checkBothWays(source, "pick", "x: number, y: number", [
    [0.5, 2],
    [1.5, -2],
    [1.5, 2],
    [0.5, -2],
  ]);
});

test("a local that may be undefined takes an optional field's flag ('prev = o.k'); a search's result is TS990096", () => {
  const source = `
import { grad } from "cotangent";
// @differentiate
export function f(x: number, o: { k?: number }): number {
  let prev: number | undefined = o.k;
  let s = 0;
  if (prev !== undefined) s += prev * x * x;
  prev = undefined;
  prev ??= 3 * x;
  return s + prev;
}
export const g = grad(f);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // Given k: f = k·x² + 3x, f' = 2kx + 3; left out: f = 3x, f' = 3.
  expect(m.f(0.5, { k: 2 })).toBeCloseTo(2 * 0.25 + 1.5, 15);
  expect(m.g(0.5, { k: 2 })).toBeCloseTo(2 * 2 * 0.5 + 3, 15);
  expect(m.f(0.5, {})).toBeCloseTo(1.5, 15);
  expect(m.g(0.5, {})).toBe(3);
  const refused = compile({
    "main.ts": `
// @differentiate
export function f(x: number, y: number[]): number {
  let prev: number | undefined = 1;
  prev = y.find((v) => v > x);
  return prev !== undefined ? prev * x : x;
}`,
  });
  expect(refused.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:5:10 - error TS990096: 'y\.find\(\(v\) => v > x\)' may be undefined/),
  ]);
});
