// The one list of rules. A rule that is not here does not run.
import { busFactor } from './busFactor.js';
import { commsSharedFate } from './commsSharedFate.js';
import { independence } from './independence.js';
import { keyWithData } from './keyWithData.js';
import { noBackup } from './noBackup.js';
import { replicaIsNotBackup } from './replicaIsNotBackup.js';
import { restoreDependency } from './restoreDependency.js';
import { restoreUntested } from './restoreUntested.js';
import { retention } from './retention.js';
import { rpo } from './rpo.js';
import { rto } from './rto.js';
import { singlePointOfFailure } from './singlePointOfFailure.js';
import { staleResource } from './staleResource.js';
import { threeTwoOne } from './threeTwoOne.js';
import { threeTwoOneOneZero } from './threeTwoOneOneZero.js';
import type { AnyRule, Rule, WaiverRule } from './types.js';
import { unlistedResource } from './unlistedResource.js';
import { unowned } from './unowned.js';
import { unverifiedBackup } from './unverifiedBackup.js';
import { waiverExpired } from './waiverExpired.js';
import { waiverRenewals } from './waiverRenewals.js';
import { waiverTooLong } from './waiverTooLong.js';
import { waiverUnused } from './waiverUnused.js';

/** Rules over the inventory and its risk groups, in the order they run. */
export const INVENTORY_RULES: readonly Rule<unknown>[] = [
  singlePointOfFailure,
  independence,
  noBackup,
  threeTwoOne,
  threeTwoOneOneZero,
  replicaIsNotBackup,
  rpo,
  rto,
  retention,
  restoreUntested,
  unverifiedBackup,
  keyWithData,
  restoreDependency,
  commsSharedFate,
  busFactor,
  unowned,
  unlistedResource,
  staleResource,
];

/** Rules over the waivers, run once the inventory rules' findings are matched against them. */
export const WAIVER_RULES: readonly WaiverRule<unknown>[] = [waiverExpired, waiverRenewals, waiverTooLong, waiverUnused];

/** Every rule: what `explain`, the policy schema and SARIF's rule list are built from. */
export const RULES: readonly AnyRule[] = [...INVENTORY_RULES, ...WAIVER_RULES];

export function ruleById(id: string): AnyRule | undefined {
  return RULES.find((r) => r.id === id);
}
