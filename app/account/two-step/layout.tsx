import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** Setting up two-step verification: the messages its forms translate in the browser (issue 25). */
export default function AccountTwoStepLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="accountTwoStep">{children}</ClientMessages>;
}
