import { exactSizes } from "../src";

test("exactSizes accepts safe integers only, and not -0", () => {
  expect(exactSizes()).toBe(1);
  expect(exactSizes(0, 3, 2 ** 53 - 1)).toBe(1);
  // All of these are legal typed-array lengths or still numbers a size parameter may hold.
  for (const bad of [2.5, 0.1, -0, NaN, 2 ** 53, Infinity, -1]) {
    expect(exactSizes(4, bad)).toBe(0);
  }
});
