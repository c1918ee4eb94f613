/**
 * The words of app/global-error.tsx, the page shown when the layout itself fails. It replaces the
 * layout, so it has neither the catalog (read on the server) nor the visitor's language; it
 * carries this copy of each catalog's "errorPage" and shows every language, each marked with its
 * own `lang`. tests/unit/global-error-words.test.ts keeps it equal to the catalogs.
 */
export const GLOBAL_ERROR_WORDS: Record<string, { title: string; text: string; retry: string; home: string }> = {
  en: {
    title: "Something went wrong",
    text: "This page could not be shown. Please try again in a moment; if it keeps happening, contact us.",
    retry: "Try again",
    home: "Go to the main page",
  },
  es: {
    title: "Algo ha salido mal",
    text: "No se ha podido mostrar esta página. Vuelva a intentarlo dentro de un momento; si sigue ocurriendo, póngase en contacto con nosotros.",
    retry: "Volver a intentarlo",
    home: "Ir a la página principal",
  },
};
