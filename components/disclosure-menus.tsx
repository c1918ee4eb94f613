"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

/**
 * The header's menus are <details> elements, so they open and close without JavaScript. With it,
 * this adds what the WAI-ARIA disclosure pattern expects of a menu: Escape closes the open one and
 * returns focus to its button, a click outside closes it, and so does moving to another page.
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
        menu.open = false;
        if (menu.contains(document.activeElement)) menu.querySelector("summary")?.focus();
      }
    }
    function onPointerDown(event: PointerEvent) {
      for (const menu of openMenus()) if (!menu.contains(event.target as Node)) menu.open = false;
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
