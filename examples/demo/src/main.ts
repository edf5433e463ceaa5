/**
 * Cotangent demo: for each marked function, the gradient by reverse mode (valueAndGrad), by forward mode (one jvp
 * per parameter) and by central finite differences, side by side. Reverse and forward mode are exact up to
 * rounding, so they agree to ~1e-15; finite differences carry truncation and rounding error, ~1e-9 or so.
 */
import { valueAndGrad, jvp } from "cotangent";
import { f } from "./issue";
import { pendulumEnergy, lennardJones } from "./physics";
import { chebyshev, powerBySquaring } from "./recursive";

interface Case {
  /** Printed in the first column, e.g. "f(0.3, 0.7, 5)". */
  readonly title: string;
  readonly params: readonly string[];
  readonly point: readonly number[];
  readonly primal: (...args: number[]) => number;
  /** [value, gradient] by reverse mode. */
  readonly reverse: () => [number, number[]];
  /** [value, directional derivative] by forward mode, along `tangent`. */
  readonly forward: (tangent: number[]) => [number, number];
  /** How many leading parameters are differentiated (the rest are integers held fixed). */
  readonly active: number;
}

const unit = (length: number, i: number): number[] => Array.from({ length }, (_, j) => (j === i ? 1 : 0));

/** (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with h scaled to the size of xᵢ. */
function centralDifference(primal: (...args: number[]) => number, point: readonly number[], i: number): number {
  const h = 1e-6 * Math.max(1, Math.abs(point[i]));
  const plus = point.map((x, j) => (j === i ? x + h : x));
  const minus = point.map((x, j) => (j === i ? x - h : x));
  return (primal(...plus) - primal(...minus)) / (2 * h);
}

const relativeError = (a: number, b: number): number =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

const cases: Case[] = [];

function issueCase(x: number, y: number, n: number): Case {
  return {
    title: `f(${x}, ${y}, ${n})`,
    params: ["x", "y"],
    point: [x, y, n],
    primal: f,
    reverse: () => valueAndGrad(f, [0, 1])(x, y, n),
    forward: ([dx, dy]) => jvp(f, [x, y, n], [dx, dy, 0]),
    active: 2,
  };
}
cases.push(issueCase(0.1, 0.5, 4), issueCase(0.3, 0.7, 5));

{
  const point: [number, number, number] = [1, 0.5, 0.3];
  cases.push({
    title: `pendulumEnergy(${point.join(", ")})`,
    params: ["theta0", "omega0", "damping"],
    point,
    primal: pendulumEnergy,
    reverse: () => valueAndGrad(pendulumEnergy, [0, 1, 2])(...point),
    forward: (t) => jvp(pendulumEnergy, point, [t[0], t[1], t[2]]),
    active: 3,
  });
}

{
  const point: [number, number, number, number, number, number] = [0, 0, 1.05, 0.4, 1, 1];
  cases.push({
    title: `lennardJones(${point.join(", ")})`,
    params: ["x1", "y1", "x2", "y2", "epsilon", "sigma"],
    point,
    primal: lennardJones,
    reverse: () => valueAndGrad(lennardJones, [0, 1, 2, 3, 4, 5])(...point),
    forward: (t) => jvp(lennardJones, point, [t[0], t[1], t[2], t[3], t[4], t[5]]),
    active: 6,
  });
}

{
  const [x, n] = [0.6, 7];
  cases.push({
    title: `chebyshev(${x}, ${n})`,
    params: ["x"],
    point: [x, n],
    primal: chebyshev,
    reverse: () => {
      const [value, dx] = valueAndGrad(chebyshev)(x, n);
      return [value, [dx]];
    },
    forward: ([dx]) => jvp(chebyshev, [x, n], [dx, 0]),
    active: 1,
  });
}

{
  const [x, n] = [1.1, 13];
  cases.push({
    title: `powerBySquaring(${x}, ${n})`,
    params: ["x"],
    point: [x, n],
    primal: powerBySquaring,
    reverse: () => {
      const [value, dx] = valueAndGrad(powerBySquaring)(x, n);
      return [value, [dx]];
    },
    forward: ([dx]) => jvp(powerBySquaring, [x, n], [dx, 0]),
    active: 1,
  });
}

const header = [
  "function = value",
  "param",
  "reverse mode",
  "forward mode",
  "finite differences",
  "rev vs fwd",
  "rev vs FD",
];
const rows: string[][] = [];
let worstModes = 0;
let worstFd = 0;
for (const c of cases) {
  const [value, gradient] = c.reverse();
  for (let i = 0; i < c.active; i++) {
    const [, tangent] = c.forward(unit(c.active, i));
    const fd = centralDifference(c.primal, c.point, i);
    const modes = relativeError(gradient[i], tangent);
    const vsFd = relativeError(gradient[i], fd);
    worstModes = Math.max(worstModes, modes);
    worstFd = Math.max(worstFd, vsFd);
    rows.push([
      i === 0 ? `${c.title} = ${value.toPrecision(8)}` : "",
      c.params[i],
      gradient[i].toPrecision(16),
      tangent.toPrecision(16),
      fd.toPrecision(16),
      modes.toExponential(1),
      vsFd.toExponential(1),
    ]);
  }
}

const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
const line = (cells: readonly string[]) =>
  cells.map((cell, k) => (k < 2 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join("  ");
console.log("Cotangent demo: gradients by reverse mode, forward mode and central finite differences\n");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
console.log(
  `\nlargest relative difference: reverse vs forward ${worstModes.toExponential(1)}, reverse vs finite differences ${worstFd.toExponential(1)}`,
);
console.log("(reverse and forward mode are exact up to rounding; finite differences are accurate to about 1e-9.)");

if (!(worstModes < 1e-12 && worstFd < 1e-6)) {
  console.error("demo: the modes disagree more than expected");
  process.exitCode = 1;
}
