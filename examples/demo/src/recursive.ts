// The Chebyshev polynomial Tₙ(x) by its defining recursion Tₙ = 2x·Tₙ₋₁ − Tₙ₋₂ (T₀ = 1, T₁ = x): a recursive function
// that calls itself twice. Differentiating the recursion gives Tₙ'(x) = n·Uₙ₋₁(x).
// @differentiate
export function chebyshev(x: number, n: number): number {
  if (n === 0) return 1;
  if (n === 1) return x;
  return 2 * x * chebyshev(x, n - 1) - chebyshev(x, n - 2);
}

// xⁿ by repeated squaring, recursing on n / 2: O(log n) multiplications, each with its own derivative.
// @differentiate
export function powerBySquaring(x: number, n: number): number {
  if (n === 0) return 1;
  const half = powerBySquaring(x, Math.floor(n / 2));
  if (n % 2 === 0) return half * half;
  return x * half * half;
}
