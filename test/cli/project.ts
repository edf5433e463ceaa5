/**
 * Fixture projects for the CLI tests: written to a fresh temporary folder, with `node_modules/cotangent` linked
 * to this workspace's package (as `npm install cotangent` would provide it), and the real bin script run in them
 * with node, as `npx cotangent` runs it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "../..");
const bin = path.join(repoRoot, "packages", "cotangent", "bin", "cotangent.js");
const tscBin = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TempProject {
  readonly dir: string;
  /** Runs `cotangent ...args` in the project folder (or `cwd` inside it). */
  cotangent(args: readonly string[], cwd?: string): Run;
  /** Runs plain `tsc -p tsconfig.json` (no plugin) in the project folder. */
  tsc(): Run;
  write(file: string, text: string): void;
  read(file: string): string;
  exists(file: string): boolean;
  remove(): void;
}

export const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "node16",
    moduleResolution: "node16",
    rootDir: "src",
    outDir: "out",
    strict: true,
    skipLibCheck: true,
    types: [],
  },
  include: ["src"],
};

function run(command: string, args: readonly string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [command, ...args], { cwd, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempProject(files: Record<string, string>, tsconfig: object | undefined = TSCONFIG): TempProject {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "cotangent-cli-")));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(path.join(repoRoot, "packages", "cotangent"), path.join(dir, "node_modules", "cotangent"), "dir");
  const project: TempProject = {
    dir,
    cotangent: (args, cwd = dir) => run(bin, args, cwd),
    tsc: () => run(tscBin, ["-p", "tsconfig.json"], dir),
    write(file, text) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
    read: (file) => fs.readFileSync(path.join(dir, file), "utf8"),
    exists: (file) => fs.existsSync(path.join(dir, file)),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  if (tsconfig) project.write("tsconfig.json", JSON.stringify(tsconfig, null, 2));
  for (const [name, text] of Object.entries(files)) project.write(name, text);
  return project;
}

/** A small project: a marked function calling a helper in another file, one over an object and arrays. */
export const MODEL_FILES: Record<string, string> = {
  "src/lib.ts": `
export function softplus(z: number): number {
  return Math.log1p(Math.exp(z));
}
`,
  "src/model.ts": `
import { softplus } from "./lib";

export const SCALE = 0.5;

function sq(t: number): number {
  return t * t;
}

/** Loops, a branch, a same-file helper, a cross-file helper and a module constant. */
// @differentiate
export function f(x: number, y: number): number {
  let s = 0;
  for (let i = 1; i <= 3; i++) {
    s += Math.sin(x * i) * y;
    if (s > 1) s = Math.log(s);
  }
  return sq(s) + softplus(x * y) * SCALE;
}

export interface Layer {
  w: Float64Array;
  b: number;
  name: string;
}

/** Squared error of a tanh unit: an object parameter and typed arrays. */
// @differentiate
export function loss(layer: Layer, x: Float64Array, target: number): number {
  let z = layer.b;
  for (let i = 0; i < x.length; i++) z += layer.w[i] * x[i];
  const e = Math.tanh(z) - target;
  return e * e;
}

export const lossSamples: Parameters<typeof loss>[] = [
  [{ w: new Float64Array([0.5, -0.25, 0.1]), b: 0.1, name: "unit" }, new Float64Array([1, 2, -1]), 0.3],
];

/** A vector-valued function: polar to Cartesian, scaled. */
// @differentiate
export function polar(r: number, theta: number): number[] {
  return [r * Math.cos(theta), r * Math.sin(theta), r * r];
}
`,
};
