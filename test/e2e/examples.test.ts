/**
 * The projects in examples/, built and run as `npm run example -- <name>` does: the real `tspc` (ts-patch) compiles
 * each one with the Cotangent plugin from its tsconfig.json, and node runs its out/main.js. An example is a user's
 * first contact with the compiler, so a change that breaks one, or makes it print wrong numbers, fails here.
 *
 * The logistic regression's printed output is checked: its gradient against central differences, and the loss
 * falling under gradient descent, which it does only if the gradient is right. The Newton example's: quadratic
 * convergence (which needs the exact Hessian), the Hessian against differences of the gradient, and hvp against H·v.
 * The classifier's (a class with methods, helpers returning arrays, a default and a throw): its gradient against
 * central differences, the loss falling, the accuracy, and the primal's error from the gradient. The robust fit's (a
 * gradient through sort): its gradient against central differences, and the true line found despite the outliers.
 * The Gaussian process's (local matrices: a kernel matrix, its Cholesky factor, a triangular solve): its gradient
 * against central differences and against the closed form, the likelihood rising, and the noise level found. The
 * meta-learning one's (a gradient called inside the differentiated loss): its meta-gradient against central
 * differences, and one adaptation step from the meta-learned weights fitting new tasks.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { stripVTControlCharacters } from "util";

const repoRoot = path.resolve(__dirname, "../..");
const examples = path.join(repoRoot, "examples");
const tspcBin = path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tspc.cmd" : "tspc");

/** Compiles examples/<name> with tspc after deleting its previous output, then runs out/main.js with node. */
function buildAndRun(name: string): { stdout: string; stderr: string; status: number | null } {
  const project = path.join(examples, name);
  fs.rmSync(path.join(project, "out"), { recursive: true, force: true });
  const build = spawnSync(tspcBin, ["-p", path.join(project, "tsconfig.json")], {
    cwd: project,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (build.error) throw build.error;
  // tsc colors its --pretty output; the failure message reads better without escape codes.
  const diagnostics = stripVTControlCharacters(`${build.stdout}${build.stderr}`);
  if (build.status !== 0 || diagnostics !== "") {
    throw new Error(`tspc -p examples/${name} exited with ${build.status}:\n${diagnostics}`);
  }
  const run = spawnSync(process.execPath, [path.join(project, "out", "main.js")], { cwd: project, encoding: "utf8" });
  if (run.error) throw run.error;
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe("examples/logistic-regression", () => {
  let run: ReturnType<typeof buildAndRun>;

  beforeAll(() => {
    run = buildAndRun("logistic-regression");
  });

  test("compiles and exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("the gradient agrees with central differences to better than 1e-6", () => {
    const match = /^gradient check: max relative error (\S+)$/m.exec(run.stdout);
    expect(match).not.toBeNull();
    const error = Number(match![1]);
    expect(Number.isFinite(error)).toBe(true);
    expect(error).toBeLessThan(1e-6);
  });

  test("the loss printed every 20 steps falls strictly, from step 0 to step 200", () => {
    const steps = [...run.stdout.matchAll(/^step +(\d+) +loss (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(steps.map(([step]) => step)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    const losses = steps.map(([, value]) => value);
    losses.forEach((value) => expect(Number.isFinite(value)).toBe(true));
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThan(losses[k - 1]);
    // From log 2 or so at a near-zero start to well below it: the fit is learning, not just drifting.
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
  });

  test("prints the final accuracy, better than chance", () => {
    const match = /^accuracy: ([\d.]+)% \((\d+) of (\d+) points\)$/m.exec(run.stdout);
    expect(match).not.toBeNull();
    expect(Number(match![3])).toBe(200);
    expect(Number(match![1])).toBeGreaterThan(80);
  });
});

describe("examples/newton", () => {
  let run: ReturnType<typeof buildAndRun>;

  beforeAll(() => {
    run = buildAndRun("newton");
  });

  test("compiles and exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("Newton's steps converge quadratically: only an exact Hessian does that", () => {
    const norms = [...run.stdout.matchAll(/^step +\d+ +loss \S+ +\|gradient\| (\S+)$/gm)].map((m) => Number(m[1]));
    expect(norms.length).toBeGreaterThan(3);
    expect(norms.length).toBeLessThanOrEqual(10);
    expect(norms[norms.length - 1]).toBeLessThan(1e-13);
    // Near the optimum each step squares the error (up to a constant): the last ratios collapse.
    const [a, b, c] = norms.slice(-4, -1);
    expect(c / b).toBeLessThan(0.1 * (b / a));
  });

  test("the Hessian matches central differences of the gradient, is symmetric, and hvp matches H·v", () => {
    const number = (pattern: RegExp) => Number(pattern.exec(run.stdout)?.[1]);
    expect(
      number(/^hessian check: max relative error against central differences of the gradient (\S+)$/m),
    ).toBeLessThan(1e-6);
    expect(number(/^hessian symmetry: max \|H - Hᵀ\| (\S+)$/m)).toBeLessThan(1e-12);
    expect(number(/^hvp against H·v: max relative difference (\S+)$/m)).toBeLessThan(1e-12);
  });
});

describe("examples/classifier", () => {
  let run: ReturnType<typeof buildAndRun>;

  beforeAll(() => {
    run = buildAndRun("classifier");
  });

  test("compiles and exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("the gradient in the model object agrees with central differences to better than 1e-6", () => {
    const error = Number(/^gradient check: max relative error (\S+)$/m.exec(run.stdout)?.[1]);
    expect(Number.isFinite(error)).toBe(true);
    expect(error).toBeLessThan(1e-6);
  });

  test("gradient descent lowers the loss at every printed step and classifies the blobs", () => {
    const losses = [...run.stdout.matchAll(/^step +\d+ loss (\S+)$/gm)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(7);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThan(losses[k - 1]);
    expect(losses[losses.length - 1]).toBeLessThan(0.2 * losses[0]);
    const accuracy = /^accuracy: ([\d.]+)% \((\d+) of 180 points\)$/m.exec(run.stdout);
    expect(Number(accuracy?.[1])).toBeGreaterThan(90);
  });

  test("the gradient throws the primal's error on bad input", () => {
    expect(run.stdout).toContain("bad input: RangeError: X holds 10 values, not 180 rows of 2");
  });
});

describe("examples/robust-fit", () => {
  let run: ReturnType<typeof buildAndRun>;

  beforeAll(() => {
    run = buildAndRun("robust-fit");
  });

  test("compiles and exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("the gradient through the sort agrees with central differences to better than 1e-6", () => {
    const error = Number(/^gradient check: max relative error (\S+)$/m.exec(run.stdout)?.[1]);
    expect(Number.isFinite(error)).toBe(true);
    expect(error).toBeLessThan(1e-6);
  });

  test("descent never raises the loss, and the trimmed fit finds the true line that least squares misses", () => {
    const losses = [...run.stdout.matchAll(/^step +\d+ +loss (\S+)$/gm)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(7);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThanOrEqual(losses[k - 1]);
    expect(losses[losses.length - 1]).toBeLessThan(1e-3 * losses[0]);
    const fit = (label: string) =>
      (new RegExp(`^${label}: +intercept (\\S+) +slope (\\S+)$`, "m").exec(run.stdout) ?? []).slice(1).map(Number);
    const [a, b] = fit("trimmed squares fit");
    expect(Math.abs(a - 1.5)).toBeLessThan(0.02);
    expect(Math.abs(b - 2)).toBeLessThan(0.02);
    // The outliers, all above the line, pull least squares' intercept far up.
    expect(fit("least squares fit")[0] - 1.5).toBeGreaterThan(1);
  });
});

describe("examples/gaussian-process", () => {
  let run: ReturnType<typeof buildAndRun>;

  beforeAll(() => {
    run = buildAndRun("gaussian-process");
  });

  test("compiles and exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("the gradient through the Cholesky factor agrees with differences and with Rasmussen & Williams' closed form", () => {
    const error = (label: string) =>
      Number(new RegExp(`^${label}: max relative error (\\S+)$`, "m").exec(run.stdout)?.[1]);
    expect(error("gradient check")).toBeLessThan(1e-6);
    expect(error("closed form check")).toBeLessThan(1e-11);
  });

  test("descent never raises the negative log likelihood, and finds the noise level the data was drawn with", () => {
    const losses = [...run.stdout.matchAll(/^step +\d+ +loss (\S+)$/gm)].map((m) => Number(m[1]));
    expect(losses).toHaveLength(7);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThanOrEqual(losses[k - 1]);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] - 30);
    const noise = Number(/^noise (\S+) \(true 0\.1\)$/m.exec(run.stdout)?.[1]);
    expect(Math.abs(noise - 0.1)).toBeLessThan(0.03);
  });
});

describe("examples/meta-learning", () => {
  let run: ReturnType<typeof buildAndRun>;

  beforeAll(() => {
    run = buildAndRun("meta-learning");
  });

  test("compiles and exits with code 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  test("the meta-gradient, through a gradient inside the loss, agrees with central differences", () => {
    const error = Number(/^meta-gradient check: max relative error (\S+)$/m.exec(run.stdout)?.[1]);
    expect(error).toBeLessThan(1e-6);
  });

  test("meta-training makes one adaptation step fit new tasks far better than before", () => {
    const before = Number(/^before meta-training: loss after one step (\S+)$/m.exec(run.stdout)?.[1]);
    const [zero, , after] = (
      /^on 50 new tasks: zero weights (\S+), meta-learned weights before the step (\S+), after one step (\S+)$/m.exec(
        run.stdout,
      ) ?? []
    )
      .slice(1)
      .map(Number);
    expect(after).toBeLessThan(before / 2);
    expect(after).toBeLessThan(zero / 2);
  });
});

describe("examples/demo", () => {
  test("compiles and exits with code 0 (reverse mode, forward mode and finite differences agree)", () => {
    const run = buildAndRun("demo");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("largest relative difference");
  });
});
