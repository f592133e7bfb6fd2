import type { Rule } from '../../rule';
import { UNUSED_SUPPRESSION } from '../../suppress';

// Reported by the engine (suppress.ts) after all rules ran.
export const unusedSuppression: Rule = {
  id: UNUSED_SUPPRESSION,
  severity: 'hint',
  docs: {
    summary: 'A `mailzone-disable` comment silences nothing.',
    details:
      'Suppression comments (`; mailzone-disable-next-line <rule-id>` in zone files, `# mailzone-disable-next-line <rule-id>` ' +
      'in YAML, or `mailzone-disable <rule-id>` for the rest of the file) are for findings you have decided to accept. ' +
      'One that silences nothing — the problem was fixed, the rule ID is misspelt, or the record moved — would hide the ' +
      'next real problem on that line. Remove it.',
    bad: '; mailzone-disable-next-line spf/soft-all\n@ TXT "v=spf1 -all"',
    good: '@ TXT "v=spf1 -all"',
  },
};
