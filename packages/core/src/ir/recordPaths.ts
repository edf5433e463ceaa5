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

export function recordNumberFields(type: RecordsType): RecordNumberField[] {
  const out: RecordNumberField[] = [];
  walk(type.slice("readonly ".length, -"[]".length), [], out);
  return out;
}

/** The fields of the object type `shape` (`{ … }`), under `prefix`. */
function walk(shape: string, prefix: readonly string[], out: RecordNumberField[]): void {
  for (const member of topLevelMembers(shape.slice(1, -1))) {
    const match = /^readonly ("(?:[^"\\]|\\.)*"|[^?:\s]+)(\?)?: ([^]*)$/.exec(member);
    if (!match) continue;
    const key = match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : match[1];
    const type = match[3];
    if (type === "number") out.push({ path: [...prefix, key], optional: match[2] === "?" });
    else if (type.startsWith("{")) walk(type, [...prefix, key], out);
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
