/**
 * Hessian-vector products by reverse over forward: `f_hvp(params…, p_dot…)` returns ∇ₓ⟨∇f(x), v⟩ = H·v.
 *
 * The tangent of f (forward/tangent.ts) computes ḟ = ⟨∇f(x), ẋ⟩ beside f. With the tangents ẋ held as the constant
 * direction v, ḟ is a scalar function of x whose gradient is H·v, and the reverse generator computes it in a few
 * times the cost of f, whatever the number of inputs (the cheap-gradient principle, applied to the tangent code).
 * The tangent's statements are flattened back to elementary ones first (flatten.ts), since the rule table applies one
 * operation per statement.
 */
import type { GeneratedFunction } from "../ir/generated";
import type { FunctionIR, Stmt, VarType } from "../ir/stmt";
import { Namer } from "../naming/namer";
import { generateAdjoint } from "../reverse/adjoint";
import { generateTangent, type TangentOptions } from "../forward/tangent";
import { flattenStatements } from "./flatten";

/** `options` as for the tangent: the product's name, the parameters differentiated (twice), the rules, callees. */
export function generateHvp(fn: FunctionIR, options: TangentOptions): GeneratedFunction {
  const { reserved, activeParams } = options;
  // Unroll-and-jam would only multiply the statements the reverse sweep then differentiates: the reverse generator
  // jams the loops of the final code itself.
  const tangent = generateTangent(fn, { ...options, name: `${fn.name}_jvp`, unroll: 1 });
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
  const flat = flattenStatements(body, fresh);
  const returned = last.values[1];
  const result = returned.kind === "var" ? returned.name : fresh("result_dot", "number");
  const ending: Stmt[] =
    returned.kind === "var" ? [] : flattenStatements([{ kind: "assign", target: result, expr: returned }], fresh);

  const tangentIR: FunctionIR = {
    name: fn.name,
    params: tangent.params.map((p) => ({ name: p.name, type: p.type })),
    sources: fn.sources,
    locals,
    externals: fn.externals,
    body: [...flat, ...ending],
    result,
    fileName: fn.fileName,
  };
  const adjoint = generateAdjoint(tangentIR, {
    ...options,
    names: {
      vjp: names.unique(`${options.name}_vjp`),
      grad: options.name,
      fwd: names.unique("fwd"),
      bwd: names.unique("bwd"),
    },
  });
  if (!adjoint.grad) throw new Error("the reverse generator made no gradient of the tangent");
  return { ...adjoint.grad, summary: hvpSummary(fn, activeParams, tangent) };
}

function hvpSummary(fn: FunctionIR, active: ReadonlySet<string>, tangent: GeneratedFunction): string {
  const dots = tangent.params.slice(fn.params.length).map((p) => p.name);
  const inputs = [...active].map((p) => `'${p}'`).join(", ");
  return `Hessian-vector product of '${fn.name}' in ${inputs}: the gradient of its tangent in the direction (${dots.join(", ")}).`;
}
