/**
 * Test harness: compiles in-memory TypeScript files with the Cotangent transformer (the same factory tspc runs),
 * and loads the CommonJS output in memory. Imports of "cotangent" and "cotangent/runtime" resolve to the real
 * packages of this workspace, so tests exercise exactly what users get.
 */
import * as ts from "typescript";
import * as path from "path";
import cotangentTransformer, { type CotangentPluginConfig } from "cotangent/transform";

export interface CompileResult {
  /** Emitted JavaScript by source file name (e.g. "main.ts" → its .js text). */
  readonly js: Record<string, string>;
  /** Cotangent's errors plus TypeScript's, rendered as `file:line:col - error TSxxxx: text`. */
  readonly diagnostics: readonly string[];
  /** Cotangent's warnings (tspc prints them without failing the build), rendered as `… - warning TSxxxx: text`. */
  readonly warnings: readonly string[];
  /** Every diagnostic, errors and warnings. */
  readonly raw: readonly ts.Diagnostic[];
  /** Loads a compiled module's exports. */
  load(fileName: string): Record<string, any>;
}

const repoRoot = path.resolve(__dirname, "../..");
/** Virtual files live under the repository so that node_modules lookups find the workspace packages. */
const ROOT = path.join(repoRoot, "test", ".virtual").split(path.sep).join("/");

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2022.d.ts"],
};

/** `dir` and every folder above it, up to the file system's root. */
function ancestors(dir: string): string[] {
  const dirs: string[] = [];
  for (let d = dir; !dirs.includes(d); d = path.posix.dirname(d)) dirs.push(d);
  return dirs;
}

/**
 * Library and package declaration files parsed once per Jest worker: parsing lib.es2022.d.ts and the workspace's
 * .d.ts files dominated every compile. A parsed SourceFile is shared between programs the way TypeScript's
 * DocumentRegistry shares them in an editor; the virtual files are parsed afresh each time.
 */
const sharedSourceFiles = new Map<string, ts.SourceFile | undefined>();

function createHost(files: Record<string, string>, opts: ts.CompilerOptions) {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.posix.join(ROOT, name), text]));
  const host = ts.createCompilerHost(opts, true);
  const realFileExists = host.fileExists.bind(host);
  const realReadFile = host.readFile.bind(host);
  const realGetSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => virtual.has(f) || (!f.startsWith(ROOT) && realFileExists(f));
  host.readFile = (f) => virtual.get(f) ?? realReadFile(f);
  host.getSourceFile = (f, lang) => {
    const text = virtual.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
    const key = `${f}|${JSON.stringify(lang)}`;
    if (!sharedSourceFiles.has(key)) sharedSourceFiles.set(key, realGetSourceFile(f, lang));
    return sharedSourceFiles.get(key);
  };
  // Module resolution skips a folder that does not exist, so the virtual files' folders must appear to exist.
  const virtualDirs = new Set([...virtual.keys()].flatMap((f) => ancestors(path.posix.dirname(f))));
  const realDirectoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => virtualDirs.has(d.replace(/\/+$/, "")) || (realDirectoryExists?.(d) ?? false);
  host.getCurrentDirectory = () => ROOT;
  return { host, virtual };
}

/**
 * The transformed TypeScript of each file (markers replaced, derivatives inserted), printed as source: what the
 * golden files pin, and what the CLI writes.
 */
export function printTransformed(
  files: Record<string, string>,
  options: ts.CompilerOptions = {},
): {
  text: Record<string, string>;
  diagnostics: string[];
} {
  const opts = { ...compilerOptions, ...options };
  const { host, virtual } = createHost(files, opts);
  const program = ts.createProgram([...virtual.keys()], opts, host);
  const added: ts.Diagnostic[] = [];
  const factory = cotangentTransformer(
    program,
    { warnings: "diagnostics" },
    { ts, addDiagnostic: (d) => added.push(d) },
  );
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const text: Record<string, string> = {};
  for (const name of virtual.keys()) {
    const file = program.getSourceFile(name) as ts.SourceFile;
    const result = ts.transform(file, [factory], opts);
    text[path.posix.relative(ROOT, name)] = printer.printFile(result.transformed[0]);
    result.dispose();
  }
  const errors = added.filter((d) => d.category === ts.DiagnosticCategory.Error);
  return { text, diagnostics: errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")) };
}

/** Harness switches, separate from the TypeScript options. */
export interface HarnessOptions {
  /** Run the Cotangent transformer (default true); false gives a plain tsc emit to compare output against. */
  readonly transform?: boolean;
  /** The transformer's tsconfig plugin entry (rules, runtime specifier); warnings always come back as diagnostics. */
  readonly plugin?: CotangentPluginConfig;
}

export function compile(
  files: Record<string, string>,
  options: ts.CompilerOptions = {},
  harness: HarnessOptions = {},
): CompileResult {
  const opts = { ...compilerOptions, ...options };
  const { host, virtual } = createHost(files, opts);
  const js: Record<string, string> = {};
  host.writeFile = (f, text) => {
    if (f.endsWith(".js")) js[path.posix.relative(ROOT, f).replace(/\.js$/, ".ts")] = text;
  };
  const program = ts.createProgram([...virtual.keys()], { ...opts, rootDir: ROOT, outDir: ROOT }, host);
  const added: ts.Diagnostic[] = [];
  const transformers: ts.CustomTransformers =
    harness.transform === false
      ? {}
      : {
          before: [
            cotangentTransformer(
              program,
              { ...harness.plugin, warnings: "diagnostics" },
              { ts, addDiagnostic: (d) => added.push(d) },
            ),
          ],
        };
  const emitResult = program.emit(undefined, undefined, undefined, false, transformers);
  const raw = [
    ...ts.getPreEmitDiagnostics(program),
    ...added,
    ...emitResult.diagnostics.filter((d) => !added.includes(d)),
  ];
  const render = (d: ts.Diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.posix.relative(ROOT, d.file.fileName)}:${line + 1}:${character + 1} - ${ts.DiagnosticCategory[d.category].toLowerCase()} TS${d.code}: ${text}`;
  };
  const isWarning = (d: ts.Diagnostic) => d.category === ts.DiagnosticCategory.Warning;
  const diagnostics = raw.filter((d) => !isWarning(d)).map(render);
  const warnings = raw.filter(isWarning).map(render);
  const cache = new Map<string, Record<string, any>>();
  const load = (fileName: string): Record<string, any> => {
    const key = fileName.replace(/\.ts$/, "") + ".ts";
    const cached = cache.get(key);
    if (cached) return cached;
    const code = js[key];
    if (code === undefined) throw new Error(`no output for ${fileName}; diagnostics:\n${diagnostics.join("\n")}`);
    const module = { exports: {} as Record<string, any> };
    cache.set(key, module.exports);
    const localRequire = (spec: string) => {
      if (spec.startsWith(".")) return load(path.posix.join(path.posix.dirname(key), spec).replace(/\.js$/, ""));
      // Bare specifiers ("cotangent/runtime") load the workspace's real packages.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(require.resolve(spec, { paths: [repoRoot] }));
    };
    new Function("require", "module", "exports", code)(localRequire, module, module.exports);
    cache.set(key, module.exports);
    return module.exports;
  };
  return { js, diagnostics, warnings, raw, load };
}

/** The text of `name`'s generated vjp (from `valueAndGrad(name, argnums)`), without its comment lines. */
export function vjpOf(source: string, name: string, argnums = "[0]"): string {
  const text = printTransformed({
    "main.ts": `${source}\nimport { valueAndGrad } from "cotangent";\nexport const g = valueAndGrad(${name}, ${argnums});`,
  }).text["main.ts"];
  return text
    .split(`function ${name}_vjp`)[1]
    .split("\n}\n")[0]
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
}

/** Where each of Cotangent's own diagnostics is and its code ('7:23 990118'), in order: TypeScript's left out. */
export function cotangentCodes(diagnostics: readonly string[]): string[] {
  return diagnostics.flatMap((d) => {
    const found = /:(\d+:\d+) - (?:error|warning) TS(99\d{4}):/.exec(d);
    return found ? [`${found[1]} ${found[2]}`] : [];
  });
}
