/**
 * Unroll-and-jam (packages/core/src/optimize/jam.ts): rows of a matrix-vector loop nest run four side by side, in the
 * forward sweep (four dot products at once), in the reverse sweep (four rows of w_bar per load of x) and in forward
 * mode. Checked against finite differences and by the dot-product test, bit for bit against the same program compiled
 * with `unroll: 1` (sizes that leave a remainder, sizes that are not integers), and with near misses that must not jam.
 */
import { compile, printTransformed, vjpOf } from "../helpers/compile";
import { checkBothWays } from "../helpers/shaped";

const layer = `
// @differentiate
export function layer(w: Float64Array, b: Float64Array, x: Float64Array, rows: number, cols: number): number {
  const h = new Float64Array(b.length);
  for (let j = 0; j < rows; j++) {
    let a = b[j];
    for (let i = 0; i < cols; i++) a += w[j * cols + i] * x[i];
    h[j] = Math.tanh(a);
  }
  let s = 0;
  for (let j = 0; j < rows; j++) s += h[j] * h[j] * (j + 1);
  return s;
}`;

const program = `${layer}
import { grad, gradInto, jvp } from "cotangent";
export const g = grad(layer, [0, 1]);
export const gi = gradInto(layer, [0, 1]);
export const gx = grad(layer, [0, 1, 2]);
export const tangent = (w: Float64Array, b: Float64Array, x: Float64Array, rows: number, cols: number) =>
  jvp(layer, [w, b, x, rows, cols], [w.map(Math.cos), b.map(Math.sin), x.map(Math.exp), 0, 0]);`;

/** `main.ts` compiled as is and with `unroll: 1`, both free of diagnostics: its exports, jammed then plain. */
function jammedAndPlain(main: string): Record<string, any>[] {
  return [{}, { unroll: 1 }].map((plugin) => {
    const out = compile({ "main.ts": main }, {}, { plugin });
    expect(out.diagnostics).toEqual([]);
    return out.load("main.ts");
  });
}

const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, k) => Math.sin(seed + 1.7 * k) * 0.8);

test("a matrix-vector nest runs four rows side by side in both sweeps", () => {
  const vjp = vjpOf(layer, "layer", "[0, 1]");
  // Forward: four accumulators over one inner loop; reverse: four rows of w_bar per pass, both under exactSizes.
  expect(vjp).toMatch(/if \(exactSizes\) \{\n\s*while \(j \+ 3 < rows\) \{/);
  expect(vjp).toMatch(/if \(exactSizes\) \{\n\s*while \(\w+ >= 4\) \{/);
  expect(vjp.match(/a\w* \+= a_1\w*;/g)).toHaveLength(5);
  const jvp = printTransformed({ "main.ts": program }).text["main.ts"].split("function layer_jvp")[1];
  expect(jvp).toMatch(/while \(j \+ 3 < rows\) \{/);
  checkBothWays(
    layer,
    "layer",
    "w: Float64Array, b: Float64Array, x: Float64Array, rows: number, cols: number",
    [
      [values(35, 1), values(7, 2), values(5, 3), 7, 5],
      [values(8, 4), values(2, 5), values(4, 6), 2, 4],
    ],
    { fixed: [3, 4] },
  );
});

test("an outer bound computed before the test (j < b.length, j < rows - 1) jams too, bitwise the same", () => {
  const bounds = (name: string, bound: string) =>
    layer
      .replace("layer(", `${name}(`)
      .replace("for (let j = 0; j < rows; j++) {", `for (let j = 0; j < ${bound}; j++) {`);
  const source = `${bounds("byLength", "b.length")}\n${bounds("shorter", "rows - 1")}`;
  const main = `${source}\nimport { grad, jvp } from "cotangent";
export const g1 = grad(byLength, [0, 1]);
export const g2 = grad(shorter, [0, 1]);
export const t2 = (w: Float64Array, b: Float64Array, x: Float64Array, rows: number, cols: number) =>
  jvp(shorter, [w, b, x, rows, cols], [w.map(Math.cos), b.map(Math.sin), x.map(Math.exp), 0, 0]);`;
  const jvpText = printTransformed({ "main.ts": main }).text["main.ts"].split("function shorter_jvp")[1];
  expect(jvpText).toMatch(/rows_minus_1 = rows - 1;\s+while \(j \+ 3 < rows_minus_1\)/);
  expect(vjpOf(bounds("byLength", "b.length"), "byLength", "[0, 1]")).toMatch(
    /b_length_1 = b\.length;[^]*while \(j \+ 3 < b_length_1\)/,
  );
  const [j, p] = jammedAndPlain(main);
  for (const [rows, cols] of [
    [1, 3],
    [6, 2],
    [9, 4],
  ]) {
    const args = [values(rows * cols, rows), values(rows, cols), values(cols, rows + cols), rows, cols] as const;
    for (const g of ["g1", "g2"]) {
      expect((j[g](...args) as Float64Array[]).map((a) => Array.from(a))).toEqual(
        (p[g](...args) as Float64Array[]).map((a) => Array.from(a)),
      );
    }
    expect(j.t2(...args)).toEqual(p.t2(...args));
  }
});

test("rows adding into a shared x_bar[i] jam too, but not rows adding into one fixed element", () => {
  expect(vjpOf(layer, "layer", "[0, 1, 2]")).toMatch(/while \(\w+ >= 4\) \{[^]*x_bar\[\w+\] \+= /);
  const fixedElement = `
// @differentiate
export function pinned(w: Float64Array, v: Float64Array, rows: number, cols: number): number {
  let s = 0;
  for (let j = 0; j < rows; j++) {
    let a = 0;
    for (let i = 0; i < cols; i++) a += w[j * cols + i] * v[0] * v[i + 1];
    s += a * a;
  }
  return s;
}`;
  // Each row adds into v_bar[i + 1] three times (fuzzer seed 26): interleaved by statement, row 1's first term
  // would come before row 0's second.
  const twice = `
// @differentiate
export function twice(w: Float64Array, v: Float64Array, rows: number, cols: number): number {
  const y = new Float64Array(rows);
  const z = new Float64Array(w.length);
  let s = 0;
  for (let j = 1; j < rows; j++) {
    let a = 0;
    for (let i = 0; i < cols; i++) {
      a += w[j * cols + i] * v[i + 1];
      y[j] += w[j * cols + i] * v[i + 1];
      z[j * cols + i] = w[j * cols + i] * v[i + 1];
    }
    s += Math.tanh(a);
  }
  for (let k = 0; k < y.length; k++) s += 0.1 * y[k] * y[k];
  for (let k = 0; k < z.length; k++) s += 0.5 * z[k];
  return s;
}`;
  expect(vjpOf(twice, "twice", "[1]")).not.toMatch(/>= 4\)/);
  // v_bar[0] gets a term from every (row, i): jammed, they would be added in another order.
  expect(vjpOf(fixedElement, "pinned", "[1]")).not.toMatch(/>= 4\)/);
  const main = `${fixedElement}\n${twice}\nimport { grad } from "cotangent";
export const g = grad(pinned, [1]);
export const g2 = grad(twice, [1]);`;
  // Terms of very different sizes: any change in the order of the additions shows in the bits.
  const w = Float64Array.from({ length: 7 * 5 }, (_, k) => Math.sin(k + 1) * 10 ** (((k * 3) % 5) - 2));
  const v = values(1 + 5, 4);
  const [jammed, plain] = jammedAndPlain(main);
  expect(Array.from(jammed.g(w, v, 7, 5) as Float64Array)).toEqual(Array.from(plain.g(w, v, 7, 5) as Float64Array));
  const w2 = values(7 * 5, 5);
  expect(Array.from(jammed.g2(w2, v, 7, 5) as Float64Array)).toEqual(Array.from(plain.g2(w2, v, 7, 5) as Float64Array));
  checkBothWays(
    fixedElement,
    "pinned",
    "w: Float64Array, v: Float64Array, rows: number, cols: number",
    [[values(7 * 5, 3), v, 7, 5]],
    {
      fixed: [2, 3],
    },
  );
});

test("jammed gradients are bitwise those of the plain loops, remainders and non-integer sizes included", () => {
  const [j, p] = jammedAndPlain(program);
  // rows 6.5 runs 7 rows with exactSizes false: the plain loops run them all.
  for (const [rows, cols] of [
    [0, 3],
    [1, 3],
    [3, 2],
    [4, 4],
    [7, 5],
    [9, 1],
    [13, 6],
    [6.5, 3],
  ]) {
    const n = Math.ceil(rows);
    const args = [values(n * cols, rows), values(n, cols), values(cols, rows + cols), rows, cols] as const;
    const [gw, gb] = j.g(...args) as Float64Array[];
    const [pw, pb] = p.g(...args) as Float64Array[];
    expect(Array.from(gw)).toEqual(Array.from(pw));
    expect(Array.from(gb)).toEqual(Array.from(pb));
    const into = [new Float64Array(n * cols).fill(NaN), new Float64Array(n).fill(NaN)];
    j.gi(...args, into);
    expect(Array.from(into[0])).toEqual(Array.from(pw));
    expect(Array.from(into[1])).toEqual(Array.from(pb));
    // With x active, every row adds into x_bar[i]: jammed, each x_bar[i] still receives the rows' terms in order.
    const withX = j.gx(...args) as Float64Array[];
    expect(withX.map((a) => Array.from(a))).toEqual((p.gx(...args) as Float64Array[]).map((a) => Array.from(a)));
    // Forward mode runs the same rows side by side.
    expect(j.tangent(...args)).toEqual(p.tangent(...args));
  }
});

test("near misses stay plain: rows adding into overlapping elements, reading what an earlier row wrote, carrying a value", () => {
  const source = `
// @differentiate
export function shifted(w: Float64Array, v: Float64Array, rows: number, cols: number): number {
  let s = 0;
  for (let j = 0; j < rows; j++) {
    let a = 0;
    for (let i = 0; i < cols; i++) a += w[j * cols + i] * v[j + i];
    s += Math.tanh(a);
  }
  return s;
}
// @differentiate
export function chained(w: Float64Array, rows: number, cols: number): number {
  const acc = new Float64Array(cols);
  for (let j = 0; j < rows; j++) {
    const base = acc[0];
    for (let i = 0; i < cols; i++) acc[i] += Math.sin(base + w[j * cols + i]);
  }
  let s = 0;
  for (let i = 0; i < cols; i++) s += acc[i] * acc[i];
  return s;
}
// @differentiate
export function carried(w: Float64Array, rows: number, cols: number): number {
  const h = new Float64Array(rows);
  let carry = 0.5;
  for (let j = 0; j < rows; j++) {
    let a = carry;
    for (let i = 0; i < cols; i++) a += w[j * cols + i] * a * 0.1;
    carry = Math.sin(a);
    h[j] = a;
  }
  let s = carry;
  for (let j = 0; j < rows; j++) s += h[j];
  return s;
}`;
  const signature = "w: Float64Array, rows: number, cols: number";
  for (const name of ["chained", "carried"]) {
    expect(vjpOf(source, name)).not.toMatch(/>= 4\)|\+ 3 </);
    checkBothWays(source, name, signature, [[values(30, 2), 6, 5]], { fixed: [1, 2] });
  }
  // Math.random() is called once per row, in row order: the forward sweep's rows stay one after the other (the
  // reverse sweep, which does not call it, still jams).
  const noisy = layer.replace("let a = b[j];", "let a = b[j] + 1e-3 * Math.random();").replace("layer(", "noisy(");
  expect(vjpOf(noisy, "noisy", "[0, 1]")).not.toMatch(/\+ 3 </);
  expect(vjpOf(noisy, "noisy", "[0, 1]")).toMatch(/>= 4\)/);
  // v_bar[j + i] gathers from several rows: jammed, its additions would come in another order.
  expect(vjpOf(source, "shifted", "[1]")).not.toMatch(/>= 4\)/);
  const main = `${source}\nimport { grad } from "cotangent";\nexport const g = grad(shifted, [1]);`;
  const w = values(7 * 5, 1);
  const v = values(7 + 5, 2);
  const [jammed, plain] = jammedAndPlain(main);
  expect(Array.from(jammed.g(w, v, 7, 5) as Float64Array)).toEqual(Array.from(plain.g(w, v, 7, 5) as Float64Array));
});
