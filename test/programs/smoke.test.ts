import { compile } from "../helpers/compile";

const source = `
import { grad, jvp } from "cotangent";

// @differentiate
export function f(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sin(x * i) * y;
    if (s > 1) s = Math.log(s);
  }
  return s * s;
}

export const df = grad(f, [0, 1]);
export const fx = (x: number, y: number, n: number) => jvp(f, [x, y, n], [1, 0, 0]);
`;

test("the issue's example: reverse, forward and finite differences agree", () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [dx, dy] = m.df(0.3, 0.7, 5);
  const h = 1e-6;
  const fdx = (m.f(0.3 + h, 0.7, 5) - m.f(0.3 - h, 0.7, 5)) / (2 * h);
  const fdy = (m.f(0.3, 0.7 + h, 5) - m.f(0.3, 0.7 - h, 5)) / (2 * h);
  expect(dx).toBeCloseTo(fdx, 6);
  expect(dy).toBeCloseTo(fdy, 6);
  const [value, tangent] = m.fx(0.3, 0.7, 5);
  expect(value).toBe(m.f(0.3, 0.7, 5));
  expect(Math.abs(tangent - dx)).toBeLessThan(1e-12 * Math.abs(dx));
});

import { checkDerivatives } from "../helpers/check";

test("checkDerivatives: forward, reverse and finite differences on the issue's example", () => {
  checkDerivatives(
    source,
    "f",
    3,
    [
      [0.3, 0.7, 5],
      [1.1, -0.4, 9],
      [0.05, 2, 3],
    ],
    { fixed: [2] },
  );
});
