/**
 * Argument parsing for the `cotangent` commands: each command declares its flags, and anything else that starts
 * with `-` is an error (a misspelled `--chek` must not silently write files). Node's `util.parseArgs` would do
 * the splitting, but not per-flag value checks and messages, which are most of this file.
 */

export interface FlagSpec {
  /** `--name`; `alias` is a one-letter short form (`-p`). */
  readonly name: string;
  readonly alias?: string;
  /** A flag that takes a value (`--out-dir DIR` or `--out-dir=DIR`); otherwise a switch. */
  readonly value?: string;
  /** Allowed values, checked here so every command reports them the same way. */
  readonly choices?: readonly string[];
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  /** One line for `cotangent --help`. */
  readonly brief: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  /** Extra help text: conventions, exit codes. */
  readonly details?: string;
}

export interface Parsed {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

/** Thrown for usage errors; `main` prints the message with a pointer to `--help` and exits with 2. */
export class UsageError extends Error {}

export const HELP_FLAG: FlagSpec = { name: "help", alias: "h", description: "Print this help and exit." };

export function parseArgs(spec: CommandSpec, argv: readonly string[]): Parsed {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const [key, inline] = arg.startsWith("--") ? splitInline(arg.slice(2)) : [arg.slice(1), undefined];
    const flag = spec.flags.find((f) => (arg.startsWith("--") ? f.name === key : f.alias === key));
    if (!flag) throw new UsageError(`unknown option '${arg}' for 'cotangent ${spec.name}'`);
    if (!flag.value) {
      if (inline !== undefined) throw new UsageError(`option '--${flag.name}' takes no value`);
      flags.set(flag.name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith("-"))) {
      throw new UsageError(`option '--${flag.name}' needs a value (${flag.value})`);
    }
    if (flag.choices && !flag.choices.includes(value)) {
      throw new UsageError(`option '--${flag.name}' must be one of ${flag.choices.join(", ")} (got '${value}')`);
    }
    flags.set(flag.name, value);
  }
  return { positionals, flags };
}

function splitInline(body: string): [string, string | undefined] {
  const eq = body.indexOf("=");
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

/** The `--help` text of a command: usage, summary, one line per flag, then the details. */
export function helpText(spec: CommandSpec): string {
  const left = (f: FlagSpec) => `${f.alias ? `-${f.alias}, ` : "    "}--${f.name}${f.value ? ` ${f.value}` : ""}`;
  const width = Math.max(...spec.flags.map((f) => left(f).length));
  const lines = [
    `Usage: ${spec.usage}`,
    "",
    spec.summary,
    "",
    "Options:",
    ...spec.flags.map((f) => `  ${left(f).padEnd(width)}  ${f.description}`),
  ];
  if (spec.details) lines.push("", spec.details);
  return `${lines.join("\n")}\n`;
}
