import { readFileSync } from "node:fs";
import { parseBusinessHours, parseHolidays } from "@/lib/support/business-hours";
import { DEFAULT_RESPONSE_TARGETS, parseResponseTargets } from "@/lib/support/response-targets";
import { ConfigurationError } from "./configuration-error";
import type { Environment } from "./environment";

// Unset SUPPORT_HOURS: the hours every catalog names by default ("Monday to Friday, 8 am to 6 pm"), in UTC.
const DEFAULT_SUPPORT_HOURS = "Mon-Fri 08:00-18:00 UTC";

/** Issue 27: the working time that response targets count in, and the targets themselves. */
export function supportTime(env: Environment) {
  let holidays: string[] = [];
  if (env.SUPPORT_HOLIDAYS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.SUPPORT_HOLIDAYS_FILE, "utf8");
    } catch {
      throw new ConfigurationError("SUPPORT_HOLIDAYS_FILE", "names a file that cannot be read");
    }
    try {
      holidays = parseHolidays(text);
    } catch (error) {
      throw new ConfigurationError("SUPPORT_HOLIDAYS_FILE", `is invalid (${(error as Error).message})`);
    }
  }
  const attempt = <T,>(variable: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new ConfigurationError(variable, `is invalid (${(error as Error).message})`);
    }
  };
  return {
    hours: attempt("SUPPORT_HOURS", () => parseBusinessHours(env.SUPPORT_HOURS ?? DEFAULT_SUPPORT_HOURS, holidays)),
    responseTargets: attempt("SUPPORT_RESPONSE_TARGETS", () => parseResponseTargets(env.SUPPORT_RESPONSE_TARGETS ?? DEFAULT_RESPONSE_TARGETS)),
  };
}
