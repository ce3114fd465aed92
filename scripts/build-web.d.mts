export const DEFAULT_WEB_DIR: string;
/** Whether the build in `outDir` is missing or older than a source of the web app. */
export function isWebStale(outDir?: string): boolean;
/** Builds the web app into `outDir`; the seconds it took. */
export function buildWeb(outDir?: string): Promise<number>;
/** Builds it when missing or stale, once for several processes; the seconds it took, or null. */
export function ensureWebBuilt(outDir?: string): Promise<number | null>;
