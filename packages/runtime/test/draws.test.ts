import { draws } from "../src";

test("every run of one realization sees the numbers the first run drew, and new ones past them", () => {
  const realization = draws();
  const first = realization.run(() => [Math.random(), Math.random()]);
  const again = realization.run(() => [Math.random(), Math.random(), Math.random()]);
  expect(again.slice(0, 2)).toEqual(first);
  expect(realization.run(() => [Math.random(), Math.random(), Math.random()])).toEqual(again);
  // Another realization draws its own.
  expect(draws().run(() => Math.random())).not.toBe(first[0]);
});

test("Math.random is restored after a run, also when the run throws", () => {
  const random = Math.random;
  const realization = draws();
  realization.run(() => Math.random());
  expect(Math.random).toBe(random);
  expect(() =>
    realization.run(() => {
      throw new Error("stop");
    }),
  ).toThrow("stop");
  expect(Math.random).toBe(random);
});

test("a run inside a run takes its numbers from the outer realization", () => {
  const outer = draws();
  const firstInner = outer.run(() => draws().run(() => Math.random()));
  expect(outer.run(() => Math.random())).toBe(firstInner);
});
