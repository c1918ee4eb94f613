/**
 * The portal's JSON log lines (LOG_FORMAT=json) as a test sees them: everything written to stdout
 * and stderr while capturing, and the lines that parse as JSON.
 */
export type CapturedLog = { raw: string[]; lines: Record<string, unknown>[]; restore: () => void };

export function captureLogLines(): CapturedLog {
  const captured: CapturedLog = { raw: [], lines: [], restore: () => {} };
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        captured.raw.push(line);
        try {
          captured.lines.push(JSON.parse(line));
        } catch {
          // Not one of the portal's lines.
        }
      }
      return true;
    }),
  );
  captured.restore = () => spies.forEach((spy) => spy.mockRestore());
  return captured;
}
