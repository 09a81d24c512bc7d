// A loopback server that speaks the AWS wire protocols bcaudit verify uses, for tests and the demo:
//   STS (query protocol, POST / form-encoded): GetCallerIdentity, AssumeRole
//   S3 (REST-XML, path-style): HeadBucket, GetBucketLocation, GetBucketVersioning,
//     GetObjectLockConfiguration, GetBucketReplication, GetBucketEncryption, ListObjectsV2
// Shapes follow the AWS API references; callers are identified by the access key id in the
// SigV4 Authorization header (and the session token for AssumeRole credentials).
// Plain JavaScript so `scripts/demo-verify.mjs` can run it without a build; types in aws.d.mts.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function xmlEscape(text) {
  return String(text).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}

const el = (name, value) => (value === undefined || value === null ? '' : `<${name}>${xmlEscape(value)}</${name}>`);

/**
 * Starts the server on 127.0.0.1 and a free port (or `port`).
 * @param {import('./aws.d.mts').AwsScenario} scenario
 */
export async function startAwsServer(scenario, { port = 0 } = {}) {
  const identities = new Map(Object.entries(scenario.identities ?? {}));
  const roles = new Map(Object.entries(scenario.roles ?? {}));
  const buckets = new Map(Object.entries(scenario.buckets ?? {}));
  /** Credentials handed out by AssumeRole, by access key id. */
  const issued = new Map();
  const requests = [];
  const throttled = new Map();
  const sockets = new Set();

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error?.stack ?? error));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function caller(req) {
    const auth = req.headers.authorization ?? '';
    const match = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    if (!match) return { error: 'MissingAuthenticationToken' };
    const [, accessKeyId, region, service] = match;
    const identity = identities.get(accessKeyId);
    if (identity) return { accessKeyId, region, service, ...identity };
    const temp = issued.get(accessKeyId);
    if (temp) {
      if (req.headers['x-amz-security-token'] !== temp.sessionToken) return { accessKeyId, service, error: 'InvalidToken' };
      return { accessKeyId, region, service, ...temp };
    }
    return { accessKeyId, service, error: service === 's3' ? 'InvalidAccessKeyId' : 'InvalidClientTokenId' };
  }

  function handle(req, res, body) {
    const who = caller(req);
    const url = new URL(req.url, 'http://localhost');
    if (who.service === 'sts' || (req.method === 'POST' && url.pathname === '/' && body.includes('Action='))) return sts(req, res, body, who);
    return s3(req, res, url, who);
  }

  // ---- STS ----------------------------------------------------------------------------------
  function stsError(res, status, code, message, log) {
    log.status = status;
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() });
    res.end(
      `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
    );
  }

  function sts(req, res, body, who) {
    const params = new URLSearchParams(body);
    const op = params.get('Action') ?? '';
    const log = { service: 'sts', op, bucket: null, status: 200, accessKeyId: who.accessKeyId ?? null };
    requests.push(log);
    if (who.error) return stsError(res, 403, who.error === 'InvalidToken' ? 'InvalidClientTokenId' : who.error, 'The security token included in the request is invalid.', log);
    const ok = (xml) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() });
      res.end(xml);
    };
    if (op === 'GetCallerIdentity') {
      return ok(
        `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>${xmlEscape(who.arn)}</Arn><UserId>${xmlEscape(who.userId ?? `AIDA${who.account}`)}</UserId><Account>${xmlEscape(who.account)}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    }
    if (op === 'AssumeRole') {
      const roleArn = params.get('RoleArn') ?? '';
      const role = roles.get(roleArn);
      const deny = () => stsError(res, 403, 'AccessDenied', `User: ${who.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, log);
      if (!role || role.deny) return deny();
      if (role.trust && !role.trust.includes(who.account)) return deny();
      if (role.externalId !== undefined && params.get('ExternalId') !== role.externalId) return deny();
      const session = params.get('RoleSessionName') ?? 'session';
      const roleName = roleArn.split('/').pop();
      const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
      const secretAccessKey = `tempsecret${randomBytes(15).toString('hex')}`;
      const sessionToken = `temptoken${randomBytes(24).toString('base64url')}`;
      const arn = `arn:aws:sts::${role.account}:assumed-role/${roleName}/${session}`;
      issued.set(accessKeyId, { secretAccessKey, sessionToken, account: role.account, arn });
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      return ok(
        `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><SourceIdentity/><AssumedRoleUser><AssumedRoleId>AROA${role.account}:${xmlEscape(session)}</AssumedRoleId><Arn>${xmlEscape(arn)}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${secretAccessKey}</SecretAccessKey><SessionToken>${sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials><PackedPolicySize>6</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    }
    return stsError(res, 400, 'InvalidAction', `Could not find operation ${op}`, log);
  }

  // ---- S3 -----------------------------------------------------------------------------------
  function s3Op(method, url) {
    const q = url.searchParams;
    if (method === 'HEAD') return 'HeadBucket';
    if (method !== 'GET') return undefined;
    if (q.has('location')) return 'GetBucketLocation';
    if (q.has('versioning')) return 'GetBucketVersioning';
    if (q.has('object-lock')) return 'GetObjectLockConfiguration';
    if (q.has('replication')) return 'GetBucketReplication';
    if (q.has('encryption')) return 'GetBucketEncryption';
    if (q.get('list-type') === '2') return 'ListObjectsV2';
    return undefined;
  }

  function s3(req, res, url, who) {
    const segments = url.pathname.split('/').filter(Boolean);
    const name = decodeURIComponent(segments[0] ?? '');
    const op = s3Op(req.method, url) ?? `${req.method} ${url.pathname}${url.search}`;
    const log = { service: 's3', op, bucket: name || null, status: 200, accessKeyId: who.accessKeyId ?? null };
    requests.push(log);
    const bucket = buckets.get(name);
    const head = req.method === 'HEAD';
    const regionHeader = bucket ? { 'x-amz-bucket-region': bucket.region ?? 'us-east-1' } : {};
    const error = (status, code, message, extra = {}) => {
      log.status = status;
      const headers = { 'x-amz-request-id': requestId(), ...regionHeader, ...extra };
      if (head) {
        res.writeHead(status, headers);
        return res.end();
      }
      res.writeHead(status, { ...headers, 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>${name ? el('BucketName', name) : ''}<RequestId>${requestId()}</RequestId><HostId>${randomBytes(12).toString('base64')}</HostId></Error>`);
    };
    const ok = (xml, extra = {}) => {
      const headers = { 'x-amz-request-id': requestId(), ...regionHeader, ...extra };
      if (head) {
        res.writeHead(200, headers);
        return res.end();
      }
      res.writeHead(200, { ...headers, 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
    };

    if (who.error) return error(403, who.error, who.error === 'InvalidAccessKeyId' ? 'The AWS Access Key Id you provided does not exist in our records.' : 'The provided token is malformed or otherwise invalid.');
    if (!s3Op(req.method, url)) return error(501, 'NotImplemented', 'A header or query you provided implies functionality that is not implemented.');
    if (!bucket) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (bucket.hang === true || (Array.isArray(bucket.hang) && bucket.hang.includes(op))) {
      log.status = 0; // never answered
      return;
    }
    const throttle = bucket.throttle?.[op] ?? 0;
    const key = `${name} ${op}`;
    const count = throttled.get(key) ?? 0;
    if (count < throttle) {
      throttled.set(key, count + 1);
      return error(503, 'SlowDown', 'Please reduce your request rate.');
    }
    if (bucket.readers && !bucket.readers.includes(who.account)) return error(403, 'AccessDenied', 'Access Denied');
    if (bucket.deny === true || (Array.isArray(bucket.deny) && bucket.deny.includes(op))) return error(403, 'AccessDenied', bucket.denyMessage ?? 'Access Denied');
    const expected = req.headers['x-amz-expected-bucket-owner'];
    if (expected !== undefined && expected !== bucket.owner) return error(403, 'AccessDenied', 'Access Denied');

    switch (op) {
      case 'HeadBucket':
        return ok('', { 'x-amz-bucket-region': bucket.region ?? 'us-east-1', 'x-amz-access-point-alias': 'false' });
      case 'GetBucketLocation': {
        const region = bucket.region ?? 'us-east-1';
        const constraint = region === 'us-east-1' ? '' : region === 'eu-west-1' && bucket.legacyEU ? 'EU' : region;
        return ok(constraint === '' ? `<LocationConstraint xmlns="${S3_NS}"/>` : `<LocationConstraint xmlns="${S3_NS}">${xmlEscape(constraint)}</LocationConstraint>`);
      }
      case 'GetBucketVersioning':
        return ok(`<VersioningConfiguration xmlns="${S3_NS}">${el('Status', bucket.versioning)}</VersioningConfiguration>`);
      case 'GetObjectLockConfiguration': {
        const lock = bucket.objectLock;
        if (!lock) return error(404, 'ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket');
        const rule =
          lock === 'enabled-without-default'
            ? ''
            : `<Rule><DefaultRetention><Mode>${xmlEscape(lock.mode)}</Mode>${el('Days', lock.days)}${el('Years', lock.years)}</DefaultRetention></Rule>`;
        return ok(`<ObjectLockConfiguration xmlns="${S3_NS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}</ObjectLockConfiguration>`);
      }
      case 'GetBucketReplication': {
        const rules = bucket.replication;
        if (!rules || rules.length === 0) return error(404, 'ReplicationConfigurationNotFoundError', 'The replication configuration was not found');
        const xml = rules
          .map(
            (r, i) =>
              `<Rule>${el('ID', r.id ?? `rule-${i + 1}`)}<Priority>${i + 1}</Priority><Status>${xmlEscape(r.status ?? 'Enabled')}</Status><Filter><Prefix></Prefix></Filter><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication><Destination><Bucket>${xmlEscape(r.bucketArn)}</Bucket>${el('Account', r.account)}</Destination></Rule>`,
          )
          .join('');
        return ok(`<ReplicationConfiguration xmlns="${S3_NS}"><Role>arn:aws:iam::${bucket.owner}:role/replication</Role>${xml}</ReplicationConfiguration>`);
      }
      case 'GetBucketEncryption': {
        const enc = bucket.encryption;
        if (!enc) return error(404, 'ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
        return ok(
          `<ServerSideEncryptionConfiguration xmlns="${S3_NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${xmlEscape(enc.algorithm)}</SSEAlgorithm>${el('KMSMasterKeyID', enc.kmsKeyId)}</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${enc.kmsKeyId ? 'true' : 'false'}</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`,
        );
      }
      case 'ListObjectsV2':
        return ok(listObjects(name, bucket, url.searchParams));
    }
    return error(501, 'NotImplemented', 'Not implemented');
  }

  function listObjects(name, bucket, q) {
    const prefix = q.get('prefix') ?? '';
    const maxKeys = Math.min(1000, Number(q.get('max-keys') ?? 1000));
    const token = q.get('continuation-token');
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (q.get('start-after') ?? '');
    const urlEncode = q.get('encoding-type') === 'url';
    const all = (bucket.objects ?? [])
      .filter((o) => o.key.startsWith(prefix) && o.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page = all.slice(0, maxKeys);
    const truncated = all.length > page.length;
    const contents = page
      .map(
        (o) =>
          `<Contents><Key>${xmlEscape(urlEncode ? encodeURIComponent(o.key) : o.key)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>&quot;${randomBytes(16).toString('hex')}&quot;</ETag><Size>${o.size ?? 1024}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      )
      .join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1).key, 'utf8').toString('base64url')}</NextContinuationToken>` : '';
    return `<ListBucketResult xmlns="${S3_NS}"><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${token ? el('ContinuationToken', token) : ''}<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>${urlEncode ? '<EncodingType>url</EncodingType>' : ''}<IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`;
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    requests,
    /** Secrets this server handed out (AssumeRole), to check they never appear in any output. */
    issuedSecrets: () => [...issued.values()].flatMap((c) => [c.secretAccessKey, c.sessionToken]),
    count: (op, bucket) => requests.filter((r) => r.op === op && (bucket === undefined || r.bucket === bucket)).length,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let counter = 0;
function requestId() {
  counter = (counter + 1) % 1e6;
  return `BCAUDIT${String(counter).padStart(9, '0')}`;
}

/** A TCP server on 127.0.0.1 that accepts connections and never sends a byte (a hung endpoint). */
export async function startSilentServer({ port = 0 } = {}) {
  const sockets = new Set();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  return {
    port: actualPort,
    connections: () => sockets.size,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort() {
  const server = createNetServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
