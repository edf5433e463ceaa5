/**
 * Cotangent: source-to-source automatic differentiation for TypeScript.
 * Import the markers from here; build with `{ "transform": "cotangent/transform" }` in tsconfig `plugins`.
 */
export {
  grad,
  valueAndGrad,
  gradInto,
  jvp,
  vjp,
  jacfwd,
  jacrev,
  hvp,
  hessian,
  type Differentiable,
  type VectorFunction,
  type WithAux,
  type AuxOptions,
  type NoAuxOptions,
  type Tangent,
  type Gradient,
  type Jacobian,
} from "./markers";
