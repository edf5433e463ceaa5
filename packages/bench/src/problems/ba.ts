/**
 * ADBench bundle adjustment: the sum of squared reprojection residuals over all observations, differentiated with
 * respect to every camera (Rodrigues rotation 3, center 3, focal 1, principal point 2, radial distortion 2) and every
 * 3-D point. This is the gradient of the least-squares objective, one reverse sweep, rather than ADBench's sparse
 * Jacobian built from per-observation jacobians.
 */
import { grad, jvp } from "cotangent";

// @differentiate
export function baObjective(
  cams: Float64Array,
  points: Float64Array,
  camIndex: Float64Array,
  pointIndex: Float64Array,
  feats: Float64Array,
): number {
  let total = 0;
  for (let o = 0; o < camIndex.length; o++) {
    const c = camIndex[o] * 11;
    const p = pointIndex[o] * 3;
    const d0 = points[p] - cams[c + 3];
    const d1 = points[p + 1] - cams[c + 4];
    const d2 = points[p + 2] - cams[c + 5];
    const r0 = cams[c];
    const r1 = cams[c + 1];
    const r2 = cams[c + 2];
    const theta = Math.sqrt(r0 * r0 + r1 * r1 + r2 * r2);
    let p0 = 0;
    let p1 = 0;
    let p2 = 0;
    if (theta !== 0) {
      const k0 = r0 / theta;
      const k1 = r1 / theta;
      const k2 = r2 / theta;
      const cs = Math.cos(theta);
      const sn = Math.sin(theta);
      const dot = k0 * d0 + k1 * d1 + k2 * d2;
      p0 = d0 * cs + (k1 * d2 - k2 * d1) * sn + k0 * dot * (1 - cs);
      p1 = d1 * cs + (k2 * d0 - k0 * d2) * sn + k1 * dot * (1 - cs);
      p2 = d2 * cs + (k0 * d1 - k1 * d0) * sn + k2 * dot * (1 - cs);
    } else {
      p0 = d0 + r1 * d2 - r2 * d1;
      p1 = d1 + r2 * d0 - r0 * d2;
      p2 = d2 + r0 * d1 - r1 * d0;
    }
    const u0 = p0 / p2;
    const u1 = p1 / p2;
    const rsq = u0 * u0 + u1 * u1;
    const l = 1 + cams[c + 9] * rsq + cams[c + 10] * rsq * rsq;
    const e0 = u0 * l * cams[c + 6] + cams[c + 7] - feats[2 * o];
    const e1 = u1 * l * cams[c + 6] + cams[c + 8] - feats[2 * o + 1];
    total += e0 * e0 + e1 * e1;
  }
  return total;
}

export const baGrad = grad(baObjective, [0, 1]);
export const baJvp = (
  cams: Float64Array,
  points: Float64Array,
  camIndex: Float64Array,
  pointIndex: Float64Array,
  feats: Float64Array,
  dCams: Float64Array,
  dPoints: Float64Array,
  dData: { camIndex: Float64Array; pointIndex: Float64Array; feats: Float64Array },
) =>
  jvp(
    baObjective,
    [cams, points, camIndex, pointIndex, feats],
    [dCams, dPoints, dData.camIndex, dData.pointIndex, dData.feats],
  );
