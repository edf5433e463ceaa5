import { grad, jvp } from "cotangent";

/** A product of two matrices the function builds, then its trace: local matrices stored flat with their row starts. */
function matmul(a: number[][], b: number[][]): number[][] {
  const c = Array.from({ length: a.length }, () => new Array<number>(b[0].length).fill(0));
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      for (let j = 0; j < b[0].length; j++) c[i][j] += aik * b[k][j];
    }
  }
  return c;
}

// @differentiate
export function f(x: number[]): number {
  const a = [
    [x[0], x[1]],
    [x[2], 1],
  ];
  const c = matmul(a, a);
  return c[0][0] + Math.sin(c[1][1]);
}

export const point = [[0.4, -0.7, 1.2]];
export const gradient = grad(f, [0]);
export const tangent = (p: [number[]], t: [number[]]) => jvp(f, p, t);
