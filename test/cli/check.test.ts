/**
 * `cotangent check`: the table of derivatives against finite differences, exit 0 when they agree, and exit 1 when
 * they do not. The disagreement is real, not staged at a kink: `--rules` replaces the rule of `Math.sin` with a
 * wrong one (−cos instead of cos), as a user's mistaken custom rule would, and check must catch it in every
 * function that calls `Math.sin` and in no other.
 */
import { MODEL_FILES, tempProject, type TempProject } from "./project";

/** The table's rows as cells, keyed by "point input output". */
function rows(stdout: string): Map<string, string[]> {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith("point "));
  const out = new Map<string, string[]>();
  for (const line of lines.slice(start + 2)) {
    if (line.trim() === "") break;
    const cells = line.split(/ {2,}/).map((c) => c.trim());
    // Scalar results leave the output column empty; others label it '[1]', or '.mean' and '.ends[1]' for an object.
    const hasOutput = /^(\[\d+\]|\.[\w$]+)+$/.test(cells[2]);
    const key = `${cells[0]} ${cells[1]}${hasOutput ? ` ${cells[2]}` : ""}`;
    out.set(key, hasOutput ? cells.slice(3) : cells.slice(2));
  }
  return out;
}

describe("cotangent check", () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject(MODEL_FILES);
    p.write(
      "wrong-rules.ts",
      'export const rules = { "Math.sin": { arity: 1, kind: "smooth", partials: [(y: number, a: number) => -Math.cos(a)] } };\n',
    );
  });
  afterAll(() => p.remove());

  test("prints derivatives by both modes and finite differences; exits 0 when they agree", () => {
    const run = p.cotangent(["check", "src/model.ts"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // Points: three generated ones for number parameters, the exported lossSamples for loss.
    expect(run.stdout).toMatch(/^f #1: \(0\.\d+, 1\.\d+\)\n/);
    expect(run.stdout).toContain('loss #1: ({ w: [0.5, -0.25, 0.1], b: 0.1, name: "unit" }, [1, 2, -1], 0.3)\n');
    expect(run.stdout).toContain("7 points checked, tolerance 0.000001.");
    const table = rows(run.stdout);
    // loss at its sample: z = 0, so ∂loss/∂w_i = 2·(tanh z − target)·(1 − tanh² z)·x_i = −0.6·x_i (by hand).
    const [reverse, forward, fd, revVsFwd, vsFd] = table.get("loss #1 layer.w[1]") as string[];
    expect(Number(reverse)).toBeCloseTo(-1.2, 12);
    expect(Number(forward)).toBeCloseTo(-1.2, 12);
    expect(Number(fd)).toBeCloseTo(-1.2, 8);
    expect(Number(revVsFwd)).toBe(0);
    expect(Number(vsFd)).toBeLessThan(1e-8);
    expect(table.get("loss #1 layer.b")?.[0]).toBe("-0.600000000000");
    // One row per input and output element of the vector-valued function.
    expect([...table.keys()].filter((k) => k.startsWith("polar #1"))).toEqual([
      "polar #1 r [0]",
      "polar #1 r [1]",
      "polar #1 r [2]",
      "polar #1 theta [0]",
      "polar #1 theta [1]",
      "polar #1 theta [2]",
    ]);
    expect(table.size).toBe(3 * 2 + 8 + 3 * 6);
  });

  test("--hvp: the Hessian from f_hvp against differences of the gradient, symmetric; a wrong rule fails it", () => {
    const run = p.cotangent(["check", "--hvp", "src/model.ts"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith("point ") && l.includes("by input"));
    expect(start).toBeGreaterThan(0);
    const second = new Map<string, string[]>();
    for (const line of lines.slice(start + 2)) {
      if (line.trim() === "") break;
      const cells = line.split(/ {2,}/).map((c) => c.trim());
      second.set(cells.slice(0, 3).join(" "), cells.slice(3));
    }
    // f and loss return numbers (polar does not): 2 × 2 entries at each point of f, 8 × 8 at loss's one point.
    expect(second.size).toBe(3 * 4 + 64);
    // loss at its sample: z = 0, e = −0.3, so ∂²loss/∂w_i∂w_j = 2·x_i·x_j·(sech⁴ z − 2e·tanh z·sech² z) = 2·x_i·x_j.
    const [hvp, fd, symmetry, vsFd] = second.get("loss #1 layer.w[1] layer.w[2]") as string[];
    expect(Number(hvp)).toBeCloseTo(2 * 2 * -1, 12);
    expect(Number(fd)).toBeCloseTo(-4, 7);
    expect(Number(symmetry)).toBe(0);
    expect(Number(vsFd)).toBeLessThan(1e-8);

    const wrong = p.cotangent(["check", "--hvp", "--rules", "wrong-rules.ts", "src/model.ts"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/error: f #1: ∂²f\/∂x∂x differs from finite differences/);
  });

  test("a wrong derivative rule is caught in the functions that use it, and check exits 1", () => {
    const run = p.cotangent(["check", "--rules", "wrong-rules.ts", "src/model.ts"]);
    expect(run.status).toBe(1);
    const table = rows(run.stdout);
    const failing = [...table.entries()].filter(([, cells]) => cells[cells.length - 1] === "FAIL").map(([k]) => k);
    // Only partials through the sine's derivative change: ∂f/∂x (f sums sin(x·i)·y; ∂f/∂y uses the sine's value)
    // and ∂polar[1]/∂θ = r·cos θ (∂polar[1]/∂r = sin θ). loss has no sine.
    expect(failing).toEqual([
      "f #1 x",
      "f #2 x",
      "f #3 x",
      "polar #1 theta [1]",
      "polar #2 theta [1]",
      "polar #3 theta [1]",
    ]);
    expect(run.stderr).toMatch(
      /error: polar #1: ∂polar\[1\]\/∂theta differs from finite differences \(error \d\.\de[-+]\d+ > 0\.000001\)/,
    );
  });

  test("sample points: a '<name>Samples' export is required for array parameters and checked for shape", () => {
    const q = tempProject({
      "src/norm.ts": [
        "// @differentiate",
        "export function norm(v: number[]): number {",
        "  let s = 0;",
        "  for (const x of v) s += x * x;",
        "  return Math.sqrt(s);",
        "}",
        "// @differentiate",
        "export function dist(a: number, b: number): number {",
        "  return Math.hypot(a, b);",
        "}",
        "export const distSamples = [[3, 4, 5]];",
        "",
      ].join("\n"),
    });
    try {
      const missing = q.cotangent(["check", "src/norm.ts"]);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain(
        "error: 'norm' takes arrays or objects, so check cannot choose points for it. Export 'normSamples', an array of argument tuples.",
      );
      expect(missing.stderr).toContain("error: 'distSamples' must be an array of argument tuples of length 2.");

      q.write(
        "src/norm.ts",
        q.read("src/norm.ts").replace("[[3, 4, 5]]", "[[3, 4]];\nexport const normSamples = [[[1, -2, 2]]]"),
      );
      const given = q.cotangent(["check", "src/norm.ts"]);
      expect(given.stderr).toBe("");
      expect(given.status).toBe(0);
      const table = rows(given.stdout);
      // ∇‖v‖ = v / ‖v‖ = (1, −2, 2) / 3; ∂ hypot(3, 4) / ∂a = 3 / 5.
      expect(Number(table.get("norm #1 v[1]")?.[0])).toBeCloseTo(-2 / 3, 12);
      expect(Number(table.get("dist #1 a")?.[0])).toBeCloseTo(0.6, 12);
    } finally {
      q.remove();
    }
  });

  test("a number parameter that sets a size has no finite difference: 'not compared', no failure; the rest compared", () => {
    const q = tempProject({
      "src/mean.ts": [
        "// @differentiate",
        "export function meanSquare(x: Float64Array, n: number): number {",
        "  let s = 0;",
        "  for (let i = 0; i < n; i++) s += x[i] * x[i];",
        "  return s / n;",
        "}",
        "export const meanSquareSamples = [[new Float64Array([1, -2, 3]), 3]];",
        "",
      ].join("\n"),
    });
    try {
      const run = q.cotangent(["check", "src/mean.ts"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const table = rows(run.stdout);
      // ∂/∂x_i = 2·x_i / n; n moves the loop's end, so finite differences read past x (NaN): not compared.
      expect(Number(table.get("meanSquare #1 x[1]")?.[0])).toBeCloseTo(-4 / 3, 10);
      expect(table.get("meanSquare #1 n")?.[2]).toBe("not compared");
    } finally {
      q.remove();
    }
  });

  test("an index moved off its integer throws in the primal ('xs[n]' is undefined): 'not compared', the rest compared", () => {
    const q = tempProject({
      "src/rows.ts": [
        "// @differentiate",
        "export function rowEnergy(xs: number[][], n: number): number {",
        "  let h = xs[n];",
        "  h = h.map((v) => v * v);",
        "  let s = 0;",
        "  for (const v of h) s += v;",
        "  return s;",
        "}",
        "export const rowEnergySamples: Parameters<typeof rowEnergy>[] = [",
        "  [",
        "    [",
        "      [0.4, -0.9],",
        "      [1.1, 0.3],",
        "    ],",
        "    1,",
        "  ],",
        "];",
        "",
      ].join("\n"),
    });
    try {
      for (const args of [
        ["check", "src/rows.ts"],
        ["check", "--hvp", "src/rows.ts"],
      ]) {
        const run = q.cotangent(args);
        expect(run.stderr).toBe("");
        expect(run.status).toBe(0);
        const table = rows(run.stdout);
        // ∂/∂xs[1][0] = 2 · 1.1; the row n does not select has no derivative.
        expect(Number(table.get("rowEnergy #1 xs[1][0]")?.[0])).toBeCloseTo(2.2, 12);
        expect(Number(table.get("rowEnergy #1 xs[0][1]")?.[0])).toBe(0);
        expect(table.get("rowEnergy #1 n")?.[2]).toBe("not compared");
      }
    } finally {
      q.remove();
    }
  });

  test("a function returning an object: one row per input element and number of the result, labelled by its path", () => {
    const q = tempProject({
      "src/stats.ts": [
        "// @differentiate",
        "export function stats(x: number[], s: number): { mean: number; ends: [number, number]; w: number[] } {",
        "  let m = 0;",
        "  for (const v of x) m += s * v;",
        "  return { mean: m / x.length, ends: [x[0] * x[1], Math.sin(s * x[2])], w: x.map((v) => v * v) };",
        "}",
        "export const statsSamples = [[[1, -2, 0.5], 0.7]];",
        "",
      ].join("\n"),
    });
    try {
      const run = q.cotangent(["check", "src/stats.ts"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const table = rows(run.stdout);
      expect([...table.keys()].filter((k) => k.startsWith("stats #1 x[0]"))).toEqual([
        "stats #1 x[0] .mean",
        "stats #1 x[0] .ends[0]",
        "stats #1 x[0] .ends[1]",
        "stats #1 x[0] .w[0]",
        "stats #1 x[0] .w[1]",
        "stats #1 x[0] .w[2]",
      ]);
      // By hand: ∂mean/∂s = Σx / n = −1/6; ∂ends[0]/∂x[0] = x[1] = −2; ∂ends[1]/∂x[2] = s·cos(s·x[2]).
      expect(Number(table.get("stats #1 s .mean")?.[0])).toBeCloseTo(-1 / 6, 12);
      expect(Number(table.get("stats #1 x[0] .ends[0]")?.[1])).toBeCloseTo(-2, 12);
      expect(Number(table.get("stats #1 x[2] .ends[1]")?.[0])).toBeCloseTo(0.7 * Math.cos(0.35), 12);
      expect(Number(table.get("stats #1 x[2] .ends[1]")?.[2])).toBeCloseTo(0.7 * Math.cos(0.35), 8);
      // ∂w[1]/∂x[1] = 2·x[1] = −4, by both modes.
      expect(table.get("stats #1 x[1] .w[1]")?.slice(0, 2).map(Number)).toEqual([-4, -4]);
    } finally {
      q.remove();
    }
  });

  test("a loop count perturbed runs one more pass: 'not compared' in both tables, while a wrong rule still fails", () => {
    const q = tempProject({
      "src/spring.ts": [
        "// @differentiate",
        "export function spring(s: number, k: number, steps: number): number {",
        "  let x = s;",
        "  let v = 0;",
        "  for (let t = 0; t < steps; t++) {",
        "    v -= 0.01 * k * x;",
        "    x += 0.01 * v;",
        "  }",
        "  return x * x + v * v;",
        "}",
        "export const springSamples = [[1.2, 0.8, 50]];",
        "",
      ].join("\n"),
    });
    try {
      const run = q.cotangent(["check", "--hvp", "src/spring.ts"]);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const table = rows(run.stdout);
      // The count's derivative is 0 in both modes; its differences jump by a whole pass.
      expect(table.get("spring #1 steps")?.slice(0, 3)).toEqual(["0.00000000000", "0.00000000000", "not compared"]);
      // s and k are compared, and agree.
      expect(Number(table.get("spring #1 s")?.[4])).toBeLessThan(1e-6);
      expect(Number(table.get("spring #1 k")?.[4])).toBeLessThan(1e-6);
      const lines = run.stdout.split("\n");
      const hessian = lines.slice(lines.findIndex((l) => l.startsWith("point ") && l.includes("by input")));
      expect(hessian.find((l) => / s +steps /.test(l))).toContain("not compared");
      expect(hessian.find((l) => / s +k /.test(l))).not.toContain("not compared");
    } finally {
      q.remove();
    }
  });

  test("samples that are objects of a class keep their methods; a primal that throws is reported, not a crash", () => {
    const q = tempProject({
      "src/scaled.ts": [
        "export class Scale {",
        "  constructor(public k: number) {}",
        "  apply(t: number): number {",
        "    if (t > 10) throw new RangeError(`t = ${t} is too large`);",
        "    return this.k * t * t;",
        "  }",
        "}",
        "// @differentiate",
        "export function f(s: Scale, t: number): number {",
        "  return s.apply(t);",
        "}",
        "export const fSamples = [[new Scale(3), 2], [new Scale(1), 11]];",
        "",
      ].join("\n"),
    });
    try {
      const run = q.cotangent(["check", "src/scaled.ts"]);
      expect(run.status).toBe(1);
      const table = rows(run.stdout);
      // f = k·t²: ∂f/∂k = t² = 4, ∂f/∂t = 2kt = 12 at the first sample.
      expect(Number(table.get("f #1 s.k")?.[0])).toBeCloseTo(4, 12);
      expect(Number(table.get("f #1 t")?.[0])).toBeCloseTo(12, 12);
      expect(run.stdout).toContain("1 point checked");
      expect(run.stderr).toContain("error: f #2: RangeError: t = 11 is too large");
    } finally {
      q.remove();
    }
  });

  test("a file that throws when loaded (a marker called without the transform) is reported, exit 1", () => {
    p.write(
      "src/markers.ts",
      MODEL_FILES["src/lib.ts"].replace("export function softplus", "// @differentiate\nexport function softplus") +
        'import { grad } from "cotangent";\nexport const dSoftplus = grad(softplus);\n',
    );
    const run = p.cotangent(["check", "src/markers.ts"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("\n0 points checked, tolerance 0.000001.\n");
    expect(run.stderr).toContain("error: cannot run src/markers.ts: cotangent: 'grad' was called at run time");
  });
});
