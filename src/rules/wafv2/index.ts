import type { Rule } from '../define-rule.js';
import { wafv2WebAclAssociated } from './webacl-associated.js';

export const wafv2Rules: Rule[] = [wafv2WebAclAssociated];
