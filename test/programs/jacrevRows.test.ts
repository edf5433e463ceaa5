/**
 * jacrev without a first run of f: when f's code shows its result's kind and length (a number, or an array
 * allocated once from literals, number parameters and typed-array lengths), the wrapper sweeps that many rows
 * (`__ct.jacobianReverseRows`) instead of calling f to see its result. Checked against jacfwd (forward mode, to 1e-12
 * relative) and central finite differences; results whose length the code does not pin keep the first run.
 */
import { compile } from "../helpers/compile";
import { centralDifference, relativeError } from "../helpers/check";

const source = `
import { jacfwd, jacrev } from "cotangent";

// @differentiate
export function energy(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(x[i]) * x[i];
  return s;
}

// @differentiate
export function polar(r: number, theta: number): number[] {
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

// @differentiate
export function scaled(x: Float64Array, k: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(k * x[i]);
  return out;
}

// @differentiate
export function padded(x: Float64Array): Float64Array {
  const m = x.length + 1;
  const out = new Float64Array(m);
  for (let i = 0; i < x.length; i++) out[i + 1] = x[i] * x[i];
  out[0] = x[0] * x[x.length - 1];
  return out;
}

// @differentiate
export function pairs(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * 2 - 1);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(x[i % x.length]) * (i + 1);
  return out;
}

// @differentiate
export function blocks(config: { rows: number; scale: number }, x: Float64Array): Float64Array {
  const out = new Float64Array(config.rows);
  for (let i = 0; i < out.length; i++) out[i] = config.scale * x[i % x.length] * x[(i + 1) % x.length];
  return out;
}

// @differentiate
export function halves(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = x[2 * i] * x[2 * i + 1];
  return out;
}

// @differentiate
export function shifted(x: Float64Array, n: number): Float64Array {
  n = n + 1;
  const out = new Float64Array(n);
  for (let i = 0; i < out.length; i++) out[i] = x[i % x.length] * n;
  return out;
}

// @differentiate
export function grown(x: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] > 0) out.push(Math.sqrt(x[i]));
  return out;
}

// @differentiate
export function filled(x: Float64Array): number[] {
  const out = new Array<number>(1).fill(0);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * x[(i + 1) % x.length];
  return out;
}

export const energyR = jacrev(energy);
export const energyF = jacfwd(energy);
export const polarR = jacrev(polar, 1);
export const polarF = jacfwd(polar, 1);
export const scaledR = jacrev(scaled);
export const scaledF = jacfwd(scaled);
export const paddedR = jacrev(padded);
export const paddedF = jacfwd(padded);
export const pairsR = jacrev(pairs);
export const pairsF = jacfwd(pairs);
export const blocksR = jacrev(blocks, 1);
export const blocksF = jacfwd(blocks, 1);
export const halvesR = jacrev(halves);
export const halvesF = jacfwd(halves);
export const shiftedR = jacrev(shifted);
export const shiftedF = jacfwd(shifted);
export const grownR = jacrev(grown);
export const grownF = jacfwd(grown);
export const filledR = jacrev(filled);
export const filledF = jacfwd(filled);
`;

const out = compile({ "main.ts": source });
const m = out.load("main.ts");
const js = out.js["main.ts"];

/** The text of the exported wrapper `name`. */
const wrapper = (name: string): string => {
  const line = js.split("\n").find((l) => l.startsWith(`const ${name} = `));
  if (!line) throw new Error(`no wrapper ${name}`);
  return line;
};

const x = Float64Array.from([0.3, -0.7, 1.1, 0.5, -0.2, 0.9]);

function expectSameJacobian(reverse: unknown, forward: unknown): void {
  const a = [reverse].flat(2) as number[];
  const b = [forward].flat(2) as number[];
  expect(a.length).toBe(b.length);
  expect(a.length).toBeGreaterThan(0);
  a.forEach((value, k) => expect(relativeError(value, b[k])).toBeLessThan(1e-12));
}

test("the code compiles without diagnostics", () => {
  expect(out.diagnostics).toEqual([]);
});

test("a number result sweeps one row without running f first", () => {
  expect(wrapper("energyR")).toContain('__ct.jacobianReverseRows("number", 1, ');
  expect(wrapper("energyR")).not.toContain("energy(x)");
  const gradient = m.energyR(x) as number[];
  expectSameJacobian(gradient, m.energyF(x));
  const f = (...xs: number[]) => m.energy(Float64Array.from(xs)) as number;
  gradient.forEach((g, i) => {
    const e = Array.from(x, (_, j) => (j === i ? 1 : 0));
    expect(relativeError(g, centralDifference(f, Array.from(x), e))).toBeLessThan(1e-6);
  });
});

test("a tuple result's length comes from its literal", () => {
  expect(wrapper("polarR")).toContain('__ct.jacobianReverseRows("Array", 2, ');
  expectSameJacobian(m.polarR(1.5, 0.4), m.polarF(1.5, 0.4));
  expect(m.polarR(1.5, 0.4)).toHaveLength(2);
});

test("an array allocated from a parameter's length, directly or through a local, sweeps that many rows", () => {
  expect(wrapper("scaledR")).toContain('__ct.jacobianReverseRows("Float64Array", x.length, ');
  expect(wrapper("paddedR")).toContain('__ct.jacobianReverseRows("Float64Array", x.length + 1, ');
  expectSameJacobian(m.scaledR(x, 0.8), m.scaledF(x, 0.8));
  expect(m.scaledR(x, 0.8)).toHaveLength(x.length);
  expectSameJacobian(m.paddedR(x), m.paddedF(x));
  expect(m.paddedR(x)).toHaveLength(x.length + 1);
  // Each row is the gradient of one output: d out[i + 1] / d x = 2 x[i] e_i.
  const rows = m.paddedR(x) as number[][];
  expect(rows[3]).toEqual(Array.from(x, (v, j) => (j === 2 ? 2 * v : 0)));
});

test("a length computed from a number parameter is computed from the argument", () => {
  expect(wrapper("pairsR")).toContain('__ct.jacobianReverseRows("Float64Array", n * 2 - 1, ');
  for (const n of [1, 2, 5]) {
    expect(m.pairsR(x, n)).toHaveLength(2 * n - 1);
    expectSameJacobian(m.pairsR(x, n), m.pairsF(x, n));
  }
});

test("a size read from an object parameter's field is read from the argument's field", () => {
  expect(wrapper("blocksR")).toContain('__ct.jacobianReverseRows("Float64Array", config.rows, ');
  const config = { rows: 4, scale: 1.5 };
  expect(m.blocksR(config, x)).toHaveLength(4);
  expectSameJacobian(m.blocksR(config, x), m.blocksF(config, x));
});

test("lengths the code does not pin keep the first run of f", () => {
  // A division may give a fraction (the allocation then truncates it); a parameter assigned in f no longer holds its
  // value on entry, which is what the wrapper could read; a pushed array's length depends on values, and
  // a number[] stored into may grow past its allocation.
  expect(wrapper("halvesR")).toContain("__ct.jacobianReverse(halves(x), ");
  expect(wrapper("shiftedR")).toContain("__ct.jacobianReverse(shifted(x, n), ");
  expect(m.shiftedR(x, 3)).toHaveLength(4);
  expectSameJacobian(m.shiftedR(x, 3), m.shiftedF(x, 3));
  expect(wrapper("grownR")).toContain("__ct.jacobianReverse(grown(x), ");
  expectSameJacobian(m.halvesR(x), m.halvesF(x));
  expect(m.halvesR(x)).toHaveLength(3);
  expectSameJacobian(m.grownR(x), m.grownF(x));
  expect(m.grownR(x)).toHaveLength(4);
  // Stores past the end of a number[] grow it: allocated with one element, it ends as long as x.
  expect(wrapper("filledR")).toContain("__ct.jacobianReverse(filled(x), ");
  expect(m.filledR(x)).toHaveLength(x.length);
  expectSameJacobian(m.filledR(x), m.filledF(x));
});
