/**
 * Whether an error is PostgreSQL's unique_violation (23505): another transaction took the value
 * first, between a check and a write. drizzle wraps the driver's error, so it may be the cause.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return code === "23505";
}
