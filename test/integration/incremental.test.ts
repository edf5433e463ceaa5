/**
 * `tspc -b` incremental builds after edits, on a temporary copy of fixtures/incremental (an `incremental` project:
 * main.ts asks for grad(f), f in model.ts calls callees in lib.ts). tsc re-emits only changed files and files whose
 * imports' declarations changed, while Cotangent's output also depends on other files' bodies and requests; each
 * rebuilt gradient must match central finite differences of the rebuilt primal and a hand-derived formula.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { centralDifference } from "../helpers/check";

const repoRoot = path.resolve(__dirname, "../..");
const tspcBin = path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tspc.cmd" : "tspc");

describe("tspc -b after edits to a marked function, its callees and its markers", () => {
  let project: string;

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "cotangent-incremental-"));
    fs.cpSync(path.join(__dirname, "fixtures", "incremental"), project, { recursive: true });
    // tspc resolves "cotangent/transform" and the output requires "cotangent" from the project's node_modules.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(project, "node_modules"), "junction");
  });

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  let builds = 0;

  /**
   * Runs `tspc -b`, then loads the output from a copy in a new folder: jest caches modules, and the text of files,
   * by path, so loading out/main.js again would run the previous build.
   */
  function build(): Record<string, any> {
    const run = spawnSync(tspcBin, ["-b"], { cwd: project, encoding: "utf8", shell: process.platform === "win32" });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`tspc -b exited with ${run.status}:\n${run.stdout}${run.stderr}`);
    const copy = path.join(project, `build-${++builds}`);
    fs.cpSync(path.join(project, "out"), copy, { recursive: true });
    let main: Record<string, any> = {};
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => (main = require(path.join(copy, "main.js"))));
    return main;
  }

  function edit(file: string, from: string, to: string): void {
    const full = path.join(project, "src", file);
    const text = fs.readFileSync(full, "utf8");
    expect(text).toContain(from);
    fs.writeFileSync(full, text.replace(from, to));
  }

  /** The gradient at (x, y) matches `expected` to 1e-12 and central differences of the built f to 1e-7. */
  function expectGradient(m: Record<string, any>, expected: (x: number, y: number) => [number, number]): void {
    for (const [x, y] of [
      [0.7, 1.3],
      [-1.2, 0.4],
    ]) {
      const gradient: number[] = m.df(x, y);
      const formula = expected(x, y);
      [0, 1].forEach((i) => {
        const fd = centralDifference(m.f, [x, y], i === 0 ? [1, 0] : [0, 1]);
        expect(Math.abs(gradient[i] - formula[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(formula[i])));
        expect(Math.abs(gradient[i] - fd)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fd)));
      });
    }
  }

  test("a sequence of edits, each followed by an incremental rebuild", () => {
    // f = sin(x)·y + x·y
    expectGradient(build(), (x, y) => [Math.cos(x) * y + y, Math.sin(x) + x]);
    expect(fs.existsSync(path.join(project, "tsconfig.tsbuildinfo"))).toBe(true);

    // The callee's formula, in lib.ts: f = cos(x)·y² + x·y.
    edit("lib.ts", "return Math.sin(u) * v;", "return Math.cos(u) * v * v;");
    expectGradient(build(), (x, y) => [-Math.sin(x) * y * y + y, 2 * y * Math.cos(x) + x]);

    // The marked function now calls another callee of lib.ts, which itself is unchanged: f = cos(x)·y² + x³·y.
    edit("model.ts", "import { wave }", "import { wave, cube }");
    edit("model.ts", "wave(x, y) + x * y", "wave(x, y) + cube(x) * y");
    expectGradient(build(), (x, y) => [-Math.sin(x) * y * y + 3 * x * x * y, 2 * y * Math.cos(x) + x * x * x]);

    // The marked function's own formula: f = cos(x)·y² + x³·y / 2.
    edit("model.ts", "cube(x) * y", "(cube(x) * y) / 2");
    expectGradient(build(), (x, y) => [-Math.sin(x) * y * y + 1.5 * x * x * y, 2 * y * Math.cos(x) + (x * x * x) / 2]);

    // A new marker in main.ts asks model.ts for a tangent function it did not have.
    edit("main.ts", 'import { grad } from "cotangent";', 'import { grad, jvp } from "cotangent";');
    edit(
      "main.ts",
      "export const df",
      "export const fJvp = (x: number, y: number) => jvp(f, [x, y], [1, 0]);\nexport const df",
    );
    const m = build();
    const [value, tangent] = m.fJvp(0.7, 1.3);
    expect(value).toBe(m.f(0.7, 1.3));
    expect(Math.abs(tangent - m.df(0.7, 1.3)[0])).toBeLessThanOrEqual(1e-12 * Math.abs(tangent));
  });
});
