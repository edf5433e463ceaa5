/** Peer columns a problem does not implement, reported with the reason instead of silently left out. */
import type { ColumnId, MissingColumn } from "../harness/problem";
import type { Peers } from "./load";

export function notImplemented(peers: Peers, ids: readonly ColumnId[]): MissingColumn[] {
  return ids.map((id) => ({
    id,
    reason: peers.errors[id] ?? "not implemented for this problem in the benchmark yet",
  }));
}
