/**
 * YAML configuration text as plain data. Its own module so that `yaml` (~118 KB) loads only when a YAML
 * configuration is read (preflight-config.ts imports this with `import()`): a function whose
 * configuration parameter is JSON, or that has none, never loads it.
 */
import { parseDocument } from 'yaml';
import { ConfigError, errorMessage } from '#shared/core/errors.js';

/** YAML aliases a configuration may expand; a few anchors are plenty, an "alias bomb" needs thousands. */
const MAX_YAML_ALIASES = 100;

/** The document as plain data; a syntax error or an alias bomb is a ConfigError naming `source`. */
export function parseYamlText(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false });
  const first = doc.errors[0];
  if (first) throw new ConfigError(`${source}: not valid YAML: ${first.message.split('\n')[0]}`, { cause: first });
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // yaml throws a ReferenceError when the aliases would expand past maxAliasCount.
    throw new ConfigError(`${source}: not valid YAML: ${errorMessage(error).split('\n')[0]}`, { cause: error });
  }
}
