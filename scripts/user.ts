/**
 * The operator's command line: npm run user -- <command> [arguments]
 * Works on the database the portal uses (DATABASE_URL, or the embedded one); the commands
 * themselves are in user-commands.ts.
 */
import { reloadConfig } from "@/lib/config";
import { openedDatabaseHandle } from "@/lib/db";
import { userCommand, type UserCommandResult } from "./user-commands";

async function main() {
  let result: UserCommandResult;
  try {
    reloadConfig();
    result = await userCommand(process.argv.slice(2));
  } catch (error) {
    // Only the configuration can throw here (userCommand answers every refusal itself).
    result = { code: 1, out: "", err: error instanceof Error && error.name === "ConfigurationError" ? error.message : String(error) };
  }
  if (result.out) console.log(result.out);
  if (result.err) console.error(result.err);
  // Only a database a command opened: `help` or a usage error never opens (or migrates) one.
  await (await openedDatabaseHandle()?.catch(() => undefined))?.close();
  process.exit(result.code);
}

void main();
