/**
 * Diagnostics as tsc prints them without a terminal's colors: `src/loss.ts:12:5 - error TS990003: message`, with
 * paths relative to the working directory, followed by tsc's `Found N errors.` summary.
 */
import * as path from "path";
import type * as TS from "typescript";
import type { Ts } from "./project";

export function renderDiagnostic(ts: Ts, d: TS.Diagnostic, cwd: string): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  const category = ts.DiagnosticCategory[d.category].toLowerCase();
  if (!d.file || d.start === undefined) return `${category} TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const file = path.relative(cwd, d.file.fileName).split(path.sep).join("/");
  return `${file}:${line + 1}:${character + 1} - ${category} TS${d.code}: ${text}`;
}

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
  for (const d of sorted) write(`${renderDiagnostic(ts, d, cwd)}\n`);
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  if (errors > 0) write(`\nFound ${errors} error${errors === 1 ? "" : "s"}.\n`);
  return errors > 0;
}
