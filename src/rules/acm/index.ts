import type { Rule } from '../define-rule.js';
import { acmCertificateNotExpiring } from './certificate-not-expiring.js';

export const acmRules: Rule[] = [acmCertificateNotExpiring];
