/**
 * To-be-recorded analysis (Hascoët, Naumann & Pascual, "To be recorded analysis in reverse-mode AD"): an
 * assignment `v = …` must save the value it overwrites only if the reverse sweep reads that very value, that is, if
 * the adjoint of a statement that ran since `v`'s previous assignment reads `v`. The reverse sweep undoes recorded
 * assignments in reverse order, so each adjoint then finds the value its primal statement saw.
 *
 * A forward data-flow analysis over "variables read by an adjoint since their last assignment" (a may-analysis:
 * union at joins, fixpoint over loops):
 *
 *   's = 0; for (…) { s += t; } r = s * x'   →  nothing saved: only 'r = s * x', after the loop, reads s.
 *   'for (…) { s = Math.log(s); }'           →  s saved: each iteration's log reads the value the next overwrites.
 *   'for (…) { a = b[c]; for (…) a += t; m = Math.max(m, a) }'
 *                                             →  only 'a = b[c]' saves a: the partial sums are read by no adjoint.
 */
import type { AssignStmt, FunctionIR, LoopStmt, Stmt, StoreStmt } from "../ir/stmt";

/**
 * A loop whose counter the reverse sweep sets to its exit value itself (analysis/invert.ts, `countedLoops`): the
 * values its adjoints read of the counter need nothing saved, but the exit value is computed from `reads`.
 */
export interface RebuiltCounter {
  readonly counter: string;
  readonly reads: ReadonlySet<string>;
}

export interface Recording {
  readonly recorded: Set<AssignStmt>;
  /** The loops whose reverse sweep must set their counter to its exit value (some adjoint in them reads it). */
  readonly rebuilt: Set<LoopStmt>;
}

/**
 * `readsOf(s)`: primal variables whose values the adjoint of `s` reads (for an element read or write, its index).
 * Array elements themselves are never recorded: every read goes through a scalar, which is recorded instead.
 * `restoresFromResult(s)`: the reverse sweep restores `s`'s target from the value `s` assigned (by inverting the
 * update) rather than from the tape, and so reads that value.
 */
export function toBeRecorded(
  fn: FunctionIR,
  readsOf: (s: AssignStmt | StoreStmt) => ReadonlySet<string>,
  restoresFromResult: (s: AssignStmt) => boolean = () => false,
  rebuildable: (s: LoopStmt) => RebuiltCounter | undefined = () => undefined,
): Recording {
  const recorded = new Set<AssignStmt>();
  const rebuilt = new Set<LoopStmt>();
  // `read`: variables whose current value some adjoint reads (since their last assignment).
  const flow = (stmts: readonly Stmt[], read: ReadonlySet<string>): Set<string> => {
    let state = new Set(read);
    for (const s of stmts) {
      switch (s.kind) {
        case "assign": {
          const reads = readsOf(s);
          const save = state.has(s.target);
          if (save) recorded.add(s);
          state.delete(s.target);
          reads.forEach((n) => state.add(n));
          if (save && restoresFromResult(s)) state.add(s.target);
          break;
        }
        case "store":
          readsOf(s).forEach((n) => state.add(n));
          break;
        case "permute": {
          // Nothing is overwritten (the reverse sweep permutes back): a needed value moves with its array.
          const needed = s.targets.filter((_, k) => state.has(s.sources[k]));
          s.targets.forEach((name) => state.delete(name));
          needed.forEach((name) => state.add(name));
          break;
        }
        case "if":
          state = union(flow(s.then, state), flow(s.else, state));
          break;
        case "loop": {
          // Iterate to the fixpoint: what the body reads flows into the next iteration's assignments.
          let entry = state;
          for (;;) {
            const afterBody = flow(s.body, flow(s.pre, entry));
            const next = union(entry, afterBody);
            if (next.size === entry.size) break;
            entry = next;
          }
          state = flow(s.pre, entry);
          // A counter rebuilt at the loop's exit: the reverse sweep reads the exit value's inputs instead.
          const rebuild = rebuildable(s);
          if (rebuild && state.has(rebuild.counter)) {
            rebuilt.add(s);
            state.delete(rebuild.counter);
            rebuild.reads.forEach((n) => state.add(n));
          }
          break;
        }
        default:
          break;
      }
    }
    return state;
  };
  flow(fn.body, new Set());
  return { recorded, rebuilt };
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set(a);
  b.forEach((n) => out.add(n));
  return out;
}
