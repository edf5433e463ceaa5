/**
 * Loads the peer AD libraries once per process. A library that fails to load (or to initialize a backend) is
 * recorded with its error message, and its columns are reported as missing with that message rather than left out.
 */
import type { Adnn } from "./adnn-types";
import type { Rose } from "./rose-types";
import type { ColumnId } from "../harness/problem";

// Types of the modules as `import()` loads them (jax-js and rose are ES modules; this package compiles to CommonJS).
const importTf = () => import("@tensorflow/tfjs");
const importJax = () => import("@jax-js/jax");
export type Tf = Awaited<ReturnType<typeof importTf>>;
export type Jax = Awaited<ReturnType<typeof importJax>>;

export interface Peers {
  readonly tf?: Tf;
  /** tfjs backends that initialized ("cpu", "wasm"). */
  readonly tfBackends: readonly string[];
  readonly jax?: Jax;
  readonly rose?: Rose;
  readonly adnn?: Adnn;
  /** Why a library or backend is unavailable, by column id. */
  readonly errors: Readonly<Record<string, string>>;
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e);
}

/**
 * jax-js 0.1.25 tests `data instanceof Float16Array` when it builds an array, and Node 20 has no Float16Array (it
 * throws "ReferenceError: Float16Array is not defined"). The benchmark never uses float16, so an empty class makes
 * that test false, as it is on runtimes that have the global; nothing else in jax-js reads it for float64 arrays.
 */
function shimFloat16Array(): void {
  const g = globalThis as { Float16Array?: unknown };
  if (g.Float16Array === undefined) g.Float16Array = class Float16Array {};
}

/** The peer columns, each named after the library (and tfjs backend) it times. */
export const PEER_COLUMNS: readonly ColumnId[] = ["tfjs-cpu", "tfjs-wasm", "jax-js", "rose", "adnn"];

/** Imports the peer libraries that the `wanted` columns need (all of them by default); never throws. */
export async function loadPeers(wanted: readonly ColumnId[] = PEER_COLUMNS): Promise<Peers> {
  const errors: Record<string, string> = {};
  const tfBackends: string[] = [];
  const tf =
    wanted.includes("tfjs-cpu") || wanted.includes("tfjs-wasm") ? await loadTf(wanted, tfBackends, errors) : undefined;
  const jax = wanted.includes("jax-js") ? await loadJax(errors) : undefined;
  const rose = wanted.includes("rose") ? await loadRose(errors) : undefined;
  const adnn = wanted.includes("adnn") ? loadAdnn(errors) : undefined;
  return { tf, tfBackends, jax, rose, adnn, errors };
}

async function loadTf(wanted: readonly ColumnId[], backends: string[], errors: Record<string, string>) {
  try {
    const tf = await importTf();
    if (await tf.setBackend("cpu")) backends.push("cpu");
    else errors["tfjs-cpu"] = "tf.setBackend('cpu') returned false";
    if (wanted.includes("tfjs-wasm")) {
      try {
        await import("@tensorflow/tfjs-backend-wasm");
        if (await tf.setBackend("wasm")) backends.push("wasm");
        else errors["tfjs-wasm"] = "tf.setBackend('wasm') returned false";
      } catch (e) {
        errors["tfjs-wasm"] = message(e);
      }
    }
    return tf;
  } catch (e) {
    errors["tfjs-cpu"] = errors["tfjs-wasm"] = message(e);
    return undefined;
  }
}

async function loadJax(errors: Record<string, string>): Promise<Jax | undefined> {
  try {
    shimFloat16Array();
    const jax = await importJax();
    // init() with no argument also probes WebGPU through `navigator`, which Node 20 lacks; wasm is what runs here.
    const devices = await jax.init("wasm");
    if (!devices.includes("wasm")) throw new Error(`jax-js devices: ${devices.join(", ")}, no wasm`);
    jax.defaultDevice("wasm");
    return jax;
  } catch (e) {
    errors["jax-js"] = message(e);
    return undefined;
  }
}

async function loadRose(errors: Record<string, string>): Promise<Rose | undefined> {
  try {
    return (await import("rose")) as unknown as Rose;
  } catch (e) {
    errors["rose"] = message(e);
    return undefined;
  }
}

function loadAdnn(errors: Record<string, string>): Adnn | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("adnn/ad") as Adnn;
  } catch (e) {
    errors["adnn"] = message(e);
    return undefined;
  }
}
