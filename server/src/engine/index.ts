// The engine's public surface, for the language server, the CLI, tests and the benchmark.
export * from './model';
export * from './rule';
export * from './lint';
export * from './workspace';
export * from './resolver';
export * from './suppress';
export * from './features';
export * from './documents';
export { allRules, ruleById, knownRuleIds } from './rules';
export * from './zone';
export * from './octodns';
export * from './providers';
export * from './ruledocs';
