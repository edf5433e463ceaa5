/**
 * Naming elements of an array of records the ways TypeScript code does besides 'obs[i]' and 'for … of': by
 * position ('const [a, b, c] = tri'), from the end ('ps.at(-1)!', 'ps.at(i - 1)!'), by a test ('k > 0 ? ps[0] : ps[1]'),
 * and a 'let' given other elements as a loop goes ('prev = p', 'best = p'). Gradients in the records (grad's argnums)
 * and in a number beside them, against gradients derived by hand and central differences on every field.
 */
import { compile } from "../helpers/compile";
import { checkDerivatives, expectClose } from "../helpers/check";

interface Pt {
  x: number;
  y: number;
}

const source = `
import { grad } from "cotangent";
export interface Pt { x: number; y: number; name: string }

/** The signed area of a triangle, its corners named by position. */
// @differentiate
export function triangleArea(tri: readonly Pt[]): number {
  const [a, b, c] = tri;
  return 0.5 * ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y));
}

/** The shoelace area of a closed polygon: each corner with the one before it, the first with the last. */
// @differentiate
export function polygonArea(ps: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ps.length; i++) {
    const prev = ps.at(i - 1)!;
    s += prev.x * ps[i].y - ps[i].x * prev.y;
  }
  return 0.5 * s;
}

/** The length of an open polyline, walking it with the previous corner in a 'let'. */
// @differentiate
export function polylineLength(ps: readonly Pt[], scale: number): number {
  let prev = ps[0];
  let length = 0;
  for (const p of ps) {
    length += scale * Math.hypot(p.x - prev.x, p.y - prev.y);
    prev = p;
  }
  return length;
}

/** The squared distance from q to the closest of the points, found by a search that keeps the best so far. */
// @differentiate
export function nearest(ps: readonly Pt[], qx: number, qy: number): number {
  let best = ps[0];
  for (const p of ps) {
    if ((p.x - qx) ** 2 + (p.y - qy) ** 2 < (best.x - qx) ** 2 + (best.y - qy) ** 2) best = p;
  }
  return (best.x - qx) ** 2 + (best.y - qy) ** 2;
}

/** The last point's x and the first or the last point chosen by the sign of k. */
// @differentiate
export function ends(ps: readonly Pt[], k: number): number {
  const end = k > 0 ? ps[0] : ps.at(-1)!;
  return ps.at(-1)!.x * k + end.y * k * k;
}

export const gTriangle = grad(triangleArea);
export const gPolygon = grad(polygonArea);
export const gPolyline = grad(polylineLength, [0, 1]);
export const gNearest = grad(nearest, [0, 1, 2]);
export const gEnds = grad(ends, [0, 1]);
`;

const compiled = (() => {
  let m: Record<string, any> | undefined;
  return () => {
    if (!m) {
      const out = compile({ "main.ts": source });
      expect(out.diagnostics).toEqual([]);
      m = out.load("main.ts");
    }
    return m;
  };
})();

const named = (ps: Pt[]) => ps.map((p, i) => ({ ...p, name: `p${i}` }));

/** Central differences of `f` in every point's x and y, against `gradient`. */
function checkAgainstDifferences(f: (ps: Pt[]) => number, ps: Pt[], gradient: Pt[], what: string): void {
  const h = 1e-6;
  expect(gradient).toHaveLength(ps.length);
  ps.forEach((_, i) => {
    for (const key of ["x", "y"] as const) {
      const plus = structuredClone(ps);
      const minus = structuredClone(ps);
      plus[i][key] += h;
      minus[i][key] -= h;
      expectClose(gradient[i][key], (f(plus) - f(minus)) / (2 * h), 1e-7, `${what}: ∂/∂ps[${i}].${key}`);
    }
  });
}

const polygon = named([
  { x: 0, y: 0 },
  { x: 2, y: 0.3 },
  { x: 2.5, y: 1.8 },
  { x: 0.4, y: 2.2 },
  { x: -0.6, y: 1 },
]);

test("'const [a, b, c] = tri': a triangle's area, its gradient in the corners derived by hand", () => {
  const tri = named([
    { x: 0.1, y: -0.2 },
    { x: 1.7, y: 0.4 },
    { x: 0.6, y: 1.9 },
  ]);
  const [a, b, c] = tri;
  const gradient = compiled().gTriangle(tri) as Pt[];
  const expected = [
    { x: 0.5 * (b.y - c.y), y: 0.5 * (c.x - b.x) },
    { x: 0.5 * (c.y - a.y), y: 0.5 * (a.x - c.x) },
    { x: 0.5 * (a.y - b.y), y: 0.5 * (b.x - a.x) },
  ];
  gradient.forEach((g, i) => {
    expect(Object.keys(g)).toEqual(["x", "y"]);
    expectClose(g.x, expected[i].x, 1e-15, `∂/∂tri[${i}].x`);
    expectClose(g.y, expected[i].y, 1e-15, `∂/∂tri[${i}].y`);
  });
});

test("'ps.at(i - 1)!': the shoelace area, ∂A/∂xᵢ = (yᵢ₊₁ − yᵢ₋₁)/2 and ∂A/∂yᵢ = (xᵢ₋₁ − xᵢ₊₁)/2", () => {
  const m = compiled();
  const n = polygon.length;
  let twice = 0;
  polygon.forEach((p, i) => (twice += p.x * polygon[(i + 1) % n].y - polygon[(i + 1) % n].x * p.y));
  expectClose(m.polygonArea(polygon), 0.5 * twice, 1e-14, "area");
  const gradient = m.gPolygon(polygon) as Pt[];
  polygon.forEach((_, i) => {
    const next = polygon[(i + 1) % n];
    const prev = polygon[(i + n - 1) % n];
    expectClose(gradient[i].x, 0.5 * (next.y - prev.y), 1e-15, `∂/∂ps[${i}].x`);
    expectClose(gradient[i].y, 0.5 * (prev.x - next.x), 1e-15, `∂/∂ps[${i}].y`);
  });
});

test("'let prev = ps[0]; … prev = p': a polyline's length, each segment's unit vector in its two ends", () => {
  const m = compiled();
  const ps = polygon;
  const [gradient, dScale] = m.gPolyline(ps, 1.5) as [Pt[], number];
  const expected = ps.map(() => ({ x: 0, y: 0 }));
  let length = 0;
  for (let i = 1; i < ps.length; i++) {
    const dx = ps[i].x - ps[i - 1].x;
    const dy = ps[i].y - ps[i - 1].y;
    const r = Math.hypot(dx, dy);
    length += r;
    expected[i].x += (1.5 * dx) / r;
    expected[i].y += (1.5 * dy) / r;
    expected[i - 1].x -= (1.5 * dx) / r;
    expected[i - 1].y -= (1.5 * dy) / r;
  }
  expectClose(m.polylineLength(ps, 1.5), 1.5 * length, 1e-15, "length");
  expectClose(dScale, length, 1e-15, "∂/∂scale");
  gradient.forEach((g, i) => {
    expectClose(g.x, expected[i].x, 1e-14, `∂/∂ps[${i}].x`);
    expectClose(g.y, expected[i].y, 1e-14, `∂/∂ps[${i}].y`);
  });
  checkAgainstDifferences((q) => m.polylineLength(q, 1.5), ps, gradient, "polyline");
});

test("'best = p' in a search: the gradient reaches only the nearest point, and q", () => {
  const m = compiled();
  for (const [qx, qy, nearestIndex] of [
    [2.1, 1.5, 2],
    [-0.5, 0.8, 4],
    [0.1, 0.1, 0],
  ]) {
    const [gradient, dqx, dqy] = m.gNearest(polygon, qx, qy) as [Pt[], number, number];
    const p = polygon[nearestIndex];
    gradient.forEach((g, i) => {
      const expected = i === nearestIndex ? { x: 2 * (p.x - qx), y: 2 * (p.y - qy) } : { x: 0, y: 0 };
      expectClose(g.x, expected.x, 1e-15, `∂/∂ps[${i}].x near (${qx}, ${qy})`);
      expectClose(g.y, expected.y, 1e-15, `∂/∂ps[${i}].y near (${qx}, ${qy})`);
    });
    expectClose(dqx, -2 * (p.x - qx), 1e-15, "∂/∂qx");
    expectClose(dqy, -2 * (p.y - qy), 1e-15, "∂/∂qy");
  }
});

test("'k > 0 ? ps[0] : ps.at(-1)!' and 'ps.at(-1)!.x': both branches, against the derivative by hand", () => {
  const m = compiled();
  const last = polygon[polygon.length - 1];
  for (const k of [0.7, -1.3]) {
    const end = k > 0 ? polygon[0] : last;
    expect(m.ends(polygon, k)).toBe(last.x * k + end.y * k * k);
    const [gradient, dk] = m.gEnds(polygon, k) as [Pt[], number];
    expectClose(dk, last.x + 2 * end.y * k, 1e-15, `∂/∂k at ${k}`);
    checkAgainstDifferences((q) => m.ends(q, k), polygon, gradient, `ends at k = ${k}`);
  }
});

test("an element of another array given to a 'let' naming elements is TS990105; a choice between two arrays TS990021", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface Pt { x: number; y: number }
// @differentiate
export function f(ps: Pt[], qs: Pt[], k: number): number {
  let p = ps[0];
  if (k > 1) p = qs[0];
  const q = k > 2 ? ps[1] : qs[1];
  return p.x * k + q.y;
}
export const g = grad(f, [2]);
`,
  });
  expect(out.diagnostics).toEqual([
    "main.ts:7:14 - error TS990105: 'p = qs[0]' would make 'p' name an element of another array of records (or another object inside the elements). A 'let' naming an element ('let best = obs[0]') can be given other elements of the same array ('best = obs[k]'): declare another variable for the other array's elements.",
    "main.ts:8:13 - error TS990021: 'k > 2 ? ps[1] : qs[1]' is not supported on arrays yet. Read elements with 'a[i]', write elements of local arrays, and use '.length'.",
  ]);
});

test("the same namings over records as data (a module's constant): jvp, vjp and central differences agree", () => {
  const data = `
interface Pt { x: number; y: number }
const CORNERS: readonly Pt[] = [{ x: 0, y: 0 }, { x: 2, y: 0.3 }, { x: 2.5, y: 1.8 }, { x: 0.4, y: 2.2 }];

function weighted(ps: readonly Pt[], s: number, t: number): number {
  const [a, , c] = ps;
  let prev = ps.at(-1)!;
  let best = ps[0];
  let e = 0;
  for (const p of ps) {
    e += Math.hypot(p.x * s - prev.x * t, p.y - prev.y * s);
    if (Math.abs(p.x - s) < Math.abs(best.x - s)) best = p;
    prev = p;
  }
  const pick = s > t ? a : c;
  return e + Math.sin(best.y * t) + pick.x * s * t;
}

// @differentiate
export function h(s: number, t: number): number {
  return weighted(CORNERS, s, t);
}
`;
  const checked = checkDerivatives(data, "h", 2, [
    [0.3, 1.1],
    [1.9, 0.7],
    [2.6, -0.4],
  ]);
  // Each point takes another path: the nearest corner and the chosen one change.
  expect(new Set(checked.map((c) => c.value.toFixed(6))).size).toBe(3);
});

test("a 'let' given another element, and a 'for (let o of obs)' variable given one inside the loop", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface Obs { t: number; y: number }
// @differentiate
export function moved(p: number, obs: Obs[]): number {
  let o = obs[0];
  o = obs[1];
  return o.t * p;
}
// @differentiate
export function firstEach(p: number, obs: Obs[]): number {
  let s = 0;
  for (let o of obs) {
    s += o.y * p;
    o = obs[0];
    s += o.t * p * p;
  }
  return s;
}
export const gMoved = grad(moved, [0, 1]);
export const gFirstEach = grad(firstEach, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const obs = [
    { t: 0.5, y: 2 },
    { t: -1.5, y: 0.25 },
    { t: 3, y: -1 },
  ];
  const [dp, dObs] = m.gMoved(1.7, obs) as [number, Obs[]];
  expect(m.moved(1.7, obs)).toBe(-1.5 * 1.7);
  expect(dp).toBe(-1.5);
  expect(dObs).toEqual([
    { t: 0, y: 0 },
    { t: 1.7, y: 0 },
    { t: 0, y: 0 },
  ]);
  // s = p·Σy + n·p²·t₀: each element's y once, the first element's t n times.
  const p = 1.7;
  const n = obs.length;
  const sumY = obs.reduce((a, o) => a + o.y, 0);
  expectClose(m.firstEach(p, obs), p * sumY + n * p * p * obs[0].t, 1e-15, "value");
  const [dpEach, dEach] = m.gFirstEach(p, obs) as [number, Obs[]];
  expectClose(dpEach, sumY + 2 * n * p * obs[0].t, 1e-15, "∂/∂p");
  dEach.forEach((g, i) => {
    expectClose(g.y, p, 1e-15, `∂/∂obs[${i}].y`);
    expectClose(g.t, i === 0 ? n * p * p : 0, 1e-15, `∂/∂obs[${i}].t`);
  });
});

interface Obs {
  t: number;
  y: number;
}

test("records typed as an intersection ('(Pt & { m: number })[]'): the gradient in every field, derived by hand", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface Pt { x: number; y: number }
// @differentiate
export function moment(ps: (Pt & { m: number })[], k: number): number {
  let s = 0;
  for (const p of ps) s += p.m * p.x * k;
  return s;
}
export const g = grad(moment, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const ps = [
    { x: 0.5, y: 2, m: 3 },
    { x: -1.5, y: 1, m: 0.25 },
  ];
  const [dps, dk] = m.g(ps, 1.5) as [{ x: number; y: number; m: number }[], number];
  expect(dps).toEqual(ps.map((p) => ({ x: p.m * 1.5, y: 0, m: p.x * 1.5 })));
  expect(dk).toBe(ps.reduce((s, p) => s + p.m * p.x, 0));
});

test("'let p: Pt;' given elements later ('if (s > 0) p = ps[0]; else p = ps[1];'), in branches and in a search", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
interface Pt { x: number; y: number }
// @differentiate
export function f(ps: Pt[], s: number): number {
  let p: Pt;
  if (s > 0) p = ps[0];
  else p = ps[1];
  let q: Pt;
  q = ps[2];
  for (const r of ps) if (r.x > q.x) q = r;
  return p.x * s + p.y * s * s + q.y;
}
export const g = grad(f, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const ps = [
    { x: 1, y: 2 },
    { x: 3, y: 4 },
    { x: 0.5, y: 7 },
  ];
  // q is the point of largest x, ps[1]; p is ps[0] for s > 0, ps[1] otherwise.
  expect(m.f(ps, 2)).toBe(1 * 2 + 2 * 4 + 4);
  expect(m.g(ps, 2)).toEqual([
    [
      { x: 2, y: 4 },
      { x: 0, y: 1 },
      { x: 0, y: 0 },
    ],
    1 + 2 * 2 * 2,
  ]);
  expect(m.f(ps, -1)).toBe(-3 + 4 + 4);
  expect(m.g(ps, -1)).toEqual([
    [
      { x: 0, y: 0 },
      { x: -1, y: 1 + 1 },
      { x: 0, y: 0 },
    ],
    3 - 2 * 4,
  ]);
});

const identity = `
import { grad } from "cotangent";
export interface Body { x: number; y: number; m: number }

/** Pairwise potential energy, each body with every other one: 'q !== p' skips the body itself. */
// @differentiate
export function potential(bodies: readonly Body[], g: number): number {
  let e = 0;
  for (const p of bodies) {
    for (const q of bodies) if (q !== p) e -= (g * p.m * q.m) / Math.hypot(p.x - q.x, p.y - q.y);
  }
  return e / 2;
}

export const dG = grad(potential, 1);
export const dBodies = grad(potential, 0);
`;

test("identity tests of elements ('q !== p') compare the objects, as JavaScript does, also one object held twice", () => {
  const out = compile({ "main.ts": identity });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const a = { x: 0.3, y: -0.2, m: 2 };
  const b = { x: -1.1, y: 0.8, m: 0.5 };
  const c = { x: 1.4, y: 1.9, m: 1.5 };
  for (const bodies of [
    [a, b, c],
    // 'a' twice: JavaScript skips both of its pairs with itself (by index, they would divide by a zero distance).
    [a, b, a, c],
  ]) {
    const g = 0.8;
    // The potential is linear in g.
    expectClose(m.dG(bodies, g), m.potential(bodies, g) / g, 1e-14, "d/dg");
    // Per object: one held twice moves at both places, its gradient the sum of both elements'.
    const grads: Record<string, number>[] = m.dBodies(bodies, g);
    for (const body of new Set(bodies)) {
      for (const key of ["x", "y", "m"] as const) {
        const moved = (h: number) => {
          const replaced = { ...body, [key]: body[key] + h };
          return m.potential(
            bodies.map((o) => (o === body ? replaced : o)),
            g,
          );
        };
        const fd = (moved(1e-6) - moved(-1e-6)) / 2e-6;
        const sum = bodies.reduce((s, o, k) => (o === body ? s + grads[k][key] : s), 0);
        expectClose(sum, fd, 1e-7, `d/d${key} of body ${bodies.indexOf(body)}`);
      }
    }
  }
});

test("an element a helper returns ('last(ps).x', 'const far = farthest(ps, q)'), inlined where it is called", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
export interface Pt { x: number; y: number }
function last(ps: readonly Pt[]): Pt {
  return ps[ps.length - 1];
}
const first = (ps: readonly Pt[]) => ps[0];
function farthest(ps: readonly Pt[], qx: number): Pt {
  return ps[0].x - qx > ps[1].x - qx ? ps[0] : ps[1];
}
// @differentiate
export function f(ps: readonly Pt[], k: number): number {
  const far = farthest(ps, k);
  return k * last(ps).x + first(ps).y * k * k + far.y * k;
}
export const g = grad(f, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const ps = [
    { x: 0.5, y: 1.5 },
    { x: 2, y: -0.25 },
    { x: -1, y: 0.75 },
  ];
  const k = 0.7;
  // far is ps[1] (x 2 > 0.5); f = k·ps[2].x + ps[0].y·k² + ps[1].y·k.
  expectClose(m.f(ps, k), k * -1 + 1.5 * k * k - 0.25 * k, 1e-15, "value");
  const [dps, dk] = m.g(ps, k);
  expectClose(dk, -1 + 3 * k - 0.25, 1e-15, "d/dk");
  expect(dps).toEqual([
    { x: 0, y: k * k },
    { x: 0, y: k },
    { x: k, y: 0 },
  ]);
});
