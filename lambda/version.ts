/** Product identity, used in the User-Agent and the report's `tool` block. Keep in step with package.json. */
export const TOOL_NAME = 'fastly-compliance-auditor';
export const TOOL_VERSION = '0.1.0';
