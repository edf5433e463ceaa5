/**
 * `cotangent/esbuild` with the real esbuild: the fixture projects of the tspc tests bundled with the plugin and run,
 * errors and warnings as esbuild reports them, and a code base without annotations (rxjs's sources) bundled byte for
 * byte as without the plugin.
 */
import { spawnSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { cotangent } from "cotangent/esbuild";
import { centralDifference, relativeError } from "../helpers/check";

const repoRoot = path.resolve(__dirname, "../..");
const fixtures = path.join(repoRoot, "test", "e2e", "fixtures");

/** Options that bundle `entry` of `project` to CommonJS in memory. */
const inMemory = (project: string, entry: string, plugins: esbuild.Plugin[]) =>
  ({
    entryPoints: [path.join(project, entry)],
    absWorkingDir: project,
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    logLevel: "silent",
    plugins,
  }) satisfies esbuild.BuildOptions;

async function bundle(
  project: string,
  entry: string,
  plugins: esbuild.Plugin[],
): Promise<esbuild.BuildResult & { text: string }> {
  const result = await esbuild.build(inMemory(project, entry, plugins));
  return { ...result, text: result.outputFiles[0].text };
}

/** Runs a CommonJS bundle and returns its exports; `require` resolves from the repository (cotangent/runtime). */
function load(code: string): Record<string, any> {
  const module = { exports: {} as Record<string, any> };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  return module.exports;
}

describe("cotangent/esbuild on the tspc fixture project", () => {
  let m: Record<string, any>;
  let warnings: esbuild.Message[];

  beforeAll(async () => {
    const result = await bundle(path.join(fixtures, "project"), "src/main.ts", [cotangent()]);
    warnings = result.warnings;
    m = load(result.text);
  });

  test("builds without a message", () => {
    expect(warnings).toEqual([]);
  });

  test("markers evaluated at module load give the exact derivatives", () => {
    const [value, slope] = m.results.power as [number, number];
    expect(relativeError(value, 1.7 ** 5)).toBeLessThan(1e-14);
    expect(relativeError(slope, 5 * 1.7 ** 4)).toBeLessThan(1e-14);
    expect(relativeError(m.results.sqrt, 1 / (2 * Math.SQRT2))).toBeLessThan(1e-12);
  });

  test("grad through a loop and a branch agrees with central differences", () => {
    const [dx, dy] = m.fGrad(0.3, 0.7, 5) as [number, number];
    expect(
      relativeError(
        dx,
        centralDifference((x, y) => m.f(x, y, 5), [0.3, 0.7], [1, 0]),
      ),
    ).toBeLessThan(1e-7);
    expect(
      relativeError(
        dy,
        centralDifference((x, y) => m.f(x, y, 5), [0.3, 0.7], [0, 1]),
      ),
    ).toBeLessThan(1e-7);
  });

  test("forward and reverse agree through the callee in another file (dot product)", () => {
    for (const [x, a, b] of [
      [0.8, 1.3, 0.2], // a·x > b: softplus branch, through lib.ts
      [0.8, 0.1, 0.9], // the other branch
    ]) {
      const u = [0.3, -1.1, 0.7];
      const [, gradient] = m.gateValueAndGrad(x, a, b) as [number, number[]];
      const [, tangent] = m.gateJvp(x, a, b, u[0], u[1], u[2]) as [number, number];
      const dot = gradient.reduce((s, g, k) => s + g * u[k], 0);
      expect(relativeError(tangent, dot)).toBeLessThan(1e-12);
      expect(relativeError(tangent, centralDifference(m.gate, [x, a, b], u))).toBeLessThan(1e-6);
    }
  });
});

describe("cotangent/esbuild source maps", () => {
  test("the bundle's adjoint statements map to the primal lines they differentiate", async () => {
    const project = path.join(fixtures, "project");
    const result = await esbuild.build({
      entryPoints: [path.join(project, "src", "main.ts")],
      absWorkingDir: project,
      outfile: path.join(project, "out", "bundle.js"),
      bundle: true,
      write: false,
      sourcemap: "external",
      platform: "node",
      logLevel: "silent",
      plugins: [cotangent()],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text.split("\n");
    const map = new TraceMap(result.outputFiles.find((f) => f.path.endsWith(".map"))!.text);
    const origin = (pattern: RegExp) => {
      const line = js.findIndex((l) => pattern.test(l));
      expect(line).toBeGreaterThanOrEqual(0);
      const position = originalPositionFor(map, { line: line + 1, column: js[line].search(/\S/) });
      return `${position.source}:${position.line}`;
    };
    // softplus in lib.ts: line 6 is `if (x > 0) return x + Math.log1p(Math.exp(-x));`, line 7 the other return.
    expect(origin(/^\s*exp_neg_x_bar = /)).toBe("../src/lib.ts:6");
    expect(origin(/^\s*exp_x_bar = /)).toBe("../src/lib.ts:7");
  });
});

describe("cotangent/esbuild messages", () => {
  test("unsupported code fails the build, each error at its file, line and column with its code", async () => {
    const project = path.join(fixtures, "unsupported");
    const failure = await bundle(project, "src/bad.ts", [cotangent()]).then(
      () => undefined,
      (error: esbuild.BuildFailure) => error,
    );
    expect(failure).toBeDefined();
    const errors = failure!.errors.map((e) => ({
      text: e.text.split(":")[0],
      at: `${e.location?.file}:${e.location?.line}:${e.location?.column}`,
      line: e.location?.lineText,
      plugin: e.pluginName,
    }));
    expect(errors).toEqual([
      { text: "TS990027", at: "src/bad.ts:8:2", line: "  try {", plugin: "cotangent" },
      { text: "TS990041", at: "src/bad.ts:17:9", line: "  return opaque(x) * x;", plugin: "cotangent" },
    ]);
    expect(failure!.errors[0].text).toContain("Move the 'try' into the caller");
  });

  test("a warning is reported and the build succeeds with working code", async () => {
    const result = await bundle(path.join(fixtures, "warnings"), "src/noisy.ts", [cotangent()]);
    expect(
      result.warnings.map((w) => `${w.location?.file}:${w.location?.line}:${w.location?.column} ${w.text}`),
    ).toEqual([
      "src/noisy.ts:6:21 TS990049: 'Math.random()' is treated as a constant: its derivative is 0. To make that explicit, " +
        "draw the random numbers in the caller and pass them in.",
    ]);
    const [value, slope] = load(result.text).valueAndSlope(1.5) as [number, number];
    // value = a² + a·r and slope = 2a + r with the same r, so slope = value / a + a.
    expect(relativeError(slope, value / 1.5 + 1.5)).toBeLessThan(1e-12);
  });
});

describe("cotangent/esbuild rebuilds", () => {
  const project = path.join(repoRoot, "test", "integration", "out", "esbuild-rebuild");
  const write = (file: string, text: string) => fs.writeFileSync(path.join(project, "src", file), text);

  beforeAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
    fs.mkdirSync(path.join(project, "src"), { recursive: true });
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }));
    write("inner.ts", "export function inner(x: number): number {\n  return Math.sin(x);\n}\n");
    write(
      "main.ts",
      [
        'import { grad } from "cotangent";',
        'import { inner } from "./inner";',
        "// @differentiate",
        "export function f(x: number): number {",
        "  return inner(x) * x;",
        "}",
        "export const df = grad(f);",
        "",
      ].join("\n"),
    );
  });

  test("a rebuild after an edit to an unmarked callee differentiates the new callee", async () => {
    const context = await esbuild.context(inMemory(project, "src/main.ts", [cotangent()]));
    try {
      const x = 0.7;
      const first = load((await context.rebuild()).outputFiles![0].text);
      expect(relativeError(first.df(x), Math.cos(x) * x + Math.sin(x))).toBeLessThan(1e-14);
      write("inner.ts", "export function inner(x: number): number {\n  return Math.exp(2 * x);\n}\n");
      const second = load((await context.rebuild()).outputFiles![0].text);
      expect(relativeError(second.df(x), 2 * Math.exp(2 * x) * x + Math.exp(2 * x))).toBeLessThan(1e-14);
    } finally {
      await context.dispose();
    }
  });
});

test('a .tsx file under "jsx": "preserve" keeps its JSX for esbuild and gets its derivatives', async () => {
  const project = path.join(repoRoot, "test", "integration", "out", "esbuild-tsx");
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(path.join(project, "src"), { recursive: true });
  const config = { compilerOptions: { strict: true, jsx: "preserve", module: "ESNext", moduleResolution: "Bundler" } };
  fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(config));
  fs.writeFileSync(
    path.join(project, "src", "view.tsx"),
    [
      'import { grad } from "cotangent";',
      "// @differentiate",
      "export function cube(x: number): number {",
      "  return x * x * x;",
      "}",
      "export const slope = grad(cube);",
      "declare const React: { createElement(...args: unknown[]): unknown };",
      "export const view = () => <b>{slope(2)}</b>;",
      "",
    ].join("\n"),
  );
  const { text } = await bundle(project, "src/view.tsx", [cotangent()]);
  const m = load(`const React = { createElement: (...parts) => parts };\n${text}`);
  expect(m.slope(2)).toBe(12);
  expect(m.view()).toEqual(["b", null, 12]);
});

test("an ES module build script imports the plugin by name", () => {
  const script = 'import { cotangent } from "cotangent/esbuild"; console.log(typeof cotangent, cotangent().name);';
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("function cotangent\n");
});

test("two entry points that ask one callee for different derivatives, with a tsconfig that lists no files", async () => {
  const project = path.join(repoRoot, "test", "integration", "out", "esbuild-entries");
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(path.join(project, "src"), { recursive: true });
  // A solution-style tsconfig: the Program is built from the files esbuild loads.
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ files: [], compilerOptions: { strict: true } }),
  );
  const write = (file: string, lines: string[]) => fs.writeFileSync(path.join(project, "src", file), lines.join("\n"));
  write("inner.ts", ["export function inner(x: number): number {", "  return Math.sin(x) * x;", "}", ""]);
  write("reverse.ts", [
    'import { grad } from "cotangent";',
    'import { inner } from "./inner";',
    "// @differentiate",
    "export function f(x: number): number {",
    "  return inner(x) * 2;",
    "}",
    "export const df = grad(f);",
    "",
  ]);
  write("forward.ts", [
    'import { jvp } from "cotangent";',
    'import { inner } from "./inner";',
    "// @differentiate",
    "export function h(x: number): number {",
    "  return inner(x) + x;",
    "}",
    "export const dh = (x: number) => jvp(h, [x], [1])[1];",
    "",
  ]);
  const result = await esbuild.build({
    ...inMemory(project, "src/reverse.ts", [cotangent()]),
    entryPoints: [path.join(project, "src", "reverse.ts"), path.join(project, "src", "forward.ts")],
    outdir: path.join(project, "out"),
  });
  const [reverse, forward] = result.outputFiles.map((file) => load(file.text));
  const x = 0.8;
  const dInner = Math.cos(x) * x + Math.sin(x);
  expect(relativeError(reverse.df(x), 2 * dInner)).toBeLessThan(1e-14);
  expect(relativeError(forward.dh(x), dInner + 1)).toBeLessThan(1e-14);
});

test("a CommonJS tsconfig bundled as an ES module: the plugin hands esbuild ES modules, so node: imports still run", async () => {
  const project = path.join(repoRoot, "test", "integration", "out", "esbuild-esm");
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(path.join(project, "src"), { recursive: true });
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "commonjs", strict: true, esModuleInterop: true }, include: ["src"] }),
  );
  fs.writeFileSync(
    path.join(project, "src", "main.ts"),
    [
      'import { grad } from "cotangent";',
      'import { readFileSync } from "node:fs";',
      "// @differentiate",
      "export function f(x: number): number {",
      "  return x * x;",
      "}",
      'console.log(grad(f)(3), readFileSync(__filename.replace(/main\\.mjs$/, "tsconfig.json"), "utf8").length > 0);',
      "",
    ].join("\n"),
  );
  const outfile = path.join(project, "main.mjs");
  await esbuild.build({
    ...inMemory(project, "src/main.ts", [cotangent()]),
    format: "esm",
    write: true,
    outfile,
    banner: { js: 'import { fileURLToPath } from "node:url"; const __filename = fileURLToPath(import.meta.url);' },
    nodePaths: [path.join(repoRoot, "node_modules")],
  });
  const run = spawnSync(process.execPath, [outfile], { cwd: project, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("6 true\n");
});

describe("cotangent/esbuild does no harm", () => {
  // rxjs's TypeScript sources, copied out of node_modules (the plugin leaves node_modules alone), with a marked file
  // in the same project so that the plugin's analysis has real work to do.
  const project = path.join(repoRoot, "test", "integration", "out", "esbuild-rxjs");
  const rxjsSrc = path.join(path.dirname(require.resolve("rxjs/package.json", { paths: [repoRoot] })), "src");

  beforeAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
    fs.cpSync(rxjsSrc, path.join(project, "src"), { recursive: true });
    fs.copyFileSync(path.join(__dirname, "fixtures", "identity", "model.ts"), path.join(project, "src", "model.ts"));
    const config = {
      compilerOptions: { target: "ES2020", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2020", "DOM"] },
      include: ["src"],
    };
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(config));
  });

  test("a bundle of files without annotations is byte for byte the bundle esbuild makes alone", async () => {
    const plain = await bundle(project, "src/index.ts", []);
    const withPlugin = await bundle(project, "src/index.ts", [cotangent()]);
    expect(plain.text.length).toBeGreaterThan(100_000);
    expect(withPlugin.text).toBe(plain.text);
    expect(withPlugin.warnings).toEqual([]);
  });

  test("the marked file of the same project is transformed", async () => {
    const plain = await bundle(project, "src/model.ts", []);
    const withPlugin = await bundle(project, "src/model.ts", [cotangent()]);
    expect(plain.text).not.toContain("cotangent/runtime");
    expect(withPlugin.text).not.toBe(plain.text);
  });
});
