import { Command, CommanderError } from "commander";
import { CliUsageError, EXIT_USAGE } from "./cli/cli-error";

const program = new Command("soporte")
  .description("Soporte: support center for annual support contracts")
  .showHelpAfterError()
  .exitOverride();

const { registerServerCommands } = await import("./cli/server.command");
registerServerCommands(program);
const { registerSlaCommands } = await import("./cli/sla.command");
registerSlaCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // help and version exit 0; every other parse problem is a usage error
    process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
  }
  if (error instanceof CliUsageError) {
    process.stderr.write(`soporte: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  }
  process.stderr.write(
    `soporte: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
