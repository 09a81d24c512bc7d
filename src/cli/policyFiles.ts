// Reads a policy (built-in name or file) and a waivers file for a command, or throws a located input error.
import { fileURLToPath } from 'node:url';
import { decodeInput } from '../inventory/text.js';
import { BUILTIN_POLICIES, isBuiltinPolicy, type BuiltinPolicyName } from '../policy/builtin.js';
import { parsePolicy, preparePolicyValidation, type PolicyText } from '../policy/load.js';
import type { PlacedWaiver, Policy } from '../policy/types.js';
import { parseWaiverFile } from '../policy/waivers.js';
import { didYouMean } from '../util/suggest.js';
import type { InputContext } from './context.js';
import { InputProblems, UsageError } from './errors.js';
import { readText } from './inputFiles.js';

/** policies/<name>.yml of this package, from src/cli or dist/cli alike. */
export function builtinPolicyPath(name: BuiltinPolicyName): string {
  return fileURLToPath(new URL(`../../policies/${name}.yml`, import.meta.url));
}

/** `--policy NAME|FILE`: a built-in policy by name, or a policy file (which may extend a built-in one). */
export async function loadPolicy(ctx: InputContext, spec: string): Promise<Policy> {
  const readBuiltin = (name: BuiltinPolicyName): PolicyText => {
    const file = builtinPolicyPath(name);
    return { text: readText(ctx, file, 'built-in policy'), file, builtin: true };
  };
  let source: PolicyText;
  if (isBuiltinPolicy(spec)) {
    source = readBuiltin(spec);
  } else {
    let bytes: Uint8Array | undefined;
    try {
      bytes = ctx.io.readFile(spec, ctx.limits.input.maxFileBytes);
    } catch (error) {
      // A bare word that is no file was meant as the name of a built-in policy.
      if ((error as NodeJS.ErrnoException)?.code === 'ENOENT' && /^[a-z0-9_-]+$/i.test(spec)) {
        throw new UsageError(
          `no built-in policy '${spec}'${didYouMean(spec, BUILTIN_POLICIES)} and no policy file of that name; built-in policies: ${BUILTIN_POLICIES.join(', ')}`,
        );
      }
    }
    if (bytes === undefined) source = { text: readText(ctx, spec, 'policy'), file: spec };
    else {
      const decoded = decodeInput(bytes, spec, ctx.limits.input);
      if (!decoded.ok) throw new InputProblems([decoded.problem]);
      source = { text: decoded.text, file: spec };
    }
  }
  // Only a user's policy file is checked against the schema (built-in ones by the tests).
  if (!source.builtin) await preparePolicyValidation();
  return loadPolicyText(source, readBuiltin);
}

function loadPolicyText(source: PolicyText, readBuiltin: (name: BuiltinPolicyName) => PolicyText): Policy {
  const result = parsePolicy(source, readBuiltin);
  if (!result.ok) throw new InputProblems(result.problems);
  return result.policy;
}

/** `--waivers FILE`: a YAML list of waivers. */
export function loadWaivers(ctx: InputContext, file: string): PlacedWaiver[] {
  const result = parseWaiverFile(readText(ctx, file, 'waivers'), file);
  if (!result.ok) throw new InputProblems(result.problems);
  return result.waivers;
}
