/**
 * Files compiled one at a time with Cotangent, for the tools that hand us files one by one: the esbuild plugin, the
 * Jest transformer and Node's module hooks. A Program of the project (its tsconfig.json's files, plus each file asked
 * for) is built and analysed once, as tspc does for a build, because a derivative requested in one file is generated
 * in its callee's file; each file is then emitted on request with Cotangent's transformer. A file Cotangent leaves
 * unchanged is reported as such, so that the tool can compile it exactly as it would without Cotangent.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { createCotangentProgram, type CotangentOptions, type CotangentProgram } from "@cotangent/core";
import { findConfig, readConfig, toPosix, type Ts } from "./tsconfig";

export interface ProjectCompilerOptions extends CotangentOptions {
  /** tsconfig.json (or its folder), relative to `cwd`. Default: the nearest one above `cwd`, as tsc finds it. */
  readonly tsconfig?: string;
  readonly cwd: string;
  /** The module format to emit instead of the project's (Jest runs CommonJS). */
  readonly module?: TS.ModuleKind;
  /**
   * Files the tool will load first (a bundle's entry points), relative to `cwd`. They join the tsconfig's files in the
   * first Program, so that every derivative their import graphs ask for is known before any of their files is
   * emitted, even when the tsconfig lists none of them.
   */
  readonly entries?: readonly string[];
}

export interface CompiledFile {
  /** JavaScript with an inline source map; undefined when Cotangent changes nothing in the file. */
  readonly code: string | undefined;
  /** Cotangent's diagnostics located in the file (errors and warnings). */
  readonly diagnostics: readonly TS.Diagnostic[];
}

interface Analysis {
  readonly program: TS.Program;
  readonly cotangent: CotangentProgram;
  readonly edited: ReadonlySet<TS.SourceFile>;
  /** The project's own files the Program read (not declarations, not packages). */
  readonly sources: readonly string[];
}

export class ProjectCompiler {
  private readonly options: TS.CompilerOptions;
  private readonly roots: Set<string>;
  private readonly configPath: string | undefined;
  private readonly cotangentOptions: CotangentOptions;
  private readonly host: TS.CompilerHost;
  private analysis: Analysis | undefined;
  private previous: TS.Program | undefined;

  constructor(
    private readonly ts: Ts,
    options: ProjectCompilerOptions,
  ) {
    const configPath = findConfig(ts, options.tsconfig, options.cwd);
    this.configPath = configPath;
    const parsed = configPath ? readConfig(ts, configPath) : undefined;
    this.options = emitOptions(ts, parsed?.options ?? {}, options.module);
    const entries = (options.entries ?? []).map((f) => toPosix(path.resolve(options.cwd, f)));
    this.roots = new Set([...(parsed?.fileNames.map(toPosix) ?? []), ...entries]);
    // The tsconfig's `cotangent/transform` entry, if any, configures Cotangent as it does for tspc.
    const plugin = ((parsed?.options.plugins as readonly unknown[] | undefined) ?? []).find(isCotangentEntry);
    const { runtimeSpecifier, unroll, replay } = { ...(plugin as CotangentOptions | undefined), ...options };
    this.cotangentOptions = { runtimeSpecifier, unroll, replay, rules: options.rules };
    this.host = cachingHost(ts, this.options);
  }

  /** Forgets the analysis, so that the next file compiled sees the files as they are now on disk (rebuilds, watch). */
  invalidate(): void {
    this.previous = this.analysis?.program ?? this.previous;
    this.analysis = undefined;
  }

  compile(fileName: string): CompiledFile {
    const { program, cotangent, edited } = this.analyse(fileName);
    const source = sourceFileOf(program, fileName);
    const reported = cotangent.diagnostics.length;
    const code = edited.has(source)
      ? emit(program, source, { before: [(context) => (f) => cotangent.transformSourceFile(context, f)] })
      : undefined;
    // An internal error met while emitting is appended to the program's diagnostics; it belongs to this file too, as
    // does one of the whole program (an invalid option).
    const diagnostics = cotangent.diagnostics.filter((d, k) => d.file === source || !d.file || k >= reported);
    return { code, diagnostics };
  }

  /**
   * For tools that get every TypeScript file from us (Jest, Node's hooks): the file's JavaScript whether or not
   * Cotangent changes it (unchanged files as tsc emits them), and TypeScript's syntax errors with Cotangent's
   * diagnostics, since tsc would stop on them rather than run what its parser recovered.
   */
  compileAlways(fileName: string): { readonly code: string; readonly diagnostics: readonly TS.Diagnostic[] } {
    const { code, diagnostics } = this.compile(fileName);
    const { program } = this.analyse(fileName);
    const source = sourceFileOf(program, fileName);
    return {
      code: code ?? emit(program, source),
      diagnostics: [...program.getSyntacticDiagnostics(source), ...diagnostics],
    };
  }

  /**
   * Changes whenever a file of the project changes on disk: tsconfig.json, its files, the files compiled so far and
   * the files the Program read (the callees they import), by size and modification time. Analyses the project first if
   * it has not been analysed since the last `invalidate`, so that the same files are always covered.
   */
  fingerprint(): string {
    const files = new Set([...(this.configPath ? [this.configPath] : []), ...this.roots, ...this.analyse().sources]);
    return [...files].map((f) => `${f}:${stamp(f)}`).join("\n");
  }

  /** The analysis of the project with `fileName` (if given) in it, made again after `invalidate`. */
  private analyse(fileName?: string): Analysis {
    const file = fileName === undefined ? undefined : toPosix(path.resolve(fileName));
    if (file !== undefined && !this.roots.has(file)) {
      this.roots.add(file);
      this.invalidate();
    }
    if (!this.analysis) {
      const program = this.ts.createProgram({
        rootNames: [...this.roots],
        options: this.options,
        host: this.host,
        oldProgram: this.previous,
      });
      const cotangent = createCotangentProgram(this.ts, program, this.cotangentOptions);
      const sources = program
        .getSourceFiles()
        .filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f))
        .map((f) => f.fileName);
      this.analysis = { program, cotangent, edited: new Set(cotangent.editedFiles), sources };
    }
    return this.analysis;
  }
}

function sourceFileOf(program: TS.Program, fileName: string): TS.SourceFile {
  const source = program.getSourceFile(toPosix(path.resolve(fileName)));
  if (!source) throw new Error(`cotangent: TypeScript did not load ${fileName}`);
  return source;
}

/**
 * The JavaScript TypeScript emits for `source` (with its map inline, see emitOptions): a `.jsx` file for a `.tsx`
 * source under `"jsx": "preserve"`.
 */
function emit(program: TS.Program, source: TS.SourceFile, transformers?: TS.CustomTransformers): string {
  let code: string | undefined;
  program.emit(
    source,
    (name, text) => {
      if (/\.[cm]?jsx?$/.test(name)) code = text;
    },
    undefined,
    false,
    transformers,
  );
  if (code === undefined) throw new Error(`cotangent: TypeScript emitted no JavaScript for ${source.fileName}`);
  return code;
}

/**
 * A compiler host that parses a file again only when its size or modification time changed, so that a rebuild
 * re-reads the edited files, not the standard library and every declaration file.
 */
function cachingHost(ts: Ts, options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  const parsed = new Map<string, { readonly stamp: string; readonly file: TS.SourceFile }>();
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreateNewSourceFile) => {
    const current = stamp(fileName);
    const cached = parsed.get(fileName);
    if (cached?.stamp === current && !shouldCreateNewSourceFile) return cached.file;
    const file = parse(fileName, languageVersion, onError, shouldCreateNewSourceFile);
    if (file) parsed.set(fileName, { stamp: current, file });
    return file;
  };
  return host;
}

function stamp(file: string): string {
  try {
    const { size, mtimeMs } = fs.statSync(file);
    return `${size}:${mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** The project's options, emitting one JavaScript file with its map inline, whatever the project's build writes. */
function emitOptions(ts: Ts, options: TS.CompilerOptions, module: TS.ModuleKind | undefined): TS.CompilerOptions {
  // Node16 and NodeNext resolution follow the module format that `module` names; for another format (ES modules for
  // Node's loader, CommonJS for Jest) TypeScript no longer resolves packages such as `cotangent` under them, so the
  // files are resolved as a bundler resolves them (which also maps `./lib.js` to lib.ts).
  const nodeResolution =
    options.moduleResolution === ts.ModuleResolutionKind.Node16 ||
    options.moduleResolution === ts.ModuleResolutionKind.NodeNext;
  const moduleResolution =
    module !== undefined && module !== options.module && nodeResolution
      ? ts.ModuleResolutionKind.Bundler
      : options.moduleResolution;
  return {
    ...options,
    noEmit: false,
    noEmitOnError: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    composite: false,
    incremental: false,
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: true,
    // The map's paths are relative to the output file, which the tools that run it (Jest, Node's hooks, esbuild)
    // take to sit beside its source: so it is emitted there, not under the build's outDir.
    outDir: undefined,
    outFile: undefined,
    sourceRoot: undefined,
    mapRoot: undefined,
    module: module ?? options.module ?? ts.ModuleKind.ESNext,
    moduleResolution,
  };
}

function isCotangentEntry(entry: unknown): boolean {
  return (
    typeof entry === "object" &&
    entry !== null &&
    (entry as { transform?: unknown }).transform === "cotangent/transform"
  );
}
