#!/usr/bin/env node
/** The CDK app (`npx cdk synth|deploy`): settings come from cdk.json context and `-c key=value`. */
import { App } from 'aws-cdk-lib';
import { buildAuditorApp } from '../lib/auditor-stack.js';

const app = new App();
try {
  buildAuditorApp(app, process.cwd());
} catch (error) {
  // Configuration mistakes (policy file, context, props) read better without a stack trace.
  if (error instanceof Error && ['PolicyValidationError', 'AccountsValidationError', 'ContextError', 'AuditorPropsError'].includes(error.name)) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
