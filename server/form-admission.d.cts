/** Types for form-admission.cjs (review finding F1: whether a form's post with files is taken, from its headers). */
import type { IncomingMessage } from "node:http";

export declare const MAX_SPOOLS_IN_FLIGHT: number;
/** Refuse, hand on an empty form (no session cookie the portal sealed), or spool with a slot taken (`spool` releases it). */
export declare function admitForm(
  request: IncomingMessage,
): Promise<{ refuse: { status: number; message: string; headers?: Record<string, string> } } | { empty: true } | { spool: () => void }>;
