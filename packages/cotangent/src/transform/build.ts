/**
 * What a transformer has to do for tsc's build modes to stay correct, beyond transforming the files it is given.
 *
 * Incremental builds (`tsc -b` on an `incremental` or `composite` project, `--incremental`, `--watch`) emit only the
 * files that changed and the files whose imports' declarations changed. Cotangent's output does not follow that
 * graph: the adjoint of `f` in a.ts calls derivatives that are generated in its callees' files (b.ts), so editing
 * a.ts to call a new function of b.ts needs b.js re-emitted although b.ts did not change, and a new marker in
 * main.ts needs new derivatives in a.js. So, once per program, the transformer re-emits every file it edits.
 *
 * `noEmitOnError` is checked inside `program.emit`, after ts-patch has created the transformer but before any file
 * is transformed, and it reads the program's diagnostics. Cotangent's diagnostics join the program's global
 * diagnostics there, so that the check sees them and the build writes nothing.
 */
import type * as TS from "typescript";

/** True when the host emits only some files per build and keeps the other files' previous output. */
export function isIncremental(options: TS.CompilerOptions): boolean {
  return Boolean(options.incremental || options.composite || options.watch);
}

/**
 * Re-emits `files` through the program's own host, so a builder that skips them still gets fresh output. The
 * transformer runs again inside these emits (ts-patch applies the project's plugins to every `program.emit`).
 */
export function reemit(ts: typeof TS, program: TS.Program, files: readonly TS.SourceFile[]): void {
  const options = program.getCompilerOptions();
  // With outFile, a builder emits the whole bundle each time, so nothing goes stale.
  if (options.noEmit || options.emitDeclarationOnly || options.outFile) return;
  // tsc checks noEmitOnError per emitted file here; the whole program must be free of errors.
  if (options.noEmitOnError && ts.getPreEmitDiagnostics(program).length > 0) return;
  for (const file of files) program.emit(file);
}

const blocked = new WeakSet<TS.Program>();

/**
 * Makes `program.getGlobalDiagnostics()` also return Cotangent's `diagnostics()`, which `noEmitOnError` reads before
 * it lets an emit write anything. Called when the program is created (the `checkProgram` entry), or else when the
 * transformer is created: then only for a single emit of the whole program, since a builder that emits file by
 * file would record a skipped file as emitted and not write it after the error is fixed.
 */
export function blockEmitOnErrors(program: TS.Program, diagnostics: () => readonly TS.Diagnostic[]): void {
  if (!program.getCompilerOptions().noEmitOnError || blocked.has(program)) return;
  blocked.add(program);
  const own = program.getGlobalDiagnostics.bind(program);
  program.getGlobalDiagnostics = (cancellationToken) => [...own(cancellationToken), ...diagnostics()];
}
