/** What reverse-mode generation produces for statements: the forward sweep's and the reverse sweep's parts. */
import type { Stmt } from "../ir/stmt";

export interface Sweeps {
  readonly forward: Stmt[];
  readonly reverse: Stmt[];
}

/** The sweeps of a list of statements and of one statement, as one generation makes them. */
export interface Generators {
  block(stmts: readonly Stmt[]): Sweeps;
  statement(s: Stmt): Sweeps;
}

/** Tags reverse-sweep statements so their comments say "adjoint of". */
export function markAdjoint(stmts: readonly Stmt[]): Stmt[] {
  return stmts.map((s): Stmt => {
    const origin = s.origin && { ...s.origin, adjoint: true };
    switch (s.kind) {
      case "if":
        return { ...s, origin, then: markAdjoint(s.then), else: markAdjoint(s.else) };
      case "repeat":
        return { ...s, origin, body: markAdjoint(s.body) };
      default:
        return { ...s, origin };
    }
  });
}
