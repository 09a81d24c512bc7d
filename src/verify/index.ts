// The entry `bcaudit verify` loads on demand (src/cli/verify.ts imports it dynamically), so no
// other command loads the probes — nor, through them, the AWS SDK or ssh2.
export { observationFindings, parseObservations, type ObservationsFile } from './observations.js';
export { planVerify, type VerifyPlan } from './plan.js';
export { runProbes, type ProgressEvent } from './run.js';
export { VERIFY_FORMATS, verifyExitCode, type VerifyFormat } from './format.js';
export { VERIFY_RULES } from './rules.js';
