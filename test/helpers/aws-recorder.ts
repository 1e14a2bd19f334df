/**
 * A loopback stand-in for the three AWS services the handler calls, speaking just enough of each
 * wire protocol for the SDK v3 clients installed here (AWS_ENDPOINT_URL points them at it):
 * Secrets Manager (awsJson1_1), SNS (awsQuery: form body in, XML out) and S3 (REST XML, bucket in
 * the Host header or in the path). It keeps the objects written and records every request, minus
 * the Authorization header.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedAwsRequest {
  service: 'secretsmanager' | 'sns' | 's3';
  /** GetSecretValue, Publish, PutObject, GetObject, or the unsupported request's method. */
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

export interface AwsRecorder {
  /** http://127.0.0.1:<port>, for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly requests: RecordedAwsRequest[];
  /** S3 objects by "bucket/key". */
  readonly objects: Map<string, string>;
  stop(): Promise<void>;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

const HOST = '127.0.0.1';

export async function startAwsRecorder(options: { secrets: Record<string, string> }): Promise<AwsRecorder> {
  const requests: RecordedAwsRequest[] = [];
  const objects = new Map<string, string>();

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => send(res, answer(req, body)))
      .catch((error: unknown) => send(res, { status: 500, contentType: 'text/plain', body: String(error) }));
  });

  function answer(req: IncomingMessage, body: string): Answer {
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => name !== 'authorization')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
    );
    const base = { method: req.method ?? 'GET', host: headers.host ?? '', path: req.url ?? '/', headers, body };
    const target = headers['x-amz-target'] ?? '';

    if (target.startsWith('secretsmanager.')) {
      const operation = target.slice('secretsmanager.'.length);
      requests.push({ ...base, service: 'secretsmanager', operation });
      return secretsManager(operation, body, options.secrets);
    }
    if ((headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push({ ...base, service: 'sns', operation: form.Action ?? '', form });
      return sns(form);
    }
    const s3 = s3Address(base.host, base.path);
    const operation = base.method === 'PUT' ? 'PutObject' : base.method === 'GET' ? 'GetObject' : base.method;
    requests.push({ ...base, service: 's3', operation, s3 });
    return s3Object(operation, s3, body, objects);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${HOST}:${port}`,
    requests,
    objects,
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

function s3Object(operation: string, address: NonNullable<RecordedAwsRequest['s3']>, body: string, objects: Map<string, string>): Answer {
  const name = `${address.bucket}/${address.key}`;
  if (operation === 'PutObject') {
    objects.set(name, body);
    return { status: 200, contentType: 'application/xml', body: '', headers: { ETag: `"${randomUUID()}"` } };
  }
  const stored = operation === 'GetObject' ? objects.get(name) : undefined;
  if (stored !== undefined) return { status: 200, contentType: 'application/json', body: stored };
  const code = operation === 'GetObject' ? 'NoSuchKey' : 'NotImplemented';
  return {
    status: operation === 'GetObject' ? 404 : 501,
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code === 'NoSuchKey' ? 'The specified key does not exist.' : 'not recorded'}</Message><Key>${address.key}</Key><RequestId>${randomUUID()}</RequestId></Error>`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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
