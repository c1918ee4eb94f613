import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** Register and Redeem invitation: the messages its forms translate in the browser (issue 25). */
export default function RegistrationLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="registration">{children}</ClientMessages>;
}
