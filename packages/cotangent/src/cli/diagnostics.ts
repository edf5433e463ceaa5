/**
 * Diagnostics as tsc prints them without a terminal's colors: `src/loss.ts:12:5 - error TS990003: message`, with
 * paths relative to the working directory, followed by tsc's `Found N errors.` summary.
 */
import type * as TS from "typescript";
import { renderDiagnostic } from "@cotangent/core";
import { relativePath, type Ts } from "./project";

/** Syntax errors of the files named on the command line: nothing is generated from a file that does not parse. */
export function syntaxErrors(program: TS.Program, files: readonly TS.SourceFile[]): TS.Diagnostic[] {
  return files.flatMap((f) => [...program.getSyntacticDiagnostics(f)]);
}

/** Prints the diagnostics and tsc's summary line; returns whether any is an error. */
export function report(
  ts: Ts,
  diagnostics: readonly TS.Diagnostic[],
  cwd: string,
  write: (s: string) => void,
): boolean {
  const sorted = [...diagnostics].sort(
    (a, b) => (a.file?.fileName ?? "").localeCompare(b.file?.fileName ?? "") || (a.start ?? 0) - (b.start ?? 0),
  );
  for (const d of sorted) write(`${renderDiagnostic(ts, d, (f) => relativePath(cwd, f))}\n`);
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  if (errors > 0) write(`\nFound ${errors} error${errors === 1 ? "" : "s"}.\n`);
  return errors > 0;
}
