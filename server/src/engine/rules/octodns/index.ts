// Rules of this area, in catalog order. Add each rule module here.
import type { Rule } from '../../rule';
import { syntax } from './syntax';
import { unescapedSemicolon } from './unescaped-semicolon';
import { spfType } from './spf-type';

export const octodnsRules: Rule[] = [syntax, unescapedSemicolon, spfType];
