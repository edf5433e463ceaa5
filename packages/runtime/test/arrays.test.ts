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

test("takeAdjoint returns the values of the same kind and leaves the adjoint at zero", () => {
  const adjoint = Float64Array.from([1, -2]);
  const taken = takeAdjoint(adjoint);
  expect(taken).toBeInstanceOf(Float64Array);
  expect(Array.from(taken)).toEqual([1, -2]);
  expect(Array.from(adjoint)).toEqual([0, 0]);
  const plain = [3];
  expect(takeAdjoint(plain)).toEqual([3]);
  expect(plain).toEqual([0]);
});
