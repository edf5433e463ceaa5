/**
 * The ts-patch transformer: `{ "transform": "cotangent/transform" }` in tsconfig `plugins`, built with `tspc`.
 * Errors go through ts-patch's `addDiagnostic`, so tspc prints them like type errors and exits non-zero. tsc exits
 * non-zero on any diagnostic it is given, warnings included, so warnings are printed here in tsc's format instead
 * (a warning must not fail the build), unless the config asks for them as diagnostics.
 */
import type * as TS from "typescript";
import { createCotangentProgram, type CotangentOptions } from "@cotangent/core";

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

export default function cotangentTransformer(
  program: TS.Program,
  config: CotangentPluginConfig = {},
  extras?: TransformerExtras,
): TS.TransformerFactory<TS.SourceFile> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = extras?.ts ?? require("typescript");
  const major = Number(ts.versionMajorMinor.split(".")[0]);
  if (major >= 7) {
    throw new Error(
      `cotangent/transform needs TypeScript 6 (found ${ts.version}): TypeScript 7 has no transformer API. ` +
        "Build with TypeScript 6 and tspc.",
    );
  }
  const cotangent = createCotangentProgram(ts, program, config);
  const printWarning = warningPrinter(ts, program);
  let reported = 0;
  const report = () => {
    for (; reported < cotangent.diagnostics.length; reported++) {
      const diagnostic = cotangent.diagnostics[reported];
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
