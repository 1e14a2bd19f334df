/**
 * EventBridge Scheduler cron expressions: syntax check and how long the missed-run alarm must
 * wait between runs. Pure functions, so that a bad expression fails synth with a precise message
 * instead of failing deployment.
 */

/** The six fields of `cron(minutes hours day-of-month month day-of-week year)`. */
export interface CronFields {
  minutes: string;
  hours: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
  year: string;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Scheduler numbers days of the week 1-7 from Sunday. */
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRule {
  name: keyof CronFields;
  label: string;
  min: number;
  max: number;
  names?: string[];
  /** Special tokens this field accepts besides numbers, ranges, lists and steps. */
  special: RegExp | undefined;
}

const FIELD_RULES: FieldRule[] = [
  { name: 'minutes', label: 'minutes', min: 0, max: 59, special: undefined },
  { name: 'hours', label: 'hours', min: 0, max: 23, special: undefined },
  { name: 'dayOfMonth', label: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  { name: 'month', label: 'month', min: 1, max: 12, names: MONTH_NAMES, special: undefined },
  { name: 'dayOfWeek', label: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, special: /^(\?|L|[A-Z0-9]{1,3}L|[A-Z0-9]{1,3}#[1-5])$/ },
  { name: 'year', label: 'year', min: 1970, max: 2199, special: undefined },
];

/** Throws with a message naming the field that is wrong; returns the fields of a valid expression. */
export function parseCronExpression(expression: string): CronFields {
  const body = /^cron\((.*)\)$/.exec(expression.trim())?.[1];
  if (body === undefined) {
    throw new Error(`'${expression}' is not a cron expression: expected cron(minutes hours day-of-month month day-of-week year), e.g. 'cron(0 3 * * ? *)'`);
  }
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(`'${expression}' has ${parts.length} fields: expected 6 (minutes hours day-of-month month day-of-week year)`);
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string];
  // Month and day names are case-insensitive for Scheduler.
  const fields: CronFields = { minutes, hours, dayOfMonth, month: month.toUpperCase(), dayOfWeek: dayOfWeek.toUpperCase(), year };
  for (const rule of FIELD_RULES) {
    const problem = fieldProblem(fields[rule.name], rule);
    if (problem) throw new Error(`'${expression}': ${rule.label} field '${fields[rule.name]}' ${problem}`);
  }
  // Scheduler (like EventBridge) needs '?' in exactly one of the two day fields.
  if ((fields.dayOfMonth === '?') === (fields.dayOfWeek === '?')) {
    throw new Error(`'${expression}': exactly one of day-of-month ('${fields.dayOfMonth}') and day-of-week ('${fields.dayOfWeek}') must be '?'`);
  }
  return fields;
}

function fieldProblem(value: string, rule: FieldRule): string | undefined {
  for (const item of value.split(',')) {
    if (item === '') return 'has an empty list item';
    if (rule.special?.test(item)) {
      const day = /^([A-Z0-9]{1,3})(?:L|#[1-5])$/.exec(item)?.[1];
      if (day !== undefined && valueOf(day, rule) === undefined) return `names an unknown day '${day}'`;
      continue;
    }
    if (item === '?') return "cannot be '?' (only day-of-month and day-of-week can)";
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return `has more than one '/' in '${item}'`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `has a bad step '/${step}'`;
    if (range === '*') continue;
    const [start, end, more] = (range ?? '').split('-');
    if (more !== undefined) return `has a bad range '${range}'`;
    for (const bound of end === undefined ? [start] : [start, end]) {
      if (bound === undefined || valueOf(bound, rule) === undefined) {
        return `has '${bound ?? ''}' where ${rule.min}-${rule.max}${rule.names ? ` or ${rule.names[0]}-${rule.names.at(-1)}` : ''} is allowed`;
      }
    }
  }
  return undefined;
}

function valueOf(token: string, rule: FieldRule): number | undefined {
  const named = rule.names?.indexOf(token) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token)) return undefined;
  const number = Number(token);
  return number >= rule.min && number <= rule.max ? number : undefined;
}

/**
 * The longest gap, in whole days, between two days on which the schedule runs: 1 for a daily (or
 * more frequent) schedule, 3 for Monday to Friday, 7 for weekly. Undefined when the days depend on
 * the calendar (day-of-month, month or year restricted, last or nth weekday): then no fixed window
 * fits every gap.
 */
export function longestGapInDays(fields: CronFields): number | undefined {
  if (fields.month !== '*' || fields.year !== '*') return undefined;
  if (fields.dayOfMonth === '*') return 1;
  if (fields.dayOfMonth !== '?') return undefined;
  const days = weekdays(fields.dayOfWeek);
  if (days === undefined || days.length === 0) return undefined;
  let longest = 0;
  days.forEach((day, index) => {
    const next = days[(index + 1) % days.length] ?? day;
    longest = Math.max(longest, (next - day + 7) % 7 || 7);
  });
  return longest;
}

/** Sorted days of the week (1-7) a day-of-week field selects, or undefined for L and # forms. */
function weekdays(field: string): number[] | undefined {
  const rule = FIELD_RULES.find((candidate) => candidate.name === 'dayOfWeek') as FieldRule;
  const selected = new Set<number>();
  for (const item of field.split(',')) {
    if (/[L#]/.test(item)) return undefined;
    const [range = '*', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [startText, endText] = range === '*' ? ['1', '7'] : range.split('-');
    const start = valueOf(startText ?? '', rule);
    if (start === undefined) return undefined;
    // A single value with a step ("MON/2") runs from there to the end of the week.
    const end = endText !== undefined ? valueOf(endText, rule) : stepText !== undefined ? 7 : start;
    if (end === undefined) return undefined;
    const span = (end - start + 7) % 7;
    for (let offset = 0; offset <= span; offset += step) selected.add(((start - 1 + offset) % 7) + 1);
  }
  return [...selected].sort((a, b) => a - b);
}
