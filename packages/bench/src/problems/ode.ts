/**
 * Lotka-Volterra predator-prey integrated with classical RK4 over many steps; the sensitivity of the final state to
 * the four parameters (α, β, δ, γ) is a 2 × 4 Jacobian: `jacrev` (one reverse sweep per state) and a `jvp` in one
 * parameter direction.
 */
import { jacrev, jvp } from "cotangent";

// @differentiate
export function lotkaVolterra(p: Float64Array, y0: Float64Array, steps: number, h: number): Float64Array {
  const alpha = p[0];
  const beta = p[1];
  const delta = p[2];
  const gamma = p[3];
  let a = y0[0];
  let b = y0[1];
  for (let n = 0; n < steps; n++) {
    const k1a = alpha * a - beta * a * b;
    const k1b = delta * a * b - gamma * b;
    const a2 = a + 0.5 * h * k1a;
    const b2 = b + 0.5 * h * k1b;
    const k2a = alpha * a2 - beta * a2 * b2;
    const k2b = delta * a2 * b2 - gamma * b2;
    const a3 = a + 0.5 * h * k2a;
    const b3 = b + 0.5 * h * k2b;
    const k3a = alpha * a3 - beta * a3 * b3;
    const k3b = delta * a3 * b3 - gamma * b3;
    const a4 = a + h * k3a;
    const b4 = b + h * k3b;
    const k4a = alpha * a4 - beta * a4 * b4;
    const k4b = delta * a4 * b4 - gamma * b4;
    a = a + (h / 6) * (k1a + 2 * k2a + 2 * k3a + k4a);
    b = b + (h / 6) * (k1b + 2 * k2b + 2 * k3b + k4b);
  }
  const out = new Float64Array(2);
  out[0] = a;
  out[1] = b;
  return out;
}

export const lotkaVolterraJacobian = jacrev(lotkaVolterra, 0);
export const lotkaVolterraJvp = (
  p: Float64Array,
  y0: Float64Array,
  steps: number,
  h: number,
  dp: Float64Array,
  dY0: Float64Array,
) => jvp(lotkaVolterra, [p, y0, steps, h], [dp, dY0, 0, 0]);
