import { addInto, copyInto, takeAdjoint } from "../src";

test("copyInto and addInto work element by element over the target's length", () => {
  const target = [1, 2, 3];
  copyInto(target, Float64Array.from([4, 5, 6]));
  expect(target).toEqual([4, 5, 6]);
  addInto(target, [0.5, 0.25, -6]);
  expect(target).toEqual([4.5, 5.25, 0]);
  const typed = new Float32Array(2);
  addInto(typed, [1.5, 2]);
  expect(Array.from(typed)).toEqual([1.5, 2]);
});

test("takeAdjoint returns the first values, of the same kind, and leaves them zero in the adjoint", () => {
  const adjoint = Float64Array.from([1, -2]);
  const taken = takeAdjoint(adjoint, 2);
  expect(taken).toBeInstanceOf(Float64Array);
  expect(Array.from(taken)).toEqual([1, -2]);
  expect(Array.from(adjoint)).toEqual([0, 0]);
  // An array grown by push after the call: the elements past the call's stay as they are.
  const grown = [3, 4, 5];
  expect(takeAdjoint(grown, 2)).toEqual([3, 4]);
  expect(grown).toEqual([0, 0, 5]);
});
