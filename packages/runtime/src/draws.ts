/**
 * One realization of a function that draws random numbers (`Math.random()`, a constant of the computation), shared by
 * every sweep of one derivative call. A vjp's value and each call of its pullback, the sweeps of jacfwd and jacrev
 * (one per input or output) and a Hessian's products each run the function anew; without this, each run would draw
 * other numbers, and the pieces would belong to different functions. Generated wrappers make one `Draws` per call
 * and run each sweep through it.
 */
export class Draws {
  private readonly values: number[] = [];

  /**
   * Runs `sweep` with `Math.random` giving this realization's numbers in the order they were first drawn, and
   * drawing (and keeping) new ones past them. The first sweep draws; the others replay.
   */
  run<T>(sweep: () => T): T {
    const draw = Math.random;
    const values = this.values;
    let next = 0;
    Math.random = () => {
      if (next === values.length) values.push(draw());
      return values[next++];
    };
    try {
      return sweep();
    } finally {
      Math.random = draw;
    }
  }
}

/** A new realization, for one derivative call. */
export function draws(): Draws {
  return new Draws();
}
