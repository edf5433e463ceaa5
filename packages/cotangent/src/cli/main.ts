/**
 * The `cotangent` command line: `cotangent emit` writes derivative modules that any toolchain compiles (for
 * TypeScript 7 and bundlers, which cannot run the transformer), `cotangent check` runs them against finite
 * differences. The bin script (bin/cotangent.js) calls `main` and exits with its result.
 */
import * as fs from "fs";
import * as path from "path";
import { helpText, parseArgs, UsageError, type CommandSpec, type Parsed } from "./args";
import { checkCommand, runCheck } from "./check";
import { emitCommand, runEmit } from "./emit";
import type { Io } from "./io";
import { InputError, loadTypeScript, projectTypeScriptVersion, typeScript7Note, type Ts } from "./project";

const commands: readonly { spec: CommandSpec; run: (ts: Ts, args: Parsed, io: Io) => number }[] = [
  { spec: emitCommand, run: runEmit },
  { spec: checkCommand, run: runCheck },
];

function mainHelp(): string {
  return [
    "Usage: cotangent <command> [options] FILES...",
    "",
    "Source-to-source automatic differentiation for TypeScript, without a compiler plugin.",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.spec.name.padEnd(6)}  ${c.spec.brief}`),
    "",
    "Options:",
    "  -h, --help     Print this help, or a command's with 'cotangent <command> --help'.",
    "  -v, --version  Print the version of cotangent and of the TypeScript it parses with.",
    "",
  ].join("\n");
}

export function packageVersion(): string {
  const manifest = path.join(__dirname, "..", "..", "package.json");
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export function main(argv: readonly string[], io: Io): number {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
      io.stdout(mainHelp());
      return first === undefined ? 2 : 0;
    }
    if (first === "--version" || first === "-v") {
      io.stdout(`cotangent ${io.version} (parses with TypeScript ${loadTypeScript().version})\n`);
      return 0;
    }
    const command = commands.find((c) => c.spec.name === first);
    if (!command) throw new UsageError(`unknown command '${first}'`);
    const args = parseArgs(command.spec, rest);
    if (args.flags.has("help")) {
      io.stdout(helpText(command.spec));
      return 0;
    }
    if (args.positionals.length === 0) throw new UsageError(`'cotangent ${first}' needs at least one file`);
    const ts = loadTypeScript();
    const note = typeScript7Note(projectTypeScriptVersion(io.cwd), ts.version);
    if (note) io.stderr(`${note}\n`);
    return command.run(ts, args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = commands.some((c) => c.spec.name === first) ? `cotangent ${first} --help` : "cotangent --help";
      io.stderr(`error: ${error.message}. See '${hint}'.\n`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
