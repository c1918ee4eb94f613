import CaseCustomerReplyEmail from "../case-customer-reply";
import { previewBrandingIn, previewText } from "../_components/preview";

/** The customer's answer to a case with Spanish words, for the preview server (npm run email). */
const SpanishCaseCustomerReplyEmail = CaseCustomerReplyEmail.bind(null);
export default Object.assign(SpanishCaseCustomerReplyEmail, {
  PreviewProps: {
    ...CaseCustomerReplyEmail.PreviewProps,
    customerName: "Juan Pérez",
    subject: "No encuentro la confirmación de mi último pedido",
    reply: "Gracias, estaba en la carpeta de correo no deseado.\n¿Saben por qué llegó allí?",
    t: previewText("es"),
    branding: previewBrandingIn("es"),
  },
});
