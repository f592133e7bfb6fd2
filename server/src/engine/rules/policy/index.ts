// Rules of this area, in catalog order. Add each rule module here.
import type { Rule } from '../../rule';

export const policyRules: Rule[] = [];
