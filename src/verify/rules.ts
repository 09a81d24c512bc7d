// What `verify` can find: one descriptor per finding kind, in the shape of a rule's metadata
// (id, title, default severity, docs) so `explain` and SARIF can describe them like any rule.
import type { RuleDocs, Severity } from '../rules/types.js';

export const VERIFY_RULE_IDS = [
  'verify-account-mismatch',
  'verify-owner-mismatch',
  'verify-region-mismatch',
  'verify-versioning-off',
  'verify-not-immutable',
  'verify-key-account',
  'verify-stale',
  'verify-empty',
  'verify-host-key-mismatch',
  'verify-unreachable',
  'verify-denied',
  'verify-timeout',
  'verify-unverifiable',
] as const;
export type VerifyRuleId = (typeof VERIFY_RULE_IDS)[number];

/** The findings that mean "a probe could not complete": they make `verify` exit 3. */
export const INCOMPLETE_RULES: ReadonlySet<VerifyRuleId> = new Set(['verify-unreachable', 'verify-denied', 'verify-timeout']);

export interface VerifyRule {
  id: VerifyRuleId;
  title: string;
  /** The usual severity; some findings are raised or lowered by what they concern (see the message). */
  defaultSeverity: Severity;
  docs: RuleDocs;
}

const rule = (id: VerifyRuleId, title: string, defaultSeverity: Severity, docs: RuleDocs): VerifyRule => ({ id, title, defaultSeverity, docs });

export const VERIFY_RULES: readonly VerifyRule[] = [
  rule('verify-account-mismatch', 'Credentials reach a different AWS account', 'critical', {
    checks: 'STS GetCallerIdentity (after AssumeRole when role_arn is given) names the account the credentials reach; it must be the account_id the inventory claims.',
    why: 'Every other live check of that account would be about some other account: the inventory describes a world that is not the one you can reach.',
    fix: 'Correct account_id, or the profile / role_arn used to reach the account, in the inventory.',
  }),
  rule('verify-owner-mismatch', 'Bucket owned by another account', 'high', {
    checks: 'HeadBucket with ExpectedBucketOwner set to the claimed account; a refusal while the bucket is otherwise readable means another account owns it.',
    why: 'A backup bucket owned by the production account is lost, deleted or encrypted together with production: the copy is not independent at all.',
    fix: 'Move the copies to a bucket the claimed (separate) account owns, or correct the inventory so the analysis sees the real owner.',
  }),
  rule('verify-region-mismatch', 'Bucket in another region than claimed', 'medium', {
    checks: 'GetBucketLocation against the region the inventory claims for the target or store.',
    why: 'The analysis counts on the copy surviving the loss of the production region; a copy in the same region does not.',
    fix: 'Correct the region in the inventory, or move the copies to the region you meant.',
  }),
  rule('verify-versioning-off', 'Bucket versioning off', 'medium', {
    checks: 'GetBucketVersioning: versioning must be enabled on a bucket that holds copies.',
    why: 'Without versioning an overwrite or a delete — by mistake, by a broken job or by an attacker — is final.',
    fix: 'Enable versioning on the bucket (and a lifecycle rule for old versions); Object Lock requires it.',
  }),
  rule('verify-not-immutable', 'Weaker immutability than claimed', 'high', {
    checks: 'GetObjectLockConfiguration against the claimed `immutable`: compliance (or offline) needs a COMPLIANCE default retention, governance a GOVERNANCE or COMPLIANCE one.',
    why: 'The analysis trusts compliance-locked copies to survive a stolen admin credential; governance mode can be bypassed and no lock at all stops nothing.',
    fix: 'Enable Object Lock with a COMPLIANCE default retention on the bucket, or lower the claimed `immutable` so the analysis is honest.',
  }),
  rule('verify-key-account', 'Encryption key in an unexpected account', 'high', {
    checks: "GetBucketEncryption: a KMS key ARN names the account that owns the key; it must be the bucket's own account or the account the inventory gives the key.",
    why: 'Copies encrypted with a key in the production account become unreadable when that account is lost: the key fails with the data it protects.',
    fix: 'Use a KMS key in the backup account (or the key the inventory names), or record the real key and its account in the inventory.',
  }),
  rule('verify-stale', 'Newest copy older than the backup interval', 'high', {
    checks: "The newest object (S3) or file (SFTP) under the target's prefix or path must be younger than the backup's `every` times the slack (default 1.5).",
    why: 'A backup job that silently stopped leaves old copies that look fine until the day you restore (CMO restored from a copy 14 days old).',
    fix: 'Find out why the backup job stopped writing, fix it and alert on it; or correct `every` in the inventory.',
  }),
  rule('verify-empty', 'Nothing at the target', 'high', {
    checks: 'The bucket prefix or SFTP path must hold at least one object or file.',
    why: 'An empty target is an assumed backup, not a backup.',
    fix: 'Check that the backup job writes where the inventory says (bucket, prefix, path), and that it runs.',
  }),
  rule('verify-host-key-mismatch', 'SSH host key does not match the pin', 'critical', {
    checks: 'The host key the SSH server presents must match the pinned SHA256 fingerprint or known_hosts entry; nothing is read otherwise and a key is never trusted on first use.',
    why: 'A different host key means a replaced or re-keyed server, or someone in the middle who would see every credential and file.',
    fix: 'Find out why the key changed. Only when it changed legitimately, pin the new fingerprint (ssh-keygen -lf on the server) in host_key or known_hosts.',
  }),
  rule('verify-unreachable', 'Probe could not reach the service', 'high', {
    checks: 'The endpoint or host of an account, bucket or SSH target answers at all.',
    why: 'What cannot be checked cannot be trusted; an unreachable backup target may also be gone.',
    fix: 'Check the endpoint, host, port, network path and DNS; then run verify again.',
  }),
  rule('verify-denied', 'Probe was refused', 'high', {
    checks: 'The credentials may perform the read-only calls verify needs (see docs/verify.md for the exact policy).',
    why: 'A claim that cannot be checked is only a claim.',
    fix: 'Grant the read-only permissions listed in docs/verify.md, or give verify working credentials (profile, role_arn, SSH key or agent).',
  }),
  rule('verify-timeout', 'Probe timed out', 'high', {
    checks: 'Every probe finishes within --timeout seconds and the whole run within --deadline.',
    why: 'A target that does not answer in time may be overloaded, filtered or gone.',
    fix: 'Check the network path to the target; raise --timeout if it is merely slow.',
  }),
  rule('verify-unverifiable', 'Claim cannot be verified at this endpoint', 'medium', {
    checks:
      'Whether the endpoint can prove a claim at all: it must enforce what a check relies on (a HeadBucket with an owner that cannot be right must be refused before a match means anything), offer the call, and answer in the shape the check reads. S3-compatible providers that are not AWS often do not (Ceph RGW ignores ExpectedBucketOwner, lacks GetBucketEncryption and STS GetCallerIdentity, answers replication with an empty configuration and location with `default`).',
    why: 'A check that passes because the endpoint ignored the question is a false assurance; the claim is reported as unverifiable, never as confirmed. High for the owner of a bucket and the identity of an account, medium when the inventory claims what could not be read (a region, an encryption key, a lock), info otherwise.',
    fix: 'Declare the account at the provider with s3: (owner_id, endpoint) so the bucket ACL can name the owner; grant the read permission the fallback needs; or check the claim another way and waive the finding with the reason.',
  }),
];

export const VERIFY_RULE_BY_ID: ReadonlyMap<string, VerifyRule> = new Map(VERIFY_RULES.map((r) => [r.id, r]));
