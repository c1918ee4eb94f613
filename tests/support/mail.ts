import { reloadConfig } from "@/lib/config";
import { closeMailTransport } from "@/lib/mail/transport";
import { SmtpReceiver } from "./smtp-receiver";

/** A real SMTP receiver for the test file's tests, with the portal's SMTP_URL pointed at it. */
export function withSmtpReceiver(): SmtpReceiver {
  const receiver = new SmtpReceiver();
  beforeAll(async () => {
    await receiver.start();
    process.env.SMTP_URL = receiver.url;
    reloadConfig();
  });
  afterAll(async () => {
    closeMailTransport();
    await receiver.stop();
    delete process.env.SMTP_URL;
    reloadConfig();
  });
  return receiver;
}
