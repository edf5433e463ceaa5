/**
 * One collector for every pass's diagnostics. Passes call `sink.report(node, Messages.X, args)`; adapters render
 * the resulting `ts.Diagnostic`s through their own channel (ts-patch, esbuild errors, the CLI).
 */
import type * as TS from "typescript";
import { formatMessage, Messages, type Message } from "./messages";
import { createSpecializer, type Report, type Specializer } from "./specialize";

export interface DiagnosticSink {
  report(node: TS.Node, message: Message, args?: readonly (string | number)[]): void;
  /** A diagnostic of the whole program, at no file (an invalid option). */
  reportGlobal(message: Message, args?: readonly (string | number)[]): void;
  readonly diagnostics: readonly TS.Diagnostic[];
  /** Number of errors reported so far; a pass compares counts to know whether its input was accepted. */
  errorCount(): number;
}

/**
 * `specialize` maps a generic report to the catalog's specific entry for the construct (see specialize.ts); without
 * it, reports are kept as made.
 */
/** The sink of a whole program: generic reports become the catalog's specific entries (the transformer and the CLI). */
export function createProgramSink(ts: typeof TS, program: TS.Program): DiagnosticSink {
  const specialize = createSpecializer(ts, program.getTypeChecker(), (f) => program.isSourceFileDefaultLibrary(f));
  return createDiagnosticSink(ts, specialize);
}

export function createDiagnosticSink(ts: typeof TS, specialize?: Specializer): DiagnosticSink {
  const diagnostics: TS.Diagnostic[] = [];
  const seen = new Set<string>();
  const errorsAt = new Set<string>();
  return {
    diagnostics,
    report(reportedNode, reportedMessage, reportedArgs = []) {
      const generic = { node: reportedNode, message: reportedMessage, args: reportedArgs };
      const specific = specialize ? specializeSafely(specialize, generic) : generic;
      if (!specific) return;
      const { node, message, args } = specific;
      const file = node.getSourceFile();
      const start = node.getStart(file);
      const where = `${file.fileName}:${start}`;
      const key = `${where}:${message.code}`;
      // One error per node: "cannot differentiate the expression" adds nothing to a more specific error there.
      if (seen.has(key) || (message === Messages.UnsupportedExpression && errorsAt.has(where))) return;
      seen.add(key);
      if (message.category === "error") errorsAt.add(where);
      diagnostics.push({
        file,
        start,
        length: node.getEnd() - start,
        code: message.code,
        category: message.category === "error" ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
        messageText: formatMessage(message, args),
        source: "cotangent",
      });
    },
    reportGlobal(message, args = []) {
      diagnostics.push({
        file: undefined,
        start: undefined,
        length: undefined,
        code: message.code,
        category: message.category === "error" ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
        messageText: formatMessage(message, args),
        source: "cotangent",
      });
    },
    errorCount() {
      return diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
    },
  };
}

/**
 * `src/loss.ts:12:5 - error TS990003: message`, as tsc prints a diagnostic without a terminal's colors. `display`
 * shows the file's path (the CLI and the Jest transformer make it relative to the working directory).
 */
export function renderDiagnostic(
  ts: typeof TS,
  d: TS.Diagnostic,
  display: (fileName: string) => string = (fileName) => fileName,
): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  const category = ts.DiagnosticCategory[d.category].toLowerCase();
  if (!d.file || d.start === undefined) return `${category} TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${display(d.file.fileName)}:${line + 1}:${character + 1} - ${category} TS${d.code}: ${text}`;
}

/** The specific report, or the generic one if specializing fails: a finding is never lost to our own bug. */
function specializeSafely(specialize: Specializer, report: Report): Report | undefined {
  try {
    return specialize(report);
  } catch {
    return report;
  }
}
