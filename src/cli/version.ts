/** The package version, inlined into the bundle by esbuild (and read directly by tests). */
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
