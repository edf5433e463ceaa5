/**
 * Invariant element reads hoisted out of innermost loops (packages/core/src/optimize/hoist.ts): GMM's triangular
 * update `qx[row] += L[lt] * centered[col]` reads `centered[col]` once per row loop, in the forward sweep, in the
 * reverse sweep and in the jvp. Checked against finite differences and by the dot-product test (directly and through
 * a caller), bit for bit against the same program over `number[]` locals (which are never hoisted: nothing proves
 * they are unaliased), and with near misses that must keep their reads in the loop.
 */
import { compile, printTransformed, vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const triangular = (name: string, local: string) => `
// @differentiate
export function ${name}(x: Float64Array, l: Float64Array, d: number): number {
  const centered = ${local};
  const qx = ${local};
  let s = 0;
  for (let i = 0; i < d; i++) {
    centered[i] = x[i] - 0.5;
    qx[i] = Math.exp(l[i]) * centered[i];
  }
  let lt = d;
  for (let col = 0; col < d; col++) {
    for (let row = col + 1; row < d; row++) {
      qx[row] += l[lt] * centered[col];
      lt++;
    }
  }
  for (let i = 0; i < d; i++) s += qx[i] * qx[i];
  return s;
}`;

const d = 4;
const x = Float64Array.from([0.3, -1.2, 0.8, 1.5]);
const l = Float64Array.from([0.1, -0.2, 0.3, 0.05, 0.7, -0.4, 0.9, 0.2, -0.6, 0.35]);

test("centered[col] is read once per row loop, guarded by the loop's test, in both sweeps and in the jvp", () => {
  const source = triangular("tri", "new Float64Array(d)");
  checkBothWays(source, "tri", "x: Float64Array, l: Float64Array, d: number", [[x, l, d]], { fixed: [2] });
  const vjp = vjpOf(source, "tri", "[0, 1]");
  expect(vjp).toMatch(
    /if \(row < d\) \{\n\s*(centered_col\w*_hoisted\w*) = centered\[col\];\n\s*\}\n\s*while \(row < d\) \{/,
  );
  expect(vjp).toMatch(
    /if \(loop\w+_iter > 0\) \{\n\s*\w+_hoisted\w* = centered\[col\];\n\s*\}\n\s*for \(; loop\w+_iter > 0;/,
  );
  // The copy the loop makes instead (the loop of the general-sizes path, which records `lt`, keeps its read).
  expect(vjp).toMatch(/while \(row < d\) \{\n\s*qx_i_1 = qx\[row\];\n[^}]*centered_col = centered_col_hoisted;/);
  const jvp = printTransformed({
    "main.ts": `${source}\nimport { jvp } from "cotangent";\nexport const t = (a: Float64Array, b: Float64Array, u: Float64Array, v: Float64Array) => jvp(tri, [a, b, 4], [u, v, 0]);`,
  }).text["main.ts"];
  expect(jvp).toMatch(/_hoisted\w* = centered\[col\];/);
});

test("the hoisted reads give the gradient and the jvp bit for bit as the number[] program, whose reads stay", () => {
  const typed = triangular("tri", "new Float64Array(d)");
  const plain = triangular("plain", "new Array<number>(d).fill(0)");
  expect(vjpOf(plain, "plain", "[0, 1]")).not.toMatch(/_hoisted/);
  const out = compile({
    "main.ts": `${typed}\n${plain}\nimport { grad, gradInto, jvp } from "cotangent";
export const g = grad(tri, [0, 1]);
export const gp = grad(plain, [0, 1]);
export const gi = gradInto(tri, [0, 1]);
export const t = (a: Float64Array, b: Float64Array, n: number, u: Float64Array, v: Float64Array) => jvp(tri, [a, b, n], [u, v, 0]);
export const tp = (a: Float64Array, b: Float64Array, n: number, u: Float64Array, v: Float64Array) => jvp(plain, [a, b, n], [u, v, 0]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const n of [0, 1, 2, 5, 9]) {
    const xs = Float64Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) * 1.1);
    const ls = Float64Array.from({ length: (n * (n + 1)) / 2 }, (_, k) => Math.sin(0.7 * k) * 0.6);
    const [gx, gl] = m.g(xs, ls, n) as Float64Array[];
    const [px, pl] = m.gp(xs, ls, n) as Float64Array[];
    expect([Array.from(gx), Array.from(gl)]).toEqual([Array.from(px), Array.from(pl)]);
    const into = [new Float64Array(n).fill(Number.NaN), new Float64Array(ls.length).fill(Number.NaN)];
    m.gi(xs, ls, n, into);
    expect(into.map((a) => Array.from(a))).toEqual([Array.from(gx), Array.from(gl)]);
    const u = xs.map((v) => v * 0.3 - 0.1);
    const v = ls.map((w) => 0.2 - w);
    expect(m.t(xs, ls, n, u, v)).toEqual(m.tp(xs, ls, n, u, v));
  }
});

test("near misses keep their reads in the loop", () => {
  const source = `
// @differentiate
export function miss(x: Float64Array, n: number): number {
  const t = new Float64Array(n);
  const u = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) t[i] = x[i] * x[i];
  for (let j = 0; j < n; j++) {
    // t is stored into in the loop: t[j] may change.
    for (let i = 0; i < n; i++) {
      const a = t[j];
      t[i] = t[i] + a * 0.5;
      s += a * x[i];
    }
    // the index changes in the loop.
    let k = 0;
    for (let i = 0; i < n; i++) {
      k = i;
      const b = t[k];
      s += b * x[j];
    }
    // the target is read before it is assigned, so the first iteration sees the previous value.
    let c = 0;
    for (let i = 0; i < n; i++) {
      s += c * x[i];
      c = u[j];
      u[i] = s;
    }
  }
  return s;
}`;
  checkBothWays(source, "miss", "x: Float64Array, n: number", [[Float64Array.from([0.3, -1.2, 0.8]), 3]], {
    fixed: [1],
  });
  const vjp = vjpOf(source, "miss");
  expect(vjp).not.toMatch(/_hoisted\w* = [tu]\[/);
  // x[j] in the second loop is invariant, and that loop stores into no array: it moves.
  expect(vjp).toMatch(/if \(i_2 < n\) \{\n\s*x_j_hoisted = x\[j\];/);
});
