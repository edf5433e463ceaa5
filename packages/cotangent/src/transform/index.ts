/**
 * The ts-patch transformer: `{ "transform": "cotangent/transform" }` in tsconfig `plugins`, built with `tspc`.
 * Errors go through ts-patch's `addDiagnostic`, so tspc prints them like type errors and exits non-zero. tsc exits
 * non-zero on any diagnostic it is given, warnings included, so warnings are printed here in tsc's format instead
 * (a warning must not fail the build), unless the config asks for them as diagnostics.
 */
import type * as TS from "typescript";
import { createCotangentProgram, type CotangentOptions, type CotangentProgram } from "@cotangent/core";
import { blockEmitOnErrors, isIncremental, reemit } from "./build";

/** ts-patch's program-transformer extras (the subset we use). */
interface TransformerExtras {
  readonly ts: typeof TS;
  addDiagnostic(diagnostic: TS.Diagnostic): number;
}

export interface CotangentPluginConfig extends CotangentOptions {
  readonly transform?: string;
  /**
   * "print" (default): warnings are written to the console in tsc's format and do not fail the build.
   * "diagnostics": warnings go through `addDiagnostic` like errors (tspc then exits non-zero on a warning).
   */
  readonly warnings?: "print" | "diagnostics";
}

/**
 * The analysis of one program, how many of its diagnostics were handed to ts-patch, and whether the first
 * transformer created for it has done the build-mode work (the `checkProgram` entry may create the session first).
 */
interface Session {
  readonly cotangent: CotangentProgram;
  reported: number;
  prepared: boolean;
}

/**
 * ts-patch creates the transformer for every `program.emit`, and a builder (`tsc -b`, `--watch`) emits file by file,
 * so the program-wide analysis is kept per program instead of being redone for each file.
 */
const sessions = new WeakMap<TS.Program, Session>();

/** The session of `program`, created on first use. */
function sessionOf(ts: typeof TS, program: TS.Program, config: CotangentPluginConfig): Session {
  let session = sessions.get(program);
  if (!session) {
    session = { cotangent: createCotangentProgram(ts, program, config), reported: 0, prepared: false };
    sessions.set(program, session);
  }
  return session;
}

/** The `ts` module ts-patch runs, else this package's peer dependency; refuses TypeScript 7. */
function typescriptOf(extras: { readonly ts: typeof TS } | undefined): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = extras?.ts ?? require("typescript");
  const major = Number(ts.versionMajorMinor.split(".")[0]);
  if (major >= 7) {
    throw new Error(
      `cotangent/transform needs TypeScript 6 (found ${ts.version}): TypeScript 7 has no transformer API. ` +
        "Build with TypeScript 6 and tspc, or keep TypeScript 7 and run 'npx cotangent emit FILES': it writes the " +
        "derivatives (f_jvp, f_vjp) as source files that TypeScript 7 and bundlers compile.",
    );
  }
  return ts;
}

export default function cotangentTransformer(
  program: TS.Program,
  config: CotangentPluginConfig = {},
  extras?: TransformerExtras,
): TS.TransformerFactory<TS.SourceFile> {
  const ts = typescriptOf(extras);
  const session = sessionOf(ts, program, config);
  if (!session.prepared) {
    session.prepared = true;
    if (isIncremental(program.getCompilerOptions())) reemit(ts, program, session.cotangent.editedFiles);
    else blockEmitOnErrors(program, () => session.cotangent.diagnostics);
  }
  const { cotangent } = session;
  const printWarning = warningPrinter(ts, program);
  const report = () => {
    for (; session.reported < cotangent.diagnostics.length; session.reported++) {
      const diagnostic = cotangent.diagnostics[session.reported];
      if (diagnostic.category === ts.DiagnosticCategory.Warning && config.warnings !== "diagnostics") {
        printWarning(diagnostic);
      } else {
        extras?.addDiagnostic(diagnostic);
      }
    }
  };
  report();
  return (context) => (file) => {
    const result = cotangent.transformSourceFile(context, file);
    report();
    return result;
  };
}

/**
 * ts-patch program transformer, for `noEmitOnError` in incremental builds: `{ "transform": "cotangent/transform",
 * "import": "checkProgram", "transformProgram": true }` next to the usual entry. It runs when tsc creates the
 * program, before a builder checks for errors, and makes Cotangent's diagnostics part of the program's global
 * diagnostics, so the builder emits nothing and keeps every file pending until they are fixed.
 */
export function checkProgram(
  program: TS.Program,
  _host: TS.CompilerHost | undefined,
  config: CotangentPluginConfig = {},
  extras?: { readonly ts: typeof TS },
): TS.Program {
  const ts = typescriptOf(extras);
  blockEmitOnErrors(program, () => sessionOf(ts, program, config).cotangent.diagnostics);
  return program;
}

/** Writes a diagnostic as tsc would: with colors and the source line under `--pretty` (the default on a terminal). */
function warningPrinter(ts: typeof TS, program: TS.Program): (diagnostic: TS.Diagnostic) => void {
  const host: TS.FormatDiagnosticsHost = {
    getCurrentDirectory: () => program.getCurrentDirectory(),
    getCanonicalFileName: (fileName) => fileName,
    getNewLine: () => ts.sys.newLine,
  };
  const pretty = program.getCompilerOptions().pretty ?? ts.sys.writeOutputIsTTY?.() ?? false;
  return (diagnostic) =>
    ts.sys.write(
      pretty ? ts.formatDiagnosticsWithColorAndContext([diagnostic], host) : ts.formatDiagnostic(diagnostic, host),
    );
}
