// `bcaudit explain [rule]`: what a rule checks, why it matters, how to fix it, its options and severity.
import { Command } from 'commander';
import { DEFAULT_POLICY } from '../policy/builtin.js';
import { mergeOptions } from '../policy/merge.js';
import type { Policy } from '../policy/types.js';
import { CRITICALITIES } from '../rules/facts.js';
import { RULES, ruleById } from '../rules/index.js';
import { isWaiverRule, type AnyRule } from '../rules/types.js';
import { didYouMean } from '../util/suggest.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { loadPolicy } from './policyFiles.js';
import type { VerifyRule } from '../verify/rules.js';

const WIDTH = 88;

export function explainCommand(ctx: CommandContext): Command {
  return new Command('explain')
    .description('explain a rule: what it checks, why it matters, how to fix it; without a rule, list them all')
    .argument('[rule]', 'rule id, e.g. single-point-of-failure')
    .option('--policy <name|file>', 'show the severity and options this policy gives the rule', DEFAULT_POLICY)
    .action(async (id: string | undefined, options: { policy: string }) => {
      const policy = await loadPolicy(ctx, options.policy);
      // What `verify` finds is described like a rule; its module loads only when asked about.
      const { VERIFY_RULES } = await import('../verify/rules.js');
      if (id === undefined) {
        ctx.io.stdout(listRules(policy) + listVerifyFindings(VERIFY_RULES));
        return;
      }
      const rule = ruleById(id);
      const verifyRule = VERIFY_RULES.find((r) => r.id === id);
      if (verifyRule) {
        ctx.io.stdout(explainVerifyFinding(verifyRule));
        return;
      }
      if (!rule) {
        const known = [...RULES.map((r) => r.id), ...VERIFY_RULES.map((r) => r.id)];
        throw new UsageError(`unknown rule '${id}'${didYouMean(id, known)}; run \`bcaudit explain\` to list the rules`);
      }
      ctx.io.stdout(explainRule(rule, policy));
    });
}

export function listRules(policy: Policy): string {
  const idWidth = Math.max(...RULES.map((r) => r.id.length));
  const lines = [`Rules (policy ${policy.name}; \`bcaudit explain <rule>\` for details):`, ''];
  for (const rule of RULES) {
    const off = policy.rules.get(rule.id)?.enabled === false ? '  (off)' : '';
    lines.push(`  ${rule.id.padEnd(idWidth)}  ${rule.title}${off}`);
  }
  return `${lines.join('\n')}\n`;
}

function listVerifyFindings(rules: readonly VerifyRule[]): string {
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const lines = ['', 'Findings of `bcaudit verify` (live checks):', ''];
  for (const rule of rules) lines.push(`  ${rule.id.padEnd(idWidth)}  ${rule.title}`);
  return `${lines.join('\n')}\n`;
}

function explainVerifyFinding(rule: VerifyRule): string {
  const lines = [`${rule.id}: ${rule.title}`, ''];
  const section = (heading: string, body: string[]) => lines.push(heading, ...body, '');
  section('What it checks', wrap(rule.docs.checks));
  section('Why it matters', wrap(rule.docs.why));
  section('How to fix it', wrap(rule.docs.fix));
  section('Severity', wrap(`${rule.defaultSeverity}, found by \`bcaudit verify\` (and by check and report given --observations).`));
  return `${lines.join('\n').trimEnd()}\n`;
}

export function explainRule(rule: AnyRule, policy: Policy): string {
  const settings = policy.rules.get(rule.id);
  const lines = [`${rule.id}: ${rule.title}`, ''];
  const section = (heading: string, body: string[]) => lines.push(heading, ...body, '');
  section('What it checks', wrap(rule.docs.checks));
  section('Why it matters', wrap(rule.docs.why));
  section('How to fix it', wrap(rule.docs.fix));

  const severity: string[] = [];
  if (settings?.enabled === false) severity.push(...wrap(`Does not run under policy ${policy.name} (turn it on with rules.${rule.id}.enabled: true).`));
  const setting = settings?.severity;
  if (typeof setting === 'string') {
    severity.push(...wrap(`Under policy ${policy.name}: ${setting}.`));
  } else if (isWaiverRule(rule)) {
    severity.push(...wrap(`${rule.defaultSeverity}.`));
  } else {
    const byCriticality = CRITICALITIES.map((c) => `${c} data → ${setting ? setting[c] : c}`).join(', ');
    severity.push(...wrap(`Follows the criticality of the data concerned; under policy ${policy.name}: ${byCriticality}.`));
  }
  section('Severity', severity);

  const defaults = rule.defaultOptions as Record<string, unknown>;
  const effective = mergeOptions(defaults, settings?.options ?? {}) as Record<string, unknown>;
  const described = (rule.optionsSchema as { properties?: Record<string, { description?: string }> }).properties ?? {};
  const options: string[] = [];
  for (const [name, schema] of Object.entries(described)) {
    const inPolicy = JSON.stringify(effective[name]) === JSON.stringify(defaults[name]) ? '' : `; under policy ${policy.name}: ${formatValue(effective[name])}`;
    options.push(`  ${name}: ${formatValue(defaults[name])} (default${inPolicy})`);
    if (schema.description) options.push(...wrap(schema.description, '      '));
  }
  if (options.length === 0) options.push('  none');
  section(`Options (rules.${rule.id}.options in a policy)`, options);
  return `${lines.join('\n').trimEnd()}\n`;
}

/** An option's value as a policy would spell it in YAML flow style. */
function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
  }
  return String(value);
}

/** Words wrapped to the terminal width, each line indented. */
function wrap(text: string, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}
