/**
 * `cotangent/jest` with the real Jest: a user's project (fixtures/jest) whose tests import differentiated code runs
 * in a Jest process of its own; errors fail the test file that imports them, warnings are printed; Jest's cache is
 * keyed on the whole project, because a file's output depends on what other files ask of it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { stripVTControlCharacters } from "util";

const repoRoot = path.resolve(__dirname, "../..");
const fixture = path.join(__dirname, "fixtures", "jest");
const jestBin = path.join(repoRoot, "node_modules", "jest", "bin", "jest.js");

/** Runs Jest on `project` with its jest.config.cjs and the given cache folder; returns its exit code and output. */
function jest(project: string, cacheDirectory: string) {
  const run = spawnSync(
    process.execPath,
    [
      jestBin,
      "--config",
      path.join(project, "jest.config.cjs"),
      "--rootDir",
      project,
      "--cacheDirectory",
      cacheDirectory,
    ],
    { cwd: project, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
  );
  return { status: run.status, output: stripVTControlCharacters(`${run.stdout}${run.stderr}`) };
}

/** A fresh copy of the fixture under test/integration/out/, with `files` added or replaced. */
function copyOfFixture(name: string, files: Record<string, string> = {}): string {
  const project = path.join(__dirname, "out", name);
  fs.rmSync(project, { recursive: true, force: true });
  fs.cpSync(fixture, project, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(project, file), text);
  return project;
}

const unsupported = path.join(repoRoot, "test", "e2e", "fixtures", "unsupported", "src", "bad.ts");
const noisy = path.join(repoRoot, "test", "e2e", "fixtures", "warnings", "src", "noisy.ts");

test("a project's tests run on the generated derivatives, through a callee in another file", () => {
  const { status, output } = jest(fixture, path.join(__dirname, "out", "jest-cache-fixture"));
  expect(output).toContain("Tests:       1 passed, 1 total");
  expect(status).toBe(0);
});

test("an error fails the test file that imports it, at file:line:col with its code (syntax errors too); a warning is printed", () => {
  const project = copyOfFixture("jest-messages", {
    "src/bad.ts": fs.readFileSync(unsupported, "utf8"),
    "src/bad.test.ts": 'import { dGuarded } from "./bad";\ntest("loads", () => expect(dGuarded).toBeDefined());\n',
    "src/broken.ts": "export const a: number = (1 + ;\n",
    "src/broken.test.ts": 'import { a } from "./broken";\ntest("loads", () => expect(a).toBe(1));\n',
    "src/noisy.ts": fs.readFileSync(noisy, "utf8"),
    "src/noisy.test.ts": [
      'import { valueAndSlope } from "./noisy";',
      "// value = a² + a·r and slope = 2a + r with the same r, so slope = value / a + a.",
      'test("slope", () => {',
      "  const [value, slope] = valueAndSlope(1.5);",
      "  expect(slope).toBeCloseTo(value / 1.5 + 1.5, 12);",
      "});",
      "",
    ].join("\n"),
  });
  const { status, output } = jest(project, path.join(project, ".cache"));
  expect(status).toBe(1);
  expect(output).toContain("src/bad.ts:8:3 - error TS990027: Cannot differentiate a 'try' statement");
  expect(output).toContain("src/bad.ts:17:10 - error TS990041: Cannot differentiate through 'opaque'");
  expect(output).toContain("src/noisy.ts:6:22 - warning TS990049: 'Math.random()' is treated as a constant");
  expect(output).toContain("src/broken.ts:1:31 - error TS1109: Expression expected.");
  expect(output).toMatch(/FAIL src\/broken\.test\.ts/);
  // The other test files still run and pass.
  expect(output).toContain("Tests:       2 passed, 2 total");
  expect(output).toMatch(/FAIL src\/bad\.test\.ts/);
});

test("a cached file is compiled again when another file asks it for a new derivative", () => {
  const project = copyOfFixture("jest-cache");
  const cache = path.join(project, ".cache");
  expect(jest(project, cache).status).toBe(0);
  // lib.ts does not change, but model.ts now needs softplus's tangent, which lib.ts's first output lacks.
  const model = path.join(project, "src", "model.ts");
  fs.writeFileSync(
    model,
    fs
      .readFileSync(model, "utf8")
      .replace('import { grad } from "cotangent";', 'import { grad, jvp } from "cotangent";') +
      "export const lossJvp = (w: number[], x: number[], dw: number[]) => jvp(loss, [w, x], [dw, x.map(() => 0)]);\n",
  );
  fs.writeFileSync(
    path.join(project, "src", "tangent.test.ts"),
    [
      'import { lossGrad, lossJvp } from "./model";',
      'test("forward and reverse agree (dot product)", () => {',
      "  const w = [0.5, -1.25, 2];",
      "  const x = [1.5, 0.75, -0.5];",
      "  const dw = [0.3, -0.7, 1.1];",
      "  const [, tangent] = lossJvp(w, x, dw);",
      "  const dot = lossGrad(w, x).reduce((s, g, i) => s + g * dw[i], 0);",
      "  expect(Math.abs(tangent - dot) / Math.abs(dot)).toBeLessThan(1e-12);",
      "});",
      "",
    ].join("\n"),
  );
  const second = jest(project, cache);
  expect(second.output).toContain("Tests:       2 passed, 2 total");
  expect(second.status).toBe(0);
});

test("test files outside the tsconfig's include asking one module for different derivatives: each gets its own", () => {
  // Jest transforms lib.ts once per worker, for whichever test loads it first: both tests must find theirs in it.
  const test = (name: string, fn: string) =>
    [
      'import { grad } from "cotangent";',
      `import { ${fn} } from "../src/lib";`,
      "// @differentiate",
      `function ${name}(x: number): number { return ${fn}(x) * 2; }`,
      `test("${name}", () => {`,
      "  const h = 1e-6;",
      `  const fd = (${name}(0.5 + h) - ${name}(0.5 - h)) / (2 * h);`,
      `  expect(Math.abs(grad(${name})(0.5) - fd)).toBeLessThan(1e-7);`,
      "});",
      "",
    ].join("\n");
  const project = copyOfFixture("jest-roots", {
    "src/lib.ts": [
      "export function f1(x: number): number { return Math.sin(x) * x; }",
      "export function f2(x: number): number { return Math.exp(x) / (1 + x * x); }",
      "",
    ].join("\n"),
  });
  fs.rmSync(path.join(project, "src", "model.test.ts"));
  fs.mkdirSync(path.join(project, "test"));
  fs.writeFileSync(path.join(project, "test", "a.test.ts"), test("a", "f1"));
  fs.writeFileSync(path.join(project, "test", "b.test.ts"), test("b", "f2"));
  const run = spawnSync(
    process.execPath,
    [jestBin, "--config", path.join(project, "jest.config.cjs"), "--rootDir", project, "--runInBand", "--no-cache"],
    { cwd: project, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
  );
  const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
  expect(output).toContain("Tests:       2 passed, 2 total");
  expect(run.status).toBe(0);
});
