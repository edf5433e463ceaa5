/**
 * Capacity reserved once before a counted loop for all its pushes (packages/core/src/reverse/loopPushes.ts), and
 * inside the branch for a stretch whose only pushes are conditional. A count too small would let pushes fall off the
 * end of the tape's typed array, where writes are silently dropped. So the gradients here run on stacks whose
 * `reserve` grows them to exactly the capacity asked for, no more: one value short and the gradient is wrong. Loops
 * with integer bounds, non-integer bounds (one more iteration than the integer below), a bound whose distance from
 * the start rounds down to an integer, counting down, nested (one reservation for the whole nest), triangular (the
 * inner loop reserves at each entry), loops over arrays' lengths (a fixed length counts, one that grows in the loop
 * by a push or a store past its end does not), and a NaN bound (no iteration and no growth). References: forward mode (no
 * tape at all, exact to rounding), and finite differences with the dot-product test.
 */
import { compile, vjpOf } from "../helpers/compile";
import { relativeError } from "../helpers/check";
import { checkBothWays } from "../helpers/shaped";

/** A rotation by an angle that depends on the state: a and b are overwritten and recorded every step. */
const rotate = (angle: string) => `
      const angle = ${angle} + 0.01 * a;
      const rotated = a * Math.cos(angle) - b * Math.sin(angle);
      b = a * Math.sin(angle) + b * Math.cos(angle);
      a = rotated;`;

const programs = `
// @differentiate
export function upward(x: Float64Array, steps: number): number {
  let a = x[0];
  let b = x[1];
  for (let k = 0; k < steps; k++) {${rotate("0.3 * x[k % x.length]")}
  }
  return a + 0.5 * b;
}

// @differentiate
export function fromBelow(x: Float64Array, steps: number): number {
  // From -3 to steps = 1e-20: four iterations, but steps - (-3) rounds to 3.
  let a = x[0];
  let b = x[1];
  for (let k = -3; k < steps; k++) {${rotate("0.3 * x[(k + 3) % x.length]")}
  }
  return a + 0.5 * b;
}

// @differentiate
export function downward(x: Float64Array, angles: Float64Array): number {
  let a = x[0];
  let b = x[1];
  for (let k = angles.length - 1; k >= 0; k--) {${rotate("angles[k] * x[k % x.length]")}
  }
  return a + 0.5 * b;
}

// @differentiate
export function nested(x: Float64Array, rows: number, cols: number): number {
  let a = x[0];
  let b = x[1];
  for (let r = 0; r < rows; r++) {
    b = Math.sin(b) + 0.1 * x[r % x.length];
    for (let c = 0; c < cols; c++) {${rotate("0.3 * x[c % x.length]")}
    }
  }
  return a + 0.5 * b;
}

// @differentiate
export function triangle(x: Float64Array, n: number): number {
  let a = x[0];
  let b = x[1];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {${rotate("0.3 * x[(i + j) % x.length]")}
    }
  }
  return a + 0.5 * b;
}

// @differentiate
export function refined(x: Float64Array, n: number, refine: boolean, m: number): number {
  // The inner loop is in a branch: on a pass that skips it, m may be huge, so it reserves for itself, when it runs.
  let a = x[0];
  let b = x[1];
  for (let i = 0; i < n; i++) {
    b = Math.sin(b) + 0.1 * x[i % x.length];
    if (refine) {
      for (let k = 0; k < m; k++) {${rotate("0.3 * x[k % x.length]")}
      }
    }
  }
  return a + 0.5 * b;
}

// @differentiate
export function overLengths(x: Float64Array, cap: number): number {
  // Bounded by lengths: x's, fixed, counts before the loop; seen's grows in its own loop, which cannot.
  let a = x[0];
  let b = x[1];
  for (const v of x) {${rotate("0.3 * v")}
  }
  const seen: number[] = [a];
  for (const s of seen) {
    if (seen.length < cap) seen.push(0.5 * s);${rotate("0.3 * s")}
  }
  const scaled = seen.map((v) => Math.sin(v * b));
  return a + 0.5 * b + scaled[scaled.length - 1];
}

// @differentiate
export function storedPastEnd(x: Float64Array, cap: number): number {
  // As overLengths, the array growing by stores one past its end ('seen[seen.length] = …'), not by push.
  let a = x[0];
  let b = x[1];
  const seen: number[] = [a];
  for (let k = 0; k < seen.length; k++) {
    if (seen.length < cap) seen[seen.length] = 0.5 * seen[k];${rotate("0.3 * seen[k]")}
  }
  return a + 0.5 * b + seen[seen.length - 1] * b;
}

// @differentiate
export function untilTurned(x: Float64Array, n: number): number {
  // An outer loop that is not counted: the inner loop's trip count goes to the control stack only when n is not an
  // integer, and that push reserves inside its branch.
  let a = x[0];
  let b = x[1];
  let turned = 0;
  while (turned < 40) {
    for (let j = 0; j < n; j++) {${rotate("0.3 * x[j % x.length]")}
    }
    turned += 1 + 0.5 * Math.abs(x[2]);
  }
  return a + 0.5 * b;
}
`;

const source = `
import { grad, jvp } from "cotangent";
import { control, tape, tapeBytes } from "cotangent/runtime";
${programs}
export const gUpward = grad(upward);
export const tUpward = (x: Float64Array, dx: Float64Array, steps: number) => jvp(upward, [x, steps], [dx, 0]);
export const gFromBelow = grad(fromBelow);
export const tFromBelow = (x: Float64Array, dx: Float64Array, steps: number) => jvp(fromBelow, [x, steps], [dx, 0]);
export const gDownward = grad(downward);
export const tDownward = (x: Float64Array, dx: Float64Array, angles: Float64Array) =>
  jvp(downward, [x, angles], [dx, new Float64Array(angles.length)]);
export const gNested = grad(nested);
export const tNested = (x: Float64Array, dx: Float64Array, rows: number, cols: number) =>
  jvp(nested, [x, rows, cols], [dx, 0, 0]);
export const gTriangle = grad(triangle);
export const tTriangle = (x: Float64Array, dx: Float64Array, n: number) => jvp(triangle, [x, n], [dx, 0]);
export const gRefined = grad(refined);
export const tRefined = (x: Float64Array, dx: Float64Array, n: number, refine: boolean, m: number) =>
  jvp(refined, [x, n, refine, m], [dx, 0, false, 0]);
export const gOverLengths = grad(overLengths);
export const tOverLengths = (x: Float64Array, dx: Float64Array, cap: number) => jvp(overLengths, [x, cap], [dx, 0]);
export const gStoredPastEnd = grad(storedPastEnd);
export const tStoredPastEnd = (x: Float64Array, dx: Float64Array, cap: number) =>
  jvp(storedPastEnd, [x, cap], [dx, 0]);
export const gUntilTurned = grad(untilTurned);
export const tUntilTurned = (x: Float64Array, dx: Float64Array, n: number) => jvp(untilTurned, [x, n], [dx, 0]);
export const depth = () => tapeBytes();
export const capacity = () => tape.data.length;
export const stacks = [tape, control];
`;

const x5 = Float64Array.from([0.7, -0.4, 0.9, 0.3, -0.8]);
const unit = (k: number) => Float64Array.from(x5, (_, j) => (j === k ? 1 : 0));

/** The gradient against forward mode, one input at a time. */
function expectForward(gradient: Float64Array, tangent: (dx: Float64Array) => [number, number]) {
  for (let k = 0; k < x5.length; k++) expect(relativeError(gradient[k], tangent(unit(k))[1])).toBeLessThan(1e-12);
}

interface Stack {
  data: Float64Array | Int32Array;
  reserve(top: number, count: number): Float64Array | Int32Array;
}

/** Runs `body` with both stacks empty and grown by `reserve` to exactly the capacity asked for. */
function onExactStacks<T>(stacks: readonly Stack[], body: () => T): T {
  const saved = stacks.map((stack) => stack.data);
  for (const stack of stacks) {
    stack.data = stack.data.subarray(0, 0);
    stack.reserve = (top, count) => {
      if (top + count <= stack.data.length || !(count > 0)) return stack.data;
      const exact = new (stack.data.constructor as Float64ArrayConstructor)(Math.ceil(top + count));
      exact.set(stack.data.subarray(0, top));
      return (stack.data = exact);
    };
  }
  try {
    return body();
  } finally {
    stacks.forEach((stack, k) => {
      stack.data = saved[k];
      delete (stack as Partial<Stack>).reserve;
    });
  }
}

describe("counted loops reserve all they push before they run", () => {
  const m = compile({ "main.ts": source }).load("main.ts");
  const exactly = (gradient: () => Float64Array) => onExactStacks(m.stacks, gradient);

  test("integer and non-integer bounds", () => {
    for (const steps of [40, 40.5, 1]) {
      expectForward(
        exactly(() => m.gUpward(x5, steps)),
        (dx) => m.tUpward(x5, dx, steps),
      );
    }
  });

  test("a bound whose distance from the start rounds down to an integer", () => {
    expectForward(
      exactly(() => m.gFromBelow(x5, 1e-20)),
      (dx) => m.tFromBelow(x5, dx, 1e-20),
    );
  });

  test("counting down from an array's length", () => {
    const angles = Float64Array.from({ length: 30 }, (_, k) => 0.2 + 0.1 * Math.sin(k));
    expectForward(
      exactly(() => m.gDownward(x5, angles)),
      (dx) => m.tDownward(x5, dx, angles),
    );
  });

  test("a nest reserves once for every iteration of both loops", () => {
    for (const [rows, cols] of [
      [7, 9],
      [7.5, 9],
      [4, 6.5],
      [3, 0],
      // The inner loop's NaN bound makes its count NaN: the outer loop still runs and pushes.
      [3, NaN],
    ]) {
      expectForward(
        exactly(() => m.gNested(x5, rows, cols)),
        (dx) => m.tNested(x5, dx, rows, cols),
      );
    }
  });

  test("a loop inside a branch reserves when it runs, not for every pass of the loop around", () => {
    for (const [refine, bound] of [
      [false, 1e12],
      [true, 6],
      [true, 6.5],
    ] as const) {
      expectForward(
        exactly(() => m.gRefined(x5, 9, refine, bound)),
        (dx) => m.tRefined(x5, dx, 9, refine, bound),
      );
    }
  });

  test("a triangular nest: the inner loop reserves at each entry", () => {
    for (const n of [12, 12.25]) {
      expectForward(
        exactly(() => m.gTriangle(x5, n)),
        (dx) => m.tTriangle(x5, dx, n),
      );
    }
  });

  test("loops over arrays' lengths: fixed lengths count before the loop, a growing one does not", () => {
    for (const cap of [1, 25]) {
      expectForward(
        exactly(() => m.gOverLengths(x5, cap)),
        (dx) => m.tOverLengths(x5, dx, cap),
      );
      expectForward(
        exactly(() => m.gStoredPastEnd(x5, cap)),
        (dx) => m.tStoredPastEnd(x5, dx, cap),
      );
    }
  });

  test("trip counts pushed inside a branch, when the size is not an integer", () => {
    for (const n of [3, 3.5]) {
      expectForward(
        exactly(() => m.gUntilTurned(x5, n)),
        (dx) => m.tUntilTurned(x5, dx, n),
      );
    }
  });

  test("on the runtime's own stacks, growing in the middle of a loop", () => {
    const before = m.capacity() as number;
    const steps = 2 * before + 0.5;
    expectForward(m.gUpward(x5, steps), (dx) => m.tUpward(x5, dx, steps));
    expect(m.capacity()).toBeGreaterThan(before);
    expect(m.depth()).toBe(0);
  });

  test("a NaN bound runs no iteration and reserves nothing", () => {
    const before = m.capacity() as number;
    expect([...(m.gUpward(x5, NaN) as Float64Array)]).toEqual([1, 0.5, 0, 0, 0]);
    expect(m.capacity()).toBe(before);
  });
});

describe("the generated code", () => {
  const reserves = (text: string) => text.match(/tape\.reserve\(/g)?.length ?? 0;

  test("one reservation before a counted loop, for two pushes per iteration", () => {
    const text = vjpOf(source, "upward");
    expect(reserves(text)).toBe(1);
    expect(text).toMatch(
      /(tape_for_\w+) = 2 \* \(steps - k \+ 1\);\n.*tape\.reserve\(tape_top, \1\);\n\s*while \(k < steps\)/,
    );
  });

  test("one reservation for a whole nest, none in a triangle's outer loop", () => {
    const nest = vjpOf(source, "nested");
    expect(reserves(nest)).toBe(1);
    expect(nest).toMatch(
      /(tape_for_\w+) = \(rows - r \+ 1\) \* \(6 \* \(cols \+ 1 > 0 \? cols \+ 1 : 0\) \+ 1\);\n.*tape\.reserve\(tape_top, \1\);/,
    );
    const triangle = vjpOf(source, "triangle");
    expect(reserves(triangle)).toBe(1);
    expect(triangle).toMatch(
      /(tape_for_\w+) = 6 \* \(n - j \+ 1\);\n.*tape\.reserve\(tape_top, \1\);\n\s*while \(j < n\)/,
    );
  });

  test("a push only under a branch reserves inside it", () => {
    expect(vjpOf(source, "untilTurned")).toMatch(
      /if \(!exactSizes\) \{\n\s*control_data = control_top \+ 1 <= control_data\.length \? control_data : control\.reserve\(control_top, 1\);\n\s*control_data\[control_top\+\+\] = loop2_count;/,
    );
  });
});

test("finite differences and the dot-product test", () => {
  const fixed = { fixed: [1] };
  checkBothWays(source, "upward", "x: Float64Array, steps: number", [[x5, 9.5]], fixed);
  checkBothWays(source, "fromBelow", "x: Float64Array, steps: number", [[x5, 1e-20]], fixed);
  checkBothWays(source, "downward", "x: Float64Array, angles: Float64Array", [[x5, x5.map((v) => 0.5 * v)]], fixed);
  checkBothWays(source, "nested", "x: Float64Array, rows: number, cols: number", [[x5, 3, 4]], { fixed: [1, 2] });
  checkBothWays(source, "triangle", "x: Float64Array, n: number", [[x5, 5]], fixed);
  checkBothWays(source, "untilTurned", "x: Float64Array, n: number", [[x5, 2.5]], fixed);
  checkBothWays(source, "storedPastEnd", "x: Float64Array, cap: number", [[x5, 25]], fixed);
});
