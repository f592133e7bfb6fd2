// Hover and completion for DMARC, DKIM, MTA-STS, TLS-RPT and BIMI tag-list records (owned by the policy work).
import type { FeatureProvider } from '../features';

export const policyFeatures: FeatureProvider = {};
