import { checkOutputs } from "../src";

test("checkOutputs accepts separate arrays of the right lengths, views of one buffer that do not overlap included", () => {
  const buffer = new ArrayBuffer(8 * 10);
  const x = new Float64Array(buffer, 0, 4);
  const out = new Float64Array(buffer, 8 * 4, 4);
  const data = new Float64Array(buffer, 8 * 8, 2);
  expect(() => checkOutputs([out], [x, data], ["x", "data"])).not.toThrow();
  expect(() => checkOutputs([[0, 0]], [[1, 2], [[3, 4]]], ["x", "m"])).not.toThrow();
});

test("checkOutputs names the output and the problem", () => {
  const x = new Float64Array(4);
  const w = new Float64Array(4);
  expect(() => checkOutputs([new Float64Array(3)], [x], ["x"])).toThrow(
    "cotangent: the output array for the gradient of 'x' has length 3, but 'x' has length 4; pass an array of length 4.",
  );
  expect(() => checkOutputs([undefined], [x], ["x"])).toThrow(
    "cotangent: gradInto needs an array for the gradient of 'x'; it received undefined.",
  );
  // Overlapping byte ranges of one buffer, however the views are typed.
  const buffer = new ArrayBuffer(8 * 8);
  const a = new Float64Array(buffer, 0, 4);
  const b = new Float64Array(buffer, 8 * 3, 4);
  expect(() => checkOutputs([b], [a], ["a"])).toThrow(
    "cotangent: the output array for the gradient of 'a' shares memory with argument 'a'; pass a separate array.",
  );
  expect(() => checkOutputs([new Float64Array(4), w], [x, w], ["x", "w"])).toThrow(
    "the output array for the gradient of 'w' shares memory with argument 'w'",
  );
  const shared = new Float64Array(4);
  expect(() => checkOutputs([shared, shared], [x, w], ["x", "w"])).toThrow(
    "cotangent: the output arrays for the gradients of 'x' and 'w' share memory; pass separate arrays.",
  );
  // A number[] is compared by identity, with the rows of a number[][] argument too.
  const row = [1, 2];
  expect(() =>
    checkOutputs(
      [row],
      [
        [5, 6],
        [[0, 0], row],
      ],
      ["x", "m"],
    ),
  ).toThrow("the output array for the gradient of 'x' shares memory with argument 'm'");
});
