/** Helpers rules use to scope themselves by name patterns. */

/** A glob with `*` (any run of characters) and `?` (one character), anchored, as a RegExp. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export {};
