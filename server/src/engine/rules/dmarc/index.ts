// Rules of this area, in catalog order. Add each rule module here.
import type { Rule } from '../../rule';
import { dmarcSyntax } from './syntax';
import { dmarcVersion } from './version';
import { dmarcMultipleRecords } from './multiple-records';
import { dmarcWrongLocation } from './wrong-location';
import { dmarcMissingRecord } from './missing-record';
import { dmarcMissingPolicy } from './missing-policy';
import { dmarcInvalidValue } from './invalid-value';
import { dmarcDuplicateTag } from './duplicate-tag';
import { dmarcUnknownTag } from './unknown-tag';
import { dmarcPNone } from './p-none';
import { dmarcSpWeaker } from './sp-weaker';
import { dmarcPctWithNone } from './pct-with-none';
import { dmarcPctPartial } from './pct-partial';
import { dmarcRemovedTag } from './removed-tag';
import { dmarcTesting } from './testing';
import { dmarcRuaMissing } from './rua-missing';
import { dmarcUriInvalid } from './uri-invalid';
import { dmarcExternalDestination } from './external-destination';
import { dmarcFoWithoutRuf } from './fo-without-ruf';
import { dmarcTooManyUris } from './too-many-uris';
import { dmarcNonMailDomain } from './non-mail-domain';
import { dmarcPsdMisused } from './psd-misused';

export const dmarcRules: Rule[] = [
  dmarcSyntax,
  dmarcVersion,
  dmarcMultipleRecords,
  dmarcWrongLocation,
  dmarcMissingRecord,
  dmarcMissingPolicy,
  dmarcInvalidValue,
  dmarcDuplicateTag,
  dmarcUnknownTag,
  dmarcPNone,
  dmarcSpWeaker,
  dmarcPctWithNone,
  dmarcPctPartial,
  dmarcRemovedTag,
  dmarcTesting,
  dmarcRuaMissing,
  dmarcUriInvalid,
  dmarcExternalDestination,
  dmarcFoWithoutRuf,
  dmarcTooManyUris,
  dmarcNonMailDomain,
  dmarcPsdMisused,
];
