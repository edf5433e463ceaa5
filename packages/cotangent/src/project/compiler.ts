/**
 * Files compiled one at a time with Cotangent, for tools that hand us files one by one (the esbuild plugin). A
 * Program of the project (its tsconfig.json's files, plus each file asked for) is built and analysed once, as tspc
 * does for a build, because a derivative requested in one file is generated in its callee's file; each file is then
 * emitted on request with Cotangent's transformer. A file Cotangent leaves unchanged is reported as such, so that the
 * tool compiles it exactly as it would without Cotangent.
 */
import * as path from "path";
import type * as TS from "typescript";
import { createCotangentProgram, type CotangentOptions, type CotangentProgram } from "@cotangent/core";
import { findConfig, readConfig, toPosix, type Ts } from "./tsconfig";

export interface ProjectCompilerOptions extends CotangentOptions {
  /** tsconfig.json (or its folder), relative to `cwd`. Default: the nearest one above `cwd`, as tsc finds it. */
  readonly tsconfig?: string;
  readonly cwd: string;
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
}

export class ProjectCompiler {
  private readonly options: TS.CompilerOptions;
  private readonly roots: Set<string>;
  private readonly cotangentOptions: CotangentOptions;
  private analysis: Analysis | undefined;
  private previous: TS.Program | undefined;

  constructor(
    private readonly ts: Ts,
    options: ProjectCompilerOptions,
  ) {
    const configPath = findConfig(ts, options.tsconfig, options.cwd);
    const parsed = configPath ? readConfig(ts, configPath) : undefined;
    this.options = emitOptions(ts, parsed?.options ?? {});
    this.roots = new Set(parsed?.fileNames.map(toPosix) ?? []);
    // The tsconfig's `cotangent/transform` entry, if any, configures Cotangent as it does for tspc.
    const plugin = ((parsed?.options.plugins as readonly unknown[] | undefined) ?? []).find(isCotangentEntry);
    const { runtimeSpecifier, unroll } = { ...(plugin as CotangentOptions | undefined), ...options };
    this.cotangentOptions = { runtimeSpecifier, unroll, rules: options.rules };
  }

  /** Forgets the analysis, so that the next file compiled sees the files as they are now on disk (rebuilds, watch). */
  invalidate(): void {
    this.previous = this.analysis?.program ?? this.previous;
    this.analysis = undefined;
  }

  compile(fileName: string): CompiledFile {
    const file = toPosix(path.resolve(fileName));
    if (!this.roots.has(file)) {
      this.roots.add(file);
      this.invalidate();
    }
    const { program, cotangent, edited } = this.analyse();
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`cotangent: TypeScript did not load ${fileName}`);
    const reported = cotangent.diagnostics.length;
    let code: string | undefined;
    if (edited.has(source)) {
      program.emit(
        source,
        (name, text) => {
          if (/\.[cm]?js$/.test(name)) code = text;
        },
        undefined,
        false,
        { before: [(context) => (f) => cotangent.transformSourceFile(context, f)] },
      );
    }
    // An internal error met while emitting is appended to the program's diagnostics; it belongs to this file too.
    const diagnostics = cotangent.diagnostics.filter((d, k) => d.file === source || k >= reported);
    return { code, diagnostics };
  }

  private analyse(): Analysis {
    if (!this.analysis) {
      const program = this.ts.createProgram({
        rootNames: [...this.roots],
        options: this.options,
        oldProgram: this.previous,
      });
      const cotangent = createCotangentProgram(this.ts, program, this.cotangentOptions);
      this.analysis = { program, cotangent, edited: new Set(cotangent.editedFiles) };
    }
    return this.analysis;
  }
}

/** The project's options, emitting one JavaScript file with its map inline, whatever the project's build writes. */
function emitOptions(ts: Ts, options: TS.CompilerOptions): TS.CompilerOptions {
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
    module: options.module ?? ts.ModuleKind.ESNext,
  };
}

function isCotangentEntry(entry: unknown): boolean {
  return (
    typeof entry === "object" &&
    entry !== null &&
    (entry as { transform?: unknown }).transform === "cotangent/transform"
  );
}
