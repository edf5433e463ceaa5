/**
 * Stencil carries (packages/core/src/reverse/carry.ts): a loop counting up that adds into A_bar[i] and then into
 * A_bar[i + 1] carries the element from one iteration to the next in a local. Checked against finite differences and
 * by the dot-product test (directly and through a caller), bit for bit against the same program over `number[]`
 * (whose adjoint is never carried), and with near misses that must keep their increments.
 */
import { compile, printTransformed, vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const x7 = [0.3, -1.2, 0.8, 1.5, -0.4, 0.9, 0.05];

const stencil = (name: string, type: string) => `
// @differentiate
export function ${name}(x: ${type}): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    s += 100 * a * a + Math.sin(x[i]);
  }
  return s;
}`;

test("a two-point stencil carries x_bar[i + 1] into the next iteration, with the same bits as without", () => {
  const source = stencil("rows", "Float64Array");
  checkBothWays(source, "rows", "x: Float64Array", [[Float64Array.from(x7)], [new Float64Array(1)]]);
  const vjp = vjpOf(source, "rows");
  // x_bar is fresh: the loop loads nothing from it, stores each element once, and the last one after the loop.
  expect(vjp).toMatch(/x_bar_carry = 0;/);
  expect(vjp).toMatch(/x_bar\[i\] = x_bar_carry \+ \w+;/);
  // The carry starts each element at its increment, the element being zero (no '0 +'). (x[i + 1]'s value is handed
  // on to the next iteration's x[i] just before the increment: optimize/carryReads.ts.)
  expect(vjp).toMatch(/x_bar_carry = \w+;\n\s*x_i_carried = \w+;\n\s*i \+= 1;\n\s*\}\n\s*x_bar\[i\] = x_bar_carry;/);
  expect(vjp).not.toMatch(/x_bar\[i_plus_1\]/);
  // number[] adjoints are not carried (the function does not own them as typed arrays): the same sums, bit for bit.
  const plain = stencil("plain", "number[]");
  expect(vjpOf(plain, "plain")).not.toMatch(/_carry/);
  const out = compile({
    "main.ts": `${source}\n${plain}\nimport { grad, gradInto } from "cotangent";
export const g = grad(rows);
export const gp = grad(plain);
export const gi = gradInto(rows);`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const n of [0, 1, 2, 7, 100]) {
    const x = Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) * 1.1);
    const carried = Array.from(m.g(Float64Array.from(x)) as Float64Array);
    expect(carried).toEqual(m.gp(x));
    const into = new Float64Array(n).fill(Number.NaN);
    m.gi(Float64Array.from(x), into);
    expect(Array.from(into)).toEqual(carried);
  }
});

test("near misses keep their increments: three points, the later element first, counting down", () => {
  const source = `
// @differentiate
export function three(x: Float64Array): number {
  let s = 0;
  for (let i = 1; i < x.length - 1; i++) {
    const a = x[i - 1] - 2 * x[i] + x[i + 1];
    s += a * a * x[i];
  }
  return s;
}
// @differentiate
export function swapped(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1];
  return s;
}
// @differentiate
export function down(x: Float64Array): number {
  let s = 0;
  for (let i = x.length - 2; i >= 0; i--) s += x[i + 1] * Math.cos(x[i]);
  return s;
}`;
  const x = Float64Array.from(x7);
  for (const name of ["three", "swapped", "down"]) {
    checkBothWays(source, name, "x: Float64Array", [[x]]);
    expect(vjpOf(source, name)).not.toMatch(/_carry/);
  }
});

/** The text of `name`'s generated gradInto function. */
function intoOf(source: string, name: string): string {
  const text = printTransformed({
    "main.ts": `${source}\nimport { gradInto } from "cotangent";\nexport const gi = gradInto(${name}, [0, 1]);`,
  }).text["main.ts"];
  return text.split(`function ${name}_vjp_into`)[1].split("\n}\n")[0];
}

test("gradInto drops its zero fill when the carried loop stores every element, and keeps it otherwise", () => {
  // Each function also takes a second array y, read without a stencil: y_bar's fill always stays.
  const program = (name: string, start: string, bound: string) => `
// @differentiate
export function ${name}(x: Float64Array, y: Float64Array): number {
  let s = 0;
  ${start}
  for (; i < ${bound}; i++) {
    const a = x[i + 1] - x[i] * x[i] * y[i];
    s += 100 * a * a + Math.sin(x[i]);
  }
  return s;
}`;
  const cases = [
    { name: "whole", start: "let i = 0;", bound: "x.length - 1", dropped: true },
    // The first element is never stored by the loop: it must still come out zero.
    { name: "fromOne", start: "let i = 1;", bound: "x.length - 1", dropped: false },
    // The last element is never stored.
    { name: "shortOfEnd", start: "let i = 0;", bound: "x.length - 2", dropped: false },
    // The counter's start is not known to be 0.
    { name: "branchStart", start: "let i = 0;\n  if (x.length > 3) i = 1;", bound: "x.length - 1", dropped: false },
    // A bound from the other array: y may be shorter than x.
    { name: "otherBound", start: "let i = 0;", bound: "y.length - 1", dropped: false },
  ];
  const source = cases.map((c) => program(c.name, c.start, c.bound)).join("\n");
  for (const c of cases) {
    const into = intoOf(source, c.name);
    expect(into).toMatch(/x_bar\[i\] = x_bar_carry \+ \w+;/);
    expect(into).toMatch(/y_bar\.fill\(0\);/);
    if (c.dropped) expect(into).not.toMatch(/x_bar\.fill/);
    else expect(into).toMatch(/x_bar\.fill\(0\);/);
  }
  const exports = cases.map(
    (c) => `export const g_${c.name} = grad(${c.name}, [0, 1]);
export const gi_${c.name} = gradInto(${c.name}, [0, 1]);`,
  );
  const out = compile({ "main.ts": `${source}\nimport { grad, gradInto } from "cotangent";\n${exports.join("\n")}` });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  for (const c of cases) {
    for (const n of [0, 1, 2, 3, 4, 9]) {
      const x = Float64Array.from({ length: n }, (_, k) => Math.cos(1.3 * k) * 1.1);
      const y = Float64Array.from({ length: n + (c.name === "otherBound" ? -1 : 0) }, (_, k) => 0.5 + 0.1 * k);
      const [gx, gy] = m[`g_${c.name}`](x, y) as Float64Array[];
      // Both output arrays start as garbage: whatever the loop does not store must come out of the fill.
      const outX = new Float64Array(x.length).fill(Number.NaN);
      const outY = new Float64Array(y.length).fill(Number.NaN);
      const value = m[`gi_${c.name}`](x, y, [outX, outY]) as number;
      expect(Array.from(outX)).toEqual(Array.from(gx));
      expect(Array.from(outY)).toEqual(Array.from(gy));
      expect(value).toBe(m[c.name](x, y));
      expect(Array.from(outX).every(Number.isFinite)).toBe(true);
    }
  }
  checkBothWays(source, "whole", "x: Float64Array, y: Float64Array", [[Float64Array.from(x7), Float64Array.from(x7)]]);
});
