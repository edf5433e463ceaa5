/**
 * tfjs columns: the same gradient computed on the cpu backend (plain JavaScript kernels) and the wasm backend. tfjs
 * computes in float32. Each column creates its input tensors once, on its own backend, as tfjs's guides do for
 * model parameters; the timed call runs `tf.grad` (or `tf.grads`) inside `tf.tidy` and reads
 * the gradients back with `dataSync()`, since the result must reach JavaScript to be used like the others'.
 */
import type { Column, ColumnResult, MissingColumn } from "../harness/problem";
import { concat } from "../harness/random";
import type { Peers, Tf } from "./load";

/** What a problem gives tfjs: builds, for the current backend, a function returning the gradient tensors. */
export type TfBuild = (tf: Tf) => { gradient: () => InstanceType<Tf["Tensor"]>[]; dispose: () => void };

/**
 * One column per tfjs backend that loaded. Each backend's tensors are created and its gradient run once here, so
 * that a backend lacking a kernel the gradient needs is reported with tfjs's error instead of a number.
 */
export async function tfjsColumns(
  peers: Peers,
  build: TfBuild,
): Promise<{ columns: Column[]; missing: MissingColumn[] }> {
  const columns: Column[] = [];
  const missing: MissingColumn[] = [];
  for (const backend of ["cpu", "wasm"] as const) {
    const id = backend === "cpu" ? "tfjs-cpu" : "tfjs-wasm";
    const tf = peers.tf;
    if (!tf || !peers.tfBackends.includes(backend)) {
      missing.push({ id, reason: peers.errors[id] ?? "tfjs did not load" });
      continue;
    }
    await tf.setBackend(backend);
    const built = build(tf);
    const run = (): Float32Array[] => {
      const grads = tf.tidy(() => built.gradient());
      const data = grads.map((g) => g.dataSync() as Float32Array);
      tf.dispose(grads);
      return data;
    };
    try {
      run();
    } catch (e) {
      built.dispose();
      missing.push({ id, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      continue;
    }
    columns.push({
      id,
      precision: "float32",
      async activate() {
        await tf.setBackend(backend);
      },
      run,
      result(): ColumnResult {
        return { gradient: concat(run()) };
      },
    });
  }
  return { columns, missing };
}
