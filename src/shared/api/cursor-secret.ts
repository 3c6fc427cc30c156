/**
 * The deployed cursor signing key: a Secrets Manager secret the stack generates per deployment, read
 * once per container (its ARN is in CURSOR_SECRET_ARN; the function may read that secret only).
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '#shared/core/errors.js';
import { MIN_CURSOR_SECRET_LENGTH } from '#shared/store/cursor.js';

export async function readCursorSecret(client: SecretsManagerClient, arn: string): Promise<string> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  const value = out.SecretString;
  // Never sign with an empty or short key: that would be as guessable as no key.
  if (!value || value.length < MIN_CURSOR_SECRET_LENGTH) {
    throw new ConfigError(`secret ${arn} holds no cursor signing key (a string of at least ${MIN_CURSOR_SECRET_LENGTH} characters)`);
  }
  return value;
}
