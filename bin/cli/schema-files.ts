/**
 * The JSON Schemas the repository commits, each next to the files it describes, and their text.
 * `npm run schema` writes every one; the `schema` command prints the policy's. Adding a schema is
 * one line here.
 */
import { accountsJsonSchema } from '../../lambda/fleet/accounts-schema.js';
import { policyJsonSchema } from '../../lambda/policy/schema.js';

export interface SchemaFile {
  /** File name, relative to the repository root. */
  file: string;
  generate(): Record<string, unknown>;
}

export const POLICY_SCHEMA_FILE: SchemaFile = { file: 'policy.schema.json', generate: policyJsonSchema };

export const SCHEMA_FILES: readonly SchemaFile[] = [POLICY_SCHEMA_FILE, { file: 'accounts.schema.json', generate: accountsJsonSchema }];

/** The text written to a schema file: pretty-printed, with a final newline. */
export function schemaText(schema: SchemaFile): string {
  return `${JSON.stringify(schema.generate(), null, 2)}\n`;
}
