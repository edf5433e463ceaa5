/**
 * Arrays of records as data (packages/core/src/lower/records.ts): observations `obs: Obs[]` read by index, by
 * `for … of` (named, destructured, with entries), passed whole or element by element to helpers. Never
 * differentiated. Gradients against derivatives derived by hand, forward against reverse mode, central differences.
 */
import { compile, printTransformed } from "../helpers/compile";
import { expectRelative, relativeError } from "../helpers/check";

const source = `
import { grad, gradInto, hessian, jvp, vjp } from "cotangent";

export interface Obs {
  t: number;
  y: number;
  weight: number;
  label: string;
  valid: boolean;
  note?: number;
}

/** Least squares of an exponential decay, p = [amplitude, rate], read by index. */
// @differentiate
export function decay(p: Float64Array, obs: Obs[]): number {
  let s = 0;
  for (let i = 0; i < obs.length; i++) {
    const r = p[0] * Math.exp(-p[1] * obs[i].t) - obs[i].y;
    s += obs[i].weight * r * r;
  }
  return s;
}

function residual(p: Float64Array, o: Obs): number {
  return p[0] * Math.exp(-p[1] * o.t) - o.y;
}

/** The same sum through the other ways of reading: for-of, a flag, a helper given each element. */
// @differentiate
export function decayOf(p: Float64Array, obs: readonly Obs[]): number {
  let s = 0;
  for (const o of obs) {
    if (!o.valid) continue;
    const r = residual(p, o);
    s += o["weight"] * r * r;
  }
  return s;
}

function weightedSum(p: Float64Array, obs: readonly Obs[]): number {
  let s = 0;
  for (const { t, y, weight: w } of obs) s += w * (p[0] * Math.exp(-p[1] * t) - y) ** 2;
  return s;
}

/** A helper given the whole array, called twice (split sweeps), entries, a named element and a string field. */
// @differentiate
export function twice(p: Float64Array, obs: Obs[]): number {
  let first = 0;
  for (const [k, o] of obs.entries()) first += k * o.t * p[1];
  let i = 0;
  const o = obs[i];
  i = 1;
  const tagged = obs[i].label === "b" ? p[0] : 0;
  return weightedSum(p, obs) * Math.sin(weightedSum(p, obs)) + first + o.y * tagged;
}

const DATA: readonly Obs[] = [
  { t: 0.2, y: 1, weight: 1, label: "x", valid: true },
  { t: 0.7, y: 0.4, weight: 2, label: "y", valid: false },
];

/** Methods that walk records, a local function given an element and one given the array, a module constant. */
// @differentiate
export function walks(p: Float64Array, obs: Obs[]): number {
  const r = (o: Obs) => p[0] * o.t - o.y;
  const total = (data: readonly Obs[]) => data.reduce((s, o) => s + o.weight * o.t * p[1], 0);
  let s = obs.reduce((acc, o) => acc + r(o) ** 2, 0);
  obs.forEach(({ y }, k) => {
    s += k * y * p[1];
  });
  const times = obs.map((o) => o.t);
  s += times[times.length - 1] * p[0];
  s += obs.some((o) => !o.valid) ? p[0] : 0;
  s += obs.every((o) => o.valid) ? p[1] : 0;
  return s + total(obs) + total(DATA) + DATA.reduceRight((a, o) => a + o.y, 0) * p[0];
}

export const g = grad(decay);
export const gWalks = grad(walks);
export const gOf = grad(decayOf);
export const gTwice = grad(twice);
export const into = gradInto(decay);
export const h = hessian(decay);
export const t = (p: Float64Array, obs: Obs[], dp: Float64Array) => jvp(decay, [p, obs], [dp, 0]);
export const pb = (p: Float64Array, obs: Obs[]) => vjp(decay, p, obs);
`;

const obs = [
  { t: 0.1, y: 1.1, weight: 1, label: "a", valid: true },
  { t: 0.5, y: 0.8, weight: 0.5, label: "b", valid: true },
  { t: 1.2, y: 0.5, weight: 2, label: "c", valid: true },
  { t: 2, y: 0.2, weight: 1, label: "d", valid: true },
];
const p = Float64Array.from([1.3, 0.7]);

/** ∇ Σ wᵢ (p₀ e^{-p₁ tᵢ} − yᵢ)², by hand. */
const decayGradient = (q: Float64Array, data: typeof obs): number[] =>
  data.reduce(
    ([g0, g1], o) => {
      const e = Math.exp(-q[1] * o.t);
      const r = q[0] * e - o.y;
      return [g0 + 2 * o.weight * r * e, g1 - 2 * o.weight * r * q[0] * o.t * e];
    },
    [0, 0],
  );

const compiled = () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  return out.load("main.ts");
};

test("a fit over observations read by index: grad, gradInto and vjp against the gradient derived by hand", () => {
  const m = compiled();
  const expected = decayGradient(p, obs);
  expectRelative(m.g(p, obs) as Float64Array, expected);
  const out = new Float64Array(2);
  expect(m.into(p, obs, out)).toBe(m.decay(p, obs));
  expectRelative(out, expected);
  const [value, pullback] = m.pb(p, obs) as [number, (w: number) => [Float64Array, 0]];
  expect(value).toBe(m.decay(p, obs));
  const [dp, dObs] = pullback(3);
  expectRelative(
    dp,
    expected.map((e) => 3 * e),
  );
  expect(dObs).toBe(0);
});

test("jvp against grad (the dot-product test), central differences, and the Hessian against differences of grad", () => {
  const m = compiled();
  const dp = Float64Array.from([0.3, -0.8]);
  const [value, directional] = m.t(p, obs, dp) as [number, number];
  expect(value).toBe(m.decay(p, obs));
  const gradient = m.g(p, obs) as Float64Array;
  expect(relativeError(directional, gradient[0] * dp[0] + gradient[1] * dp[1])).toBeLessThan(1e-13);
  const at = (s: number) =>
    m.decay(
      p.map((v, k) => v + s * dp[k]),
      obs,
    ) as number;
  expect(relativeError((at(1e-6) - at(-1e-6)) / 2e-6, directional)).toBeLessThan(1e-7);
  const hessian = m.h(p, obs) as number[][];
  for (let j = 0; j < 2; j++) {
    const step = (s: number) =>
      m.g(
        p.map((v, k) => (k === j ? v + s : v)),
        obs,
      ) as Float64Array;
    const [plus, minus] = [step(1e-6), step(-1e-6)];
    for (let i = 0; i < 2; i++) expect(relativeError(hessian[i][j], (plus[i] - minus[i]) / 2e-6)).toBeLessThan(1e-6);
  }
});

test("for-of with a flag, an element passed to a helper, a helper given the array twice, entries and labels", () => {
  const m = compiled();
  const mixed = obs.map((o, k) => ({ ...o, valid: k !== 2 }));
  expectRelative(
    m.gOf(p, mixed) as Float64Array,
    decayGradient(
      p,
      mixed.filter((o) => o.valid),
    ),
  );
  // twice = W·sin(W) + p₁ Σ k tₖ + y₀·p₀ (obs[1] is labelled "b"), W the weighted sum.
  const w = m.decay(p, obs) as number;
  const dw = decayGradient(p, obs);
  const outer = Math.sin(w) + w * Math.cos(w);
  const expected = [outer * dw[0] + obs[0].y, outer * dw[1] + obs.reduce((s, o, k) => s + k * o.t, 0)];
  expectRelative(m.gTwice(p, obs) as Float64Array, expected, 1e-13);
});

test("reduce, forEach, map, some and every over records, local functions given them, a module constant", () => {
  const m = compiled();
  const data = [
    { t: 0.2, y: 1, weight: 1 },
    { t: 0.7, y: 0.4, weight: 2 },
  ];
  const weighted = (list: readonly { t: number; weight: number }[]) => list.reduce((s, o) => s + o.weight * o.t, 0);
  // ∂/∂p₀: Σ 2 rᵢ tᵢ + t_last + Σ DATA y; ∂/∂p₁: Σ k yₖ + p₁-free sums of weight·t, plus 1 as every element is valid.
  const d0 =
    obs.reduce((s, o) => s + 2 * (p[0] * o.t - o.y) * o.t, 0) +
    obs[obs.length - 1].t +
    data.reduce((s, o) => s + o.y, 0);
  const d1 = obs.reduce((s, o, k) => s + k * o.y, 0) + 1 + weighted(obs) + weighted(data);
  expectRelative(m.gWalks(p, obs) as Float64Array, [d0, d1], 1e-13);
  // One element invalid: 'some' adds p₀, 'every' no longer adds p₁.
  const mixed = obs.map((o, k) => ({ ...o, valid: k !== 1 }));
  expectRelative(m.gWalks(p, mixed) as Float64Array, [d0 + 1, d1 - 1], 1e-13);
});

test("a named element in a loop that unroll-and-jam runs four at a time keeps its own index in each copy", () => {
  // Each copy of the jammed loop named its element through one shared index, the last copy's: jvp read obs[last].
  const out = compile({
    "main.ts": `import { jacfwd, jvp } from "cotangent";
export interface Obs { t: number }
// @differentiate
export function f(x: Float64Array, obs: Obs[]): number {
  let s = 0;
  for (const o of obs) {
    let acc = 0;
    for (let j = 0; j < x.length; j++) acc += x[j] * x[j];
    s += acc * o.t;
  }
  return s;
}
// @differentiate
export function each(x: Float64Array, obs: Obs[]): Float64Array {
  const out = new Float64Array(obs.length);
  for (let i = 0; i < obs.length; i++) {
    const o = obs[i];
    let acc = 0;
    for (let j = 0; j < x.length; j++) acc += x[j] * o.t;
    out[i] = acc * acc;
  }
  return out;
}
export const t = (x: Float64Array, obs: Obs[], dx: Float64Array) => jvp(f, [x, obs], [dx, 0]);
export const jf = jacfwd(each);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const times = [1, 2, 3, 4, 5].map((t) => ({ t }));
  // f = |x|² Σ t = 15 at x = [1]; its derivative in x is 2x Σ t = 30.
  expect(m.t(Float64Array.from([1]), times, Float64Array.from([1]))).toEqual([15, 30]);
  // each_i = (x tᵢ)², so ∂each_i/∂x = 2 x tᵢ² at x = 1.
  expect(m.jf(Float64Array.from([1]), times)).toEqual(times.map(({ t }) => [2 * t * t]));
});

test("'let' names, assertions and non-null reads of elements", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
export interface Obs { t: number; y: number }
// @differentiate
export function f(p: Float64Array, obs: Obs[]): number {
  let s = 0;
  for (let o of obs) s += o.t * p[0];
  let first = obs[0];
  return s + (obs[1] as Obs).y * p[1] + obs[0]!.t * first.y * p[1];
}
export const g = grad(f);`,
  });
  expect(out.diagnostics).toEqual([]);
  const data = [
    { t: 0.1, y: 1.1 },
    { t: 0.5, y: 0.8 },
  ];
  expectRelative(out.load("main.ts").g(p, data) as Float64Array, [0.6, 0.8 + 0.1 * 1.1]);
});

test("records with nested objects: fields read through them, an element passed to a helper, a local alias", () => {
  const out = compile({
    "main.ts": `import { grad, jvp } from "cotangent";
export interface Vec2 { x: number; y: number }
export interface Body { pos: Vec2; mass: number; meta: { fixed: boolean; name: string } }
function pull(p: Float64Array, b: Body): number {
  return b.mass * (p[0] - b.pos.x) ** 2 + (b.meta.fixed ? 0 : p[1] * b.pos.y);
}
// @differentiate
export function field(p: Float64Array, bodies: Body[]): number {
  let s = 0;
  for (const b of bodies) s += b.mass * (p[0] - b.pos.x) ** 2 + (b.meta.fixed ? 0 : p[1] * b.pos["y"]);
  return s;
}
// @differentiate
export function helped(p: Float64Array, bodies: Body[]): number {
  const all = bodies;
  return all.reduce((s, b) => s + pull(p, b), 0) + (bodies[0].pos as Vec2).x * p[1];
}
export const g = grad(field);
export const gHelped = grad(helped);
export const t = (p: Float64Array, bodies: Body[], dp: Float64Array) => jvp(field, [p, bodies], [dp, 0]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const bodies = [
    { pos: { x: 0.2, y: 1 }, mass: 2, meta: { fixed: false, name: "a" } },
    { pos: { x: -0.5, y: 3 }, mass: 1, meta: { fixed: true, name: "b" } },
  ];
  // ∂/∂p₀ = Σ 2 mᵢ (p₀ − xᵢ); ∂/∂p₁ = Σ over bodies not fixed of yᵢ.
  const d0 = bodies.reduce((s, b) => s + 2 * b.mass * (p[0] - b.pos.x), 0);
  expectRelative(m.g(p, bodies) as Float64Array, [d0, 1]);
  expectRelative(m.gHelped(p, bodies) as Float64Array, [d0, 1 + bodies[0].pos.x]);
  const [value, directional] = m.t(p, bodies, Float64Array.from([1, 1])) as [number, number];
  expect(value).toBe(m.field(p, bodies));
  expect(relativeError(directional, d0 + 1)).toBeLessThan(1e-14);
});

test("nested objects of records named, destructured (nested patterns too) and passed to helpers", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
export interface Obs { t: number; y: number; pos: { x: number; y: number; w: { k: number } } }
function use(p: Float64Array, q: { x: number; y: number }): number {
  return q.x * p[0] + q.y * p[1];
}
// @differentiate
export function f(p: Float64Array, obs: Obs[]): number {
  let s = 0;
  for (const { t, y, pos } of obs) s += t * p[0] + pos.y * p[1] * y;
  for (const { t, pos: { y: py, w: { k } } } of obs) s += t * py * p[0] + k * p[1];
  let i = 0;
  const { pos } = obs[i];
  i = 1;
  const q = obs[i].pos;
  return s + pos.x * p[0] + use(p, pos) + use(p, obs[1].pos) + q.w.k * p[1] + obs.reduce((a, { pos: { x } }) => a + x * p[1], 0);
}
export const g = grad(f);`,
  });
  expect(out.diagnostics).toEqual([]);
  const data = [
    { t: 0.1, y: 1.1, pos: { x: 2, y: 3, w: { k: 5 } } },
    { t: 0.5, y: 0.8, pos: { x: -1, y: 0.5, w: { k: 7 } } },
  ];
  // The name 'pos' keeps obs[0].pos after i changes; q is obs[1].pos.
  const d0 = data.reduce((s, o) => s + o.t + o.t * o.pos.y, 0) + data[0].pos.x + data[0].pos.x + data[1].pos.x;
  const d1 =
    data.reduce((s, o) => s + o.pos.y * o.y + o.pos.w.k + o.pos.x, 0) + data[0].pos.y + data[1].pos.y + data[1].pos.w.k;
  expectRelative(out.load("main.ts").g(p, data) as Float64Array, [d0, d1], 1e-14);
});

test("an optional number field read with '??': its value where present, the fallback elsewhere", () => {
  const source = `import { grad } from "cotangent";
export interface Obs { t: number; y: number; weight?: number; label?: string }
// @differentiate
export function weighted(p: Float64Array, obs: Obs[]): number {
  let s = 0;
  for (const o of obs) s += (o.weight ?? 1) * (p[0] * o.t - o.y) ** 2;
  for (let i = 0; i < obs.length; i++) s += (obs[i].weight ?? obs[i].t ?? 2) * p[1];
  return s;
}
export const g = grad(weighted);`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const data = [
    { t: 0.1, y: 1.1, weight: 2 },
    { t: 0.5, y: 0.8 },
    { t: 1.2, y: 0.5, weight: 0.5 },
  ];
  const d0 = data.reduce((s, o) => s + 2 * (o.weight ?? 1) * (p[0] * o.t - o.y) * o.t, 0);
  const d1 = data.reduce((s, o) => s + (o.weight ?? o.t), 0);
  expectRelative(out.load("main.ts").g(p, data) as Float64Array, [d0, d1], 1e-14);
  // The printed code asserts the field it found ('obs[i].weight!') and type-checks.
  const printed = printTransformed({ "main.ts": source });
  expect(printed.text["main.ts"]).toMatch(/\.weight!/);
  expect(compile(printed.text, {}, { transform: false }).diagnostics).toEqual([]);
  // Asserted present ('o.weight!'), it is read as JavaScript reads it: over elements that all have it, the gradient
  // has each one's weight.
  const asserted = compile({ "main.ts": source.replace("(o.weight ?? 1)", "o.weight!") });
  expect(asserted.diagnostics).toEqual([]);
  const weighted = data.map((o) => ({ ...o, weight: o.weight ?? 3 }));
  const a0 = weighted.reduce((s, o) => s + 2 * o.weight * (p[0] * o.t - o.y) * o.t, 0);
  const a1 = weighted.reduce((s, o) => s + o.weight, 0);
  expectRelative(asserted.load("main.ts").g(p, weighted) as Float64Array, [a0, a1], 1e-14);
});

test("samples with array fields: read in place, iterated, passed to a helper (a copy), their lengths", () => {
  const samples = `import { grad, jvp } from "cotangent";
export interface Sample { x: Float64Array; label: number; tags: number[]; slot: Int32Array }
function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
/** Logistic loss, the features given to a helper. */
// @differentiate
export function logistic(w: Float64Array, data: readonly Sample[]): number {
  return data.reduce((s, d) => s + Math.log(1 + Math.exp(-d.label * dot(w, d.x))), 0);
}
/** Squares read in place, tags iterated, a weight picked through an index field, a mapped copy. */
// @differentiate
export function mixed(w: Float64Array, data: Sample[]): number {
  let s = 0;
  for (const d of data) {
    let z = 0;
    for (let j = 0; j < d.x.length; j++) z += w[j] * d.x[j];
    for (const tag of d.tags) z += tag * w[0];
    s += (z - d.label) ** 2 + w[d.slot[0]] * d.x[1];
  }
  const scaled = data[0].x.map((v) => v * w[2]);
  return s + scaled[1];
}
export const gLogistic = grad(logistic);
export const gMixed = grad(mixed);
export const tMixed = (w: Float64Array, data: Sample[], dw: Float64Array) => jvp(mixed, [w, data], [dw, 0]);`;
  const out = compile({ "main.ts": samples });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const w = Float64Array.from([0.3, -0.7, 0.5]);
  const data = [
    { x: Float64Array.from([1, 2, 3]), label: 1, tags: [0.5, 1], slot: Int32Array.from([2]) },
    { x: Float64Array.from([-1, 0.5, 2]), label: -1, tags: [2], slot: Int32Array.from([0]) },
  ];
  const dotOf = (x: Float64Array) => x.reduce((s, xi, j) => s + xi * w[j], 0);
  // ∇ Σ log(1 + e^{−y w·x}) = Σ −y x σ(−y w·x).
  const logistic = [0, 1, 2].map((j) =>
    data.reduce((s, d) => s - (d.label * d.x[j]) / (1 + Math.exp(d.label * dotOf(d.x))), 0),
  );
  expectRelative(m.gLogistic(w, data) as Float64Array, logistic, 1e-13);
  // mixed: zᵢ = w·xᵢ + w₀ Σ tags; ∂/∂w = Σ 2(zᵢ − yᵢ)(xᵢ + e₀ Σ tags) + xᵢ[1] at slot, plus x₀[1] in w₂.
  const mixed = [0, 0, 0];
  for (const d of data) {
    const tags = d.tags.reduce((a, b) => a + b, 0);
    const r = dotOf(d.x) + w[0] * tags - d.label;
    d.x.forEach((xj, j) => (mixed[j] += 2 * r * xj));
    mixed[0] += 2 * r * tags;
    mixed[d.slot[0]] += d.x[1];
  }
  mixed[2] += data[0].x[1];
  const gradient = m.gMixed(w, data) as Float64Array;
  expectRelative(gradient, mixed, 1e-13);
  const [value, directional] = m.tMixed(w, data, Float64Array.from([1, -1, 2])) as [number, number];
  expect(value).toBe(m.mixed(w, data));
  expect(relativeError(directional, gradient[0] - gradient[1] + 2 * gradient[2])).toBeLessThan(1e-13);
  const printed = printTransformed({ "main.ts": samples });
  expect(compile(printed.text, {}, { transform: false }).diagnostics).toEqual([]);
});

test("the markers' types: records and index data have the derivative 0; tuples and matrices keep their shapes", () => {
  const types = `import type { Tangent } from "cotangent";
interface Obs { t: number; y: number }
export const records: Tangent<Obs[]> = 0;
export const readonlyRecords: Tangent<readonly Obs[]> = 0;
export const slots: Tangent<Int32Array> = 0;
// @ts-expect-error a tangent of records is 0, not records
export const wrong: Tangent<Obs[]> = [{ t: 1, y: 2 }];
export const tuple: Tangent<[number, Float64Array]> = [1, new Float64Array(1)];
export const rows: Tangent<Float64Array[]> = [new Float64Array(1)];
export const points: Tangent<[number, number][]> = [[1, 2]];
export const layer: Tangent<{ w: Float64Array; b: number; slot: Int32Array }> = { w: new Float64Array(1), b: 1 };`;
  expect(compile({ "main.ts": types }, {}, { transform: false }).diagnostics).toEqual([]);
});

test("the printed TypeScript (the CLI's route) type-checks without the plugin", () => {
  const printed = printTransformed({ "main.ts": source });
  expect(printed.diagnostics).toEqual([]);
  expect(printed.text["main.ts"]).toMatch(/obs: readonly \{ readonly t: number; readonly y: number; readonly weight/);
  expect(compile(printed.text, {}, { transform: false }).diagnostics).toEqual([]);
});

test("writing or calling methods of an array of records, and differentiating in one but with grad and valueAndGrad, is refused", () => {
  const refused = (body: string, pattern: RegExp) => {
    const out = compile({
      "main.ts": `${source}
const OTHER: Obs[] = [];
// @differentiate
export function bad(p: Float64Array, obs: Obs[]): number { ${body} }
export const gBad = grad(bad);`,
    });
    expect(out.diagnostics.join("\n")).toMatch(pattern);
  };
  refused("obs[0].t = p[0]; return obs[0].t;", /TS990047/);
  refused("obs.find((o) => o.valid); return p[0];", /TS990021: 'obs\.find/);
  // A name bound to an element follows other elements of the same array (recordElements.test.ts), no other.
  refused("let o = obs[0]; o = OTHER[0]; return o.t * p[0];", /TS990105: 'o = OTHER\[0\]' would make 'o' name/);
  refused("return (obs[1]?.t ?? 0) * p[0];", /TS990021: 'obs\[1\]\?\.t'/);
  // grad and valueAndGrad differentiate in records (recordsGradient.test.ts); the other markers do not.
  const out = compile({ "main.ts": `${source}\nexport const wrong = gradInto(decay, 1);` });
  expect(out.diagnostics.join("\n")).toMatch(/TS990008.*'obs'/);
});

test("an array field destructured from a record ('for (const { x, y } of data)'): a copy of its numbers", () => {
  const source = `
import { grad } from "cotangent";
interface Sample { x: number[]; y: number }
// @differentiate
export function loss(w: number[], data: Sample[]): number {
  let s = 0;
  for (const { x, y } of data) s += (w[0] * x[0] + w[1] * x[1] - y) ** 2;
  return s;
}
export const g = grad(loss, 0);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const data = [
    { x: [1, 2], y: 0.5 },
    { x: [-1, 0.5], y: 2 },
  ];
  const w = [0.3, -0.2];
  // Residuals r = w·x − y; the gradient is 2 Σ r·x.
  const r = data.map(({ x, y }) => w[0] * x[0] + w[1] * x[1] - y);
  expect(relativeError(m.loss(w, data), r[0] ** 2 + r[1] ** 2)).toBeLessThan(1e-15);
  expectRelative(
    m.g(w, data),
    [0, 1].map((j) => 2 * (r[0] * data[0].x[j] + r[1] * data[1].x[j])),
    1e-14,
  );
  // The records are left as they were.
  expect(data[0].x).toEqual([1, 2]);
});
