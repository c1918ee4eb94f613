import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** Sign-in's second step: the messages its forms translate in the browser (issue 25). */
export default function SecondStepLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="signInSecondStep">{children}</ClientMessages>;
}
