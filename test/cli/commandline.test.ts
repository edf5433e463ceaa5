/**
 * The command line itself, through the real bin script: help and version, usage errors (exit 2), input errors and
 * compiler diagnostics (exit 1, printed as tsc prints them), and what it says when the project uses TypeScript 7.
 */
import { MODEL_FILES, tempProject, type TempProject } from "./project";

describe("cotangent command line", () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject(MODEL_FILES);
  });
  afterAll(() => p.remove());

  test("--help for the tool and every command, --version", () => {
    const help = p.cotangent(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cotangent <command> \[options\] FILES\.\.\./);
    expect(help.stdout).toMatch(/\n {2}emit {4}Write derivative modules/);
    expect(help.stdout).toMatch(/\n {2}check {3}Run the derivatives/);

    const emit = p.cotangent(["emit", "--help"]);
    expect(emit.status).toBe(0);
    for (const flag of [
      "--out-dir DIR",
      "--mode MODE",
      "--check",
      "--rules FILE",
      "--unroll N",
      "-p, --project PATH",
      "-h, --help",
    ]) {
      expect(emit.stdout).toContain(flag);
    }
    const check = p.cotangent(["check", "-h"]);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain("--tolerance TOL");
    expect(check.stdout).toContain("export const lossSamples: Parameters<typeof loss>[]");

    const version = p.cotangent(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe("cotangent 0.1.0 (parses with TypeScript 6.0.3)\n");
  });

  test.each([
    [
      ["emit", "--chek", "src/model.ts"],
      "error: unknown option '--chek' for 'cotangent emit'. See 'cotangent emit --help'.\n",
    ],
    [
      ["check", "-x", "src/model.ts"],
      "error: unknown option '-x' for 'cotangent check'. See 'cotangent check --help'.\n",
    ],
    [
      ["emit", "--mode", "sideways", "src/model.ts"],
      "error: option '--mode' must be one of forward, reverse, both (got 'sideways'). See 'cotangent emit --help'.\n",
    ],
    [
      ["emit", "--unroll", "0", "src/model.ts"],
      "error: option '--unroll' must be a whole number of at least 1 (got '0'). See 'cotangent emit --help'.\n",
    ],
    [
      ["emit", "src/model.ts", "--out-dir"],
      "error: option '--out-dir' needs a value (DIR). See 'cotangent emit --help'.\n",
    ],
    [["emit"], "error: 'cotangent emit' needs at least one file. See 'cotangent emit --help'.\n"],
    [["differentiate", "src/model.ts"], "error: unknown command 'differentiate'. See 'cotangent --help'.\n"],
  ])("usage error %j exits with 2", (args, message) => {
    const run = p.cotangent(args);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(2);
  });

  test("a missing file exits with 1 and names it", () => {
    const run = p.cotangent(["emit", "src/model.ts", "src/nope.ts"]);
    expect(run.stderr).toBe("error: file not found: src/nope.ts\n");
    expect(run.status).toBe(1);
  });

  test("a syntax error is reported like tsc, and nothing is written", () => {
    p.write("src/broken.ts", "// @differentiate\nexport function f(x: number): number {\n  return x * ;\n}\n");
    const run = p.cotangent(["emit", "src/broken.ts"]);
    expect(run.stderr).toBe("src/broken.ts:3:14 - error TS1109: Expression expected.\n\nFound 1 error.\n");
    expect(run.status).toBe(1);
    expect(p.exists("src/broken.grad.ts")).toBe(false);
  });

  test("a marked function with nothing to differentiate: TS990101", () => {
    p.write(
      "src/label.ts",
      "// @differentiate\nexport function label(on: boolean): number {\n  return on ? 1 : 0;\n}\n",
    );
    const run = p.cotangent(["emit", "src/label.ts"]);
    expect(run.stderr).toContain(
      "src/label.ts:2:17 - error TS990101: 'label' has no parameter to differentiate. Give it a 'number', number array or object parameter, or remove '// @differentiate'.",
    );
    expect(run.status).toBe(1);
    expect(p.exists("src/label.grad.ts")).toBe(false);
  });

  test("Cotangent's diagnostics: file:line:col - error TS990xxx, all of them, exit 1, nothing written", () => {
    p.write(
      "src/bad.ts",
      [
        "declare function opaque(x: number): number;",
        "const K = 3;",
        "// @differentiate",
        "export function guarded(x: number): number {",
        "  try {",
        "    return Math.log(x);",
        "  } catch {",
        "    return 0;",
        "  }",
        "}",
        "// @differentiate",
        "export function usesOpaque(x: number): number {",
        "  return opaque(x) * x;",
        "}",
        "// @differentiate",
        "export function scaled(x: number): number {",
        "  return K * x * x;",
        "}",
        "",
      ].join("\n"),
    );
    const run = p.cotangent(["emit", "src/bad.ts"]);
    expect(run.stderr.split("\n")).toEqual([
      "src/bad.ts:2:7 - error TS990102: 'K' is not exported, but the derivatives of 'scaled' generated into 'bad.grad.ts' use it. Export 'K' from this file.",
      "src/bad.ts:5:3 - error TS990027: Cannot differentiate a 'try' statement: exceptions are not part of a derivative. Move the 'try' into the caller, or test for the failing case with 'if' and return a value.",
      "src/bad.ts:13:10 - error TS990041: Cannot differentiate through 'opaque': it is declared without a body, so its source is not available. Call a function with a body in this program, or move the call out of the differentiated function.",
      "",
      "Found 3 errors.",
      "",
    ]);
    expect(run.status).toBe(1);
    expect(p.exists("src/bad.grad.ts")).toBe(false);
  });

  test("with TypeScript 7 in the project: says what works (emit) and what does not (the transform)", () => {
    const ts7 = tempProject({
      ...MODEL_FILES,
      "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "7.0.2" }),
    });
    try {
      const run = ts7.cotangent(["emit", "src/model.ts"]);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe(
        "note: this project uses TypeScript 7.0.2, which has no transformer API, so the in-compiler transform " +
          "(cotangent/transform with tspc) cannot run in it and marker calls such as grad(f) are not replaced. " +
          "'cotangent emit' works: it parses with its own TypeScript 6.0.3 and writes derivative modules " +
          "(f_jvp, f_vjp) that TypeScript 7 and any bundler compile.\n",
      );
      expect(ts7.exists("src/model.grad.ts")).toBe(true);
    } finally {
      ts7.remove();
    }
  });
});
