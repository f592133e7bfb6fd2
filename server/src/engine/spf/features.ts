// Hover and completion for SPF records (owned by the SPF work).
import type { FeatureProvider } from '../features';

export const spfFeatures: FeatureProvider = {};
