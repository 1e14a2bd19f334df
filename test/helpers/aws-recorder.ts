/**
 * A loopback stand-in for the AWS services the handler calls, speaking just enough of each wire
 * protocol for the SDK v3 clients installed here (AWS_ENDPOINT_URL points them at it): Secrets
 * Manager (awsJson1_1), SNS (awsQuery: form body in, XML out), S3 (REST XML, bucket in the Host
 * header or in the path: GetObject, HeadObject, PutObject with user metadata and If-Match /
 * If-None-Match, ListObjectsV2) and Security Hub's BatchImportFindings (REST JSON, POST
 * /findings/import; every finding accepted). It keeps the objects written and records every
 * request, minus the Authorization header. Faults make a service, or one operation, hang or
 * answer with an error (NoSuchBucket, AccessDenied, ...).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOOPBACK_HOST as HOST, listenOnLoopback, readBody } from '../../simulator/loopback.js';

export interface RecordedAwsRequest {
  service: 'secretsmanager' | 'sns' | 's3' | 'securityhub';
  /** GetSecretValue, Publish, PutObject, GetObject, BatchImportFindings, or the unsupported request's method. */
  operation: string;
  method: string;
  host: string;
  /** Path and query as received. */
  path: string;
  /** Lower-case names; no Authorization. */
  headers: Record<string, string>;
  body: string;
  /** SNS: the decoded form fields. */
  form?: Record<string, string>;
  /** S3: how the bucket was addressed. */
  s3?: { bucket: string; key: string; addressing: 'virtual-host' | 'path' };
}

/** Never answer, or answer with this error (S3's and SNS's XML error shapes). */
export type AwsFault = { hang: true } | { status: number; code: string; message: string };

export const S3_FAULTS = {
  noSuchBucket: { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' },
  accessDenied: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
} as const satisfies Record<string, AwsFault>;

export interface AwsRecorder {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly requests: RecordedAwsRequest[];
  /** S3 objects by "bucket/key". */
  readonly objects: Map<string, string>;
  /** A fault for every request to a service ('s3'), or to one operation ('s3:GetObject'); null clears it. */
  setFault(target: string, fault: AwsFault | null): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}


export async function startAwsRecorder(options: { secrets: Record<string, string> }): Promise<AwsRecorder> {
  const requests: RecordedAwsRequest[] = [];
  const objects = new Map<string, string>();
  const stored = new Map<string, StoredMeta>();
  const faults = new Map<string, AwsFault>();

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const reply = answer(req, body);
        if (reply !== 'hang') send(res, reply);
      })
      .catch((error: unknown) => send(res, { status: 500, contentType: 'text/plain', body: String(error) }));
  });

  /** The fault for this request, as an answer in the service's error shape. */
  function faulted(request: RecordedAwsRequest): Answer | 'hang' | undefined {
    const fault = faults.get(`${request.service}:${request.operation}`) ?? faults.get(request.service);
    if (fault === undefined) return undefined;
    if ('hang' in fault) return 'hang';
    const requestId = randomUUID();
    if (request.service === 's3') {
      // HEAD answers carry no body; the SDK names the error after the status.
      const body = request.method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>${fault.message}</Message><RequestId>${requestId}</RequestId></Error>`;
      return { status: fault.status, contentType: 'application/xml', body };
    }
    if (request.service === 'sns') {
      return { status: fault.status, contentType: 'text/xml', body: `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${fault.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>` };
    }
    if (request.service === 'securityhub') return { status: fault.status, contentType: 'application/json', body: JSON.stringify({ __type: fault.code, Message: fault.message }) };
    return { status: fault.status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: fault.code, message: fault.message }) };
  }

  function answer(req: IncomingMessage, body: string): Answer | 'hang' {
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => name !== 'authorization')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
    );
    const base = { method: req.method ?? 'GET', host: headers.host ?? '', path: req.url ?? '/', headers, body };
    const target = headers['x-amz-target'] ?? '';

    let request: RecordedAwsRequest;
    let reply: () => Answer;
    if (target.startsWith('secretsmanager.')) {
      const operation = target.slice('secretsmanager.'.length);
      request = { ...base, service: 'secretsmanager', operation };
      reply = () => secretsManager(operation, body, options.secrets);
    } else if (base.method === 'POST' && base.path === '/findings/import') {
      request = { ...base, service: 'securityhub', operation: 'BatchImportFindings' };
      reply = () => securityHub(body);
    } else if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(body));
      request = { ...base, service: 'sns', operation: form.Action ?? '', form };
      reply = () => sns(form);
    } else {
      const s3 = s3Address(base.host, base.path);
      request = { ...base, service: 's3', operation: s3Operation(base.method, base.path, s3), s3 };
      reply = () => s3Object(request, { objects, stored });
    }
    requests.push(request);
    return faulted(request) ?? reply();
  }

  const port = await listenOnLoopback(server);

  return {
    url: `http://${HOST}:${port}`,
    requests,
    objects,
    setFault: (faultTarget, fault) => {
      if (fault === null) faults.delete(faultTarget);
      else faults.set(faultTarget, fault);
    },
    clearFaults: () => faults.clear(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function secretsManager(operation: string, body: string, secrets: Record<string, string>): Answer {
  const json = (status: number, value: unknown): Answer => ({ status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(value) });
  if (operation !== 'GetSecretValue') return json(400, { __type: 'UnknownOperationException', message: `not recorded: ${operation}` });
  const { SecretId: secretId } = JSON.parse(body) as { SecretId?: string };
  const secretString = secretId === undefined ? undefined : secrets[secretId];
  if (secretString === undefined) {
    return json(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
  }
  return json(200, { ARN: secretId, Name: secretId, SecretString: secretString, VersionId: randomUUID(), VersionStages: ['AWSCURRENT'] });
}

function sns(form: Record<string, string>): Answer {
  const xml = (status: number, text: string): Answer => ({ status, contentType: 'text/xml', body: text });
  if (form.Action !== 'Publish') {
    return xml(400, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not recorded: ${form.Action}</Message></Error></ErrorResponse>`);
  }
  return xml(
    200,
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
      `<PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
      '</PublishResponse>',
  );
}

/** BatchImportFindings: every finding accepted. */
function securityHub(body: string): Answer {
  const { Findings: findings = [] } = JSON.parse(body) as { Findings?: unknown[] };
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ FailedCount: 0, SuccessCount: findings.length, FailedFindings: [] }) };
}

/** Virtual-host style puts the bucket in front of the endpoint's host; path style puts it first in the path. */
function s3Address(host: string, path: string): NonNullable<RecordedAwsRequest['s3']> {
  const pathname = decodeURIComponent(path.split('?')[0] ?? '/');
  const hostname = host.replace(/:\d+$/, '');
  if (hostname !== HOST && hostname.endsWith(`.${HOST}`)) {
    return { bucket: hostname.slice(0, -HOST.length - 1), key: pathname.slice(1), addressing: 'virtual-host' };
  }
  const [bucket = '', ...key] = pathname.slice(1).split('/');
  return { bucket, key: key.join('/'), addressing: 'path' };
}

interface StoredMeta {
  etag: string;
  /** x-amz-meta-* headers, as written. */
  metadata: Record<string, string>;
}

function s3Operation(method: string, path: string, address: NonNullable<RecordedAwsRequest['s3']>): string {
  if (method === 'GET' && address.key === '' && new URLSearchParams(path.split('?')[1] ?? '').get('list-type') === '2') return 'ListObjectsV2';
  return { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject' }[method] ?? method;
}

function s3ErrorAnswer(status: number, code: string, message: string, key: string): Answer {
  return {
    status,
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key><RequestId>${randomUUID()}</RequestId></Error>`,
  };
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function s3Object(request: RecordedAwsRequest, bucket: { objects: Map<string, string>; stored: Map<string, StoredMeta> }): Answer {
  const address = request.s3 as NonNullable<RecordedAwsRequest['s3']>;
  const name = `${address.bucket}/${address.key}`;
  // An object cleared from `objects` by a test is gone, whatever metadata was kept for it.
  const current = bucket.objects.has(name) ? bucket.stored.get(name) : undefined;
  const metaHeaders = (meta: StoredMeta) => ({ ETag: meta.etag, ...Object.fromEntries(Object.entries(meta.metadata).map(([key, value]) => [`x-amz-meta-${key}`, value])) });
  switch (request.operation) {
    case 'PutObject': {
      const ifNoneMatch = request.headers['if-none-match'];
      const ifMatch = request.headers['if-match'];
      if ((ifNoneMatch === '*' && current) || (ifMatch !== undefined && current?.etag !== ifMatch)) {
        return s3ErrorAnswer(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', address.key);
      }
      const metadata = Object.fromEntries(
        Object.entries(request.headers)
          .filter(([header]) => header.startsWith('x-amz-meta-'))
          .map(([header, value]) => [header.slice('x-amz-meta-'.length), value]),
      );
      const meta = { etag: `"${randomUUID()}"`, metadata };
      bucket.objects.set(name, request.body);
      bucket.stored.set(name, meta);
      return { status: 200, contentType: 'application/xml', body: '', headers: { ETag: meta.etag } };
    }
    case 'GetObject': {
      const text = bucket.objects.get(name);
      if (text === undefined || !current) return s3ErrorAnswer(404, 'NoSuchKey', 'The specified key does not exist.', address.key);
      return { status: 200, contentType: 'application/json', body: text, headers: metaHeaders(current) };
    }
    case 'HeadObject':
      return current ? { status: 200, contentType: 'application/json', body: '', headers: metaHeaders(current) } : { status: 404, contentType: 'application/xml', body: '' };
    case 'ListObjectsV2': {
      const prefix = new URLSearchParams(request.path.split('?')[1] ?? '').get('prefix') ?? '';
      const keys = [...bucket.objects.keys()].filter((key) => key.startsWith(`${address.bucket}/${prefix}`)).map((key) => key.slice(address.bucket.length + 1));
      const contents = keys.map((key) => `<Contents><Key>${xmlText(key)}</Key><Size>1</Size></Contents>`).join('');
      return {
        status: 200,
        contentType: 'application/xml',
        body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${address.bucket}</Name><Prefix>${xmlText(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      };
    }
    default:
      return s3ErrorAnswer(501, 'NotImplemented', 'not recorded', address.key);
  }
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType,
    'Content-Length': String(Buffer.byteLength(answer.body)),
    'x-amzn-RequestId': randomUUID(),
    ...answer.headers,
  });
  res.end(answer.body);
}
