import { painter, shouldUseColor } from '../../../lambda/report/color.js';

describe('shouldUseColor', () => {
  it('uses colour on a terminal when nothing says otherwise', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
  });

  it('does not use colour when the stream is not a terminal', () => {
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });

  it('honours NO_COLOR when set and not empty (no-color.org)', () => {
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });

  it('lets FORCE_COLOR force colour on, or off with 0 / false', () => {
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '', NO_COLOR: '' })).toBe(false);
  });

  it('treats TERM=dumb as no colour', () => {
    expect(shouldUseColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('painter', () => {
  it('wraps text in ANSI codes only when enabled', () => {
    expect(painter(true)('FAIL', 'red')).toBe('\u001b[31mFAIL\u001b[39m');
    expect(painter(false)('FAIL', 'red')).toBe('FAIL');
  });
});
