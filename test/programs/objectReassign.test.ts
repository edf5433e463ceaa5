/**
 * Object and tuple variables assigned again (packages/core/src/lower/objectAssign.ts): a literal, a method's or a
 * helper's new object, a tuple, a spread copy, the best candidate kept in a loop, a choice between parameters. Each
 * against the same program over number variables (an independent route through the compiler), central differences
 * and the dot-product test, or a closed form. An assignment Cotangent cannot copy is refused, never dropped.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const classes = `
class V2 {
  constructor(public x: number, public y: number) {}
  add(o: V2): V2 { return new V2(this.x + o.x, this.y + o.y); }
  scale(k: number): V2 { return new V2(this.x * k, this.y * k); }
  dot(o: V2): number { return this.x * o.x + this.y * o.y; }
}
function rot(p: [number, number], a: number): [number, number] {
  return [Math.cos(a) * p[0] - Math.sin(a) * p[1], Math.sin(a) * p[0] + Math.cos(a) * p[1]];
}
function step(q: { x: number; v: number }, dt: number, k: number): { x: number; v: number } {
  return { x: q.x + dt * q.v, v: q.v - dt * k * q.x };
}
`;

const cases: { name: string; objects: string; scalars: string }[] = [
  {
    name: "a literal built from the old value, in a loop",
    objects: `let q = { x: x, v: 0.3 };
  for (let i = 0; i < 3; i++) q = { x: q.x + 0.1 * q.v, v: q.v - 0.1 * k * q.x };
  q = step(q, 0.2, k);
  return q.x * q.x + q.v;`,
    scalars: `let qx = x;
  let qv = 0.3;
  for (let i = 0; i < 3; i++) { const nx = qx + 0.1 * qv; qv = qv - 0.1 * k * qx; qx = nx; }
  const nx = qx + 0.2 * qv;
  qv = qv - 0.2 * k * qx;
  qx = nx;
  return qx * qx + qv;`,
  },
  {
    name: "methods returning new objects (a leapfrog)",
    objects: `let p = new V2(x, k);
  let v = new V2(0, 1);
  for (let i = 0; i < 5; i++) { v = v.add(p.scale(-0.1)); p = p.add(v.scale(0.1)); }
  return p.dot(p) + v.dot(v);`,
    scalars: `let px = x;
  let py = k;
  let vx = 0;
  let vy = 1;
  for (let i = 0; i < 5; i++) { vx = vx - 0.1 * px; vy = vy - 0.1 * py; px = px + 0.1 * vx; py = py + 0.1 * vy; }
  return px * px + py * py + vx * vx + vy * vy;`,
  },
  {
    name: "a tuple rotated in a loop",
    objects: `let p: [number, number] = [x, 0.3];
  for (let i = 0; i < 3; i++) p = rot(p, k);
  return p[0] * p[0] + p[1];`,
    scalars: `let p0 = x;
  let p1 = 0.3;
  for (let i = 0; i < 3; i++) {
    const n0 = Math.cos(k) * p0 - Math.sin(k) * p1;
    p1 = Math.sin(k) * p0 + Math.cos(k) * p1;
    p0 = n0;
  }
  return p0 * p0 + p1;`,
  },
  {
    name: "a spread copy with one field replaced",
    objects: `let q = { a: x, b: k };
  q = { ...q, a: q.a * q.b };
  return q.a + q.b * q.b;`,
    scalars: `return x * k + k * k;`,
  },
  {
    name: "the best candidate kept in a loop, in a branch",
    objects: `let best = { v: x, s: x * x };
  for (let i = 1; i < 4; i++) {
    const cand = { v: x * i, s: Math.sin(x * i) + k };
    if (cand.s > best.s) best = cand;
  }
  return best.s * best.v;`,
    scalars: `let bv = x;
  let bs = x * x;
  for (let i = 1; i < 4; i++) {
    const cv = x * i;
    const cs = Math.sin(x * i) + k;
    if (cs > bs) { bv = cv; bs = cs; }
  }
  return bs * bv;`,
  },
];

test.each(cases)("$name: the program over numbers, FD and the dot-product test", ({ objects, scalars }) => {
  const wrap = (body: string) => `${classes}
// @differentiate
export function f(x: number, k: number): number {
  ${body}
}`;
  const points = [[0.9, 1.5] as const, [-0.4, 0.2] as const];
  const got = checkBothWays(wrap(objects), "f", "x: number, k: number", points);
  const want = checkBothWays(wrap(scalars), "f", "x: number, k: number", points);
  got.forEach((gradient, p) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, want[p][i] as number)).toBeLessThan(1e-13)),
  );
});

test("a choice between object parameters, and a variable typed narrower than its first object", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
export interface P { a: number; b: number }
export interface Node2 { val: number; child: { val: number } }
// @differentiate
export function choose(p: P, q: P, x: number): number {
  let cur = p;
  if (x > 0) cur = q;
  return cur.a * x + cur.b;
}
// @differentiate
export function descend(n: Node2): number {
  let cur: { val: number } = n;
  const s1 = cur.val * 2;
  cur = n.child;
  return s1 + cur.val * cur.val;
}
export const gChoose = grad(choose, [0, 1, 2]);
export const gDescend = grad(descend);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const p = { a: 1, b: 2 };
  const q = { a: 3, b: 4 };
  expect(m.choose(p, q, 0.5)).toBe(5.5);
  expect(m.gChoose(p, q, 0.5)).toEqual([{ a: 0, b: 0 }, { a: 0.5, b: 1 }, 3]);
  expect(m.gChoose(p, q, -0.5)).toEqual([{ a: -0.5, b: 1 }, { a: 0, b: 0 }, 1]);
  expect(m.gDescend({ val: 0.7, child: { val: 0.4 } })).toEqual({ val: 2, child: { val: 0.8 } });
});

test("refused, never dropped: a parameter assigned, an object shared by two names while fields are written", () => {
  const out = compile({
    "main.ts": `
export interface P { a: number; b: number }
// @differentiate
export function assignsParameter(p: P, x: number): number {
  p = { a: x, b: x };
  return p.a * p.b;
}
// @differentiate
export function sharesAndWrites(x: number): number {
  let best = { v: x, s: x * x };
  const cand = { v: 2 * x, s: Math.sin(x) };
  if (cand.s > best.s) best = cand;
  cand.s = 0;
  return best.s * best.v;
}
`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(/^main\.ts:5:3 - error TS990065: Cannot assign 'p = \{ a: x, b: x \}': 'p' is a parameter/),
    expect.stringMatching(/^main\.ts:12:31 - error TS990066: Cannot assign 'cand' here: .* \('cand.s = 0'\)/),
  ]);
});

test("destructuring assignments from calls: '[a, b] = pair(a, b)' in a loop, '({ m, d } = stats(m, d))'", () => {
  const source = `
function pair(a: number, b: number): [number, number] {
  return [a * b, a + b];
}
function stats(u: number, w: number): { m: number; d: number } {
  return { m: (u + w) / 2, d: u - w };
}
// @differentiate
export function f(x: number, y: number): number {
  let a = x;
  let b = y;
  for (let i = 0; i < 3; i++) [a, b] = pair(a, b * 0.5);
  let m = a;
  let d = b;
  ({ m, d } = stats(m, d));
  return m * d;
}`;
  const scalars = `
// @differentiate
export function f(x: number, y: number): number {
  let a = x;
  let b = y;
  for (let i = 0; i < 3; i++) {
    const na = a * (b * 0.5);
    b = a + b * 0.5;
    a = na;
  }
  const m = (a + b) / 2;
  const d = a - b;
  return m * d;
}`;
  const points = [[0.9, 1.5] as const, [-0.4, 0.2] as const];
  const got = checkBothWays(source, "f", "x: number, y: number", points);
  const want = checkBothWays(scalars, "f", "x: number, y: number", points);
  got.forEach((gradient, p) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, want[p][i] as number)).toBeLessThan(1e-13)),
  );
});

test("an object declared without a value and assigned in branches; a local tuple's elements written", () => {
  const source = `
// @differentiate
export function f(x: number): number {
  let o: { a: number; b: number };
  if (x > 0) o = { a: x, b: x * x };
  else o = { a: -x, b: 1 };
  const p: [number, number] = [x, 2 * x];
  p[0] = p[0] * p[1];
  p[1] += 1;
  return o.a * o.b + p[0] * p[1];
}`;
  const [[g1], [g2]] = checkBothWays(source, "f", "x: number", [[0.7], [-0.3]]);
  // x > 0: x³ + 2x²(2x + 1); x < 0: −x + 2x²(2x + 1).
  expect(g1).toBeCloseTo(3 * 0.49 + 12 * 0.49 + 4 * 0.7, 12);
  expect(g2).toBeCloseTo(-1 + 12 * 0.09 - 4 * 0.3, 12);
});

test("another name for an object before its variable is assigned again keeps the old object's values", () => {
  const source = `
class P {
  constructor(public x: number, public y: number) {}
  self(): P { return this; }
  moved(k: number): P { return new P(this.x + k, this.y); }
}
function id(q: { a: number }): { a: number } {
  return q;
}
// @differentiate
export function f(x: number, y: number): number {
  let p = new P(x, y);
  let s = 0;
  for (let i = 0; i < 3; i++) {
    const prev = p;
    p = p.moved(y);
    s += prev.x * p.x;
  }
  let q = { a: x * y };
  const r = id(q);
  const t = q;
  q = { a: 2 };
  let w = { pos: { u: y }, k: 1 };
  const inner = w.pos;
  w = { pos: { u: 3 }, k: 2 };
  const me = p.self();
  p = p.moved(10);
  return s + r.a + t.a * q.a + inner.u * w.pos.u + me.x;
}`;
  const numbers = `
// @differentiate
export function f(x: number, y: number): number {
  let px = x;
  let s = 0;
  for (let i = 0; i < 3; i++) {
    const prev = px;
    px = px + y;
    s += prev * px;
  }
  return s + x * y + x * y * 2 + y * 3 + px;
}`;
  const points = [[0.7, -1.3] as const, [1.1, 0.4] as const];
  const got = checkBothWays(source, "f", "x: number, y: number", points);
  const want = checkBothWays(numbers, "f", "x: number, y: number", points);
  got.forEach((gradient, p) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, want[p][i] as number)).toBeLessThan(1e-13)),
  );
});

test("an object with array fields given new arrays ('s = step(s)'): each copied into the object's own", () => {
  const source = `
import { grad } from "cotangent";
interface State { pos: number[]; vel: number[]; t: number }
function step(s: State, k: number): State {
  const vel = s.vel.map((v, i) => v - 0.1 * k * Math.sin(s.pos[i]));
  return { pos: s.pos.map((p, i) => p + 0.1 * vel[i]), vel, t: s.t + 0.1 * vel[0] };
}
class Body {
  constructor(public pos: Float64Array, public e: number) {}
  moved(h: number): Body {
    return new Body(this.pos.map((p) => p + h * Math.cos(p)), this.e + h * this.pos[0]);
  }
}
// @differentiate
export function objects(x: number[], k: number): number {
  let s: State = { pos: x.slice(), vel: x.map(() => 0), t: 0 };
  for (let n = 0; n < 4; n++) s = step(s, k);
  if (s.t > 0) s = { ...s, pos: s.pos.map((p) => p * k) };
  let b = new Body(Float64Array.from(x), k);
  for (let n = 0; n < 3; n++) b = b.moved(0.2);
  return s.pos[0] * s.vel[1] + s.t * s.pos[1] + b.pos[0] * b.e;
}
// @differentiate
export function arrays(x: number[], k: number): number {
  let pos = x.slice();
  let vel = x.map(() => 0);
  let t = 0;
  for (let n = 0; n < 4; n++) {
    const v = vel.map((u, i) => u - 0.1 * k * Math.sin(pos[i]));
    const p = pos.map((q, i) => q + 0.1 * v[i]);
    t = t + 0.1 * v[0];
    pos = p;
    vel = v;
  }
  if (t > 0) pos = pos.map((p) => p * k);
  let bp = Float64Array.from(x);
  let e = k;
  for (let n = 0; n < 3; n++) {
    const next = bp.map((p) => p + 0.2 * Math.cos(p));
    e = e + 0.2 * bp[0];
    bp = next;
  }
  return pos[0] * vel[1] + t * pos[1] + bp[0] * e;
}
export const g = grad(objects, [0, 1]);
export const ga = grad(arrays, [0, 1]);
`;
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const x = [0.4, -0.9, 1.3];
  // The same steps over array variables (an independent route): the same value, and the same gradients.
  expect(m.objects(x, 1.7)).toBe(m.arrays(x, 1.7));
  const [gx, gk] = m.g(x, 1.7) as [number[], number];
  const [ax, ak] = m.ga(x, 1.7) as [number[], number];
  gx.forEach((g, i) => expect(relativeError(g, ax[i])).toBeLessThan(1e-14));
  expect(relativeError(gk, ak)).toBeLessThan(1e-14);
  checkBothWays(source, "objects", "x: number[], k: number", [[x, 1.7]]);
});

test("an array field is not copied into where another name would keep the old array", () => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
function mk(x: number[]) {
  const q = x.map((t) => t * 3);
  return { a: q, b: q };
}
// @differentiate
export function f(x: number[], w: number[]): number {
  let s = { a: x.slice(), b: w.slice() };
  const p = s.a;
  s = { ...s, a: s.a.map((q) => q * 2) };
  let r = { a: x.slice(), b: w.slice() };
  r = mk(x);
  let u = { a: x, b: w };
  u = { a: w.slice(), b: x.slice() };
  let z = { a: x.slice(), b: w.slice() };
  for (const v of z.a) z = { a: z.a.map((q) => q * v), b: z.b };
  return s.a[0] * p[1] + r.a[0] * u.b[0] + z.a[0];
}
export const g = grad(f, [0, 1]);`,
  });
  // A name for the old array, one new array under two fields, arrays the object does not own, a walked field.
  const codes = out.diagnostics.map((d) => /^main\.ts:(\d+):\d+ - error (TS\d+)/.exec(d)?.slice(1).join(" "));
  expect(codes).toEqual(["10 TS990065", "12 TS990065", "14 TS990065", "16 TS990065"]);
  expect(out.diagnostics[0]).toContain("give the fields new arrays");
});
