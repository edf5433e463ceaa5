const GRAVITY = 9.81;

// A damped pendulum of length 1 m released at angle theta0 (rad) with angular velocity omega0 (rad/s), integrated
// for 2 s with 400 steps of semi-implicit Euler. Returns the mechanical energy per unit mass left at the end, so
// its gradient says how the final energy responds to the initial state and to the damping coefficient.
// @differentiate
export function pendulumEnergy(theta0: number, omega0: number, damping: number): number {
  const dt = 0.005;
  let theta = theta0;
  let omega = omega0;
  for (let step = 0; step < 400; step++) {
    omega += dt * (-GRAVITY * Math.sin(theta) - damping * omega);
    theta += dt * omega;
  }
  return 0.5 * omega * omega + GRAVITY * (1 - Math.cos(theta));
}

// The Lennard-Jones potential 4ε((σ/r)¹² − (σ/r)⁶) between two atoms at (x1, y1) and (x2, y2): its gradient with
// respect to a position is minus the force on that atom.
// @differentiate
export function lennardJones(x1: number, y1: number, x2: number, y2: number, epsilon: number, sigma: number): number {
  const r = Math.hypot(x2 - x1, y2 - y1);
  const s6 = (sigma / r) ** 6;
  return 4 * epsilon * (s6 * s6 - s6);
}
