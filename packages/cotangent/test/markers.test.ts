import { grad, gradInto, jvp, valueAndGrad, vjp } from "../src";

const f = (x: number, y: number) => x * y;

test.each([
  ["grad", () => grad(f)],
  ["valueAndGrad", () => valueAndGrad(f, [0, 1])],
  ["gradInto", () => gradInto((x: Float64Array) => x[0])],
  ["jvp", () => jvp(f, [1, 2], [1, 0])],
  ["vjp", () => vjp(f, 1, 2)],
])("%s without the transform throws an Error saying how to enable it", (name, call) => {
  expect(call).toThrow(new RegExp(`'${name}' was called at run time`));
  expect(call).toThrow(/"transform": "cotangent\/transform"/);
  expect(call).toThrow(/build with tspc/);
});
