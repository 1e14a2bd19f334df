/**
 * What Security Hub requires of an ASFF finding, written down from its documentation (the
 * required top-level attributes, AwsSecurityFinding's length constraints, the Note,
 * Recommendation, ProductFields, Other details and Compliance limits), independently of the
 * mapper's own constants: a check that repeated the code's numbers could not fail.
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

export const REQUIRED_FIELDS = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;

// RFC 3339 as Security Hub accepts it: seconds, optional fraction of up to 9 digits, Z or an offset.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, index) => strings(item, `${path}[${index}]`, out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) strings(item, path ? `${path}.${key}` : key, out);
  return out;
}

/** Every way the finding breaks Security Hub's rules, as "<field>: <problem>"; empty when it is valid. */
export function asffProblems(finding: AwsSecurityFinding): string[] {
  const problems: string[] = [];
  const record = finding as unknown as Record<string, unknown>;
  for (const field of REQUIRED_FIELDS) {
    const value = record[field];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) problems.push(`${field}: missing`);
  }
  const atMost = (path: string, value: string | undefined, max: number) => {
    if (value !== undefined && (value.length > max || value.trim() === '')) problems.push(`${path}: ${value.length} characters, allowed 1 to ${max}`);
  };
  const countAtMost = (path: string, count: number, max: number) => {
    if (count > max) problems.push(`${path}: ${count} entries, allowed ${max}`);
  };
  if (finding.SchemaVersion !== '2018-10-08') problems.push(`SchemaVersion: ${finding.SchemaVersion}`);
  atMost('Id', finding.Id, 512);
  atMost('GeneratorId', finding.GeneratorId, 512);
  atMost('Title', finding.Title, 256);
  atMost('Description', finding.Description, 1024);
  atMost('ProductName', finding.ProductName, 128);
  atMost('CompanyName', finding.CompanyName, 128);
  if (!/^\d{12}$/.test(finding.AwsAccountId ?? '')) problems.push(`AwsAccountId: ${finding.AwsAccountId}`);
  if (!/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:(\d{12}):product\/\2\/default$/.test(finding.ProductArn ?? '')) problems.push(`ProductArn: ${finding.ProductArn}`);
  for (const field of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const) {
    const value = finding[field];
    if (value !== undefined && !TIMESTAMP.test(value)) problems.push(`${field}: ${value} is not an RFC 3339 timestamp`);
  }
  if (finding.CreatedAt && finding.UpdatedAt && Date.parse(finding.CreatedAt) > Date.parse(finding.UpdatedAt)) problems.push('CreatedAt: after UpdatedAt');
  countAtMost('Types', finding.Types?.length ?? 0, 50);
  for (const type of finding.Types ?? []) {
    if (!/^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(\/[^/]+){0,2}$/.test(type)) problems.push(`Types: ${type}`);
  }
  const labels = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  if (!labels.includes(finding.Severity?.Label ?? '')) problems.push(`Severity.Label: ${finding.Severity?.Label}`);
  atMost('Severity.Original', finding.Severity?.Original, 64);
  atMost('Remediation.Recommendation.Text', finding.Remediation?.Recommendation?.Text, 512);
  const url = finding.Remediation?.Recommendation?.Url;
  if (url !== undefined && !/^https:\/\/\S+$/.test(url)) problems.push(`Remediation.Recommendation.Url: ${url}`);
  const productFields = Object.entries(finding.ProductFields ?? {});
  countAtMost('ProductFields', productFields.length, 50);
  for (const [key, value] of productFields) {
    atMost(`ProductFields key ${key.slice(0, 40)}`, key, 128);
    atMost(`ProductFields.${key}`, value, 2048);
  }
  countAtMost('Resources', finding.Resources?.length ?? 0, 32);
  for (const [index, resource] of (finding.Resources ?? []).entries()) {
    atMost(`Resources[${index}].Type`, resource.Type, 256);
    atMost(`Resources[${index}].Id`, resource.Id, 512);
    if (resource.Partition !== undefined && !['aws', 'aws-cn', 'aws-us-gov'].includes(resource.Partition)) problems.push(`Resources[${index}].Partition: ${resource.Partition}`);
    atMost(`Resources[${index}].Region`, resource.Region, 16);
    const other = Object.entries(resource.Details?.Other ?? {});
    countAtMost(`Resources[${index}].Details.Other`, other.length, 50);
    for (const [key, value] of other) {
      atMost(`Resources[${index}].Details.Other key`, key, 127);
      atMost(`Resources[${index}].Details.Other.${key}`, value, 1023);
    }
  }
  if (!['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE', undefined].includes(finding.Compliance?.Status)) problems.push(`Compliance.Status: ${finding.Compliance?.Status}`);
  countAtMost('Compliance.RelatedRequirements', finding.Compliance?.RelatedRequirements?.length ?? 0, 32);
  for (const requirement of finding.Compliance?.RelatedRequirements ?? []) atMost('Compliance.RelatedRequirements[]', requirement, 256);
  if (!['ACTIVE', 'ARCHIVED', undefined].includes(finding.RecordState)) problems.push(`RecordState: ${finding.RecordState}`);
  if (!['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED', undefined].includes(finding.Workflow?.Status)) problems.push(`Workflow.Status: ${finding.Workflow?.Status}`);
  if (finding.Note) {
    atMost('Note.Text', finding.Note.Text, 512);
    atMost('Note.UpdatedBy', finding.Note.UpdatedBy, 512);
    if (!TIMESTAMP.test(finding.Note.UpdatedAt ?? '')) problems.push(`Note.UpdatedAt: ${finding.Note.UpdatedAt}`);
  }
  for (const [path, value] of strings(finding, '', [])) if (CONTROL.test(value)) problems.push(`${path}: holds a control character`);
  // 240 KB per finding.
  if (Buffer.byteLength(JSON.stringify(finding)) > 240 * 1024) problems.push('the finding is larger than 240 KB');
  return problems;
}
