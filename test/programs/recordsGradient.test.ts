/**
 * `grad` and `valueAndGrad` in an array of records (expand/records.ts): the gradient in each element's number fields,
 * one object per element, as JAX's grad gives one in a list of dicts. Against gradients derived by hand and central
 * differences, through every way of reading an element; and the uses such a gradient would not follow, refused.
 */
import { compile } from "../helpers/compile";
import { expectClose, relativeError } from "../helpers/check";

const source = `
import { grad, valueAndGrad } from "cotangent";

export interface Particle {
  x: number;
  y: number;
  m: number;
  label: string;
  fixed: boolean;
}

/** Pairwise k·mᵢ·mⱼ/rᵢⱼ, plus a spring y²/2 on the particles that are not fixed. */
// @differentiate
export function energy(ps: Particle[], k: number): number {
  let e = 0;
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      const dx = ps[i].x - ps[j].x;
      const dy = ps[i].y - ps[j].y;
      e += (k * ps[i].m * ps[j].m) / Math.sqrt(dx * dx + dy * dy);
    }
  }
  for (const p of ps) if (!p.fixed) e += 0.5 * p.y * p.y;
  return e;
}

export interface Site {
  pos: { x: number; y: number };
  w: number;
  note?: number;
  tag: string;
}

function bend(s: Site): number {
  return s.pos.x * s.pos.x + s.w * s.pos.y;
}

function damped(s: Site, n: number): number {
  return n <= 0 ? s.w : Math.sin(s.pos.x) * damped(s, n - 1);
}

/** Nested and optional fields, a helper and a recursive helper given an element, callbacks, destructuring. */
// @differentiate
export function sites(ss: readonly Site[], k: number): number {
  let e = 0;
  for (let i = 0; i < ss.length; i++) e += bend(ss[i]) + damped(ss[i], 2) * k + (ss[i].note ?? 1) * ss[i].w;
  e += ss.reduce((a, s) => a + s.pos.y * s.pos.y, 0);
  const ys = ss.map((s) => Math.exp(s.pos.y * k));
  for (const y of ys) e += y;
  for (const {
    pos: { x },
    w,
  } of ss)
    e += Math.tanh(x * w);
  return e;
}

export const gEnergy = grad(energy);
export const vgEnergy = valueAndGrad(energy, [1, 0]);
export const gSites = grad(sites, [0, 1]);

// The types the markers give: one object of the number fields per element (strict mode checks these).
export function typed(ps: Particle[], ss: Site[]): number {
  const g: { x: number; y: number; m: number }[] = gEnergy(ps, 1);
  const [value, [dk, dps]]: [number, [number, { x: number }[]]] = vgEnergy(ps, 1);
  const [dss]: [{ pos: { x: number; y: number }; w: number; note?: number }[], number] = gSites(ss, 1);
  return g[0].x + value + dk + dps[0].x + dss[0].pos.y + (dss[0].note ?? 0);
}
`;

const compiled = () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  return out.load("main.ts");
};

const particles = [
  { x: 0, y: 0, m: 1, label: "a", fixed: true },
  { x: 1, y: 0.5, m: 2, label: "b", fixed: false },
  { x: -0.5, y: 1, m: 3, label: "c", fixed: false },
  { x: 0.7, y: -1.2, m: 0.5, label: "d", fixed: false },
];

/** ∂energy/∂(x, y, m) of each particle, by hand: ∂(mᵢmⱼ/r)/∂xᵢ = −mᵢmⱼ·dx/r³, ∂/∂mᵢ = mⱼ/r. */
function energyGradient(ps: typeof particles, k: number): { x: number; y: number; m: number }[] {
  const g = ps.map((p) => ({ x: 0, y: p.fixed ? 0 : p.y, m: 0 }));
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      const dx = ps[i].x - ps[j].x;
      const dy = ps[i].y - ps[j].y;
      const r = Math.hypot(dx, dy);
      const c = (k * ps[i].m * ps[j].m) / r ** 3;
      g[i].x -= c * dx;
      g[j].x += c * dx;
      g[i].y -= c * dy;
      g[j].y += c * dy;
      g[i].m += (k * ps[j].m) / r;
      g[j].m += (k * ps[i].m) / r;
    }
  }
  return g;
}

test("an n-body energy: the gradient in every particle's x, y and m against the one derived by hand", () => {
  const m = compiled();
  const gradient = m.gEnergy(particles, 1.5) as { x: number; y: number; m: number }[];
  const expected = energyGradient(particles, 1.5);
  expect(gradient).toHaveLength(particles.length);
  gradient.forEach((g, i) => {
    // Only the number fields: the label and the flag have no derivative.
    expect(Object.keys(g)).toEqual(["x", "y", "m"]);
    for (const key of ["x", "y", "m"] as const) expect(relativeError(g[key], expected[i][key])).toBeLessThan(1e-13);
  });
});

test("valueAndGrad in [k, particles]: the value, ∂/∂k = (energy − springs)/k, and the particles' gradient", () => {
  const m = compiled();
  const [value, [dk, dps]] = m.vgEnergy(particles, 1.5) as [number, [number, { x: number }[]]];
  expect(value).toBe(m.energy(particles, 1.5));
  const springs = particles.reduce((s, p) => s + (p.fixed ? 0 : 0.5 * p.y * p.y), 0);
  expect(relativeError(dk, (value - springs) / 1.5)).toBeLessThan(1e-13);
  expect(relativeError(dps[2].x, energyGradient(particles, 1.5)[2].x)).toBeLessThan(1e-13);
});

test("nested and optional fields, helpers given an element, callbacks and destructuring: against central differences", () => {
  const m = compiled();
  const ss = [
    { pos: { x: 0.3, y: -0.7 }, w: 1.2, note: 2, tag: "a" },
    { pos: { x: -1.1, y: 0.4 }, w: 0.6, tag: "b" },
    { pos: { x: 0.8, y: 0.1 }, w: -0.9, note: -0.5, tag: "c" },
  ];
  const k = 1.3;
  const [gradient, dk] = m.gSites(ss, k) as [{ pos: { x: number; y: number }; w: number; note?: number }[], number];
  const h = 1e-6;
  const moved = (i: number, path: string[], by: number) => {
    const copy = structuredClone(ss) as Record<string, any>[];
    const holder = path.length === 2 ? copy[i][path[0]] : copy[i];
    holder[path[path.length - 1]] += by;
    return copy;
  };
  ss.forEach((s, i) => {
    const paths = [["pos", "x"], ["pos", "y"], ["w"], ...(s.note === undefined ? [] : [["note"]])];
    for (const path of paths) {
      const fd = (m.sites(moved(i, path, h), k) - m.sites(moved(i, path, -h), k)) / (2 * h);
      const got =
        path.length === 2 ? (gradient[i].pos as Record<string, number>)[path[1]] : (gradient[i] as any)[path[0]];
      expectClose(got, fd, 1e-7, `∂/∂ss[${i}].${path.join(".")}`);
    }
    // An element without the optional field gets none in its gradient.
    expect("note" in gradient[i]).toBe(s.note !== undefined);
  });
  expectClose(dk, (m.sites(ss, k + h) - m.sites(ss, k - h)) / (2 * h), 1e-7, "∂/∂k");
});

test("the array given whole to helpers, a recursive one walking it by a parameter: against central differences", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
export interface O { t: number; y: number; id: string }
function chain(p: number, obs: readonly O[], n: number): number {
  return n < 0 ? 1 : Math.sin(p * obs[n].t) * chain(p, obs, n - 1);
}
function total(obs: readonly O[], k: number): number {
  let s = 0;
  for (const o of obs) s += o.y * o.t * k;
  return s;
}
function both(obs: readonly O[]): number {
  return total(obs, 2) + obs[0].y ** 2;
}
// @differentiate
export function f(p: number, obs: readonly O[]): number {
  return chain(p, obs, obs.length - 1) + both(obs) + total(obs, p);
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const obs = [
    { t: 0.5, y: 1, id: "a" },
    { t: 1.5, y: 2, id: "b" },
    { t: -0.4, y: 0.3, id: "c" },
  ];
  const [dp, dObs] = m.g(1.2, obs) as [number, { t: number; y: number }[]];
  const h = 1e-6;
  expectClose(dp, (m.f(1.2 + h, obs) - m.f(1.2 - h, obs)) / (2 * h), 1e-7, "∂/∂p");
  obs.forEach((_, i) => {
    for (const key of ["t", "y"] as const) {
      const plus = structuredClone(obs);
      const minus = structuredClone(obs);
      plus[i][key] += h;
      minus[i][key] -= h;
      expectClose(dObs[i][key], (m.f(1.2, plus) - m.f(1.2, minus)) / (2 * h), 1e-7, `∂/∂obs[${i}].${key}`);
    }
  });
});

test("uses of records in argnums that the gradient would not follow, and markers that do not differentiate records", () => {
  const out = compile({
    "main.ts": `
import { grad, gradInto, hessian } from "cotangent";
export interface S { w: number; xs: number[] }
function first(ss: S[]): number { return ss[0].xs[0]; }
// @differentiate
export function deep(ss: S[]): number { return first(ss) * ss[0].w; }
// @differentiate
export function inner(ss: S[]): number { return ss[0].xs[0] * ss[0].w; }
// @differentiate
export function plain(ss: S[]): number { return ss[0].w * ss[0].w; }
export const a = grad(deep);
export const b = grad(inner, [0]);
export const c = gradInto(plain);
export const d = hessian(plain);
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:11:23 - error TS990104: 'ss' is in argnums, but its field 'xs' holds an array/),
    expect.stringMatching(/^main\.ts:12:30 - error TS990104: 'ss' is in argnums, but its field 'xs' holds an array/),
    expect.stringMatching(/^main\.ts:13:27 - error TS990008: Parameter 0 \('ss'\) of 'plain' has type 'S\[\]'/),
    expect.stringMatching(
      /^main\.ts:14:26 - error TS990008: .* only 'grad' and 'valueAndGrad' differentiate in an array of records\.$/,
    ),
  ]);
});

test("a key with a dot is no nested path, and fields of flags and index data inside the records carry no derivative", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface R { "a.b": number; a: { b: number }; keep: boolean[]; ids: Int32Array }
// @differentiate
export function f(rs: R[]): number {
  let s = 0;
  for (const r of rs) s += r["a.b"] + 10 * r.a.b * (r.keep[0] ? r.ids[0] : 1);
  return s;
}
export const g = grad(f);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const rs = [
    { "a.b": 1, a: { b: 2 }, keep: [true], ids: Int32Array.from([3]) },
    { "a.b": 4, a: { b: 5 }, keep: [false], ids: Int32Array.from([7]) },
  ];
  expect(out.load("main.ts").g(rs)).toEqual([
    { "a.b": 1, a: { b: 30 } },
    { "a.b": 1, a: { b: 10 } },
  ]);
});

test("fields a getter computes, and fields deeper than four objects, are refused rather than held still", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
export class V {
  constructor(public x: number, public y: number) {}
  get len(): number { return Math.hypot(this.x, this.y); }
}
interface Deep { w: number; a: { b: { c: { d: { e: number } } } } }
// @differentiate
export function f(vs: V[]): number { let s = 0; for (const v of vs) s += v.len * v.x; return s; }
// @differentiate
export function h(rs: Deep[]): number { let s = 0; for (const r of rs) s += r.w * r.a.b.c.d.e; return s; }
export const g = grad(f);
export const gh = grad(h);
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:12:23 - error TS990104: 'vs' is in argnums, but its field 'len' is computed by a getter\./,
    ),
    expect.stringMatching(
      /^main\.ts:13:24 - error TS990104: 'rs' is in argnums, but its field 'a\.b\.c\.d\.e' lies deeper/,
    ),
  ]);
});

test("an optional field tested against undefined (=== , !==, != null) or asserted (o.note!): value and gradient by hand", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
export interface E { w: number; note?: number }
// @differentiate
export function f(es: E[], k: number): number {
  let s = 0;
  for (const e of es) {
    if (e.note !== undefined) s += e.note * e.w * k;
    if (e.note === undefined) s += e.w;
    if (e.note != null) s += e.note! * k;
  }
  for (let i = 0; i < es.length; i++) if (es[i].note !== undefined) s += es[i].note! ** 2;
  return s;
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const es = [{ w: 2, note: 3 }, { w: 5 }];
  // s = note·w·k + note·k + note² for the first element, w for the second.
  expect(m.f(es, 1.5)).toBe(3 * 2 * 1.5 + 3 * 1.5 + 9 + 5);
  expect(m.g(es, 1.5)).toEqual([[{ w: 3 * 1.5, note: 2 * 1.5 + 1.5 + 6 }, { w: 1 }], 3 * 2 + 3]);
});
