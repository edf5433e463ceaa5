/**
 * Values as trees of numbers, as JAX's pytrees: a number is a leaf; arrays (`number[]`, typed arrays, `number[][]`,
 * tuples) and plain objects are nodes; strings, booleans and other values are carried along and hold no leaves.
 * Tests use this to treat arguments of any shape as one flat vector (for finite differences and unit tangents),
 * and to read a derivative that must have the same shape as its value (the parameter's, or the result's).
 */

const isTypedArray = (v: unknown): v is Float64Array | Float32Array =>
  ArrayBuffer.isView(v) && !(v instanceof DataView);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !isTypedArray(v);

/** The leaves of `tree`, depth first, in array order and then in the objects' key order. */
export function leaves(tree: unknown): number[] {
  if (typeof tree === "number") return [tree];
  if (isTypedArray(tree)) return Array.from(tree);
  if (Array.isArray(tree)) return tree.flatMap(leaves);
  if (isPlainObject(tree)) return Object.values(tree).flatMap(leaves);
  return [];
}

/**
 * A copy of `template` whose leaves are `values`, in the order `leaves` lists them. Arrays keep their kind
 * (a Float32Array stays a Float32Array), and fields without leaves (a model's name) are copied.
 */
export function rebuild<T>(template: T, values: readonly number[]): T {
  let next = 0;
  const build = (node: unknown): unknown => {
    if (typeof node === "number") return values[next++];
    if (isTypedArray(node)) return node.map(() => values[next++]);
    if (Array.isArray(node)) return node.map(build);
    if (isPlainObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, build(v)]));
    return node;
  };
  const out = build(template) as T;
  if (next !== values.length) throw new Error(`rebuild: the template has ${next} leaves, not ${values.length}`);
  return out;
}

/**
 * The leaves of `tree` read at the positions of `template`'s leaves, after checking that `tree` has `template`'s
 * shape: a number where it has a number, an array of the same kind and length where it has an array, and an object
 * with exactly the fields that hold leaves (a gradient leaves out strings and flags, as JAX does).
 */
export function leavesLike(template: unknown, tree: unknown, where = "value"): number[] {
  if (typeof template === "number") {
    if (typeof tree !== "number") throw new Error(`${where}: expected a number, got ${describe(tree)}`);
    return [tree];
  }
  if (isTypedArray(template) || Array.isArray(template)) {
    const kind = template.constructor;
    const t = tree as ArrayLike<unknown>;
    if (tree === null || typeof tree !== "object" || tree.constructor !== kind || t.length !== template.length) {
      throw new Error(`${where}: expected a ${kind.name} of length ${template.length}, got ${describe(tree)}`);
    }
    return Array.from(template as ArrayLike<unknown>).flatMap((v, i) => leavesLike(v, t[i], `${where}[${i}]`));
  }
  if (isPlainObject(template)) {
    const keys = Object.keys(template).filter((k) => leaves(template[k]).length > 0);
    if (!isPlainObject(tree)) throw new Error(`${where}: expected an object, got ${describe(tree)}`);
    const got = Object.keys(tree).sort();
    if (got.join() !== [...keys].sort().join()) {
      throw new Error(`${where}: expected the fields {${keys.join(", ")}}, got {${got.join(", ")}}`);
    }
    return keys.flatMap((k) => leavesLike(template[k], tree[k], `${where}.${k}`));
  }
  return [];
}

function describe(v: unknown): string {
  if (v === null || typeof v !== "object") return `${typeof v} ${String(v)}`;
  const length = (v as ArrayLike<unknown>).length;
  return length === undefined
    ? `an object {${Object.keys(v).join(", ")}}`
    : `a ${v.constructor.name} of length ${length}`;
}
