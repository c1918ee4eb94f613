import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** "Reset your password": the messages its forms translate in the browser (issue 25). */
export default function ResetPasswordLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="resetPassword">{children}</ClientMessages>;
}
