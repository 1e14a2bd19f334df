/**
 * Terminal colour: when to use it and the few ANSI styles the text renderer needs.
 * Colour is a presentation choice of the caller; renderers only paint when told to.
 */

/**
 * Colour only on a terminal, unless the user said otherwise:
 * FORCE_COLOR forces it ("0" or "false" turns it off), as Node's own tty does;
 * NO_COLOR, when set and not empty, turns it off (https://no-color.org); TERM=dumb too.
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

export type Painter = (text: string, ...styles: Style[]) => string;

/** A painter that wraps text in ANSI codes when `enabled`, and returns it untouched otherwise. */
export function painter(enabled: boolean): Painter {
  if (!enabled) return (text) => text;
  return (text, ...styles) =>
    styles.reduce((painted, style) => `\u001b[${CODES[style][0]}m${painted}\u001b[${CODES[style][1]}m`, text);
}
