import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';

/** Lines kept in memory per process, printed when a start fails. */
const TAIL_LINES = 60;

export interface ServiceProcessOptions {
  name: string;
  entry: string;
  /** Options of node itself, such as a heap limit, given before the entry script. */
  nodeArgs?: string[];
  args?: string[];
  env: Record<string, string>;
  cwd: string;
  logFile?: string;
  /** Copies every output line to this writer, prefixed with the service name. */
  echo?: (line: string) => void;
}

/** One app of the stack running as a child process, with its output captured. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private readonly tail: string[] = [];
  private readonly waiters: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];
  private log: WriteStream | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(readonly options: ServiceProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.options.logFile && !this.log) {
      this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    }
    const child = spawn(
      process.execPath,
      [...(this.options.nodeArgs ?? []), this.options.entry, ...(this.options.args ?? [])],
      {
        cwd: this.options.cwd,
        env: this.options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let partial = '';
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.onLine(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  /** Resolves with the first output line (from now on or already seen) that matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const seen = this.tail.map((line) => line.match(pattern)).find((match) => match !== null);
    if (seen) {
      return Promise.resolve(seen);
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `${this.options.name} did not print ${pattern} within ${timeoutMs} ms.\n${this.recentOutput()}`,
          ),
        );
      }, timeoutMs);
      const exitWatch = this.exited.then((code) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${this.options.name} exited with code ${code} before it was ready.\n${this.recentOutput()}`,
          ),
        );
      });
      void exitWatch;
      this.waiters.push({
        pattern,
        resolve: (match) => {
          clearTimeout(timer);
          resolve(match);
        },
      });
    });
  }

  recentOutput(): string {
    return this.tail.map((line) => `  [${this.options.name}] ${line}`).join('\n');
  }

  /** Sends a signal and waits for the exit; SIGKILL follows a SIGTERM that is not obeyed in time. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) {
      return;
    }
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.log = null;
  }

  private onLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) {
      this.tail.shift();
    }
    this.log?.write(`${line}\n`);
    this.options.echo?.(`[${this.options.name}] ${line}`);
    for (const waiter of [...this.waiters]) {
      const match = line.match(waiter.pattern);
      if (match) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  }
}
