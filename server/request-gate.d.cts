/** Types for request-gate.cjs (plain CommonJS, shared by server/preload.cjs and proxy.ts). */
export declare const MAX_BODY_BYTES: number;
export declare const MAX_UPLOAD_BODY_BYTES: number;
export declare function isReadablePath(rawUrl: string): boolean;
export declare function inspectRequest(request: { method: string; url: string; headers: Record<string, string | string[] | undefined> }): { status: number; message: string } | null;
