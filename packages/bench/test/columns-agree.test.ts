/**
 * The benchmark's problems at tiny sizes, built with the real `tspc` exactly as `npm run bench` builds them: every
 * column (primal, Cotangent forward and reverse, hand-written, every peer library that loads) must compute the
 * same value and gradient, and Cotangent's reverse gradient must match central finite differences. Nothing is
 * timed here. The checks run in a child node process (packages/bench/src/check.ts) because jax-js and rose are ES
 * modules with top-level await, which jest's CommonJS module registry cannot import.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");
const bench = path.join(repoRoot, "packages", "bench");

interface Check {
  id: string;
  error: number;
  tolerance: number;
  against: string;
}
interface Report {
  peerErrors: Record<string, string>;
  results: { problem: string; label: string; checks: Check[]; missing: { id: string; reason: string }[] }[];
}

let report: Report;

beforeAll(() => {
  const tsPatch = path.dirname(require.resolve("ts-patch/package.json", { paths: [repoRoot] }));
  const tspcBin = JSON.parse(fs.readFileSync(path.join(tsPatch, "package.json"), "utf8")).bin.tspc as string;
  const tspc = path.join(tsPatch, tspcBin);
  // The output must sit where `cotangent` resolves from, so it goes in the package's own folder.
  const out = path.join(bench, "out-test");
  fs.rmSync(out, { recursive: true, force: true });
  const build = spawnSync(process.execPath, [tspc, "-p", path.join(bench, "tsconfig.json"), "--outDir", out], {
    cwd: bench,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`tspc on packages/bench failed:\n${build.stdout}${build.stderr}`);
  const run = spawnSync(process.execPath, [path.join(out, "check.js")], { cwd: bench, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`check.js failed:\n${run.stderr}`);
  report = JSON.parse(run.stdout) as Report;
});

test("every peer library loads in this Node", () => {
  expect(report.peerErrors).toEqual({});
});

test("all six problems are checked", () => {
  expect(report.results.map((r) => r.problem)).toEqual(["rosenbrock", "gmm", "ba", "mlp", "lstm", "ode"]);
});

test.each(["rosenbrock", "gmm", "ba", "mlp", "lstm", "ode"])("%s: every column agrees with the others", (problem) => {
  const result = report.results.find((r) => r.problem === problem)!;
  const failures = result.checks
    .filter((c) => !(c.error <= c.tolerance))
    .map((c) => `${c.id} (${c.against}): error ${c.error.toExponential(2)} > ${c.tolerance}`);
  expect(failures).toEqual([]);
  // Cotangent's forward and reverse modes and the finite-difference reference are always among the checks.
  const ids = result.checks.map((c) => c.id);
  for (const id of ["finite-differences", "primal", "forward"]) expect(ids).toContain(id);
});

test("gradInto's column computes grad's gradient exactly, and f's value", () => {
  for (const problem of ["rosenbrock", "gmm", "mlp"]) {
    const checks = report.results.find((r) => r.problem === problem)!.checks.filter((c) => c.id === "into");
    expect(checks.map((c) => `${problem} ${c.against}: ${c.error}`)).toEqual([
      `${problem} value vs primal: 0`,
      `${problem} gradient vs reverse: 0`,
    ]);
  }
});

test("the peer columns each problem implements are all checked", () => {
  const ids = (problem: string) => report.results.find((r) => r.problem === problem)!.checks.map((c) => c.id);
  const expected: Record<string, string[]> = {
    rosenbrock: ["into", "hand", "tfjs-cpu", "tfjs-wasm", "jax-js", "rose", "adnn"],
    gmm: ["into", "hand", "tfjs-cpu", "tfjs-wasm", "jax-js"],
    // tfjs-wasm has no kernel for the gradient of tf.gather (UnsortedSegmentSum): reported as not run.
    ba: ["tfjs-cpu", "jax-js"],
    mlp: ["into", "hand", "tfjs-cpu", "tfjs-wasm", "jax-js"],
    lstm: ["tfjs-cpu", "tfjs-wasm", "jax-js"],
    ode: ["tfjs-cpu", "tfjs-wasm", "adnn"],
  };
  for (const [problem, columns] of Object.entries(expected)) {
    for (const id of columns)
      expect(`${problem} ${ids(problem).includes(id) ? id : "missing " + id}`).toBe(`${problem} ${id}`);
  }
});

/**
 * Generated code must be code V8 optimizes: every generated jvp and vjp is compiled by TurboFan while it warms up, and
 * none is deoptimized afterwards (a deopt in a hot loop means a shape or type the code did not keep stable).
 */
test("V8 optimizes every generated derivative and never deoptimizes it after warm-up", () => {
  const run = spawnSync(
    process.execPath,
    ["--trace-opt", "--trace-deopt", path.join(bench, "out-test", "optimized.js")],
    { cwd: bench, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  expect(run.status).toBe(0);
  const generated = /<JSFunction (\w+_(?:jvp|vjp|grad)\w*)/;
  const optimized = new Set<string>();
  const deoptimizedWarm: string[] = [];
  let warm = false;
  for (const line of run.stdout.split("\n")) {
    if (line.startsWith("warm ")) warm = true;
    if (line.startsWith("done ")) warm = false;
    const name = generated.exec(line)?.[1];
    if (!name) continue;
    if (line.startsWith("[completed optimizing")) optimized.add(name);
    if (line.startsWith("[bailout") && warm) deoptimizedWarm.push(line);
  }
  // The two derivatives of each problem that the columns call: the jvp, and grad's function (jacrev's vjp for the ODE).
  for (const prefix of ["rosenbrock", "gmmObjective", "baObjective", "mlpLoss", "lstmObjective", "lotkaVolterra"]) {
    expect([...optimized].filter((n) => n.startsWith(`${prefix}_jvp`))).not.toEqual([]);
    const reverse = prefix === "lotkaVolterra" ? "_vjp" : "_grad";
    expect([...optimized].filter((n) => n.startsWith(`${prefix}${reverse}`))).not.toEqual([]);
  }
  // The gradInto columns' generated functions.
  for (const prefix of ["rosenbrock", "gmmObjective", "mlpLoss"]) {
    expect([...optimized].filter((n) => n.startsWith(`${prefix}_vjp_into`))).not.toEqual([]);
  }
  expect(deoptimizedWarm).toEqual([]);
});

/**
 * `npm run bench`'s own path at the tiny sizes: the coordinator starts one measurement process per library, they take
 * turns over IPC, and their rows merge into the report. Only the bookkeeping is asserted, never a time.
 */
test("the benchmark runs end to end at the tiny sizes: every column measured in its process, the report written", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "cotangent-bench-"));
  try {
    const run = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "--no-concurrent-array-buffer-sweeping",
        path.join(bench, "out-test", "main.js"),
        "--tiny",
        "--budget=40",
        `--out=${out}`,
      ],
      { cwd: bench, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.status).toBe(0);
    const { rows } = JSON.parse(fs.readFileSync(path.join(out, "latest.json"), "utf8")) as {
      rows: { problem: string; timings: Record<string, { median: number }>; missing: Record<string, string> }[];
    };
    expect(rows.map((r) => r.problem)).toEqual(["rosenbrock", "gmm", "ba", "mlp", "lstm", "ode"]);
    const measured = (problem: string) => {
      const row = rows.find((r) => r.problem === problem)!;
      expect(Object.values(row.timings).every((t) => t.median > 0)).toBe(true);
      return Object.keys(row.timings).sort();
    };
    expect(measured("rosenbrock")).toEqual(
      ["adnn", "forward", "hand", "into", "jax-js", "primal", "reverse", "rose", "tfjs-cpu", "tfjs-wasm"].sort(),
    );
    expect(measured("gmm")).toEqual([
      "forward",
      "hand",
      "into",
      "jax-js",
      "primal",
      "reverse",
      "tfjs-cpu",
      "tfjs-wasm",
    ]);
    expect(measured("ba")).toEqual(["forward", "jax-js", "primal", "reverse", "tfjs-cpu"]);
    expect(rows.find((r) => r.problem === "ba")!.missing["tfjs-wasm"]).toMatch(/UnsortedSegmentSum/);
    for (const file of ["latest.md", "gradient-vs-primal.svg"]) expect(fs.existsSync(path.join(out, file))).toBe(true);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
