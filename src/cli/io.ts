/** The CLI's edges, injectable so tests drive the program in-process and read what it wrote. */

export interface CliOutput {
  write(text: string): void;
  /** Progress is drawn only on a terminal; piped output stays clean. */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Read for AWS_REGION / AWS_DEFAULT_REGION (the SDK itself reads process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** `--output` and `--params @file` paths are relative to this. */
  cwd: string;
  now?: () => Date;
}

export function processIo(): CliIo {
  return {
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Exit codes, as README.md documents them. */
export const ExitCode = {
  OK: 0,
  /** Failures at or above `--fail-on`. */
  FAILURES: 1,
  /** Usage, configuration or credential errors: nothing was (or could be) scanned. */
  USAGE: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
