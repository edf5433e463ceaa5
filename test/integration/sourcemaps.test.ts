/**
 * Source maps of generated code: fixtures/sourcemaps is compiled with `sourceMap: true` and the transformer, the
 * emitted .js.map files are decoded with @jridgewell/trace-mapping, and each statement of the generated tangent and
 * adjoint functions must map to the primal line it differentiates, so a debugger stepping through a gradient
 * shows the user's source. Expected lines are found by searching the primal source for the statement's text.
 */
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import cotangentTransformer from "cotangent/transform";

const dir = path.join(__dirname, "fixtures", "sourcemaps");
const outDir = path.join(dir, "out");

interface GeneratedLine {
  /** The line without its indentation. */
  readonly text: string;
  readonly indented: boolean;
  /** 1-based line of the generated .js. */
  readonly line: number;
  /** The primal file and 1-based line its first token maps to, if it is mapped. */
  readonly source?: string;
  readonly sourceLine?: number;
}

/** Emits the fixture in memory; returns each .js file's lines with the position each one maps to. */
function compileWithSourceMaps(): Map<string, GeneratedLine[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    types: [],
    sourceMap: true,
    rootDir: dir,
    outDir,
  };
  const program = ts.createProgram([path.join(dir, "model.ts")], options);
  const diagnostics: ts.Diagnostic[] = [];
  const factory = cotangentTransformer(program, {}, { ts, addDiagnostic: (d) => diagnostics.push(d) });
  const written = new Map<string, string>();
  const result = program.emit(undefined, (name, text) => written.set(name, text), undefined, false, {
    before: [factory],
  });
  expect([...ts.getPreEmitDiagnostics(program), ...diagnostics, ...result.diagnostics]).toEqual([]);
  const files = new Map<string, GeneratedLine[]>();
  for (const [name, text] of written) {
    if (!name.endsWith(".js")) continue;
    const map = new TraceMap(written.get(`${name}.map`) as string, `${name}.map`);
    const lines = text.split("\n").map((line, i): GeneratedLine => {
      const column = line.search(/\S/);
      const original = column < 0 ? undefined : originalPositionFor(map, { line: i + 1, column });
      const at = { text: line.trim(), indented: column > 0, line: i + 1 };
      if (!original?.source) return at;
      return { ...at, source: path.resolve(original.source), sourceLine: original.line };
    });
    files.set(path.basename(name, ".js"), lines);
  }
  return files;
}

/**
 * The statements of generated function `name` that compute something: its lines up to its closing brace, without
 * comments, braces, the declarations of its locals and its final return, which have no primal statement.
 */
function body(lines: readonly GeneratedLine[], name: string): GeneratedLine[] {
  const start = lines.findIndex((l) => l.text.startsWith(`function ${name}(`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !l.indented && l.text === "}");
  return lines.slice(start + 1, end).filter((l) => !/^(\/\/|let |const |return |}|else)/.test(l.text));
}

/** The 1-based line of `text` in a fixture file, which must occur exactly once. */
function primalLine(file: string, text: string): number {
  const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  expect(found).toHaveLength(1);
  return found[0];
}

describe("source maps of generated derivatives", () => {
  const files = compileWithSourceMaps();
  const model = path.join(dir, "model.ts");
  const lib = path.join(dir, "lib.ts");
  const line = {
    sin: primalLine("model.ts", "y = Math.sin(x) * x;"),
    exp: primalLine("model.ts", "const z = Math.exp(y) + softplus(y);"),
    branch: primalLine("model.ts", "if (z > 2) {"),
    log: primalLine("model.ts", "y = Math.log(z) * y;"),
    ret: primalLine("model.ts", "return y / x;"),
    libExp: primalLine("lib.ts", "const e = Math.exp(x);"),
    libLog: primalLine("lib.ts", "return Math.log1p(e);"),
  };

  /** Every generated line containing one of `fragments` maps to `source`:`sourceLine`; at least one exists. */
  function expectMapped(lines: readonly GeneratedLine[], fragments: readonly string[], source: string, at: number) {
    const hits = lines.filter((l) => fragments.some((fragment) => l.text.includes(fragment)));
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits)
      expect({ text: hit.text, source: hit.source, line: hit.sourceLine }).toEqual({
        text: hit.text,
        source,
        line: at,
      });
  }

  test.each(["f_grad", "f_jvp"])("%s: each primal statement's derivative maps to that statement's line", (name) => {
    const lines = body(files.get("model") as GeneratedLine[], name);
    expectMapped(lines, ["Math.sin(x)", "Math.cos(x)", "sin_x_bar", "sin_x_dot"], model, line.sin);
    expectMapped(lines, ["Math.exp(y)", "exp_y_bar", "exp_y_dot", "softplus_"], model, line.exp);
    expectMapped(lines, ["cond = z > 2", "if (cond)", "control.p"], model, line.branch);
    expectMapped(lines, ["Math.log(z)", "log_z_bar", "log_z_dot", "log_z_times_y"], model, line.log);
    expectMapped(lines, ["result = y / x", "result_dot =", "result_bar = 0"], model, line.ret);
  });

  test.each(["softplus_adjoint", "softplus_jvp"])(
    "%s, generated in the callee's file, maps to the callee's lines",
    (name) => {
      const lines = body(files.get("lib") as GeneratedLine[], name);
      expectMapped(lines, ["e = Math.exp(x)", "x_bar =", "x_bar +=", "e_dot ="], lib, line.libExp);
      expectMapped(lines, ["Math.log1p(e)", "e_bar =", "e_bar +=", "result_dot ="], lib, line.libLog);
    },
  );

  test("every derivative statement maps into the primal function it came from", () => {
    const spans = [
      {
        file: "model",
        names: ["f_grad", "f_jvp"],
        source: model,
        from: primalLine("model.ts", "export function f("),
        to: line.ret + 1,
      },
      { file: "lib", names: ["softplus_adjoint", "softplus_jvp"], source: lib, from: 2, to: 5 },
    ];
    for (const { file, names, source, from, to } of spans) {
      for (const name of names) {
        // Derivative statements: adjoint increments and resets, tangent assignments (none in a forward sweep).
        const derivative = body(files.get(file) as GeneratedLine[], name).filter((l) =>
          /^\w+_(bar|dot) [-+]?= /.test(l.text),
        );
        expect(derivative.length).toBeGreaterThanOrEqual(2);
        for (const l of derivative) {
          expect({ text: l.text, source: l.source }).toEqual({ text: l.text, source });
          expect(l.sourceLine).toBeGreaterThanOrEqual(from);
          expect(l.sourceLine).toBeLessThanOrEqual(to);
        }
      }
    }
  });
});
