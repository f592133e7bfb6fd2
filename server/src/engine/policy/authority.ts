// "Is this name in a zone we know?" answered through the reads the editor's incremental lint
// tracks per name (ctx.recordsAt, ctx.workspace.recordsAt, ctx.resolver.lookupSync) instead of
// ctx.zone or ctx.workspace.authorityFor, which would make a per-record rule re-run on every record
// after each edit.
import type { LintContext } from '../rule';
import { isUnder } from '../workspace';

type Ctx = Pick<LintContext, 'recordsAt' | 'workspace' | 'resolver'>;

/** The name one label up ('' above a TLD). */
export function parentOf(n: string): string {
  const i = n.indexOf('.');
  return i < 0 || i === n.length - 1 ? '' : n.slice(i + 1);
}

/**
 * This zone's origin as far as its SOA tells: the nearest name at or above `name` holding an SOA
 * record in this zone (a zone file's origin is its SOA's owner). Undefined when there is none
 * (octoDNS, a zone file without SOA, or a name outside the zone).
 */
export function soaOriginAbove(ctx: Pick<LintContext, 'recordsAt'>, name: string): string | undefined {
  for (let n = name; n; n = parentOf(n)) if (ctx.recordsAt(n, 'SOA').length > 0) return n;
  return undefined;
}

/**
 * True when the workspace has a record at `name` or at a name above it: then the zone holding it is
 * authoritative for `name` too (workspace.recordsAt answers only from authoritative zones).
 */
export function recordAtOrAbove(ctx: Pick<LintContext, 'workspace'>, name: string): boolean {
  for (let a = name; a; a = parentOf(a)) if (ctx.workspace.recordsAt(a).length > 0) return true;
  return false;
}

/**
 * True when some zone of the workspace is authoritative for `name` (what
 * workspace.authorityFor(name).length > 0 tells), through tracked reads: the resolver's workspace
 * answers carry source 'workspace'; with any resolver, a record of the workspace at the name or
 * above it tells. (Not seen: a zone with no record at its apex or between it and the name, asked
 * through a resolver that does not answer from the workspace.)
 */
export function inWorkspace(ctx: Ctx, name: string): boolean {
  const res = ctx.resolver.lookupSync?.(name, 'TXT');
  if (res && res.source === 'workspace') return true;
  return recordAtOrAbove(ctx, name);
}

/**
 * The check `workspace.authorityFor(name).length > 0 || isUnder(name, zone.origin)` for names
 * looked at from a record of this zone at `from`: the workspace first, then this zone's SOA (found
 * once, at the first name the workspace does not know).
 */
export function knownNames(ctx: Ctx, from: string): (name: string) => boolean {
  let origin: string | undefined | null = null;
  return (name) => {
    if (inWorkspace(ctx, name)) return true;
    if (origin === null) origin = soaOriginAbove(ctx, from);
    return origin !== undefined && isUnder(name, origin);
  };
}
