// Rules of this area, in catalog order. Add each rule module here.
import type { Rule } from '../../rule';
import { spfSyntax } from './syntax';
import { spfVersion } from './version';
import { spfMultipleRecords } from './multiple-records';
import { spfType99 } from './type99';
import { spfPlusAll } from './plus-all';
import { spfNeutralAll } from './neutral-all';
import { spfSoftAll } from './soft-all';
import { spfNoAll } from './no-all';
import { spfTooManyLookups } from './too-many-lookups';
import { spfLookupsNearLimit } from './lookups-near-limit';
import { spfVoidLookups } from './void-lookups';
import { spfMxTooMany } from './mx-too-many';
import { spfIncludeLoop } from './include-loop';
import { spfIncludeNoSpf } from './include-no-spf';
import { spfPtr } from './ptr';
import { spfAfterAll } from './after-all';
import { spfRedirectWithAll } from './redirect-with-all';
import { spfDuplicateModifier } from './duplicate-modifier';
import { spfDuplicateTerm } from './duplicate-term';
import { spfInvalidIp } from './invalid-ip';
import { spfIpHostBits } from './ip-host-bits';
import { spfMacroSyntax } from './macro-syntax';
import { spfSplitMangled } from './split-mangled';
import { spfRecordTooLong } from './record-too-long';
import { spfSenderId } from './sender-id';
import { spfUnknownModifier } from './unknown-modifier';
import { spfNonMailDomain } from './non-mail-domain';
import { spfM365IncludeMissing } from './m365-include-missing';

export const spfRules: Rule[] = [
  spfSyntax,
  spfVersion,
  spfMultipleRecords,
  spfType99,
  spfPlusAll,
  spfNeutralAll,
  spfSoftAll,
  spfNoAll,
  spfTooManyLookups,
  spfLookupsNearLimit,
  spfVoidLookups,
  spfMxTooMany,
  spfIncludeLoop,
  spfIncludeNoSpf,
  spfPtr,
  spfAfterAll,
  spfRedirectWithAll,
  spfDuplicateModifier,
  spfDuplicateTerm,
  spfInvalidIp,
  spfIpHostBits,
  spfMacroSyntax,
  spfSplitMangled,
  spfRecordTooLong,
  spfSenderId,
  spfUnknownModifier,
  spfNonMailDomain,
  spfM365IncludeMissing,
];
