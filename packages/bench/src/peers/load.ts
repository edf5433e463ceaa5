/**
 * Loads the peer AD libraries once per process. A library that fails to load (or to initialize a backend) is
 * recorded with its error message, and its columns are reported as missing with that message rather than left out.
 */
import type { Adnn } from "./adnn-types";
import type { Rose } from "./rose-types";

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

/** Imports every peer library; never throws. */
export async function loadPeers(): Promise<Peers> {
  const errors: Record<string, string> = {};
  let tf: Tf | undefined;
  const tfBackends: string[] = [];
  try {
    tf = await importTf();
    if (await tf.setBackend("cpu")) tfBackends.push("cpu");
    else errors["tfjs-cpu"] = "tf.setBackend('cpu') returned false";
    try {
      await import("@tensorflow/tfjs-backend-wasm");
      if (await tf.setBackend("wasm")) tfBackends.push("wasm");
      else errors["tfjs-wasm"] = "tf.setBackend('wasm') returned false";
    } catch (e) {
      errors["tfjs-wasm"] = message(e);
    }
  } catch (e) {
    errors["tfjs-cpu"] = errors["tfjs-wasm"] = message(e);
  }
  let jax: Jax | undefined;
  try {
    shimFloat16Array();
    const loaded = await importJax();
    jax = loaded;
    // init() with no argument also probes WebGPU through `navigator`, which Node 20 lacks; wasm is what runs here.
    const devices = await loaded.init("wasm");
    if (!devices.includes("wasm")) throw new Error(`jax-js devices: ${devices.join(", ")}, no wasm`);
    loaded.defaultDevice("wasm");
  } catch (e) {
    errors["jax-js"] = message(e);
    jax = undefined;
  }
  let rose: Rose | undefined;
  try {
    rose = (await import("rose")) as unknown as Rose;
  } catch (e) {
    errors["rose"] = message(e);
  }
  let adnn: Adnn | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    adnn = require("adnn/ad") as Adnn;
  } catch (e) {
    errors["adnn"] = message(e);
  }
  return { tf, tfBackends, jax, rose, adnn, errors };
}
