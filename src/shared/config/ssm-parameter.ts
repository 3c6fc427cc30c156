/**
 * The configuration parameter read from SSM. A module of its own so that a function without a
 * configuration parameter never loads the SSM client (runtime.ts imports it on first use).
 */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError, errorCode } from '#shared/core/errors.js';
import type { ParameterFetcher } from './preflight-config.js';

/** GetParameter WithDecryption (String or SecureString); a missing parameter says how to create it. */
export function ssmParameterFetcher(ssm: SSMClient): ParameterFetcher {
  return async (name) => {
    let value: string | undefined;
    try {
      value = (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
    } catch (error) {
      if (errorCode(error) !== 'ParameterNotFound') throw error;
      throw new ConfigError(`it does not exist (create it: aws ssm put-parameter --name ${name} --type String --value file://preflight.config.yaml)`, {
        cause: error,
      });
    }
    if (value === undefined) throw new ConfigError('GetParameter returned no value');
    return value;
  };
}
