// "Live checks": what `bcaudit verify` observed, when its observations are given.
import { plural } from '../../rules/facts.js';
import type { Observation, ObservationsFile } from '../../verify/observations.js';
import { compareStrings } from '../compareStrings.js';
import { markdownCode, markdownText } from '../sanitize.js';

export function liveChecks(file: ObservationsFile | undefined): string[] {
  if (file === undefined) {
    return [
      `None for this report: everything above is what the inventory claims. ${markdownCode('bcaudit verify')} checks the claims against the live systems.`,
    ];
  }
  const list = [...file.observations].sort(
    (a, b) => compareStrings(a.section, b.section) || compareStrings(a.subject, b.subject) || compareStrings(a.probe, b.probe),
  );
  const lines = [
    markdownText(
      `bcaudit verify ${file.tool.version} checked ${plural(list.length, 'thing')} in the live systems from ${file.startedAt} to ${file.finishedAt}, ` +
        `against the inventory ${file.inventory.file}.`,
    ),
  ];
  if (list.length === 0) return lines;
  lines.push('', '| What | How | Result | What was seen | When |', '|---|---|---|---|---|');
  for (const o of list) {
    const cells = [`${o.section.replace(/s$/, '')} ${o.subject}`, probeName(o), STATUS_WORD[o.status], seen(o), o.finishedAt];
    lines.push(`| ${cells.map(markdownText).join(' | ')} |`);
  }
  return lines;
}

const STATUS_WORD: Record<Observation['status'], string> = {
  complete: 'checked',
  partial: 'partly checked',
  failed: 'could not be checked',
  skipped: 'skipped',
};

function probeName(o: Observation): string {
  switch (o.probe) {
    case 'aws-account':
      return 'AWS sign-in (STS)';
    case 's3-account':
      return `S3 sign-in at ${o.endpoint}`;
    case 's3-bucket':
      return `S3 bucket ${o.bucket}${o.prefix === '' ? '' : `/${o.prefix}`}`;
    case 'ssh-host':
      return `SSH ${o.user}@${o.host}:${o.port} ${o.path}`;
  }
}

/** The facts a probe saw, in a few words, then why anything could not be seen. */
function seen(o: Observation): string {
  const facts: string[] = [];
  switch (o.probe) {
    case 'aws-account':
      if (o.caller) facts.push(`reached account ${o.caller.account}`);
      break;
    case 's3-account':
      if (o.caller) facts.push(`reached owner ${o.caller.ownerId}`);
      break;
    case 's3-bucket':
      if (o.owner) facts.push(o.owner.result === 'match' ? `owned by ${o.owner.expected}` : `owner ${o.owner.result}${o.owner.actual ? ` (${o.owner.actual})` : ''}`);
      if (o.region !== null) facts.push(`region ${o.region}`);
      if (o.versioning !== null) facts.push(`versioning ${o.versioning}`);
      if (o.objectLock !== null) facts.push(o.objectLock.enabled ? `object lock ${o.objectLock.mode ?? 'without default retention'}` : 'no object lock');
      if (o.objects !== null) facts.push(o.objects.newest === null ? 'no objects' : `newest object ${o.objects.newest}`);
      break;
    case 'ssh-host':
      if (o.hostKey) facts.push(`host key ${o.hostKey.result}`);
      if (o.files !== null) facts.push(o.files.missing ? 'path missing' : o.files.newest === null ? 'no files' : `newest file ${o.files.newest}`);
      if (o.space !== null && o.space.totalBytes > 0) facts.push(`${Math.round((100 * o.space.availableBytes) / o.space.totalBytes)}% free`);
      break;
  }
  if (o.skippedBecause !== undefined) facts.push(`skipped because ${o.skippedBecause} failed`);
  for (const p of o.problems) facts.push(`${p.operation}: ${p.kind} (${p.reason})`);
  return facts.join('; ') || '—';
}
