/**
 * Any failure that stops a run, as a report error that says what failed and what to do. The
 * messages it reads are already free of the token (the client and the secret reader see to that).
 */
import { TokenSecretError } from './aws/secrets.js';
import { ConfigError } from './config.js';
import { describeFailure } from './fastly/error-advice.js';
import { BundledPolicyError } from './policy/bundled.js';
import { PolicyValidationError } from './policy/schema.js';
import type { ReportError } from './report/model.js';

export function toReportError(error: unknown): ReportError {
  if (error instanceof TokenSecretError) {
    return { message: error.message, operation: 'read_token_secret', action: error.action };
  }
  if (error instanceof PolicyValidationError) {
    return { message: error.message, operation: 'load_policy', action: 'Fix the policy file (npm start -- validate policy.json) and deploy again.' };
  }
  if (error instanceof BundledPolicyError) {
    return { message: error.message, operation: 'load_policy', action: 'Deploy with the FastlyComplianceAuditor construct (cdk deploy), which validates policy.json and bakes it into the bundle.' };
  }
  if (error instanceof ConfigError) {
    return { message: error.message, operation: 'read_configuration', action: 'Deploy with the FastlyComplianceAuditor construct, which sets these variables.' };
  }
  return describeFailure(error);
}
