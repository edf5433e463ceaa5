import { exactSizes } from "../src";

test("exactSizes accepts safe integers only, and not -0", () => {
  expect(exactSizes()).toBe(1);
  expect(exactSizes(0, 3, -1, 2 ** 53 - 1)).toBe(1);
  // 2.5, 0.1, -0 and NaN are legal typed-array lengths; counters started from them must be recorded.
  for (const bad of [2.5, 0.1, -0, NaN, 2 ** 53, Infinity]) {
    expect(exactSizes(4, bad)).toBe(0);
  }
});
