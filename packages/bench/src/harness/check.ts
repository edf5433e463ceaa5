/**
 * Correctness of every column of an instance (run by `npm test` at tiny sizes; nothing here is timed). The
 * reference is a central finite-difference gradient of the objective; Cotangent's reverse gradient must match it,
 * and every other column must match Cotangent's reverse gradient: gradients element-wise, forward mode through
 * ⟨∇f, v⟩, values against the primal.
 */
import type { ColumnId, Instance } from "./problem";
import { concat } from "./random";

export interface ColumnCheck {
  readonly id: ColumnId | "finite-differences";
  /** Norm-wise relative error against the reference named by `against`. */
  readonly error: number;
  readonly tolerance: number;
  readonly against: string;
}

export interface InstanceCheck {
  readonly problem: string;
  readonly label: string;
  readonly checks: readonly ColumnCheck[];
  readonly missing: readonly { id: string; reason: string }[];
}

/** ‖a − b‖ / max(‖b‖, 1e-300): one number per gradient, insensitive to the scale of the problem. */
export function relativeNormError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300);
}

/** Central differences on every input element, with a step near the cube root of machine epsilon. */
export function finiteDifferenceGradient(instance: Instance): Float64Array {
  const parts = instance.inputs.map((input) => {
    const g = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const saved = input[i];
      const h = 6e-6 * Math.max(1, Math.abs(saved));
      input[i] = saved + h;
      const plus = instance.objective();
      input[i] = saved - h;
      const minus = instance.objective();
      input[i] = saved;
      g[i] = (plus - minus) / (2 * h);
    }
    return g;
  });
  return concat(parts);
}

const FD_TOLERANCE = 1e-6;
const F64_TOLERANCE = 1e-9;
/** tfjs computes in float32: about 1e-7 per operation, accumulated over sums of up to a few thousand terms. */
const F32_TOLERANCE = 1e-3;

export async function checkInstance(instance: Instance): Promise<InstanceCheck> {
  const reverse = instance.columns.find((c) => c.id === "reverse");
  if (!reverse) throw new Error(`${instance.problem} ${instance.label}: no reverse column`);
  await reverse.activate?.();
  const reference = reverse.result().gradient;
  if (!reference) throw new Error(`${instance.problem}: the reverse column returned no gradient`);
  const primal = instance.objective();
  const dirGrad = concat(instance.direction);
  let directional = 0;
  for (let i = 0; i < dirGrad.length; i++) directional += dirGrad[i] * reference[i];
  const scale = Math.sqrt(reference.reduce((s, g) => s + g * g, 0)) * Math.sqrt(dirGrad.reduce((s, v) => s + v * v, 0));

  const checks: ColumnCheck[] = [
    {
      id: "finite-differences",
      error: relativeNormError(reference, finiteDifferenceGradient(instance)),
      tolerance: FD_TOLERANCE,
      against: "reverse vs central differences",
    },
  ];
  for (const column of instance.columns) {
    await column.activate?.();
    const result = column.result();
    const tolerance = column.precision === "float32" ? F32_TOLERANCE : F64_TOLERANCE;
    if (result.value !== undefined) {
      const error = Math.abs(result.value - primal) / Math.max(1, Math.abs(primal));
      checks.push({ id: column.id, error, tolerance, against: "value vs primal" });
    }
    if (result.gradient) {
      if (column.id !== "reverse") {
        const error = relativeNormError(result.gradient, reference);
        checks.push({ id: column.id, error, tolerance, against: "gradient vs reverse" });
      }
    }
    if (result.directional !== undefined) {
      const error = Math.abs(result.directional - directional) / Math.max(scale, 1e-300);
      checks.push({ id: column.id, error, tolerance, against: "jvp vs <reverse gradient, v>" });
    }
  }
  return { problem: instance.problem, label: instance.label, checks, missing: instance.missing };
}
