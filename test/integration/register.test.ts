/**
 * `node --import cotangent/register app.ts` with the real Node: a fixture project (fixtures/register) whose entry
 * imports differentiated code, a callee in another file and plain TypeScript runs and prints its derivatives;
 * errors stop it before it runs, at file:line:col with their codes; warnings are printed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { relativeError } from "../helpers/check";

const repoRoot = path.resolve(__dirname, "../..");
const e2eFixtures = path.join(repoRoot, "test", "e2e", "fixtures");

/** `node --import cotangent/register <entry>` in `project`. */
function run(project: string, entry: string) {
  const child = spawnSync(process.execPath, ["--import", "cotangent/register", entry], {
    cwd: project,
    encoding: "utf8",
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

test("a TypeScript entry runs with its derivatives, through a callee and plain TypeScript files", () => {
  const { status, stdout, stderr } = run(path.join(__dirname, "fixtures", "register"), "src/main.ts");
  expect(stderr).toBe("");
  expect(status).toBe(0);
  const printed = JSON.parse(stdout) as {
    loss: number;
    value: number;
    gradient: number[];
    tangent: number;
    metres: { x: number; y: number };
  };
  const w = [0.5, -1.25, 2];
  const x = [1.5, 0.75, -0.5];
  const dw = [0.3, -0.7, 1.1];
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  w.forEach((wi, i) => expect(relativeError(printed.gradient[i], x[i] * sigmoid(wi * x[i]))).toBeLessThan(1e-14));
  const dot = printed.gradient.reduce((s, g, i) => s + g * dw[i], 0);
  expect(relativeError(printed.tangent, dot)).toBeLessThan(1e-12);
  expect(printed.value).toBe(printed.loss);
  expect(
    relativeError(
      printed.loss,
      w.reduce((s, wi, i) => s + Math.log1p(Math.exp(wi * x[i])), 0),
    ),
  ).toBeLessThan(1e-14);
  expect(printed.metres).toEqual({ x: 1500, y: 2000 });
});

test("errors stop the program before it runs, at file:line:col with their codes", () => {
  const { status, stdout, stderr } = run(path.join(e2eFixtures, "unsupported"), "src/bad.ts");
  expect(status).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toContain("Cotangent cannot compile src/bad.ts:");
  expect(stderr).toContain("src/bad.ts:8:3 - error TS990027: Cannot differentiate a 'try' statement");
  expect(stderr).toContain("src/bad.ts:17:10 - error TS990041: Cannot differentiate through 'opaque'");
  // The loader thread's stack says nothing about the user's code.
  expect(stderr).not.toContain("hooks.js");
});

test("a warning is printed and the program runs", () => {
  const project = path.join(__dirname, "out", "register-warnings");
  fs.rmSync(project, { recursive: true, force: true });
  fs.cpSync(path.join(e2eFixtures, "warnings"), project, { recursive: true });
  fs.writeFileSync(
    path.join(project, "src", "main.ts"),
    'import { valueAndSlope } from "./noisy.js";\nconsole.log(JSON.stringify(valueAndSlope(1.5)));\n',
  );
  const { status, stdout, stderr } = run(project, "src/main.ts");
  expect(stderr).toBe(
    "src/noisy.ts:6:22 - warning TS990049: 'Math.random()' is treated as a constant: its derivative is 0. To make " +
      "that explicit, draw the random numbers in the caller and pass them in.\n",
  );
  expect(status).toBe(0);
  // value = a² + a·r and slope = 2a + r with the same r, so slope = value / a + a.
  const [value, slope] = JSON.parse(stdout) as [number, number];
  expect(relativeError(slope, value / 1.5 + 1.5)).toBeLessThan(1e-12);
});

test("a syntax error stops the program, as tsc would, instead of running what the parser recovered", () => {
  const project = path.join(__dirname, "out", "register-syntax");
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, "main.ts"), 'const a: number = (1 + ;\nconsole.log("ran", a);\n');
  const { status, stdout, stderr } = run(project, "main.ts");
  expect(status).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toContain("main.ts:1:24 - error TS1109: Expression expected.");
});

test("with an outDir in tsconfig.json, stack traces through source maps name the source files where they are", () => {
  const project = path.join(__dirname, "out", "register-maps");
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(path.join(project, "src"), { recursive: true });
  fs.writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, outDir: "build/js", rootDir: "src" }, include: ["src"] }),
  );
  fs.writeFileSync(
    path.join(project, "src", "boom.ts"),
    [
      'import { grad } from "cotangent";',
      "// @differentiate",
      "export function f(x: number): number {",
      '  if (x > 10) throw new RangeError("too big");',
      "  return x * x;",
      "}",
      "export const df = grad(f);",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(path.join(project, "src", "main.ts"), 'import { df } from "./boom.ts";\ndf(20);\n');
  const child = spawnSync(process.execPath, ["--enable-source-maps", "--import", "cotangent/register", "src/main.ts"], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: path.join(repoRoot, "node_modules") },
  });
  expect(child.stderr).toContain("RangeError: too big");
  expect(child.stderr).toContain(`(${path.join(project, "src", "boom.ts")}:4:`);
});
