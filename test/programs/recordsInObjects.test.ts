/**
 * An array of records held by a field of an object parameter ('scene.pts' of 'scene: { pts: Pt[]; w: number }'):
 * data read in place, as a parameter of records is, walked by index and 'for … of', given to helpers, and the
 * object given on. Gradients in the object's number fields and in other parameters against gradients derived by hand,
 * central differences, and jvp against vjp.
 */
import { compile } from "../helpers/compile";
import { centralDifference, expectClose } from "../helpers/check";

const source = `
import { grad, jvp, vjp } from "cotangent";
export interface Pt { x: number; y: number; label: string }
export interface Scene { pts: Pt[]; w: number; origin: { x: number; y: number } }

function spread(pts: readonly Pt[], cx: number): number {
  let s = 0;
  for (const p of pts) s += (p.x - cx) ** 2;
  return s;
}

function weighted({ pts, w }: Scene, k: number): number {
  let s = 0;
  for (let i = 0; i < pts.length; i++) s += pts[i].y * k;
  return w * s;
}

/** Moments of a scene's points about its origin, scaled by k. */
// @differentiate
export function moments(scene: Scene, k: number): number {
  let t = 0;
  for (const p of scene.pts) t += k * (p.x - scene.origin.x) * (p.y - scene.origin.y);
  const last = scene.pts[scene.pts.length - 1];
  return scene.w * t + spread(scene.pts, k) + weighted(scene, k * k) + last.x * k;
}

export const g = grad(moments, [0, 1]);
/** The tangent of a scene: its records are data, 0 in a tangent (as the tangent type of a field of flags is). */
export const t = (s: Scene, k: number, ds: { pts: 0; w: number; origin: { x: number; y: number } }, dk: number) =>
  jvp(moments, [s, k], [ds, dk]);
export const p = (s: Scene, k: number) => vjp(moments, s, k);
`;

const pts = [
  { x: 0.5, y: 1.5, label: "a" },
  { x: -1, y: 0.25, label: "b" },
  { x: 2, y: -0.75, label: "c" },
];

test("records in an object parameter's field: read in place, walked, given to helpers", () => {
  const m = compile({ "main.ts": source });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  for (const [w, ox, oy, k] of [
    [1.5, 0.2, -0.3, 0.7],
    [-0.5, 1, 0.5, -1.3],
  ]) {
    const scene = { pts, w, origin: { x: ox, y: oy } };
    const t = pts.reduce((s, q) => s + k * (q.x - ox) * (q.y - oy), 0);
    const sumY = pts.reduce((s, q) => s + q.y, 0);
    // d/dk: w·t/k + Σ −2(x − k) + w·Σy·2k + last.x.
    const dk = (w * t) / k + pts.reduce((s, q) => s - 2 * (q.x - k), 0) + w * sumY * 2 * k + pts[2].x;
    const dw = t + sumY * k * k;
    const dox = w * pts.reduce((s, q) => s - k * (q.y - oy), 0);
    const doy = w * pts.reduce((s, q) => s - k * (q.x - ox), 0);
    const [ds, gk] = f.g(scene, k);
    expectClose(gk, dk, 1e-14, "d/dk");
    expectClose(ds.w, dw, 1e-14, "d/dw");
    expectClose(ds.origin.x, dox, 1e-14, "d/dorigin.x");
    expectClose(ds.origin.y, doy, 1e-14, "d/dorigin.y");
    expect(ds.pts).toBeUndefined();
    const primal = (wv: number, kv: number) => f.moments({ ...scene, w: wv }, kv);
    expectClose(gk, centralDifference(primal, [w, k], [0, 1]), 1e-8, "d/dk by differences");
    expectClose(ds.w, centralDifference(primal, [w, k], [1, 0]), 1e-8, "d/dw by differences");
    const u = { pts: 0, w: 0.3, origin: { x: -0.2, y: 0.9 } };
    const [value, tangent] = f.t(scene, k, u, 0.4);
    expectClose(value, f.moments(scene, k), 1e-15, "jvp's value");
    const [, pullback] = f.p(scene, k);
    const [bs, bk] = pullback(1.3);
    const reverse = u.w * bs.w + u.origin.x * bs.origin.x + u.origin.y * bs.origin.y + 0.4 * bk;
    expectClose(tangent * 1.3, reverse, 1e-13, "<J·u, w> against <u, Jᵀ·w>");
  }
});
