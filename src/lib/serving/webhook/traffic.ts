// Validation of a traffic target list (Route spec, or Service spec where the Service names the
// Configuration itself). Paths are relative to the list; callers nest them under `spec.traffic`.
import type { TrafficTarget } from '../types.js';
import { goList, isDNS1035Label, isQualifiedName } from './dns.js';
import {
  errDisallowedFields,
  errGeneric,
  errInvalidKeyName,
  errInvalidValue,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
  viaIndex,
  type FieldErrors,
} from './field-error.js';

function validateTarget(tt: TrafficTarget, inService: boolean): FieldErrors {
  const errs: FieldErrors = [];
  if (tt.latestRevision !== undefined && tt.latestRevision !== null) {
    const pinned = (tt.revisionName ?? '') !== '';
    if (pinned === tt.latestRevision) {
      errs.push(
        errGeneric(
          `may not set revisionName ${JSON.stringify(tt.revisionName ?? '')} when latestRevision is ${tt.latestRevision}`,
          ['latestRevision'],
        ),
      );
    }
  }
  const rev = tt.revisionName ?? '';
  const cfg = tt.configurationName ?? '';
  if (inService && cfg !== '') errs.push(errDisallowedFields('configurationName'));
  else if (rev !== '' && cfg !== '') errs.push(errMultipleOneOf('revisionName', 'configurationName'));
  else if (rev !== '') {
    const msgs = isQualifiedName(rev);
    if (msgs.length) errs.push(errInvalidKeyName(rev, 'revisionName', msgs.join(', ')));
  } else if (!inService && cfg === '') errs.push(errMissingOneOf('revisionName', 'configurationName'));
  else if (cfg !== '') {
    const msgs = isQualifiedName(cfg);
    if (msgs.length) errs.push(errInvalidKeyName(cfg, 'configurationName', msgs.join(', ')));
  }
  if (tt.percent !== undefined && tt.percent !== null && (tt.percent < 0 || tt.percent > 100)) {
    errs.push(errOutOfBoundsValue(tt.percent, 0, 100, 'percent'));
  }
  if (tt.url) errs.push(errDisallowedFields('url'));
  return errs;
}

/** Validates `spec.traffic` entries, tags and the 100% sum (paths relative to the list). */
export function validateTrafficList(traffic: readonly TrafficTarget[] | undefined, inService: boolean): FieldErrors {
  const errs: FieldErrors = [];
  const tags = new Map<string, number>();
  let sum = 0;
  (traffic ?? []).forEach((tt, i) => {
    errs.push(...viaIndex(validateTarget(tt, inService), i));
    sum += tt.percent ?? 0;
    if (!tt.tag) return;
    const msgs = isDNS1035Label(tt.tag);
    // Upstream names this path `tag[i]` (not `[i].tag`); kn users see exactly that.
    if (msgs.length) errs.push(errInvalidValue(`not a DNS 1035 label: ${goList(msgs)}`, `tag[${i}]`));
    const first = tags.get(tt.tag);
    if (first !== undefined) {
      errs.push(errGeneric(`Multiple definitions for ${JSON.stringify(tt.tag)}`, [`[${i}].tag`, `[${first}].tag`]));
    } else {
      tags.set(tt.tag, i);
    }
  });
  if (sum !== 100) errs.push(errGeneric(`Traffic targets sum to ${sum}, want 100`, ['']));
  return errs;
}
