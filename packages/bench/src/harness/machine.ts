/** The machine a run was measured on, printed above every results table. */
import * as os from "os";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly v8: string;
  /** The flags node ran with: the measurement processes inherit them (package.json's `bench` script sets them). */
  readonly nodeFlags: string;
  /** glibc allocator settings from the environment (`MALLOC_…_`), which the measurement processes inherit too. */
  readonly allocator: string;
  readonly platform: string;
  readonly date: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    nodeFlags: process.execArgv.join(" "),
    allocator: Object.entries(process.env)
      .filter(([name]) => /^MALLOC_\w+_$/.test(name))
      .map(([name, value]) => `${name}=${value}`)
      .sort()
      .join(" "),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
