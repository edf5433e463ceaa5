/**
 * Arrays of records the function builds ('const pts: P[] = []; pts.push({ x, y })'), records of numbers only: one
 * local array per field. Pushed from object literals and other elements, read by index, named, walked, written field
 * by field, given to inlined helpers. Gradients against hand-derived ones, central differences, and jvp against vjp.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectClose } from "../helpers/check";

const source = `
import { grad, jvp, vjp } from "cotangent";
interface P { x: number; y: number }

function area(ps: P[]): number {
  let a = 0;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    const q = ps[(i + 1) % ps.length];
    a += p.x * q.y - q.x * p.y;
  }
  return a / 2;
}

/** The polygon of the points (a[k], a[k + 1]) scaled by s, then shifted: its area, and a sum of the shifts. */
// @differentiate
export function f(a: number[], s: number): number {
  const pts: P[] = [];
  for (let k = 0; k + 1 < a.length; k += 2) pts.push({ x: s * a[k], y: a[k + 1] });
  const copies: P[] = [{ x: 0, y: 0 }];
  for (const p of pts) copies.push({ x: p.x, y: p.y });
  let shift = 0;
  for (let i = 0; i < pts.length; i++) {
    pts[i].y += s;
    shift += copies[i + 1].y;
  }
  const { x, y } = pts[0];
  return area(pts) + shift + x * y;
}

export const g = grad(f, [0, 1]);
export const t = (a: number[], s: number, da: number[], ds: number) => jvp(f, [a, s], [da, ds]);
export const p = (a: number[], s: number) => vjp(f, a, s);
`;

test("records built with push: gradients against differences and hand-derived ones, jvp against vjp", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const a = [1, 0.5, 2.5, 1, 2, 3, 0.5, 2.2];
  const s = 1.3;
  // A hand-written value: shoelace area of (s·x, y + s), Σ y (the copies keep the y pushed), and (s·x0)·(y0 + s).
  const value = (aa: number[], ss: number) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k + 1 < aa.length; k += 2) {
      xs.push(ss * aa[k]);
      ys.push(aa[k + 1] + ss);
    }
    let area = 0;
    for (let i = 0; i < xs.length; i++) {
      const j = (i + 1) % xs.length;
      area += xs[i] * ys[j] - xs[j] * ys[i];
    }
    let shift = 0;
    for (let k = 1; k < aa.length; k += 2) shift += aa[k];
    return area / 2 + shift + xs[0] * ys[0];
  };
  expectClose(f.f(a, s), value(a, s), 1e-14, "the primal as written");
  const [ga, gs] = f.g(a, s);
  a.forEach((_, k) => {
    const u = a.map((_, j) => (j === k ? 1 : 0));
    expectClose(
      ga[k],
      centralDifference((...xs) => value(xs.slice(0, -1), xs[xs.length - 1]), [...a, s], [...u, 0]),
      1e-8,
      `d/da[${k}]`,
    );
  });
  expectClose(
    gs,
    centralDifference((...xs) => value(xs.slice(0, -1), xs[xs.length - 1]), [...a, s], [...a.map(() => 0), 1]),
    1e-8,
    "d/ds",
  );
  const da = a.map((_, k) => Math.sin(k + 1));
  const [v, tangent] = f.t(a, s, da, 0.7);
  expectClose(v, value(a, s), 1e-14, "jvp's value");
  const [, pullback] = f.p(a, s);
  const [ba, bs] = pullback(1.1);
  expectClose(
    tangent * 1.1,
    da.reduce((acc, d, k) => acc + d * ba[k], 0) + 0.7 * bs,
    1e-13,
    "<J·u, w> against <u, Jᵀ·w>",
  );
});

test("an object another name holds pushed onto an array of records is refused (TS990115): JavaScript would share it", () => {
  const shared = (push: string) => `import { grad } from "cotangent";
interface P { x: number; y: number }
// @differentiate
export function f(a: number): number {
  const pts: P[] = [{ x: a, y: 1 }];
  const copies: P[] = [];
  const q = { x: a, y: a };
  ${push}
  pts[0].y += a;
  return copies[0].y * a;
}
export const g = grad(f);
`;
  for (const push of ["copies.push(pts[0]);", "for (const p of pts) copies.push(p);", "copies.push(q);"]) {
    const codes = compile({ "main.ts": shared(push) }).diagnostics.map((d) => /error (TS\d+)/.exec(d)?.[1]);
    expect([push, codes]).toEqual([push, ["TS990115"]]);
  }
});

test("order of evaluation as JavaScript's, increments and identity: values and gradients against the primal", () => {
  const body = (lines: string) => `import { grad, valueAndGrad } from "cotangent";
interface P { x: number; y: number }
// @differentiate
export function f(a: number[]): number {
  ${lines}
}
export const vg = valueAndGrad(f);
`;
  const programs = [
    // Fields in the order written, a variable read before a later field assigns it.
    "let t = a[0]; const pts: P[] = []; pts.push({ y: t, x: (t = t * a[1]) }); return pts[0].x * 3 + pts[0].y + t;",
    "let t = a[0]; const pts: P[] = [{ x: t, y: (t = t * a[1]) }]; return pts[0].x * 3 + pts[0].y;",
    // Every object of one push evaluated before the first is added.
    "const pts: P[] = [{ x: a[0], y: a[1] }]; pts.push({ x: a[2], y: 0 }, { x: pts[pts.length - 1].x, y: pts.length }); return pts[2].x + pts[2].y * a[3];",
    // The element written is the one named before the right side changes the index.
    "const pts: P[] = [{ x: a[0], y: a[1] }, { x: a[2], y: a[3] }]; let k = 0; pts[k].x = (k = 1) * a[4]; pts[k].y += (k = 0) * a[4] + a[1]; return pts[0].x * 10 + pts[1].x + pts[1].y;",
    // Increments of fields, prefix and postfix, through an index and a name.
    "const pts: P[] = [{ x: a[0], y: a[1] }]; const p = pts[0]; const old = p.x++; ++pts[0].y; p.y--; return old * a[2] + p.x * p.y + pts[0].x;",
    // Identity: two loops over one array meet at the same element only.
    "const pts: P[] = []; for (const v of a) pts.push({ x: v, y: v * v }); let s = 0; for (const p of pts) for (const q of pts) if (p !== q) s += p.x * q.y; return s;",
  ];
  const a = [0.7, 1.3, -0.4, 2.1, 0.9];
  for (const lines of programs) {
    const m = compile({ "main.ts": body(lines) });
    expect([lines, m.diagnostics]).toEqual([lines, []]);
    const { f, vg } = m.load("main.ts");
    const [value, gradient] = vg(a);
    expectClose(value, f(a), 1e-15, `value of ${lines}`);
    a.forEach((_, k) => {
      const u = a.map((_, j) => (j === k ? 1 : 0));
      expectClose(
        gradient[k],
        centralDifference((...xs) => f(xs), a, u),
        1e-8,
        `d/da[${k}] of ${lines}`,
      );
    });
  }
});
