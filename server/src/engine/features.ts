// Editor features that depend on the meaning of a record (hover, completion), kept in the engine
// and free of LSP types: each area (SPF, the tag-list records) provides them for its records, and
// the language server only converts positions. The same docs text feeds hovers, rule docs and SARIF.
import type { DnsRecord, Zone } from './model';
import type { LintOptions } from './rule';
import type { Resolver } from './resolver';
import type { Workspace } from './workspace';

export interface FeatureContext {
  zone: Zone;
  workspace: Workspace;
  resolver: Resolver;
  options: LintOptions;
}

export interface HoverResult {
  /** Markdown. */
  markdown: string;
  start: number;
  end: number;
}

export interface CompletionEntry {
  label: string;
  /** Text inserted; defaults to label. May be a snippet when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  kind: 'keyword' | 'value' | 'snippet';
  /** Span of text the item replaces (defaults to the word at the cursor). */
  replaceStart?: number;
  replaceEnd?: number;
  /** Valid but not to be chosen (`h=sha1`): shown struck through, after the others. */
  deprecated?: boolean;
}

export interface FeatureProvider {
  /** Called for the record under the cursor (offset in rec.file). Return undefined when not yours. */
  hover?(rec: DnsRecord, offset: number, ctx: FeatureContext): Promise<HoverResult | undefined> | HoverResult | undefined;
  complete?(rec: DnsRecord, offset: number, ctx: FeatureContext): CompletionEntry[] | undefined;
}
