// `npm run example -- <name>` (and `npm run demo`, which is `<name>` = demo): compiles examples/<name> with the
// workspace's tspc (ts-patch), the way a user's project builds with the Cotangent plugin, then runs its
// out/main.js with node. Both npm scripts build the packages first.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const examples = join(root, "examples");
const require = createRequire(join(root, "package.json"));

const name = process.argv[2];
const available = readdirSync(examples, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(examples, entry.name, "tsconfig.json")))
  .map((entry) => entry.name);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run example -- <name>, where <name> is one of: ${available.join(", ")}`);
  process.exit(2);
}
const example = join(examples, name);

// ts-patch's own bin entry, run with this node: no shell and no .cmd shim, so it works the same on every platform.
const tsPatchDir = dirname(require.resolve("ts-patch/package.json"));
const tspc = join(tsPatchDir, require("ts-patch/package.json").bin.tspc);

function run(label, args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`${name}: ${label} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

run(`tspc -p examples/${name}`, [tspc, "-p", join(example, "tsconfig.json")], example);
run(`node examples/${name}/out/main.js`, [join(example, "out", "main.js")], example);
