/**
 * Loop fusion (reverse/fuse.ts) runs the reverse of the statements after the loop before the loop: it must leave
 * out a function whose tail calls another function, whose split sweeps would pop what they push before pushing it.
 * References: central differences, and the tape left empty.
 */
import { tape } from "cotangent/runtime";
import { centralDifference, relativeError } from "../helpers/check";
import { compile } from "../helpers/compile";

const m = (() => {
  const out = compile({
    "main.ts": `import { grad } from "cotangent";
// A callee whose reverse sweep needs its tape: a data-dependent loop.
// @differentiate
export function h(k: number, x: number[]): number {
  let t = k;
  let n = 0;
  while (t < 10 && n < x.length) {
    t = t * t + Math.sin(t * x[n]);
    n++;
  }
  return t;
}
// A loop, then a call used linearly in the result.
// @differentiate
export function F(x: number[], k: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * k;
  return s + h(2 * k, x);
}
export const dF = grad(F, [0, 1]);
`,
  });
  if (out.diagnostics.length > 0) throw new Error(out.diagnostics.join("\n"));
  return out.load("main.ts");
})();

test("a call after the function's loop is differentiated in order", () => {
  const x = [0.5, -1.5, 0.25];
  const k = 1.3;
  const [gx, gk] = m.dF(x, k);
  expect(tape.top).toBe(0);
  const at = [...x, k];
  const run = (...p: number[]) => m.F(p.slice(0, 3), p[3]);
  const all = [...gx, gk];
  for (let j = 0; j < at.length; j++) {
    const fd = centralDifference(
      run,
      at,
      at.map((_, i) => (i === j ? 1 : 0)),
    );
    expect(relativeError(all[j], fd)).toBeLessThan(1e-6);
  }
});
