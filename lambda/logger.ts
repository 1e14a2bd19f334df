/**
 * The one structured logger of the product (Powertools: JSON lines with service and level; the
 * handler binds it to each invocation's Lambda context, which adds cold_start, function_name and
 * function_request_id). Level from POWERTOOLS_LOG_LEVEL (default INFO). Log errors as Error
 * objects (Powertools formats name, message, stack and fields). Never log the Fastly token, nor a
 * whole report: log ids, counts and locations.
 * Note: outside Lambda, info and debug go to stdout, warnings and errors to stderr.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export const logger = new Logger({ serviceName: TOOL_NAME, persistentKeys: { version: TOOL_VERSION } });
