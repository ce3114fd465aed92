/** A user mistake on the command line: printed as one line on stderr, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

export const EXIT_USAGE = 2;
