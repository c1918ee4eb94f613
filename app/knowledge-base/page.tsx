import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoon } from "@/components/coming-soon";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Knowledge Base" };

export default function KnowledgeBasePage() {
  const minutes = config().resetTokenTtlMinutes;
  return (
    <ComingSoon title="Knowledge Base">
      <p>Articles about your account, bills and service, grouped by topic and searchable, are being written. Until then:</p>
      <h2 className="pt-2 text-xl font-semibold">How do I reset my password?</h2>
      <ol className="list-decimal space-y-1 pl-6">
        <li>
          Press <strong>Sign in</strong> at the top right, then <strong>Forgot your password?</strong>
        </li>
        <li>
          Enter the email address of your account and press <strong>Send</strong>.
        </li>
        <li>Open the email we send (it usually arrives within seconds) and follow its link. The link works once, for {minutes} minutes.</li>
        <li>
          Enter your new password twice and press <strong>Reset</strong>.
        </li>
        <li>
          Press <strong>Sign in</strong> and sign in with your username and your new password.
        </li>
      </ol>
      <p>
        <Link href="/forgot-password">Reset your password now</Link>
      </p>
    </ComingSoon>
  );
}
