"use client";

import { useCallback, useState } from "react";

/**
 * A mail's HTML in a sandboxed frame. No `allow-scripts`, so the mail runs nothing;
 * `allow-same-origin` only so this page can read the frame's height and show the whole mail (with
 * scripts refused it gives the mail no power); `allow-popups allow-popups-to-escape-sandbox` so
 * its links (opened in a new tab by the document's `<base target="_blank">`) work there.
 */
export function MailHtmlFrame({ title, document }: { title: string; document: string }) {
  const [height, setHeight] = useState<number>();
  const fit = useCallback((frame: HTMLIFrameElement | null) => {
    if (!frame) return;
    const measure = () => {
      const body = frame.contentDocument?.documentElement;
      if (body) setHeight(body.scrollHeight);
    };
    frame.addEventListener("load", measure);
    if (frame.contentDocument?.readyState === "complete") measure();
    return () => frame.removeEventListener("load", measure);
  }, []);
  return (
    <iframe
      ref={fit}
      title={title}
      srcDoc={document}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      className="mt-2 min-h-[32rem] w-full border"
      style={height ? { height: `${height + 2}px` } : undefined}
    />
  );
}
