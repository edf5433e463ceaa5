/**
 * The ts-patch transformer: `{ "transform": "cotangent/transform" }` in tsconfig `plugins`, built with `tspc`.
 * Diagnostics go through ts-patch's `addDiagnostic`, so tspc prints them like type errors and exits non-zero.
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
}

/** The analysis of one program and how many of its diagnostics were handed to ts-patch. */
interface Session {
  readonly cotangent: CotangentProgram;
  reported: number;
}

/**
 * ts-patch creates the transformer for every `program.emit`, and a builder (`tsc -b`, `--watch`) emits file by file,
 * so the program-wide analysis is kept per program instead of being redone for each file.
 */
const sessions = new WeakMap<TS.Program, Session>();

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
  let session = sessions.get(program);
  if (!session) {
    session = { cotangent: createCotangentProgram(ts, program, config), reported: 0 };
    sessions.set(program, session);
    if (isIncremental(program.getCompilerOptions())) reemit(ts, program, session.cotangent.editedFiles);
    else blockEmitOnErrors(program, session.cotangent.diagnostics);
  }
  const { cotangent } = session;
  const report = () => {
    for (; session.reported < cotangent.diagnostics.length; session.reported++)
      extras?.addDiagnostic(cotangent.diagnostics[session.reported]);
  };
  report();
  return (context) => (file) => {
    const result = cotangent.transformSourceFile(context, file);
    report();
    return result;
  };
}
