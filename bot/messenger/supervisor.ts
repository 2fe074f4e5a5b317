/**
 * Keeps a long connection up (钉钉 Stream, 企业微信 长连接) whatever its SDK does: it is opened again after
 * any close, with a pause growing from 1 s to 30 s and never giving up; a connection that has been silent
 * (no frame, no pong) longer than its keep-alive is closed and opened again (a half-open socket looks
 * connected and receives nothing); when the platform says another instance took over the bot, this one
 * waits `kickedPauseMs` before it takes it back, logging why. Secrets never reach the log: lines are
 * the adapter's own words.
 */
export interface Connection {
  /** opens the connection; resolves once it is up (authenticated), rejects when it could not be opened */
  open(): Promise<void>;
  /** closes it (the supervisor opens it again unless stopped) */
  close(): void;
}

export interface SupervisorOptions {
  name: string;
  connection: Connection;
  /** silence longer than this closes the connection (default 90 s) */
  keepAliveMs?: number;
  /** after another instance took the bot over (default 60 s) */
  kickedPauseMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log: (line: string) => void;
}

export class Supervisor {
  private stopped = false;
  private lastSign = Date.now();
  private backoff: number;
  private timer: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private opening = false;
  private up = false;
  /** times the connection was opened (the first time included) */
  opened = 0;

  constructor(private readonly o: SupervisorOptions) {
    this.backoff = o.minBackoffMs ?? 1000;
  }

  /** Opens the connection and keeps it open until `stop()`. Resolves after the first attempt. */
  async start(): Promise<void> {
    const keepAlive = this.o.keepAliveMs ?? 90_000;
    this.watch = setInterval(
      () => {
        if (this.up && Date.now() - this.lastSign > keepAlive) {
          this.o.log(`${this.o.name}：连接 ${Math.round(keepAlive / 1000)} 秒没有任何数据，重新连接。`);
          this.lost();
        }
      },
      Math.min(keepAlive / 3, 5000),
    );
    await this.connect();
  }

  /** A frame or a pong arrived: the connection is alive. */
  alive(): void {
    this.lastSign = Date.now();
  }

  /** The connection closed (or must be dropped): it is opened again after a pause. */
  lost(pauseMs?: number): void {
    if (this.stopped) return;
    if (this.up) {
      this.up = false;
      this.o.connection.close();
    }
    this.schedule(pauseMs ?? this.nextBackoff());
  }

  /** The platform said another instance took over this bot. */
  kicked(): void {
    const pause = this.o.kickedPauseMs ?? 60_000;
    this.o.log(
      `${this.o.name}：平台说这个机器人在别处又建立了连接（另一个 Zipin 实例？），本连接被断开；${Math.round(pause / 1000)} 秒后重新连接。同一机器人只应运行一个实例。`,
    );
    this.lost(pause);
  }

  get connected(): boolean {
    return this.up;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watch) clearInterval(this.watch);
    this.timer = null;
    this.watch = null;
    this.up = false;
    this.o.connection.close();
  }

  private nextBackoff(): number {
    const b = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 30_000);
    return b;
  }

  private schedule(ms: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, ms);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.opening) return;
    this.opening = true;
    try {
      await this.o.connection.open();
      if (this.stopped) {
        this.o.connection.close();
        return;
      }
      this.up = true;
      this.opened++;
      this.lastSign = Date.now();
      this.backoff = this.o.minBackoffMs ?? 1000;
      if (this.opened > 1) this.o.log(`${this.o.name}：已重新连接。`);
    } catch (e) {
      const wait = this.nextBackoff();
      this.o.log(
        `${this.o.name}：连接失败（${(e as Error)?.message ?? e}），${Math.round(wait / 1000)} 秒后重试。`,
      );
      this.schedule(wait);
    } finally {
      this.opening = false;
    }
  }
}
