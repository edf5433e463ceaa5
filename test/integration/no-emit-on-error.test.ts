/**
 * `noEmitOnError` with errors that only Cotangent reports, through the real `tspc`: a whole-program build
 * (`tspc -p`) and an incremental `tspc -b` with the `checkProgram` entry must write nothing and exit non-zero, and
 * after the fix the incremental build must emit every file, including the ones it skipped and that did not change,
 * and keep re-emitting the files whose derivatives change.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../..");
const tspcBin = path.join(repoRoot, "node_modules", ".bin", process.platform === "win32" ? "tspc.cmd" : "tspc");

function tspc(cwd: string, ...args: string[]) {
  const run = spawnSync(tspcBin, args, { cwd, encoding: "utf8", shell: process.platform === "win32" });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("noEmitOnError when only Cotangent reports errors", () => {
  let temp: string;

  beforeAll(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), "cotangent-no-emit-"));
    // tspc resolves "cotangent/transform" from the project's node_modules.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(temp, "node_modules"), "junction");
  });

  afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

  test("tspc -p --noEmitOnError writes nothing and reports each error once", () => {
    const outDir = path.join(temp, "plain-out");
    const project = path.join(repoRoot, "test", "e2e", "fixtures", "unsupported", "tsconfig.json");
    const { status, output } = tspc(temp, "-p", project, "--noEmitOnError", "--outDir", outDir);
    expect(status).not.toBe(0);
    expect(output.match(/error TS\d+/g)).toEqual(["error TS990027", "error TS990041"]);
    expect(fs.existsSync(outDir)).toBe(false);
  });

  test("tspc -b of an incremental project writes nothing until the error is fixed, then every file", () => {
    const project = path.join(temp, "incremental");
    fs.cpSync(path.join(__dirname, "fixtures", "no-emit-on-error"), project, { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(project, "node_modules"), "junction");
    const out = path.join(project, "out");

    const failed = tspc(project, "-b");
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain("src/model.ts(5,3): error TS990027: Cannot differentiate a 'try' statement");
    expect(fs.existsSync(out)).toBe(false);
    // Nothing changed: the build still has the error and still writes nothing.
    expect(tspc(project, "-b").status).not.toBe(0);
    expect(fs.existsSync(out)).toBe(false);

    const model = path.join(project, "src", "model.ts");
    const source = fs.readFileSync(model, "utf8");
    fs.writeFileSync(model, source.replace(/try \{\n(.*)\n {2}\} catch \{\n.*\n {2}\}/, "$1"));
    const fixed = tspc(project, "-b");
    expect(fixed).toEqual({ status: 0, output: "" });
    expect(fs.readdirSync(out).sort()).toEqual(["model.js", "other.js"]);
    let m: Record<string, any> = {};
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => (m = require(path.join(out, "model.js"))));
    expect(m.df(3)).toBe(6);

    // With this entry too, files are re-emitted when their derivatives change: f now calls cube, whose unchanged
    // file needs cube's derivatives. d/dx (x² + x³) = 2x + 3x².
    const fixedSource = fs.readFileSync(model, "utf8");
    fs.writeFileSync(
      model,
      `import { cube } from "./other";\n${fixedSource.replace("return x * x;", "return x * x + cube(x);")}`,
    );
    expect(tspc(project, "-b")).toEqual({ status: 0, output: "" });
    const copy = path.join(project, "out-copy");
    // jest caches modules by path, so the rebuilt output is loaded from a copy.
    fs.cpSync(out, copy, { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => (m = require(path.join(copy, "model.js"))));
    expect(m.df(3)).toBe(33);
  });
});
