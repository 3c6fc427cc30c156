/**
 * `yaml` loads only when a YAML configuration is read: a deployment whose configuration parameter is JSON
 * never loads it (the cold start of every function reads that parameter). The YAML module is the real
 * one, wrapped to see when it loads.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadParameterConfig, parsePreflightConfig } from '#shared/config/preflight-config.js';
import { RULES } from '../../../src/rules/index.js';

const seen = vi.hoisted(() => ({ loads: 0 }));

vi.mock('#shared/config/yaml-text.js', async (importOriginal) => {
  seen.loads += 1;
  return importOriginal();
});

describe('the YAML parser', () => {
  // In this order: a module loads at most once per test file.
  it('is not loaded by a JSON configuration parameter, nor by a JSON file', async () => {
    const config = await loadParameterConfig('/preflight/config', async () => '  {"regions": ["eu-west-1"]}', RULES);
    expect(config.regions).toEqual(['eu-west-1']);
    await expect(parsePreflightConfig('{"regions": ', 'json', 'c.json', RULES)).rejects.toThrow(/not valid JSON/);
    expect(seen.loads).toBe(0);
  });

  it('is loaded by the first YAML configuration, once', async () => {
    const config = await loadParameterConfig('/preflight/config', async () => 'regions: [us-east-1]\n', RULES);
    expect(config.regions).toEqual(['us-east-1']);
    await expect(parsePreflightConfig('regions: [eu-west-1\n', 'yaml', 'c.yaml', RULES)).rejects.toThrow(/not valid YAML/);
    expect(seen.loads).toBe(1);
  });
});
