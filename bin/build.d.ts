// Types for build.js (plain JavaScript, since it runs before anything is built).
export declare function buildCli(root?: string): Promise<{ id: string; dir: string; files: number }>;
