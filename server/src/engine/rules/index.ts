// The rule registry: every rule module, grouped by area. Each area's index lists its rules.
import type { Rule } from '../rule';
import { zoneRules } from './zone';
import { spfRules } from './spf';
import { dmarcRules } from './dmarc';
import { dkimRules } from './dkim';
import { policyRules } from './policy';
import { octodnsRules } from './octodns';

export const allRules: readonly Rule[] = [
  ...zoneRules,
  ...spfRules,
  ...dmarcRules,
  ...dkimRules,
  ...policyRules,
  ...octodnsRules,
];

const byId = new Map<string, Rule>(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** Rules that no module checks directly but that readers report (zone/syntax …) still need docs. */
export function knownRuleIds(): string[] {
  return [...byId.keys()];
}
