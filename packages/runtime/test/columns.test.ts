import { fieldOf, numberColumn, recordsOfColumns } from "../src";

test("fieldOf, numberColumn and recordsOfColumns: a field's values in order, and records put back together", () => {
  const layers = [
    { W: [[1, 2]], b: [3], gain: 0.5 },
    { W: [[4], [5]], b: [6, 7], gain: -2 },
  ];
  const W = fieldOf(layers, "W");
  expect(W).toEqual([[[1, 2]], [[4], [5]]]);
  expect(W[1]).toBe(layers[1].W);
  const gain = numberColumn(layers, "gain");
  expect(gain).toBeInstanceOf(Float64Array);
  expect(Array.from(gain)).toEqual([0.5, -2]);
  expect(recordsOfColumns(2, { W, b: fieldOf(layers, "b"), gain })).toEqual([
    { W: [[1, 2]], b: [3], gain: 0.5 },
    { W: [[4], [5]], b: [6, 7], gain: -2 },
  ]);
  expect(recordsOfColumns(0, { W: [] })).toEqual([]);
  expect(fieldOf([], "W")).toEqual([]);
});
