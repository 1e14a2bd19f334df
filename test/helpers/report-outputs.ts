/** Everything a report becomes on its way to people: each must stay free of the token. */
import { renderJson } from '../../lambda/report/json.js';
import { renderMarkdown } from '../../lambda/report/markdown.js';
import type { Report } from '../../lambda/report/model.js';
import { buildNotification } from '../../lambda/report/notification.js';
import { renderText } from '../../lambda/report/text.js';

/** The archived JSON, the CLI's text and markdown, and the SNS notification (subject, message, attributes). */
export function reportOutputs(report: Report): string[] {
  return [renderJson(report), renderText(report), renderMarkdown(report), JSON.stringify(buildNotification(report))];
}
