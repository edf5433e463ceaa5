import { jacobianRecord, recordNumbers, recordOf, type Layout } from "../src";

// { a: number; w: Float64Array; p: [number, { v: number[] }] }: a at 0, w's length at 1, p[0] at 2, v's length at 3;
// then w's elements, then v's.
const layout: Layout = { a: 0, w: "Float64Array@1", p: [2, { v: "number[]@3" }] };
const value = { a: 1.5, w: new Float64Array([2, 3]), p: [4, { v: [5, 6, 7] }] };
const numbers = [1.5, 2, 4, 3, 2, 3, 5, 6, 7];

test("recordNumbers reads an object into the generated functions' array; recordOf builds it back, arrays of their kind", () => {
  expect(recordNumbers(value, layout, "the value")).toEqual(numbers);
  const built = recordOf(layout, numbers, numbers) as typeof value;
  expect(built).toEqual(value);
  expect(built.w).toBeInstanceOf(Float64Array);
  // A tangent's length entries are 0: the value's give the lengths.
  const tangent = [0.1, 0, 0.2, 0, 1, 2, 3, 4, 5];
  expect(recordOf(layout, tangent, numbers)).toEqual({
    a: 0.1,
    w: new Float64Array([1, 2]),
    p: [0.2, { v: [3, 4, 5] }],
  });
  // Without arrays, no lengths are needed.
  expect(recordOf({ m: 1, s: [0, 2] }, [10, 20, 30])).toEqual({ m: 20, s: [10, 30] });
});

test("recordNumbers checks the cotangent's shape against the value's, naming the field", () => {
  const wrong = (cotangent: unknown) => () => recordNumbers(cotangent, layout, "the cotangent", value);
  expect(wrong({ ...value, w: new Float64Array(3) })).toThrow(
    new RangeError(
      "cotangent: field 'w' of the cotangent is an array of 3 where the result has an array of 2; pass one.",
    ),
  );
  expect(wrong({ ...value, p: [4] })).toThrow(
    /field 'p' of the cotangent is an array of 1 where the result has a tuple of 2/,
  );
  expect(wrong({ ...value, p: [4, {}] })).toThrow(
    /field 'p\[1\].v' of the cotangent is undefined where the result has an array/,
  );
  expect(wrong({ ...value, a: "1" })).toThrow(/field 'a' of the cotangent is string 1 where the result has a number/);
  expect(wrong(0)).toThrow(/the cotangent is number 0 where the result has an object/);
});

test("jacobianRecord gives each field its rows, and with several parameters a tuple of them per field", () => {
  const rows = numbers.map((_, i) => [i, -i]);
  expect(jacobianRecord(layout, rows, numbers)).toEqual({
    a: [0, -0],
    w: [
      [4, -4],
      [5, -5],
    ],
    p: [
      [2, -2],
      {
        v: [
          [6, -6],
          [7, -7],
          [8, -8],
        ],
      },
    ],
  });
  const inS = numbers.map((_, i) => 10 * i);
  const several = jacobianRecord({ a: 0, v: "number[]@1" }, [rows.slice(0, 4), inS.slice(0, 4)], [9, 2], true);
  expect(several).toEqual({
    a: [[0, -0], 0],
    v: [
      [
        [2, -2],
        [3, -3],
      ],
      [20, 30],
    ],
  });
});
