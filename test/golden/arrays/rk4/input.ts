import { jacfwd, jacrev, jvp } from "cotangent";

/** Lotka–Volterra right-hand side: prey y[0], predators y[1], parameters [alpha, beta, delta, gamma]. */
function rhs(y0: number, y1: number, p: Float64Array, out: Float64Array): void {
  out[0] = p[0] * y0 - p[1] * y0 * y1;
  out[1] = p[2] * y0 * y1 - p[3] * y1;
}

/** Explicit RK4 over 50 steps of h = 0.01: the final state as a function of the parameters. */
// @differentiate
export function f(p: Float64Array): Float64Array {
  const h = 0.01;
  let u = 1.2;
  let w = 0.8;
  for (let step = 0; step < 50; step++) {
    const k1u = p[0] * u - p[1] * u * w;
    const k1w = p[2] * u * w - p[3] * w;
    const u2 = u + 0.5 * h * k1u;
    const w2 = w + 0.5 * h * k1w;
    const k2u = p[0] * u2 - p[1] * u2 * w2;
    const k2w = p[2] * u2 * w2 - p[3] * w2;
    const u3 = u + 0.5 * h * k2u;
    const w3 = w + 0.5 * h * k2w;
    const k3u = p[0] * u3 - p[1] * u3 * w3;
    const k3w = p[2] * u3 * w3 - p[3] * w3;
    const u4 = u + h * k3u;
    const w4 = w + h * k3w;
    const k4u = p[0] * u4 - p[1] * u4 * w4;
    const k4w = p[2] * u4 * w4 - p[3] * w4;
    u += (h / 6) * (k1u + 2 * k2u + 2 * k3u + k4u);
    w += (h / 6) * (k1w + 2 * k2w + 2 * k3w + k4w);
  }
  return new Float64Array([u, w]);
}

export const point = [new Float64Array([1.1, 0.4, 0.1, 0.4])];
export const jacobian = jacrev(f);
export const forwardJacobian = jacfwd(f);
export const tangent = (p: [Float64Array], t: [Float64Array]) => jvp(f, p, t);
export { rhs };
