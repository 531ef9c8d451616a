/**
 * Progress of a long command on standard error: one line rewritten in place on a terminal, plain
 * lines (at most every tenth of the way, or every five seconds) otherwise, so logs stay readable.
 */
export class Progress {
  private readonly tty: boolean;
  // Plain lines start after the first five seconds (or tenth): a short command prints none.
  private lastLine = Date.now();
  private lastShare = 0;

  constructor(
    private readonly label: string,
    private readonly total?: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  update(done: number): void {
    const now = Date.now();
    const share = this.total ? Math.floor((done / this.total) * 10) : -1;
    if (this.tty) {
      if (now - this.lastLine < 100) return;
      this.lastLine = now;
      this.out.write(`\r${this.text(done)}\u001b[K`);
      return;
    }
    if (share > this.lastShare || now - this.lastLine >= 5000) {
      this.lastShare = share;
      this.lastLine = now;
      this.out.write(`${this.text(done)}\n`);
    }
  }

  finish(done: number): void {
    this.out.write(this.tty ? `\r${this.text(done)}\u001b[K\n` : `${this.text(done)}\n`);
  }

  private text(done: number): string {
    if (!this.total) return `${this.label}: ${done}`;
    return `${this.label}: ${Math.min(100, Math.floor((done / this.total) * 100))}% (${done}/${this.total})`;
  }
}
