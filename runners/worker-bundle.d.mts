/** Types for runners/worker-bundle.mjs (plain JS: it runs before, and instead of, tsx). */
export declare const BUNDLE: string;
export declare function bundleIsFresh(manifest?: unknown): boolean;
export declare function buildBundle(): Promise<void>;
export declare function loadWorkerBundle(): Promise<{ module: { default: unknown } | null; reason: string | null }>;
