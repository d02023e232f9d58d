// Types for prebuilt.js (plain JavaScript, since it runs before anything is built).
export declare const PROJECT_ROOT: string;
export declare const BUILDS_DIR: string;
export declare const MANIFEST: string;
export declare const MANIFEST_FORMAT: number;
export interface BuildManifest {
  format: number;
  root: string;
  build: string;
  entry: string;
  /** [path relative to the root, mtimeMs, size, SHA-256 hex] */
  sources: [string, number, number, string][];
}
export declare function sha256Of(path: string): string;
export declare function freshPrebuiltEntry(root?: string): string | undefined;
export declare function readManifest(root: string): BuildManifest | undefined;
