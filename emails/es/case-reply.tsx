import CaseReplyEmail from "../case-reply";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The Spanish reply to a case, for the preview server (npm run email). */
const SpanishCaseReplyEmail = CaseReplyEmail.bind(null);
export default Object.assign(SpanishCaseReplyEmail, {
  PreviewProps: {
    ...CaseReplyEmail.PreviewProps,
    name: "Juan Pérez",
    subject: "No encuentro la confirmación de mi último pedido",
    reply: "Estimado Sr. Pérez:\nLe hemos enviado de nuevo la confirmación. ¿Podría revisar su carpeta de correo no deseado y decirnos si ha llegado?",
    t: previewText("es"),
    branding: previewBrandingIn("es"),
  },
});
