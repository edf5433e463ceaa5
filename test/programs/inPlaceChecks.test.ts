/**
 * What arrays of matrices and records that hold matrices refuse, and what they check at run time: names given
 * another value (TS990111), records with a field of another kind (TS990113), a tangent grouped otherwise than its
 * primal; and second derivatives through a recursive helper given the whole array or an object.
 */
import { compile } from "../helpers/compile";

const codes = (source: string) =>
  compile({ "main.ts": source }).diagnostics.map((d) => /error (TS\d+)/.exec(d)?.[1] ?? d);

const layered = (body: string, helpers = "") => `import { grad } from "cotangent";
export interface Layer { W: number[][]; b: number[]; gain: number }
${helpers}
// @differentiate
export function f(layers: Layer[], Ws: number[][][], x: number[]): number {
  ${body}
}
export const g = grad(f, [0, 1, 2]);
`;

test("a name for a matrix, an element or one of its fields cannot be given another value (TS990111)", () => {
  for (const body of [
    "let { W } = layers[0]; const s = W[0][0]; W = layers[1].W; return s + W[0][0] * x[0];",
    "let { b } = layers[0]; b = layers[1].b; return b[0] * x[0];",
    "let L = layers[0]; L = layers[1]; return L.gain * x[0];",
    "let W = Ws[0]; if (x[0] > 0) W = Ws[1]; return W[0][0] * x[0];",
    "for (let W of Ws) { W = Ws[0]; x[0] += W[0][0]; } return x[0];",
  ]) {
    // The first diagnostic says what to do; a name for an array field is a matrix's row, whose assignment adds one.
    expect([body, codes(layered(body))[0]]).toEqual([body, "TS990111"]);
  }
  const helpers = `function h(L: Layer, M: Layer): number { let s = L.gain; L = M; return s + 2 * L.gain; }
function k(W: number[][], V: number[][]): number { const s = W[0][0]; W = V; return s + W[0][0]; }`;
  expect(codes(layered("return h(layers[0], layers[1]) * x[0];", helpers))).toEqual(["TS990111"]);
  expect(codes(layered("return k(layers[0].W, Ws[1]) * x[0];", helpers))).toEqual(["TS990111"]);
  expect(codes(layered("return k(Ws[0], Ws[1]) * x[0];", helpers))).toEqual(["TS990111"]);
});

test("records that hold matrices and a field of another kind, a getter among them, are refused (TS990113)", () => {
  const withGetter = `import { grad } from "cotangent";
export class Layer {
  constructor(public W: number[][], public gain: number) {}
  get twice(): number { return 2 * this.gain; }
}
// @differentiate
export function f(layers: Layer[], x: number): number {
  let s = 0;
  for (const L of layers) s += L.twice * L.W[0][0] * x;
  return s;
}
export const g = grad(f, [0, 1]);
`;
  expect(codes(withGetter)).toEqual(["TS990113"]);
});

test("a jvp tangent of an array of matrices must group its rows as the primal does", () => {
  const m = compile({
    "main.ts": `import { jvp } from "cotangent";
// @differentiate
export function f(Ws: number[][][]): number {
  let s = 0;
  for (const W of Ws) for (const row of W) s += row[0] * row[0];
  return s;
}
export const t = (Ws: number[][][], dWs: number[][][]) => jvp(f, [Ws], [dWs]);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const { t } = m.load("main.ts");
  const Ws = [[[1], [2], [3]], [[4]]];
  expect(t(Ws, [[[1], [0], [0]], [[0]]])).toEqual([30, 2]);
  // The same four rows grouped 2 + 2: another direction, refused.
  expect(() =>
    t(Ws, [
      [[1], [0]],
      [[0], [0]],
    ]),
  ).toThrow("matrix 0 of the tangent of 'Ws' has 2 rows where its primal's has 3");
  expect(() => t(Ws, [[[1], [0], [0]]])).toThrow("the tangent of 'Ws' has 1 matrices where its primal has 2");
});

test("second derivatives through a recursive helper given the whole array of matrices, records or an object", () => {
  const m = compile({
    "main.ts": `import { hessian } from "cotangent";
export interface Layer { W: number[][]; gain: number }
function viaList(Ws: number[][][], l: number): number { return l >= Ws.length ? 0 : Ws[l][0][0] + viaList(Ws, l + 1); }
function viaRecords(ls: Layer[], l: number): number {
  return l >= ls.length ? 0 : ls[l].gain * ls[l].W[0][0] + viaRecords(ls, l + 1);
}
function viaObject(p: { a: number[]; b: number }, l: number): number {
  return l >= p.a.length ? 0 : p.a[l] * p.b + viaObject(p, l + 1);
}
// @differentiate
export function f(Ws: number[][][], ls: Layer[], p: { a: number[]; b: number }, x: number): number {
  return (viaList(Ws, 0) + viaRecords(ls, 0) + viaObject(p, 0)) * x * x + x * x * x;
}
export const h = hessian(f, 3);
`,
  });
  expect(m.diagnostics).toEqual([]);
  const { h } = m.load("main.ts");
  // c = 1 + 3 + (2·1.5 + 3·(-1)) + (1·3 + 2·3) = 13; f'' = 2c + 6x.
  const Ws = [[[1]], [[3]]];
  const ls = [
    { W: [[2]], gain: 1.5 },
    { W: [[3]], gain: -1 },
  ];
  expect(h(Ws, ls, { a: [1, 2], b: 3 }, 2)).toBe(2 * 13 + 12);
});
