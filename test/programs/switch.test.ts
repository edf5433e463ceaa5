/**
 * `switch` statements lowered to an `if` / `else if` chain (packages/core/src/lower/switch.ts): cases sharing a
 * body, `return` from a case, `break` at the end of a case or of both branches of an `if` that ends it, `continue`
 * to the loop around the switch, the default case written first, a labeled switch, `switch (true)`, and a switch
 * over a numeric enum (members const or not). References:
 * the same functions written with `if` / `else` (values and gradients equal), central differences and the
 * dot-product test. Switches whose cases run into the next one or break in the middle of a case run in their
 * general form (the entered case's index, then the bodies from there on, in a loop of one pass), checked the same
 * way.
 */
import { compile } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { compileShapedBatch, type ShapedEntry } from "../helpers/shaped";

const programs: Record<string, { switched: string; plain: string }> = {
  piecewise: {
    switched: `
  switch (k) {
    case 0:
      return x * x;
    case 1:
    case 2:
      return Math.sin(x) * k;
    default:
      return Math.exp(x);
  }`,
    plain: `
  if (k === 0) return x * x;
  if (k === 1 || k === 2) return Math.sin(x) * k;
  return Math.exp(x);`,
  },
  loop: {
    switched: `
  let s = x;
  for (let i = 0; i < k + 6; i++) {
    switch (i % 3) {
      case 0:
        s += x * i;
        break;
      case 1:
        if (s > 1) {
          s = Math.log(s) + x;
          break;
        } else {
          s += 1;
          break;
        }
      default:
        continue;
    }
    s *= 1.1;
  }
  return s;`,
    plain: `
  let s = x;
  for (let i = 0; i < k + 6; i++) {
    const r = i % 3;
    if (r === 0) s += x * i;
    else if (r === 1) {
      if (s > 1) s = Math.log(s) + x;
      else s += 1;
    } else continue;
    s *= 1.1;
  }
  return s;`,
  },
  defaultFirst: {
    switched: `
  let y = 0;
  out: switch (k) {
    default:
      y = 2 * x;
      break;
    case 1: {
      y = x * x;
      if (y > 4) break out;
      else {
        y = y * x;
        break out;
      }
    }
  }
  return y;`,
    plain: `
  let y = 0;
  if (k === 1) {
    y = x * x;
    if (!(y > 4)) y = y * x;
  } else y = 2 * x;
  return y;`,
  },
  onTrue: {
    switched: `
  switch (true) {
    case x > 1:
      return Math.sqrt(x) * k;
    case x > 0:
      return x * x * k;
    default:
      return -x;
  }`,
    plain: `
  if (x > 1) return Math.sqrt(x) * k;
  if (x > 0) return x * x * k;
  return -x;`,
  },
};

// Switches that run as JavaScript runs them: the entered case's index, then the bodies from there on.
Object.assign(programs, {
  fallsThrough: {
    switched: `
  let s = x;
  switch (k) {
    case 0:
      s += x;
    case 1:
      s *= 2;
      break;
  }
  return s;`,
    plain: `
  let s = x;
  if (k === 0) {
    s += x;
    s *= 2;
  } else if (k === 1) s *= 2;
  return s;`,
  },
  breaksEarly: {
    switched: `
  let s = x;
  switch (k) {
    case 0:
      if (x > 0) break;
      s += x;
      break;
    default:
      s = s * s;
  }
  return s;`,
    plain: `
  let s = x;
  if (k === 0) {
    if (!(x > 0)) s += x;
  } else s = s * s;
  return s;`,
  },
  defaultWithValues: {
    switched: `
  switch (k) {
    case 1:
      return x;
    default:
    case 2:
      return 2 * x;
    case 3:
      return 3 * x;
  }`,
    plain: `
  if (k === 1) return x;
  if (k === 3) return 3 * x;
  return 2 * x;`,
  },
  fallsThroughInLoop: {
    switched: `
  let s = x;
  for (let i = 0; i < k + 5; i++) {
    switch (i % 3) {
      case 0:
        s += x;
      case 1:
        if (s > 2) continue;
        s *= x;
        break;
      default:
        s -= 1;
    }
    s = Math.sin(s) + s;
  }
  return s;`,
    plain: `
  let s = x;
  for (let i = 0; i < k + 5; i++) {
    const r = i % 3;
    if (r === 0) s += x;
    if (r === 0 || r === 1) {
      if (s > 2) continue;
      s *= x;
    } else s -= 1;
    s = Math.sin(s) + s;
  }
  return s;`,
  },
});

const source = Object.entries(programs)
  .map(
    ([name, { switched, plain }]) => `
// @differentiate
export function ${name}(x: number, k: number): number {${switched}
}

// @differentiate
export function ${name}Plain(x: number, k: number): number {${plain}
}
`,
  )
  .join("");

const names = Object.keys(programs);
const batch = compileShapedBatch(
  names.flatMap((name) => [
    { id: name, source, name, signature: "x: number, k: number" },
    { id: `${name}Plain`, source, name: `${name}Plain`, signature: "x: number, k: number" },
  ]),
);

const points: [number, number][] = [
  [0.7, 0],
  [0.7, 1],
  [1.3, 2],
  [2.4, 3],
  [-0.4, 1],
  [-0.6, 0],
];

test.each(names)("%s: the gradient of the if/else version, central differences and the dot-product test", (name) => {
  const switched = batch.get(name) as ShapedEntry;
  const plain = batch.get(`${name}Plain`) as ShapedEntry;
  expect(switched.diagnostics).toEqual([]);
  const m = switched.load();
  const reference = plain.load();
  for (const [x, k] of points) expect(m[name](x, k)).toBe(reference[`${name}Plain`](x, k));
  const ours = switched.checkBothWays(points, { fixed: [1] });
  const theirs = plain.checkBothWays(points, { fixed: [1] });
  ours.forEach((gradient, p) =>
    gradient.forEach((g, i) => expect(relativeError(g as number, theirs[p][i] as number)).toBeLessThan(1e-14)),
  );
});

test("a switch over a numeric enum: its members are the constants the compiler computed", () => {
  const out = compile({
    "main.ts": `
import { grad, jvp } from "cotangent";
export enum Activation { Relu, Tanh, Softplus = 5 }
const enum Scale { Half = 0.5, Double = 2 }
// @differentiate
export function activate(x: number, act: Activation): number {
  switch (act) {
    case Activation.Relu:
      return Math.max(0, x) * Scale.Double;
    case Activation.Tanh:
      return Math.tanh(x) * Scale.Half;
    default:
      return Math.log1p(Math.exp(x)) * act;
  }
}
export const g = grad(activate);
export const t = (x: number, act: Activation) => jvp(activate, [x, act], [1, 0]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  for (const x of [-0.8, 0.5, 1.7]) {
    const expected = [x > 0 ? 2 : 0, 0.5 * (1 - Math.tanh(x) ** 2), 5 * sigmoid(x)];
    [0, 1, 5].forEach((act, k) => {
      expect(relativeError(m.g(x, act), expected[k])).toBeLessThan(1e-14);
      expect(m.t(x, act)[1]).toBe(m.g(x, act));
    });
  }
});

test("arrays of a numeric enum's members: a module's table of operations, and a parameter, read as numbers", () => {
  const out = compile({
    "main.ts": `
import { grad } from "cotangent";
enum Op { Scale, Shift, Sin }
const OPS: Op[] = [Op.Scale, Op.Shift, Op.Sin, Op.Scale];
function apply(acc: number, op: Op, y: number): number {
  switch (op) {
    case Op.Scale:
      return acc * y;
    case Op.Shift:
      return acc + y * y;
    default:
      return Math.sin(acc);
  }
}
// @differentiate
export function table(x: number, y: number): number {
  let acc = x;
  for (const op of OPS) acc = apply(acc, op, y);
  for (let i = 0; i < OPS.length; i++) acc += OPS[i] * acc;
  return acc;
}
// @differentiate
export function program(x: number, y: number, ops: readonly Op[]): number {
  let acc = x;
  for (const op of ops) acc = apply(acc, op, y);
  return acc;
}
export const gTable = grad(table, [0, 1]);
export const gProgram = grad(program, [0, 1]);
`,
  });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  const [x, y] = [0.3, 1.2];
  // table: a = x·y; b = a + y²; c = sin(b); d = c·y; then d·(1 + 0)(1 + 1)(1 + 2)(1 + 0) = 6d.
  const b = x * y + y * y;
  const dx = 6 * Math.cos(b) * y * y;
  const dy = 6 * (Math.cos(b) * (x + 2 * y) * y + Math.sin(b));
  const [gx, gy] = m.gTable(x, y);
  expect(relativeError(gx, dx)).toBeLessThan(1e-14);
  expect(relativeError(gy, dy)).toBeLessThan(1e-14);
  // The same operations given as a parameter ('Scale, Shift, Sin, Scale'): the table's before its last loop.
  const [px, py] = m.gProgram(x, y, [0, 1, 2, 0]);
  expect(relativeError(px, dx / 6)).toBeLessThan(1e-14);
  expect(relativeError(py, dy / 6)).toBeLessThan(1e-14);
});
