/** The SDK binding of AcmApi: the only module that loads '@aws-sdk/client-acm' (imported on first use). */
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import type { ClientConfig } from '../../client-config.js';
import { readable } from '../../raw-answers.js';
import type { AcmApi } from './reader.js';

/** The API over a new client built with Preflight's config. */
export function sdkApi(config: ClientConfig): AcmApi {
  return awsAcmApi(readable(new ACMClient(config)));
}

export function awsAcmApi(client: ACMClient): AcmApi {
  return {
    listCertificates: (input) => client.send(new ListCertificatesCommand(input)),
    describeCertificate: (input) => client.send(new DescribeCertificateCommand(input)),
  };
}
