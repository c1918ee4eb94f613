/** Types for preload.cjs: what it exports besides installing itself. */
export declare function redact(value: unknown): unknown;
