/**
 * The ordered passes, run once per program (like TypeScript's getScriptTransformers):
 * collect (annotations, markers) → lower → structurize → activity → forward / reverse generation → simplify →
 * emit. Analysis is program-wide because a derivative requested in one file is generated in its callee's file.
 */
import type * as TS from "typescript";
import { createDiagnosticSink } from "./diagnostics/sink";
import { Messages } from "./diagnostics/messages";
import { findAnnotatedFunctions, mentionsAnnotation } from "./collect/annotations";
import { findMarkerCalls } from "./collect/markers";
import { planMarker, type Expansion } from "./expand/markers";
import { createRegistry } from "./program/registry";
import { rewriteFile } from "./emit/file";
import { ruleTable, type RuleTable } from "./rules/table";
import { compileRuleTable } from "./rules/template";

export interface CotangentOptions {
  /** Module generated code imports the runtime from. Default: "cotangent/runtime". */
  readonly runtimeSpecifier?: string;
  /** Rule table; default: the built-in one. */
  readonly rules?: RuleTable;
}

export interface CotangentProgram {
  /** Every diagnostic Cotangent reports for the program; internal errors met while transforming are appended. */
  readonly diagnostics: readonly TS.Diagnostic[];
  /**
   * The files whose output Cotangent changes (generated derivatives or expanded markers). Their emit depends on
   * other files, which incremental builders do not track, so adapters re-emit them (see cotangent/transform).
   */
  readonly editedFiles: readonly TS.SourceFile[];
  /** Rewrites a file in a transformation context; returns it unchanged when Cotangent has nothing to add. */
  transformSourceFile(context: TS.TransformationContext, file: TS.SourceFile): TS.SourceFile;
}

export function createCotangentProgram(
  ts: typeof TS,
  program: TS.Program,
  options: CotangentOptions = {},
): CotangentProgram {
  const checker = program.getTypeChecker();
  const sink = createDiagnosticSink(ts);
  const rules = compileRuleTable(ts, options.rules ?? ruleTable);
  const registry = createRegistry(ts, checker, sink, rules);
  const expansions = new Map<TS.Node, Expansion>();
  const sourceFiles = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f));

  for (const file of sourceFiles) {
    try {
      if (mentionsAnnotation(file)) {
        for (const fn of findAnnotatedFunctions(ts, file, sink)) registry.lowered(fn);
      }
      for (const marker of findMarkerCalls(ts, checker, file)) {
        const expansion = planMarker({ ts, checker, sink, registry }, marker);
        if (expansion) expansions.set(marker.node, expansion);
      }
    } catch (error) {
      sink.report(file, Messages.InternalError, [
        file.fileName,
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      ]);
    }
  }
  registry.drain();
  const edited = new Set<TS.SourceFile>();
  for (const r of registry.requests) if (r.anchor && r.generated) edited.add(r.file);
  for (const node of expansions.keys()) edited.add(node.getSourceFile());

  const runtimeSpecifier = options.runtimeSpecifier ?? "cotangent/runtime";
  return {
    diagnostics: sink.diagnostics,
    editedFiles: sourceFiles.filter((f) => edited.has(f)),
    transformSourceFile(context, file) {
      const original = ts.getOriginalNode(file) as TS.SourceFile;
      const requests = registry.requests.filter((r) => r.file === original);
      const fileExpansions = new Map([...expansions].filter(([node]) => node.getSourceFile() === original));
      const state = requests.length > 0 || fileExpansions.size > 0 ? registry.fileState(original) : undefined;
      try {
        return rewriteFile(ts, context, file, { state, requests, expansions: fileExpansions, runtimeSpecifier });
      } catch (error) {
        // Our bug: report it on the file instead of crashing the compiler, and leave the file as written.
        sink.report(original, Messages.InternalError, [original.fileName, describeError(error)]);
        return file;
      }
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
