// Rules of this area, in catalog order. Add each rule module here.
import type { Rule } from '../../rule';
import { mtaStsSyntax } from './mta-sts-syntax';
import { mtaStsIdInvalid } from './mta-sts-id-invalid';
import { mtaStsPolicyHostMissing } from './mta-sts-policy-host-missing';
import { mtaStsTlsrptMissing } from './mta-sts-tlsrpt-missing';
import { tlsrptSyntax } from './tlsrpt-syntax';
import { tlsrptUriInvalid } from './tlsrpt-uri-invalid';
import { bimiSyntax } from './bimi-syntax';
import { bimiHttpsRequired } from './bimi-https-required';
import { bimiDmarcNotEnforced } from './bimi-dmarc-not-enforced';
import { daneTlsaInvalid } from './dane-tlsa-invalid';
import { daneSmtpUsage } from './dane-smtp-usage';
import { daneMatchingFull } from './dane-matching-full';
import { mxNullMx } from './mx-null-mx';
import { mxTargetCname } from './mx-target-cname';
import { mxTargetIp } from './mx-target-ip';
import { mxTargetNoAddress } from './mx-target-no-address';

export const policyRules: Rule[] = [
  mtaStsSyntax,
  mtaStsIdInvalid,
  mtaStsPolicyHostMissing,
  mtaStsTlsrptMissing,
  tlsrptSyntax,
  tlsrptUriInvalid,
  bimiSyntax,
  bimiHttpsRequired,
  bimiDmarcNotEnforced,
  daneTlsaInvalid,
  daneSmtpUsage,
  daneMatchingFull,
  mxNullMx,
  mxTargetCname,
  mxTargetIp,
  mxTargetNoAddress,
];
