import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { renderMail, type MailLanguage, type MailTemplateName, type MailValues } from './mail-templates.js';

export interface MailRecipient {
  email: string;
  language: MailLanguage;
}

// Short limits: a slow or silent SMTP server must not hold anything up for long.
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000, dnsTimeout: 5_000 };

/**
 * The one seam through which mail leaves the service: SMTP when SMTP_URL is set, otherwise an
 * .eml file under DATA_DIR/mail so a first run shows what would have been sent.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter;
  private readonly mailDir: string;
  /** When the mail server started refusing every attempt (null while the last one went through). */
  private refusingSince: Date | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.mailDir = join(config.dataDir, 'mail');
    this.transport = config.smtpUrl
      ? nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send<N extends MailTemplateName>(to: MailRecipient, template: N, values: MailValues<N>): Promise<void> {
    const { subject, text } = renderMail(template, to.language, values);
    let info: unknown;
    try {
      info = await this.transport.sendMail({ from: this.config.mailFrom, to: to.email, subject, text });
    } catch (err) {
      this.refusingSince ??= this.clock.now();
      throw err;
    }
    this.refusingSince = null;
    if (!this.config.smtpUrl) {
      await mkdir(this.mailDir, { recursive: true, mode: 0o700 });
      await writeFile(join(this.mailDir, `${Date.now()}-${randomUUID()}.eml`), (info as { message: Buffer }).message, { mode: 0o600 });
    }
    this.logger.log({ template }, 'mail sent');
  }

  /**
   * True when every attempt of this instance has been refused for longer than NOTIFY_ALERT_MINUTES:
   * the secretariat's pages then say so. Each instance knows its own attempts only.
   */
  refusingTooLong(): boolean {
    return this.refusingSince !== null && this.clock.now().getTime() - this.refusingSince.getTime() > this.config.notify.alertMs;
  }

  close(): void {
    this.transport.close();
  }
}
