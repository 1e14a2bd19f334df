import { longestGapInDays, parseCronExpression } from '../../../lib/cron.js';

describe('parseCronExpression', () => {
  it('returns the six fields of a valid Scheduler cron expression, names upper-cased', () => {
    expect(parseCronExpression('cron(30 2 ? * mon-fri *)')).toEqual({
      minutes: '30',
      hours: '2',
      dayOfMonth: '?',
      month: '*',
      dayOfWeek: 'MON-FRI',
      year: '*',
    });
  });

  it.each([
    'cron(0 3 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0 3 ? * 2,4,6 *)',
    'cron(0 3 L * ? *)',
    'cron(0 3 15W * ? *)',
    'cron(0 3 ? * 6L *)',
    'cron(0 3 ? * MON#1 *)',
    'cron(0 3 1 JAN-MAR ? 2026-2030)',
  ])('accepts %s', (expression) => {
    expect(() => parseCronExpression(expression)).not.toThrow();
  });

  it.each([
    ['rate(1 day)', /not a cron expression/],
    ['0 3 * * ? *', /not a cron expression/],
    ['cron(0 3 * * *)', /has 5 fields: expected 6/],
    ['cron(60 3 * * ? *)', /minutes field '60'/],
    ['cron(0 24 * * ? *)', /hours field '24'/],
    ['cron(0 3 32 * ? *)', /day-of-month field '32'/],
    ['cron(0 3 * 13 ? *)', /month field '13'/],
    ['cron(0 3 ? * FUNDAY *)', /day-of-week field 'FUNDAY'/],
    ['cron(0 3 ? * XYL *)', /unknown day 'XY'/],
    ['cron(0 3 * * * *)', /exactly one of day-of-month \('\*'\) and day-of-week \('\*'\) must be '\?'/],
    ['cron(0 3 ? * ? *)', /exactly one of day-of-month/],
    ['cron(0/0 3 * * ? *)', /bad step/],
    ['cron(0 ? * * ? *)', /hours field '\?' cannot be '\?'/],
    ['cron(0 3 1-2-3 * ? *)', /bad range/],
    ['cron(0 3,,4 * * ? *)', /empty list item/],
  ])('rejects %s, naming the problem', (expression, message) => {
    expect(() => parseCronExpression(expression)).toThrow(message);
  });
});

describe('longestGapInDays', () => {
  it.each([
    ['cron(0 3 * * ? *)', 1],
    ['cron(0/30 * * * ? *)', 1],
    ['cron(0 3 ? * * *)', 1],
    ['cron(0 3 ? * MON-FRI *)', 3],
    ['cron(0 3 ? * MON *)', 7],
    ['cron(0 3 ? * 2,4,6 *)', 3],
    ['cron(0 3 ? * SAT-MON *)', 5],
    ['cron(0 3 ? * SUN/2 *)', 2],
    ['cron(0 3 ? * TUE,TUE *)', 7],
  ])('%s: %i', (expression, days) => {
    expect(longestGapInDays(parseCronExpression(expression))).toBe(days);
  });

  it.each(['cron(0 3 1 * ? *)', 'cron(0 3 L * ? *)', 'cron(0 3 ? * MON#1 *)', 'cron(0 3 ? * 6L *)', 'cron(0 3 * JAN ? *)', 'cron(0 3 * * ? 2027)'])(
    'is undefined when the days depend on the calendar: %s',
    (expression) => {
      expect(longestGapInDays(parseCronExpression(expression))).toBeUndefined();
    },
  );
});
