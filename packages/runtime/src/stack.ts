/**
 * Growable LIFO stacks over typed arrays: the tapes of reverse-mode code.
 *
 * Generated forward sweeps push values the reverse sweep needs (overwritten primal values) and control decisions
 * (branch taken, loop trip counts); reverse sweeps pop them in the opposite order. One stack per element type keeps
 * every element unboxed and every call monomorphic. Capacity doubles on overflow and is kept across calls, so a
 * gradient in a loop allocates nothing after its first call.
 *
 * Re-entrancy: a differentiated call pushes above the position where it started and pops back to it, so nested
 * gradients, recursion and callees share one stack without interfering (Griewank & Walther, ch. 4).
 */
export class Float64Stack {
  /** Backing store; replaced by a larger copy when full. */
  data: Float64Array;
  /** Number of live elements. */
  top = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(initialCapacity);
  }

  push(value: number): void {
    if (this.top === this.data.length) this.grow(this.top + 1);
    this.data[this.top++] = value;
  }

  pop(): number {
    return this.data[--this.top];
  }

  /**
   * The backing array, with room for `count` more values above depth `top`. Generated code that keeps the depth in
   * a local reserves once per straight-line stretch or counted loop, then writes `data[top++] = v` with no check per
   * value. A NaN count (from a loop with a NaN bound, which does not run) reserves nothing.
   */
  reserve(top: number, count: number): Float64Array {
    return top + count <= this.data.length || !(count > 0) ? this.data : this.grow(top + count);
  }

  /**
   * Pushes a copy of an array's elements, then its length: what a gradient called inside differentiated code needs
   * again in the reverse sweep, whatever the caller does to the array meanwhile.
   */
  pushArray(values: ArrayLike<number>): void {
    const n = values.length;
    const data = this.reserve(this.top, n + 1);
    for (let i = 0; i < n; i++) data[this.top + i] = values[i];
    data[this.top + n] = n;
    this.top += n + 1;
  }

  /** Pops an array `pushArray` pushed, as a new array of the given kind. */
  popArray(kind: "Array"): number[];
  popArray(kind: "Float64Array"): Float64Array;
  popArray(kind: "Float32Array"): Float32Array;
  popArray(kind: "Array" | "Float64Array" | "Float32Array"): number[] | Float64Array | Float32Array {
    const n = this.data[--this.top];
    this.top -= n;
    const stored = this.data.subarray(this.top, this.top + n);
    if (kind === "Array") return Array.from(stored);
    return kind === "Float64Array" ? Float64Array.from(stored) : Float32Array.from(stored);
  }

  /** Hands the depth back from generated code's local: before a call that may use the stack, and on return. */
  setTop(top: number): void {
    this.top = top;
  }

  /** Bytes currently held on the stack (for benchmarks and tests of tape size). */
  get bytes(): number {
    return this.top * Float64Array.BYTES_PER_ELEMENT;
  }

  private grow(needed: number): Float64Array {
    const larger = new Float64Array(grownLength(this.data.length, needed));
    larger.set(this.data);
    this.data = larger;
    return larger;
  }
}

/**
 * Integer stack for branch decisions and loop trip counts. A class of its own rather than a generic one over the
 * array type: each stack's `data` then keeps one element kind, so every push and pop stays monomorphic in V8.
 */
export class Int32Stack {
  data: Int32Array;
  top = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(initialCapacity);
  }

  push(value: number): void {
    if (this.top === this.data.length) this.grow(this.top + 1);
    this.data[this.top++] = value;
  }

  pop(): number {
    return this.data[--this.top];
  }

  /** As Float64Stack.reserve. */
  reserve(top: number, count: number): Int32Array {
    return top + count <= this.data.length || !(count > 0) ? this.data : this.grow(top + count);
  }

  /** As Float64Stack.setTop. */
  setTop(top: number): void {
    this.top = top;
  }

  get bytes(): number {
    return this.top * Int32Array.BYTES_PER_ELEMENT;
  }

  private grow(needed: number): Int32Array {
    const larger = new Int32Array(grownLength(this.data.length, needed));
    larger.set(this.data);
    this.data = larger;
    return larger;
  }
}

/** Capacity doubles until `needed` values fit. */
function grownLength(length: number, needed: number): number {
  let grown = length * 2;
  while (grown < needed) grown *= 2;
  return grown;
}

/**
 * Arrays a forward sweep set aside when it gave their variable a new array (`h = next` in a loop, which generated
 * code makes a fresh array per iteration): the reverse sweep takes each back, to re-read its elements, instead of
 * the forward sweep recording every element it read. The arrays are kept, not copied: nothing writes into an array
 * once its variable holds another. `bytes` counts the elements they hold, which stay alive until the reverse sweep.
 */
export class ArrayStack {
  data: (ArrayLike<number> | undefined)[] = [];
  top = 0;
  /** Elements held by the arrays on the stack, 8 bytes each (a Float32Array's count as much: an upper bound). */
  private held = 0;
  /** The most elements held since `resetPeak`, for peakTapeBytes. */
  private peakHeld = 0;

  push(array: ArrayLike<number> | undefined): void {
    this.data[this.top++] = array;
    this.held += array ? array.length : 0;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
  }

  /**
   * The array pushed last, typed as the variable it goes back to (`h = arrays.pop()`); its slot is cleared so that the
   * stack keeps nothing alive past its reverse sweep.
   */
  pop<T extends ArrayLike<number> | undefined>(): T {
    const array = this.data[--this.top] as T;
    this.data[this.top] = undefined;
    this.held -= array ? array.length : 0;
    return array;
  }

  /** Drops the arrays above depth `top`, which an interrupted forward sweep left for a reverse sweep that never ran. */
  setTop(top: number): void {
    while (this.top > top) this.pop();
  }

  get bytes(): number {
    return this.held * Float64Array.BYTES_PER_ELEMENT;
  }

  get peakBytes(): number {
    return this.peakHeld * Float64Array.BYTES_PER_ELEMENT;
  }

  resetPeak(): void {
    this.peakHeld = this.held;
  }
}
