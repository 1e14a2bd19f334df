/** The escapers of API data, one per output kind: what each leaves visible and what it neutralises. */
import { escapeChat, escapeEmail, escapeMarkdown, escapeTerminal, markdownCode } from '../../../lambda/report/escape.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe.each([
  ['escapeTerminal', escapeTerminal],
  ['escapeEmail', escapeEmail],
])('%s', (_name, escape) => {
  it('shows line breaks, ESC, BEL and the other controls as visible escapes', () => {
    const value = 'Evil\n# Forged\r\tx\u001b[2J\u001b]0;owned\u0007\u0000\u007f\u009b\u2028\u202e';

    const escaped = escape(value);

    expect(escaped).toBe('Evil\\n# Forged\\r\\tx\\x1b[2J\\x1b]0;owned\\x07\\x00\\x7f\\x9b\\u2028\\u202e');
    expect(escaped).not.toMatch(CONTROL);
  });

  it('leaves ordinary text, Unicode letters and punctuation as they are', () => {
    expect(escape('Zoë Müller <zoe@example.com> | *ok* `x`')).toBe('Zoë Müller <zoe@example.com> | *ok* `x`');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['a heading after a newline', 'Evil\n# Forged', 'Evil\\\\n\\# Forged'],
    ['a heading at the start', '# Forged', '\\# Forged'],
    ['HTML', '<script>alert(1)</script>', '\\<script>alert(1)\\</script>'],
    ['a link', '[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['an image', '![x](https://evil.example/x.png)', '!\\[x\\](https://evil.example/x.png)'],
    ['code and table pipes', '`a` | b', '\\`a\\` \\| b'],
    ['emphasis and strike-through', '*bold* _it_ ~~gone~~', '\\*bold\\* \\_it\\_ \\~\\~gone\\~\\~'],
    ['entities and math', '&lt; $x$', '\\&lt; \\$x\\$'],
    ['a quote at the start', '> quoted', '\\> quoted'],
    ['a list item at the start', '- item', '\\- item'],
    ['an ordered item at the start', '12. item', '12\\. item'],
    ['indented code at the start', '    code', 'code'],
    ['a backslash', 'a\\b', 'a\\\\b'],
  ])('neutralises %s', (_what, value, expected) => {
    expect(escapeMarkdown(value)).toBe(expected);
  });

  it('leaves underscores inside words and arrows alone (they emphasise nothing)', () => {
    expect(escapeMarkdown('force_2fa: false -> true')).toBe('force_2fa: false -> true');
  });
});

describe('markdownCode', () => {
  it('is a plain code span for text without backticks', () => {
    expect(markdownCode('bBRsk29cztUX1kmObfEjdp')).toBe('`bBRsk29cztUX1kmObfEjdp`');
  });

  it('fences text holding backticks with a longer run, so it cannot close the span', () => {
    expect(markdownCode('a``b')).toBe('```a``b```');
    expect(markdownCode('`x')).toBe('`` `x ``');
  });

  it('shows controls escaped', () => {
    expect(markdownCode('id\n# x')).toBe('`id\\n# x`');
  });
});

describe('escapeChat', () => {
  it('keeps mentions, links, code spans and emphasis from working in Slack', () => {
    const escaped = escapeChat('<!channel> <https://evil.example|click> `x` *bold* ~gone~ _it_\nline');

    expect(escaped).toBe('\u2039!channel\u203a \u2039https://evil.example|click\u203a x \u2217bold\u2217 \u223cgone\u223c \u02cdit\u02cd\\nline');
    expect(escaped).not.toMatch(/[<>`*~\n]/);
  });

  it('leaves underscores inside words alone', () => {
    expect(escapeChat('force_2fa john_doe@example.com')).toBe('force_2fa john_doe@example.com');
  });
});
