/**
 * Jacobian assembly from unit cotangents (src/jacobian.ts): the rows come out in order, each row's sweep gets a
 * fresh unit vector of the result's kind, and a number result gets the cotangent 1 and gives one row.
 */
import {
  jacobianForward,
  jacobianReverse,
  jacobianReverseRows,
  jacobiansReverse,
  jacobiansReverseRows,
  sumLike,
  tangentOrZeros,
  zerosLike,
} from "../src/jacobian";

// The Jacobian of y = A·x for a 3 × 2 matrix A: row i is A's row i, returned for the cotangent e_i.
const A = [
  [1, 2],
  [3, 4],
  [5, 6],
];
const pullback = (cotangent: ArrayLike<number>) =>
  [0, 1].map((j) => A.reduce((s, row, i) => s + cotangent[i] * row[j], 0));

test.each(["Float64Array", "Float32Array", "Array"] as const)(
  "rows of a %s result, one fresh unit vector each",
  (kind) => {
    const seen: ArrayLike<number>[] = [];
    const rows = jacobianReverseRows(kind, 3, (cotangent: ArrayLike<number>) => {
      seen.push(cotangent);
      return pullback(cotangent);
    });
    expect(rows).toEqual(A);
    expect(seen.map((c) => Array.from(c))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const expected = { Float64Array, Float32Array, Array }[kind];
    seen.forEach((c) => expect(c.constructor).toBe(expected));
    expect(new Set(seen).size).toBe(3);
  },
);

test("a number result sweeps once, with the cotangent 1, as jacobianReverse does", () => {
  const gradient = (c: number) => [2 * c, -c];
  expect(jacobianReverseRows("number", 1, gradient)).toEqual([2, -1]);
  expect(jacobianReverseRows("number", 1, gradient)).toEqual(jacobianReverse(0.5, gradient));
});

test("an empty result has no rows", () => {
  expect(jacobianReverseRows("Float64Array", 0, () => [1])).toEqual([]);
});

test("several inputs at once: one sweep per output gives a row of each Jacobian; zeros shaped like an input", () => {
  // y = A·x + b·t for an input x (2 values) and a number t, with b = (1, 0, -1): J_x = A, J_t = b.
  const b = [1, 0, -1];
  let sweeps = 0;
  const rows = (cotangent: ArrayLike<number>) => {
    sweeps++;
    return [pullback(cotangent), b.reduce((s, bi, i) => s + cotangent[i] * bi, 0)];
  };
  expect(jacobiansReverseRows("Float64Array", 3, 2, rows)).toEqual([A, b]);
  expect(sweeps).toBe(3);
  expect(jacobiansReverse(new Float64Array(3), 2, rows)).toEqual([A, b]);
  expect(jacobiansReverse(new Float64Array(0), 2, rows)).toEqual([[], []]);
  // A number result: the gradients themselves, from one sweep.
  expect(jacobiansReverse(0.5, 2, (c: number) => [[2 * c, -c], 3 * c])).toEqual([[2, -1], 3]);
  const zeros = zerosLike(Float32Array.from([1, 2]));
  expect(zeros).toEqual(new Float32Array(2));
  expect(zerosLike([4, 5, 6])).toEqual([0, 0, 0]);
  expect(zerosLike(7)).toBe(0);
});

test("sumLike adds two directions of one kind, into a fresh value", () => {
  const a = Float32Array.from([1, 2.5]);
  const sum = sumLike(a, Float32Array.from([0.5, -1]));
  expect(sum).toEqual(Float32Array.from([1.5, 1.5]));
  expect(sum).not.toBe(a);
  expect(sumLike([1, 2], [3, 4])).toEqual([4, 6]);
  expect(sumLike(0.25, 0.5)).toBe(0.75);
});

test("tangentOrZeros: the tangent given, or zeros shaped like the primal for 0, at any depth", () => {
  const given = [1, 2];
  expect(tangentOrZeros(given, [3, 4])).toBe(given);
  expect(tangentOrZeros(0, Float32Array.from([3, 4]))).toEqual(new Float32Array(2));
  expect(tangentOrZeros(0, { a: 2, v: [1, 2], m: [[1], [2, 3]], name: "w" })).toEqual({
    a: 0,
    v: [0, 0],
    m: [[0], [0, 0]],
    name: "w",
  });
});

test("forward columns over any kind of array-like input: a unit tangent of its kind, or a number[] for a plain one", () => {
  // y = A·x again, its column j for the tangent e_j.
  const column = (tangent: ArrayLike<number>) => A.map((row) => row[0] * tangent[0] + row[1] * tangent[1]);
  const kinds: ArrayLike<number>[] = [
    [1, 2],
    new Float64Array([1, 2]),
    new Float32Array([1, 2]),
    { length: 2, 0: 1, 1: 2 },
  ];
  for (const input of kinds) {
    const tangents: ArrayLike<number>[] = [];
    const jacobian = jacobianForward(input, (tangent) => {
      tangents.push(tangent);
      return column(tangent);
    });
    expect(jacobian).toEqual(A);
    const kind = ArrayBuffer.isView(input) ? input.constructor : Array;
    tangents.forEach((t, j) => {
      expect(t.constructor).toBe(kind);
      expect(Array.from(t)).toEqual([0, 1].map((i) => (i === j ? 1 : 0)));
    });
  }
});

test("forward over an empty input: one row per output, each empty, counted by one sweep along the empty direction", () => {
  // f(x) = [Σx, 2, 3]: three outputs whatever x's length.
  const sweeps: ArrayLike<number>[] = [];
  const column = (tangent: ArrayLike<number>) => {
    sweeps.push(tangent);
    return [Array.from(tangent).reduce((a, b) => a + b, 0), 0, 0];
  };
  expect(jacobianForward(new Float64Array(0), column)).toEqual([[], [], []]);
  expect(jacobianForward([], column)).toEqual([[], [], []]);
  expect(sweeps.map((t) => t.length)).toEqual([0, 0]);
  expect(sweeps[0]).toBeInstanceOf(Float64Array);
  // A number result: its gradient, empty.
  expect(jacobianForward([], () => 1)).toEqual([]);
});
