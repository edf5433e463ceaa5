/**
 * The number fields of an array of records, read from its IR type (`readonly { readonly t: number; readonly pos:
 * { readonly x: number }; readonly label: string }[]`): the leaves a gradient in the records has, in declaration
 * order. A gradient in `obs` keeps them element by element in one Float64Array, `obs[i]`'s field k at
 * `i * fields + k`, so that its adjoint is an ordinary array and every pass treats it as one.
 */
import type { RecordsType } from "./expr";

export interface RecordNumberField {
  /** The keys from the element to the number (`["pos", "x"]`). */
  readonly path: readonly string[];
  /** An optional field (`note?: number`), which an element may not have. */
  readonly optional: boolean;
}

/** A field of an element that holds no object: its keys and its IR type as printed (`number`, `readonly number[]`). */
interface RecordLeaf extends RecordNumberField {
  readonly type: string;
}

export function recordNumberFields(type: RecordsType): RecordNumberField[] {
  return recordLeaves(type)
    .filter((leaf) => leaf.type === "number")
    .map(({ path, optional }) => ({ path, optional }));
}

/** The IR type of the field at `path` of an element (`boolean[]` for `keep`), if the records' type has it. */
export function recordFieldType(type: RecordsType, path: readonly string[]): string | undefined {
  return recordLeaves(type).find((leaf) => samePath(leaf.path, path))?.type;
}

/** Keys compared one by one: `["a.b"]` is not `["a", "b"]`. */
export const samePath = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((key, k) => key === b[k]);

function recordLeaves(type: RecordsType): RecordLeaf[] {
  const out: RecordLeaf[] = [];
  walk(type.slice("readonly ".length, -"[]".length), [], out);
  return out;
}

/** The fields of the object type `shape` (`{ … }`), under `prefix`. */
function walk(shape: string, prefix: readonly string[], out: RecordLeaf[]): void {
  for (const member of topLevelMembers(shape.slice(1, -1))) {
    const match = /^readonly ("(?:[^"\\]|\\.)*"|[^?:\s]+)(\?)?: ([^]*)$/.exec(member);
    if (!match) continue;
    const key = match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : match[1];
    const type = match[3];
    if (type.startsWith("{")) walk(type, [...prefix, key], out);
    else out.push({ path: [...prefix, key], optional: match[2] === "?", type });
  }
}

/** The members of an object type's body, split at the semicolons outside nested braces and quoted keys. */
function topLevelMembers(body: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
    else if (c === ";" && depth === 0) {
      members.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(body.slice(start).trim());
  return members.filter((m) => m.length > 0);
}
