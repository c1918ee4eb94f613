/** Types for preload.cjs: what it exports besides installing itself. */
export declare function redact(value: unknown): unknown;
/** Takes a form with files in (spooled to disk, then handed on); settles, never rejects (finding F3). */
export declare function takeFormUpload(
  server: import("node:http").Server,
  emit: (event: string, ...args: unknown[]) => unknown,
  request: import("node:http").IncomingMessage,
  response: import("node:http").ServerResponse,
  context: { requestId: string; queries?: number },
): Promise<void>;
/** Makes the response's head carry the status a page asked for in the request's context (instead of 200). */
export declare function answerPageStatus(response: import("node:http").ServerResponse, context: { status?: number }): void;
