/**
 * The derivatives of a gradient that differentiated code calls (lower/gradientCalls.ts): `grad(f, k)(x, y)` is a
 * callee whose tangent and adjoint are products with f's Hessian H, which is symmetric. Along tangents ẋ, ẏ the
 * gradient changes by (H·(ẋ, ẏ))ₖ, and a cotangent w of it pulls back to H·(w in k). So its generated functions call
 * f's hvp, in k and the parameters the caller differentiates, beside f's own gradient:
 *   f_grad_x_jvp(x, y, x_dot, y_dot)  →  [f_grad_x(x, y), f_hvp(x, y, x_dot, y_dot)[0]]
 *   f_grad_x_vjp_fwd(x, y)            →  x and y saved on the tape, then f_grad_x(x, y)
 *   f_grad_x_vjp_bwd(g_bar)           →  x and y back from the tape; [x_bar, y_bar] = f_hvp(x, y, g_bar, 0)
 * A gradient in an array is written into the caller's `out` by f's `gradInto` function, and `out`'s tangent and
 * adjoint stand for the gradient's. The caller's callee protocol is the one of any function it calls
 * (reverse/sweeps.ts): the forward sweep saves what its reverse sweep reads, and array adjoints accumulate in place.
 */
import { alloc, call, length, num, str, v, zerosLike, type ArrayType, type Expr } from "../ir/expr";
import type { GeneratedFunction, GeneratedParam } from "../ir/generated";
import { isArrayType, type Param, type Stmt, type VarType } from "../ir/stmt";
import { Namer } from "../naming/namer";
import { RUNTIME_ALIAS } from "../program/files";

export interface GradientCallOptions {
  /** f's parameters: numbers and one-dimensional arrays. */
  readonly params: readonly Param[];
  /** The parameter the gradient is taken in. */
  readonly param: number;
  /** The gradient's array type when it is an array, written into the call's `out` argument (then a seed, 1). */
  readonly output?: ArrayType;
  /** The call's arguments the caller differentiates (indices; f's parameters, then `out`). */
  readonly active: readonly number[];
  /** The parameters f's hvp is differentiated in: `param` and the active ones among f's. */
  readonly hvpActive: readonly number[];
  /** Paths of f's gradient in `param` (`grad`, or its `gradInto` function for an array), and of its hvp. */
  readonly gradient: string;
  readonly hvp: string;
  readonly names: { readonly jvp: string; readonly fwd: string; readonly bwd: string };
  /** Which of the three the caller uses. */
  readonly uses: ReadonlySet<"jvp" | "fwd" | "bwd">;
  /** f's name, for the summaries. */
  readonly fnName: string;
}

const TAPE = `${RUNTIME_ALIAS}.tape`;

export function generateGradientCall(
  o: GradientCallOptions,
): Partial<Record<"jvp" | "fwd" | "bwd", GeneratedFunction>> {
  const names = new Namer(o.params.map((p) => p.name));
  const out = names.unique("out");
  const seed = names.unique("seed");
  const gradientName = o.params[o.param].name;
  // The call's arguments, as the caller passes them: f's, then for an array gradient the array it fills and 1.
  const callParams: GeneratedParam[] = [
    ...o.params,
    ...(o.output
      ? [
          { name: out, type: o.output, writable: true },
          { name: seed, type: "number" as const },
        ]
      : []),
  ];
  const argName = (i: number) => callParams[i].name;
  const typeOf = (i: number) => callParams[i].type;
  const ofF = (i: number) => i < o.params.length;
  const gradientCall = () =>
    call(
      o.gradient,
      callParams.map((p) => v(p.name)),
    );
  const locals = () => new Map<string, VarType>();
  const what = `the gradient of '${o.fnName}' in '${gradientName}'`;

  /** `products = f_hvp(params…, directions…)`: one product per parameter of `hvpActive`, in their names. */
  const products = (direction: (i: number) => Expr, into: Map<string, VarType>, names: Namer) => {
    const targets = o.hvpActive.map((i) => {
      const name = names.unique(`${argName(i)}_product`);
      into.set(name, typeOf(i));
      return name;
    });
    const product = call(o.hvp, [...o.params.map((p) => v(p.name)), ...o.hvpActive.map(direction)]);
    const stmt: Stmt =
      targets.length === 1
        ? { kind: "assign", target: targets[0], expr: product }
        : { kind: "callAssign", targets, call: product };
    return { stmt, of: (i: number) => targets[o.hvpActive.indexOf(i)] };
  };
  const zero = (i: number): Expr => (typeOf(i) === "number" ? num(0) : zerosLike(typeOf(i) as ArrayType, argName(i)));

  const generated: Partial<Record<"jvp" | "fwd" | "bwd", GeneratedFunction>> = {};
  if (o.uses.has("jvp")) {
    const own = names.fork();
    const dots = o.active.map((i) => ({
      name: own.unique(`${argName(i)}_dot`),
      type: typeOf(i),
      writable: !ofF(i) || undefined,
    }));
    const dotOf = (i: number) => dots[o.active.indexOf(i)]?.name;
    const jvpLocals = locals();
    const [result, resultDot] = [own.unique("result"), own.unique("result_dot")];
    jvpLocals.set(result, "number").set(resultDot, "number");
    const hvp = products((i) => (dotOf(i) ? v(dotOf(i) as string) : zero(i)), jvpLocals, own);
    const body: Stmt[] = [{ kind: "assign", target: result, expr: gradientCall() }, hvp.stmt];
    if (!o.output) body.push({ kind: "assign", target: resultDot, expr: v(hvp.of(o.param)) });
    else if (dotOf(o.params.length)) {
      const copy = call(`${RUNTIME_ALIAS}.copyInto`, [v(dotOf(o.params.length) as string), v(hvp.of(o.param))]);
      body.push({ kind: "effect", expr: copy });
    }
    body.push({ kind: "return", values: [v(result), v(resultDot)] });
    generated.jvp = {
      name: o.names.jvp,
      params: [...callParams, ...dots.map((d) => ({ ...d, writable: d.writable }))],
      locals: jvpLocals,
      body,
      returnTypes: ["number", "number"],
      returnsArray: true,
      summary: o.output
        ? `Tangent of ${what}, written into '${out}': fills ${out}_dot with the Hessian's product (the returned value's tangent is not computed: the caller does not read it).`
        : `Tangent of ${what}: returns [gradient, gradient_dot], its product with the Hessian.`,
    };
  }
  if (o.uses.has("fwd")) {
    // Everything f's hvp reads is saved: the caller may change its arrays before the reverse sweep.
    const saves: Stmt[] = o.params.map((p) => ({
      kind: "effect",
      expr: call(`${TAPE}.${isArrayType(p.type) ? "pushArray" : "push"}`, [v(p.name)]),
    }));
    generated.fwd = {
      name: o.names.fwd,
      params: callParams,
      locals: locals(),
      body: [...saves, { kind: "return", values: [gradientCall()] }],
      returnTypes: ["number"],
      returnsArray: false,
      summary: `Forward sweep of ${what} for a caller's reverse sweep: saves its arguments, returns ${o.output ? `the value of '${o.fnName}' and fills '${out}' with the gradient` : "the gradient"}.`,
    };
  }
  if (o.uses.has("bwd")) {
    const own = names.fork();
    const bwdLocals = locals();
    const resultBar = own.unique("result_bar");
    const arrayBars = o.active.filter((i) => isArrayType(typeOf(i)));
    const bars: GeneratedParam[] = arrayBars.map((i) => ({
      name: own.unique(`${argName(i)}_bar`),
      type: typeOf(i),
      writable: true,
    }));
    const barOf = (i: number) => bars[arrayBars.indexOf(i)].name;
    o.params.forEach((p) => bwdLocals.set(p.name, p.type));
    const restores: Stmt[] = [...o.params].reverse().map((p) => ({
      kind: "assign",
      target: p.name,
      expr: isArrayType(p.type)
        ? call(`${TAPE}.popArray`, [str(p.type === "number[]" ? "Array" : p.type)])
        : call(`${TAPE}.pop`, []),
    }));
    const body: Stmt[] = [...restores];
    // The cotangent of the gradient: the result's, or the adjoint of 'out', which the call overwrote whole.
    let cotangent: string = resultBar;
    if (o.output) {
      cotangent = own.unique(`${gradientName}_gradient_bar`);
      bwdLocals.set(cotangent, o.output);
      const taken = arrayBars.includes(o.params.length)
        ? call(`${RUNTIME_ALIAS}.takeAdjoint`, [v(barOf(o.params.length)), length(gradientName)])
        : alloc(o.output, length(gradientName));
      body.push({ kind: "assign", target: cotangent, expr: taken });
    }
    const hvp = products((i) => (i === o.param ? v(cotangent) : zero(i)), bwdLocals, own);
    body.push(hvp.stmt);
    const scalars: Expr[] = [];
    for (const i of o.active.filter(ofF)) {
      if (isArrayType(typeOf(i))) {
        body.push({ kind: "effect", expr: call(`${RUNTIME_ALIAS}.addInto`, [v(barOf(i)), v(hvp.of(i))]) });
      } else scalars.push(v(hvp.of(i)));
    }
    body.push({ kind: "return", values: scalars, asArray: true });
    generated.bwd = {
      name: o.names.bwd,
      params: [{ name: resultBar, type: "number" }, ...bars],
      locals: bwdLocals,
      body,
      returnTypes: scalars.map(() => "number"),
      returnsArray: true,
      summary: `Reverse sweep of ${what} after ${o.names.fwd}: the Hessian's product with its cotangent, added into the array adjoints, the number parameters' returned.`,
    };
  }
  return generated;
}
