/** What a command may touch besides the file system: its working directory, output streams and version. */
export interface Io {
  readonly cwd: string;
  readonly version: string;
  stdout(text: string): void;
  stderr(text: string): void;
}
