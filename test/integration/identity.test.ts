/**
 * "Do no harm" on a real code base: the TypeScript sources of rxjs (about 250 files, shipped in its npm tarball
 * under src/) are compiled twice with the TypeScript API, once plainly and once with the Cotangent transformer as
 * tspc runs it, and every emitted file (.js, .js.map, .d.ts, .d.ts.map) must be byte-for-byte the same. A small
 * marked file in the same program makes the transformer do real work, so the comparison is not vacuous.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import cotangentTransformer from "cotangent/transform";

const repoRoot = path.resolve(__dirname, "../..");
const rxjsSrc = path.join(path.dirname(require.resolve("rxjs/package.json", { paths: [repoRoot] })), "src");
const marked = path.join(__dirname, "fixtures", "identity", "model.ts");
const outDir = path.join(repoRoot, "test", ".virtual-out");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  lib: ["lib.es2020.d.ts", "lib.dom.d.ts"],
  strict: true,
  skipLibCheck: true,
  types: [],
  declaration: true,
  declarationMap: true,
  sourceMap: true,
  rootDir: repoRoot,
  outDir,
};

/** Emits the program in memory; returns every written file by its path relative to outDir. */
function emit(program: ts.Program, transformers: ts.CustomTransformers): Map<string, string> {
  const written = new Map<string, string>();
  const result = program.emit(
    undefined,
    (name, text) => written.set(path.relative(outDir, name), text),
    undefined,
    false,
    transformers,
  );
  expect(result.emitSkipped).toBe(false);
  return written;
}

describe("rxjs compiled with and without the transformer", () => {
  const library = tsFiles(rxjsSrc);
  const rootNames = [...library, marked];
  let plain: Map<string, string>;
  let transformed: Map<string, string>;
  const visited = new Set<string>();
  const added: ts.Diagnostic[] = [];

  beforeAll(() => {
    const host = ts.createCompilerHost(options);
    // One program per configuration: nothing the transformer computes (checker caches included) is shared.
    plain = emit(ts.createProgram(rootNames, options, host), {});
    const program = ts.createProgram(rootNames, options, host);
    const factory = cotangentTransformer(program, {}, { ts, addDiagnostic: (d) => added.push(d) });
    const counting: ts.TransformerFactory<ts.SourceFile> = (context) => {
      const transform = factory(context);
      return (file) => {
        visited.add(file.fileName);
        return transform(file);
      };
    };
    transformed = emit(program, { before: [counting] });
  });

  test("the library is large and the transformer sees every file", () => {
    expect(library.length).toBeGreaterThan(200);
    expect(added).toEqual([]);
    for (const file of rootNames) expect(visited).toContain(file.split(path.sep).join("/"));
  });

  test("the marked file is rewritten, so the transformer was active", () => {
    const name = path.relative(repoRoot, marked).replace(/\.ts$/, ".js");
    expect(plain.get(name)).toBeDefined();
    expect(transformed.get(name)).not.toBe(plain.get(name));
    expect(transformed.get(name)).toMatch(/function energy_grad\(/);
  });

  test("every other emitted file (.js, .js.map, .d.ts, .d.ts.map) is byte-for-byte the same", () => {
    const markedPrefix = path.relative(repoRoot, marked).replace(/\.ts$/, ".");
    const names = [...plain.keys()].filter((name) => !name.startsWith(markedPrefix));
    expect([...transformed.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const ext of [".js", ".js.map", ".d.ts", ".d.ts.map"]) {
      expect(names.filter((n) => n.endsWith(ext)).length).toBeGreaterThanOrEqual(library.length);
    }
    const differing = names.filter((name) => transformed.get(name) !== plain.get(name));
    expect(differing).toEqual([]);
  });
});
