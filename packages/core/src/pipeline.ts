/**
 * The ordered passes, run once per program (like TypeScript's getScriptTransformers):
 * collect (annotations, markers) → lower → structurize → activity → forward / reverse generation → simplify →
 * emit. Analysis is program-wide because a derivative requested in one file is generated in its callee's file.
 */
import type * as TS from "typescript";
import { createProgramSink } from "./diagnostics/sink";
import { Messages } from "./diagnostics/messages";
import { findAnnotatedFunctions, mentionsAnnotation } from "./collect/annotations";
import { findMarkerCalls } from "./collect/markers";
import { planMarker, type Expansion } from "./expand/markers";
import { emitOptionsOf } from "./emit/statements";
import { createRegistry, errorMessage } from "./program/registry";
import { functionName } from "./collect/resolve";
import { rewriteFile } from "./emit/file";
import { ruleTable, type RuleTable } from "./rules/table";
import { compileRuleTable } from "./rules/template";

export interface CotangentOptions {
  /** Module generated code imports the runtime from. Default: "cotangent/runtime". */
  readonly runtimeSpecifier?: string;
  /** Rule table; default: the built-in one. */
  readonly rules?: RuleTable;
  /**
   * Unroll-and-jam factor: how many independent rows of a loop nest generated code (both modes) runs side by side
   * (default 4; 1 turns the pass off, for comparing or stepping through the plain loops).
   */
  readonly unroll?: number;
  /**
   * Whether a differentiated caller's reverse sweep re-runs the callees it may (joint mode, reverse/replay.ts) instead
   * of running their split sweeps, which record (default true; false, to compare the two or to test the split sweeps).
   */
  readonly replay?: boolean;
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
  const sink = createProgramSink(ts, program);
  const rules = compileRuleTable(ts, options.rules ?? ruleTable);
  const emit = emitOptionsOf(program.getCompilerOptions());
  // Options come from a tsconfig.json entry or a tool's configuration, unchecked by anyone before us.
  const { unroll, runtimeSpecifier: specifier } = options;
  const validUnroll = unroll === undefined || (Number.isInteger(unroll) && unroll >= 1);
  if (!validUnroll)
    sink.reportGlobal(Messages.InvalidOption, ["unroll", "a whole number of at least 1", JSON.stringify(unroll)]);
  const validSpecifier = specifier === undefined || (typeof specifier === "string" && specifier !== "");
  if (!validSpecifier) {
    sink.reportGlobal(Messages.InvalidOption, ["runtimeSpecifier", "a module specifier", JSON.stringify(specifier)]);
  }
  if (options.replay !== undefined && typeof options.replay !== "boolean")
    sink.reportGlobal(Messages.InvalidOption, ["replay", "true or false", JSON.stringify(options.replay)]);
  const registry = createRegistry(ts, checker, sink, rules, {
    unroll: validUnroll ? unroll : undefined,
    replay: options.replay !== false,
    sourceFiles: () => program.getSourceFiles(),
  });
  const expansions = new Map<TS.Node, Expansion>();
  const sourceFiles = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f));

  for (const file of sourceFiles) {
    // TypeScript reports a file's syntax errors and fails the build; differentiating the parser's recovery from
    // them would only add noise (a missing brace puts the rest of the file inside a function).
    if (program.getSyntacticDiagnostics(file).length > 0) continue;
    // Lowering guards each function itself (registry.lowered); a marker is guarded here, and named by the
    // function it differentiates, so that an internal error points at code the user can act on.
    try {
      if (mentionsAnnotation(file)) {
        for (const fn of findAnnotatedFunctions(ts, file, sink)) registry.lowered(fn);
      }
      for (const marker of findMarkerCalls(ts, checker, file)) {
        try {
          const expansion = planMarker({ ts, checker, sink, registry, emit }, marker);
          if (expansion) expansions.set(marker.node, expansion);
        } catch (error) {
          sink.report(marker.node, Messages.InternalError, [markedFunctionName(marker.node), errorMessage(error)]);
        }
      }
    } catch (error) {
      // Finding the annotations or the markers failed before any function was known.
      const base = file.fileName.split("/").pop() ?? file.fileName;
      sink.report(file, Messages.InternalError, [`the functions marked in ${base}`, errorMessage(error)]);
    }
  }
  registry.drain();
  const edited = new Set<TS.SourceFile>();
  for (const r of registry.requests) if (r.anchor && r.generated) edited.add(r.file);
  for (const node of expansions.keys()) edited.add(node.getSourceFile());

  const runtimeSpecifier = (validSpecifier && specifier) || "cotangent/runtime";
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
        // Our bug: report it instead of crashing the compiler, name the functions whose derivatives this file
        // receives, and leave the file as written.
        const names = [
          ...requests.map((r) => functionName(ts, r.fn) ?? "the arrow"),
          ...[...fileExpansions.keys()].map(markedFunctionName),
        ];
        sink.report(original, Messages.InternalError, [[...new Set(names)].join("', '"), errorMessage(error)]);
        return file;
      }
    },
  };
}

/** The function a marker call differentiates, as written in its first argument. */
function markedFunctionName(marker: TS.Node): string {
  const call = marker as TS.CallExpression;
  const text = call.arguments?.[0]?.getText() ?? marker.getText();
  return text.length > 50 ? `${text.slice(0, 47)}...` : text;
}
