// `npm run demo`: compiles examples/demo with the workspace's tspc (ts-patch), the way a user's project builds with
// the Cotangent plugin, then runs the output with node. `npm run demo` builds the packages first.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "examples", "demo");
const require = createRequire(join(root, "package.json"));

// ts-patch's own bin entry, run with this node: no shell and no .cmd shim, so it works the same on every platform.
const tsPatchDir = dirname(require.resolve("ts-patch/package.json"));
const tspc = join(tsPatchDir, require("ts-patch/package.json").bin.tspc);

function run(label, args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`demo: ${label} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

run("tspc -p examples/demo", [tspc, "-p", join(demo, "tsconfig.json")], demo);
run("node examples/demo/out/main.js", [join(demo, "out", "main.js")], demo);
