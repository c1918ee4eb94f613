import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** "Your account": the messages its forms translate in the browser (issue 25). */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="account">{children}</ClientMessages>;
}
