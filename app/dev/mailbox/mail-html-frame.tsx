/**
 * A mail's HTML in a sandboxed frame that gives the mail no power: no `allow-scripts` (and the
 * document's own policy runs none), and no `allow-same-origin`, so the frame is an opaque origin
 * that can never reach the portal's pages, cookies or storage even if a script did run. The price
 * is that this page cannot read the mail's height, so the frame is tall (most of the window, and
 * the developer can drag it taller) and scrolls to the rest of the mail, footer included.
 * `allow-popups allow-popups-to-escape-sandbox` lets its links (opened in a new tab by the
 * document's `<base target="_blank">`) work there.
 */
export function MailHtmlFrame({ title, document }: { title: string; document: string }) {
  return (
    <iframe
      title={title}
      srcDoc={document}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      className="mt-2 h-[80vh] min-h-[32rem] w-full resize-y border"
    />
  );
}
