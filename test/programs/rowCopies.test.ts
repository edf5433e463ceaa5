/**
 * A matrix's row where a method or a call wants an array of its own (packages/core/src/lower/arrayMethods.ts,
 * copyOfRow): 'm[i].map(f)', 'row.reduce(…)', 'm[i].indexOf(v)' read a copy of the row; an object field holding a row
 * is refused, since writes through it would miss the matrix. Checked
 * against central finite differences in every element of the matrix and the vector, and derivatives by hand.
 */
import { compile } from "../helpers/compile";
import { expectClose } from "../helpers/check";

const source = `
// @differentiate
export function rowsWork(m: number[][], x: number[]): number {
  let s = 0;
  for (const row of m) s += row.reduce((acc, v, j) => acc + v * x[j], 0);
  const scaled = m[1].map((v) => v * v);
  const far = m[0].findIndex((v) => v > 1);
  return s * scaled[0] + (far >= 0 ? m[0][far] * x[0] : x[1]) + m[m.length - 1][1] * x[1] + m[1].at(-1)!;
}`;

const f = (m: number[][], x: number[]): number => {
  let s = 0;
  for (const row of m) s += row.reduce((acc, v, j) => acc + v * x[j], 0);
  const far = m[0].findIndex((v) => v > 1);
  return (
    s * m[1][0] * m[1][0] + (far >= 0 ? m[0][far] * x[0] : x[1]) + m[m.length - 1][1] * x[1] + m[1][m[1].length - 1]
  );
};

test("rows copied for methods, calls and fields carry their adjoints back into the matrix", () => {
  const out = compile({
    "main.ts": `${source}\nimport { valueAndGrad } from "cotangent";\nexport const g = valueAndGrad(rowsWork, [0, 1]);`,
  });
  expect(out.diagnostics).toEqual([]);
  const g = out.load("main.ts").g;
  const points: [number[][], number[]][] = [
    [
      [
        [0.5, 1.5, -0.25],
        [2, 0.75, -1],
        [0.3, -0.6, 0.9],
      ],
      [0.4, -1.1, 0.7],
    ],
    [
      [
        [0.5, 0.2, -0.25],
        [-2, 0.75, 1.3],
      ],
      [1.4, 0.1, -0.7],
    ],
  ];
  const h = 1e-6;
  for (const [m, x] of points) {
    const [value, [mBar, xBar]] = g(m, x) as [number, [number[][], number[]]];
    expectClose(value, f(m, x), 1e-14, "value");
    m.forEach((row, i) =>
      row.forEach((_, j) => {
        const plus = m.map((r) => r.slice());
        const minus = m.map((r) => r.slice());
        plus[i][j] += h;
        minus[i][j] -= h;
        expectClose(mBar[i][j], (f(plus, x) - f(minus, x)) / (2 * h), 1e-6, `m_bar[${i}][${j}]`);
      }),
    );
    x.forEach((_, j) => {
      const plus = x.slice();
      const minus = x.slice();
      plus[j] += h;
      minus[j] -= h;
      expectClose(xBar[j], (f(m, plus) - f(m, minus)) / (2 * h), 1e-6, `x_bar[${j}]`);
    });
  }
});

test("an object field holding a matrix's row is refused: a write through it would not reach the matrix", () => {
  const out = compile({
    "main.ts": `
// @differentiate
export function f(m: number[][], w: number[]): number {
  const l = { w: m[0] };
  l.w[0] = w[0];
  return m[0][0];
}`,
  });
  expect(out.diagnostics).toEqual([
    expect.stringMatching(
      /^main\.ts:4:\d+ - error TS990081: 'm\[0\]' is a row of the matrix 'm' .*\(a field of an object\)/,
    ),
    expect.stringMatching(/^main\.ts:5:3 - error TS990021: 'l\.w\[0\]' is not supported/),
  ]);
});
