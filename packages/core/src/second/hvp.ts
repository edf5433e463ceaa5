/**
 * Hessian-vector products by reverse over forward: `f_hvp(params…, p_dot…)` returns ∇ₓ⟨∇f(x), v⟩ = H·v.
 *
 * The tangent of f (forward/tangent.ts) computes ḟ = ⟨∇f(x), ẋ⟩ beside f. With the tangents ẋ held as the constant
 * direction v, ḟ is a scalar function of x whose gradient is H·v, and the reverse generator computes it in a few
 * times the cost of f, whatever the number of inputs (the cheap-gradient principle, applied to the tangent code).
 * The tangent's statements are flattened back to elementary ones first (flatten.ts), since the rule table applies one
 * operation per statement.
 *
 * A call in f, '[y, y_dot] = g_jvp(a, a_dot)' in the tangent, becomes 'y = g(a)' and 'y_dot = g_tangent(a, a_dot)':
 * the reverse generator differentiates the first through g's own reverse sweeps and the second through the reverse
 * sweeps of g's tangent function (`tangentDerivative`, which the registry generates by `tangentFunction` below), with
 * y_dot's inputs a and a_dot both active: inside f, a tangent depends on x.
 */
import { call, callsWhere, isPrimitiveCall } from "../ir/expr";
import type { CalleeLinker, GeneratedFunction } from "../ir/generated";
import { forEachStmt, readsOfStatement, type AssignStmt, type FunctionIR, type Stmt, type VarType } from "../ir/stmt";
import { Namer } from "../naming/namer";
import { generateAdjoint } from "../reverse/adjoint";
import { generateTangent, type TangentOptions } from "../forward/tangent";
import { flattenStatements } from "./flatten";

/** `options` as for the tangent: the product's name, the parameters differentiated (twice), the rules, callees. */
export function generateHvp(fn: FunctionIR, options: TangentOptions): GeneratedFunction {
  const tangent = tangentFunction(fn, options);
  const adjoint = generateAdjoint(tangent.ir, {
    ...options,
    linker: tangent.linker,
    names: { grad: options.name },
  });
  if (!adjoint.grad) throw new Error("the reverse generator made no gradient of the tangent");
  return { ...adjoint.grad, summary: hvpSummary(fn, options.activeParams, tangent.ir) };
}

export interface TangentFunction {
  /** `(params…, p_dot…) → result_dot` in elementary statements, ready for the reverse generator. */
  readonly ir: FunctionIR;
  /** The linker its calls go through: callee tangents are reached through `tangentDerivative`. */
  readonly linker: CalleeLinker;
  /** The names taken in `ir`, for functions generated from it. */
  readonly names: Namer;
}

/** f's tangent ḟ as a function of its own, of f's parameters and the tangents of `options.activeParams`. */
export function tangentFunction(fn: FunctionIR, options: TangentOptions): TangentFunction {
  const reserved = [...options.reserved];
  // Each callee tangent the forward generator asks for gets a key of its own, resolved by `linker` below.
  const callTangents = new Map<string, { readonly key: string; readonly active: readonly number[] }>();
  const taken = new Set(reserved);
  const recording: CalleeLinker = {
    ...options.linker,
    derivative(key, kind, active) {
      if (kind !== "jvp") return options.linker.derivative(key, kind, active);
      const same = [...callTangents].find(([, c]) => c.key === key && c.active.join() === active.join());
      if (same) return same[0];
      // Named after the callee, clear of the function's own callee keys (reserved).
      let tangentKey = `${key}_tangent`;
      for (let n = 2; taken.has(tangentKey) || callTangents.has(tangentKey); n++) tangentKey = `${key}_tangent_${n}`;
      callTangents.set(tangentKey, { key, active });
      return tangentKey;
    },
  };
  // Unroll-and-jam would only multiply the statements the reverse sweep then differentiates: the reverse generator
  // jams the loops of the final code itself.
  const tangent = generateTangent(fn, {
    ...options,
    name: `${fn.name}_jvp`,
    linker: recording,
    unroll: 1,
    differentiatedAgain: true,
  });
  const names = new Namer([
    ...reserved,
    ...tangent.params.map((p) => p.name),
    ...tangent.locals.keys(),
    ...fn.externals,
  ]);
  const locals = new Map<string, VarType>(tangent.locals);
  const fresh = (hint: string, type: VarType): string => {
    const name = names.unique(hint);
    locals.set(name, type);
    return name;
  };

  const body = [...tangent.body];
  const last = body.pop();
  if (last?.kind !== "return" || last.values.length !== 2) {
    throw new Error("the tangent function does not end by returning its value and tangent");
  }
  // '[y, y_dot] = g_jvp(a, a_dot)' → 'y = g(a); y_dot = g_tangent(a, a_dot)'.
  const splitValues = new Set<string>();
  const split = mapStatements(body, (s): Stmt[] => {
    if (s.kind !== "callAssign" || s.call.kind !== "call" || !callTangents.has(s.call.callee)) return [s];
    const { key, active } = callTangents.get(s.call.callee)!;
    const args = s.call.args.slice(0, s.call.args.length - active.length);
    const [value, dot] = s.targets;
    splitValues.add(value);
    return [
      { kind: "assign", target: value, expr: call(key, args), origin: s.origin },
      { kind: "assign", target: dot, expr: s.call, origin: s.origin },
    ];
  });
  const returned = last.values[1];
  const result = returned.kind === "var" ? returned.name : fresh("result_dot", "number");
  const ending: Stmt[] = returned.kind === "var" ? [] : [{ kind: "assign", target: result, expr: returned }];
  const ir: FunctionIR = {
    name: fn.name,
    // The IR's parameters: the tangent function's, without their declarations' 'writable'.
    params: tangent.params.map(({ writable: _writable, ...param }) => param),
    sources: fn.sources,
    locals,
    externals: fn.externals,
    body: withoutUnreadAssignments(flattenStatements([...split, ...ending], fresh), result, splitValues),
    result,
    fileName: fn.fileName,
  };

  const base = options.linker;
  const linker: CalleeLinker = {
    primal: (key) => {
      // A callee's tangent is called only where it is useful and its inputs vary with x: always differentiated.
      if (callTangents.has(key))
        throw new Error(`the tangent of '${callTangents.get(key)?.key}' was not differentiated`);
      return base.primal(key);
    },
    derivative: (key, kind, active) => {
      const tangentCall = callTangents.get(key);
      if (!tangentCall) return base.derivative(key, kind, active);
      // Tangents are never replayed (replayable below): their reverse sweeps are split.
      if (kind === "jvp" || kind === "adjoint") throw new Error(`no ${kind} of the tangent of '${tangentCall.key}'`);
      return base.tangentDerivative(tangentCall.key, tangentCall.active, kind, active);
    },
    tangentDerivative: base.tangentDerivative,
    paramNames: (key) => {
      const tangentCall = callTangents.get(key);
      if (!tangentCall) return base.paramNames(key);
      const params = base.paramNames(tangentCall.key);
      return [...params, ...tangentCall.active.map((i) => `${params[i] ?? i}_dot`)];
    },
    writtenParams: (key) => (callTangents.has(key) ? [] : base.writtenParams(key)),
    // Second order keeps to the split sweeps, which its callee tangents need.
    replayable: () => false,
  };
  return { ir, linker, names };
}

/**
 * Drops assignments to variables nothing reads, until none is left: f's own result, and the primal value of a call
 * whose tangent alone is used (`splitValues`), which would otherwise evaluate the callee once more per call; its
 * tangent runs the callee's code, errors included. Functions writing into their parameters are refused before
 * generation, so the only effect another call can have is an error it throws: such calls stay.
 */
function withoutUnreadAssignments(body: Stmt[], result: string, splitValues: ReadonlySet<string>): Stmt[] {
  const droppable = (s: AssignStmt) =>
    splitValues.has(s.target) || !callsWhere(s.expr, (callee) => !isPrimitiveCall(callee));
  for (;;) {
    const read = new Set([result]);
    forEachStmt(body, (s) => {
      readsOfStatement(s).forEach((name) => read.add(name));
      // An array that is written needs its allocation even when nothing reads it back.
      if (s.kind === "store") read.add(s.array);
    });
    let dropped = false;
    const kept = mapStatements(body, (s) => {
      if (s.kind !== "assign" || read.has(s.target) || !droppable(s)) return [s];
      dropped = true;
      return [];
    });
    if (!dropped) return body;
    body = kept;
  }
}

/** Rewrites each statement, at every depth of branches and loops, into the statements `rewrite` returns. */
function mapStatements(stmts: readonly Stmt[], rewrite: (s: Stmt) => Stmt[]): Stmt[] {
  return stmts.flatMap((s) => {
    if (s.kind === "if")
      return rewrite({ ...s, then: mapStatements(s.then, rewrite), else: mapStatements(s.else, rewrite) });
    if (s.kind === "loop") {
      const [pre, body, update] = [s.pre, s.body, s.update].map((list) => mapStatements(list, rewrite));
      return rewrite({ ...s, pre, body, update });
    }
    return rewrite(s);
  });
}

function hvpSummary(fn: FunctionIR, active: ReadonlySet<string>, tangent: FunctionIR): string {
  const dots = tangent.params.slice(fn.params.length).map((p) => p.name);
  const inputs = [...active].map((p) => `'${p}'`).join(", ");
  return `Hessian-vector product of '${fn.name}' in ${inputs}: the gradient of its tangent in the direction (${dots.join(", ")}).`;
}
