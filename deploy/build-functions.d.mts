// Types of deploy/build-functions.mjs for the TypeScript that imports it (bench/, test/deploy/).
import type { BuildOptions, Metafile } from 'esbuild';

export declare const ROOT: string;
export declare const OUT_DIR: string;
export declare function esbuildOptions(): BuildOptions;
export declare function functionsOf(root?: string): Promise<Array<{ name: string; module: string }>>;
export declare function reachableOutputs(metafile: Metafile, entryOutput: string): string[];
export declare function zipOf(files: ReadonlyArray<{ name: string; content: Buffer }>): Buffer;
export interface BuiltFunction {
  name: string;
  /** The entry's path in the zip (src/handlers/<file>.mjs). */
  entry: string;
  /** Every file of the zip: the entry and the chunks it reaches. */
  files: string[];
  zip: string;
  /** esbuild's metafile, output paths as in the zip. */
  metafile: Metafile;
}
export declare function buildFunctions(options?: { root?: string; outDir?: string }): Promise<BuiltFunction[]>;
