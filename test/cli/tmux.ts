import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A program in a detached tmux pane of a private tmux server: a real pseudo-terminal to type into and
 * read. When the program ends, the pane shows `exited with STATUS`.
 */
export interface Pane {
  /** tmux key names (`Enter`, `Escape`, `Up`, `C-c`) or single characters. */
  keys(...keys: string[]): Promise<void>;
  /** Text typed as is, not read as key names. */
  type(text: string): Promise<void>;
  /** The visible screen as text. */
  screen(): Promise<string>;
  /** A tmux format variable of the pane, e.g. `alternate_on`, `cursor_flag`. */
  show(variable: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPane(command: string[], opts: { env: Record<string, string>; width: number; height: number }): Promise<Pane> {
  // A socket of its own (-L) and no config file (-f): nothing from the user's tmux leaks in.
  const base = ['-L', `airlock-test-${randomBytes(4).toString('hex')}`, '-f', '/dev/null'];
  const tmux = async (...args: string[]) => (await run('tmux', [...base, ...args])).stdout;
  const env = Object.entries(opts.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const size = ['-x', String(opts.width), '-y', String(opts.height)];
  // A shell stays behind the program, as at a prompt: the terminal it leaves can be inspected live.
  const shell = ['sh', '-c', '"$@"; echo "exited with $?"; sleep 600', 'sh', ...command];
  await tmux('new-session', '-d', '-s', 'w', ...size, '-c', process.cwd(), ...env, ...shell);
  return {
    keys: async (...keys) => void (await tmux('send-keys', '-t', 'w', ...keys)),
    type: async (text) => void (await tmux('send-keys', '-t', 'w', '-l', text)),
    screen: () => tmux('capture-pane', '-p', '-t', 'w'),
    show: async (variable) => (await tmux('display-message', '-p', '-t', 'w', `#{${variable}}`)).trim(),
    close: async () => void (await tmux('kill-server').catch(() => undefined)),
  };
}
