import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** "Contact us": the messages its forms translate in the browser (issue 25). */
export default function ContactLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="contact">{children}</ClientMessages>;
}
