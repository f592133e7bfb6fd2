// Rule documentation rendered from each rule's `docs`: the one source for editor hovers, the
// generated docs/rules.md, the diagnostics' documentation links and the SARIF help.
import type { Rule } from './rule';

export const RULE_DOCS_URL = 'https://github.com/mailzone/mailzone/blob/main/docs/rules.md';

/** Anchor of a rule in docs/rules.md ("spf/soft-all" → "spf-soft-all"). */
export function ruleAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_URL}#${ruleAnchor(id)}`;
}

function plain(md: string): string {
  return md.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
}

export function ruleHelpMarkdown(r: Rule): string {
  let s = `**${r.docs.summary}**\n\n${r.docs.details}`;
  if (r.docs.bad) s += `\n\nTriggers:\n\n\`\`\`\n${r.docs.bad}\n\`\`\``;
  if (r.docs.good) s += `\n\nInstead:\n\n\`\`\`\n${r.docs.good}\n\`\`\``;
  return s;
}

export function ruleHelpText(r: Rule): string {
  let s = `${r.docs.summary}\n\n${plain(r.docs.details)}`;
  if (r.docs.bad) s += `\n\nTriggers:\n${r.docs.bad}`;
  if (r.docs.good) s += `\n\nInstead:\n${r.docs.good}`;
  return s;
}

export function ruleFullDescription(r: Rule): string {
  return plain(r.docs.details);
}
