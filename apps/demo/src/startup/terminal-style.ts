/** ANSI styling for the startup output, off when the output is not a terminal or NO_COLOR is set. */
export interface TerminalStyle {
  bold(text: string): string;
  dim(text: string): string;
  accent(text: string): string;
  warning(text: string): string;
  success(text: string): string;
}

const plain = (text: string): string => text;

/** Styling that adds nothing (files, pipes, tests). */
export const PLAIN_STYLE: TerminalStyle = Object.freeze({
  bold: plain,
  dim: plain,
  accent: plain,
  warning: plain,
  success: plain,
});

function wrap(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/** ANSI colours and weights. */
export const ANSI_STYLE: TerminalStyle = Object.freeze({
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  accent: wrap(36, 39),
  warning: wrap(33, 39),
  success: wrap(32, 39),
});

/** `ANSI_STYLE` for a terminal without `NO_COLOR`, else `PLAIN_STYLE`. */
export function styleFor(
  stream: { isTTY?: boolean },
  environment: Readonly<Record<string, string | undefined>>,
): TerminalStyle {
  return stream.isTTY && environment.NO_COLOR === undefined ? ANSI_STYLE : PLAIN_STYLE;
}
