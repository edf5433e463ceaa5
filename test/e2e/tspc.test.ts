/**
 * End to end through the real `tspc` (ts-patch's compiler), as a user builds: a fixture project with the plugin in
 * its tsconfig.json is compiled to `out/`, and the emitted CommonJS is loaded with node's `require`. `cotangent`
 * resolves to this workspace's package through the `node_modules/cotangent` symlink, so nothing is mocked.
 *
 * Derivatives are checked against hand-derived formulas (to 1e-12 relative), against central finite differences
 * (loose), and forward mode against reverse mode.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import { stripVTControlCharacters } from "util";
import { centralDifference, relativeError } from "../helpers/check";

const repoRoot = path.resolve(__dirname, "../..");
const fixtures = path.join(__dirname, "fixtures");
const tspcBin = path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tspc.cmd" : "tspc");

/** Runs `tspc -p <project>/tsconfig.json` after deleting the project's previous output. */
function tspc(project: string, ...extraArgs: string[]) {
  fs.rmSync(path.join(project, "out"), { recursive: true, force: true });
  const run = spawnSync(tspcBin, ["-p", path.join(project, "tsconfig.json"), ...extraArgs], {
    cwd: project,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (run.error) throw run.error;
  // tsc colors its --pretty output; the assertions read plain text.
  const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
  return { status: run.status, output };
}

/** `|actual − expected| ≤ tolerance · max(1, |expected|)`, with both numbers in the failure message. */
function expectClose(actual: number, expected: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  if (!(error <= tolerance)) {
    throw new Error(`${what}: got ${actual}, expected ${expected} (error ${error.toExponential(2)} > ${tolerance})`);
  }
}

/** Partial derivative of `f` in parameter `i` by central differences, with the other parameters held. */
function partial(f: (...xs: number[]) => number, x: readonly number[], i: number): number {
  return centralDifference(
    f,
    x,
    x.map((_, j) => (j === i ? 1 : 0)),
  );
}

const EXACT = 1e-12;
const FD = 1e-7;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("tspc on a project with the plugin", () => {
  const project = path.join(fixtures, "project");
  let m: Record<string, any>;

  beforeAll(() => {
    const { status, output } = tspc(project);
    if (status !== 0) throw new Error(`tspc exited with ${status}:\n${output}`);
    expect(output).toBe("");
    // Node's own loader, as a user runs the output (`node out/main.js`).
    m = createRequire(__filename)(path.join(project, "out", "main.js"));
  });

  test("derivatives of a callee in another file are emitted in the callee's file", () => {
    const lib = fs.readFileSync(path.join(project, "out", "lib.js"), "utf8");
    expect(lib).toMatch(/function softplus_adjoint\(/);
    expect(lib).toMatch(/function softplus_jvp\(/);
    const model = fs.readFileSync(path.join(project, "out", "model.js"), "utf8");
    expect(model).toMatch(/require\("cotangent\/runtime"\)/);
  });

  test("grad of the issue's example: hand formula where the log branch is never taken", () => {
    // With s < 1 throughout, f = s² with s = y·Σᵢ sin(i·x), so ∂f/∂x = 2s·y·Σᵢ i·cos(i·x) and ∂f/∂y = 2s·Σᵢ sin(i·x).
    const [x, y, n] = [0.1, 0.5, 4];
    let sines = 0;
    let cosines = 0;
    for (let i = 0; i < n; i++) {
      sines += Math.sin(i * x);
      cosines += i * Math.cos(i * x);
    }
    const s = y * sines;
    expect(s).toBeLessThan(1);
    const [dx, dy] = m.fGrad(x, y, n);
    expectClose(dx, 2 * s * y * cosines, EXACT, "∂f/∂x");
    expectClose(dy, 2 * s * sines, EXACT, "∂f/∂y");
  });

  test.each([
    [0.3, 0.7, 5],
    [1.1, -0.4, 9],
    [0.05, 2, 3],
  ])("grad and jvp of the issue's example agree with finite differences at (%p, %p, %p)", (x, y, n) => {
    const [dx, dy] = m.fGrad(x, y, n);
    expectClose(dx, partial(m.f, [x, y, n], 0), FD, "∂f/∂x vs central difference");
    expectClose(dy, partial(m.f, [x, y, n], 1), FD, "∂f/∂y vs central difference");
    const [value, tangent] = m.fJvpX(x, y, n);
    expect(value).toBe(m.f(x, y, n));
    expectClose(tangent, dx, EXACT, "forward vs reverse ∂f/∂x");
  });

  test.each([
    [1.7, 5],
    [1.7, -3],
    [-0.9, 4],
    [2.5, 1],
    [3, 0],
  ])("valueAndGrad of power(%p, %p) is [xⁿ, n·xⁿ⁻¹]", (x, n) => {
    const [value, dx] = m.powerValueAndGrad(x, n);
    expectClose(value, Math.pow(x, n), EXACT, "xⁿ");
    expectClose(dx, n === 0 ? 0 : n * Math.pow(x, n - 1), EXACT, "n·xⁿ⁻¹");
    expectClose(dx, partial(m.power, [x, n], 0), FD, "d/dx xⁿ vs central difference");
  });

  test.each([
    // a·x > b: softplus(a·x + b) − b², whose softplus is in lib.ts.
    [0.8, 1.3, 0.4, "softplus side"],
    [0.5, 2, -5, "softplus side, a·x + b < 0"],
    // a·x ≤ b: a·x·sin(b).
    [0.2, 1.3, 0.4, "sine side"],
  ])("valueAndGrad, grad, jvp and vjp of gate(%p, %p, %p) on the %s", (x, a, b) => {
    const softplusSide = a * x > b;
    const z = a * x + b;
    const expected = softplusSide
      ? [a * sigmoid(z), x * sigmoid(z), sigmoid(z) - 2 * b]
      : [a * Math.sin(b), x * Math.sin(b), a * x * Math.cos(b)];
    const [value, gradient] = m.gateValueAndGrad(x, a, b);
    expect(value).toBe(m.gate(x, a, b));
    expect(gradient).toHaveLength(3);
    gradient.forEach((g: number, i: number) => {
      expectClose(g, expected[i], EXACT, `∂gate/∂(${["x", "a", "b"][i]})`);
      expectClose(g, partial(m.gate, [x, a, b], i), FD, `∂gate/∂(${["x", "a", "b"][i]}) vs central difference`);
    });
    expectClose(m.gateGradB(x, a, b), expected[2], EXACT, "grad(gate, 2)");

    const direction = [0.3, -1.2, 0.7];
    const [jvpValue, tangent] = m.gateJvp(x, a, b, ...direction);
    expect(jvpValue).toBe(value);
    const projected = direction.reduce((acc, d, i) => acc + d * expected[i], 0);
    expect(relativeError(tangent, projected)).toBeLessThan(EXACT);

    const [vjpValue, pullback] = m.gateVjp(x, a, b);
    expect(vjpValue).toBe(value);
    const twice = pullback(2);
    twice.forEach((g: number, i: number) => expectClose(g, 2 * expected[i], EXACT, `pullback(2)[${i}]`));
    // The pullback reruns its forward sweep, so calling it again gives the same answer.
    expect(pullback(2)).toEqual(twice);
  });

  test.each([0.25, 2, 10, 1e6])("grad through Newton's iteration for √c at c = %p is 1/(2√c)", (c) => {
    expectClose(m.sqrtGrad(c), 1 / (2 * Math.sqrt(c)), EXACT, "d√c/dc");
  });

  test("values computed at module load", () => {
    expect(m.results.fGrad).toEqual(m.fGrad(0.3, 0.7, 5));
    expectClose(m.results.power[1], 5 * Math.pow(1.7, 4), EXACT, "d/dx x⁵ at 1.7");
    expectClose(m.results.sqrt, 1 / (2 * Math.SQRT2), EXACT, "d√c/dc at 2");
  });
});

describe("tspc on a project with unsupported constructs", () => {
  const project = path.join(fixtures, "unsupported");
  const source = fs.readFileSync(path.join(project, "src", "bad.ts"), "utf8");

  /** `src/bad.ts:line:col` of the first occurrence of `text`, as tsc prints positions (1-based). */
  const location = (text: string): string => {
    const offset = source.indexOf(text);
    expect(offset).toBeGreaterThanOrEqual(0);
    const before = source.slice(0, offset).split("\n");
    return `src/bad.ts:${before.length}:${before[before.length - 1].length + 1}`;
  };

  test("exits non-zero and reports each construct at file:line:col with its TS990xxx code", () => {
    const { status, output } = tspc(project, "--pretty");
    expect(status).not.toBe(0);
    expect(output).toContain(
      `${location("try {")} - error TS990027: Cannot differentiate a 'try' statement: exceptions are not part of a derivative.`,
    );
    expect(output).toContain(
      `${location("opaque(x)")} - error TS990041: Cannot differentiate through 'opaque': it is declared without a body`,
    );
    expect(output.match(/error TS\d+/g)).toEqual(["error TS990027", "error TS990041"]);
  });
});

describe("tspc on a project whose only finding is a warning", () => {
  const project = path.join(fixtures, "warnings");

  test("prints the warning at file:line:col, exits 0 and emits working code", () => {
    const { status, output } = tspc(project, "--pretty", "false");
    expect(output).toContain(
      "src/noisy.ts(6,22): warning TS990049: 'Math.random()' is treated as a constant: its derivative is 0.",
    );
    expect(output).not.toMatch(/error/);
    expect(status).toBe(0);
    const { valueAndSlope } = createRequire(__filename)(path.join(project, "out", "noisy.js"));
    // value = a² + a·r and slope = 2a + r with the same r, so slope = value / a + a.
    const [value, slope] = valueAndSlope(1.5) as [number, number];
    expectClose(slope, value / 1.5 + 1.5, EXACT, "d(a² + a·r)/da at 1.5");
  });
});
