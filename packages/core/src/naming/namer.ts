/**
 * Chooses readable, unique names for generated variables (Tangent's Namer; Clad's derivative naming).
 * `x` → tangent `x_dot`, adjoint `x_bar`; temporaries from their operation (`sin_x`, `x_times_y`); anything longer
 * than `MAX_DERIVED_LENGTH` falls back to `<hint>_<k>`. Every name passes through `unique()` against the scope.
 */
export const MAX_DERIVED_LENGTH = 16;

export class Namer {
  private readonly taken: Set<string>;

  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  reserve(name: string): void {
    this.taken.add(name);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** A namer that starts with the names taken so far and then goes its own way (for a sibling function). */
  fork(): Namer {
    return new Namer(this.taken);
  }

  /** `base` itself if free, else `base_1`, `base_2`, … */
  unique(base: string): string {
    const clean = toIdentifier(base);
    if (!this.taken.has(clean)) {
      this.taken.add(clean);
      return clean;
    }
    for (let k = 1; ; k++) {
      const candidate = `${clean}_${k}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }

  /** A temporary named after its operation, or after `hint` when that name would be too long. */
  temp(derived: string, hint: string): string {
    return this.unique(derived.length <= MAX_DERIVED_LENGTH ? derived : hint);
  }
}

/** `name` as a JavaScript identifier: other characters ('#' of a private field's name) become '_'. */
export function toIdentifier(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, "_");
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * Names of one kind of derivative variable (`x` → `x_dot`, or `x` → `x_bar`), chosen once per primal name. `names`
 * lists the pairs made so far, in order.
 */
export function derivativeNames(
  namer: Namer,
  suffix: "dot" | "bar",
): { of(name: string): string; names: Map<string, string> } {
  const names = new Map<string, string>();
  return {
    names,
    of(name) {
      let derived = names.get(name);
      if (!derived) {
        derived = namer.unique(`${name}_${suffix}`);
        names.set(name, derived);
      }
      return derived;
    },
  };
}
