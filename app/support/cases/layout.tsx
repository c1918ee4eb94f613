import type { ReactNode } from "react";
import { ClientMessages } from "@/components/client-messages";

/** A customer's cases: the messages its forms translate in the browser (issue 25). */
export default function CasesLayout({ children }: { children: ReactNode }) {
  return <ClientMessages of="cases">{children}</ClientMessages>;
}
