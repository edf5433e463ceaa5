// The example from the issue that started Cotangent: a loop whose trip count is a parameter, and a branch on a
// value that depends on the inputs. n is an integer, so only x and y are differentiated.
// @differentiate
export function f(x: number, y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += Math.sin(x * i) * y;
    if (s > 1) s = Math.log(s);
  }
  return s * s;
}
