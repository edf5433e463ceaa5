/**
 * A generated function, ready to emit: `function name(params) { let locals…; body }`.
 */
import type { Stmt, VarType } from "./stmt";

export interface GeneratedParam {
  readonly name: string;
  readonly type: VarType;
  /** Declared `number | undefined`: an optional number parameter of the primal (see Param). */
  readonly optional?: boolean;
  /** Declared as a mutable array: an adjoint array the function fills for its caller (arrays are `readonly` else). */
  readonly writable?: boolean;
  /** A parameter of a type that admits several kinds of arrays, or its tangent or adjoint (see Param). */
  readonly general?: boolean;
}

export interface GeneratedFunction {
  readonly name: string;
  readonly params: readonly GeneratedParam[];
  /** Hoisted locals, declared with `let` and initialized to 0 or false. */
  readonly locals: ReadonlyMap<string, VarType>;
  readonly body: readonly Stmt[];
  /** Types of the values returned; a single value is returned as itself unless `returnsArray`. */
  readonly returnTypes: readonly VarType[];
  readonly returnsArray: boolean;
  /** `const name = path;` at the top of the body, emitted only when the body uses `name`. */
  readonly aliases?: readonly { readonly name: string; readonly path: string }[];
  /** One-line summary placed above the function. */
  readonly summary: string;
  /** Runtime stacks whose depth and backing array the body keeps in locals (see reverse/stacks.ts). */
  readonly localStacks?: readonly LocalStack[];
  /**
   * A reverse-mode function its caller calls as a whole (vjp, grad, gradInto) that records on the runtime's stacks,
   * itself or through callees: consts holding the stacks' depths on entry, which an error escaping the function
   * restores (the runtime's `unwind`), so that an interrupted forward sweep leaves nothing on them.
   */
  readonly unwind?: EntryDepths;
}

export interface EntryDepths {
  /** `const name = path;` before the body: each stack's depth (`tape_entry = __ct.tape.top`). */
  readonly depths: readonly { readonly name: string; readonly path: string }[];
  /** The function called with the depths, in order, when an error escapes the body (`__ct.unwind`). */
  readonly restore: string;
}

/**
 * A stack (`tape`, `control`) the function pushes to and pops from through two locals: `tape_data[tape_top++] = v`
 * and `tape_data[--tape_top]` instead of `tape.push(v)` and `tape.pop()`.
 */
export interface LocalStack {
  /** The alias the body calls the stack's methods through: `tape` in `tape.push(v)`. */
  readonly alias: string;
  /** The local holding the depth. */
  readonly top: string;
  /** The local holding the backing array, and its type. */
  readonly data: string;
  readonly dataType: "Float64Array" | "Int32Array";
}

/** How generated code refers to other functions: the primal or one of its derivatives, from the emitting file. */
export interface CalleeLinker {
  /**
   * Path of the primal function, as callable from generated code (`g` or `__ct_lib.g`) with its arguments (for a
   * callee taking objects, their fields one by one: a forward sweep that records nothing, `g_vjp_fwd`).
   */
  primal(key: string): string;
  /**
   * Path of a derivative of the callee `key` with respect to the parameters at `active` (indices), requesting its
   * generation. `jvp`: forward mode; `fwd`/`bwd`: the split sweeps of reverse mode; `adjoint`: both sweeps in one
   * call, from the arguments and the result's adjoint (see `replayable`).
   */
  derivative(key: string, kind: "jvp" | "fwd" | "bwd" | "adjoint", active: readonly number[]): string;
  /**
   * Whether the callee may be re-run by its caller's reverse sweep (joint mode, as Tapenade calls it): its `adjoint`
   * recomputes what it needs from its arguments, so nothing of its own is recorded. It must give the same values when
   * run again: it writes into no parameter, draws no random number, and reaches neither itself nor the caller (a
   * recursion would re-run each level once per level above it).
   */
  replayable(key: string): boolean;
  /**
   * Second order: path of a reverse sweep (`fwd`/`bwd`) of the callee's tangent, a function of its parameters and then
   * the tangents of the parameters at `tangentActive`, with respect to the arguments at `active`, requesting its
   * generation.
   */
  tangentDerivative(
    key: string,
    tangentActive: readonly number[],
    kind: "fwd" | "bwd",
    active: readonly number[],
  ): string;
  /** The callee's parameter names, for readable adjoint temporaries. */
  paramNames(key: string): readonly string[];
  /** Indices of the callee's array parameters it writes into (output arrays its caller passes). */
  writtenParams(key: string): readonly number[];
}
