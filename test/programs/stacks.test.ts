/**
 * The tape and the control stack kept in locals (packages/core/src/reverse/stacks.ts): pushes write
 * `tape_data[tape_top++]` after one capacity test per straight-line stretch, and the depth is handed back around
 * calls and on return. Checked where it can go wrong: stacks that grow in the middle of a call (the reserve path),
 * a callee that grows them while its caller holds the old arrays (they are read again after every call),
 * recursion, and the depths after each gradient. References: forward mode (no tape at all), exact to rounding, and
 * finite differences with the dot-product test.
 */
import { compile, vjpOf } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

const source = `
import { grad, jvp } from "cotangent";
import { control, tapeBytes, tape } from "cotangent/runtime";

// @differentiate
export function iterate(x: Float64Array, steps: number): number {
  // A rotation by an angle that depends on the state: every step overwrites a and b (both recorded), and the
  // derivatives neither vanish nor blow up over thousands of steps.
  let a = x[0];
  let b = x[1];
  for (let k = 0; k < steps; k++) {
    const angle = 0.3 * x[k % x.length] + 0.01 * a;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const rotated = a * c - b * s;
    b = a * s + b * c;
    a = rotated;
    if (a > 0.9) a = 0.9 + 0.5 * (a - 0.9);
  }
  return a + 0.5 * b;
}

// @differentiate
export function caller(x: Float64Array, steps: number): number {
  let s = 0;
  let t = x[1];
  for (let r = 0; r < 3; r++) {
    t = Math.cos(t) * x[r];
    s += iterate(x, steps) * t;
    t = t * t + s * 0.01;
  }
  return s + t;
}

// @differentiate
export function power(x: number, n: number): number {
  if (n === 0) return 1;
  const half = power(x, Math.floor(n / 2));
  return n % 2 === 0 ? half * half : half * half * x;
}

export const gIterate = grad(iterate);
export const gCaller = grad(caller);
export const gPower = grad(power);
export const tIterate = (x: Float64Array, dx: Float64Array, steps: number) => jvp(iterate, [x, steps], [dx, 0]);
export const tCaller = (x: Float64Array, dx: Float64Array, steps: number) => jvp(caller, [x, steps], [dx, 0]);
export const depth = () => tapeBytes();
export const capacity = () => tape.data.length;
export const controlCapacity = () => control.data.length;
`;

const x5 = Float64Array.from([0.7, -0.4, 0.9, 0.3, -0.8]);
const unit = (k: number) => Float64Array.from(x5, (_, j) => (j === k ? 1 : 0));

test("gradients through a tape that grows in the middle of a call, in a callee, and in recursion", () => {
  const out = compile({ "main.ts": source });
  expect(out.diagnostics).toEqual([]);
  const m = out.load("main.ts");
  // The first gradient of this module instance starts on the runtime's initial capacity: the callee's loop records
  // far more than that, so the tape grows inside 'iterate_adjoint_x' while 'caller' holds the array it read before.
  // The branch in its loop does the same to the control stack.
  const before = m.capacity() as number;
  const controlBefore = m.controlCapacity() as number;
  const steps = 4 * Math.max(before, controlBefore);
  const viaCaller = m.gCaller(x5, steps) as Float64Array;
  expect(m.capacity()).toBeGreaterThan(before);
  expect(m.controlCapacity()).toBeGreaterThan(controlBefore);
  expect(m.depth()).toBe(0);
  for (let k = 0; k < x5.length; k++) {
    const [, directional] = m.tCaller(x5, unit(k), steps) as [number, number];
    expect(relativeError(viaCaller[k], directional)).toBeLessThan(1e-12);
  }
  const direct = m.gIterate(x5, steps) as Float64Array;
  expect(m.depth()).toBe(0);
  for (let k = 0; k < x5.length; k++) {
    const [, directional] = m.tIterate(x5, unit(k), steps) as [number, number];
    expect(relativeError(direct[k], directional)).toBeLessThan(1e-12);
  }
  for (const n of [0, 1, 6, 13]) {
    expect(relativeError(m.gPower(1.1, n) as number, n * 1.1 ** (n - 1))).toBeLessThan(1e-13);
    expect(m.depth()).toBe(0);
  }
});

test("the generated code keeps the tape's depth in a local, reserves per stretch and hands the depth back", () => {
  const vjp = vjpOf(source, "caller");
  expect(vjp).not.toMatch(/tape\.push|tape\.pop/);
  // The branch in iterate's loop: its decision goes to the control stack's array.
  const branchy = vjpOf(source, "iterate");
  expect(branchy).not.toMatch(/control\.push|control\.pop/);
  expect(branchy).toMatch(/control_data\[control_top\+\+\] = [01];/);
  expect(branchy).toMatch(/if \(control_data\[--control_top\]\)/);
  expect(vjp).toMatch(
    /tape_data = tape_top \+ (\w+) <= tape_data\.length \? tape_data : tape\.reserve\(tape_top, \1\);/,
  );
  expect(vjp).toMatch(/tape_data\[tape_top\+\+\] = \w+;/);
  // Around the callee's adjoint, which the reverse sweep replays: the depth handed back before, the depth and array
  // read again after. Its forward run records nothing and needs neither.
  const lines = vjp.split("\n").map((l) => l.trim());
  const forwardRun = lines.findIndex((l) => /^\w+ = iterate_vjp_none_fwd\(x, steps\);$/.test(l));
  expect(forwardRun).toBeGreaterThan(0);
  expect([lines[forwardRun - 1], lines[forwardRun + 1]]).not.toContain("tape.setTop(tape_top);");
  expect(lines[forwardRun + 1]).not.toBe("tape_top = tape.top;");
  expect(vjp).toMatch(
    /tape\.setTop\(tape_top\);\n\s*(\/\/.*\n\s*)?iterate_adjoint_x\(x, steps, \w+, x_bar\);\n\s*tape_top = tape\.top;\n\s*tape_data = tape\.data;/,
  );
  expect(vjp).toMatch(/tape\.setTop\(tape_top\);\n\s*return \[/);
});

test("finite differences and the dot-product test, directly and through a caller", () => {
  // The step count is an integer loop bound: finite differences do not move it.
  checkBothWays(source, "iterate", "x: Float64Array, steps: number", [[x5, 7]], { fixed: [1] });
  checkBothWays(source, "caller", "x: Float64Array, steps: number", [[x5, 5]], { fixed: [1] });
});
