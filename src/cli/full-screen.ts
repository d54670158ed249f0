/** The parts of a terminal the watch screen drives: process.stdin and process.stdout when they are TTYs. */
export interface Terminal {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { readonly columns?: number; readonly rows?: number };
  /** Raw mode on stdin: each key arrives at once, and Ctrl-C as a key rather than SIGINT. */
  setRawMode(raw: boolean): void;
}

// Alternate screen buffer and cursor visibility (xterm; tmux and every common emulator understand them).
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/**
 * Takes over the terminal: alternate screen, hidden cursor, raw keys. The returned function gives it
 * back as it was, and does so once however many exit paths call it.
 */
export function enterFullScreen(terminal: Terminal): () => void {
  terminal.setRawMode(true);
  terminal.stdin.resume();
  terminal.stdout.write(ENTER);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    terminal.stdout.write(LEAVE);
    terminal.setRawMode(false);
    terminal.stdin.pause();
  };
}
