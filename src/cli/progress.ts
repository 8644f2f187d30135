import cliProgress from 'cli-progress';

/** A progress bar on a terminal; plain silence when output is not a terminal (CI, pipes). */
export class ProgressBar {
  private readonly bar: cliProgress.SingleBar | undefined;
  private started = false;

  constructor(label: string) {
    this.bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  }

  update(done: number, total: number): void {
    if (!this.bar) return;
    if (!this.started) {
      this.bar.start(total, done);
      this.started = true;
    } else {
      this.bar.setTotal(total);
      this.bar.update(done);
    }
  }

  stop(): void {
    if (this.started) this.bar?.stop();
    this.started = false;
  }
}
