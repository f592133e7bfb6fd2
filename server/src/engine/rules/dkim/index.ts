// Rules of this area, in catalog order. Add each rule module here.
import type { Rule } from '../../rule';
import { dkimSyntax } from './syntax';
import { dkimVersion } from './version';
import { dkimMultipleRecords } from './multiple-records';
import { dkimMissingKey } from './missing-key';
import { dkimRevoked } from './revoked';
import { dkimInvalidKey } from './invalid-key';
import { dkimWeakKey } from './weak-key';
import { dkimTesting } from './testing';
import { dkimSha1 } from './sha1';
import { dkimServiceType } from './service-type';
import { dkimM365Cname } from './m365-cname';
import { dkimM365SelectorMissing } from './m365-selector-missing';
import { dkimM365TenantMismatch } from './m365-tenant-mismatch';

export const dkimRules: Rule[] = [
  dkimSyntax,
  dkimVersion,
  dkimMultipleRecords,
  dkimMissingKey,
  dkimRevoked,
  dkimInvalidKey,
  dkimWeakKey,
  dkimTesting,
  dkimSha1,
  dkimServiceType,
  dkimM365Cname,
  dkimM365SelectorMissing,
  dkimM365TenantMismatch,
];
