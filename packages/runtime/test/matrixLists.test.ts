import { groupRows, matrixRows, rowStarts } from "../src";

test("matrixRows, rowStarts and groupRows: rows in order, the same objects, and grouped back as the primal's", () => {
  const a = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  const b = [[7, 8, 9]];
  const matrices = [a, [], b];
  const rows = matrixRows(matrices);
  expect(rows).toEqual([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8, 9],
  ]);
  expect(rows[1]).toBe(a[1]);
  expect(rows[3]).toBe(b[0]);
  expect(Array.from(rowStarts(matrices))).toEqual([0, 3, 3, 4]);
  const grouped = groupRows(rows, matrices);
  expect(grouped).toEqual(matrices);
  expect(grouped[2][0]).toBe(b[0]);
  expect(matrixRows([])).toEqual([]);
  expect(Array.from(rowStarts([]))).toEqual([0]);
  expect(groupRows([], [])).toEqual([]);
});

test("matrixRows checks a tangent's matrices and their row counts against its primal's", () => {
  const primal = [[[1, 2]], [[3], [4]]];
  expect(matrixRows([[[0, 0]], [[0], [0]]], primal, "the tangent of 'Ws'")).toHaveLength(3);
  expect(() => matrixRows([[[0, 0], [0]], [[0]]], primal, "the tangent of 'Ws'")).toThrow(
    "cotangent: matrix 0 of the tangent of 'Ws' has 2 rows where its primal's has 1",
  );
  expect(() => matrixRows([[[0, 0]]], primal, "the tangent of 'Ws'")).toThrow(
    "cotangent: the tangent of 'Ws' has 1 matrices where its primal has 2",
  );
});
