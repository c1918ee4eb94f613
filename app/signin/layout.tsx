import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** "Sign in": the messages its forms translate in the browser (issue 25). */
export default function SignInLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="signIn">{children}</ClientMessages>;
}
