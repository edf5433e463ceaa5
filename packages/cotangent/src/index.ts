/**
 * Cotangent: source-to-source automatic differentiation for TypeScript.
 * Import the markers from here; build with `{ "transform": "cotangent/transform" }` in tsconfig `plugins`.
 */
export { grad, valueAndGrad, jvp, vjp, type Differentiable, type Tangent } from "./markers";
