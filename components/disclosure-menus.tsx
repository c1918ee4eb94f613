"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

/**
 * The header's menus are <details> elements, so they open and close without JavaScript. With it,
 * this adds what the WAI-ARIA disclosure pattern expects of a menu: Escape closes the open one and
 * returns focus to its button, a click outside closes it, and so does moving to another page. The
 * phone menu's panel is the element after its <details> (`data-menu-panel`), so it counts as inside.
 */
export function DisclosureMenus() {
  const pathname = usePathname();

  useEffect(() => {
    for (const menu of openMenus()) menu.open = false;
  }, [pathname]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "Escape") return;
      for (const menu of openMenus()) {
        // Asked before closing: a closed menu's panel is hidden, and focus leaves what is hidden.
        const focusInside = holds(menu, document.activeElement);
        menu.open = false;
        if (focusInside) menu.querySelector("summary")?.focus();
      }
    }
    function onPointerDown(event: PointerEvent) {
      for (const menu of openMenus()) if (!holds(menu, event.target as Node)) menu.open = false;
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, []);

  return null;
}

function openMenus(): HTMLDetailsElement[] {
  // The innermost menus first, so that Escape inside the phone menu's Support list closes both.
  return [...document.querySelectorAll<HTMLDetailsElement>("details[data-menu][open]")].reverse();
}

/** Whether a node is in the menu: in its <details>, or in the panel that follows it. */
function holds(menu: HTMLDetailsElement, node: Node | null): boolean {
  const panel = menu.nextElementSibling;
  return menu.contains(node) || (panel instanceof HTMLElement && panel.hasAttribute("data-menu-panel") && panel.contains(node));
}
