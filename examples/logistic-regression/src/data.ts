/**
 * The training set: two Gaussian blobs in the plane, drawn from a seeded PRNG so that every run (and the test that
 * reads this example's output) sees the same points. Features are stored row-major in one Float64Array, which is
 * the array shape the compiler differentiates through: row i is X[i·d], …, X[i·d + d − 1].
 */

/** A labelled data set: `n` rows of `d` features in `X` (row-major), and a label 0 or 1 per row in `y`. */
export interface Dataset {
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** mulberry32 (Tommy Ettinger): a 32-bit state PRNG, uniform in [0, 1). Small, fast and good enough for test data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample by the Box–Muller transform; `1 − u` keeps the logarithm's argument in (0, 1]. */
export function gaussian(uniform: () => number): number {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * `n` points in 2-D, alternating between class 0 around `(−1, −0.5)` and class 1 around `(1, 0.5)`, each blob with
 * standard deviation `spread`. The blobs overlap a little, so no line separates them perfectly and the loss stays
 * above zero.
 */
export function twoBlobs(n: number, seed: number, spread = 0.9): Dataset {
  const d = 2;
  const random = mulberry32(seed);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const centers = [
    [-1, -0.5],
    [1, 0.5],
  ];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    y[i] = label;
    for (let j = 0; j < d; j++) X[i * d + j] = centers[label][j] + spread * gaussian(random);
  }
  return { X, y, n, d };
}
