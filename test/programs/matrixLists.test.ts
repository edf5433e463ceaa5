/**
 * Arrays of matrices ('Ws: number[][][]', 'Float64Array[][]'): a network's weights layer by layer, of any depth.
 * Read by index ('Ws[l][i][j]', 'Ws[l].length'), through names ('const W = Ws[l]', 'for (const W of Ws)',
 * 'for (const row of W)') and by helpers given one matrix or the whole array; the gradient comes back shaped as the
 * weights. Checked against backpropagation written by hand, gradients derived by hand, central differences, and jvp
 * against vjp (the dot-product test).
 */
import { compile } from "../helpers/compile";
import { expectClose, rng } from "../helpers/check";

const network = `
import { grad, jvp, vjp } from "cotangent";

function dense(W: number[][], b: number[], h: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < W.length; i++) {
    let s = b[i];
    const row = W[i];
    for (let j = 0; j < row.length; j++) s += row[j] * h[j];
    out.push(Math.tanh(s));
  }
  return out;
}

/** A tanh network of any depth, its weights layer by layer; the loss is the squared distance to y. */
// @differentiate
export function loss(Ws: number[][][], bs: number[][], x: number[], y: number[]): number {
  let h = x;
  for (let l = 0; l < Ws.length; l++) h = dense(Ws[l], bs[l], h);
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}

/** The same network indexed in place. */
// @differentiate
export function indexed(Ws: number[][][], bs: number[][], x: number[], y: number[]): number {
  let h = x;
  for (let l = 0; l < Ws.length; l++) {
    const out = new Array<number>(Ws[l].length).fill(0);
    for (let i = 0; i < Ws[l].length; i++) {
      let s = bs[l][i];
      for (let j = 0; j < Ws[l][i].length; j++) s += Ws[l][i][j] * h[j];
      out[i] = Math.tanh(s);
    }
    h = out;
  }
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}

export const g = grad(loss, [0, 1, 2]);
export const gi = grad(indexed, [0, 1, 2]);
export const t = (Ws: number[][][], bs: number[][], x: number[], y: number[], dWs: number[][][], dbs: number[][], dx: number[]) =>
  jvp(loss, [Ws, bs, x, y], [dWs, dbs, dx, y.map(() => 0)]);
export const p = (Ws: number[][][], bs: number[][], x: number[], y: number[]) => vjp(loss, Ws, bs, x, y);
`;

/** Backpropagation written out by hand: the reference gradient. */
function backprop(Ws: number[][][], bs: number[][], x: number[], y: number[]) {
  const hs = [x];
  for (let l = 0; l < Ws.length; l++) {
    const h = hs[l];
    hs.push(Ws[l].map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * h[j], bs[l][i]))));
  }
  let delta = hs[Ws.length].map((v, k) => 2 * (v - y[k]));
  const gWs = Ws.map((W) => W.map((row) => row.map(() => 0)));
  const gbs = bs.map((b) => b.map(() => 0));
  for (let l = Ws.length - 1; l >= 0; l--) {
    const out = hs[l + 1];
    const dz = delta.map((d, i) => d * (1 - out[i] * out[i]));
    dz.forEach((d, i) => {
      gbs[l][i] = d;
      hs[l].forEach((v, j) => (gWs[l][i][j] = d * v));
    });
    delta = hs[l].map((_, j) => dz.reduce((s, d, i) => s + d * Ws[l][i][j], 0));
  }
  return { gWs, gbs, gx: delta };
}

const random = rng(11);
const matrix = (rows: number, columns: number) =>
  Array.from({ length: rows }, () => Array.from({ length: columns }, () => random() - 0.5));
// Three layers of different shapes: 3 → 4 → 2 → 3.
const Ws = [matrix(4, 3), matrix(2, 4), matrix(3, 2)];
const bs = [4, 2, 3].map((n) => matrix(1, n)[0]);
const x = [0.4, -0.7, 0.9];
const y = [0.1, -0.2, 0.3];

test("a network of any depth, weights in a number[][][]: gradient against backpropagation by hand, jvp against vjp", () => {
  const m = compile({ "main.ts": network });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const reference = backprop(Ws, bs, x, y);
  for (const gradient of [f.g, f.gi]) {
    const [gWs, gbs, gx] = gradient(Ws, bs, x, y);
    expect(gWs.map((W: number[][]) => W.map((row) => row.length))).toEqual(Ws.map((W) => W.map((row) => row.length)));
    gWs.forEach((W: number[][], l: number) =>
      W.forEach((row, i) =>
        row.forEach((v, j) => expectClose(v, reference.gWs[l][i][j], 1e-14, `Ws[${l}][${i}][${j}]`)),
      ),
    );
    gbs.forEach((b: number[], l: number) =>
      b.forEach((v, i) => expectClose(v, reference.gbs[l][i], 1e-14, `bs[${l}][${i}]`)),
    );
    gx.forEach((v: number, j: number) => expectClose(v, reference.gx[j], 1e-14, `x[${j}]`));
  }
  expectClose(f.indexed(Ws, bs, x, y), f.loss(Ws, bs, x, y), 1e-15, "the two forms' values");
  // The dot-product test: <J·u, w> by jvp against <u, Jᵀ·w> by vjp.
  const dWs = Ws.map((W) => W.map((row) => row.map(() => random() - 0.5)));
  const dbs = bs.map((b) => b.map(() => random() - 0.5));
  const dx = x.map(() => random() - 0.5);
  const [value, tangent] = f.t(Ws, bs, x, y, dWs, dbs, dx);
  expectClose(value, f.loss(Ws, bs, x, y), 1e-15, "jvp's value");
  const [, pullback] = f.p(Ws, bs, x, y);
  const [bWs, bbs, bx] = pullback(1.3);
  const dot = (a: number[][][], b: number[][][]) =>
    a.reduce((s, M, l) => s + M.reduce((t, row, i) => t + row.reduce((u, v, j) => u + v * b[l][i][j], 0), 0), 0);
  const reverse = dot(dWs, bWs) + dot([dbs], [bbs]) + dot([[dx]], [[bx]]);
  expectClose(tangent * 1.3, reverse, 1e-13, "<J·u, w> against <u, Jᵀ·w>");
  // The weights as given are unchanged, and the gradient's rows are arrays of their own.
  expect(Ws[0][0].length).toBe(3);
  const [gWs] = f.g(Ws, bs, x, y);
  expect(gWs[0][0]).not.toBe(Ws[0][0]);
});

const walked = `
import { grad } from "cotangent";

function cubes(Ms: Float64Array[][]): number {
  let t = 0;
  for (let l = 0; l < Ms.length; l++)
    for (let i = 0; i < Ms[l].length; i++) for (let j = 0; j < Ms[l][i].length; j++) t += Ms[l][i][j] ** 3;
  return t;
}

/** Σ over every row of every matrix of (row·x)², plus a corner of the last matrix and the cubes of all weights. */
// @differentiate
export function energy(Ws: Float64Array[][], x: Float64Array): number {
  let e = 0;
  for (const W of Ws) {
    for (const row of W) {
      let s = 0;
      for (let j = 0; j < row.length; j++) s += row[j] * x[j];
      e += s * s;
    }
  }
  const last = Ws[Ws.length - 1];
  const all = Ws;
  return e + last[0][0] * all[0].length + cubes(all);
}

export const g = grad(energy, [0, 1]);
`;

test("Float64Array[][] walked with for…of, named, aliased and given whole to a helper: gradients derived by hand", () => {
  const m = compile({ "main.ts": walked });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const rows = (n: number) => Array.from({ length: n }, () => Float64Array.from([random(), random() - 1]));
  const Ws = [rows(3), rows(1), rows(2)];
  const x = Float64Array.from([0.6, -1.2]);
  const [gWs, gx] = f.g(Ws, x);
  const expectedX = [0, 0];
  Ws.forEach((W, l) =>
    W.forEach((row, i) => {
      const s = row[0] * x[0] + row[1] * x[1];
      row.forEach((w, j) => {
        // d/dW[l][i][j] = 2·s·x[j] + 3·w², plus Ws[0].length at the last matrix's corner.
        const corner = l === Ws.length - 1 && i === 0 && j === 0 ? Ws[0].length : 0;
        expectClose(gWs[l][i][j], 2 * s * x[j] + 3 * w * w + corner, 1e-14, `Ws[${l}][${i}][${j}]`);
        expectedX[j] += 2 * s * w;
      });
    }),
  );
  expect(gWs[1][0]).toBeInstanceOf(Float64Array);
  expectedX.forEach((v, j) => expectClose(gx[j], v, 1e-14, `x[${j}]`));
});

const methods = `
import { grad } from "cotangent";

function dense(W: number[][], h: number[]): number[] {
  return W.map((row) => Math.tanh(row.reduce((s, w, j) => s + w * h[j], 0)));
}

/** The network of the first test without biases, each layer a 'map' over one matrix of the array. */
// @differentiate
export function loss(Ws: number[][][], x: number[], y: number[]): number {
  let h = x;
  for (let l = 0; l < Ws.length; l++) h = dense(Ws[l], h);
  let s = 0;
  for (let k = 0; k < h.length; k++) s += (h[k] - y[k]) ** 2;
  return s;
}

/** Σ over the matrices of Σ of their squared entries, by 'reduce', 'forEach' and 'some' over one matrix. */
// @differentiate
export function squares(Ws: number[][][]): number {
  let t = 0;
  for (const W of Ws) {
    t += W.reduce((s, row) => s + row.reduce((u, w) => u + w * w, 0), 0);
    W.forEach((row, i) => (t += i * row[0]));
    if (W.some((row) => row.length > 2)) t += 1;
  }
  return t;
}

export const g = grad(loss, [0, 1]);
export const gs = grad(squares);
`;

test("one matrix of an array of matrices walked by map, reduce, forEach and some: gradients by hand", () => {
  const m = compile({ "main.ts": methods });
  expect(m.diagnostics).toEqual([]);
  const f = m.load("main.ts");
  const zeros = bs.map((b) => b.map(() => 0));
  const reference = backprop(Ws, zeros, x, y);
  const [gWs, gx] = f.g(Ws, x, y);
  gWs.forEach((W: number[][], l: number) =>
    W.forEach((row, i) => row.forEach((v, j) => expectClose(v, reference.gWs[l][i][j], 1e-14, `Ws[${l}][${i}][${j}]`))),
  );
  gx.forEach((v: number, j: number) => expectClose(v, reference.gx[j], 1e-14, `x[${j}]`));
  // d/dW[l][i][j] = 2·W[l][i][j], plus i where j = 0.
  const gs = f.gs(Ws);
  Ws.forEach((W, l) =>
    W.forEach((row, i) =>
      row.forEach((w, j) =>
        expectClose(gs[l][i][j], 2 * w + (j === 0 ? i : 0), 1e-14, `squares: Ws[${l}][${i}][${j}]`),
      ),
    ),
  );
});
