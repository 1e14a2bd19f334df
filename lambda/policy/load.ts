/** Reads and validates a policy file (the CLI, and the CDK app at synth). */
import { readJsonFile } from '../json-file.js';
import { parsePolicy, PolicyValidationError, type Policy } from './schema.js';

/** Throws PolicyValidationError for an unreadable file, invalid JSON or an invalid policy. */
export function loadPolicyFile(path: string): Policy {
  const read = readJsonFile(path, 'the policy file');
  if (!read.ok) throw new PolicyValidationError(read.issues, path);
  const result = parsePolicy(read.data);
  if (!result.ok) throw new PolicyValidationError(result.issues, path);
  return result.policy;
}
