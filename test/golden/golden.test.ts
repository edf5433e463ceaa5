/**
 * Golden files of generated code: each `<area>/<case>/input.ts` is compiled with the transformer and printed as
 * TypeScript; the result must equal `expected.ts` (run `npm run golden:accept` to rewrite them, then review the
 * diff). Goldens are also compiled without the plugin and run (Clad's CHECK-EXEC): their derivatives must match
 * central finite differences of the primal, and forward mode must agree with reverse mode.
 *
 * A case exports:
 * - `f`, the differentiated function, and `point`, its arguments: numbers, arrays (`number[]`, typed arrays,
 *   `number[][]`), tuples or objects. Arguments are flattened to one vector of leaves (test/helpers/tree.ts), so
 *   finite differences perturb array elements and object fields one at a time. An integer number after the first
 *   argument (a trip count) is not perturbed.
 * - `tangent(p, t)`, which calls `jvp(f, p, t)`: one call per leaf gives the Jacobian column by column.
 * - at least one of: `gradient = grad(f, [every parameter])` for a number-valued `f`; `pullback(...point)`, which
 *   returns the pullback of `vjp(f, ...point)`; `jacobian = jacfwd(f)` or `jacrev(f)` (parameter 0; rows are outputs).
 * - optionally `gradientInto = gradInto(f, [every parameter])` next to `gradient`: called with arrays shaped like the
 *   gradient that hold garbage, it must return f's value and overwrite them with `gradient`'s bits.
 * - optionally `hessianOf = hessian(f)` next to `gradient` (parameter 0, a number or an array): symmetric, and each
 *   column equal to central differences of `gradient`'s first entry.
 * Every derivative must have the shape of its value: a Float64Array for a Float64Array, an object with the
 * numeric fields of an object.
 */
import * as fs from "fs";
import * as path from "path";
import { compile, printTransformed } from "../helpers/compile";
import { centralDifference, relativeError, withoutGlobalLeaks } from "../helpers/check";
import { leaves, leavesLike, rebuild } from "../helpers/tree";

const accept = process.env.GOLDEN_ACCEPT === "1";

function cases(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (!entry.isDirectory()) return [];
    return fs.existsSync(path.join(full, "input.ts")) ? [full] : cases(full);
  });
}

/** Forward and reverse mode compute the same numbers in a different order: they agree to rounding error. */
function expectSameDerivative(forward: number, other: number, what: string): void {
  if (!(relativeError(forward, other) < 1e-12 || Math.abs(forward - other) < 1e-15)) {
    throw new Error(`${what}: forward mode gives ${forward}, the other gives ${other}`);
  }
}

/** The bit patterns of numbers: tells -0 from 0, where toEqual would not. */
function bitsOf(values: readonly number[]): bigint[] {
  return Array.from(new BigUint64Array(Float64Array.from(values).buffer));
}

/** Runs the checks described in the header on a loaded golden module. */
function checkGolden(m: Record<string, any>): void {
  const point: unknown[] = m.point;
  const x = leaves(point);
  const output = (v: readonly number[]): number[] => leaves(m.f(...rebuild(point, v)));
  const value = m.f(...point);
  const unit = (i: number, n: number) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0));
  // Leaves of integer numbers after the first argument: trip counts, not perturbed by finite differences.
  const fixed = new Set(
    point.flatMap((arg, k) => {
      const first = leaves(point.slice(0, k)).length;
      return typeof arg === "number" && k > 0 && Number.isInteger(arg) ? [first] : [];
    }),
  );

  // Column i of the Jacobian by forward mode, in the shape of f's result; checked against finite differences.
  const columns = x.map((_, i) => {
    const [primal, tangent] = m.tangent(point, rebuild(point, unit(i, x.length)));
    expect(leaves(primal)).toEqual(leaves(value));
    const column = leavesLike(value, tangent, `tangent of leaf ${i}`);
    if (!fixed.has(i)) {
      column.forEach((t, r) => {
        const fd = centralDifference((...v) => output(v)[r], x, unit(i, x.length));
        expect(Math.abs(fd - t)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      });
    }
    return column;
  });
  expect(m.gradient ?? m.pullback ?? m.jacobian).toBeDefined();

  if (m.gradient) {
    const gradient = leavesLike(point, m.gradient(...point), "gradient");
    gradient.forEach((g, i) => expectSameDerivative(columns[i][0], g, `gradient leaf ${i}`));
  }
  if (m.gradientInto) {
    const fresh = m.gradient(...point);
    const out = rebuild(
      fresh,
      leaves(fresh).map((_, i) => (i % 2 === 0 ? NaN : 1e300)),
    );
    expect(m.gradientInto(...point, out)).toBe(value);
    expect(bitsOf(leaves(out))).toEqual(bitsOf(leaves(fresh)));
  }
  if (m.hessianOf) {
    // Parameter 0's Hessian, checked against the reverse gradient's central differences (a second-order reference).
    const inputs = leaves(point[0]).length;
    const hessian = leaves(m.hessianOf(...point));
    expect(hessian.length).toBe(inputs * inputs);
    const firstGradient = (v: readonly number[]): number[] => leaves(m.gradient(...rebuild(point, v))[0]);
    for (let j = 0; j < inputs; j++) {
      for (let i = 0; i < inputs; i++) {
        const fd = centralDifference((...v) => firstGradient(v)[i], x, unit(j, x.length));
        expect(Math.abs(fd - hessian[i * inputs + j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        expectSameDerivative(hessian[i * inputs + j], hessian[j * inputs + i], `hessian (${i}, ${j}) symmetric`);
      }
    }
  }
  if (m.pullback) {
    const pullback = m.pullback(...point);
    const outputs = leaves(value).length;
    for (let r = 0; r < outputs; r++) {
      const row = leavesLike(point, pullback(rebuild(value, unit(r, outputs))), `cotangent of output ${r}`);
      row.forEach((g, i) => expectSameDerivative(columns[i][r], g, `pullback (${r}, ${i})`));
    }
  }
  if (m.jacobian) {
    // JAX's shape: out.shape + in.shape, so row-major with one row per output.
    const inputs = leaves(point[0]).length;
    const jacobian = leaves(m.jacobian(...point));
    expect(jacobian.length).toBe(inputs * leaves(value).length);
    jacobian.forEach((j, k) =>
      expectSameDerivative(columns[k % inputs][Math.floor(k / inputs)], j, `jacobian entry ${k}`),
    );
  }
}

describe.each(cases(__dirname).map((c) => [path.relative(__dirname, c), c]))("%s", (_name, dir) => {
  const input = fs.readFileSync(path.join(dir, "input.ts"), "utf8");
  const expectedFile = path.join(dir, "expected.ts");

  test("generated code matches expected.ts", () => {
    const { text, diagnostics } = printTransformed({ "input.ts": input });
    expect(diagnostics).toEqual([]);
    if (accept) fs.writeFileSync(expectedFile, text["input.ts"]);
    expect(text["input.ts"]).toBe(fs.readFileSync(expectedFile, "utf8"));
  });

  test("expected.ts type-checks without the plugin, and its derivatives match finite differences", () => {
    const out = compile({ "input.ts": fs.readFileSync(expectedFile, "utf8") });
    expect(out.diagnostics).toEqual([]);
    withoutGlobalLeaks(() => checkGolden(out.load("input.ts")));
  });
});
