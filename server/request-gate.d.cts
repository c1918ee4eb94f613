/** Types for request-gate.cjs (plain CommonJS, shared by server/preload.cjs and proxy.ts). */
export declare const MAX_BODY_BYTES: number;
export declare const MAX_UPLOAD_BODY_BYTES: number;
export declare function isReadablePath(rawUrl: string): boolean;
export declare const FILES_TOO_LARGE_PAGE: string;
export declare const UPLOAD_PATHS: RegExp;
type GateRequest = { method: string; url: string; headers: Record<string, string | string[] | undefined> };
export declare function inspectRequest(request: GateRequest): { status: number; message: string; page?: string } | null;
export declare function isFormUpload(request: GateRequest): boolean;
