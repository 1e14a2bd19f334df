/**
 * ASFF's limits on what a finding may hold, and the one way every string gets into a finding:
 * control characters shown escaped (as every renderer of the auditor shows them: `\n`, `\x1b`,
 * `\u202e`), then cut to the field's limit with "...". Data from the Fastly API is hostile (a
 * name can hold line breaks, terminal escapes or a megabyte of text), and Security Hub refuses a
 * whole finding whose Title is one character too long.
 *
 * The limits are the Security Hub API reference's (AwsSecurityFinding, Note, Recommendation,
 * ProductFields, the Other resource details, Compliance), as documented with the SDK
 * (@aws-sdk/client-securityhub 3.1108.0).
 */
import { escapeTerminal } from '../report/escape.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** BatchImportFindings takes at most 100 findings per call (and 240 KB per finding, 6 MB per call). */
export const MAX_FINDINGS_PER_IMPORT = 100;

export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  /** Remediation.Recommendation.Text */
  recommendation: 512,
  /** Note.Text and Note.UpdatedBy */
  note: 512,
  /** Severity.Original */
  severityOriginal: 64,
  productName: 128,
  /** Resources[].Type; Resources[].Id has no documented limit: held to Id's. */
  resourceType: 256,
  resourceId: 512,
  /** ProductFields: up to 50 pairs, keys up to 128 characters, values up to 2048. */
  productFieldKey: 128,
  productFieldValue: 2048,
  productFields: 50,
  /** Resources[].Details.Other: up to 50 pairs, keys and values fewer than 128 and 1,024 characters. */
  otherKey: 127,
  otherValue: 1023,
  otherFields: 50,
  /** Compliance.RelatedRequirements: up to 32. */
  relatedRequirements: 32,
  relatedRequirement: 256,
  /** Types (and FindingProviderFields.Types): up to 50. */
  types: 50,
} as const;

/**
 * A string fit for a finding: control characters escaped, at most `max` characters, never
 * empty (Security Hub refuses an empty Title, Description or Note). Whitespace-only text becomes
 * `fallback`.
 */
export function asffText(text: string, max: number, fallback = '-'): string {
  const visible = escapeTerminal(text).trim();
  return cutText(visible === '' ? fallback : visible, max);
}

/** At most `max` UTF-16 units, the cut marked with "...", never half of a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, max - 3);
  return `${/[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept}...`;
}

/** A map of string fields within a limit of pairs, key length and value length; empty values dropped. */
export function asffMap(fields: Record<string, string | undefined>, limits: { pairs: number; key: number; value: number }): Record<string, string> {
  const entries = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '')
    .slice(0, limits.pairs)
    .map(([key, value]) => [asffText(key, limits.key), asffText(value, limits.value)]);
  return Object.fromEntries(entries);
}
