import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** "Forgot your password?": the messages its forms translate in the browser (issue 25). */
export default function ForgotPasswordLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="forgotPassword">{children}</ClientMessages>;
}
