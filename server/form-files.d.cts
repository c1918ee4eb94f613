/** Types for form-files.cjs (issue 26: a form's files written to disk as they arrive). */
import type { IncomingMessage } from "node:http";

export declare const SPOOLED_PREFIX: string;
export declare class FormUnreadable extends Error {}
export declare function spoolForm(request: IncomingMessage, requestId: string, tokens: string[]): Promise<{ body: Buffer; contentType: string }>;
export declare function release(tokens: string[]): void;
// Review finding F1: the admission (form-admission.cjs), reached through this module.
export { MAX_SPOOLS_IN_FLIGHT, admitForm } from "./form-admission.cjs";
export declare function emptyForm(): { body: Buffer; contentType: string };
export declare function spoolFolder(): string;
export declare function sweepStaleFolders(): void;
