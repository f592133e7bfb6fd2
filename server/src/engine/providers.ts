// Every area's hover/completion provider, asked in order; the first answer wins.
import type { FeatureProvider } from './features';
import { spfFeatures } from './spf/features';
import { policyFeatures } from './policy/features';

export const featureProviders: readonly FeatureProvider[] = [spfFeatures, policyFeatures];
