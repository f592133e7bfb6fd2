// Rules that apply to any record (catalog section "Zone").
import type { Rule } from '../../rule';
import { syntax } from './syntax';
import { stringTooLong } from './string-too-long';
import { relativeTarget } from './relative-target';
import { cnameAndOtherData } from './cname-and-other-data';
import { duplicateRecord } from './duplicate-record';
import { integrity } from './integrity';
import { checkNames } from './check-names';
import { includeOutsideWorkspace } from './include-outside-workspace';
import { unusedSuppression } from './unused-suppression';

export const zoneRules: Rule[] = [
  syntax,
  stringTooLong,
  relativeTarget,
  cnameAndOtherData,
  duplicateRecord,
  integrity,
  checkNames,
  includeOutsideWorkspace,
  unusedSuppression,
];
