// The baseline policy as two files, with and without its `likelihood:` map, for CLI runs that
// compare them (what likelihoods add). Both runs read a file: a policy file costs ~30 ms to load
// and check (its validator is loaded only for one), which the built-in policy does not.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

/** Writes policies/baseline.yml of `root` into `dir` as it is and without likelihoods; their paths. */
export function writeBaselinePolicies(root: string, dir: string): { withLikelihood: string; withoutLikelihood: string } {
  const text = readFileSync(join(root, 'policies', 'baseline.yml'), 'utf8');
  const withLikelihood = join(dir, 'baseline.yml');
  writeFileSync(withLikelihood, text);
  const policy = parseDocument(text);
  policy.delete('likelihood');
  policy.set('name', 'baseline-without-likelihood');
  const withoutLikelihood = join(dir, 'baseline-without-likelihood.yml');
  writeFileSync(withoutLikelihood, policy.toString());
  return { withLikelihood, withoutLikelihood };
}
