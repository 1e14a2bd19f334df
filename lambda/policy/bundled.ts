/**
 * The policy baked into the Lambda bundle. At synth, esbuild's `define` replaces
 * `process.env.FASTLY_AUDIT_POLICY_JSON` with the validated policy as a string literal (not a
 * Lambda environment variable: those are capped at 4 KB). Outside a bundle (tests, local runs)
 * the same name is read from the environment. It is validated again here, because a bundle built
 * by hand could carry anything.
 */
import { AuditorError } from '../errors.js';
import { parsePolicy, PolicyValidationError, type Policy } from './schema.js';

/** The bundle carries no usable policy text: a deployment problem rather than a policy mistake. */
export class BundledPolicyError extends AuditorError {
  override readonly name = 'BundledPolicyError';

  constructor(message: string) {
    super(message, {
      operation: 'load_policy',
      action: 'Deploy with the FastlyComplianceAuditor construct (cdk deploy), which validates policy.json and bakes it into the bundle.',
    });
  }
}

export function bundledPolicy(): Policy {
  const text = process.env.FASTLY_AUDIT_POLICY_JSON;
  if (text === undefined || text === '') {
    throw new BundledPolicyError('No policy is baked into this bundle (FASTLY_AUDIT_POLICY_JSON): deploy it with the FastlyComplianceAuditor construct.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BundledPolicyError(`The baked-in policy is not valid JSON: ${(error as Error).message}`);
  }
  const result = parsePolicy(parsed);
  if (!result.ok) throw new PolicyValidationError(result.issues, 'baked-in policy');
  return result.policy;
}
