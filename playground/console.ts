import { createInterface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';

/** The terminal the playground talks through. */
export interface PlaygroundConsole {
  /** Prints text as lines; a progress line on screen is replaced, and an idle prompt redrawn below. */
  print(text: string): void;
  /** In a terminal, one line redrawn in place; elsewhere an ordinary line. */
  progress(text: string): void;
  /** The prompt from now on (where the person is: `#general › `, `DM with Reconnect › `). */
  setPrompt(text: string): void;
  /**
   * Reads lines until the input ends, Ctrl-C, or `handle` answers false. Lines are
   * handled one at a time, in order.
   */
  run(handle: (line: string) => Promise<boolean>): Promise<void>;
}

const CLEAR_LINE = '\r\x1b[2K';

/**
 * Line input with a prompt, where what the person types while a command runs never lands
 * in that command's output: readline's echo is held back until the command is done, then
 * the prompt is drawn again with whatever was typed meanwhile (and lines finished
 * meanwhile are shown, as typed, before their own output).
 */
export function createConsole(options: {
  input: Readable;
  output: NodeJS.WritableStream & { columns?: number };
  /** A terminal: echo, a prompt, progress drawn in place. Otherwise (piped input) plain lines. */
  terminal: boolean;
  prompt: string;
}): PlaygroundConsole {
  const { output, terminal } = options;
  let prompt = options.prompt;
  let busy = false;
  let progressShown = false;
  // readline writes its echo and prompt here; while a command runs they are dropped, and
  // prompt(true) redraws them once it is done.
  const echo = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (!busy) output.write(chunk);
      callback();
    },
  });
  Object.defineProperty(echo, 'columns', { get: () => output.columns });
  const rl = createInterface({ input: options.input, output: echo, terminal, prompt });
  // The prompt shows only while lines are being read, never before run() or after the end.
  let reading = false;
  rl.on('close', () => (reading = false));

  const endProgress = () => {
    if (progressShown) output.write(CLEAR_LINE);
    progressShown = false;
  };

  return {
    print(text) {
      endProgress();
      const atPrompt = terminal && !busy && reading;
      if (atPrompt) output.write(CLEAR_LINE);
      output.write(`${text}\n`);
      if (atPrompt) rl.prompt(true);
    },
    progress(text) {
      if (!terminal) {
        output.write(`${text}\n`);
        return;
      }
      output.write(`${CLEAR_LINE}${text}`);
      progressShown = true;
    },
    setPrompt(text) {
      prompt = text;
      rl.setPrompt(text);
    },
    run(handle) {
      return new Promise<void>((resolve) => {
        const queue: Array<{ line: string; echoed: boolean }> = [];
        let closed = false;
        let stopped = false;
        let pumping = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          rl.close();
          resolve();
        };
        const pump = async () => {
          if (pumping || stopped) return;
          pumping = true;
          busy = true;
          while (queue.length > 0 && !stopped) {
            const { line, echoed } = queue.shift()!;
            if (terminal && !echoed) output.write(`${prompt}${line}\n`);
            let keepGoing = true;
            try {
              keepGoing = await handle(line);
            } catch (error) {
              output.write(`Playground error: ${(error as Error).message}\n`);
            }
            endProgress();
            if (!keepGoing) stop();
          }
          busy = false;
          pumping = false;
          if (closed) stop();
          else if (terminal && reading) rl.prompt(true);
        };
        rl.on('line', (line) => {
          queue.push({ line, echoed: !busy });
          // The line's own Enter was echoed; from here the command owns the screen.
          busy = true;
          void pump();
        });
        rl.on('close', () => {
          closed = true;
          if (pumping) return;
          // Ctrl-C or Ctrl-D at the prompt: what follows starts on a line of its own.
          if (terminal) output.write('\n');
          stop();
        });
        // Ctrl-C ends the playground once the command under way is done.
        rl.on('SIGINT', () => {
          queue.length = 0;
          rl.close();
        });
        reading = true;
        if (terminal) rl.prompt();
      });
    },
  };
}
